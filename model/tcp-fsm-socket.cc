/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * TcpFsmSocket, part 1: construction and the dispatch through the transition table.
 * SetState() is the only writer of m_state. (The attributes and trace sources are in
 * tcp-fsm-socket-attributes.cc, the Socket API in tcp-fsm-socket-api.cc, arriving segments
 * in -input.cc, sending in -output.cc.)
 */
#include "tcp-fsm-socket.h"

#include "tcp-fsm-l4-protocol.h"

#include "ns3/boolean.h"
#include "ns3/enum.h"
#include "ns3/inet-socket-address.h"
#include "ns3/inet6-socket-address.h"
#include "ns3/integer.h"
#include "ns3/ipv4.h"
#include "ns3/ipv6.h"
#include "ns3/log.h"
#include "ns3/node.h"
#include "ns3/pointer.h"
#include "ns3/simulator.h"
#include "ns3/string.h"
#include "ns3/tcp-congestion-ops.h"
#include "ns3/tcp-cubic.h"
#include "ns3/tcp-prr-recovery.h"
#include "ns3/trace-source-accessor.h"
#include "ns3/type-id.h"
#include "ns3/uinteger.h"

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("TcpFsmSocket");

TcpFsmSocket::TcpFsmSocket()
{
    NS_LOG_FUNCTION(this);
    InitTimers();
    InitCongestion();
}

void
TcpFsmSocket::InitTimers()
{
    m_timers.SetOwner(this);
}

void
TcpFsmSocket::TimerExpired(TcpFsmTimer t)
{
    switch (t)
    {
    case TcpFsmTimer::RETRANSMIT:
        RetransmitTimeout();
        break;
    case TcpFsmTimer::DELAYED_ACK:
        DelayedAckTimeout();
        break;
    case TcpFsmTimer::PERSIST:
        PersistTimeout();
        break;
    case TcpFsmTimer::FIN_WAIT_2:
        FinWait2Timeout();
        break;
    case TcpFsmTimer::TWO_MSL:
        TwoMslTimeout();
        break;
    case TcpFsmTimer::KEEPALIVE:
        KeepAliveTimeout();
        break;
    case TcpFsmTimer::CORK:
        CorkTimeout();
        break;
    case TcpFsmTimer::PACING:
        PacingTimeout();
        break;
    }
}

TcpFsmSocket::~TcpFsmSocket()
{
    NS_LOG_FUNCTION(this);
}

void
TcpFsmSocket::DoDispose()
{
    NS_LOG_FUNCTION(this);
    m_timers.Clear();
    m_children.clear();
    m_congestionControl = nullptr;
    m_recoveryOps = nullptr;
    m_listener = nullptr;
    FastOpenLeftSynRcvd();
    if (m_tcp)
    {
        m_tcp->UnlistSocket(this); // off the L4's SocketList
    }
    m_tcp = nullptr;
    m_node = nullptr;
    TcpSocket::DoDispose();
}

void
TcpFsmSocket::SetNode(Ptr<Node> node)
{
    m_node = node;
}

void
TcpFsmSocket::SetTcp(Ptr<TcpFsmL4Protocol> tcp)
{
    if (m_tcp)
    {
        m_tcp->UnlistSocket(this);
    }
    m_tcp = tcp;
    m_socketId = tcp->NextSocketId();
    tcp->ListSocket(this); // on the L4's SocketList (ns-3's Config paths reach it there)
    if (!m_passive)
    {
        // A new socket of the L4 (not a listener's child, which keeps its listener's): ns-3's
        // semantics, the L4's SocketType and RecoveryType (ns3::TcpL4Protocol's attributes,
        // ns-3.37 defaults TcpCubic and TcpPrrRecovery) choose, unless this socket's own
        // CongestionOps / RecoveryType was moved off tcp-fsm's defaults (TcpNewReno,
        // TcpPrrRecovery) by Config::SetDefault("ns3::TcpFsmSocket::...") or a SocketClass.
        if (m_congestionTypeId == TcpNewReno::GetTypeId())
        {
            const TypeId l4Type = tcp->GetCongestionTypeId(); // an attribute read: once
            if (l4Type != m_congestionTypeId)
            {
                SetCongestionOpsType(l4Type);
            }
        }
        if (m_recoveryTypeId == TcpPrrRecovery::GetTypeId())
        {
            const TypeId l4Type = tcp->GetRecoveryTypeId();
            if (l4Type != m_recoveryTypeId)
            {
                SetRecoveryOpsType(l4Type);
            }
        }
    }
}

