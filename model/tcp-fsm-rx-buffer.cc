/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "tcp-fsm-rx-buffer.h"

#include "ns3/assert.h"
#include "ns3/log.h"

#include <algorithm>
#include <iterator>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("TcpFsmRxBuffer");

TcpFsmRxBuffer::TcpFsmRxBuffer(uint32_t capacity)
  : m_capacity(std::min(capacity, MaxCapacity()))
{
    NS_LOG_FUNCTION(this << capacity);
}

void
TcpFsmRxBuffer::SetCapacity(uint32_t bytes)
{
    NS_LOG_FUNCTION(this << bytes);
    if (bytes > MaxCapacity())
    {
        NS_LOG_WARN("capacity " << bytes << " clamped to " << MaxCapacity());
        bytes = MaxCapacity();
    }
    m_capacity = bytes;
}

uint32_t
TcpFsmRxBuffer::GetCapacity() const
{
    return m_capacity;
}

void
TcpFsmRxBuffer::SetNextSequence(SequenceNumber32 seq)
{
    NS_LOG_FUNCTION(this << seq);
    const bool empty = m_available == 0 && m_outOfOrderBytes == 0 && !m_hasFin;
    NS_ASSERT_MSG(empty, "SetNextSequence on a receive buffer that holds data or a FIN");
    if (!empty)
    {
        NS_LOG_WARN("SetNextSequence ignored: the buffer holds data or a FIN");
        return;
    }
    m_next = seq;
}

SequenceNumber32
TcpFsmRxBuffer::NextSequence() const
{
    return m_next;
}

uint32_t
TcpFsmRxBuffer::Window() const
{
    const uint64_t held = static_cast<uint64_t>(m_available) + m_outOfOrderBytes;
    return held >= m_capacity ? 0 : m_capacity - static_cast<uint32_t>(held);
}

uint32_t
TcpFsmRxBuffer::Available() const
{
    return m_available;
}

uint32_t
TcpFsmRxBuffer::OutOfOrderBytes() const
{
    return m_outOfOrderBytes;
}

int64_t
TcpFsmRxBuffer::OffsetOf(SequenceNumber32 seq) const
{
    // Two's complement distance modulo 2^32, as TCP compares sequence numbers.
    return static_cast<int32_t>(seq.GetValue() - m_next.GetValue());
}

uint32_t
TcpFsmRxBuffer::Add(Ptr<const Packet> payload, SequenceNumber32 seq)
{
    NS_LOG_FUNCTION(this << payload << seq);
    NS_ASSERT(payload);
    // Everything in offsets from RCV.NXT: [first, last) is the segment,
    // [begin, end) the part of it that may be stored.
    const int64_t first = OffsetOf(seq);
    const int64_t last = first + payload->GetSize();
    int64_t limit = m_available >= m_capacity ? 0 : m_capacity - m_available;
    if (m_hasFin)
    {
        limit = std::min(limit, OffsetOf(m_finSeq)); // after ConsumeFin() this is -1
    }
    const int64_t begin = std::max<int64_t>(first, 0);
    const int64_t end = std::min(last, limit);
    if (begin >= end)
    {
        NS_LOG_LOGIC("nothing of [" << seq << ", " << seq + payload->GetSize()
                                    << ") is acceptable at RCV.NXT " << m_next);
        return 0;
    }
    if (begin > first || end < last)
    {
        NS_LOG_LOGIC("trimmed [" << seq << ", " << seq + payload->GetSize() << ") to ["
                                 << m_next + begin << ", " << m_next + end << ")");
    }
    Store(payload, first, begin, end);
    return Advance();
}

void
TcpFsmRxBuffer::Store(Ptr<const Packet> payload, int64_t payloadOffset, int64_t begin, int64_t end)
{
    // The pieces held are disjoint and sorted; fill only the gaps between them.
    int64_t cur = begin;
    auto it = m_outOfOrder.upper_bound(m_next + begin); // first piece starting after begin
    if (it != m_outOfOrder.begin())
    {
        auto prev = std::prev(it);
        cur = std::max(cur, OffsetOf(prev->first) + prev->second->GetSize());
    }
    while (cur < end)
    {
        const int64_t pieceStart = it == m_outOfOrder.end() ? end : OffsetOf(it->first);
        const int64_t gapEnd = std::min(end, pieceStart);
        if (gapEnd > cur)
        {
            const uint32_t length = static_cast<uint32_t>(gapEnd - cur);
            Ptr<Packet> piece
                = payload->CreateFragment(static_cast<uint32_t>(cur - payloadOffset), length);
            m_outOfOrder.emplace_hint(it, m_next + cur, piece);
            m_outOfOrderBytes += length;
            NS_LOG_LOGIC("stored " << length << " bytes at " << m_next + cur);
        }
        if (it == m_outOfOrder.end())
        {
            break;
        }
        cur = std::max(cur, pieceStart + it->second->GetSize());
        ++it;
    }
}

