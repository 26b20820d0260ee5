/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * TcpFsmSocket, ECN (RFC 3168). The negotiation is rows of the transition table: the socket
 * only refines three events (APP_ACTIVE_OPEN_ECN, RCV_SYN_ECN, RCV_SYN_ACK_ECN) and the
 * applied row decides whether ECN is on. On an ECN connection, data segments carry ECT (as
 * ns-3's TcpSocketBase: a SocketIpTosTag / SocketIpv6TclassTag that Ipv4L3Protocol and
 * Ipv6L3Protocol write into the IP header), the receiver echoes CE with ECE until CWR, and
 * the sender reduces its window once per window through ns-3's TcpCongestionOps (CA_CWR).
 * The ECN state is ns-3's TcpSocketState::m_ecnState (EcnState trace) with ns-3's meaning.
 */
#include "tcp-fsm-socket.h"

#include "ns3/ipv4-header.h"
#include "ns3/log.h"
#include "ns3/socket.h"
#include "ns3/tcp-dctcp.h"
#include "ns3/tcp-rx-buffer.h"

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("TcpFsmSocketEcn");

namespace
{

constexpr uint8_t kNotEct = Ipv4Header::ECN_NotECT;
constexpr uint8_t kCe = Ipv4Header::ECN_CE;

} // namespace

void
TcpFsmSocket::SetUseEcn(TcpSocketState::UseEcn_t useEcn)
{
    m_useEcn = useEcn;
    if (m_cc)
    {
        m_cc->m_useEcn = useEcn;
    }
}

TcpSocketState::UseEcn_t
TcpFsmSocket::GetUseEcn() const
{
    return m_useEcn;
}

bool
TcpFsmSocket::EcnWanted() const
{
    // TcpDctcp::Init turns ECN on (RFC 8257 3.1); ns-3 calls Init when the congestion control
    // is set, before the SYN: the SYN of a DCTCP connection is an ECN-setup SYN.
    // (A TcpDctcp or a subclass of it: the object's class, as TypeId::IsChildOf would say
    // of m_congestionTypeId, without walking the TypeId's parents for every socket.)
    return m_useEcn == TcpSocketState::On || (m_cc && m_cc->m_useEcn == TcpSocketState::On)
           || dynamic_cast<const TcpDctcp*>(PeekPointer(m_congestionControl)) != nullptr;
}

TcpFsmEvent
TcpFsmSocket::EcnRefineEvent(TcpFsmEvent event) const
{
    if (event == TcpFsmEvent::APP_ACTIVE_OPEN && EcnWanted())
    {
        return TcpFsmEvent::APP_ACTIVE_OPEN_ECN;
    }
    return event;
}

TcpFsmEvent
TcpFsmSocket::EcnOnSyn(const TcpHeader& h, TcpFsmEvent event) const
{
    // RFC 3168 6.1.1: an ECN-setup SYN has ECE and CWR; AcceptOnly answers it, Off does not.
    const uint8_t both = TcpHeader::ECE | TcpHeader::CWR;
    const bool accept = m_useEcn != TcpSocketState::Off || m_cc->m_useEcn != TcpSocketState::Off;
    if (event == TcpFsmEvent::RCV_SYN && accept && (h.GetFlags() & both) == both)
    {
        return TcpFsmEvent::RCV_SYN_ECN;
    }
    return event;
}

TcpFsmEvent
TcpFsmSocket::EcnOnSynAck(const TcpHeader& h, TcpFsmEvent event) const
{
    // RFC 3168 6.1.1: an ECN-setup SYN+ACK has ECE and not CWR (both set: not ECN-setup).
    const uint8_t flags = h.GetFlags();
    if (event == TcpFsmEvent::RCV_SYN_ACK && m_ecnSetupSyn && (flags & TcpHeader::ECE)
        && !(flags & TcpHeader::CWR))
    {
        return TcpFsmEvent::RCV_SYN_ACK_ECN;
    }
    return event;
}

