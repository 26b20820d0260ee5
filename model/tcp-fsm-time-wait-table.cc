/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "tcp-fsm-time-wait-table.h"

#include "ns3/log.h"
#include "ns3/simulator.h"

#include <algorithm>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("TcpFsmTimeWaitTable");

TcpFsmTimeWaitTable::~TcpFsmTimeWaitTable()
{
    m_event.Cancel();
}

void
TcpFsmTimeWaitTable::SetExpiryCallback(Callback<void, const TcpFsmTimeWaitRecord&> cb)
{
    m_expired = cb;
}

void
TcpFsmTimeWaitTable::Insert(TcpFsmTimeWaitRecord record, Time duration)
{
    record.expires = Simulator::Now() + duration;
    m_queue.push_back({record.expires, record.tuple});
    m_records[record.tuple] = record;
    m_peak = std::max(m_peak, m_records.size());
    NS_LOG_LOGIC("TIME_WAIT " << record.tuple.Describe() << " until "
                              << record.expires.As(Time::S));
    Schedule();
}

const TcpFsmTimeWaitRecord*
TcpFsmTimeWaitTable::Find(const TcpFsmTuple& tuple) const
{
    auto it = m_records.find(tuple);
    return it == m_records.end() ? nullptr : &it->second;
}

void
TcpFsmTimeWaitTable::Restart(const TcpFsmTuple& tuple, Time duration)
{
    auto it = m_records.find(tuple);
    if (it == m_records.end())
    {
        return;
    }
    // The old queue entry becomes stale: Expire() sees the later time and skips it.
    it->second.expires = Simulator::Now() + duration;
    m_queue.push_back({it->second.expires, tuple});
    Schedule();
}

void
TcpFsmTimeWaitTable::SetTsRecent(const TcpFsmTuple& tuple, uint32_t tsRecent)
{
    auto it = m_records.find(tuple);
    if (it != m_records.end())
    {
        it->second.tsRecent = tsRecent;
    }
}

void
TcpFsmTimeWaitTable::Remove(const TcpFsmTuple& tuple)
{
    m_records.erase(tuple); // its queue entry is skipped when it comes up
    if (m_records.empty())
    {
        m_queue.clear();
        m_event.Cancel();
    }
}

void
TcpFsmTimeWaitTable::Clear()
{
    m_records.clear();
    m_queue.clear();
    m_event.Cancel();
}

std::size_t
TcpFsmTimeWaitTable::Size() const
{
    return m_records.size();
}

std::size_t
TcpFsmTimeWaitTable::Peak() const
{
    return m_peak;
}

void
TcpFsmTimeWaitTable::Schedule()
{
    if (m_event.IsRunning() || m_queue.empty())
    {
        return;
    }
    Time delay = std::max(Time(0), m_queue.front().expires - Simulator::Now());
    m_event = Simulator::Schedule(delay, &TcpFsmTimeWaitTable::Expire, this);
}

void
TcpFsmTimeWaitTable::Expire()
{
    const Time now = Simulator::Now();
    while (!m_queue.empty() && m_queue.front().expires <= now)
    {
        Pending p = m_queue.front();
        m_queue.pop_front();
        auto it = m_records.find(p.tuple);
        if (it == m_records.end() || it->second.expires != p.expires)
        {
            continue; // removed, or restarted (a later entry stands for it)
        }
        TcpFsmTimeWaitRecord record = it->second;
        m_records.erase(it);
        if (!m_expired.IsNull())
        {
            m_expired(record);
        }
    }
    Schedule();
}

} // namespace ns3
