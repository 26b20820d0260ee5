/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * TcpFsmSocket: an ns3::TcpSocket whose state changes all go through the
 * transition table. The class is split into files by what drives it:
 *   tcp-fsm-socket.cc         attributes and traces, dispatch through the table, SetState
 *   tcp-fsm-socket-api.cc     the ns-3 Socket API and TcpSocket's attribute accessors
 *   tcp-fsm-socket-input.cc   arriving segments (classify, ACK, data, FIN)
 *   tcp-fsm-socket-output.cc  sending, retransmission, timers
 *   tcp-fsm-socket-cc.cc      ns-3's TcpCongestionOps/TcpRecoveryOps/TcpRateOps driven through
 *                             a TcpSocketState; the ACK-side loss recovery (RFC 5681, 6582, 6675)
 *   tcp-fsm-socket-fastopen.cc  TCP Fast Open (RFC 7413): client and server paths
 *   tcp-fsm-socket-options.cc TCP options (timestamps, SACK), delayed-ACK timing, the Profile
 *   tcp-fsm-socket-keepalive.cc  keepalive, TCP_USER_TIMEOUT, TCP_CORK, SO_LINGER
 *   tcp-fsm-socket-urgent.cc  urgent data (MSG_OOB, SO_OOBINLINE, SIOCATMARK)
 *   tcp-fsm-socket-ecn.cc     ECN (RFC 3168): negotiation events, ECT marking, ECE/CWR
 *   tcp-fsm-socket-errors.cc  Linux errno values, SO_ERROR, ioctl queue sizes
 *   tcp-fsm-tcp-info.cc       GetTcpInfo (TCP_INFO)
 *   tcp-fsm-socket-gso.cc     GSO super-segments, Minshall's Nagle, lost retransmissions
 */
#ifndef TCP_FSM_SOCKET_H
#define TCP_FSM_SOCKET_H

#include "tcp-fsm-error-queue.h"
#include "tcp-fsm-fastopen.h"
#include "tcp-fsm-gso.h"
#include "tcp-fsm-icmp.h"
#include "tcp-fsm-linux-errno.h"
#include "tcp-fsm-msg-flags.h"
#include "tcp-fsm-options.h"
#include "tcp-fsm-profile.h"
#include "tcp-fsm-rx-buffer-traces.h"
#include "tcp-fsm-rx-buffer.h"
#include "tcp-fsm-sack.h"
#include "tcp-fsm-segment-classifier.h"
#include "tcp-fsm-socket-types.h"
#include "tcp-fsm-tcb.h"
#include "tcp-fsm-tcp-info.h"
#include "tcp-fsm-timers.h"
#include "tcp-fsm-transition-record.h"
#include "tcp-fsm-transition-table.h"
#include "tcp-fsm-tuple.h"

#include "ns3/data-rate.h"
#include "ns3/node.h"
#include "ns3/tcp-congestion-ops.h"
#include "ns3/tcp-header.h"
#include "ns3/tcp-rate-ops.h"
#include "ns3/tcp-recovery-ops.h"
#include "ns3/tcp-socket-state.h"
#include "ns3/tcp-socket.h"
#include "ns3/tcp-tx-buffer.h"
#include "ns3/traced-callback.h"
#include "ns3/traced-value.h"

#include <list>
#include <set>