void
TcpFsmSocket::EcnApplyRow(const TcpFsmTransition& row)
{
    // ECN is on: the sequence marks start at the connection's own numbers (0 could compare
    // either way with SequenceNumber32's wrap-around arithmetic).
    auto start = [this]()
    {
        m_cc->m_ecnState = TcpSocketState::ECN_IDLE;
        m_ecnEchoSeq = m_tcb.iss;
        m_ecnCwrSeq = m_tcb.iss;
        m_ecnCeSeq = m_tcb.irs;
    };
    switch (row.send)
    {
    case TcpFsmSend::SYN_ECN:
        m_ecnSetupSyn = true;
        m_cc->m_ecnState = TcpSocketState::ECN_DISABLED; // until the peer's SYN+ACK says so
        return;
    case TcpFsmSend::SYN_ACK_ECN:
        m_ecnSetupSynAck = true;
        start();
        return;
    case TcpFsmSend::SYN:
        m_ecnSetupSyn = false; // an active open without ECN (also a listener turned active)
        return;
    default:
        break;
    }
    if (row.event == TcpFsmEvent::RCV_SYN_ACK_ECN)
    {
        start();
    }
    else if (row.event == TcpFsmEvent::RCV_SYN_ACK && row.from == SYN_SENT)
    {
        m_cc->m_ecnState = TcpSocketState::ECN_DISABLED; // the fallback: no ECN
    }
}

uint8_t
TcpFsmSocket::EcnSynFlags(bool withAck) const
{
    if (withAck)
    {
        return m_ecnSetupSynAck ? TcpHeader::ECE : 0;
    }
    return m_ecnSetupSyn ? (TcpHeader::ECE | TcpHeader::CWR) : 0;
}

void
TcpFsmSocket::EcnOutgoing(uint8_t& flags,
                          SequenceNumber32 seq,
                          const Ptr<Packet>& p,
                          bool retransmission)
{
    if (!EcnOn() || (flags & (TcpHeader::SYN | TcpHeader::RST)))
    {
        return; // RFC 3168 6.1.1: never ECT on a SYN or SYN+ACK; nothing on a RST
    }
    auto& state = m_cc->m_ecnState;
    // RFC 3168 6.1.3: the receiver sets ECE on every ACK from a CE until it sees CWR.
    if ((flags & TcpHeader::ACK)
        && (state == TcpSocketState::ECN_CE_RCVD || state == TcpSocketState::ECN_SENDING_ECE))
    {
        flags |= TcpHeader::ECE;
        state = TcpSocketState::ECN_SENDING_ECE;
    }
    const bool data = p->GetSize() > 0;
    // RFC 3168 6.1.2: CWR on the first new data segment after the window was reduced.
    if (data && !retransmission && state == TcpSocketState::ECN_ECE_RCVD
        && m_ecnEchoSeq.Get() > m_ecnCwrSeq.Get())
    {
        flags |= TcpHeader::CWR;
        state = TcpSocketState::ECN_CWR_SENT;
        m_ecnCwrSeq = seq;
    }
    // RFC 3168 6.1.5: ECT on new data only (not on pure ACKs, not on retransmissions). DCTCP
    // (RFC 8257 3.1, ns-3's DctcpEcn mode) marks every segment.
    const bool dctcp = m_cc->m_ecnMode == TcpSocketState::DctcpEcn;
    if (!dctcp && (!data || retransmission))
    {
        return;
    }
    const uint8_t ect = m_cc->m_ectCodePoint == TcpSocketState::Ect1 ? Ipv4Header::ECN_ECT1
                                                                     : Ipv4Header::ECN_ECT0;
    if (m_tuple.family == 4)
    {
        SocketIpTosTag tos;
        p->RemovePacketTag(tos);
        tos.SetTos(static_cast<uint8_t>((GetIpTos() & 0xfc) | ect));
        p->AddPacketTag(tos);
    }
    else
    {
        SocketIpv6TclassTag tclass;
        p->RemovePacketTag(tclass);
        tclass.SetTclass(static_cast<uint8_t>((GetIpv6Tclass() & 0xfc) | ect));
        p->AddPacketTag(tclass);
    }
}

void
TcpFsmSocket::EcnIncoming(const TcpHeader& h)
{
    if (!EcnOn())
    {
        return;
    }
    auto& state = m_cc->m_ecnState;
    const SequenceNumber32 seq = h.GetSequenceNumber();
    if (m_rxIpEcn == kCe && m_ecnCeSeq.Get() < seq)
    {
        // RFC 3168 6.1.3: congestion experienced; DCTCP hears of every CE (RFC 8257 3.2).
        m_ecnCeSeq = seq;
        state = TcpSocketState::ECN_CE_RCVD;
        EcnPrepareRxBuffer();
        m_congestionControl->CwndEvent(m_cc, TcpSocketState::CA_EVENT_ECN_IS_CE);
    }
    else if (m_rxIpEcn != kNotEct && m_rxIpEcn != kCe)
    {
        EcnPrepareRxBuffer();
        m_congestionControl->CwndEvent(m_cc, TcpSocketState::CA_EVENT_ECN_NO_CE);
    }
    // RFC 3168 6.1.3: CWR ends the echo, unless this very segment was marked again.
    if ((h.GetFlags() & TcpHeader::CWR) && !(h.GetFlags() & TcpHeader::SYN)
        && state != TcpSocketState::ECN_CE_RCVD)
    {
        state = TcpSocketState::ECN_IDLE;
    }
}

