/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * THE transition table of tcp-fsm: every edge of the RFC 9293 connection
 * state machine, as data. The socket's dispatch, the reference graph, the
 * coverage report and the manual's table are all derived from it.
 */
#ifndef TCP_FSM_TRANSITION_TABLE_H
#define TCP_FSM_TRANSITION_TABLE_H

#include "tcp-fsm-event.h"

#include <cstdint>
#include <string>
#include <vector>

namespace ns3
{

/**
 * \brief Which connections a row applies to.
 *
 * Only one edge needs it: RFC 9293 3.10.7.4 "second" sends a RST'd SYN_RCVD
 * connection back to LISTEN when it was opened passively, and to CLOSED
 * (connection refused) when it came from SYN_SENT (simultaneous open).
 */
enum class TcpFsmOrigin : uint8_t
{
    ANY,
    PASSIVE, ///< the connection was created by a listener
    ACTIVE,  ///< the connection was opened by Connect() or SendTo()
};

/// What the socket does besides sending and changing state; one member function each.
enum class TcpFsmAction : uint8_t
{
    NONE,
    SPAWN_CHILD,      ///< the listener creates a child socket; the child takes the edge
    CONNECTED,        ///< tell the application the connection is established
    PEER_CLOSED,      ///< the peer's FIN was consumed: end of stream for the application
    RESTART_2MSL,     ///< stay in TIME_WAIT and restart the 2MSL timer
    RETURN_TO_LISTEN, ///< a listener's child was reset: discard it, the listener stays
    END_NORMAL,       ///< the connection ended normally
    END_REFUSED,      ///< ended: connection refused (ECONNREFUSED)
    END_RESET,        ///< ended: reset by the peer (ECONNRESET)
    END_TIMEOUT,      ///< ended: retransmissions or a timer gave up (ETIMEDOUT)
    END_ABORT,        ///< ended: aborted by the application or by us (RST sent)
    FASTOPEN_ACCEPT,  ///< RFC 7413: the listener's child takes the SYN's data and is handed
                      ///< to the application at once, in SYN_RCVD
    RESEND_SYN_DATA,  ///< RFC 7413: connected, but the SYN's data was not acknowledged:
                      ///< send it again
};

/// Timer a state arms when it is entered (the others are cancelled on entry to CLOSED).
enum class TcpFsmEntryTimer : uint8_t
{
    NONE,
    RETRANSMIT, ///< SYN or SYN+ACK retransmission (first RTO = ConnTimeout)
    FIN_WAIT_2, ///< FinWait2Timeout, when the application has closed (orphaned socket)
    TWO_MSL,    ///< TIME_WAIT: 2 * Msl
};

/**
 * \brief One edge of the state machine.
 */
struct TcpFsmTransition
{
    TcpFsmState from;
    TcpFsmEvent event;
    TcpFsmOrigin origin;
    TcpFsmSend send;
    TcpFsmState to;
    TcpFsmAction action;
    const char* rfc;     ///< the RFC clause, e.g. "RFC 9293 3.10.7.4 (eighth)"
    bool inDiagram;      ///< drawn in the classic diagram (RFC 9293 Figure 5; Stevens' Figure
                         ///< 18.12 for FIN_WAIT_1 --rcv FIN+ACK--> TIME_WAIT)
    const char* comment; ///< the rule in one sentence
};

/**
 * \brief A (state, event) pair the table deliberately has no row for, and why.
 */
struct TcpFsmNoTransition
{
    uint16_t states; ///< bit mask: 1 << state
    TcpFsmEvent event;
    const char* reason;
};

/// Facts about a state that code may ask (never the numeric order of states).
struct TcpFsmStateInfo
{
    TcpFsmState state;
    bool synchronized;      ///< RFC 9293: the handshake has completed (ESTABLISHED and later)
    bool appMaySend;        ///< the application may still queue data
    bool acceptsData;       ///< data from the peer is still accepted (its FIN not yet received)
    bool ourFinSent;        ///< our FIN has been sent in this state
    TcpFsmEntryTimer timer; ///< timer armed on entry
    const char* meaning;    ///< one line for the manual and tools
};

/**
 * \brief Read-only access to the table.
 */
class TcpFsmTransitionTable
{
  public:
    /// All rows, grouped by from-state in the order of the classic diagram.
    static const std::vector<TcpFsmTransition>& Rows();
    /// The pairs without a row, with the reason.
    static const std::vector<TcpFsmNoTransition>& NoRows();
    /// The per-state facts, indexed by state.
    static const TcpFsmStateInfo& Info(TcpFsmState s);
    /**
     * \brief The edge taken by (from, event) for a connection of the given origin.
     * \param passive true when the connection was created by a listener
     * \return the row, or nullptr when the pair has no row (see NoRows()).
     */
    static const TcpFsmTransition* Find(TcpFsmState from, TcpFsmEvent event, bool passive = false);
    /// The reason (state, event) has no row, or nullptr when it has one.
    static const char* WhyNoRow(TcpFsmState from, TcpFsmEvent event);
    /// "rcv FIN / snd ACK", the diagram label of a row.
    static std::string Label(const TcpFsmTransition& t);
    /// "FIN_WAIT_1 --rcv_fin_ack--> TIME_WAIT", for logs and tests.
    static std::string Describe(const TcpFsmTransition& t);
};

} // namespace ns3

#endif /* TCP_FSM_TRANSITION_TABLE_H */
