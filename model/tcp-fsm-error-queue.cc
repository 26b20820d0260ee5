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

void
TcpFsmZerocopy::Report(const TcpFsmErrorQueueEntry& entry)
{
    ++m_wakeups;
    m_queue.push_back(entry);
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

void
TcpFsmTxTimestamping::SetFlags(uint32_t flags, SequenceNumber32 writeSeq)
{
    // Linux sets the key base when OPT_ID is switched on, not when it stays on.
    if ((flags & kOptId) && !(m_flags & kOptId))
    {
        m_keyBase = writeSeq;
    }
    m_flags = flags;
}

uint32_t
TcpFsmTxTimestamping::GetFlags() const
{
    return m_flags;
}

void
TcpFsmTxTimestamping::Queued(SequenceNumber32 end)
{
    if (!(m_flags & (kTxSched | kTxSoftware | kTxAck)))
    {
        return;
    }
    const SequenceNumber32 last = end - 1;
    const uint32_t key = (m_flags & kOptId) ? (last - m_keyBase) : 0;
    NS_LOG_FUNCTION(this << last << key);
    m_pending.push_back({last, key, false});
}

void
TcpFsmTxTimestamping::Report(uint32_t what,
                             uint32_t key,
                             int64_t nowNs,
                             TcpFsmZerocopy& queue) const
{
    TcpFsmErrorQueueEntry e;
    e.eeErrno = TcpFsmErrorQueueEntry::kEnomsg;
    e.origin = TcpFsmErrorQueueEntry::kOriginTimestamping;
    e.info = what;
    e.data = key;
    e.hasTime = true;
    e.timeNs = (m_flags & kSoftware) ? nowNs : 0;
    queue.Report(e);
}

void
TcpFsmTxTimestamping::Transmitted(SequenceNumber32 start,
                                  SequenceNumber32 end,
                                  int64_t nowNs,
                                  TcpFsmZerocopy& queue)
{
    for (auto& p : m_pending)
    {
        if (p.transmitted || p.last < start || p.last >= end)
        {
            continue;
        }
        p.transmitted = true;
        if (m_flags & kTxSched)
        {
            Report(kSched, p.key, nowNs, queue);
        }
        if (m_flags & kTxSoftware)
        {
            Report(kSnd, p.key, nowNs, queue);
        }
    }
}

void
TcpFsmTxTimestamping::Acked(SequenceNumber32 ack, int64_t nowNs, TcpFsmZerocopy& queue)
{
    while (!m_pending.empty() && m_pending.front().last < ack)
    {
        if (m_flags & kTxAck)
        {
            Report(kAck, m_pending.front().key, nowNs, queue);
        }
        m_pending.pop_front();
    }
}

} // namespace ns3
