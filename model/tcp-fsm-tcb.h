/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef TCP_FSM_TCB_H
#define TCP_FSM_TCB_H

#include "ns3/sequence-number.h"

#include <cstdint>

namespace ns3
{

/**
 * \ingroup tcp-fsm
 * \brief The RFC 9293 section 3.3.1 state variables of one connection, as a plain struct.
 *
 * SND.NXT is split as in most real stacks: sndNxt is the next sequence number
 * to (re)transmit, sndMax one past the highest ever sent. The RFC's SND.NXT, as
 * used by the acceptance checks, is sndMax.
 */
struct TcpFsmTcb
{
    SequenceNumber32 iss{0};    ///< ISS: our initial send sequence number
    SequenceNumber32 irs{0};    ///< IRS: the peer's initial sequence number
    SequenceNumber32 sndUna{0}; ///< SND.UNA: oldest unacknowledged sequence number
    SequenceNumber32 sndNxt{0}; ///< next sequence number to send (moves back on retransmission)
    SequenceNumber32 sndMax{0}; ///< the RFC's SND.NXT: one past the highest sequence number sent
    uint32_t sndWnd{0};         ///< SND.WND: the peer's advertised window
    uint32_t maxSndWnd{0};      ///< MAX.SND.WND (RFC 5961 5.2)
    SequenceNumber32 sndWl1{0}; ///< SND.WL1: segment sequence number of the last window update
    SequenceNumber32 sndWl2{0}; ///< SND.WL2: segment ack number of the last window update
    SequenceNumber32 rcvNxt{0}; ///< RCV.NXT: next sequence number expected
    uint32_t rcvWnd{0};         ///< RCV.WND: the window we advertise
    bool finSent{false};        ///< our FIN has been sent (finSeq is valid)
    SequenceNumber32 finSeq{0}; ///< the sequence number our FIN occupies
    bool synchronized{false};   ///< IRS is known (RCV.NXT valid)
    bool tsOn{false};           ///< RFC 7323 timestamps negotiated (PAWS applies)
    uint32_t tsRecent{0};       ///< RFC 7323 TS.Recent

    /// Our FIN has been sent and acknowledged (SND.UNA is past it).
    bool OurFinAcked() const
    {
        return finSent && sndUna > finSeq;
    }
};

} // namespace ns3

#endif /* TCP_FSM_TCB_H */
