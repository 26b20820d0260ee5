/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * TcpFsmSocket, part 2: the ns-3 Socket API (Bind, Connect, Listen, Send, Recv, Close,
 * ShutdownSend, ...) turned into table events and ns-3 errno values, and the accessors of
 * the attributes ns3::TcpSocket declares.
 */
#include "tcp-fsm-l4-protocol.h"
#include "tcp-fsm-socket.h"

#include "ns3/inet-socket-address.h"
#include "ns3/inet6-socket-address.h"
#include "ns3/ipv4.h"
#include "ns3/ipv6.h"
#include "ns3/log.h"
#include "ns3/node.h"
#include "ns3/simulator.h"

#include <algorithm>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("TcpFsmSocketApi");

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
        return Fail(ERROR_INVAL, TcpFsmLinuxErrno::FromSocketErrno(ERROR_INVAL));
    }
    TcpFsmTuple t;
    if (!t.SetLocalFrom(address))
    {
        return Fail(ERROR_AFNOSUPPORT, TcpFsmLinuxErrno::FromSocketErrno(ERROR_AFNOSUPPORT));
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
            return Fail(ERROR_ADDRNOTAVAIL, TcpFsmLinuxErrno::FromSocketErrno(ERROR_ADDRNOTAVAIL));
        }
    }
    uint16_t port = t.localPort;
    if (!m_tcp->ReservePort(port))
    {
        return Fail(ERROR_ADDRINUSE, TcpFsmLinuxErrno::FromSocketErrno(ERROR_ADDRINUSE));
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
        return Fail(ERROR_AFNOSUPPORT, TcpFsmLinuxErrno::FromSocketErrno(ERROR_AFNOSUPPORT));
    }
    if (boundFamily != 0 && boundFamily != t.family)
    {
        return Fail(ERROR_AFNOSUPPORT, TcpFsmLinuxErrno::FromSocketErrno(ERROR_AFNOSUPPORT));
    }
    if (!m_bound)
    {
        t.localAddr.fill(0);
        t.localPort = 0;
    }
    if (t.LocalIsAny() && !m_tcp->SelectSourceAddress(t))
    {
        return Fail(ERROR_NOROUTETOHOST, TcpFsmLinuxErrno::FromSocketErrno(ERROR_NOROUTETOHOST));
    }
    if (t.localPort == 0 && !m_tcp->AllocateEphemeral(t))
    {
        return Fail(ERROR_ADDRNOTAVAIL, TcpFsmLinuxErrno::FromSocketErrno(ERROR_ADDRNOTAVAIL));
    }
    if (!m_tcp->AddConnection(this, t))
    {
        return Fail(ERROR_ADDRINUSE, TcpFsmLinuxErrno::FromSocketErrno(ERROR_ADDRINUSE));
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
    ChooseSegmentSize();
    uint32_t secret = m_tcp->NextIsnSecret();
    uint32_t m = static_cast<uint32_t>(Simulator::Now().GetMicroSeconds() / 4);
    uint32_t f = static_cast<uint32_t>(TcpFsmTupleFnv1a(m_tuple)) ^ secret;
    m_tcb.iss = SequenceNumber32(m + f);
    m_tcp->ReopenIss(m_tuple, m_tcb.iss); // a SYN that ended a TIME_WAIT: above the old one
    // RFC 7323 5.4: the TSval clock's offset, per connection, from the same secret.
    m_tsOffset = f * 2654435761u;
    m_tcb.sndUna = m_tcb.iss;
    m_tcb.sndNxt = m_tcb.iss;
    m_tcb.sndMax = m_tcb.iss;
    // A new send buffer for the connection; the one InitCongestion() made is new enough when
    // no connection has used it and nothing was queued in it (a socket's first connection).
    if (m_txBufferUsed || m_txBuffer->Size() != 0)
    {
        NewTxBuffer();
    }
    m_txBufferUsed = true;
    m_txBuffer->SetMaxBufferSize(m_sndBufSize);
    m_txBuffer->SetHeadSequence(m_tcb.iss + 1);
    m_rxBuffer = TcpFsmRxBuffer(m_rcvBufSize);
    m_mss = m_segmentSize;
    m_recover = m_tcb.iss;
    SyncSequences();
}