// ---- the dispatch ------------------------------------------------------------------------------

bool
TcpFsmSocket::Dispatch(TcpFsmEvent event, const Cause& cause)
{
    event = EcnRefineEvent(event); // RFC 3168: an active open asking for ECN
    const TcpFsmTransition* row = TcpFsmTransitionTable::Find(m_state, event, m_passive);
    if (!row)
    {
        NS_LOG_LOGIC(this << " " << TcpFsmStateName(m_state) << " + " << TcpFsmEventName(event)
                          << ": no row (" << TcpFsmTransitionTable::WhyNoRow(m_state, event)
                          << ")");
        return false;
    }
    Apply(*row, cause);
    return true;
}

void
TcpFsmSocket::Apply(const TcpFsmTransition& row, const Cause& cause)
{
    Ptr<TcpFsmSocket> self(this); // the row may end the connection and drop the last reference
    NS_LOG_INFO(this << " " << TcpFsmTransitionTable::Describe(row) << " ["
                     << TcpFsmTransitionTable::Label(row) << "]");
    SetState(row.to, row.event, cause);
    EcnApplyRow(row);

    switch (row.send)
    {
    case TcpFsmSend::NOTHING:
        break;
    case TcpFsmSend::SYN:
    case TcpFsmSend::SYN_ECN:
        SendSyn(false);
        break;
    case TcpFsmSend::SYN_ACK:
    case TcpFsmSend::SYN_ACK_ECN:
        SendSyn(true);
        break;
    case TcpFsmSend::ACK:
        if (m_writePending && row.from == SYN_SENT && m_state == ESTABLISHED)
        {
            // A blocked writer will send at once: its data carries this ACK (Linux; its data
            // is a reply: tcp_enter_quickack_mode() starts ATO now).
            m_lastDataRx = Simulator::Now();
            m_ato = std::max(m_ato, m_delAckMinTimeout);
            m_timers.Arm(TcpFsmTimer::DELAYED_ACK, DelayedAckDelay());
        }
        else if (m_profile == TcpFsmProfile::LINUX && row.from == SYN_SENT && m_state == ESTABLISHED
                 && (m_rxFlags & TcpHeader::FIN))
        {
            // Linux: a SYN+ACK with FIN is ACKed once, the FIN's ACK covering the handshake's
            // (tcp_fastopen_add_skb()); RFC 9293 3.10.7.3 sends both.
        }
        else
        {
            SendAck();
        }
        break;
    case TcpFsmSend::FIN:
        m_finPending = true;
        SendPending();
        break;
    case TcpFsmSend::RST:
        SendControl(TcpHeader::RST, m_tcb.sndMax);
        break;
    case TcpFsmSend::RST_ACK:
        if (row.event == TcpFsmEvent::RCV_DATA_AFTER_CLOSE && GetProfile() == TcpFsmProfile::LINUX
            && cause.hasSegment && (cause.flags & TcpHeader::ACK))
        {
            // Linux answers the segment itself (tcp_v4_send_reset): <SEQ=SEG.ACK><CTL=RST>.
            SendControl(TcpHeader::RST, SequenceNumber32(cause.ack));
            break;
        }
        SendControl(TcpHeader::RST | TcpHeader::ACK, m_tcb.sndMax);
        break;
    case TcpFsmSend::PROBE:
        SendKeepAliveProbe();
        break;
    case TcpFsmSend::SYN_DATA:
        SendSynData();
        break;
    }

    SetEndError(row);

    switch (row.action)
    {
    case TcpFsmAction::NONE:
    case TcpFsmAction::SPAWN_CHILD: // done by the listener before the child applies the row
        break;
    case TcpFsmAction::FASTOPEN_ACCEPT:
        FastOpenAccept();
        break;
    case TcpFsmAction::RESEND_SYN_DATA:
        // RFC 7413 4.2.2: the SYN's data was not acknowledged: it goes again (as Linux, the
        // data segment is the handshake's ACK).
        for (uint32_t sent = 0; sent < m_fo.synData;)
        {
            const uint32_t n
                = SendDataAt(m_tcb.sndUna + sent, std::min(m_fo.synData - sent, m_mss));
            if (n == 0)
            {
                break;
            }
            sent += n;
        }
        [[fallthrough]];
    case TcpFsmAction::CONNECTED:
        m_retries = 0;
        if (m_passive && m_listener)
        {
            Ptr<TcpFsmSocket> listener = m_listener;
            m_listener = nullptr;
            listener->m_children.erase(self);
            listener->NotifyNewConnectionCreated(self, m_tuple.PeerAddress());
        }
        else if (!m_connectedNotified)
        {
            m_connectedNotified = true;
            NotifyConnectionSucceeded();
        }
        m_connectedNotified = true;
        if (m_shutdownSend && m_state == ESTABLISHED)
        {
            Dispatch(TcpFsmEvent::APP_SHUTDOWN); // remembered from SYN_SENT
        }
        SendPending();
        break;
    case TcpFsmAction::PEER_CLOSED:
        if (!m_closeCalled && !m_shutdownRecv)
        {
            NotifyDataRecv(); // Recv() now returns an empty packet: end of stream
        }
        if (m_shutdownInherited)
        {
            // A child of a listener shut down for sending (ns-3's PacketSink does this)
            // never sends: it closes its direction as soon as the peer has closed.
            Dispatch(TcpFsmEvent::APP_SHUTDOWN);
        }
        break;
    case TcpFsmAction::RESTART_2MSL:
        m_timers.Arm(TcpFsmTimer::TWO_MSL, m_msl * 2);
        break;
    case TcpFsmAction::RETURN_TO_LISTEN:
        EndConnection(TcpFsmEndReason::RESET);
        break;
    case TcpFsmAction::END_NORMAL:
        EndConnection(TcpFsmEndReason::NORMAL);
        break;
    case TcpFsmAction::END_REFUSED:
        EndConnection(TcpFsmEndReason::REFUSED);
        break;
    case TcpFsmAction::END_RESET:
        EndConnection(TcpFsmEndReason::RESET);
        break;
    case TcpFsmAction::END_TIMEOUT:
        EndConnection(TcpFsmEndReason::TIMED_OUT);
        break;
    case TcpFsmAction::END_ABORT:
        EndConnection(TcpFsmEndReason::ABORTED);
        break;
    }

    // Only after the row's segment left (it advertises the real window): a connection the
    // application has closed costs a TIME_WAIT record, not a socket.
    if (m_state == TIME_WAIT && m_closeCalled && m_registered)
    {
        MoveToTimeWaitTable();
    }
}

