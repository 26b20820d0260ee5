/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "tcp-fsm-tx-buffer.h"

#include "ns3/assert.h"
#include "ns3/log.h"

#include <algorithm>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("TcpFsmTxBuffer");

TcpFsmTxBuffer::TcpFsmTxBuffer(uint32_t capacity)
  : m_capacity(std::min(capacity, MaxCapacity()))
{
    NS_LOG_FUNCTION(this << capacity);
}

void
TcpFsmTxBuffer::SetCapacity(uint32_t bytes)
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
TcpFsmTxBuffer::GetCapacity() const
{
    return m_capacity;
}

void
TcpFsmTxBuffer::SetHeadSequence(SequenceNumber32 seq)
{
    NS_LOG_FUNCTION(this << seq);
    NS_ASSERT_MSG(m_size == 0, "SetHeadSequence on a send buffer holding " << m_size << " bytes");
    if (m_size != 0)
    {
        NS_LOG_WARN("SetHeadSequence ignored: " << m_size << " bytes held");
        return;
    }
    m_head = seq;
}

SequenceNumber32
TcpFsmTxBuffer::HeadSequence() const
{
    return m_head;
}

SequenceNumber32
TcpFsmTxBuffer::TailSequence() const
{
    return m_head + m_size;
}

uint32_t
TcpFsmTxBuffer::Size() const
{
    return m_size;
}

uint32_t
TcpFsmTxBuffer::Available() const
{
    return m_size >= m_capacity ? 0 : m_capacity - m_size;
}

bool
TcpFsmTxBuffer::Add(Ptr<const Packet> p)
{
    NS_LOG_FUNCTION(this << p);
    NS_ASSERT(p);
    const uint32_t n = p->GetSize();
    if (n > Available())
    {
        NS_LOG_LOGIC("refused " << n << " bytes, " << Available() << " available");
        return false;
    }
    if (n == 0)
    {
        return true;
    }
    // Copy() shares the bytes (copy-on-write) but isolates us from later
    // changes the caller makes to its packet (headers, tags, trimming).
    m_chunks.push_back(Chunk{m_headOffset + m_size, p->Copy()});
    m_size += n;
    NS_LOG_LOGIC("queued " << n << " bytes, [" << m_head << ", " << TailSequence() << ")");
    return true;
}

int64_t
TcpFsmTxBuffer::OffsetOf(SequenceNumber32 seq) const
{
    // Two's complement distance modulo 2^32, as TCP compares sequence numbers.
    return static_cast<int32_t>(seq.GetValue() - m_head.GetValue());
}

uint32_t
TcpFsmTxBuffer::BytesFrom(SequenceNumber32 seq) const
{
    const int64_t offset = OffsetOf(seq);
    if (offset < 0 || offset >= m_size)
    {
        return 0;
    }
    return m_size - static_cast<uint32_t>(offset);
}

Ptr<Packet>
TcpFsmTxBuffer::CopyFrom(SequenceNumber32 seq, uint32_t maxBytes) const
{
    NS_LOG_FUNCTION(this << seq << maxBytes);
    const uint32_t want = std::min(maxBytes, BytesFrom(seq));
    if (want == 0)
    {
        return Create<Packet>();
    }
    // Stream offset of the first byte wanted, then the chunk holding it: the
    // last chunk that begins at or before it (chunks are sorted by begin).
    uint64_t pos = m_headOffset + static_cast<uint64_t>(OffsetOf(seq));
    auto it = std::upper_bound(m_chunks.begin(),
                               m_chunks.end(),
                               pos,
                               [](uint64_t value, const Chunk& c)
                               {
                                   return value < c.begin;
                               });
    NS_ASSERT(it != m_chunks.begin());
    --it;

    Ptr<Packet> out;
    uint32_t left = want;
    while (left > 0)
    {
        NS_ASSERT(it != m_chunks.end());
        const uint32_t start = static_cast<uint32_t>(pos - it->begin);
        const uint32_t take = std::min(left, it->data->GetSize() - start);
        Ptr<Packet> piece = it->data->CreateFragment(start, take);
        if (!out)
        {
            out = piece;
        }
        else
        {
            out->AddAtEnd(piece);
        }
        left -= take;
        pos += take;
        ++it;
    }
    NS_ASSERT(out->GetSize() == want);
    // A fragment inherits the packet tags of the application's packet (AddAtEnd
    // does not bring those of later chunks). They mean nothing for a segment,
    // and ns-3 asserts when a tag of a kind already present is added again.
    out->RemoveAllPacketTags();
    return out;
}

uint32_t
TcpFsmTxBuffer::DiscardUpTo(SequenceNumber32 seq)
{
    NS_LOG_FUNCTION(this << seq);
    const int64_t offset = OffsetOf(seq);
    if (offset <= 0)
    {
        return 0;
    }
    const uint32_t n = static_cast<uint32_t>(std::min<int64_t>(offset, m_size));
    m_headOffset += n;
    m_head = m_head + n;
    m_size -= n;
    // Drop every chunk that now lies wholly before the head; a partly
    // acknowledged first chunk stays, the head offset points into it.
    while (!m_chunks.empty()
           && m_chunks.front().begin + m_chunks.front().data->GetSize() <= m_headOffset)
    {
        m_chunks.pop_front();
    }
    NS_LOG_LOGIC("released " << n << " bytes, head now " << m_head);
    return n;
}

} // namespace ns3
