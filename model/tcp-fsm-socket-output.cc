/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * TcpFsmSocket, part 3: what leaves the socket. Segment building, the send
 * loop (window, Nagle, FIN after the data), retransmission, delayed ACK,
 * persist, and the timers whose expiry becomes a table event.
 */
#include "tcp-fsm-branch.h"
#include "tcp-fsm-l4-protocol.h"
#include "tcp-fsm-socket.h"

#include "ns3/log.h"
#include "ns3/simulator.h"

#include <algorithm>
#include <cstdint>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("TcpFsmSocketOutput");

uint32_t
TcpFsmSocket::Inflight() const
{
    return m_tcb.sndMax - m_tcb.sndUna;
}

uint32_t
TcpFsmSocket::AdvertisedWindow() const
{
    // The right edge never moves left: out-of-order data does not shrink the offer.
    uint32_t cap = m_rxBuffer.GetCapacity();
    uint32_t used = m_rxBuffer.Available();
    return cap > used ? cap - used : 0;
}

bool
TcpFsmSocket::WindowScaled() const
{
    return m_windowScaling && m_peerWindowScale;
}

uint8_t
TcpFsmSocket::OurWindowShift() const
{
    if (m_rcvBufMax > 0)
    {
        // Linux (tcp_select_initial_window): log2 of the largest buffer, less 15, in 0..14.
        const uint32_t space = std::max(m_rcvBufMax, m_rcvBufSize);
        int log2 = 0;
        while (log2 < 31 && (space >> (log2 + 1)) != 0)
        {
            ++log2;
        }
        return static_cast<uint8_t>(std::clamp(log2 - 15, 0, 14));
    }
    uint8_t shift = 0;
    while (shift < 14 && (m_rcvBufSize >> shift) > 65535)
    {
        ++shift;
    }
    return shift;
}

void
TcpFsmSocket::SendSegment(uint8_t flags,
                          SequenceNumber32 seq,
                          const Ptr<Packet>& payload,
                          bool retransmission)
{
    if (!m_tcp)
    {
        return;
    }
    if (TCP_FSM_UNLIKELY(EcnOn()))
    {
        EcnOutgoing(flags, seq, payload, retransmission); // RFC 3168: ECE, CWR, ECT
    }
    TcpHeader h;
    h.SetSourcePort(m_tuple.localPort);
    h.SetDestinationPort(m_tuple.peerPort);
    h.SetFlags(flags);
    h.SetSequenceNumber(seq);
    if (flags & TcpHeader::ACK)
    {
        h.SetAckNumber(m_tcb.rcvNxt);
        m_timers.Cancel(TcpFsmTimer::DELAYED_ACK);
        m_unackedSegments = 0;
        ++m_acksSent; // (WriteOptions keeps m_lastAckSent, RFC 7323's Last.ACK.sent)
    }
    uint32_t window = AdvertisedWindow();
    m_advWnd = window;
    if (!(flags & TcpHeader::SYN) && WindowScaled())
    {
        window >>= m_rcvWindShift;
    }
    h.SetWindowSize(static_cast<uint16_t>(std::min<uint32_t>(window, 65535)));
    WriteOptions(h, flags);
    if (flags & TcpHeader::SYN)
    {
        FastOpenAddOption(h); // RFC 7413: a cookie, or a cookie request, when one is due
    }
    if (TCP_FSM_UNLIKELY(m_urg.sndMode))
    {
        WriteUrgentPointer(h, seq);
    }
    CountSent(h, payload->GetSize());
    if (TCP_FSM_UNLIKELY(!m_txTrace.IsEmpty()))
    {
        m_txTrace(payload, h, this); // (no Ptr to this made and dropped for nobody)
    }
    m_tcp->SendSegment(payload, h, m_tuple, m_socketId);
}

void
TcpFsmSocket::SendControl(uint8_t flags, SequenceNumber32 seq)
{
    SendSegment(flags, seq, Create<Packet>());
}

void
TcpFsmSocket::SendAck()
{
    SendControl(TcpHeader::ACK, m_tcb.sndMax);
}