namespace ns3
{

class Packet;
class TcpFsmL4Protocol;

/**
 * \ingroup tcp-fsm
 * \brief A TCP socket driven by the RFC 9293 transition table (TcpFsmTransitionTable).
 *
 * SetState() is the only writer of the state; it fires the State TracedValue and
 * the StateTransition trace (also forwarded to the node's TcpFsmL4Protocol).
 */
class TcpFsmSocket
  : public TcpSocket
  , public TcpFsmMsgFlags
  , private TcpFsmTimerOwner
{
  public:
    static TypeId GetTypeId();
    TcpFsmSocket();
    /// Used by Fork(): copies the attributes and the application's callbacks and trace sinks.
    TcpFsmSocket(const TcpFsmSocket& listener);
    ~TcpFsmSocket() override;
    /// Sockets come from a pool of TcpFsmSocket-sized blocks (tcp-fsm-socket-alloc.cc): a
    /// block that size from malloc cost thousands of instructions once the heap has seen
    /// tens of thousands of sockets. Subclasses (other sizes) use the global heap.
    static void* operator new(std::size_t size);
    static void operator delete(void* p, std::size_t size);

    void SetNode(Ptr<Node> node);
    void SetTcp(Ptr<TcpFsmL4Protocol> tcp);

    // ---- ns3::Socket --------------------------------------------------------------------------
    enum SocketErrno GetErrno() const override;
    enum SocketType GetSocketType() const override;
    Ptr<Node> GetNode() const override;
    int Bind() override;
    int Bind6() override;
    int Bind(const Address& address) override;
    int Close() override;
    int ShutdownSend() override;
    int ShutdownRecv() override;
    int Connect(const Address& address) override;
    int Listen() override;
    uint32_t GetTxAvailable() const override;
    int Send(Ptr<Packet> p, uint32_t flags) override;
    int SendTo(Ptr<Packet> p, uint32_t flags, const Address& toAddress) override;
    uint32_t GetRxAvailable() const override;
    Ptr<Packet> Recv(uint32_t maxSize, uint32_t flags) override;
    Ptr<Packet> RecvFrom(uint32_t maxSize, uint32_t flags, Address& fromAddress) override;
    int GetSockName(Address& address) const override;
    int GetPeerName(Address& address) const override;
    bool SetAllowBroadcast(bool allowBroadcast) override;
    bool GetAllowBroadcast() const override;

    // ---- tcp-fsm additions ----------------------------------------------------------------------
    /// Abort the connection (RFC 9293 ABORT; a linger-zero close): RST where the table says so.
    int Abort();
    /// A new CLOSED socket with this one's attributes (this one must be a fresh socket).
    Ptr<TcpFsmSocket> CloneFresh() const;
    /// The current state.
    TcpFsmState GetState() const;
    /// Why the connection ended (NONE while it lives).
    TcpFsmEndReason GetEndReason() const;
    /// The socket id carried by traces (unique within the node for the run).
    uint64_t GetSocketId() const;
    /// The connection's variables (tests, tools).
    const TcpFsmTcb& GetTcb() const;
    /// The connection was created by a listener.
    bool IsPassive() const;
    /// Number of retransmitted segments (SYN, SYN+ACK, data, FIN) so far.
    uint32_t GetRetransmissionCount() const;
    /// The congestion-control state shared with the TcpCongestionOps (read-only use).
    Ptr<const TcpSocketState> GetSocketState() const;
    /// Choose the congestion control (a TcpCongestionOps subclass) before the connection starts.
    void SetCongestionOpsType(TypeId tid);
    TypeId GetCongestionOpsType() const;
    /// Choose the loss recovery (a TcpRecoveryOps subclass) before the connection starts.
    void SetRecoveryOpsType(TypeId tid);
    TypeId GetRecoveryOpsType() const;

    /// Trace signature of CongStateTransition: (from, to, cause).
    typedef void (*CongStateTransitionTracedCallback)(TcpSocketState::TcpCongState_t from,
                                                      TcpSocketState::TcpCongState_t to,
                                                      const std::string& cause);

    // ---- TCP Fast Open, RFC 7413 (tcp-fsm-socket-fastopen.cc) ---------------------------------
    /**
     * TCP_FASTOPEN_CONNECT: Connect() waits for the first Send() to put data in the SYN.
     * \return 0, or -1 as Linux: EOPNOTSUPP when the FastOpen client bit is off, EINVAL once
     * the socket has left CLOSED (GetLastLinuxErrno())
     */
    int SetFastOpenConnect(bool on);
    /// TCP_FASTOPEN_KEY: this listener's cookie key (16 raw bytes, as the socket option).
    void SetFastOpenKey(const TcpFsmFastOpenKey& key);
    /**
     * TCP_FASTOPEN: the listener's Fast Open queue length (0: no Fast Open on it).
     * \return 0, or -1 with EINVAL (as Linux) unless the socket is CLOSED or LISTEN
     */
    int SetFastOpenQueueLength(uint32_t qlen);
    /// The first Send() after a deferred Connect() (FastOpenConnect) is still to come.
    bool IsFastOpenDeferred() const;
    /// The key this socket's cookies use (its own, the FastOpenKey attribute, or the node's).
    TcpFsmFastOpenKey GetFastOpenKey() const;
    /// Bytes our SYN carried (0: none).
    uint32_t GetFastOpenSynData() const;
    /// A Fast Open child: accepted in SYN_RCVD with the data of a SYN with a valid cookie.
    bool IsFastOpenChild() const;
    /**
     * Linux's sk_write_pending: an application write waits for the handshake to end. The
     * SYN+ACK's ACK is then held as a delayed ACK, so that the data the writer queues at once
     * carries it (Linux tcp_rcv_synsent_state_process; RFC 1122 4.2.3.2).
     */
    void SetWritePending(bool pending);
    // ---- options (tcp-fsm-socket-options.cc): the interface other rooms build on ------------
    /// The Profile attribute.
    TcpFsmProfile GetProfile() const;
    /// RFC 7323 timestamps are in use on this connection (both SYNs carried them).
    bool TimestampsOn() const;
    /// RFC 2018 SACK is in use on this connection (both SYNs carried SACK-permitted).
    bool SackOn() const;
    /// TS.Recent (RFC 7323 4.3): the TSval echoed in our next segment.
    uint32_t GetTsRecent() const;
    /// Our TSval clock now (1 ms ticks plus the connection's offset).
    uint32_t GetTsValue() const;
    /// The SACK blocks of the last acceptable segment that carried any (sender side: the
    /// scoreboard's input), as received: most recent first. Empty when SACK is off.
    const TcpFsmSackBlocks& GetPeerSackBlocks() const;
    /// The out-of-order data we hold and report (receiver side), most recent first.
    const TcpFsmSackBlocks& GetSackBlocks() const;
    /// The RTO estimator (samples from timestamps or timed segments).
    const TcpFsmRto& GetRto() const;
    // ---- Linux socket-API features ----------------------------------------------------------
    // Send() and Recv() flags: TcpFsmMsgFlags (kMsgOob, kMsgPeek, kMsgMore, ...).
    /// SO_ZEROCOPY (also the Zerocopy attribute).
    void SetZerocopy(bool on);
    bool GetZerocopy() const;
    /// recvmsg(MSG_ERRQUEUE): the oldest error-queue message; false (EAGAIN) when none.
    bool RecvErrorQueue(TcpFsmErrorQueueEntry& entry);
    /**
     * SO_TIMESTAMPING (SOF_TIMESTAMPING_* flags): transmit timestamps on the error queue.
     * \return 0, or -1 with EINVAL (unknown flags; OPT_ID before a connection, as Linux)
     */
    int SetTimestamping(uint32_t flags);
    uint32_t GetTimestamping() const;
    /// Messages on the error queue (poll's POLLERR) and the wake-ups it had (epoll).
    std::size_t GetErrorQueueSize() const;
    uint64_t GetErrorQueueWakeups() const;

    /**
     * \brief getsockopt(TCP_INFO): the connection in Linux's struct tcp_info terms.
     * \return the snapshot (see TcpFsmTcpInfo for the fields the model leaves 0)
     */
    TcpFsmTcpInfo GetTcpInfo() const;
    /// ioctl(SIOCOUTQ) / TIOCOUTQ: bytes queued and not yet acknowledged (sent or not).
    uint32_t GetTxQueued() const;
    /// ioctl(SIOCOUTQNSD): bytes queued and never sent.
    uint32_t GetTxUnsent() const;
    /**
     * \brief getsockopt(SO_ERROR): the pending asynchronous error, as a Linux errno (which
     * errors, and when: tcp-fsm-linux-errno.h).
     * \param clear true (what SO_ERROR does) to clear it after reading
     * \return the Linux errno, 0 when none is pending
     */
    int GetSocketError(bool clear = true);
    /// The errno, in Linux's numbering, of the last call that returned -1 (or nullptr): finer
    /// than GetErrno() (see tcp-fsm-linux-errno.h); 0 before any failure.
    int GetLastLinuxErrno() const;
    /// ioctl(SIOCATMARK): the next byte Recv() would return is the urgent mark.
    bool AtUrgentMark() const;
    /**
     * \brief A Close() with a Linger time is still "blocking" (SO_LINGER {1, n > 0}).
     *
     * True after Close() while queued data or our FIN are unacknowledged and Linger has not
     * elapsed since the Close(). Linux's close() returns when this turns false; the connection
     * then continues its normal close (Linux sends no RST at the linger expiry).
     */
    bool CloseWouldBlock() const;

    /// SO_KEEPALIVE (attribute KeepAlive): in ESTABLISHED, arms the keepalive timer.
    void SetKeepAlive(bool on);
    bool GetKeepAlive() const;
    /// TCP_KEEPIDLE (attribute KeepAliveIdle): re-arms a running keepalive timer as Linux.
    void SetKeepAliveIdle(Time idle);
    Time GetKeepAliveIdle() const;
    /// TCP_CORK (attribute Cork): uncorking sends what was held.
    void SetCork(bool on);
    bool GetCork() const;

    // ---- called by TcpFsmL4Protocol ---------------------------------------------------
    /// An arriving segment for this socket (a connection, or a listener); ipEcn: the ECN
    /// field of its IP header (0 Not-ECT, 1 ECT(1), 2 ECT(0), 3 CE).
    void Receive(const Ptr<Packet>& payload,
                 const TcpHeader& header,
                 const TcpFsmTuple& tuple,
                 uint8_t ipEcn = 0);

    // ---- ECN, RFC 3168 (tcp-fsm-socket-ecn.cc) -------------------------------------------------
    /// The UseEcn attribute (ns3::TcpSocketState::UseEcn_t, as TcpSocketBase's).
    void SetUseEcn(TcpSocketState::UseEcn_t useEcn);
    TcpSocketState::UseEcn_t GetUseEcn() const;
    /// ECN is in use on this connection (negotiated); inline for the per-segment path.
    bool EcnOn() const
    {
        return m_cc && m_cc->m_ecnState != TcpSocketState::ECN_DISABLED;
    }

    // ---- readiness, ICMP errors (tcp-fsm-socket-poll.cc, tcp-fsm-socket-icmp.cc) -------------
    /// poll()/epoll readiness as Linux's tcp_poll(): TcpFsmPoll bits (a listener: its error).
    uint32_t GetPollEvents() const;
    /// An ICMP error (type, code, info: next-hop MTU) about our segment seq; from the L4.
    TcpFsmIcmpOutcome ReceiveIcmp(uint8_t type, uint8_t code, uint32_t info, SequenceNumber32 seq);

  protected:
    void DoDispose() override;
    /// Apply the Profile to the attributes that were not given explicitly.
    void NotifyConstructionCompleted() override;

  private:
    friend class TcpFsmCcTraceAccessor; // connects the forwarders below on first use
    /// The accessor of a trace source the TcpSocketState feeds (tcp-fsm-socket-trace.cc):
    /// ns-3's, after ConnectCcTraces().
    template<class T>
    static Ptr<const TraceSourceAccessor> CcTraceAccessor(T member)
    {
        return WrapCcTraceAccessor(MakeTraceSourceAccessor(member));
    }
    static Ptr<const TraceSourceAccessor> WrapCcTraceAccessor(Ptr<const TraceSourceAccessor> inner);
    /// Make this socket the owner of its timers (both constructors).
    void InitTimers();
    /// A timer expired: call its handler.
    void TimerExpired(TcpFsmTimer t) override;
    // TcpSocket's attribute accessors
    void SetSndBufSize(uint32_t size) override;
    uint32_t GetSndBufSize() const override;
    void SetRcvBufSize(uint32_t size) override;
    uint32_t GetRcvBufSize() const override;
    void SetSegSize(uint32_t size) override;
    uint32_t GetSegSize() const override;
    void SetInitialSSThresh(uint32_t threshold) override;
    uint32_t GetInitialSSThresh() const override;
    void SetInitialCwnd(uint32_t cwnd) override;
    uint32_t GetInitialCwnd() const override;
    void SetConnTimeout(Time timeout) override;
    Time GetConnTimeout() const override;
    void SetSynRetries(uint32_t count) override;
    uint32_t GetSynRetries() const override;
    void SetDataRetries(uint32_t retries) override;
    uint32_t GetDataRetries() const override;
    void SetDelAckTimeout(Time timeout) override;
    Time GetDelAckTimeout() const override;
    void SetDelAckMaxCount(uint32_t count) override;
    uint32_t GetDelAckMaxCount() const override;
    void SetTcpNoDelay(bool noDelay) override;
    bool GetTcpNoDelay() const override;
    void SetPersistTimeout(Time timeout) override;
    Time GetPersistTimeout() const override;

    using Cause = TcpFsmCause;

    // ---- dispatch through the table (tcp-fsm-socket.cc) ----------------------------------------
    /// Look up (state, event) and apply the row. False when the table has no row.
    bool Dispatch(TcpFsmEvent event, const Cause& cause = Cause());
    void Apply(const TcpFsmTransition& row, const Cause& cause);
    /// The only writer of m_state.
    void SetState(TcpFsmState to, TcpFsmEvent event, const Cause& cause);
    void OnEnter(TcpFsmState state);
    void EndConnection(TcpFsmEndReason reason);
    void Deregister();
    void MoveToTimeWaitTable();
    int SetupConnection(const Address& peer);
    Ptr<TcpFsmSocket> Fork();
    void InitIss();
    TcpFsmTransitionRecord MakeRecord(TcpFsmState from,
                                      TcpFsmState to,
                                      TcpFsmEvent event,
                                      const Cause& cause) const;

    // ---- arriving segments (tcp-fsm-socket-input.cc) -------------------------------------------
    void ReceiveOnListener(const Ptr<Packet>& payload,
                           const TcpHeader& h,
                           const TcpFsmTuple& tuple);
    void ProcessSegment(const Ptr<Packet>& payload, const TcpHeader& h);
    void ProcessAck(const TcpFsmSegment& seg, const TcpFsmVerdict& v);
    void ProcessData(const Ptr<Packet>& payload, const TcpFsmSegment& seg, const Cause& cause);
    void ProcessFin(const TcpFsmSegment& seg, const TcpFsmVerdict& v, const Cause& cause);
    /// The ACK the segment's data asked for, unless an ACK sent since acksBefore covers it.
    void FlushDataAck(uint64_t acksBefore);
    void ReadOptions(const TcpHeader& h);
    void UpdateWindow(const TcpFsmSegment& seg, bool initial = false);
    /// An acceptable ACK: new (SND.UNA advances) or not, an RFC 5681 duplicate or not.
    void AckArrived(SequenceNumber32 ack, bool ackNew, bool plainDup);
    void SendReply(TcpFsmReply reply, const TcpHeader& h, uint32_t payload, const TcpFsmTuple& t);
    static TcpFsmSegment ToSegment(const TcpHeader& h, uint32_t payload);
    void ChildGone(TcpFsmSocket* child);

    // ---- sending (tcp-fsm-socket-output.cc) ----------------------------------------------------
    void SendPending();
    /// Send up to maxLen octets of the send buffer from seq (with FIN when it reaches the end
    /// and a FIN is due). Returns the octets sent.
    uint32_t SendDataAt(SequenceNumber32 seq, uint32_t maxLen);
    /// Send the FIN alone at the end of the data (first time or again).
    void SendBareFin();
    void SendControl(uint8_t flags, SequenceNumber32 seq);
    void SendSegment(uint8_t flags,
                     SequenceNumber32 seq,
                     const Ptr<Packet>& payload,
                     bool retransmission = false);
    void SendAck();
    void SendSyn(bool withAck);
    void ScheduleAck(bool immediate);
    void RetransmitTimeout();
    void DelayedAckTimeout();
    void PersistTimeout();
    void FinWait2Timeout();
    void TwoMslTimeout();
    /// Hold a segment shorter than the MSS (Nagle, RFC 1122 4.2.3.4; TCP_CORK)?
    bool HoldSmallSegment(uint32_t len, uint32_t avail, bool finDue);

    // ---- tail loss probe, Linux profile (tcp-fsm-socket-tlp.cc)
    /// New data went out or an ACK left data outstanding: arm the probe timeout if it applies.
    void ScheduleLossProbe();
    /// The retransmission timer fired: true when it was the probe timeout (handled here).
    bool LossProbeDue();
    /// Our FIN went out for the first time, alone in its segment or with data.
    void NoteFinSent(bool alone);
    /// MSG_EOR: len cut so that a segment from seq ends at the first record end after seq.
    uint32_t ClampToRecord(SequenceNumber32 seq, uint32_t len);
    /// A segment ending here ends a record (it carries PSH, as Linux's push of each send).
    bool IsRecordEnd(SequenceNumber32 end) const;

    // ---- pacing from TcpSocketState's fields, as TcpSocketBase (tcp-fsm-socket-pacing.cc) ----
    bool PacingActive() const;       ///< EnablePacing, past the IW or PaceInitialWindow
    bool PacingHolds() const;        ///< the PACING timer holds the next segment
    void PacingSent(uint32_t bytes); ///< a data segment left: start the interval
    void UpdatePacingRate();         ///< every ACK: cwnd x ratio / RTT, capped
    void PacingTimeout();

    // ---- keepalive, user timeout, cork, linger (tcp-fsm-socket-keepalive.cc) ----------------
    /// Arm the keepalive timer if keepalive runs in this state (called on entering a state).
    void KeepAliveArm();
    void KeepAliveTimeout();
    /// Send <SEQ=SND.NXT-1><ACK=RCV.NXT><CTL=ACK>, no data (the table's PROBE).
    void SendKeepAliveProbe();
    void CorkTimeout();
    /// TCP_USER_TIMEOUT: true when unacknowledged data (or zero-window probing) has lasted
    /// UserTimeout; the caller then gives up with TIMEOUT_RETX.
    bool UserTimeoutExpired() const;
    /// The RTO to arm, shortened so that the timer fires when the user timeout expires.
    Time ClampRtoToUserTimeout(Time rto) const;

    // ---- urgent data (tcp-fsm-socket-urgent.cc) ---------------------------------------------
    /// Send(p, kMsgOob) queued p: urgent mode, SND.UP after its last byte (Linux tcp_mark_urg).
    void MarkUrgent();
    /// Recv(max, kMsgOob): the out-of-band byte.
    Ptr<Packet> RecvUrgent(uint32_t flags);
    /// Recv() without kMsgOob: at most up to the urgent mark; skips an out-of-band byte.
    Ptr<Packet> RecvAroundMark(uint32_t maxSize);
    /// An acceptable segment: note a new urgent pointer (URG, RFC 9293 3.8.5, RFC 6093) and
    /// catch the urgent byte when the segment carries it.
    void ReceiveUrgent(const TcpHeader& h, Ptr<const Packet> payload);
    /// Sequence number of the next byte Recv() returns (Linux's copied_seq).
    SequenceNumber32 ReadSequence() const;
    /// Set URG and the urgent pointer on an outgoing segment while in urgent mode.
    void WriteUrgentPointer(TcpHeader& h, SequenceNumber32 seq);
    /// Urgent mode (data before SND.UP not yet acknowledged) is on.
    bool SendUrgentMode() const;

    // ---- errors and counters (tcp-fsm-socket-errors.cc, tcp-fsm-tcp-info.cc) ---------------
    /// Fail a call: set both errno values; returns -1.
    int Fail(enum SocketErrno ns3Errno, int linuxErrno);
    /// The row ends the connection: set SO_ERROR as Linux does (Apply).
    void SetEndError(const TcpFsmTransition& row);
    /// Count a segment for TCP_INFO (SendSegment / Receive).
    void CountSent(const TcpHeader& h, uint32_t payload);
    void CountReceived(const TcpHeader& h, uint32_t payload);
    uint32_t Inflight() const;
    /// RFC 6675 pipe (ns-3 TcpTxBuffer::BytesInFlight), kept in the TcpSocketState.
    uint32_t Pipe();
    uint32_t AdvertisedWindow() const;
    /// Window scaling is in effect on this connection (both SYNs carried the option).
    bool WindowScaled() const;
    /// Our window scale shift for the receive buffer size (RFC 7323 2.3).
    uint8_t OurWindowShift() const;

    // ---- congestion control (tcp-fsm-socket-cc.cc) ---------------------------------------------
    /// New ops objects for a new connection (the prototype's are forked) and trace wiring.
    /// (A listener's child: a copy of the listener's untouched state, cheaper than a new one.)
    void InitCongestion(Ptr<const TcpSocketState> prototype = nullptr);
    /// A new, empty TcpTxBuffer of SndBufSize bytes that asks this socket for the peer window.
    void NewTxBuffer();
    /// Connect the TcpSocketState's TracedValues to this socket's trace sources (Trace*
    /// below), once: when a sink is connected to one of them, or a listener's child inherits
    /// sinks. Until then nobody listens, and ten Callbacks per socket are not made.
    void ConnectCcTraces();
    /// A sink is connected to one of the trace sources the TcpSocketState feeds.
    bool CcTracesWanted() const;
    bool HasTraceSinks() const; ///< a listener's child copies its sinks only if it has any
    void CopyTraceSinks(const TcpFsmSocket& listener);
    /// The recovery ops; a listener's child (or copy of the prototype) forks the shared one
    /// on first use, in recovery, which most connections never enter.
    const Ptr<TcpRecoveryOps>& RecoveryOps();
    /// The connection's MSS is known: segment size, initial window and threshold.
    void StartCongestion();
    /// The one writer of the congestion state: tells the ops (unless quiet) and the traces.
    void SetCongState(TcpSocketState::TcpCongState_t to, const char* cause, bool tellOps = true);
    /// An ACK that acknowledges data (oldHead..ack) or is a duplicate (RFC 5681 2, RFC 6675 2).
    void CcAck(SequenceNumber32 oldHead, SequenceNumber32 ack, bool isDupAck, uint32_t delivered);
    void CcDupAck(uint32_t delivered);
    void CcEnterRecovery(uint32_t delivered, const char* cause);
    /// Retransmission timeout: RFC 5681 3.1 equation 4, RFC 6298 5.4-5.6, RFC 6675 5.1.
    void CcRetransmitTimeout();
    /// Retransmit the first unacknowledged segment (fast retransmit, partial ACK).
    void RetransmitHead();
    /// SND.WND for the TcpTxBuffer's NextSeg.
    uint32_t PeerWindow() const;
    /// An empty segment a congestion control asks for (TcpDctcp's immediate ACK).
    void SendEmptyForOps(uint8_t flags);
    void TraceCwnd(uint32_t oldValue, uint32_t newValue);
    void TraceCwndInfl(uint32_t oldValue, uint32_t newValue);
    void TraceSsThresh(uint32_t oldValue, uint32_t newValue);
    void TraceCongState(TcpSocketState::TcpCongState_t oldValue,
                        TcpSocketState::TcpCongState_t newValue);
    void TraceEcnState(TcpSocketState::EcnState_t oldValue, TcpSocketState::EcnState_t newValue);
    void TraceNextTx(SequenceNumber32 oldValue, SequenceNumber32 newValue);
    void TraceHighTx(SequenceNumber32 oldValue, SequenceNumber32 newValue);
    void TraceBytesInFlight(uint32_t oldValue, uint32_t newValue);
    void TraceRtt(Time oldValue, Time newValue);
    void TracePacingRate(DataRate oldValue, DataRate newValue);
    /// The sequence variables as the TcpSocketState and the traces show them.
    void SyncSequences();

    // ---- ECN, RFC 3168 (tcp-fsm-socket-ecn.cc) -------------------------------------------------
    /// Connect() asks for ECN: UseEcn=On, or a congestion control whose Init turns it on.
    bool EcnWanted() const;
    /// The event the table sees: APP_ACTIVE_OPEN becomes APP_ACTIVE_OPEN_ECN when ECN is wanted.
    TcpFsmEvent EcnRefineEvent(TcpFsmEvent event) const;
    /// A listener's child on its SYN: RCV_SYN or RCV_SYN_ECN (ECE and CWR, UseEcn not Off).
    TcpFsmEvent EcnOnSyn(const TcpHeader& h, TcpFsmEvent event) const;
    /// SYN_SENT on a SYN+ACK: RCV_SYN_ACK_ECN for ECE without CWR after our ECN-setup SYN.
    TcpFsmEvent EcnOnSynAck(const TcpHeader& h, TcpFsmEvent event) const;
    /// A row is applied: the ECN state its event and send mean (before it sends).
    void EcnApplyRow(const TcpFsmTransition& row);
    /// The SYN's ECN flags: ECE|CWR on an ECN-setup SYN, ECE on an ECN-setup SYN+ACK.
    uint8_t EcnSynFlags(bool withAck) const;
    /// An outgoing non-SYN segment: ECE, CWR and the ECT codepoint (a SocketIpTosTag).
    void EcnOutgoing(uint8_t& flags,
                     SequenceNumber32 seq,
                     const Ptr<Packet>& p,
                     bool retransmission);
    /// An acceptable arriving segment: CE (the receiver echoes ECE) and CWR (RFC 3168 6.1.3).
    void EcnIncoming(const TcpHeader& h);
    /// An ACK with ECE for new data: CWR once per window (RFC 3168 6.1.2).
    void EcnAck(SequenceNumber32 oldHead, SequenceNumber32 ack, uint32_t delivered);
    /// Tell a congestion control that wants it (DCTCP) whether the ACK is delayed.
    void EcnAckEvent(bool delayed);
    /// RCV.NXT in the TcpSocketState's ns-3 TcpRxBuffer, which TcpDctcp reads and rewinds.
    void EcnPrepareRxBuffer();
    /// ns-3's TcpSocketBase::EnterCwr: ssthresh from the congestion control, state CA_CWR.
    void EnterCwr(uint32_t delivered);

    // ---- TCP Fast Open (tcp-fsm-socket-fastopen.cc) --------------------------------------------
    /// SendTo(MSG_FASTOPEN) on a CLOSED socket.
    int FastOpenSendTo(Ptr<Packet> p, const Address& to);
    /// Connect() with FastOpenConnect: true when Fast Open handled it (rc is the result).
    bool FastOpenConnect(int& rc);
    /// Send() after a deferred connect: true when Fast Open handled it (rc is the result).
    bool FastOpenSend(Ptr<Packet> p, int& rc);
    /// Whether a cached cookie (or none, with CLIENT_NO_COOKIE) lets the SYN carry data.
    bool FastOpenCookieUsable();
    /// The listener decides on a SYN: RCV_SYN or RCV_SYN_FASTOPEN (the child is prepared).
    TcpFsmEvent FastOpenOnSyn(TcpFsmSocket& child, Ptr<Packet> payload, const TcpHeader& h);
    /// SYN_SENT: the SYN+ACK's event after a Fast Open SYN; caches the cookie.
    TcpFsmEvent FastOpenOnSynAck(const TcpHeader& h, const TcpFsmSegment& seg);
    /// Append the Fast Open option to a SYN or SYN+ACK when one is due.
    void FastOpenAddOption(TcpHeader& h);
    /// The SYN with data (first transmission).
    void SendSynData();
    /// FASTOPEN_ACCEPT: hand the child to the application in SYN_RCVD.
    void FastOpenAccept();
    /// The child left SYN_RCVD: free its place in the listener's Fast Open queue.
    void FastOpenLeftSynRcvd();
    /// The listener's Fast Open queue length in effect.
    uint32_t FastOpenQueueLimit() const;
    /// A Fast Open child may send before the handshake completes (RFC 7413 4.2.2).
    bool FastOpenMaySendEarly() const;
    void SetFastOpenKeyText(std::string text);
    std::string GetFastOpenKeyText() const;
    // ---- options and the profile (tcp-fsm-socket-options.cc) -----------------------------------
    void SetProfile(TcpFsmProfile profile);
    int GetProfileAttribute() const; ///< the Profile attribute's getter (EnumValue holds an int)
    /// Set the profile's values; with onlyDefaults, only on attributes left at their defaults.
    void ApplyProfile(bool onlyDefaults);
    /// Profile=linux: SegmentSize from the MTU of the interface of our address (RFC 9293 3.7.1).
    void ChooseSegmentSize();
    /// The options of a segment we send (flags: its flags).
    void WriteOptions(TcpHeader& h, uint8_t flags);
    /// The SYN's options: MSS, window scale, SACK-permitted, timestamps (RFC 7323 2.2, 3.2).
    void NegotiateOptions(const TcpFsmRxOptions& o);
    /// The option part of an arriving segment, before the classifier (PAWS needs TSval).
    void PrepareOptions(const TcpHeader& h, TcpFsmSegment& seg);
    /// After the classifier accepted a segment: TS.Recent (RFC 7323 4.3), peer SACK blocks.
    void AcceptedOptions(const TcpFsmSegment& seg);
    /// An RTT sample from the TSecr of an ACK of new data (RFC 7323 4.1); false without one.
    bool TimestampRttSample();
    /// Receiver SACK blocks and D-SACK for data [seq, seq+len) that arrived with RCV.NXT at
    /// before (RFC 2018 4, RFC 2883).
    void NoteDataForSack(SequenceNumber32 seq, uint32_t len, SequenceNumber32 before);
    /// Delayed-ACK engine on a data arrival: Linux's ATO and quick-ack mode (Profile=linux).
    void NoteDataArrival();
    /// The delay before a delayed ACK.
    Time DelayedAckDelay() const;
    /// Quick-ack mode: this ACK goes at once (and counts one of the quick ACKs).
    bool TakeQuickAck();
    /// New data leaves within ATO of the last arrival: a reply, Linux's pingpong (interactive)
    /// mode, where data is not quick-acked (its ACK waits for our next data or the timer).
    void NoteDataSent();

    // ---- attributes -------------------------------------------------------------------
    uint32_t m_sndBufSize{131072};
    uint32_t m_rcvBufSize{131072};
    uint32_t m_segmentSize{536};
    uint32_t m_initialSsThresh{UINT32_MAX};
    uint32_t m_initialCwnd{10};
    Time m_connTimeout{Seconds(3)};
    uint32_t m_synRetries{6};
    uint32_t m_dataRetries{6};
    Time m_delAckTimeout{MilliSeconds(200)};
    uint32_t m_delAckMaxCount{2};
    bool m_noDelay{true};
    Time m_persistTimeout{Seconds(6)};
    Time m_msl{Seconds(120)};
    Time m_minRto{Seconds(1)};
    Time m_maxRto{Seconds(60)};
    Time m_finWait2Timeout{Seconds(0)};
    bool m_rfc1337{true};
    bool m_ackUnsentReply{true}; ///< RFC 5961 5.2 ACK for an ACK beyond SND.NXT (Linux: none)
    bool m_abortOnClose{false};
    uint32_t m_backlog{128};
    bool m_windowScaling{true};
    uint32_t m_fastOpen{TcpFsmFastOpen::CLIENT}; ///< Linux's net.ipv4.tcp_fastopen bits
    std::string m_fastOpenKeyText;               ///< FastOpenKey ("" = the node's key)
    bool m_haveFastOpenKey{false};               ///< m_fastOpenKey is set (attribute/option)
    TcpFsmFastOpenKey m_fastOpenKey{};
    uint32_t m_fastOpenQlen{0};    ///< TCP_FASTOPEN on a listener
    bool m_fastOpenConnect{false}; ///< TCP_FASTOPEN_CONNECT
    TcpFsmProfile m_profile{TcpFsmProfile::RFC};
    bool m_timestamp{false};             ///< offer and accept RFC 7323 timestamps
    bool m_sack{false};                  ///< offer and accept RFC 2018 SACK
    int32_t m_synAckRetries{-1};         ///< SYN+ACK retransmissions; -1: as ConnCount
    uint32_t m_rcvBufMax{0};             ///< Linux tcp_rmem[2] for the window scale; 0: RcvBufSize
    Time m_delAckMinTimeout{0};          ///< Linux's ATO floor; 0: a fixed DelAckTimeout
    uint32_t m_quickAcks{0};             ///< Linux's quick-ack count at connection start
    bool m_mssFromMtu{false};            ///< Profile=linux without an explicit SegmentSize
    bool m_constructed{false};           ///< attributes were all set (the profile applies when set)
    bool m_keepAlive{false};             ///< SO_KEEPALIVE
    Time m_keepAliveIdle{Seconds(7200)}; ///< TCP_KEEPIDLE
    Time m_keepAliveInterval{Seconds(75)}; ///< TCP_KEEPINTVL
    uint32_t m_keepAliveCount{9};          ///< TCP_KEEPCNT
    Time m_userTimeout{Seconds(0)};        ///< TCP_USER_TIMEOUT; 0 = off
    bool m_cork{false};                    ///< TCP_CORK
    bool m_oobInline{false};               ///< SO_OOBINLINE
    Time m_linger{Seconds(0)};             ///< SO_LINGER {1, n}: n; 0 = off
    TcpFsmZerocopy m_zerocopy;             ///< SO_ZEROCOPY and the error queue
    TcpFsmTxTimestamping m_txTimestamping; ///< SO_TIMESTAMPING (reports on m_zerocopy's queue)

    using LossProbe = TcpFsmLossProbe;
    LossProbe m_tlp;
    std::list<SequenceNumber32> m_recordEnds; ///< MSG_EOR record ends not yet acknowledged

    // ---- the connection ---------------------------------------------------------------
    TracedValue<TcpStates_t> m_state{CLOSED};
    TracedCallback<const TcpFsmTransitionRecord&> m_transitionTrace;
    // ns-3's trace sources (names, meanings and callback types of TcpSocketBase)
    TracedCallback<uint32_t, uint32_t> m_cWndTrace;
    TracedCallback<uint32_t, uint32_t> m_cWndInflTrace;
    TracedCallback<uint32_t, uint32_t> m_ssThTrace;
    TracedCallback<TcpSocketState::TcpCongState_t, TcpSocketState::TcpCongState_t> m_congStateTrace;
    TracedCallback<TcpSocketState::TcpCongState_t,
                   TcpSocketState::TcpCongState_t,
                   const std::string&>
        m_congStateTransitionTrace;
    TracedCallback<TcpSocketState::EcnState_t, TcpSocketState::EcnState_t> m_ecnStateTrace;
    TracedCallback<SequenceNumber32, SequenceNumber32> m_nextTxSequenceTrace;
    TracedValue<SequenceNumber32> m_ecnEchoSeq{0}; ///< last ACK with a valid ECE (EcnEchoSeq)
    TracedValue<SequenceNumber32> m_ecnCeSeq{0};   ///< last CE-marked segment (EcnCeSeq)
    TracedValue<SequenceNumber32> m_ecnCwrSeq{0};  ///< last segment sent with CWR (EcnCwrSeq)
    TracedCallback<SequenceNumber32, SequenceNumber32> m_highTxMarkTrace;
    TracedCallback<uint32_t, uint32_t> m_bytesInFlightTrace;
    TracedCallback<Time, Time> m_lastRttTrace;
    TracedCallback<DataRate, DataRate> m_pacingRateTrace;
    TracedValue<Time> m_rtoTrace{Seconds(0)};
    TracedValue<uint32_t> m_advWnd{0};
    TracedValue<uint32_t> m_rWnd{0};
    TracedCallback<Ptr<const Packet>, const TcpHeader&, Ptr<const TcpSocket>> m_txTrace;
    TracedCallback<Ptr<const Packet>, const TcpHeader&, Ptr<const TcpSocket>> m_rxTrace;

    Ptr<Node> m_node;
    Ptr<TcpFsmL4Protocol> m_tcp;
    uint64_t m_socketId{0};
    TcpFsmTuple m_tuple;        ///< our end and the peer's
    bool m_bound{false};        ///< a local address/port is set
    uint16_t m_reservedPort{0}; ///< port reserved with the L4 (Bind), released on close
    bool m_registered{false};   ///< in the L4's connection table
    bool m_listening{false};    ///< in the L4's listener table
    bool m_passive{false};      ///< created by a listener
    bool m_shutdownSend{false};
    bool m_shutdownInherited{false}; ///< a child of a listener that was shut down for sending
    bool m_shutdownRecv{false};
    bool m_closeCalled{false}; ///< Close() was called: the application is gone (orphaned)
    bool m_connectedNotified{false};
    bool m_writePending{false}; ///< SetWritePending(): a blocked write waits for ESTABLISHED
    bool m_finPending{false};   ///< a FIN is due after the queued data
    SocketErrno m_errno = ERROR_NOTERROR;
    TcpFsmEndReason m_endReason{TcpFsmEndReason::NONE};

    TcpFsmTcb m_tcb;
    Ptr<TcpTxBuffer> m_txBuffer; ///< ns-3's send buffer and RFC 6675 scoreboard
    bool m_txBufferUsed{false};  ///< InitIss() gave it a head: the next InitIss() makes another
    TcpFsmRxBuffer m_rxBuffer;
    /// The RxBuffer attribute's object (NextRxSequence): made on the first read, else null.
    mutable Ptr<TcpFsmRxBufferTraces> m_rxBufferTraces;

    /// The only writer of RCV.NXT: sets m_tcb.rcvNxt and NextRxSequence (if it was asked for).
    void SetRcvNxt(SequenceNumber32 rcvNxt);
    /// The RxBuffer attribute: created on the first call with the current RCV.NXT.
    Ptr<TcpFsmRxBufferTraces> GetRxBufferTraces() const;
    TcpFsmTimers m_timers;
    TcpFsmRto m_rto;
    bool m_peerWindowScale{false}; ///< the peer's SYN carried a window scale option
    uint8_t m_sndWindShift{0};     ///< RFC 7323: the peer's shift (applied to its windows)
    uint8_t m_rcvWindShift{0};     ///< RFC 7323: our shift (applied to windows we send)
    uint32_t m_peerMss{536};
    uint32_t m_mss{536}; ///< min(SegmentSize, peer MSS)
    // congestion control: ns-3's classes, driven as TcpSocketBase drives them
    TypeId m_congestionTypeId;
    TypeId m_recoveryTypeId;
    Ptr<TcpSocketState> m_cc;                  ///< cWnd, ssThresh, congState, ... for the ops
    Ptr<TcpCongestionOps> m_congestionControl; ///< ns3::TcpNewReno by default
    Ptr<TcpRecoveryOps> m_recoveryOps;         ///< ns3::TcpPrrRecovery by default
    bool m_recoveryShared{false};              ///< the listener's, until RecoveryOps() forks it
    Ptr<TcpRateOps> m_rateOps;                 ///< ns3::TcpRateLinux (rate samples for BBR)
    bool m_ccTracesConnected{false};           ///< ConnectCcTraces() done for this m_cc
    std::string m_congCause;                   ///< why the next congState change happens
    bool m_limitedTransmit{true};              ///< RFC 5681 3.2 / RFC 3042
    uint32_t m_retxThresh{3};                  ///< DupThresh (RFC 5681, RFC 6675)
    bool m_sackEnabled{false};                 ///< SACK in use on this connection
    uint32_t m_dupAcks{0};
    SequenceNumber32 m_recover{0}; ///< RecoveryPoint (RFC 6675) / recover (RFC 6582)
    bool m_recoverActive{false};
    bool m_isFirstPartialAck{true};
    uint32_t m_bytesAckedNotProcessed{0};
    uint32_t m_fastRetransmits{0}; ///< recoveries entered by duplicate ACKs or SACK
    uint32_t m_retries{0};
    uint32_t m_retransmissions{0};
    bool m_rttPending{false};
    SequenceNumber32 m_rttSeq{0};
    Time m_rttStart;
    Time m_lastPeerAck;             ///< when the peer last sent an acceptable ACK
    uint32_t m_unackedSegments{0};  ///< in-order segments received since our last ACK
    TcpFsmFastOpenConn m_fo;        ///< Fast Open state of this connection
    Ptr<TcpFsmSocket> m_foListener; ///< a Fast Open child in SYN_RCVD: its listener
    using DataAck = TcpFsmDataAck;  ///< the ACK the data being processed asks for
    DataAck m_dataAck{DataAck::NONE};
    uint64_t m_acksSent{0}; ///< segments sent with ACK set
    // ---- ECN of the connection (tcp-fsm-socket-ecn.cc)
    TcpSocketState::UseEcn_t m_useEcn{TcpSocketState::Off}; ///< the UseEcn attribute
    bool m_ecnSetupSyn{false};    ///< our SYN is an ECN-setup SYN (ECE, CWR)
    bool m_ecnSetupSynAck{false}; ///< our SYN+ACK is an ECN-setup SYN+ACK (ECE)
    uint8_t m_rxIpEcn{0};         ///< IP ECN field of the segment being processed
    uint8_t m_rxFlags{0};         ///< TCP flags of the segment being processed

    // ---- options of the connection (tcp-fsm-socket-options.cc)
    bool m_peerTimestamp{false};       ///< the peer's SYN carried timestamps
    bool m_peerSackPermitted{false};   ///< the peer's SYN carried SACK-permitted
    bool m_tsOn{false};                ///< timestamps negotiated
    bool m_sackOn{false};              ///< SACK negotiated
    uint32_t m_tsOffset{0};            ///< our TSval clock's offset (RFC 7323 5.4)
    uint32_t m_tsRecent{0};            ///< TS.Recent
    SequenceNumber32 m_lastAckSent{0}; ///< Last.ACK.sent (RFC 7323 4.3)
    TcpFsmRxOptions m_rxOptions;       ///< the options of the segment being processed
    TcpFsmSackList m_sackList;         ///< receiver: blocks of out-of-order data held
    TcpFsmSackBlocks m_peerSack;       ///< sender: the peer's latest SACK blocks
    Time m_ato{0};                     ///< Linux's ATO (delayed-ACK timeout estimate)
    Time m_lastDataRx{0};              ///< when data last arrived (ATO)
    bool m_atoStarted{false};          ///< data has arrived (the delayed-ACK engine runs)
    bool m_pingpong{false};            ///< Linux's pingpong mode (NoteDataSent())
    uint32_t m_quickAcksLeft{0};       ///< ACKs still sent at once (quick-ack mode)
    // ---- socket-API state (keepalive, urgent data, errors, TCP_INFO) ------------------------
    uint32_t m_probesOut{0}; ///< unanswered keepalive or zero-window probes
    Time m_lastRx;           ///< when the last segment from the peer arrived
    Time m_retransStamp{
        -1}; ///< first send of the oldest unacknowledged segment (user timeout); -1: none
    Time m_probeStamp{-1};   ///< zero-window probing started; -1: not probing
    Time m_closeTime;        ///< when Close() was called (Linger)
    int m_soError{0};        ///< SO_ERROR, Linux errno
    int m_linuxErrno{0};     ///< errno of the last failed call, Linux numbering
    bool m_forcePush{false}; ///< this send pass ignores Nagle and cork (uncork, TcpNoDelay)
    bool m_moreHeld{false};  ///< this send pass holds a partial segment (MSG_MORE)
    using UrgState = TcpFsmUrgState;
    TcpFsmUrgent m_urg;               ///< urgent data, both directions
    TcpFsmTcpInfoCounters m_counters; ///< TCP_INFO counters

    // ---- listener ---------------------------------------------------------------------
    Ptr<TcpFsmSocket> m_listener;           ///< for a child: its listener until accepted
    std::set<Ptr<TcpFsmSocket>> m_children; ///< for a listener: children not yet handed out

    // ---- GSO super-segments, Minshall's Nagle, lost retransmissions (tcp-fsm-socket-gso.cc)
    uint32_t m_gsoMaxSegments{1};       ///< GsoMaxSegments (1: one MSS per segment)
    uint32_t m_gsoMinSegments{2};       ///< GsoMinSegments
    bool m_minshallNagle{false};        ///< MinshallNagle
    bool m_detectLostRetransmit{false}; ///< DetectLostRetransmit
    TcpFsmGsoState m_gso;
    uint32_t GsoSegmentBytes(uint32_t pipe) const; ///< the largest new-data segment now
    /// The length of a super-segment of new data at next (room: cwnd - pipe; avail: unsent).
    uint32_t GsoLength(SequenceNumber32 next, uint32_t room, uint32_t pipe, uint32_t avail);
    /// A super-segment's payload: MSS-sized scoreboard items, one packet.
    Ptr<Packet> GsoBuild(SequenceNumber32 seq, uint32_t len, bool startOfTransmission);
    bool SmallSegmentOutstanding() const; ///< Linux's tcp_minshall_check()
    void GsoNoteSent(SequenceNumber32 seq, uint32_t len, bool retransmission);
    void GsoSacked(TcpTxItem* item); ///< TcpTxBuffer::Update()'s callback
    void LostRetransmitCheck(uint32_t sackedNow);
    void LostRetransmitResend(uint32_t delivered);

    // ---- readiness, ICMP errors
    bool ReceiveShutdown() const;                      ///< Linux's RCV_SHUTDOWN
    bool SendShutdown() const;                         ///< Linux's SEND_SHUTDOWN
    uint32_t DeviceMtu() const;                        ///< our interface's MTU (0: unknown)
    void IcmpFragmentationNeeded(uint32_t nextHopMtu); ///< RFC 1191: lower MTU, MSS; resend
    uint32_t m_pathMtu{0}; ///< from fragmentation needed; 0: the device's MTU
    // ---- SYN_SENT TSecr check (Linux's tcp_rcv_synsent_state_process)
    bool m_synAckTsEcrCheck{false}; ///< SynAckTsEcrCheck
    bool m_synTsValSent{false};     ///< our SYN carried a TSval (m_synTsVal is valid)
    uint32_t m_synTsVal{0};         ///< the TSval of our first SYN (Linux's retrans_stamp)
};

} // namespace ns3

#endif /* TCP_FSM_SOCKET_H */
