/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * The event vocabulary of tcp-fsm: every input that can move the RFC 9293
 * connection state machine has exactly one name here. The same names are
 * used by the transition table, the StateTransition trace ("cause"), the
 * transition graph's edge labels, the tests and the manual.
 */
#ifndef TCP_FSM_EVENT_H
#define TCP_FSM_EVENT_H

#include "ns3/tcp-socket.h"

#include <cstdint>
#include <string>

namespace ns3
{

/// The 11 RFC 9293 states; tcp-fsm reuses ns-3's enum so existing State sinks work.
using TcpFsmState = TcpSocket::TcpStates_t;

/// Number of real states (CLOSED .. TIME_WAIT); LAST_STATE is not a state.
constexpr std::size_t kTcpFsmStateCount = static_cast<std::size_t>(TcpSocket::LAST_STATE);

/**
 * \ingroup tcp-fsm
 * \brief Everything that can cause a transition of the connection state machine.
 *
 * Segment events are produced only by the segment classifier, after the
 * RFC 9293 section 3.10.7.4 acceptance checks passed:
 * - RCV_SYN: a SYN without ACK.
 * - RCV_SYN_ACK: a SYN whose ACK acknowledges our SYN.
 * - RCV_ACK_OF_SYN: no SYN, no FIN; the ACK acknowledges our SYN (SYN_RCVD only).
 * - RCV_ACK_OF_FIN: no FIN (or a FIN not yet in sequence); the ACK covers our FIN.
 * - RCV_FIN: an in-sequence FIN whose ACK does not (yet) cover our FIN, or we sent none.
 * - RCV_FIN_ACK: an in-sequence FIN whose ACK covers our FIN, in one segment.
 * - RCV_RST: an acceptable RST (RFC 5961: exactly at RCV.NXT in synchronized states).
 * - RCV_DATA_AFTER_CLOSE: new data for a connection the application has fully
 *   closed (RFC 1122 4.2.2.13 / RFC 9293 3.10.7.4 "seventh"): answered with RST.
 *
 * TCP Fast Open (RFC 7413) refines four of them where the socket, not the classifier,
 * knows more (tcp-fsm-socket-fastopen.cc):
 * - RCV_SYN_FASTOPEN: a SYN (RCV_SYN for the classifier) that a listener accepts for
 *   Fast Open: a valid cookie (with or without data), or data without a cookie when the
 *   server does not require one. Any other SYN stays RCV_SYN (its data is dropped).
 * - RCV_SYN_ACK_DATA_ACKED: in SYN_SENT, after a SYN that carried data, a SYN+ACK whose
 *   ACK covers that data.
 * - RCV_SYN_ACK_DATA_NOT_ACKED: the same SYN+ACK acknowledging our SYN only.
 * - RCV_RST_FASTOPEN: an acceptable RST (RCV_RST for the classifier) for a Fast Open
 *   child in SYN_RCVD, which the application already holds: it cannot return to LISTEN.
 *
 * ECN (RFC 3168 6.1.1) refines three more, so that the negotiation is rows of the table
 * (tcp-fsm-socket-ecn.cc):
 * - APP_ACTIVE_OPEN_ECN: Connect() with UseEcn=On (or a congestion control that asks for
 *   ECN, TcpDctcp): the SYN is an ECN-setup SYN (ECE and CWR).
 * - RCV_SYN_ECN: an ECN-setup SYN (ECE and CWR) at a listener whose UseEcn is On or
 *   AcceptOnly: the child answers with an ECN-setup SYN+ACK (ECE, no CWR).
 * - RCV_SYN_ACK_ECN: in SYN_SENT after an ECN-setup SYN, an ECN-setup SYN+ACK (ECE without
 *   CWR). Any other SYN+ACK is RCV_SYN_ACK: ECN stays off for the connection.
 */
enum class TcpFsmEvent : uint8_t
{
    // Application calls (RFC 9293 section 3.10.1 - 3.10.7.3)
    APP_PASSIVE_OPEN, ///< Listen()
    APP_ACTIVE_OPEN,  ///< Connect()
    APP_SEND,         ///< SendTo() on a listening socket (the diagram's "SEND" edge)
    APP_CLOSE,        ///< Close()
    APP_SHUTDOWN,     ///< ShutdownSend(): our direction is closed, like Close() for the FSM
    APP_ABORT,        ///< abort: linger-zero close, Close() with unread data, or the helper's Abort
    // Arriving segments (classified, see above)
    RCV_SYN,
    RCV_SYN_ACK,
    RCV_ACK_OF_SYN,
    RCV_ACK_OF_FIN,
    RCV_FIN,
    RCV_FIN_ACK,
    RCV_RST,
    RCV_DATA_AFTER_CLOSE,
    // Timers
    TIMEOUT_RETX,       ///< retransmission give-up (ConnCount / DataRetries exhausted)
    TIMEOUT_2MSL,       ///< TIME_WAIT lasted 2 * Msl
    TIMEOUT_FIN_WAIT_2, ///< FinWait2Timeout expired for an orphaned FIN_WAIT_2
    TIMEOUT_KEEPALIVE,  ///< KeepAlive: the connection was idle KeepAliveIdle (then every
                        ///< KeepAliveInterval) and fewer than KeepAliveCount probes are unanswered
    TIMEOUT_KEEPALIVE_GIVE_UP, ///< KeepAlive: KeepAliveCount probes went unanswered (or
                               ///< UserTimeout passed with a probe unanswered)
    // TCP Fast Open (RFC 7413)
    APP_ACTIVE_OPEN_DATA,       ///< SendTo(MSG_FASTOPEN) on a CLOSED socket: the SYN carries data
    APP_ACTIVE_OPEN_DEFERRED,   ///< Connect() with FastOpenConnect and a usable cookie: no SYN yet
    APP_SEND_SYN_DATA,          ///< the first Send() after a deferred connect: SYN with data
    RCV_SYN_FASTOPEN,           ///< a SYN the listener accepts for Fast Open (see above)
    RCV_SYN_ACK_DATA_ACKED,     ///< SYN+ACK covering our SYN's data (see above)
    RCV_SYN_ACK_DATA_NOT_ACKED, ///< SYN+ACK acknowledging our SYN but not its data
    RCV_RST_FASTOPEN,           ///< a RST for a Fast Open child the application holds
    // ECN negotiation (RFC 3168 6.1.1)
    APP_ACTIVE_OPEN_ECN, ///< Connect() with ECN wanted: ECN-setup SYN (see above)
    RCV_SYN_ECN,         ///< an ECN-setup SYN a listener accepts for ECN (see above)
    RCV_SYN_ACK_ECN,     ///< an ECN-setup SYN+ACK answering our ECN-setup SYN (see above)
};

/// Number of events.
constexpr std::size_t kTcpFsmEventCount = 29;

/// Where an event comes from.
enum class TcpFsmEventSource : uint8_t
{
    APPLICATION,
    SEGMENT,
    TIMER,
};

/// What a transition sends (the "/ snd X" half of a diagram label).
enum class TcpFsmSend : uint8_t
{
    NOTHING,
    SYN,
    SYN_ACK,
    ACK,
    FIN,      ///< FIN (with ACK when synchronized), queued behind any unsent data
    RST,      ///< <SEQ=SND.NXT><CTL=RST>
    RST_ACK,  ///< <SEQ=SND.NXT><ACK=RCV.NXT><CTL=RST,ACK>
    PROBE,    ///< keepalive probe <SEQ=SND.NXT-1><ACK=RCV.NXT><CTL=ACK>, no data (RFC 1122 4.2.3.6)
    SYN_DATA, ///< SYN with the Fast Open cookie and the first data (RFC 7413 3)
    SYN_ECN,  ///< ECN-setup SYN: SYN with ECE and CWR (RFC 3168 6.1.1)
    SYN_ACK_ECN, ///< ECN-setup SYN+ACK: SYN+ACK with ECE, without CWR (RFC 3168 6.1.1)
};

constexpr std::size_t kTcpFsmSendCount = 11;

/// Trace/CSV name of an event, e.g. "rcv_fin_ack", "app_close", "timeout_2msl".
const char* TcpFsmEventName(TcpFsmEvent e);
/// Diagram wording of an event, e.g. "rcv FIN+ACK", "close", "2MSL timeout".
const char* TcpFsmEventLabel(TcpFsmEvent e);
/// Source of an event.
TcpFsmEventSource TcpFsmEventSourceOf(TcpFsmEvent e);
/// Parse a name produced by TcpFsmEventName(); false when unknown.
bool TcpFsmEventFromName(const std::string& name, TcpFsmEvent& out);

/// RFC name of a state ("FIN_WAIT_1"), as ns-3's TcpStateName.
const char* TcpFsmStateName(TcpFsmState s);
/// Parse an RFC state name ("FIN_WAIT_1"; "FIN-WAIT-1" also accepted); false when unknown.
bool TcpFsmStateFromName(const std::string& name, TcpFsmState& out);

/// Diagram wording of what is sent: "" (nothing), "SYN", "SYN+ACK", "ACK", "FIN", "RST", "RST+ACK",
/// "probe", "SYN+data".
const char* TcpFsmSendLabel(TcpFsmSend s);

/// Every event, in declaration order (for loops in tests and tools).
TcpFsmEvent TcpFsmEventAt(std::size_t index);
/// Every state, in declaration order.
TcpFsmState TcpFsmStateAt(std::size_t index);

} // namespace ns3

#endif /* TCP_FSM_EVENT_H */