void
TcpFsmSocket::SendSyn(bool withAck)
{
    uint8_t flags = TcpHeader::SYN | (withAck ? TcpHeader::ACK : 0) | EcnSynFlags(withAck);
    if (m_tcb.sndMax == m_tcb.iss)
    {
        m_tcb.sndNxt = m_tcb.iss + 1;
        m_tcb.sndMax = m_tcb.iss + 1;
        SyncSequences();
        // Time the handshake: its RTT is the first sample (RFC 6298 2.2), so data starts with
        // an RTO from the path (at least MinRto), not ConnTimeout. A retransmitted SYN is
        // never timed (Karn): then data keeps ConnTimeout, as RFC 6298 5.7 asks.
        m_rttPending = true;
        m_rttSeq = m_tcb.iss + 1;
        m_rttStart = Simulator::Now();
        m_retransStamp = Simulator::Now();
    }
    SendControl(flags, m_tcb.iss);
    m_rtoTrace = m_rto.Get();
    m_timers.Arm(TcpFsmTimer::RETRANSMIT, ClampRtoToUserTimeout(m_rto.Get()));
}

void
TcpFsmSocket::ScheduleAck(bool immediate)
{
    const bool quick = TakeQuickAck(); // Linux's quick-ack mode (QuickAcks)
    if (immediate || quick || ++m_unackedSegments >= std::max<uint32_t>(1, m_delAckMaxCount)
        || m_delAckTimeout == Time(0))
    {
        EcnAckEvent(false);
        SendAck();
        return;
    }
    EcnAckEvent(true);
    m_timers.ArmIfIdle(TcpFsmTimer::DELAYED_ACK, DelayedAckDelay());
}

void
TcpFsmSocket::SendPending()
{
    if (!m_tcp || !m_registered
        || !(TcpFsmTransitionTable::Info(m_state).synchronized || FastOpenMaySendEarly())
        || m_cc->m_segmentSize == 0)
    {
        return;
    }
    uint32_t pipe = Pipe();
    m_rateOps->CalculateAppLimited(m_cc->m_cWnd,
                                   pipe,
                                   m_cc->m_segmentSize,
                                   m_txBuffer->TailSequence(),
                                   m_tcb.sndMax,
                                   m_txBuffer->GetLost(),
                                   m_txBuffer->GetRetransmitsCount());
    // RFC 6675 5 (C): while cwnd - pipe allows, send what the scoreboard's NextSeg() names
    // (a lost segment first, then new data within the peer's window).
    for (bool first = true;; first = false)
    {
        if (TCP_FSM_UNLIKELY(m_cc->m_pacing) && PacingHolds())
        {
            break; // EnablePacing: the pacing timer sends the next segment
        }
        if (!first)
        {
            pipe = Pipe(); // after the segment the last round sent
        }
        const uint32_t cwnd = m_cc->m_cWnd;
        const uint32_t room = cwnd > pipe ? cwnd - pipe : 0;
        if (room == 0)
        {
            break;
        }
        SequenceNumber32 next;
        SequenceNumber32 high;
        const bool rule3 = m_sackEnabled && m_cc->m_congState == TcpSocketState::CA_RECOVERY;
        if (!m_txBuffer->NextSeg(&next, &high, rule3) || high <= next)
        {
            break;
        }
        const uint32_t availData = m_txBuffer->SizeFromSequence(next);
        const bool newData = next >= m_tcb.sndMax;
        uint32_t len = std::min({room, m_mss, static_cast<uint32_t>(high - next), availData});
        if (newData && m_gsoMaxSegments > 1 && len == m_mss)
        {
            len = GsoLength(next, room, pipe, availData); // GsoMaxSegments: a super-segment
        }
        // Silly window avoidance on the congestion window (RFC 9293 3.8.6.2.1), for new data
        // and retransmissions alike (a partial retransmission splits the scoreboard's
        // segments): wait for a full segment while something is in flight to open it.
        if (room < m_mss && availData > room && pipe > 0)
        {
            break;
        }
        if (newData)
        {
            // Nagle (RFC 1122 4.2.3.4), TCP_CORK, MSG_MORE: hold a small segment.
            if (HoldSmallSegment(len, availData, m_finPending))
            {
                break;
            }
        }
        if (len == 0)
        {
            break;
        }
        if (pipe == 0)
        {
            m_congestionControl->CwndEvent(m_cc, TcpSocketState::CA_EVENT_TX_START);
        }
        m_tcb.sndNxt = next;
        if (SendDataAt(next, len) == 0)
        {
            break;
        }
    }
    const uint32_t unsent = m_txBuffer->SizeFromSequence(m_tcb.sndMax);
    if (unsent > 0 && m_tcb.sndWnd == 0 && Inflight() == 0)
    {
        m_timers.ArmIfIdle(TcpFsmTimer::PERSIST, m_persistTimeout);
    }
    // The FIN follows the data; alone when the last data segment went without it.
    if (m_finPending && !m_tcb.finSent && unsent == 0 && m_tcb.sndMax == m_txBuffer->TailSequence())
    {
        SendBareFin();
    }
}

