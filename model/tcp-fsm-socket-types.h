/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Small state records of one TcpFsmSocket connection, kept out of tcp-fsm-socket.h so that
 * the class declaration stays readable: the tail loss probe (tcp-fsm-socket-tlp.cc), the
 * receive side of urgent data (tcp-fsm-socket-urgent.cc), the ACK a segment's data asks
 * for (tcp-fsm-socket-input.cc) and what caused a dispatch (the transition trace's cause).
 */
#ifndef TCP_FSM_SOCKET_TYPES_H
#define TCP_FSM_SOCKET_TYPES_H

#include "ns3/nstime.h"
#include "ns3/sequence-number.h"

#include <cstdint>

namespace ns3
{

/// What caused a dispatch: for a segment, its flags and numbers (for the trace).
struct TcpFsmCause
{
    bool hasSegment{false};
    uint8_t flags{0};
    uint32_t seq{0};
    uint32_t ack{0};
};

/// The tail loss probe's state (Linux profile).
struct TcpFsmLossProbe
{
    bool armed{false};           ///< the retransmission timer is a probe timeout ...
    Time at{0};                  ///< ... due then
    Time rtoDeadline{0};         ///< when the RTO it replaced was due
    bool out{false};             ///< a probe is unacknowledged (Linux tlp_high_seq)
    SequenceNumber32 highSeq{0}; ///< SND.NXT after the probe
    bool finAlone{false};        ///< our FIN went out in a segment of its own
};

/// Receive side of urgent data (Linux's urg_data states).
enum class TcpFsmUrgState : uint8_t
{
    NONE,   ///< no urgent data pending
    NOTYET, ///< urgent pointer received, the urgent byte not yet
    VALID,  ///< the urgent byte is known (TcpFsmUrgent::byte) and not yet read out of band
    READ,   ///< the urgent byte was read out of band
};

/// Urgent data of one connection (tcp-fsm-socket-urgent.cc): both directions.
struct TcpFsmUrgent
{
    bool sndMode{false};                        ///< urgent data sent and not yet acknowledged
    SequenceNumber32 sndUp{0};                  ///< SND.UP: one past the last urgent byte (Linux)
    TcpFsmUrgState state{TcpFsmUrgState::NONE}; ///< receive side
    SequenceNumber32 seq{0};                    ///< sequence number of the urgent byte (the mark)
    uint8_t byte{0};                            ///< the urgent byte, once VALID
};

/// The ACK the data of the segment being processed asks for (sent after the FIN step).
enum class TcpFsmDataAck : uint8_t
{
    NONE,
    DELAYED,
    NOW,
};

} // namespace ns3

#endif /* TCP_FSM_SOCKET_TYPES_H */