int
TcpFsmSocket::Connect(const Address& address)
{
    NS_LOG_FUNCTION(this << address);
    Ptr<TcpFsmSocket> self(this);
    if (!TcpFsmTransitionTable::Find(m_state, TcpFsmEvent::APP_ACTIVE_OPEN))
    {
        // Linux: EALREADY while the handshake runs, EISCONN once connected (and after a
        // deferred Fast Open connect, which succeeded).
        const bool opening = (m_state == SYN_SENT && !m_fo.deferred) || m_state == SYN_RCVD;
        return Fail(ERROR_ISCONN,
                    opening ? TcpFsmLinuxErrno::kEalready : TcpFsmLinuxErrno::kEisconn);
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
    int rc = 0;
    if (m_state == CLOSED && FastOpenConnect(rc))
    {
        return rc; // RFC 7413 with TCP_FASTOPEN_CONNECT
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
        return Fail(ERROR_INVAL, TcpFsmLinuxErrno::FromSocketErrno(ERROR_INVAL));
    }
    if (!m_bound && Bind() != 0)
    {
        return -1;
    }
    if (!m_tcp->AddListener(this, m_tuple))
    {
        return Fail(ERROR_ADDRINUSE, TcpFsmLinuxErrno::FromSocketErrno(ERROR_ADDRINUSE));
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
    return m_txBuffer->Available();
}

int
TcpFsmSocket::Send(Ptr<Packet> p, uint32_t flags)
{
    NS_LOG_FUNCTION(this << p << flags);
    const TcpFsmStateInfo& info = TcpFsmTransitionTable::Info(m_state);
    // Linux tcp_sendmsg(): a pending error (SO_ERROR) is reported once, then EPIPE (also on a
    // socket that never connected, where ns-3 says ERROR_NOTCONN).
    if (m_shutdownSend || m_closeCalled || (info.synchronized && !info.appMaySend))
    {
        return Fail(ERROR_SHUTDOWN,
                    m_soError != 0 ? GetSocketError(true) : TcpFsmLinuxErrno::kEpipe);
    }
    if (!info.appMaySend)
    {
        return Fail(ERROR_NOTCONN,
                    m_soError != 0 ? GetSocketError(true) : TcpFsmLinuxErrno::kEpipe);
    }
    int rc = 0;
    if (FastOpenSend(p, rc))
    {
        return rc; // the first Send() after a deferred connect: data in the SYN
    }
    if (!m_txBuffer->Add(p))
    {
        return Fail(ERROR_MSGSIZE, TcpFsmLinuxErrno::kEmsgsize);
    }
    if (flags & kMsgOob)
    {
        MarkUrgent(); // RFC 9293 3.8.5: the data sent is urgent up to its last octet
    }
    if ((flags & kMsgEor) && p->GetSize() > 0)
    {
        m_recordEnds.push_back(m_txBuffer->TailSequence()); // MSG_EOR: a record ends here
    }
    if ((flags & kMsgZerocopy) && m_zerocopy.IsEnabled() && p->GetSize() > 0)
    {
        m_zerocopy.Sent(m_txBuffer->TailSequence()); // Linux: an id only for a queued send
    }
    if (p->GetSize() > 0)
    {
        m_txTimestamping.Queued(m_txBuffer->TailSequence()); // SO_TIMESTAMPING: its last byte
    }
    if (info.synchronized || FastOpenMaySendEarly())
    {
        m_moreHeld = (flags & kMsgMore) != 0;
        SendPending();
        m_moreHeld = false;
    }
    return static_cast<int>(p->GetSize());
}

int
TcpFsmSocket::SendTo(Ptr<Packet> p, uint32_t flags, const Address& toAddress)
{
    NS_LOG_FUNCTION(this << p << flags << toAddress);
    if (m_state == CLOSED && (flags & TcpFsmFastOpen::MSG_FASTOPEN))
    {
        return FastOpenSendTo(p, toAddress); // RFC 7413: open with data in the SYN
    }
    if ((flags & TcpFsmFastOpen::MSG_FASTOPEN) && m_state == SYN_SENT && !m_fo.deferred)
    {
        // Linux tcp_sendmsg_fastopen(): another open is in progress.
        return Fail(ERROR_ISCONN, TcpFsmLinuxErrno::kEalready);
    }
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
    if (!m_txBuffer->Add(p))
    {
        return Fail(ERROR_MSGSIZE, TcpFsmLinuxErrno::FromSocketErrno(ERROR_MSGSIZE));
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
    if (flags & kMsgOob)
    {
        return RecvUrgent(flags);
    }
    if (m_rxBuffer.Available() == 0)
    {
        // Linux tcp_recvmsg(): end of stream after the FIN; a pending error once; end of
        // stream after shutdown(SHUT_RD) or after the connection ended; ENOTCONN when it
        // never was; else EAGAIN.
        if (m_state == LISTEN)
        {
            Fail(ERROR_NOTCONN, TcpFsmLinuxErrno::kEnotconn);
            return nullptr;
        }
        if (m_rxBuffer.FinConsumed())
        {
            return Create<Packet>();
        }
        if (m_soError != 0)
        {
            Fail(ERROR_NOTCONN, GetSocketError(true));
            return nullptr;
        }
        if (m_shutdownRecv)
        {
            return Create<Packet>(); // Linux: after SHUT_RD a read with nothing queued is EOF
        }
        if (m_state == CLOSED)
        {
            if (m_endReason == TcpFsmEndReason::NONE)
            {
                Fail(ERROR_NOTCONN, TcpFsmLinuxErrno::kEnotconn);
                return nullptr;
            }
            return Create<Packet>(); // end of stream
        }
        Fail(ERROR_AGAIN, TcpFsmLinuxErrno::kEagain);
        return nullptr;
    }
    if ((flags & kReadSock) != 0 && AtUrgentMark())
    {
        return Create<Packet>(); // Linux tcp_read_sock(): never steps over the urgent mark
    }
    uint32_t before = AdvertisedWindow();
    Ptr<Packet> p
        = m_urg.state != UrgState::NONE ? RecvAroundMark(maxSize) : m_rxBuffer.Read(maxSize);
    if (p->GetSize() == 0)
    {
        // Only the out-of-band octet was there (it is skipped): nothing to read yet.
        Fail(ERROR_AGAIN, TcpFsmLinuxErrno::kEagain);
        return nullptr;
    }
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
        return Fail(ERROR_BADF, TcpFsmLinuxErrno::kEbadf);
    }
    m_closeCalled = true;
    m_closeTime = Simulator::Now();
    m_shutdownSend = true;
    if (m_state == CLOSED)
    {
        Deregister();
        return 0;
    }
    // RFC 1122 4.2.2.13: closing with unread data, or a linger-zero close, aborts (also a Fast
    // Open child that the application holds in SYN_RCVD, as Linux's tcp_close()).
    bool unread = m_rxBuffer.Available() > 0;
    if ((m_abortOnClose || unread)
        && (TcpFsmTransitionTable::Info(m_state).synchronized || IsFastOpenChild()))
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
        return Fail(ERROR_NOTCONN, TcpFsmLinuxErrno::FromSocketErrno(ERROR_NOTCONN));
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
        return -1; // ENOTCONN (a const call cannot record it)
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
    if (m_txBuffer)
    {
        m_txBuffer->SetMaxBufferSize(size);
    }
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
    m_mssFromMtu = false; // an explicit SegmentSize wins over Profile=linux's MTU rule
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
    if (noDelay)
    {
        // Linux: setting TCP_NODELAY pushes what Nagle, TCP_CORK or MSG_MORE held.
        m_forcePush = true;
        SendPending();
        m_forcePush = false;
    }
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

// ---- SO_ZEROCOPY and the error queue ---------------------------------------------------------

void
TcpFsmSocket::SetZerocopy(bool on)
{
    m_zerocopy.SetEnabled(on);
}

bool
TcpFsmSocket::GetZerocopy() const
{
    return m_zerocopy.IsEnabled();
}

bool
TcpFsmSocket::RecvErrorQueue(TcpFsmErrorQueueEntry& entry)
{
    if (!m_zerocopy.Pop(entry))
    {
        Fail(ERROR_AGAIN, TcpFsmLinuxErrno::kEagain);
        return false;
    }
    return true;
}

int
TcpFsmSocket::SetTimestamping(uint32_t flags)
{
    // Linux sock_set_timestamping: OPT_ID on a TCP socket needs a connection (its key base is
    // the next byte to be written).
    const bool connectionless = m_state == CLOSED || m_state == LISTEN;
    if ((flags & ~TcpFsmTxTimestamping::kAllFlags)
        || ((flags & TcpFsmTxTimestamping::kOptId) && connectionless))
    {
        return Fail(ERROR_INVAL, TcpFsmLinuxErrno::kEinval);
    }
    m_txTimestamping.SetFlags(flags, m_txBuffer->TailSequence());
    return 0;
}

uint32_t
TcpFsmSocket::GetTimestamping() const
{
    return m_txTimestamping.GetFlags();
}

std::size_t
TcpFsmSocket::GetErrorQueueSize() const
{
    return m_zerocopy.QueueSize();
}

uint64_t
TcpFsmSocket::GetErrorQueueWakeups() const
{
    return m_zerocopy.GetWakeups();
}

// ---- MSG_EOR ---------------------------------------------------------------------------------

uint32_t
TcpFsmSocket::ClampToRecord(SequenceNumber32 seq, uint32_t len)
{
    while (!m_recordEnds.empty() && m_recordEnds.front() <= m_tcb.sndUna)
    {
        m_recordEnds.pop_front(); // acknowledged: no segment starts before it again
    }
    for (SequenceNumber32 end : m_recordEnds)
    {
        if (end > seq)
        {
            return end < seq + len ? static_cast<uint32_t>(end - seq) : len;
        }
    }
    return len;
}

bool
TcpFsmSocket::IsRecordEnd(SequenceNumber32 end) const
{
    return std::find(m_recordEnds.begin(), m_recordEnds.end(), end) != m_recordEnds.end();
}

} // namespace ns3