void
TcpFsmSocket::SendBareFin()
{
    SendDataAt(m_txBuffer->TailSequence(), 0);
}

uint32_t
TcpFsmSocket::SendDataAt(SequenceNumber32 seq, uint32_t maxLen)
{
    const SequenceNumber32 tail = m_txBuffer->TailSequence();
    uint32_t len = ClampToRecord(seq, std::min(maxLen, m_txBuffer->SizeFromSequence(seq)));
    const bool finWanted = m_finPending && seq + len == tail;
    if (len == 0 && !finWanted)
    {
        return 0;
    }
    const bool retransmission = seq < m_tcb.sndMax;
    if (Inflight() == 0)
    {
        m_retransStamp = Simulator::Now(); // the oldest unacknowledged segment (user timeout)
    }
    Ptr<Packet> p;
    if (len > 0)
    {
        const bool startOfTransmission = Pipe() == 0;
        if (m_gsoMaxSegments > 1 && len > m_mss)
        {
            p = GsoBuild(seq, len, startOfTransmission); // one packet, MSS-sized items
        }
        else
        {
            // A block that is partly sent (a retransmission that runs into new data) comes
            // back cut at the end of the sent data, except that ns-3.37's TcpTxBuffer
            // compares raw numbers there: a block whose end passes 2^32 matches none of its
            // cases and it dereferences no item (a random ISS gets there; ns-3's TCP, whose
            // ISS is 0, after 4 GB). Cut such a block here, where the buffer would.
            const SequenceNumber32 sentEnd = m_tcb.sndMax - (m_tcb.finSent ? 1 : 0);
            if (uint64_t(seq.GetValue()) + len > UINT32_MAX && seq < sentEnd && seq + len > sentEnd)
            {
                len = sentEnd - seq;
            }
            TcpTxItem* item = m_txBuffer->CopyFromSequence(len, seq);
            m_rateOps->SkbSent(item, startOfTransmission);
            p = item->GetPacketCopy();
        }
        // The application's packet tags mean nothing for a segment (and ns-3 asserts when a
        // tag of a kind already present is added again further down).
        p->RemoveAllPacketTags();
        len = p->GetSize();
    }
    else
    {
        p = Create<Packet>();
    }
    const bool fin = finWanted && seq + len == tail;
    uint8_t flags = TcpHeader::ACK;
    if (fin)
    {
        flags |= TcpHeader::FIN;
    }
    if (len > 0 && (seq + len == tail || IsRecordEnd(seq + len)))
    {
        flags |= TcpHeader::PSH;
    }
    SendSegment(flags, seq, p, retransmission);
    GsoNoteSent(seq, len, retransmission); // Minshall's Nagle, lost retransmissions
    if (TCP_FSM_UNLIKELY(m_cc->m_pacing))
    {
        PacingSent(len);
    }
    if (TCP_FSM_UNLIKELY(m_txTimestamping.HasPending()) && !retransmission && len > 0)
    {
        m_txTimestamping.Transmitted(seq, seq + len, Simulator::Now().GetNanoSeconds(), m_zerocopy);
    }
    if (retransmission)
    {
        ++m_retransmissions;
    }
    else if (len > 0)
    {
        NoteDataSent();
    }
    if (!retransmission && !m_rttPending && len > 0)
    {
        m_rttPending = true;
        m_rttSeq = seq + len;
        m_rttStart = Simulator::Now();
    }
    if (TCP_FSM_UNLIKELY(m_cc->m_congState == TcpSocketState::CA_RECOVERY
                         || m_cc->m_congState == TcpSocketState::CA_CWR)
        && len > 0)
    {
        RecoveryOps()->UpdateBytesSent(len);
    }
    if (fin && !m_tcb.finSent)
    {
        m_tcb.finSent = true;
        m_tcb.finSeq = seq + len;
        NoteFinSent(len == 0);
    }
    const SequenceNumber32 end = seq + len + (fin ? 1 : 0);
    m_tcb.sndNxt = end;
    if (end > m_tcb.sndMax)
    {
        m_tcb.sndMax = end;
    }
    SyncSequences();
    Pipe();
    m_rtoTrace = m_rto.Get();
    m_timers.ArmIfIdle(TcpFsmTimer::RETRANSMIT, m_rto.Get());
    if (!retransmission)
    {
        ScheduleLossProbe(); // Linux profile (tcp-fsm-socket-tlp.cc)
    }
    return std::max<uint32_t>(len, fin ? 1 : 0);
}

