/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * The one table. Read a row as: in state FROM, on EVENT, send SEND and go to TO,
 * then do ACTION. "What happens when FIN_WAIT_1 receives FIN+ACK?" is the row
 * {FIN_WAIT_1, RCV_FIN_ACK, ...} below, and nowhere else.
 */
#include "tcp-fsm-transition-table.h"

#include <array>
#include <sstream>

namespace ns3
{

namespace
{

using S = TcpSocket;
using E = TcpFsmEvent;
using O = TcpFsmOrigin;
using X = TcpFsmSend;
using A = TcpFsmAction;

// clang-format off
constexpr TcpFsmTransition kRows[] = {
// from            event                    origin      send        to               action            RFC clause                                  fig   rule
// ---- CLOSED -------------------------------------------------------------------------------------------------------------------------
{S::CLOSED,      E::APP_PASSIVE_OPEN,     O::ANY,     X::NOTHING, S::LISTEN,       A::NONE,            "RFC 9293 3.10.1",                          true,  "Listen() creates a passive TCB"},
{S::CLOSED,      E::APP_ACTIVE_OPEN,      O::ANY,     X::SYN,     S::SYN_SENT,     A::NONE,            "RFC 9293 3.10.1",                          true,  "Connect() selects an ISS and sends SYN"},
{S::CLOSED,      E::APP_ACTIVE_OPEN_ECN,  O::ANY,     X::SYN_ECN, S::SYN_SENT,     A::NONE,            "RFC 3168 6.1.1",                           false, "Connect() with UseEcn=On (or DCTCP) sends an ECN-setup SYN (ECE, CWR)"},
{S::CLOSED,      E::APP_ACTIVE_OPEN_DATA, O::ANY,     X::SYN_DATA,S::SYN_SENT,     A::NONE,            "RFC 7413 3, 4.2.2",                        false, "SendTo(MSG_FASTOPEN) with a cached cookie (or none required): the SYN carries cookie and data"},
{S::CLOSED,      E::APP_ACTIVE_OPEN_DEFERRED, O::ANY, X::NOTHING, S::SYN_SENT,     A::CONNECTED,       "RFC 7413 4.2.2 (Linux TCP_FASTOPEN_CONNECT)", false, "Connect() with FastOpenConnect and a usable cookie succeeds at once; the SYN waits for the first Send()"},
// ---- LISTEN -------------------------------------------------------------------------------------------------------------------------
{S::LISTEN,      E::RCV_SYN,              O::ANY,     X::SYN_ACK, S::SYN_RCVD,     A::SPAWN_CHILD,     "RFC 9293 3.10.7.2 (third)",                true,  "a SYN creates a child connection that answers SYN+ACK (ECN off: not an ECN-setup SYN, or UseEcn=Off)"},
{S::LISTEN,      E::RCV_SYN_FASTOPEN,     O::ANY,     X::SYN_ACK, S::SYN_RCVD,     A::FASTOPEN_ACCEPT, "RFC 7413 4.2.2",                           false, "a SYN with a valid cookie: the child keeps its data, ACKs it in the SYN+ACK and is accepted in SYN_RCVD"},
{S::LISTEN,      E::RCV_SYN_ECN,          O::ANY,     X::SYN_ACK_ECN, S::SYN_RCVD, A::SPAWN_CHILD,     "RFC 3168 6.1.1",                           false, "an ECN-setup SYN, UseEcn On or AcceptOnly: the child answers with an ECN-setup SYN+ACK (ECE) and uses ECN"},
{S::LISTEN,      E::APP_SEND,             O::ANY,     X::SYN,     S::SYN_SENT,     A::NONE,            "RFC 9293 3.10.2",                          true,  "SEND to a named peer turns the passive open active"},
{S::LISTEN,      E::APP_ACTIVE_OPEN,      O::ANY,     X::SYN,     S::SYN_SENT,     A::NONE,            "RFC 9293 3.10.1",                          false, "an active OPEN on a listener turns it active"},
{S::LISTEN,      E::APP_ACTIVE_OPEN_ECN,  O::ANY,     X::SYN_ECN, S::SYN_SENT,     A::NONE,            "RFC 9293 3.10.1, RFC 3168 6.1.1",          false, "an active OPEN on a listener with UseEcn=On: ECN-setup SYN"},
{S::LISTEN,      E::APP_CLOSE,            O::ANY,     X::NOTHING, S::CLOSED,       A::END_NORMAL,      "RFC 9293 3.10.4",                          true,  "closing a listener deletes it (children not yet accepted are reset)"},
{S::LISTEN,      E::APP_ABORT,            O::ANY,     X::NOTHING, S::CLOSED,       A::END_ABORT,       "RFC 9293 3.10.5",                          false, "aborting a listener deletes it"},
// ---- SYN_SENT -----------------------------------------------------------------------------------------------------------------------
{S::SYN_SENT,    E::RCV_SYN_ACK,          O::ANY,     X::ACK,     S::ESTABLISHED,  A::CONNECTED,       "RFC 9293 3.10.7.3 (fourth)",               true,  "a SYN whose ACK covers our SYN completes the handshake: send ACK (ECN off: a non-ECN SYN+ACK to an ECN-setup SYN falls back, RFC 3168 6.1.1)"},
{S::SYN_SENT,    E::RCV_SYN_ACK_ECN,      O::ANY,     X::ACK,     S::ESTABLISHED,  A::CONNECTED,       "RFC 9293 3.10.7.3, RFC 3168 6.1.1",        false, "an ECN-setup SYN+ACK (ECE, no CWR) answers our ECN-setup SYN: ECN is on for the connection"},
{S::SYN_SENT,    E::APP_SEND_SYN_DATA,    O::ANY,     X::SYN_DATA,S::SYN_SENT,     A::NONE,            "RFC 7413 4.2.2 (Linux TCP_FASTOPEN_CONNECT)", false, "the first Send() after a deferred connect sends the SYN with cookie and data"},
{S::SYN_SENT,    E::RCV_SYN_ACK_DATA_ACKED, O::ANY,   X::ACK,     S::ESTABLISHED,  A::CONNECTED,       "RFC 7413 4.2.2",                           false, "the SYN+ACK acknowledges our SYN and its data: established one RTT early for the data"},
{S::SYN_SENT,    E::RCV_SYN_ACK_DATA_NOT_ACKED, O::ANY, X::NOTHING, S::ESTABLISHED, A::RESEND_SYN_DATA, "RFC 7413 4.2.2",                          false, "the SYN+ACK acknowledges our SYN only: established; the SYN's data, sent again at once, is the ACK"},
{S::SYN_SENT,    E::RCV_SYN,              O::ANY,     X::SYN_ACK, S::SYN_RCVD,     A::NONE,            "RFC 9293 3.10.7.3 (fourth), 3.5 Fig. 7",   true,  "simultaneous open: a bare SYN is answered with SYN+ACK"},
{S::SYN_SENT,    E::RCV_RST,              O::ANY,     X::NOTHING, S::CLOSED,       A::END_REFUSED,     "RFC 9293 3.10.7.3 (second)",               false, "a RST whose ACK covers our SYN: connection refused"},
{S::SYN_SENT,    E::APP_CLOSE,            O::ANY,     X::NOTHING, S::CLOSED,       A::END_ABORT,       "RFC 9293 3.10.4",                          true,  "closing before the handshake deletes the connection silently"},
{S::SYN_SENT,    E::APP_ABORT,            O::ANY,     X::NOTHING, S::CLOSED,       A::END_ABORT,       "RFC 9293 3.10.5",                          false, "aborting before the handshake deletes the connection silently"},
{S::SYN_SENT,    E::TIMEOUT_RETX,         O::ANY,     X::NOTHING, S::CLOSED,       A::END_TIMEOUT,     "RFC 1122 4.2.3.5, RFC 6298",               false, "ConnCount SYN retransmissions went unanswered"},
// ---- SYN_RCVD -----------------------------------------------------------------------------------------------------------------------
{S::SYN_RCVD,    E::RCV_ACK_OF_SYN,       O::ANY,     X::NOTHING, S::ESTABLISHED,  A::CONNECTED,       "RFC 9293 3.10.7.4 (fifth)",                true,  "the ACK of our SYN+ACK completes the handshake"},
{S::SYN_RCVD,    E::RCV_SYN_ACK,          O::ANY,     X::ACK,     S::ESTABLISHED,  A::CONNECTED,       "RFC 9293 3.5 Fig. 7",                      false, "simultaneous open: the peer's SYN+ACK acknowledges our SYN: send ACK"},
{S::SYN_RCVD,    E::RCV_RST,              O::PASSIVE, X::NOTHING, S::LISTEN,       A::RETURN_TO_LISTEN,"RFC 9293 3.10.7.4 (second)",               true,  "a reset child of a listener returns to LISTEN (it is discarded)"},
{S::SYN_RCVD,    E::RCV_RST,              O::ACTIVE,  X::NOTHING, S::CLOSED,       A::END_REFUSED,     "RFC 9293 3.10.7.4 (second)",               false, "a reset simultaneous open: connection refused"},
{S::SYN_RCVD,    E::RCV_RST_FASTOPEN,     O::PASSIVE, X::NOTHING, S::CLOSED,       A::END_RESET,       "RFC 7413 4.2.2, RFC 9293 3.10.7.4 (second)", false, "a reset Fast Open child, already the application's, cannot return to LISTEN: closed, reset (ECONNRESET)"},
{S::SYN_RCVD,    E::APP_CLOSE,            O::ANY,     X::FIN,     S::FIN_WAIT_1,   A::NONE,            "RFC 9293 3.10.4",                          true,  "closing in SYN_RCVD sends FIN"},
{S::SYN_RCVD,    E::APP_SHUTDOWN,         O::ANY,     X::FIN,     S::FIN_WAIT_1,   A::NONE,            "RFC 9293 3.10.4",                          false, "shutting down our direction in SYN_RCVD sends FIN"},
{S::SYN_RCVD,    E::APP_ABORT,            O::ANY,     X::RST_ACK, S::CLOSED,       A::END_ABORT,       "RFC 9293 3.10.5, 3.10.7.3",                false, "abort sends <SEQ=SND.NXT><ACK=RCV.NXT><CTL=RST,ACK>: a peer still in SYN_SENT accepts only a RST whose ACK covers its SYN (Linux: a Fast Open child closed with unread data)"},
{S::SYN_RCVD,    E::TIMEOUT_RETX,         O::ANY,     X::NOTHING, S::CLOSED,       A::END_TIMEOUT,     "RFC 1122 4.2.3.5, RFC 6298",               false, "ConnCount SYN+ACK retransmissions went unanswered"},
// ---- ESTABLISHED --------------------------------------------------------------------------------------------------------------------
{S::ESTABLISHED, E::APP_CLOSE,            O::ANY,     X::FIN,     S::FIN_WAIT_1,   A::NONE,            "RFC 9293 3.10.4",                          true,  "active close: FIN after any queued data"},
{S::ESTABLISHED, E::APP_SHUTDOWN,         O::ANY,     X::FIN,     S::FIN_WAIT_1,   A::NONE,            "RFC 9293 3.10.4, RFC 1122 4.2.2.13",       false, "half-close: FIN after queued data, receiving continues"},
{S::ESTABLISHED, E::RCV_FIN,              O::ANY,     X::ACK,     S::CLOSE_WAIT,   A::PEER_CLOSED,     "RFC 9293 3.10.7.4 (eighth)",               true,  "passive close: ACK the FIN, the application sees end of stream"},
{S::ESTABLISHED, E::RCV_RST,              O::ANY,     X::NOTHING, S::CLOSED,       A::END_RESET,       "RFC 9293 3.10.7.4 (second), RFC 5961 3",   false, "a RST exactly at RCV.NXT resets the connection"},
{S::ESTABLISHED, E::APP_ABORT,            O::ANY,     X::RST_ACK, S::CLOSED,       A::END_ABORT,       "RFC 9293 3.10.5, RFC 1122 4.2.2.13",       false, "abort sends <SEQ=SND.NXT><ACK=RCV.NXT><CTL=RST,ACK>"},
{S::ESTABLISHED, E::TIMEOUT_RETX,         O::ANY,     X::NOTHING, S::CLOSED,       A::END_TIMEOUT,     "RFC 1122 4.2.3.5, RFC 5482",               false, "DataRetries retransmissions (or UserTimeout) went unanswered"},
{S::ESTABLISHED, E::TIMEOUT_KEEPALIVE,    O::ANY,     X::PROBE,   S::ESTABLISHED,  A::NONE,            "RFC 1122 4.2.3.6",                          false, "idle for KeepAliveIdle: probe with SND.NXT-1, again every KeepAliveInterval"},
{S::ESTABLISHED, E::TIMEOUT_KEEPALIVE_GIVE_UP, O::ANY, X::RST_ACK, S::CLOSED,     A::END_TIMEOUT,     "RFC 1122 4.2.3.6",                          false, "KeepAliveCount probes unanswered: reset the dead connection (ETIMEDOUT)"},
// ---- FIN_WAIT_1 ---------------------------------------------------------------------------------------------------------------------
{S::FIN_WAIT_1,  E::RCV_ACK_OF_FIN,       O::ANY,     X::NOTHING, S::FIN_WAIT_2,   A::NONE,            "RFC 9293 3.10.7.4 (fifth)",                true,  "our FIN is acknowledged; the peer may still send"},
{S::FIN_WAIT_1,  E::RCV_FIN,              O::ANY,     X::ACK,     S::CLOSING,      A::PEER_CLOSED,     "RFC 9293 3.10.7.4 (eighth)",               true,  "simultaneous close: the peer's FIN before the ACK of ours"},
{S::FIN_WAIT_1,  E::RCV_FIN_ACK,          O::ANY,     X::ACK,     S::TIME_WAIT,    A::PEER_CLOSED,     "RFC 9293 3.10.7.4 (fifth, eighth)",        true,  "FIN and the ACK of our FIN in one segment: straight to TIME_WAIT"},
{S::FIN_WAIT_1,  E::RCV_RST,              O::ANY,     X::NOTHING, S::CLOSED,       A::END_RESET,       "RFC 9293 3.10.7.4 (second), RFC 5961 3",   false, "a RST exactly at RCV.NXT resets the connection"},
{S::FIN_WAIT_1,  E::RCV_DATA_AFTER_CLOSE, O::ANY,     X::RST_ACK, S::CLOSED,       A::END_ABORT,       "RFC 1122 4.2.2.13, RFC 9293 3.10.7.4",     false, "new data for an application that closed: reset"},
{S::FIN_WAIT_1,  E::APP_ABORT,            O::ANY,     X::RST_ACK, S::CLOSED,       A::END_ABORT,       "RFC 9293 3.10.5",                          false, "abort sends <SEQ=SND.NXT><ACK=RCV.NXT><CTL=RST,ACK>"},
{S::FIN_WAIT_1,  E::TIMEOUT_RETX,         O::ANY,     X::NOTHING, S::CLOSED,       A::END_TIMEOUT,     "RFC 1122 4.2.3.5",                         false, "DataRetries retransmissions of data/FIN went unanswered"},
// ---- FIN_WAIT_2 ---------------------------------------------------------------------------------------------------------------------
{S::FIN_WAIT_2,  E::RCV_FIN,              O::ANY,     X::ACK,     S::TIME_WAIT,    A::PEER_CLOSED,     "RFC 9293 3.10.7.4 (eighth)",               true,  "the peer's FIN: ACK it and wait 2MSL"},
{S::FIN_WAIT_2,  E::TIMEOUT_FIN_WAIT_2,   O::ANY,     X::NOTHING, S::CLOSED,       A::END_TIMEOUT,     "RFC 9293 3.10.7.4 (note), Linux tcp_fin_timeout", false, "an orphaned FIN_WAIT_2 gives up after FinWait2Timeout"},
{S::FIN_WAIT_2,  E::RCV_RST,              O::ANY,     X::NOTHING, S::CLOSED,       A::END_RESET,       "RFC 9293 3.10.7.4 (second), RFC 5961 3",   false, "a RST exactly at RCV.NXT resets the connection"},
{S::FIN_WAIT_2,  E::RCV_DATA_AFTER_CLOSE, O::ANY,     X::RST_ACK, S::CLOSED,       A::END_ABORT,       "RFC 1122 4.2.2.13, RFC 9293 3.10.7.4",     false, "new data for an application that closed: reset"},
{S::FIN_WAIT_2,  E::APP_ABORT,            O::ANY,     X::RST_ACK, S::CLOSED,       A::END_ABORT,       "RFC 9293 3.10.5",                          false, "abort sends <SEQ=SND.NXT><ACK=RCV.NXT><CTL=RST,ACK>"},
{S::FIN_WAIT_2,  E::TIMEOUT_KEEPALIVE,    O::ANY,     X::PROBE,   S::FIN_WAIT_2,   A::NONE,            "RFC 1122 4.2.3.6",                          false, "half-closed and idle for KeepAliveIdle: probe the peer"},
{S::FIN_WAIT_2,  E::TIMEOUT_KEEPALIVE_GIVE_UP, O::ANY, X::RST_ACK, S::CLOSED,     A::END_TIMEOUT,     "RFC 1122 4.2.3.6",                          false, "KeepAliveCount probes unanswered: reset the dead connection (ETIMEDOUT)"},
// ---- CLOSING ------------------------------------------------------------------------------------------------------------------------
{S::CLOSING,     E::RCV_ACK_OF_FIN,       O::ANY,     X::NOTHING, S::TIME_WAIT,    A::NONE,            "RFC 9293 3.10.7.4 (fifth)",                true,  "the ACK of our FIN ends the simultaneous close"},
{S::CLOSING,     E::RCV_RST,              O::ANY,     X::NOTHING, S::CLOSED,       A::END_RESET,       "RFC 9293 3.10.7.4 (second)",               false, "a RST exactly at RCV.NXT ends the connection"},
{S::CLOSING,     E::APP_ABORT,            O::ANY,     X::NOTHING, S::CLOSED,       A::END_ABORT,       "RFC 9293 3.10.5",                          false, "abort deletes the connection"},
{S::CLOSING,     E::TIMEOUT_RETX,         O::ANY,     X::NOTHING, S::CLOSED,       A::END_TIMEOUT,     "RFC 1122 4.2.3.5",                         false, "DataRetries FIN retransmissions went unanswered"},
// ---- TIME_WAIT ----------------------------------------------------------------------------------------------------------------------
{S::TIME_WAIT,   E::TIMEOUT_2MSL,         O::ANY,     X::NOTHING, S::CLOSED,       A::END_NORMAL,      "RFC 9293 3.10.8",                          true,  "2*MSL after the last FIN: the connection is gone"},
{S::TIME_WAIT,   E::RCV_FIN,              O::ANY,     X::ACK,     S::TIME_WAIT,    A::RESTART_2MSL,    "RFC 9293 3.10.7.4 (eighth)",               false, "a retransmitted FIN: ACK it again and restart the 2MSL timer"},
{S::TIME_WAIT,   E::RCV_RST,              O::ANY,     X::NOTHING, S::CLOSED,       A::END_RESET,       "RFC 9293 3.10.7.4 (second); RFC 1337",     false, "only with Rfc1337=false; by default a RST in TIME_WAIT is ignored"},
{S::TIME_WAIT,   E::RCV_SYN,              O::ANY,     X::NOTHING, S::CLOSED,       A::END_NORMAL,      "RFC 9293 3.6.1 (MAY-2), RFC 6191",         false, "a new SYN (above RCV.NXT, or a newer TSval) while a listener waits: TIME_WAIT ends, the listener takes the SYN with a higher ISS"},
{S::TIME_WAIT,   E::APP_ABORT,            O::ANY,     X::NOTHING, S::CLOSED,       A::END_ABORT,       "RFC 9293 3.10.5",                          false, "abort deletes the connection"},
// ---- CLOSE_WAIT ---------------------------------------------------------------------------------------------------------------------
{S::CLOSE_WAIT,  E::APP_CLOSE,            O::ANY,     X::FIN,     S::LAST_ACK,     A::NONE,            "RFC 9293 3.10.4",                          true,  "passive close: our FIN after any queued data"},
{S::CLOSE_WAIT,  E::APP_SHUTDOWN,         O::ANY,     X::FIN,     S::LAST_ACK,     A::NONE,            "RFC 9293 3.10.4",                          false, "shutting down our direction after the peer's FIN"},
{S::CLOSE_WAIT,  E::RCV_RST,              O::ANY,     X::NOTHING, S::CLOSED,       A::END_RESET,       "RFC 9293 3.10.7.4 (second), RFC 5961 3",   false, "a RST exactly at RCV.NXT resets the connection"},
{S::CLOSE_WAIT,  E::APP_ABORT,            O::ANY,     X::RST_ACK, S::CLOSED,       A::END_ABORT,       "RFC 9293 3.10.5",                          false, "abort sends <SEQ=SND.NXT><ACK=RCV.NXT><CTL=RST,ACK>"},
{S::CLOSE_WAIT,  E::TIMEOUT_RETX,         O::ANY,     X::NOTHING, S::CLOSED,       A::END_TIMEOUT,     "RFC 1122 4.2.3.5, RFC 5482",               false, "DataRetries retransmissions (or UserTimeout) went unanswered"},
{S::CLOSE_WAIT,  E::TIMEOUT_KEEPALIVE,    O::ANY,     X::PROBE,   S::CLOSE_WAIT,   A::NONE,            "RFC 1122 4.2.3.6",                          false, "the peer closed and we are idle for KeepAliveIdle: probe it"},
{S::CLOSE_WAIT,  E::TIMEOUT_KEEPALIVE_GIVE_UP, O::ANY, X::RST_ACK, S::CLOSED,     A::END_TIMEOUT,     "RFC 1122 4.2.3.6",                          false, "KeepAliveCount probes unanswered: reset the dead connection (ETIMEDOUT)"},
// ---- LAST_ACK -----------------------------------------------------------------------------------------------------------------------
{S::LAST_ACK,    E::RCV_ACK_OF_FIN,       O::ANY,     X::NOTHING, S::CLOSED,       A::END_NORMAL,      "RFC 9293 3.10.7.4 (fifth)",                true,  "the ACK of our FIN ends the passive close"},
{S::LAST_ACK,    E::RCV_RST,              O::ANY,     X::NOTHING, S::CLOSED,       A::END_RESET,       "RFC 9293 3.10.7.4 (second)",               false, "a RST exactly at RCV.NXT ends the connection"},
{S::LAST_ACK,    E::APP_ABORT,            O::ANY,     X::NOTHING, S::CLOSED,       A::END_ABORT,       "RFC 9293 3.10.5",                          false, "abort deletes the connection"},
{S::LAST_ACK,    E::TIMEOUT_RETX,         O::ANY,     X::NOTHING, S::CLOSED,       A::END_TIMEOUT,     "RFC 1122 4.2.3.5",                         false, "DataRetries FIN retransmissions went unanswered"},
};
// clang-format on

constexpr uint16_t
Bit(TcpFsmState s)
{
    return static_cast<uint16_t>(1u << static_cast<unsigned>(s));
}

constexpr uint16_t kAll = (1u << kTcpFsmStateCount) - 1;
constexpr uint16_t kSynchronized = Bit(S::ESTABLISHED) | Bit(S::FIN_WAIT_1) | Bit(S::FIN_WAIT_2)
                                   | Bit(S::CLOSING) | Bit(S::TIME_WAIT) | Bit(S::CLOSE_WAIT)
                                   | Bit(S::LAST_ACK);

// clang-format off
/// Every (state, event) pair without a row, with the reason. The tests prove this list and
/// the rows together cover all 11 x 17 pairs exactly once.
const std::vector<TcpFsmNoTransition> kNoRows = {
    {Bit(S::CLOSED), E::RCV_SYN, "no connection: the L4 answers with RST (RFC 9293 3.10.7.1)"},
    {Bit(S::CLOSED), E::RCV_SYN_ACK, "no connection: the L4 answers with RST (RFC 9293 3.10.7.1)"},
    {Bit(S::CLOSED), E::RCV_ACK_OF_SYN, "no connection: the L4 answers with RST (RFC 9293 3.10.7.1)"},
    {Bit(S::CLOSED), E::RCV_ACK_OF_FIN, "no connection: the L4 answers with RST (RFC 9293 3.10.7.1)"},
    {Bit(S::CLOSED), E::RCV_FIN, "no connection: the L4 answers with RST (RFC 9293 3.10.7.1)"},
    {Bit(S::CLOSED), E::RCV_FIN_ACK, "no connection: the L4 answers with RST (RFC 9293 3.10.7.1)"},
    {Bit(S::CLOSED), E::RCV_RST, "no connection: a RST is discarded (RFC 9293 3.10.7.1)"},
    {Bit(S::CLOSED), E::RCV_DATA_AFTER_CLOSE, "no connection: the L4 answers with RST (RFC 9293 3.10.7.1)"},
    {Bit(S::CLOSED), E::APP_SEND, "error: not connected (ERROR_NOTCONN)"},
    {Bit(S::CLOSED), E::APP_CLOSE, "error: not connected (ERROR_NOTCONN)"},
    {Bit(S::CLOSED), E::APP_SHUTDOWN, "no connection: only remembered (a later connection will not send)"},
    {Bit(S::CLOSED), E::APP_ABORT, "error: not connected (ERROR_NOTCONN)"},
    {Bit(S::CLOSED) | Bit(S::LISTEN) | Bit(S::FIN_WAIT_2) | Bit(S::TIME_WAIT), E::TIMEOUT_RETX,
     "nothing is outstanding in this state, so no retransmission timer runs"},
    {kAll & ~Bit(S::TIME_WAIT), E::TIMEOUT_2MSL, "the 2MSL timer runs only in TIME_WAIT"},
    {kAll & ~Bit(S::FIN_WAIT_2), E::TIMEOUT_FIN_WAIT_2, "the FIN_WAIT_2 timer runs only in FIN_WAIT_2"},
    {kAll & ~(Bit(S::ESTABLISHED) | Bit(S::CLOSE_WAIT) | Bit(S::FIN_WAIT_2)), E::TIMEOUT_KEEPALIVE,
     "keepalive probes only an idle synchronized connection with nothing outstanding (RFC 1122 4.2.3.6; Linux)"},
    {kAll & ~(Bit(S::ESTABLISHED) | Bit(S::CLOSE_WAIT) | Bit(S::FIN_WAIT_2)), E::TIMEOUT_KEEPALIVE_GIVE_UP,
     "keepalive probes only an idle synchronized connection with nothing outstanding (RFC 1122 4.2.3.6; Linux)"},
    {kAll & ~Bit(S::CLOSED), E::APP_PASSIVE_OPEN, "error: the socket is already in use (ERROR_INVAL)"},
    {kAll & ~(Bit(S::CLOSED) | Bit(S::LISTEN)), E::APP_ACTIVE_OPEN, "error: already connected (ERROR_ISCONN)"},
    {Bit(S::SYN_SENT) | Bit(S::SYN_RCVD) | Bit(S::ESTABLISHED) | Bit(S::CLOSE_WAIT), E::APP_SEND,
     "no transition: the data is queued and sent when the window allows"},
    {Bit(S::FIN_WAIT_1) | Bit(S::FIN_WAIT_2) | Bit(S::CLOSING) | Bit(S::TIME_WAIT) | Bit(S::LAST_ACK), E::APP_SEND,
     "error: our direction is shut down (ERROR_SHUTDOWN)"},
    {Bit(S::FIN_WAIT_1) | Bit(S::FIN_WAIT_2) | Bit(S::CLOSING) | Bit(S::TIME_WAIT) | Bit(S::LAST_ACK), E::APP_CLOSE,
     "our FIN is already sent: Close() after ShutdownSend() only hands the connection to the stack"},
    {Bit(S::FIN_WAIT_1) | Bit(S::FIN_WAIT_2) | Bit(S::CLOSING) | Bit(S::TIME_WAIT) | Bit(S::LAST_ACK), E::APP_SHUTDOWN,
     "our FIN is already sent: nothing to do"},
    {Bit(S::LISTEN), E::APP_SHUTDOWN, "remembered and inherited by the children (ns-3's PacketSink does this)"},
    {Bit(S::SYN_SENT), E::APP_SHUTDOWN, "remembered: the FIN is sent as soon as ESTABLISHED is reached"},
    {Bit(S::SYN_RCVD) | (kSynchronized & ~Bit(S::TIME_WAIT)), E::RCV_SYN,
     "a SYN in a synchronized state draws a challenge ACK (RFC 5961 4.2); a duplicate SYN in SYN_RCVD, the SYN+ACK again"},
    {Bit(S::LISTEN), E::RCV_SYN_ACK, "any ACK in LISTEN draws <SEQ=SEG.ACK><CTL=RST> (RFC 9293 3.10.7.2)"},
    {kSynchronized, E::RCV_SYN_ACK, "a SYN in a synchronized state draws a challenge ACK (RFC 5961 4.2)"},
    {Bit(S::LISTEN), E::RCV_ACK_OF_SYN, "any ACK in LISTEN draws <SEQ=SEG.ACK><CTL=RST> (RFC 9293 3.10.7.2)"},
    {Bit(S::SYN_SENT), E::RCV_ACK_OF_SYN,
     "an ACK without SYN in SYN_SENT is dropped, or reset when unacceptable (RFC 9293 3.10.7.3)"},
    {kSynchronized, E::RCV_ACK_OF_SYN, "our SYN was acknowledged before: an ordinary ACK"},
    {Bit(S::LISTEN) | Bit(S::SYN_SENT) | Bit(S::SYN_RCVD) | Bit(S::ESTABLISHED) | Bit(S::CLOSE_WAIT), E::RCV_ACK_OF_FIN,
     "we have sent no FIN in this state"},
    {Bit(S::FIN_WAIT_2) | Bit(S::TIME_WAIT), E::RCV_ACK_OF_FIN, "our FIN was acknowledged before: a duplicate ACK"},
    {Bit(S::LISTEN) | Bit(S::SYN_SENT), E::RCV_FIN, "not synchronized: a FIN is dropped (RFC 9293 3.10.7.2, 3.10.7.3)"},
    {Bit(S::SYN_RCVD), E::RCV_FIN,
     "the ACK is processed first (SYN_RCVD -> ESTABLISHED), then the FIN; without an ACK the segment is dropped"},
    {Bit(S::CLOSING) | Bit(S::CLOSE_WAIT) | Bit(S::LAST_ACK), E::RCV_FIN,
     "a retransmitted FIN is ACKed again; no transition (RFC 9293 3.10.7.4 eighth)"},
    {kAll & ~Bit(S::FIN_WAIT_1) & ~Bit(S::CLOSED), E::RCV_FIN_ACK,
     "only FIN_WAIT_1 has a FIN of ours awaiting its ACK while the peer's FIN is new"},
    {Bit(S::LISTEN), E::RCV_RST, "a RST in LISTEN is ignored (RFC 9293 3.10.7.2 first)"},
    {kAll & ~(Bit(S::CLOSED) | Bit(S::FIN_WAIT_1) | Bit(S::FIN_WAIT_2)), E::RCV_DATA_AFTER_CLOSE,
     "no new data can arrive: the application has not closed, or the peer's FIN was already received"},
    // TCP Fast Open (RFC 7413)
    {kAll & ~Bit(S::CLOSED), E::APP_ACTIVE_OPEN_DATA,
     "MSG_FASTOPEN opens only a CLOSED socket; on any other SendTo() is an ordinary send"},
    {kAll & ~Bit(S::CLOSED), E::APP_ACTIVE_OPEN_DEFERRED,
     "a deferred connect starts from CLOSED only (elsewhere Connect() is app_active_open)"},
    {kAll & ~Bit(S::SYN_SENT), E::APP_SEND_SYN_DATA,
     "only a SYN_SENT whose connect was deferred waits for its first send"},
    {kAll & ~Bit(S::LISTEN), E::RCV_SYN_FASTOPEN,
     "only a listener accepts Fast Open; elsewhere a SYN is rcv_syn (RFC 7413 4.2.2)"},
    {kAll & ~Bit(S::SYN_SENT), E::RCV_SYN_ACK_DATA_ACKED, "only SYN_SENT has sent a SYN with data"},
    {kAll & ~Bit(S::SYN_SENT), E::RCV_SYN_ACK_DATA_NOT_ACKED, "only SYN_SENT has sent a SYN with data"},
    {kAll & ~Bit(S::SYN_RCVD), E::RCV_RST_FASTOPEN,
     "only a Fast Open child is handed to the application in SYN_RCVD; elsewhere a RST is rcv_rst"},
    // ECN negotiation (RFC 3168 6.1.1)
    {kAll & ~(Bit(S::CLOSED) | Bit(S::LISTEN)), E::APP_ACTIVE_OPEN_ECN, "error: already connected (ERROR_ISCONN)"},
    {kAll & ~Bit(S::LISTEN), E::RCV_SYN_ECN,
     "only a listener negotiates ECN on a SYN; elsewhere an ECN-setup SYN is rcv_syn (simultaneous open: no ECN)"},
    {kAll & ~Bit(S::SYN_SENT), E::RCV_SYN_ACK_ECN, "only SYN_SENT has sent an ECN-setup SYN"},
};
// clang-format on

constexpr std::array<TcpFsmStateInfo, kTcpFsmStateCount> kStateInfo = {{
    // state          sync   appSnd acceptsData finSent timer
    {S::CLOSED, false, false, false, false, TcpFsmEntryTimer::NONE, "no connection"},
    {S::LISTEN, false, false, false, false, TcpFsmEntryTimer::NONE, "waiting for a SYN"},
    {S::SYN_SENT,
     false,
     true,
     false,
     false,
     TcpFsmEntryTimer::RETRANSMIT,
     "SYN sent, waiting for the SYN+ACK (segment 2)"},
    {S::SYN_RCVD,
     false,
     true,
     false,
     false,
     TcpFsmEntryTimer::RETRANSMIT,
     "SYN received and SYN+ACK sent, waiting for the ACK (segment 3)"},
    {S::ESTABLISHED, true, true, true, false, TcpFsmEntryTimer::NONE, "data flows both ways"},
    {S::CLOSE_WAIT,
     true,
     true,
     false,
     false,
     TcpFsmEntryTimer::NONE,
     "the peer closed its direction; we may still send"},
    {S::LAST_ACK,
     true,
     false,
     false,
     true,
     TcpFsmEntryTimer::NONE,
     "our FIN sent after the peer's, waiting for its ACK"},
    {S::FIN_WAIT_1,
     true,
     false,
     true,
     true,
     TcpFsmEntryTimer::NONE,
     "our FIN sent, not yet acknowledged"},
    {S::FIN_WAIT_2,
     true,
     false,
     true,
     true,
     TcpFsmEntryTimer::FIN_WAIT_2,
     "our FIN acknowledged, waiting for the peer's FIN (half-close)"},
    {S::CLOSING,
     true,
     false,
     false,
     true,
     TcpFsmEntryTimer::NONE,
     "both FINs sent, waiting for the ACK of ours"},
    {S::TIME_WAIT,
     true,
     false,
     false,
     true,
     TcpFsmEntryTimer::TWO_MSL,
     "both directions closed; waiting 2*MSL"},
}};

constexpr bool
StateInfoInOrder()
{
    for (std::size_t i = 0; i < kStateInfo.size(); ++i)
    {
        if (static_cast<std::size_t>(kStateInfo[i].state) != i)
        {
            return false;
        }
    }
    return true;
}

static_assert(StateInfoInOrder(), "kStateInfo must be indexed by state");

constexpr bool
Overlaps(const TcpFsmTransition& a, const TcpFsmTransition& b)
{
    return a.from == b.from && a.event == b.event
           && (a.origin == b.origin || a.origin == O::ANY || b.origin == O::ANY);
}

constexpr bool
KeysUnique()
{
    constexpr std::size_t n = sizeof(kRows) / sizeof(kRows[0]);
    for (std::size_t i = 0; i < n; ++i)
    {
        for (std::size_t j = i + 1; j < n; ++j)
        {
            if (Overlaps(kRows[i], kRows[j]))
            {
                return false;
            }
        }
    }
    return true;
}

static_assert(KeysUnique(), "two rows of the transition table share (from, event, origin)");

struct Index
{
    // [state][event][passive]
    const TcpFsmTransition* cell[kTcpFsmStateCount][kTcpFsmEventCount][2] = {};

