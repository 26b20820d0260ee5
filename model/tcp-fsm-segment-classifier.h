/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * Segment acceptance, RFC 9293 section 3.10.7 with RFC 5961 and RFC 1337, as
 * pure functions: (state, TCB, segment) -> verdict and event. This is the only
 * code that decides what kind of event an arriving segment is.
 */
#ifndef TCP_FSM_SEGMENT_CLASSIFIER_H
#define TCP_FSM_SEGMENT_CLASSIFIER_H

#include "tcp-fsm-event.h"
#include "tcp-fsm-tcb.h"

#include <cstdint>

namespace ns3
{

/// The parts of an arriving segment the state machine looks at.
struct TcpFsmSegment
{
    uint8_t flags{0}; ///< TcpHeader flags (FIN=1, SYN=2, RST=4, PSH=8, ACK=16)
    SequenceNumber32 seq{0};
    SequenceNumber32 ack{0};
    uint32_t payload{0};      ///< data bytes
    uint32_t window{0};       ///< advertised window
    bool hasTimestamp{false}; ///< RFC 7323: a TS option (read only when timestamps are on)
    uint32_t tsVal{0};        ///< its TSval
    uint32_t tsEcr{0}; ///< its TSecr (0: none); read in SYN_SENT too when we offered timestamps

    bool Has(uint8_t flag) const
    {
        return (flags & flag) != 0;
    }

    /// SEG.LEN: data plus one for SYN and one for FIN.
    uint32_t Length() const;
};

/// What to send back while dropping or accepting a segment.
enum class TcpFsmReply : uint8_t
{
    NONE,
    ACK,             ///< <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK>
    CHALLENGE_ACK,   ///< the same segment, sent as an RFC 5961 challenge
    RST_FOR_ACK,     ///< <SEQ=SEG.ACK><CTL=RST>
    RST_ACK_FOR_SEG, ///< <SEQ=0><ACK=SEG.SEQ+SEG.LEN><CTL=RST,ACK>
    SYN_ACK,         ///< our SYN+ACK again (a duplicate SYN in SYN_RCVD)
};

/// The classifier's answer for one segment.
struct TcpFsmVerdict
{
    bool drop{false}; ///< stop processing after the reply
    TcpFsmReply reply{TcpFsmReply::NONE};
    const char* reason{nullptr}; ///< short name of why it was dropped ("unacceptable_seq", ...)
    bool hasEvent{false};        ///< an event of the table is due (see event)
    TcpFsmEvent event{TcpFsmEvent::RCV_SYN};
    bool ackNew{false}; ///< SND.UNA < SEG.ACK <= SND.NXT: the ACK acknowledges something new
    bool ackCoversOurFin{false}; ///< SEG.ACK is past our FIN (which was not acknowledged before)
    bool finMayCompleteAck{
        false}; ///< FIN_WAIT_1: the FIN step decides between RCV_FIN_ACK and RCV_ACK_OF_FIN
};

/// Switches that change acceptance.
struct TcpFsmClassifyOptions
{
    bool rfc1337{true}; ///< ignore RST in TIME_WAIT (RFC 1337 TIME-WAIT assassination hazards)
    /// RFC 5961 5.2: a segment whose ACK is beyond SND.NXT is answered with an ACK; false:
    /// dropped silently, as Linux does in the synchronized states
    bool ackUnsentReply{true};
    /// RFC 9293 3.6.1 (MAY-2), RFC 6191: a listener waits on the port, so a new SYN may
    /// reopen a connection in TIME_WAIT (false: every SYN there draws a challenge ACK)
    bool timeWaitReopen{false};
    /// Linux's tcp_rcv_synsent_state_process (RFC 7323 3.2: TSecr echoes a TSval we sent): in
    /// SYN_SENT, an ACK whose non-zero TSecr is not between synTsVal and nowTsVal is unacceptable
    bool synSentTsEcrCheck{false};
    uint32_t synTsVal{0}; ///< the TSval of our first SYN (Linux's retrans_stamp)
    uint32_t nowTsVal{0}; ///< our TSval now
};

/// RFC 9293 3.10.7.4 "first": is the segment acceptable by its sequence number?
bool TcpFsmSeqAcceptable(const TcpFsmTcb& tcb, const TcpFsmSegment& seg);

/**
 * \brief Classify a segment for a connection in state (not CLOSED).
 *
 * For the events RCV_SYN_ACK, RCV_ACK_OF_SYN and RCV_ACK_OF_FIN the caller first
 * processes the ACK (SND.UNA, window) and then dispatches the event; RCV_RST,
 * RCV_SYN and RCV_FIN (TIME_WAIT's retransmitted FIN) are dispatched at once.
 */
TcpFsmVerdict TcpFsmClassify(TcpFsmState state,
                             const TcpFsmTcb& tcb,
                             const TcpFsmSegment& seg,
                             const TcpFsmClassifyOptions& opts);

/**
 * \brief The event an in-sequence FIN makes in this state (RFC 9293 3.10.7.4 "eighth").
 * \param ourFinAcked our FIN is acknowledged, by this segment or before
 * \return false when the FIN makes no transition (it is only ACKed again)
 */
bool TcpFsmFinEvent(TcpFsmState state, bool ourFinAcked, TcpFsmEvent& event);

/**
 * \brief The event new data makes: RCV_DATA_AFTER_CLOSE when the application has
 * closed (not just shut down) and the state still accepts data; none otherwise.
 */
bool TcpFsmDataEvent(TcpFsmState state,
                     bool applicationClosed,
                     uint32_t newBytes,
                     TcpFsmEvent& event);

/// The name of a reply, for logs.
const char* TcpFsmReplyName(TcpFsmReply r);

} // namespace ns3

#endif /* TCP_FSM_SEGMENT_CLASSIFIER_H */