void
TcpFsmSocket::RetransmitTimeout()
{
    Ptr<TcpFsmSocket> self(this);
    // Our SYN is unacknowledged (SYN_SENT, SYN_RCVD, or FIN_WAIT_1 after a Close() in
    // SYN_RCVD): the earliest unacknowledged segment is the SYN (RFC 6298 5.4).
    const bool handshake = m_tcb.sndUna == m_tcb.iss && m_tcb.sndMax != m_tcb.iss;
    // A listener's child retransmits its SYN+ACK SynAckRetries times (-1: as ConnCount).
    const bool synAck = handshake && m_passive && m_tcb.synchronized && m_synAckRetries >= 0;
    const uint32_t limit = synAck ? static_cast<uint32_t>(m_synAckRetries)
                                  : (handshake ? m_synRetries : m_dataRetries);
    if (!handshake && m_tcb.sndUna == m_tcb.sndMax)
    {
        return; // nothing outstanding
    }
    if (!handshake && LossProbeDue())
    {
        return; // it was the tail loss probe's timeout (Linux profile)
    }
    m_tlp.out = false; // Linux: an RTO ends the probe episode
    if (UserTimeoutExpired())
    {
        Dispatch(TcpFsmEvent::TIMEOUT_RETX); // TCP_USER_TIMEOUT (RFC 5482): give up
        return;
    }
    if (!handshake && m_tcb.sndWnd == 0 && Simulator::Now() - m_lastPeerAck < m_maxRto)
    {
        // The peer's window is closed and it still answers (RFC 9293 3.8.6.1 MUST-36,
        // RFC 1122 4.2.2.17): the connection stays open for as long as it does. Probe with
        // the first unacknowledged octet, back off, and count nothing against DataRetries.
        m_rto.Backoff();
        m_rtoTrace = m_rto.Get();
        m_rttPending = false;
        const SequenceNumber32 keep = m_tcb.sndNxt;
        SendDataAt(m_tcb.sndUna, 1);
        m_tcb.sndNxt = std::max(keep, m_tcb.sndNxt);
        SyncSequences();
        ++m_probesOut;
        m_timers.Arm(TcpFsmTimer::RETRANSMIT, ClampRtoToUserTimeout(m_rto.Get()));
        return;
    }
    if (m_retries >= limit)
    {
        Dispatch(TcpFsmEvent::TIMEOUT_RETX);
        return;
    }
    ++m_retries;
    m_rto.Backoff();
    m_rtoTrace = m_rto.Get();
    m_rttPending = false; // Karn's rule
    if (handshake)
    {
        ++m_retransmissions;
        SendSyn(m_tcb.synchronized); // SYN+ACK once the peer's SYN is known
        return;
    }
    CcRetransmitTimeout();
}

void
TcpFsmSocket::DelayedAckTimeout()
{
    Ptr<TcpFsmSocket> self(this);
    if (m_registered)
    {
        SendAck();
    }
    if (m_pingpong) // Linux's tcp_delack_timer_handler(): a missed reply ends pingpong mode
    {
        m_pingpong = false;
        m_ato = m_delAckMinTimeout;
    }
}

void
TcpFsmSocket::PersistTimeout()
{
    Ptr<TcpFsmSocket> self(this);
    if (!m_registered || m_tcb.sndWnd > 0)
    {
        SendPending();
        return;
    }
    // The first zero-window probe: one octet of new data (RFC 9293 3.8.6.1, RFC 1122
    // 4.2.2.17). It is now outstanding, so the retransmission timer repeats it with
    // exponential backoff; RetransmitTimeout() does not count those probes as failures.
    if (m_txBuffer->SizeFromSequence(m_tcb.sndMax) > 0 && Inflight() == 0)
    {
        m_probeStamp = Simulator::Now(); // TCP_USER_TIMEOUT counts from the first probe
        ++m_probesOut;
        SendDataAt(m_tcb.sndMax, 1);
    }
}

void
TcpFsmSocket::FinWait2Timeout()
{
    Ptr<TcpFsmSocket> self(this);
    Dispatch(TcpFsmEvent::TIMEOUT_FIN_WAIT_2);
}

void
TcpFsmSocket::TwoMslTimeout()
{
    Ptr<TcpFsmSocket> self(this);
    Dispatch(TcpFsmEvent::TIMEOUT_2MSL);
}

} // namespace ns3