uint32_t
TcpFsmRxBuffer::Advance()
{
    uint32_t advanced = 0;
    while (!m_outOfOrder.empty() && m_outOfOrder.begin()->first == m_next)
    {
        Ptr<Packet> piece = m_outOfOrder.begin()->second;
        m_outOfOrder.erase(m_outOfOrder.begin());
        const uint32_t n = piece->GetSize();
        m_outOfOrderBytes -= n;
        m_available += n;
        m_next = m_next + n;
        advanced += n;
        m_inOrder.push_back(piece);
    }
    if (advanced > 0)
    {
        NS_LOG_LOGIC("RCV.NXT advanced by " << advanced << " to " << m_next);
    }
    return advanced;
}

Ptr<Packet>
TcpFsmRxBuffer::Read(uint32_t maxBytes)
{
    NS_LOG_FUNCTION(this << maxBytes);
    Ptr<Packet> out = Create<Packet>();
    uint32_t left = std::min(maxBytes, m_available);
    while (left > 0)
    {
        NS_ASSERT(!m_inOrder.empty());
        Ptr<Packet> front = m_inOrder.front();
        const uint32_t size = front->GetSize();
        if (size <= left)
        {
            out->AddAtEnd(front);
            m_inOrder.pop_front();
            left -= size;
            m_available -= size;
        }
        else
        {
            out->AddAtEnd(front->CreateFragment(0, left));
            m_inOrder.front() = front->CreateFragment(left, size - left);
            m_available -= left;
            left = 0;
        }
    }
    return out;
}

void
TcpFsmRxBuffer::SetFin(SequenceNumber32 finSeq)
{
    NS_LOG_FUNCTION(this << finSeq);
    if (m_hasFin)
    {
        if (finSeq != m_finSeq)
        {
            NS_LOG_WARN("FIN at " << finSeq << " ignored, FIN already at " << m_finSeq);
        }
        return;
    }
    const int64_t finOffset = OffsetOf(finSeq);
    if (finOffset < 0)
    {
        NS_LOG_WARN("FIN at " << finSeq << " ignored: bytes up to " << m_next
                              << " were already accepted");
        return;
    }
    m_hasFin = true;
    m_finSeq = finSeq;
    // Drop what was held at or beyond the FIN: the peer never sent that data.
    // Walk back from the last piece, in offsets (the FIN may lie beyond the window).
    while (!m_outOfOrder.empty())
    {
        auto last = std::prev(m_outOfOrder.end());
        const int64_t start = OffsetOf(last->first);
        const uint32_t size = last->second->GetSize();
        if (start + size <= finOffset)
        {
            break;
        }
        if (start >= finOffset)
        {
            m_outOfOrderBytes -= size;
            m_outOfOrder.erase(last);
            continue;
        }
        const uint32_t keep = static_cast<uint32_t>(finOffset - start);
        m_outOfOrderBytes -= size - keep;
        last->second = last->second->CreateFragment(0, keep);
        break;
    }
}

bool
TcpFsmRxBuffer::HasFin() const
{
    return m_hasFin;
}

bool
TcpFsmRxBuffer::FinReady() const
{
    return m_hasFin && !m_finConsumed && m_next == m_finSeq;
}

void
TcpFsmRxBuffer::ConsumeFin()
{
    NS_LOG_FUNCTION(this);
    NS_ASSERT_MSG(FinReady(), "ConsumeFin without a FIN ready");
    if (!FinReady())
    {
        return;
    }
    m_next = m_next + 1;
    m_finConsumed = true;
}

bool
TcpFsmRxBuffer::FinConsumed() const
{
    return m_finConsumed;
}

} // namespace ns3
