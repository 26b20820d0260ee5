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

TcpFsmTimeWaitTable::TcpFsmTimeWaitTable()
{
    // Four records per bucket on average: a bucket is a pointer, 8 bytes per record at the
    // default of one, and a record is looked up only for a segment that matches no socket
    // (a SYN to a listener, a segment to TIME_WAIT) and to choose an ephemeral port.
    m_records.max_load_factor(4);
}

TcpFsmTimeWaitTable::~TcpFsmTimeWaitTable()
{
    m_event.Cancel();
}

void
TcpFsmTimeWaitTable::SetExpiryCallback(Callback<void, const TcpFsmTimeWaitRecord&> cb)
{
    m_expired = cb;
}

// what a TIME_WAIT endpoint costs: this, a hash-set node's next pointer, a bucket, an entry
static_assert(sizeof(TcpFsmTimeWaitRecord) <= 80, "a TIME_WAIT record grew past 80 bytes");

std::size_t
TcpFsmTimeWaitTable::Hash::operator()(const TcpFsmTimeWaitRecord& r) const noexcept
{
    return TcpFsmTupleHash()(r.tuple);
}

TcpFsmTimeWaitRecord*
TcpFsmTimeWaitTable::Live(const TcpFsmTuple& tuple) const
{
    TcpFsmTimeWaitRecord key;
    key.tuple = tuple;
    auto it = m_records.find(key);
    if (it == m_records.end() || it->removed)
    {
        return nullptr;
    }
    // a set's elements are const because they are keys: only the tuple is, never changed
    return const_cast<TcpFsmTimeWaitRecord*>(&*it);
}

void
TcpFsmTimeWaitTable::Push(TcpFsmTimeWaitRecord& record, Time duration)
{
    ++record.pending;
    m_queue.push_back({Simulator::Now() + duration, &record});
    Schedule();
}

void
TcpFsmTimeWaitTable::Insert(TcpFsmTimeWaitRecord record, Time duration)
{
    auto [it, added] = m_records.insert(record);
    auto& stored = const_cast<TcpFsmTimeWaitRecord&>(*it);
    if (!added)
    {
        // the tuple's earlier record (removed, or still waiting): this one replaces it, and
        // its queue entries become stale
        if (stored.removed)
        {
            ++m_live;
        }
        const uint16_t pending = stored.pending;
        stored = record;
        stored.pending = pending;
    }
    else
    {
        ++m_live;
    }
    stored.removed = false;
    m_peak = std::max(m_peak, m_live);
    NS_LOG_LOGIC("TIME_WAIT " << record.tuple.Describe() << " until "
                              << (Simulator::Now() + duration).As(Time::S));
    Push(stored, duration);
}

const TcpFsmTimeWaitRecord*
TcpFsmTimeWaitTable::Find(const TcpFsmTuple& tuple) const
{
    return Live(tuple);
}

void
TcpFsmTimeWaitTable::Restart(const TcpFsmTuple& tuple, Time duration)
{
    if (TcpFsmTimeWaitRecord* r = Live(tuple))
    {
        Push(*r, duration);
    }
}

void
TcpFsmTimeWaitTable::SetTsRecent(const TcpFsmTuple& tuple, uint32_t tsRecent)
{
    if (TcpFsmTimeWaitRecord* r = Live(tuple))
    {
        r->tsRecent = tsRecent;
    }
}

void
TcpFsmTimeWaitTable::Remove(const TcpFsmTuple& tuple)
{
    TcpFsmTimeWaitRecord* r = Live(tuple);
    if (!r)
    {
        return;
    }
    r->removed = true; // freed when its newest queue entry comes up
    if (--m_live == 0)
    {
        Clear();
    }
}

void
TcpFsmTimeWaitTable::Clear()
{
    m_queue.clear();
    m_records.clear();
    m_live = 0;
    m_event.Cancel();
}

std::size_t
TcpFsmTimeWaitTable::Size() const
{
    return m_live;
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
        TcpFsmTimeWaitRecord* r = m_queue.front().record;
        m_queue.pop_front();
        if (--r->pending > 0)
        {
            continue; // restarted or replaced: a later entry stands for it
        }
        TcpFsmTimeWaitRecord record = *r;
        m_records.erase(record);
        if (record.removed)
        {
            continue;
        }
        --m_live;
        if (!m_expired.IsNull())
        {
            m_expired(record);
        }
    }
    Schedule();
}

} // namespace ns3