    explicit Index(const std::vector<TcpFsmTransition>& rows)
    {
        for (const auto& row : rows)
        {
            auto s = static_cast<std::size_t>(row.from);
            auto e = static_cast<std::size_t>(row.event);
            if (row.origin != O::ACTIVE)
            {
                cell[s][e][1] = &row;
            }
            if (row.origin != O::PASSIVE)
            {
                cell[s][e][0] = &row;
            }
        }
    }
};

const Index&
GetIndex()
{
    static const Index index(TcpFsmTransitionTable::Rows());
    return index;
}

} // namespace

const std::vector<TcpFsmTransition>&
TcpFsmTransitionTable::Rows()
{
    static const std::vector<TcpFsmTransition> rows(std::begin(kRows), std::end(kRows));
    return rows;
}

const std::vector<TcpFsmNoTransition>&
TcpFsmTransitionTable::NoRows()
{
    return kNoRows;
}

const TcpFsmStateInfo&
TcpFsmTransitionTable::Info(TcpFsmState s)
{
    return kStateInfo.at(static_cast<std::size_t>(s));
}

const TcpFsmTransition*
TcpFsmTransitionTable::Find(TcpFsmState from, TcpFsmEvent event, bool passive)
{
    auto s = static_cast<std::size_t>(from);
    auto e = static_cast<std::size_t>(event);
    if (s >= kTcpFsmStateCount || e >= kTcpFsmEventCount)
    {
        return nullptr;
    }
    return GetIndex().cell[s][e][passive ? 1 : 0];
}

const char*
TcpFsmTransitionTable::WhyNoRow(TcpFsmState from, TcpFsmEvent event)
{
    if (Find(from, event, false) || Find(from, event, true))
    {
        return nullptr;
    }
    for (const auto& nr : kNoRows)
    {
        if (nr.event == event && (nr.states & Bit(from)))
        {
            return nr.reason;
        }
    }
    return "no row and no reason (a bug in the table)";
}

std::string
TcpFsmTransitionTable::Label(const TcpFsmTransition& t)
{
    std::string label = TcpFsmEventLabel(t.event);
    if (t.send != X::NOTHING)
    {
        label += " / snd ";
        label += TcpFsmSendLabel(t.send);
    }
    return label;
}

std::string
TcpFsmTransitionTable::Describe(const TcpFsmTransition& t)
{
    std::ostringstream os;
    os << TcpFsmStateName(t.from) << " --" << TcpFsmEventName(t.event) << "--> "
       << TcpFsmStateName(t.to);
    return os.str();
}

} // namespace ns3