void
TcpFsmSocket::EcnAckEvent(bool delayed)
{
    // TcpDctcp keeps whether the last ACK was delayed (ns-3's ReceivedData tells it).
    if (m_cc->m_ecnMode == TcpSocketState::DctcpEcn)
    {
        m_congestionControl->CwndEvent(m_cc,
                                       delayed ? TcpSocketState::CA_EVENT_DELAYED_ACK
                                               : TcpSocketState::CA_EVENT_NON_DELAYED_ACK);
    }
}

void
TcpFsmSocket::EcnPrepareRxBuffer()
{
    if (m_cc->m_ecnMode != TcpSocketState::DctcpEcn)
    {
        return;
    }
    if (!m_cc->m_rxBuffer)
    {
        // TcpDctcp reads and rewinds NextRxSequence of the TcpSocketState's receive buffer to
        // send the ACK it owes without (or with) ECE; ours is TcpFsmRxBuffer, so it gets an
        // ns-3 TcpRxBuffer that only carries RCV.NXT (SendEmptyForOps reads it back).
        m_cc->m_rxBuffer = CreateObject<TcpRxBuffer>();
    }
    m_cc->m_rxBuffer->SetNextRxSequence(m_tcb.rcvNxt);
}

void
TcpFsmSocket::EcnAck(SequenceNumber32 oldHead, SequenceNumber32 ack, uint32_t delivered)
{
    // The order of TcpSocketBase::ReceivedAck (ns-3.37): the end of CWR, then ECE.
    if (m_cc->m_congState == TcpSocketState::CA_CWR && ack > m_recover)
    {
        SetCongState(TcpSocketState::CA_OPEN, "cwr_done", false);
        if (!m_congestionControl->HasCongControl())
        {
            m_cc->m_cWnd = m_cc->m_ssThresh.Get();
            RecoveryOps()->ExitRecovery(m_cc);
            m_congestionControl->CwndEvent(m_cc, TcpSocketState::CA_EVENT_COMPLETE_CWR);
        }
    }
    if (!EcnOn())
    {
        return;
    }
    auto& state = m_cc->m_ecnState;
    const bool ece = m_rxFlags & TcpHeader::ECE;
    if (ack > oldHead && ece)
    {
        if (m_ecnEchoSeq.Get() < ack)
        {
            m_ecnEchoSeq = ack;
            state = TcpSocketState::ECN_ECE_RCVD;
            // RFC 3168 6.1.2: at most once per window, and not on top of a loss recovery
            // that already reduced it (ns-3 would enter CWR from any state but CA_CWR).
            const auto cong = m_cc->m_congState.Get();
            if (cong == TcpSocketState::CA_OPEN || cong == TcpSocketState::CA_DISORDER)
            {
                EnterCwr(delivered);
            }
        }
    }
    else if (state == TcpSocketState::ECN_ECE_RCVD && !ece)
    {
        state = TcpSocketState::ECN_IDLE;
    }
}

void
TcpFsmSocket::EnterCwr(uint32_t delivered)
{
    m_cc->m_ssThresh = m_congestionControl->GetSsThresh(m_cc, Pipe());
    m_cc->m_cWndInfl = m_cc->m_ssThresh.Get();
    SetCongState(TcpSocketState::CA_CWR, "ecn_echo", false);
    m_recover = m_tcb.sndMax; // CWR ends when the ACK passes everything sent so far
    if (!m_congestionControl->HasCongControl())
    {
        RecoveryOps()->EnterRecovery(m_cc, m_dupAcks, Inflight(), delivered);
    }
    NS_LOG_INFO(this << " ECE: CA_CWR, ssthresh " << m_cc->m_ssThresh << " cwnd " << m_cc->m_cWnd
                     << " until " << m_recover);
}

} // namespace ns3
