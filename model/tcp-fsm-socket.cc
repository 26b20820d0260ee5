/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * TcpFsmSocket, part 1: attributes, the Socket API turned into table events,
 * and the dispatch through the transition table. SetState() is the only writer
 * of m_state.
 */
#include "tcp-fsm-socket.h"

#include "ns3/boolean.h"
#include "ns3/inet-socket-address.h"
#include "ns3/inet6-socket-address.h"
#include "ns3/ipv4.h"
#include "ns3/ipv6.h"
#include "ns3/log.h"
#include "ns3/node.h"
#include "ns3/simulator.h"
#include "ns3/trace-source-accessor.h"
#include "ns3/uinteger.h"
#include "tcp-fsm-l4-protocol.h"

namespace ns3 {

NS_LOG_COMPONENT_DEFINE("TcpFsmSocket");
NS_OBJECT_ENSURE_REGISTERED(TcpFsmSocket);

TypeId
TcpFsmSocket::GetTypeId()
{
    static TypeId tid
        = TypeId("ns3::TcpFsmSocket")
              .SetParent<TcpSocket>()
              .SetGroupName("TcpFsm")
              .AddConstructor<TcpFsmSocket>()
              .AddAttribute("Msl",
                            "Maximum segment lifetime; TIME_WAIT lasts 2*Msl (RFC 9293 3.4.2)",
                            TimeValue(Seconds(120)),
                            MakeTimeAccessor(&TcpFsmSocket::m_msl),
                            MakeTimeChecker(Seconds(0), Seconds(86400)))
              .AddAttribute("MinRto",
                            "Lower bound of the retransmission timeout (RFC 6298 2.4)",
                            TimeValue(Seconds(1)),
                            MakeTimeAccessor(&TcpFsmSocket::m_minRto),
                            MakeTimeChecker(MilliSeconds(1), Seconds(3600)))
              .AddAttribute("MaxRto",
                            "Upper bound of the retransmission timeout, backoff included",
                            TimeValue(Seconds(60)),
                            MakeTimeAccessor(&TcpFsmSocket::m_maxRto),
                            MakeTimeChecker(MilliSeconds(1), Seconds(86400)))
              .AddAttribute("FinWait2Timeout",
                            "How long an orphaned FIN_WAIT_2 waits for the peer's FIN; 0 = forever",
                            TimeValue(Seconds(0)),
                            MakeTimeAccessor(&TcpFsmSocket::m_finWait2Timeout),
                            MakeTimeChecker(Seconds(0), Seconds(86400)))
              .AddAttribute("Rfc1337",
                            "Ignore RST in TIME_WAIT (RFC 1337); false follows RFC 9293 and closes",
                            BooleanValue(true),
                            MakeBooleanAccessor(&TcpFsmSocket::m_rfc1337),
                            MakeBooleanChecker())
              .AddAttribute("Backlog",
                            "Listen backlog: children not yet handed to the application (a SYN "
                            "beyond it is dropped, as Linux does)",
                            UintegerValue(128),
                            MakeUintegerAccessor(&TcpFsmSocket::m_backlog),
                            MakeUintegerChecker<uint32_t>(1, 65535))
              .AddAttribute("WindowScaling",
                            "Offer and accept the RFC 7323 window scale option",
                            BooleanValue(true),
                            MakeBooleanAccessor(&TcpFsmSocket::m_windowScaling),
                            MakeBooleanChecker())
              .AddAttribute("AbortOnClose",
                            "Close() aborts with RST, as a close with SO_LINGER {on, 0}",
                            BooleanValue(false),
                            MakeBooleanAccessor(&TcpFsmSocket::m_abortOnClose),
                            MakeBooleanChecker())
              .AddTraceSource("State",
                              "The RFC 9293 state of the connection",
                              MakeTraceSourceAccessor(&TcpFsmSocket::m_state),
                              "ns3::TcpStatesTracedValueCallback")
              .AddTraceSource(
                  "StateTransition",
                  "Every edge of the transition table this socket takes, with its cause",
                  MakeTraceSourceAccessor(&TcpFsmSocket::m_transitionTrace),
                  "ns3::TcpFsmTransitionTracedCallback")
              .AddTraceSource("CongestionWindow",
                              "The congestion window, in bytes",
                              MakeTraceSourceAccessor(&TcpFsmSocket::m_cWnd),
                              "ns3::TracedValueCallback::Uint32")
              .AddTraceSource("HighestSequence",
                              "One past the highest sequence number sent",
                              MakeTraceSourceAccessor(&TcpFsmSocket::m_highTx),
                              "ns3::TracedValueCallback::SequenceNumber32")
              .AddTraceSource("Tx",
                              "A segment sent",
                              MakeTraceSourceAccessor(&TcpFsmSocket::m_txTrace),
                              "ns3::TcpSocketBase::TcpTxRxTracedCallback")
              .AddTraceSource("Rx",
                              "A segment received",
                              MakeTraceSourceAccessor(&TcpFsmSocket::m_rxTrace),
                              "ns3::TcpSocketBase::TcpTxRxTracedCallback");
    return tid;
}

TcpFsmSocket::TcpFsmSocket()
{
    NS_LOG_FUNCTION(this);
    InitTimers();
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
    m_listener = nullptr;
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
    m_tcp = tcp;
    m_socketId = tcp->NextSocketId();
}

// ---- the dispatch ------------------------------------------------------------------------------

bool
TcpFsmSocket::Dispatch(TcpFsmEvent event, const Cause& cause)
{
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

    switch (row.send)
    {
        case TcpFsmSend::NOTHING:
            break;
        case TcpFsmSend::SYN:
            SendSyn(false);
            break;
        case TcpFsmSend::SYN_ACK:
            SendSyn(true);
            break;
        case TcpFsmSend::ACK:
            SendAck();
            break;
        case TcpFsmSend::FIN:
            m_finPending = true;
            SendPending();
            break;
        case TcpFsmSend::RST:
            SendControl(TcpHeader::RST, m_tcb.sndMax);
            break;
        case TcpFsmSend::RST_ACK:
            SendControl(TcpHeader::RST | TcpHeader::ACK, m_tcb.sndMax);
            break;
    }

    switch (row.action)
    {
        case TcpFsmAction::NONE:
        case TcpFsmAction::SPAWN_CHILD: // done by the listener before the child applies the row
            break;
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
    TcpFsmTransitionRecord record = MakeRecord(from, to, event, cause);
    m_transitionTrace(record);
    if (m_tcp)
    {
        m_tcp->NotifyTransition(record);
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
    m_timers.CancelAll();
    m_txBuffer = TcpFsmTxBuffer(0);
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

// ---- the Socket API ---------------------------------------------------------------------------

enum Socket::SocketErrno
TcpFsmSocket::GetErrno() const
{
    return m_errno;
}

enum Socket::SocketType
TcpFsmSocket::GetSocketType() const
{
    return NS3_SOCK_STREAM;
}

Ptr<Node>
TcpFsmSocket::GetNode() const
{
    return m_node;
}

int
TcpFsmSocket::Bind()
{
    return Bind(InetSocketAddress(Ipv4Address::GetAny(), 0));
}

int
TcpFsmSocket::Bind6()
{
    return Bind(Inet6SocketAddress(Ipv6Address::GetAny(), 0));
}

int
TcpFsmSocket::Bind(const Address& address)
{
    NS_LOG_FUNCTION(this << address);
    if (m_bound || m_state != CLOSED)
    {
        m_errno = ERROR_INVAL;
        return -1;
    }
    TcpFsmTuple t;
    if (!t.SetLocalFrom(address))
    {
        m_errno = ERROR_AFNOSUPPORT;
        return -1;
    }
    if (!t.LocalIsAny() && m_node)
    {
        bool local = false;
        if (t.family == 4)
        {
            Ptr<Ipv4> ipv4 = m_node->GetObject<Ipv4>();
            local = ipv4 && ipv4->GetInterfaceForAddress(t.LocalV4()) >= 0;
        }
        else
        {
            Ptr<Ipv6> ipv6 = m_node->GetObject<Ipv6>();
            local = ipv6 && ipv6->GetInterfaceForAddress(t.LocalV6()) >= 0;
        }
        if (!local)
        {
            m_errno = ERROR_ADDRNOTAVAIL;
            return -1;
        }
    }
    uint16_t port = t.localPort;
    if (!m_tcp->ReservePort(port))
    {
        m_errno = ERROR_ADDRINUSE;
        return -1;
    }
    t.localPort = port;
    m_reservedPort = port;
    m_tuple = t;
    m_bound = true;
    return 0;
}

int
TcpFsmSocket::SetupConnection(const Address& peer)
{
    TcpFsmTuple t = m_tuple;
    uint8_t boundFamily = m_bound ? m_tuple.family : 0;
    if (!t.SetPeerFrom(peer))
    {
        m_errno = ERROR_AFNOSUPPORT;
        return -1;
    }
    if (boundFamily != 0 && boundFamily != t.family)
    {
        m_errno = ERROR_AFNOSUPPORT;
        return -1;
    }
    if (!m_bound)
    {
        t.localAddr.fill(0);
        t.localPort = 0;
    }
    if (t.LocalIsAny() && !m_tcp->SelectSourceAddress(t))
    {
        m_errno = ERROR_NOROUTETOHOST;
        return -1;
    }
    if (t.localPort == 0 && !m_tcp->AllocateEphemeral(t))
    {
        m_errno = ERROR_ADDRNOTAVAIL;
        return -1;
    }
    if (!m_tcp->AddConnection(this, t))
    {
        m_errno = ERROR_ADDRINUSE;
        return -1;
    }
    m_tuple = t;
    m_bound = true;
    m_registered = true;
    InitIss();
    return 0;
}

void
TcpFsmSocket::InitIss()
{
    // RFC 6528: ISN = M + F(4-tuple, secret), M a 4 microsecond clock; the secret is
    // drawn from the node's ns-3 random stream, so a run is reproducible bit for bit.
    uint32_t secret = m_tcp->NextIsnSecret();
    uint32_t m = static_cast<uint32_t>(Simulator::Now().GetMicroSeconds() / 4);
    uint32_t f = static_cast<uint32_t>(TcpFsmTupleHash()(m_tuple)) ^ secret;
    m_tcb.iss = SequenceNumber32(m + f);
    m_tcb.sndUna = m_tcb.iss;
    m_tcb.sndNxt = m_tcb.iss;
    m_tcb.sndMax = m_tcb.iss;
    m_highTx = m_tcb.iss;
    m_txBuffer = TcpFsmTxBuffer(m_sndBufSize);
    m_txBuffer.SetHeadSequence(m_tcb.iss + 1);
    m_rxBuffer = TcpFsmRxBuffer(m_rcvBufSize);
    m_mss = m_segmentSize;
    m_cWnd = m_initialCwnd * m_mss;
    m_ssThresh = m_initialSsThresh;
}

int
TcpFsmSocket::Connect(const Address& address)
{
    NS_LOG_FUNCTION(this << address);
    Ptr<TcpFsmSocket> self(this);
    if (!TcpFsmTransitionTable::Find(m_state, TcpFsmEvent::APP_ACTIVE_OPEN))
    {
        m_errno = ERROR_ISCONN;
        return -1;
    }
    if (m_state == LISTEN)
    {
        m_tcp->RemoveListener(this, m_tuple);
        m_listening = false;
    }
    if (SetupConnection(address) != 0)
    {
        return -1;
    }
    Dispatch(TcpFsmEvent::APP_ACTIVE_OPEN);
    return 0;
}

int
TcpFsmSocket::Listen()
{
    NS_LOG_FUNCTION(this);
    if (!TcpFsmTransitionTable::Find(m_state, TcpFsmEvent::APP_PASSIVE_OPEN))
    {
        m_errno = ERROR_INVAL;
        return -1;
    }
    if (!m_bound && Bind() != 0)
    {
        return -1;
    }
    if (!m_tcp->AddListener(this, m_tuple))
    {
        m_errno = ERROR_ADDRINUSE;
        return -1;
    }
    m_listening = true;
    Dispatch(TcpFsmEvent::APP_PASSIVE_OPEN);
    return 0;
}

uint32_t
TcpFsmSocket::GetTxAvailable() const
{
    if (!TcpFsmTransitionTable::Info(m_state).appMaySend || m_shutdownSend)
    {
        return 0;
    }
    return m_txBuffer.Available();
}

int
TcpFsmSocket::Send(Ptr<Packet> p, uint32_t flags)
{
    NS_LOG_FUNCTION(this << p << flags);
    const TcpFsmStateInfo& info = TcpFsmTransitionTable::Info(m_state);
    if (m_shutdownSend || m_closeCalled || (info.synchronized && !info.appMaySend))
    {
        m_errno = ERROR_SHUTDOWN;
        return -1;
    }
    if (!info.appMaySend)
    {
        m_errno = ERROR_NOTCONN;
        return -1;
    }
    if (!m_txBuffer.Add(p))
    {
        m_errno = ERROR_MSGSIZE;
        return -1;
    }
    if (info.synchronized)
    {
        SendPending();
    }
    return static_cast<int>(p->GetSize());
}

int
TcpFsmSocket::SendTo(Ptr<Packet> p, uint32_t flags, const Address& toAddress)
{
    NS_LOG_FUNCTION(this << p << flags << toAddress);
    if (m_state != LISTEN)
    {
        return Send(p, flags); // the address is ignored on a connected stream, as in ns-3
    }
    // RFC 9293 3.10.2: SEND to a named peer in LISTEN turns the passive open active.
    Ptr<TcpFsmSocket> self(this);
    m_tcp->RemoveListener(this, m_tuple);
    m_listening = false;
    if (SetupConnection(toAddress) != 0)
    {
        return -1;
    }
    if (!m_txBuffer.Add(p))
    {
        m_errno = ERROR_MSGSIZE;
        return -1;
    }
    Dispatch(TcpFsmEvent::APP_SEND);
    return static_cast<int>(p->GetSize());
}

uint32_t
TcpFsmSocket::GetRxAvailable() const
{
    return m_rxBuffer.Available();
}

Ptr<Packet>
TcpFsmSocket::Recv(uint32_t maxSize, uint32_t flags)
{
    NS_LOG_FUNCTION(this << maxSize << flags);
    if (m_rxBuffer.Available() == 0)
    {
        if (m_rxBuffer.FinConsumed() || m_state == CLOSED)
        {
            return Create<Packet>(); // end of stream
        }
        m_errno = ERROR_AGAIN;
        return nullptr;
    }
    uint32_t before = AdvertisedWindow();
    Ptr<Packet> p = m_rxBuffer.Read(maxSize);
    // Window update when the window opens from below one segment (RFC 9293 3.8.6.2.2).
    if (before < m_mss && AdvertisedWindow() >= m_mss
        && TcpFsmTransitionTable::Info(m_state).acceptsData)
    {
        SendAck();
    }
    return p;
}

Ptr<Packet>
TcpFsmSocket::RecvFrom(uint32_t maxSize, uint32_t flags, Address& fromAddress)
{
    Ptr<Packet> p = Recv(maxSize, flags);
    if (p)
    {
        fromAddress = m_tuple.PeerAddress();
    }
    return p;
}

int
TcpFsmSocket::Close()
{
    NS_LOG_FUNCTION(this);
    Ptr<TcpFsmSocket> self(this);
    if (m_closeCalled)
    {
        m_errno = ERROR_BADF;
        return -1;
    }
    m_closeCalled = true;
    m_shutdownSend = true;
    if (m_state == CLOSED)
    {
        Deregister();
        return 0;
    }
    // RFC 1122 4.2.2.13: closing with unread data, or a linger-zero close, aborts.
    bool unread = m_rxBuffer.Available() > 0;
    if ((m_abortOnClose || unread) && TcpFsmTransitionTable::Info(m_state).synchronized)
    {
        Dispatch(TcpFsmEvent::APP_ABORT);
        return 0;
    }
    if (!Dispatch(TcpFsmEvent::APP_CLOSE))
    {
        // Our FIN was sent by an earlier ShutdownSend(): the connection is now orphaned.
        if (m_state == FIN_WAIT_2 && m_finWait2Timeout > Time(0))
        {
            m_timers.Arm(TcpFsmTimer::FIN_WAIT_2, m_finWait2Timeout);
        }
        if (m_state == TIME_WAIT)
        {
            MoveToTimeWaitTable();
        }
    }
    return 0;
}

int
TcpFsmSocket::ShutdownSend()
{
    NS_LOG_FUNCTION(this);
    m_shutdownSend = true;
    Dispatch(TcpFsmEvent::APP_SHUTDOWN);
    return 0;
}

int
TcpFsmSocket::ShutdownRecv()
{
    NS_LOG_FUNCTION(this);
    m_shutdownRecv = true;
    return 0;
}

int
TcpFsmSocket::Abort()
{
    NS_LOG_FUNCTION(this);
    if (!Dispatch(TcpFsmEvent::APP_ABORT))
    {
        m_errno = ERROR_NOTCONN;
        return -1;
    }
    return 0;
}

int
TcpFsmSocket::GetSockName(Address& address) const
{
    if (!m_bound)
    {
        address = InetSocketAddress(Ipv4Address::GetZero(), 0);
        return 0;
    }
    address = m_tuple.LocalAddress();
    return 0;
}

int
TcpFsmSocket::GetPeerName(Address& address) const
{
    if (!m_registered && !TcpFsmTransitionTable::Info(m_state).synchronized)
    {
        return -1;
    }
    address = m_tuple.PeerAddress();
    return 0;
}

bool
TcpFsmSocket::SetAllowBroadcast(bool allowBroadcast)
{
    return !allowBroadcast; // a stream socket cannot broadcast
}

bool
TcpFsmSocket::GetAllowBroadcast() const
{
    return false;
}

TcpFsmState
TcpFsmSocket::GetState() const
{
    return m_state;
}

TcpFsmEndReason
TcpFsmSocket::GetEndReason() const
{
    return m_endReason;
}

uint64_t
TcpFsmSocket::GetSocketId() const
{
    return m_socketId;
}

const TcpFsmTcb&
TcpFsmSocket::GetTcb() const
{
    return m_tcb;
}

bool
TcpFsmSocket::IsPassive() const
{
    return m_passive;
}

uint32_t
TcpFsmSocket::GetRetransmissionCount() const
{
    return m_retransmissions;
}

// ---- TcpSocket's attributes ------------------------------------------------------------------

void
TcpFsmSocket::SetSndBufSize(uint32_t size)
{
    NS_ABORT_MSG_IF(size == 0, "TcpFsmSocket: attribute SndBufSize must be at least 1 byte");
    m_sndBufSize = size;
    m_txBuffer.SetCapacity(size);
}

uint32_t
TcpFsmSocket::GetSndBufSize() const
{
    return m_sndBufSize;
}

void
TcpFsmSocket::SetRcvBufSize(uint32_t size)
{
    NS_ABORT_MSG_IF(size == 0, "TcpFsmSocket: attribute RcvBufSize must be at least 1 byte");
    m_rcvBufSize = size;
    m_rxBuffer.SetCapacity(size);
}

uint32_t
TcpFsmSocket::GetRcvBufSize() const
{
    return m_rcvBufSize;
}

void
TcpFsmSocket::SetSegSize(uint32_t size)
{
    NS_ABORT_MSG_IF(size < 1 || size > 65495,
                    "TcpFsmSocket: attribute SegmentSize must be 1..65495 bytes, got " << size);
    m_segmentSize = size;
    if (m_state == CLOSED)
    {
        m_mss = size;
    }
}

uint32_t
TcpFsmSocket::GetSegSize() const
{
    return m_segmentSize;
}

void
TcpFsmSocket::SetInitialSSThresh(uint32_t threshold)
{
    NS_ABORT_MSG_IF(threshold == 0,
                    "TcpFsmSocket: attribute InitialSlowStartThreshold must be > 0");
    m_initialSsThresh = threshold;
}

uint32_t
TcpFsmSocket::GetInitialSSThresh() const
{
    return m_initialSsThresh;
}

void
TcpFsmSocket::SetInitialCwnd(uint32_t cwnd)
{
    NS_ABORT_MSG_IF(cwnd == 0, "TcpFsmSocket: attribute InitialCwnd must be at least 1 segment");
    m_initialCwnd = cwnd;
}

uint32_t
TcpFsmSocket::GetInitialCwnd() const
{
    return m_initialCwnd;
}

void
TcpFsmSocket::SetConnTimeout(Time timeout)
{
    NS_ABORT_MSG_IF(timeout <= Time(0), "TcpFsmSocket: attribute ConnTimeout must be positive");
    m_connTimeout = timeout;
}

Time
TcpFsmSocket::GetConnTimeout() const
{
    return m_connTimeout;
}

void
TcpFsmSocket::SetSynRetries(uint32_t count)
{
    m_synRetries = count;
}

uint32_t
TcpFsmSocket::GetSynRetries() const
{
    return m_synRetries;
}

void
TcpFsmSocket::SetDataRetries(uint32_t retries)
{
    m_dataRetries = retries;
}

uint32_t
TcpFsmSocket::GetDataRetries() const
{
    return m_dataRetries;
}

void
TcpFsmSocket::SetDelAckTimeout(Time timeout)
{
    NS_ABORT_MSG_IF(timeout < Time(0),
                    "TcpFsmSocket: attribute DelAckTimeout must not be negative");
    m_delAckTimeout = timeout;
}

Time
TcpFsmSocket::GetDelAckTimeout() const
{
    return m_delAckTimeout;
}

void
TcpFsmSocket::SetDelAckMaxCount(uint32_t count)
{
    m_delAckMaxCount = count;
}

uint32_t
TcpFsmSocket::GetDelAckMaxCount() const
{
    return m_delAckMaxCount;
}

void
TcpFsmSocket::SetTcpNoDelay(bool noDelay)
{
    m_noDelay = noDelay;
}

bool
TcpFsmSocket::GetTcpNoDelay() const
{
    return m_noDelay;
}

void
TcpFsmSocket::SetPersistTimeout(Time timeout)
{
    NS_ABORT_MSG_IF(timeout <= Time(0), "TcpFsmSocket: attribute PersistTimeout must be positive");
    m_persistTimeout = timeout;
}

Time
TcpFsmSocket::GetPersistTimeout() const
{
    return m_persistTimeout;
}

} // namespace ns3