void
TcpFsmSocket::SetState(TcpFsmState to, TcpFsmEvent event, const Cause& cause)
{
    const TcpFsmState from = m_state;
    m_state = to;
    // The record (two addresses built) only when a sink of this socket's or the node's
    // StateTransition trace will see it.
    if (!m_transitionTrace.IsEmpty() || (m_tcp && m_tcp->TransitionTraced()))
    {
        const TcpFsmTransitionRecord record = MakeRecord(from, to, event, cause);
        m_transitionTrace(record);
        if (m_tcp)
        {
            m_tcp->NotifyTransition(record);
        }
    }
    if (from == SYN_RCVD && to != SYN_RCVD)
    {
        FastOpenLeftSynRcvd(); // a Fast Open child frees its place in the listener's queue
    }
    if (from != to)
    {
        OnEnter(to);
    }
}

void
TcpFsmSocket::OnEnter(TcpFsmState state)
{
    const TcpFsmStateInfo& info = TcpFsmTransitionTable::Info(state);
    switch (info.timer)
    {
    case TcpFsmEntryTimer::NONE:
        break;
    case TcpFsmEntryTimer::RETRANSMIT:
        m_rto.Configure(m_minRto, m_maxRto, m_connTimeout);
        m_rto.SetLinuxFormula(GetProfile() == TcpFsmProfile::LINUX);
        m_rto.Restart(m_connTimeout);
        m_retries = 0;
        break;
    case TcpFsmEntryTimer::FIN_WAIT_2:
        m_timers.Cancel(TcpFsmTimer::RETRANSMIT);
        m_timers.Cancel(TcpFsmTimer::PERSIST);
        if (m_closeCalled && m_finWait2Timeout > Time(0))
        {
            m_timers.Arm(TcpFsmTimer::FIN_WAIT_2, m_finWait2Timeout);
        }
        break;
    case TcpFsmEntryTimer::TWO_MSL:
        m_timers.CancelAll();
        if (!m_closeCalled)
        {
            m_timers.Arm(TcpFsmTimer::TWO_MSL, m_msl * 2);
        }
        break; // an orphaned connection moves to the TIME_WAIT table at the end of Apply()
    }
    if (state == CLOSED)
    {
        m_timers.CancelAll();
    }
    else
    {
        KeepAliveArm();
    }
}

