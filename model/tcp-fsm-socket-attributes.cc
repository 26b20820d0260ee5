/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * TcpFsmSocket, its attributes and trace sources (GetTypeId). ns-3's names where the meaning
 * is ns-3's (SndBufSize, SegmentSize, CongestionWindow, ...); the dispatch and the rest of the
 * socket are in tcp-fsm-socket.cc and its sibling files.
 */
#include "tcp-fsm-l4-protocol.h"
#include "tcp-fsm-socket.h"

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
              .AddAttribute("AckUnsentReply",
                            "A segment acknowledging data never sent is dropped and answered "
                            "with an ACK (RFC 5961 5.2); false: dropped silently, as Linux does",
                            BooleanValue(true),
                            MakeBooleanAccessor(&TcpFsmSocket::m_ackUnsentReply),
                            MakeBooleanChecker())
              .AddAttribute("GsoMaxSegments",
                            "Segments of new data one packet may carry: a device with TSO/GSO "
                            "(Linux's gso_max_segs) takes super-segments of several MSS, sized "
                            "as Linux sizes them (pacing rate, minimum RTT, GsoMinSegments, half "
                            "the congestion window, the peer's window; at most 64 KB); each "
                            "counts as its MSS-sized segments. 1: one MSS per segment (no GSO)",
                            UintegerValue(1),
                            MakeUintegerAccessor(&TcpFsmSocket::m_gsoMaxSegments),
                            MakeUintegerChecker<uint32_t>(1, 65535))
              .AddAttribute("GsoMinSegments",
                            "With GsoMaxSegments above 1: the fewest segments a super-segment "
                            "may be sized to (Linux's net.ipv4.tcp_min_tso_segs)",
                            UintegerValue(2),
                            MakeUintegerAccessor(&TcpFsmSocket::m_gsoMinSegments),
                            MakeUintegerChecker<uint32_t>(1, 255))
              .AddAttribute("MinshallNagle",
                            "Nagle holds a short segment only while an earlier short segment is "
                            "unacknowledged (Minshall's variant, as Linux); false: while any "
                            "data is unacknowledged (RFC 1122 4.2.3.4)",
                            BooleanValue(false),
                            MakeBooleanAccessor(&TcpFsmSocket::m_minshallNagle),
                            MakeBooleanChecker())
              .AddAttribute("SynAckTsEcrCheck",
                            "In SYN_SENT, an ACK whose non-zero TSecr echoes no TSval sent since "
                            "our first SYN is an unacceptable ACK: answered with <SEQ=SEG.ACK>"
                            "<CTL=RST> and dropped (RFC 7323 3.2, as Linux's "
                            "tcp_rcv_synsent_state_process)",
                            BooleanValue(false),
                            MakeBooleanAccessor(&TcpFsmSocket::m_synAckTsEcrCheck),
                            MakeBooleanChecker())
              .AddAttribute("DetectLostRetransmit",
                            "A retransmission of the first unacknowledged segment is lost when "
                            "the peer SACKs a segment sent after it, in recovery or with "
                            "ReTxThreshold segments SACKed (RFC 8985 6.2, as Linux's RACK): "
                            "it is sent again (entering fast recovery)",
                            BooleanValue(false),
                            MakeBooleanAccessor(&TcpFsmSocket::m_detectLostRetransmit),
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
              .AddAttribute("FastOpen",
                            "TCP Fast Open (RFC 7413), Linux's net.ipv4.tcp_fastopen bits: 0x1 "
                            "client (SendTo MSG_FASTOPEN, FastOpenConnect), 0x2 server, 0x4 client "
                            "without cookie, 0x200 server without cookie, 0x400 every listener "
                            "has a Fast Open queue (its backlog); other bits are ignored",
                            UintegerValue(TcpFsmFastOpen::CLIENT),
                            MakeUintegerAccessor(&TcpFsmSocket::m_fastOpen),
                            MakeUintegerChecker<uint32_t>())
              .AddAttribute("FastOpenKey",
                            "Server cookie key in Linux's sysctl format (four hex words, e.g. "
                            "a1a1a1a1-b2b2b2b2-c3c3c3c3-d4d4d4d4); empty: the node's random key",
                            StringValue(""),
                            MakeStringAccessor(&TcpFsmSocket::SetFastOpenKeyText,
                                               &TcpFsmSocket::GetFastOpenKeyText),
                            MakeStringChecker())
              .AddAttribute("FastOpenQueueLength",
                            "A listener's Fast Open queue (TCP_FASTOPEN): Fast Open children "
                            "in SYN_RCVD at most; 0 = no Fast Open on this listener",
                            UintegerValue(0),
                            MakeUintegerAccessor(&TcpFsmSocket::m_fastOpenQlen),
                            MakeUintegerChecker<uint32_t>(0, 65535))
              .AddAttribute("FastOpenConnect",
                            "TCP_FASTOPEN_CONNECT: with a cached cookie, Connect() succeeds at "
                            "once and the first Send() goes out in the SYN",
                            BooleanValue(false),
                            MakeBooleanAccessor(&TcpFsmSocket::m_fastOpenConnect),
                            MakeBooleanChecker())
              .AddAttribute("AbortOnClose",
                            "Close() aborts with RST, as a close with SO_LINGER {on, 0}",
                            BooleanValue(false),
                            MakeBooleanAccessor(&TcpFsmSocket::m_abortOnClose),
                            MakeBooleanChecker())
              .AddAttribute("CongestionOps",
                            "The congestion control: any ns3::TcpCongestionOps subclass "
                            "(ns3::TcpNewReno, ns3::TcpCubic, ns3::TcpBbr, ...), driven as "
                            "ns-3's TcpSocketBase drives it. A socket the L4 creates takes the "
                            "L4's SocketType (ns-3's default TcpCubic) unless this default "
                            "TcpNewReno was changed",
                            TypeIdValue(TcpNewReno::GetTypeId()),
                            MakeTypeIdAccessor(&TcpFsmSocket::SetCongestionOpsType,
                                               &TcpFsmSocket::GetCongestionOpsType),
                            MakeTypeIdChecker())
              .AddAttribute("RecoveryType",
                            "The loss recovery during fast recovery: an ns3::TcpRecoveryOps "
                            "subclass (ns3::TcpPrrRecovery, ns3::TcpClassicRecovery)",
                            TypeIdValue(TcpPrrRecovery::GetTypeId()),
                            MakeTypeIdAccessor(&TcpFsmSocket::SetRecoveryOpsType,
                                               &TcpFsmSocket::GetRecoveryOpsType),
                            MakeTypeIdChecker())
              .AddAttribute("ReTxThreshold",
                            "Duplicate ACKs that start fast retransmit (DupThresh, RFC 5681 3.2)",
                            UintegerValue(3),
                            MakeUintegerAccessor(&TcpFsmSocket::m_retxThresh),
                            MakeUintegerChecker<uint32_t>(1, 1000))
              .AddAttribute(
                  "LimitedTransmit",
                  "Send new data on the first two duplicate ACKs (RFC 5681 3.2, RFC 3042)",
                  BooleanValue(true),
                  MakeBooleanAccessor(&TcpFsmSocket::m_limitedTransmit),
                  MakeBooleanChecker())
              .AddAttribute("Timestamp",
                            "Offer and accept RFC 7323 timestamps (TSval/TSecr on every segment, "
                            "RTT samples from TSecr, PAWS)",
                            BooleanValue(false),
                            MakeBooleanAccessor(&TcpFsmSocket::m_timestamp),
                            MakeBooleanChecker())
              .AddAttribute("Sack",
                            "Offer and accept RFC 2018 SACK (SACK-permitted on the SYNs, SACK "
                            "blocks for out-of-order data, RFC 2883 D-SACK)",
                            BooleanValue(false),
                            MakeBooleanAccessor(&TcpFsmSocket::m_sack),
                            MakeBooleanChecker())
              .AddAttribute("SynAckRetries",
                            "SYN+ACK retransmissions before a passive open gives up "
                            "(Linux tcp_synack_retries); -1 = as many as ConnCount",
                            IntegerValue(-1),
                            MakeIntegerAccessor(&TcpFsmSocket::m_synAckRetries),
                            MakeIntegerChecker<int32_t>(-1, 255))
              .AddAttribute("RcvBufMax",
                            "The largest receive buffer (Linux tcp_rmem[2]): the window scale "
                            "is Linux's for it, log2(max(RcvBufMax, RcvBufSize)) - 15; 0 = the "
                            "smallest scale that covers RcvBufSize",
                            UintegerValue(0),
                            MakeUintegerAccessor(&TcpFsmSocket::m_rcvBufMax),
                            MakeUintegerChecker<uint32_t>())
              .AddAttribute("DelAckMinTimeout",
                            "Floor of an adaptive delayed-ACK timeout (Linux's ATO, which then "
                            "follows the data's inter-arrival times up to DelAckTimeout); 0 = "
                            "every delayed ACK waits DelAckTimeout",
                            TimeValue(Seconds(0)),
                            MakeTimeAccessor(&TcpFsmSocket::m_delAckMinTimeout),
                            MakeTimeChecker(Seconds(0), Seconds(10)))
              .AddAttribute("QuickAcks",
                            "At most this many ACKs are sent at once, not delayed, when data "
                            "starts to arrive (Linux's quick-ack mode: min(QuickAcks, window / "
                            "(2 * MSS))); 0 = none",
                            UintegerValue(0),
                            MakeUintegerAccessor(&TcpFsmSocket::m_quickAcks),
                            MakeUintegerChecker<uint32_t>(0, 1000))
              .AddAttribute(
                  "Profile",
                  "A set of defaults: rfc (the model's own) or linux (Linux's numbers: "
                  "RTO 1 s, MinRto 200 ms, MaxRto 120 s, delayed ACK 40-200 ms with "
                  "quick-ack, TIME_WAIT 60 s, SYN/SYN+ACK retries 6/5, MSS from the "
                  "MTU, window scale from tcp_rmem[2], buffers, Nagle, timestamps, "
                  "SACK). At construction it sets the attributes whose defaults were "
                  "not changed; set on a socket, it sets them all (set others after)",
                  EnumValue(static_cast<int>(TcpFsmProfile::RFC)),
                  MakeEnumAccessor(&TcpFsmSocket::SetProfile, &TcpFsmSocket::GetProfileAttribute),
                  MakeEnumChecker(static_cast<int>(TcpFsmProfile::RFC),
                                  "rfc",
                                  static_cast<int>(TcpFsmProfile::LINUX),
                                  "linux"))
              .AddAttribute(
                  "KeepAlive",
                  "SO_KEEPALIVE: probe an idle connection (RFC 1122 4.2.3.6)",
                  BooleanValue(false),
                  MakeBooleanAccessor(&TcpFsmSocket::SetKeepAlive, &TcpFsmSocket::GetKeepAlive),
                  MakeBooleanChecker())
              .AddAttribute("KeepAliveIdle",
                            "TCP_KEEPIDLE: idle time before the first keepalive probe",
                            TimeValue(Seconds(7200)),
                            MakeTimeAccessor(&TcpFsmSocket::SetKeepAliveIdle,
                                             &TcpFsmSocket::GetKeepAliveIdle),
                            MakeTimeChecker(Seconds(1), Seconds(32767)))
              .AddAttribute("KeepAliveInterval",
                            "TCP_KEEPINTVL: time between keepalive probes",
                            TimeValue(Seconds(75)),
                            MakeTimeAccessor(&TcpFsmSocket::m_keepAliveInterval),
                            MakeTimeChecker(Seconds(1), Seconds(32767)))
              .AddAttribute("KeepAliveCount",
                            "TCP_KEEPCNT: unanswered probes before the connection is dropped",
                            UintegerValue(9),
                            MakeUintegerAccessor(&TcpFsmSocket::m_keepAliveCount),
                            MakeUintegerChecker<uint32_t>(1, 127))
              .AddAttribute("UserTimeout",
                            "TCP_USER_TIMEOUT (RFC 5482, Linux): abort when data (or zero-window "
                            "probes) stay unacknowledged this long; 0 = off",
                            TimeValue(Seconds(0)),
                            MakeTimeAccessor(&TcpFsmSocket::m_userTimeout),
                            MakeTimeChecker(Seconds(0), MilliSeconds(2147483647)))
              .AddAttribute("Cork",
                            "TCP_CORK (Linux): send only full segments; uncorking sends the rest",
                            BooleanValue(false),
                            MakeBooleanAccessor(&TcpFsmSocket::SetCork, &TcpFsmSocket::GetCork),
                            MakeBooleanChecker())
              .AddAttribute(
                  "Zerocopy",
                  "SO_ZEROCOPY (Linux): Send() with kMsgZerocopy reports its "
                  "completion on the error queue (RecvErrorQueue)",
                  BooleanValue(false),
                  MakeBooleanAccessor(&TcpFsmSocket::SetZerocopy, &TcpFsmSocket::GetZerocopy),
                  MakeBooleanChecker())
              .AddAttribute("OobInline",
                            "SO_OOBINLINE: urgent data stays in the normal data stream",
                            BooleanValue(false),
                            MakeBooleanAccessor(&TcpFsmSocket::m_oobInline),
                            MakeBooleanChecker())
              .AddAttribute("Linger",
                            "SO_LINGER {1, n}: Close() blocks (CloseWouldBlock) until our FIN is "
                            "acknowledged or n has passed; 0 = off ({1, 0} is AbortOnClose)",
                            TimeValue(Seconds(0)),
                            MakeTimeAccessor(&TcpFsmSocket::m_linger),
                            MakeTimeChecker(Seconds(0), Seconds(2147483647)))
              .AddAttribute("RxBuffer",
                            "The receive buffer's trace sources, as ns-3's TcpSocketBase names "
                            "them (NextRxSequence = RCV.NXT); read-only, made on first use",
                            TypeId::ATTR_GET,
                            PointerValue(),
                            MakePointerAccessor(&TcpFsmSocket::GetRxBufferTraces),
                            MakePointerChecker<TcpFsmRxBufferTraces>())
              .AddAttribute("UseEcn",
                            "ECN (RFC 3168), as ns3::TcpSocketBase::UseEcn: On asks for it with an "
                            "ECN-setup SYN, AcceptOnly only answers an ECN-setup SYN, Off neither",
                            EnumValue(TcpSocketState::Off),
                            MakeEnumAccessor(&TcpFsmSocket::SetUseEcn, &TcpFsmSocket::GetUseEcn),
                            MakeEnumChecker(TcpSocketState::Off,
                                            "Off",
                                            TcpSocketState::On,
                                            "On",
                                            TcpSocketState::AcceptOnly,
                                            "AcceptOnly"))
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
                              CcTraceAccessor(&TcpFsmSocket::m_cWndTrace),
                              "ns3::TracedValueCallback::Uint32")
              .AddTraceSource("CongestionWindowInflated",
                              "The congestion window inflated in fast recovery as in RFC 5681",
                              CcTraceAccessor(&TcpFsmSocket::m_cWndInflTrace),
                              "ns3::TracedValueCallback::Uint32")
              .AddTraceSource("SlowStartThreshold",
                              "The slow start threshold, in bytes",
                              CcTraceAccessor(&TcpFsmSocket::m_ssThTrace),
                              "ns3::TracedValueCallback::Uint32")
              .AddTraceSource("CongState",
                              "The congestion state (Open, Disorder, CWR, Recovery, Loss)",
                              CcTraceAccessor(&TcpFsmSocket::m_congStateTrace),
                              "ns3::TracedValueCallback::TcpCongState")
              .AddTraceSource("CongStateTransition",
                              "Every congestion state change with its cause (dup_acks, "
                              "sack_is_lost, full_ack, new_ack, dup_ack, rto, loss_recovered)",
                              CcTraceAccessor(&TcpFsmSocket::m_congStateTransitionTrace),
                              "ns3::TcpFsmSocket::CongStateTransitionTracedCallback")
              .AddTraceSource("EcnState",
                              "The ECN state (RFC 3168)",
                              CcTraceAccessor(&TcpFsmSocket::m_ecnStateTrace),
                              "ns3::TracedValueCallback::EcnState")
              .AddTraceSource("EcnEchoSeq",
                              "Sequence of the last ACK with a valid ECN Echo",
                              MakeTraceSourceAccessor(&TcpFsmSocket::m_ecnEchoSeq),
                              "ns3::SequenceNumber32TracedValueCallback")
              .AddTraceSource("EcnCeSeq",
                              "Sequence of the last segment received with CE",
                              MakeTraceSourceAccessor(&TcpFsmSocket::m_ecnCeSeq),
                              "ns3::SequenceNumber32TracedValueCallback")
              .AddTraceSource("EcnCwrSeq",
                              "Sequence of the last segment sent with CWR",
                              MakeTraceSourceAccessor(&TcpFsmSocket::m_ecnCwrSeq),
                              "ns3::SequenceNumber32TracedValueCallback")
              .AddTraceSource("NextTxSequence",
                              "Next sequence number to send (SND.NXT; moves back to retransmit)",
                              CcTraceAccessor(&TcpFsmSocket::m_nextTxSequenceTrace),
                              "ns3::TracedValueCallback::SequenceNumber32")
              .AddTraceSource("HighestSequence",
                              "One past the highest sequence number sent",
                              CcTraceAccessor(&TcpFsmSocket::m_highTxMarkTrace),
                              "ns3::TracedValueCallback::SequenceNumber32")
              .AddTraceSource("BytesInFlight",
                              "The sender's estimate of the bytes in flight (RFC 6675 pipe)",
                              CcTraceAccessor(&TcpFsmSocket::m_bytesInFlightTrace),
                              "ns3::TracedValueCallback::Uint32")
              .AddTraceSource("RTT",
                              "The last RTT sample",
                              CcTraceAccessor(&TcpFsmSocket::m_lastRttTrace),
                              "ns3::TracedValueCallback::Time")
              .AddTraceSource("RTO",
                              "The retransmission timeout (backoff included)",
                              MakeTraceSourceAccessor(&TcpFsmSocket::m_rtoTrace),
                              "ns3::TracedValueCallback::Time")
              .AddTraceSource("AdvWND",
                              "The window we advertise, in bytes (before scaling)",
                              MakeTraceSourceAccessor(&TcpFsmSocket::m_advWnd),
                              "ns3::TracedValueCallback::Uint32")
              .AddTraceSource("RWND",
                              "The peer's window (SND.WND), in bytes",
                              MakeTraceSourceAccessor(&TcpFsmSocket::m_rWnd),
                              "ns3::TracedValueCallback::Uint32")
              .AddTraceSource("PacingRate",
                              "The pacing rate the congestion control sets",
                              CcTraceAccessor(&TcpFsmSocket::m_pacingRateTrace),
                              "ns3::TracedValueCallback::DataRate")
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

} // namespace ns3
