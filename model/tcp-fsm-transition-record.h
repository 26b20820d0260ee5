/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef TCP_FSM_TRANSITION_RECORD_H
#define TCP_FSM_TRANSITION_RECORD_H

#include "tcp-fsm-event.h"

#include "ns3/address.h"
#include "ns3/nstime.h"

#include <cstdint>
#include <string>

namespace ns3
{

/**
 * \ingroup tcp-fsm
 * \brief The payload of the StateTransition trace: one edge of the table, taken by one socket.
 *
 * A self-loop (TIME_WAIT --rcv_fin--> TIME_WAIT) is an edge too and is reported;
 * the socket's State TracedValue fires only when the value changes.
 */
struct TcpFsmTransitionRecord
{
    Time time;            ///< simulation time of the change
    uint32_t nodeId{0};   ///< node of the socket
    uint64_t socketId{0}; ///< unique within the node for the run (children included)
    Address local;        ///< InetSocketAddress or Inet6SocketAddress (empty when unbound)
    Address peer;         ///< InetSocketAddress or Inet6SocketAddress (empty when none)
    TcpFsmState from{TcpSocket::CLOSED};
    TcpFsmState to{TcpSocket::CLOSED};
    TcpFsmEvent cause{TcpFsmEvent::APP_PASSIVE_OPEN};
    bool hasSegment{false}; ///< the cause is an arriving segment: flags/seq/ack are valid
    uint8_t flags{0};       ///< its TCP flags
    uint32_t seq{0};        ///< its raw sequence number
    uint32_t ack{0};        ///< its raw acknowledgment number

    /// "FIN_WAIT_1 -> TIME_WAIT (rcv_fin_ack)"
    std::string Describe() const;
};

/// Signature of StateTransition trace sinks.
typedef void (*TcpFsmTransitionTracedCallback)(const TcpFsmTransitionRecord& record);

/**
 * \ingroup tcp-fsm
 * \brief The payload of the L4's SegmentTx / SegmentRx traces: one segment sent or received
 * by tcp-fsm on a node (the material of ladder diagrams).
 */
struct TcpFsmSegmentRecord
{
    Time time;
    uint32_t nodeId{0};
    uint64_t socketId{0}; ///< the socket (or TIME_WAIT record) it belongs to; 0 = none
    Address local;        ///< this node's end
    Address peer;         ///< the other end
    bool sent{true};      ///< true: sent by this node; false: received
    uint8_t flags{0};
    uint32_t seq{0};
    uint32_t ack{0};
    uint32_t length{0}; ///< payload bytes
    uint16_t window{0};
};

/// Signature of SegmentTx / SegmentRx trace sinks.
typedef void (*TcpFsmSegmentTracedCallback)(const TcpFsmSegmentRecord& record);

/// Why a connection ended, as the socket reports it.
enum class TcpFsmEndReason : uint8_t
{
    NONE,      ///< not ended
    NORMAL,    ///< orderly close
    REFUSED,   ///< RST in answer to our SYN (ECONNREFUSED)
    RESET,     ///< RST from the peer (ECONNRESET)
    TIMED_OUT, ///< retransmissions or FIN_WAIT_2 timer gave up (ETIMEDOUT)
    ABORTED,   ///< aborted by the application or by us (RST sent)
};

/// "normal", "refused", "reset", "timed_out", "aborted" or "none".
const char* TcpFsmEndReasonName(TcpFsmEndReason r);

/// "addr:port" for IPv4, "[addr]:port" for IPv6, "" for an empty address.
std::string TcpFsmFormatAddress(const Address& a);

} // namespace ns3

#endif /* TCP_FSM_TRANSITION_RECORD_H */