TcpFsmTransitionRecord
TcpFsmSocket::MakeRecord(TcpFsmState from,
                         TcpFsmState to,
                         TcpFsmEvent event,
                         const Cause& cause) const
{
    TcpFsmTransitionRecord r;
    r.time = Simulator::Now();
    r.nodeId = m_node ? m_node->GetId() : 0;
    r.socketId = m_socketId;
    if (m_bound || m_registered || m_listening)
    {
        r.local = m_tuple.LocalAddress();
    }
    if (m_registered || m_tuple.peerPort != 0)
    {
        r.peer = m_tuple.PeerAddress();
    }
    r.from = from;
    r.to = to;
    r.cause = event;
    r.hasSegment = cause.hasSegment;
    r.flags = cause.flags;
    r.seq = cause.seq;
    r.ack = cause.ack;
    return r;
}

void
TcpFsmSocket::EndConnection(TcpFsmEndReason reason)
{
    Ptr<TcpFsmSocket> self(this);
    if (m_endReason == TcpFsmEndReason::NONE)
    {
        m_endReason = reason;
    }
    m_timers.CancelAll();
    m_finPending = false;
    // Children a closing listener has not handed out yet are reset.
    std::set<Ptr<TcpFsmSocket>> children;
    children.swap(m_children);
    for (const auto& child : children)
    {
        child->m_listener = nullptr;
        child->Dispatch(TcpFsmEvent::APP_ABORT);
    }
    Deregister();
    if (m_passive && m_listener)
    {
        m_listener->ChildGone(this);
        m_listener = nullptr;
        return; // never handed to the application: nobody to tell
    }
    if (m_closeCalled)
    {
        return; // the application has let go of the socket
    }
    switch (reason)
    {
    case TcpFsmEndReason::NONE:
    case TcpFsmEndReason::ABORTED:
        break;
    case TcpFsmEndReason::NORMAL:
        NotifyNormalClose();
        break;
    case TcpFsmEndReason::REFUSED:
    case TcpFsmEndReason::RESET:
    case TcpFsmEndReason::TIMED_OUT:
        if (!m_connectedNotified)
        {
            NotifyConnectionFailed();
        }
        else
        {
            NotifyErrorClose();
        }
        break;
    }
}

void
TcpFsmSocket::Deregister()
{
    Ptr<TcpFsmSocket> self(this);
    if (m_listening && m_tcp)
    {
        m_tcp->RemoveListener(this, m_tuple);
        m_listening = false;
    }
    if (m_registered && m_tcp)
    {
        m_registered = false;
        m_tcp->RemoveConnection(m_tuple);
    }
    if (m_reservedPort != 0 && m_tcp)
    {
        m_tcp->ReleasePort(m_reservedPort);
        m_reservedPort = 0;
    }
}

void
TcpFsmSocket::MoveToTimeWaitTable()
{
    if (!m_tcp || !m_registered)
    {
        return;
    }
    TcpFsmTimeWaitRecord record;
    record.tuple = m_tuple;
    record.socketId = m_socketId;
    record.sndNxt = m_tcb.sndMax;
    record.rcvNxt = m_tcb.rcvNxt;
    record.rcvWnd = AdvertisedWindow();
    record.rcvWindShift = WindowScaled() ? m_rcvWindShift : 0;
    record.twoMsl = m_msl * 2;
    record.rfc1337 = m_rfc1337;
    record.tsOn = m_tsOn;
    record.tsRecent = m_tsRecent;
    record.tsOffset = m_tsOffset;
    m_timers.CancelAll();
    m_txBuffer->DiscardUpTo(m_txBuffer->TailSequence());
    m_rxBuffer = TcpFsmRxBuffer(0);
    Ptr<TcpFsmL4Protocol> tcp = m_tcp;
    Ptr<TcpFsmSocket> self(this);
    m_registered = false;
    tcp->RemoveConnection(m_tuple);
    tcp->EnterTimeWait(record);
    if (m_reservedPort != 0)
    {
        tcp->ReleasePort(m_reservedPort);
        m_reservedPort = 0;
    }
}

} // namespace ns3
