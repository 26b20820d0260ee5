/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * TcpFsmSocket: urgent data (RFC 9293 3.8.5, RFC 6093) with Linux's conventions. The urgent
 * pointer points to the octet after the last urgent octet (RFC 6093 2: what implementations
 * do); the receiver takes the last urgent octet out of line (MSG_OOB) unless OobInline, and
 * normal reads stop at the mark (SIOCATMARK).
 */
#include "tcp-fsm-socket.h"

#include "ns3/log.h"

#include <algorithm>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("TcpFsmSocketUrgent");

using namespace TcpFsmLinuxErrno;

// ---- sending ----------------------------------------------------------------------------------

void
TcpFsmSocket::MarkUrgent()
{
    m_urg.sndUp = m_txBuffer->TailSequence();
    m_urg.sndMode = true;
}

bool
TcpFsmSocket::SendUrgentMode() const
{
    return m_urg.sndMode && m_tcb.sndUna < m_urg.sndUp;
}

void
TcpFsmSocket::WriteUrgentPointer(TcpHeader& h, SequenceNumber32 seq)
{
    if (!m_urg.sndMode)
    {
        return;
    }
    if (m_tcb.sndUna >= m_urg.sndUp)
    {
        m_urg.sndMode = false; // the urgent data is acknowledged: urgent mode ends
        return;
    }
    if (seq >= m_urg.sndUp)
    {
        return;
    }
    // The pointer is an offset from the segment's sequence number; beyond 16 bits, 0xFFFF
    // says "urgent data continues" (RFC 9293 3.8.5; Linux tcp_options_write()).
    const uint32_t offset = m_urg.sndUp - seq;
    if (offset <= 0xFFFF)
    {
        h.SetFlags(h.GetFlags() | TcpHeader::URG);
        h.SetUrgentPointer(static_cast<uint16_t>(offset));
    }
    else if (seq + 0xFFFF > m_tcb.sndMax)
    {
        h.SetFlags(h.GetFlags() | TcpHeader::URG);
        h.SetUrgentPointer(0xFFFF);
    }
}

// ---- receiving --------------------------------------------------------------------------------

SequenceNumber32
TcpFsmSocket::ReadSequence() const
{
    SequenceNumber32 next = m_rxBuffer.NextSequence();
    if (m_rxBuffer.FinConsumed())
    {
        next = next - 1; // the FIN occupies a sequence number but is never read
    }
    return next - m_rxBuffer.Available();
}

void
TcpFsmSocket::ReceiveUrgent(const TcpHeader& h, Ptr<const Packet> payload)
{
    if (!TcpFsmTransitionTable::Info(m_state).acceptsData)
    {
        return;
    }
    const SequenceNumber32 seq = h.GetSequenceNumber();
    if ((h.GetFlags() & TcpHeader::URG) && h.GetUrgentPointer() > 0)
    {
        // The last urgent octet is the one before the pointer (Linux, RFC 6093).
        const SequenceNumber32 mark = seq + (h.GetUrgentPointer() - 1u);
        const bool newer = m_urg.state == UrgState::NONE || mark > m_urg.seq;
        if (mark >= m_tcb.rcvNxt && newer)
        {
            // Linux tcp_check_urg(): an out-of-band octet not yet read that sits at the read
            // position is dropped; only the newest urgent octet is kept.
            if (m_urg.state != UrgState::NONE && !m_oobInline && m_urg.seq == ReadSequence()
                && m_rxBuffer.Available() > 0)
            {
                m_rxBuffer.Read(1);
            }
            m_urg.state = UrgState::NOTYET;
            m_urg.seq = mark;
        }
    }
    if (m_urg.state == UrgState::NOTYET && payload->GetSize() > 0 && m_urg.seq >= seq
        && m_urg.seq < seq + payload->GetSize())
    {
        payload->CreateFragment(m_urg.seq - seq, 1)->CopyData(&m_urg.byte, 1);
        m_urg.state = UrgState::VALID;
    }
}

bool
TcpFsmSocket::AtUrgentMark() const
{
    return m_urg.state != UrgState::NONE && m_urg.seq == ReadSequence();
}

Ptr<Packet>
TcpFsmSocket::RecvUrgent(uint32_t flags)
{
    // Linux tcp_recv_urg().
    if (m_oobInline || m_urg.state == UrgState::NONE || m_urg.state == UrgState::READ)
    {
        Fail(ERROR_INVAL, kEinval);
        return nullptr;
    }
    if (m_state == CLOSED && !m_rxBuffer.FinConsumed())
    {
        Fail(ERROR_NOTCONN, kEnotconn);
        return nullptr;
    }
    if (m_urg.state == UrgState::VALID)
    {
        if (!(flags & kMsgPeek))
        {
            m_urg.state = UrgState::READ;
        }
        return Create<Packet>(&m_urg.byte, 1);
    }
    if (m_state == CLOSED || m_rxBuffer.FinConsumed())
    {
        return Create<Packet>();
    }
    Fail(ERROR_AGAIN, kEagain);
    return nullptr;
}

Ptr<Packet>
TcpFsmSocket::RecvAroundMark(uint32_t maxSize)
{
    // Linux tcp_recvmsg(): a read stops before the mark; one that starts at it skips the
    // out-of-band octet (unless OobInline) and goes on.
    Ptr<Packet> out = Create<Packet>();
    const SequenceNumber32 head = ReadSequence();
    if (m_urg.state != UrgState::NONE && m_urg.seq >= head
        && m_urg.seq < head + m_rxBuffer.Available())
    {
        const uint32_t offset = m_urg.seq - head;
        if (offset > 0)
        {
            maxSize = std::min(maxSize, offset);
        }
        else if (!m_oobInline)
        {
            m_rxBuffer.Read(1);
        }
    }
    if (maxSize > 0 && m_rxBuffer.Available() > 0)
    {
        out = m_rxBuffer.Read(maxSize);
    }
    if (m_urg.state != UrgState::NONE && ReadSequence() > m_urg.seq)
    {
        m_urg.state = UrgState::NONE; // the reader has passed the mark
    }
    return out;
}

} // namespace ns3
