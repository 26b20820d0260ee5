/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * The shape of what a Linux sender hands its device, as a TcpFsmSocket can model it:
 * GSO super-segments (GsoMaxSegments), Minshall's variant of Nagle (MinshallNagle) and the
 * detection of a lost retransmission (DetectLostRetransmit). The socket's code for them is in
 * tcp-fsm-socket-gso.cc; this header holds their state and the pure sizing rule.
 */
#ifndef TCP_FSM_GSO_H
#define TCP_FSM_GSO_H

#include "ns3/nstime.h"
#include "ns3/sequence-number.h"

#include <cstdint>

namespace ns3
{

/// Per-socket state of GSO, Minshall's Nagle and lost-retransmission detection (the
/// attributes GsoMaxSegments, GsoMinSegments, MinshallNagle and DetectLostRetransmit are
/// members of TcpFsmSocket).
struct TcpFsmGsoState
{
    bool smallOut{false};              ///< a short segment was sent: sndSml is set
    SequenceNumber32 sndSml{0};        ///< Linux's snd_sml: the end of the last short segment
    bool headRexmit{false};            ///< headRexmitSeq/Time describe a retransmission
    SequenceNumber32 headRexmitSeq{0}; ///< where the last retransmission of the head started
    Time headRexmitTime{0};            ///< when it was sent
    Time newestSacked{-1};             ///< this ACK: newest send time of a newly SACKed segment
    bool lostNow{false};               ///< this ACK found the head's retransmission lost
};

/// The largest super-segment a device takes (Linux's GSO_LEGACY_MAX_SIZE).
constexpr uint32_t kTcpFsmGsoMaxSize = 65536;

/// The inputs of one super-segment's size (bytes unless said otherwise).
struct TcpFsmGsoInput
{
    uint32_t mss{0};                 ///< the sender's MSS
    uint32_t maxSegments{1};         ///< GsoMaxSegments (the device's limit)
    uint32_t minSegments{2};         ///< GsoMinSegments
    uint32_t cwnd{0};                ///< congestion window
    uint32_t pipe{0};                ///< data in flight
    uint64_t pacingRate{UINT64_MAX}; ///< bytes per second (UINT64_MAX: no RTT sample yet)
    uint64_t minRttUs{UINT64_MAX};   ///< minimum RTT in microseconds (UINT64_MAX: none)
};

/**
 * How many MSS-sized segments one super-segment may carry, as Linux sizes a TSO packet in
 * tcp_write_xmit: what about 1 ms at the pacing rate carries (tcp_tso_autosize: rate >> 10),
 * plus 64 KB halved for every 512 us of minimum RTT (tcp_tso_rtt_log 9), within 64 KB; at
 * least GsoMinSegments, at most GsoMaxSegments; and no more than half the congestion window
 * nor the room left in it (tcp_cwnd_test). At least 1.
 * \param in the inputs
 * \return the number of segments, at least 1
 */
uint32_t TcpFsmGsoSegments(const TcpFsmGsoInput& in);

} // namespace ns3

#endif /* TCP_FSM_GSO_H */
