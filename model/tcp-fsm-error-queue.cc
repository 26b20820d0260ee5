/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * TcpFsmZerocopy: MSG_ZEROCOPY notification ids and the error queue (see the header).
 */
#include "tcp-fsm-error-queue.h"

#include "ns3/log.h"

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("TcpFsmErrorQueue");

void
TcpFsmZerocopy::SetEnabled(bool on)
{
    m_enabled = on;
}

bool
TcpFsmZerocopy::IsEnabled() const
{
    return m_enabled;
}

TcpFsmZerocopy
TcpFsmZerocopy::Inherited() const
{
    TcpFsmZerocopy z;
    z.m_enabled = m_enabled;
    return z;
}

void
TcpFsmZerocopy::Sent(SequenceNumber32 end)
{
    NS_LOG_FUNCTION(this << end << m_nextId);
    m_pending.push_back({end, m_nextId++});
}

void
TcpFsmZerocopy::Acked(SequenceNumber32 ack)
{
    while (!m_pending.empty() && m_pending.front().end <= ack)
    {
        const uint32_t id = m_pending.front().id;
        m_pending.pop_front();
        ++m_wakeups;
        if (!m_queue.empty())
        {
            TcpFsmErrorQueueEntry& tail = m_queue.back();
            if (tail.origin == TcpFsmErrorQueueEntry::kOriginZerocopy && tail.data + 1 == id
                && tail.data - tail.info < UINT32_MAX - 1)
            {
                tail.data = id; // the range at the tail grows, as Linux merges reports
                continue;
            }
        }
        TcpFsmErrorQueueEntry e;
        e.origin = TcpFsmErrorQueueEntry::kOriginZerocopy;
        e.code = TcpFsmErrorQueueEntry::kCodeCopied;
        e.info = id;
        e.data = id;
        m_queue.push_back(e);
    }
}

bool
TcpFsmZerocopy::Pop(TcpFsmErrorQueueEntry& entry)
{
    if (m_queue.empty())
    {
        return false;
    }
    entry = m_queue.front();
    m_queue.pop_front();
    return true;
}

std::size_t
TcpFsmZerocopy::QueueSize() const
{
    return m_queue.size();
}

uint64_t
TcpFsmZerocopy::GetWakeups() const
{
    return m_wakeups;
}

} // namespace ns3
