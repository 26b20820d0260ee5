/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Pure unit tests of the segment classifier: TcpFsmClassify, TcpFsmSeqAcceptable,
 * TcpFsmFinEvent and TcpFsmDataEvent, called with hand-built TCBs and segments.
 * No simulation, no socket. One behaviour per test; the expected answers are
 * written from RFC 9293 section 3.10.7, RFC 5961 and RFC 1337.
 */
#include "ns3/tcp-fsm-segment-classifier.h"
#include "ns3/tcp-header.h"

#include <gtest/gtest.h>
#include <string>

using namespace ns3;
using S = TcpSocket;
using E = TcpFsmEvent;
using R = TcpFsmReply;

namespace
{

constexpr uint8_t FIN = TcpHeader::FIN;
constexpr uint8_t SYN = TcpHeader::SYN;
constexpr uint8_t RST = TcpHeader::RST;
constexpr uint8_t ACK = TcpHeader::ACK;

// Our ISS and the peer's IRS in the hand-built connections below.
constexpr uint32_t kIss = 100;
constexpr uint32_t kIrs = 1000;
constexpr uint32_t kWnd = 1000;

TcpFsmSegment
Seg(uint8_t flags, uint32_t seq, uint32_t ack = 0, uint32_t payload = 0)
{
    TcpFsmSegment s;
    s.flags = flags;
    s.seq = SequenceNumber32(seq);
    s.ack = SequenceNumber32(ack);
    s.payload = payload;
    s.window = 65535;
    return s;
}

/// A listener: nothing is known yet.
TcpFsmTcb
ListenTcb()
{
    return TcpFsmTcb();
}

/// SYN_SENT: our SYN (kIss) sent, nothing received.
TcpFsmTcb
SynSentTcb()
{
    TcpFsmTcb t;
    t.iss = SequenceNumber32(kIss);
    t.sndUna = SequenceNumber32(kIss);
    t.sndNxt = SequenceNumber32(kIss + 1);
    t.sndMax = SequenceNumber32(kIss + 1);
    return t;
}

/// SYN_RCVD: the peer's SYN (kIrs) received, our SYN+ACK (kIss) sent.
TcpFsmTcb
SynRcvdTcb()
{
    TcpFsmTcb t = SynSentTcb();
    t.irs = SequenceNumber32(kIrs);
    t.rcvNxt = SequenceNumber32(kIrs + 1);
    t.rcvWnd = kWnd;
    t.sndWnd = kWnd;
    t.maxSndWnd = kWnd;
    t.synchronized = true;
    return t;
}

/// ESTABLISHED: both SYNs acknowledged, nothing outstanding.
TcpFsmTcb
EstablishedTcb()
{
    TcpFsmTcb t = SynRcvdTcb();
    t.sndUna = SequenceNumber32(kIss + 1);
    t.sndNxt = SequenceNumber32(kIss + 1);
    t.sndMax = SequenceNumber32(kIss + 1);
    return t;
}

/// FIN_WAIT_1 / CLOSING / LAST_ACK: our FIN (at kIss + 1) sent, not acknowledged.
TcpFsmTcb
FinSentTcb()
{
    TcpFsmTcb t = EstablishedTcb();
    t.finSent = true;
    t.finSeq = SequenceNumber32(kIss + 1);
    t.sndNxt = SequenceNumber32(kIss + 2);
    t.sndMax = SequenceNumber32(kIss + 2);
    return t;
}

/// TIME_WAIT: our FIN acknowledged, the peer's FIN (at kIrs + 1) received.
TcpFsmTcb
TimeWaitTcb()
{
    TcpFsmTcb t = FinSentTcb();
    t.sndUna = SequenceNumber32(kIss + 2);
    t.rcvNxt = SequenceNumber32(kIrs + 2);
    return t;
}

TcpFsmVerdict
Classify(TcpFsmState state, const TcpFsmTcb& tcb, const TcpFsmSegment& seg, bool rfc1337 = true)
{
    TcpFsmClassifyOptions opts;
    opts.rfc1337 = rfc1337;
    return TcpFsmClassify(state, tcb, seg, opts);
}

std::string
Reason(const TcpFsmVerdict& v)
{
    return v.reason ? v.reason : "";
}

/// The segment is dropped with this reply and reason, and makes no event.
void
ExpectDrop(const TcpFsmVerdict& v, R reply, const std::string& reason)
{
    EXPECT_TRUE(v.drop);
    EXPECT_FALSE(v.hasEvent);
    EXPECT_EQ(v.reply, reply) << "got " << TcpFsmReplyName(v.reply) << ", want "
                              << TcpFsmReplyName(reply);
    EXPECT_EQ(Reason(v), reason);
}

/// The segment is accepted and makes this event, with no reply.
void
ExpectEvent(const TcpFsmVerdict& v, E event)
{
    EXPECT_FALSE(v.drop) << Reason(v);
    EXPECT_EQ(v.reply, R::NONE) << TcpFsmReplyName(v.reply);
    ASSERT_TRUE(v.hasEvent);
    EXPECT_EQ(v.event, event) << "got " << TcpFsmEventName(v.event) << ", want "
                              << TcpFsmEventName(event);
}

/// Sequence acceptability for a TCB with RCV.NXT = rcvNxt and RCV.WND = wnd.
bool
Acceptable(uint32_t rcvNxt, uint32_t wnd, uint32_t seq, uint32_t payload, uint8_t flags = ACK)
{
    TcpFsmTcb t;
    t.rcvNxt = SequenceNumber32(rcvNxt);
    t.rcvWnd = wnd;
    return TcpFsmSeqAcceptable(t, Seg(flags, seq, 0, payload));
}

} // namespace

// ---- LISTEN (RFC 9293 3.10.7.2) ---------------------------------------------------------------

TEST(ClassifierListen, RstIsIgnoredSilently)
{
    ExpectDrop(Classify(S::LISTEN, ListenTcb(), Seg(RST, 5000)), R::NONE, "rst_in_listen");
}

TEST(ClassifierListen, RstAckIsIgnoredSilently)
{
    ExpectDrop(
        Classify(S::LISTEN, ListenTcb(), Seg(RST | ACK, 5000, 77)), R::NONE, "rst_in_listen");
}

TEST(ClassifierListen, AckDrawsRstForAck)
{
    ExpectDrop(
        Classify(S::LISTEN, ListenTcb(), Seg(ACK, 5000, 77)), R::RST_FOR_ACK, "ack_in_listen");
}

TEST(ClassifierListen, SynAckDrawsRstForAck)
{
    ExpectDrop(Classify(S::LISTEN, ListenTcb(), Seg(SYN | ACK, 5000, 77)),
               R::RST_FOR_ACK,
               "ack_in_listen");
}

TEST(ClassifierListen, SynIsRcvSyn)
{
    ExpectEvent(Classify(S::LISTEN, ListenTcb(), Seg(SYN, 5000)), E::RCV_SYN);
}

TEST(ClassifierListen, BareDataIsDroppedWithoutReply)
{
    ExpectDrop(Classify(S::LISTEN, ListenTcb(), Seg(0, 5000, 0, 100)), R::NONE, "no_syn_in_listen");
}

TEST(ClassifierListen, BareFinIsDroppedWithoutReply)
{
    ExpectDrop(Classify(S::LISTEN, ListenTcb(), Seg(FIN, 5000)), R::NONE, "no_syn_in_listen");
}

// ---- SYN_SENT (RFC 9293 3.10.7.3) -------------------------------------------------------------

TEST(ClassifierSynSent, AckEqualToIssIsUnacceptableAndDrawsRst)
{
    ExpectDrop(Classify(S::SYN_SENT, SynSentTcb(), Seg(ACK, kIrs, kIss)),
               R::RST_FOR_ACK,
               "unacceptable_ack_in_syn_sent");
}

TEST(ClassifierSynSent, AckBeyondSndNxtIsUnacceptableAndDrawsRst)
{
    ExpectDrop(Classify(S::SYN_SENT, SynSentTcb(), Seg(SYN | ACK, kIrs, kIss + 2)),
               R::RST_FOR_ACK,
               "unacceptable_ack_in_syn_sent");
}

TEST(ClassifierSynSent, RstWithUnacceptableAckIsDroppedWithoutReply)
{
    ExpectDrop(Classify(S::SYN_SENT, SynSentTcb(), Seg(RST | ACK, 0, kIss + 5)),
               R::NONE,
               "unacceptable_ack_rst_in_syn_sent");
}

TEST(ClassifierSynSent, RstWithAcceptableAckIsRcvRst)
{
    ExpectEvent(Classify(S::SYN_SENT, SynSentTcb(), Seg(RST | ACK, 0, kIss + 1)), E::RCV_RST);
}

TEST(ClassifierSynSent, RstWithoutAckIsDroppedWithoutReply)
{
    ExpectDrop(
        Classify(S::SYN_SENT, SynSentTcb(), Seg(RST, 0)), R::NONE, "rst_without_ack_in_syn_sent");
}

TEST(ClassifierSynSent, SynAckAcknowledgingOurSynIsRcvSynAck)
{
    const TcpFsmVerdict v = Classify(S::SYN_SENT, SynSentTcb(), Seg(SYN | ACK, kIrs, kIss + 1));
    ExpectEvent(v, E::RCV_SYN_ACK);
    EXPECT_TRUE(v.ackNew);
}

/// SYN_SENT with Linux's TSecr check (SynAckTsEcrCheck): our SYN carried TSval syn, now is now.
TcpFsmVerdict
ClassifyTsEcr(uint8_t flags, uint32_t tsEcr, uint32_t syn, uint32_t now, bool check = true)
{
    TcpFsmSegment seg = Seg(flags, kIrs, kIss + 1);
    seg.tsEcr = tsEcr;
    TcpFsmClassifyOptions opts;
    opts.synSentTsEcrCheck = check;
    opts.synTsVal = syn;
    opts.nowTsVal = now;
    return TcpFsmClassify(S::SYN_SENT, SynSentTcb(), seg, opts);
}

TEST(ClassifierSynSent, TsEcrOutsideSynToNowIsAnUnacceptableAck)
{
    // RFC 7323 3.2, Linux's tcp_rcv_synsent_state_process: RST <SEQ=SEG.ACK>, as a bad ACK.
    ExpectDrop(
        ClassifyTsEcr(SYN | ACK, 5031, 5000, 5030), R::RST_FOR_ACK, "unacceptable_ack_in_syn_sent");
    ExpectDrop(
        ClassifyTsEcr(SYN | ACK, 4999, 5000, 5030), R::RST_FOR_ACK, "unacceptable_ack_in_syn_sent");
    ExpectDrop(
        ClassifyTsEcr(RST | ACK, 9999, 5000, 5030), R::NONE, "unacceptable_ack_rst_in_syn_sent");
}

TEST(ClassifierSynSent, TsEcrFromSynToNowOrZeroIsAccepted)
{
    ExpectEvent(ClassifyTsEcr(SYN | ACK, 5000, 5000, 5030), E::RCV_SYN_ACK);
    ExpectEvent(ClassifyTsEcr(SYN | ACK, 5030, 5000, 5030), E::RCV_SYN_ACK);
    ExpectEvent(ClassifyTsEcr(SYN | ACK, 0, 5000, 5030), E::RCV_SYN_ACK); // no echo: unchecked
    // modulo 2^32: the clock wrapped between the SYN and now
    ExpectEvent(ClassifyTsEcr(SYN | ACK, 0x5, 0xFFFFFFF0u, 0x10), E::RCV_SYN_ACK);
    ExpectDrop(ClassifyTsEcr(SYN | ACK, 0x11, 0xFFFFFFF0u, 0x10),
               R::RST_FOR_ACK,
               "unacceptable_ack_in_syn_sent");
}

TEST(ClassifierSynSent, TsEcrIsNotCheckedWithoutTheSwitch)
{
    ExpectEvent(ClassifyTsEcr(SYN | ACK, 9999, 5000, 5030, false), E::RCV_SYN_ACK);
}

TEST(ClassifierSynSent, BareSynIsRcvSynForSimultaneousOpen)
{
    const TcpFsmVerdict v = Classify(S::SYN_SENT, SynSentTcb(), Seg(SYN, kIrs));
    ExpectEvent(v, E::RCV_SYN);
    EXPECT_FALSE(v.ackNew);
}

TEST(ClassifierSynSent, AcceptableAckWithoutSynIsDroppedWithoutReply)
{
    ExpectDrop(Classify(S::SYN_SENT, SynSentTcb(), Seg(ACK, kIrs, kIss + 1)),
               R::NONE,
               "no_syn_in_syn_sent");
}

// ---- SYN_RCVD (RFC 9293 3.10.7.4, Figure 7) ---------------------------------------------------

TEST(ClassifierSynRcvd, DuplicateSynDrawsOurSynAckAgain)
{
    ExpectDrop(Classify(S::SYN_RCVD, SynRcvdTcb(), Seg(SYN, kIrs)), R::SYN_ACK, "duplicate_syn");
}

TEST(ClassifierSynRcvd, SynAckAcknowledgingOurSynIsRcvSynAck)
{
    const TcpFsmVerdict v = Classify(S::SYN_RCVD, SynRcvdTcb(), Seg(SYN | ACK, kIrs, kIss + 1));
    ExpectEvent(v, E::RCV_SYN_ACK);
    EXPECT_TRUE(v.ackNew);
}

TEST(ClassifierSynRcvd, SynAckWithWrongAckDrawsRst)
{
    ExpectDrop(Classify(S::SYN_RCVD, SynRcvdTcb(), Seg(SYN | ACK, kIrs, kIss + 7)),
               R::RST_FOR_ACK,
               "unacceptable_ack_in_syn_rcvd");
}

TEST(ClassifierSynRcvd, AckOfOurSynIsRcvAckOfSyn)
{
    const TcpFsmVerdict v = Classify(S::SYN_RCVD, SynRcvdTcb(), Seg(ACK, kIrs + 1, kIss + 1));
    ExpectEvent(v, E::RCV_ACK_OF_SYN);
    EXPECT_TRUE(v.ackNew);
}

TEST(ClassifierSynRcvd, AckBeyondOurSynDrawsRst)
{
    ExpectDrop(Classify(S::SYN_RCVD, SynRcvdTcb(), Seg(ACK, kIrs + 1, kIss + 50)),
               R::RST_FOR_ACK,
               "unacceptable_ack_in_syn_rcvd");
}

TEST(ClassifierSynRcvd, AckNotCoveringOurSynDrawsRst)
{
    ExpectDrop(Classify(S::SYN_RCVD, SynRcvdTcb(), Seg(ACK, kIrs + 1, kIss)),
               R::RST_FOR_ACK,
               "unacceptable_ack_in_syn_rcvd");
}

TEST(ClassifierSynRcvd, RstAtRcvNxtIsRcvRst)
{
    ExpectEvent(Classify(S::SYN_RCVD, SynRcvdTcb(), Seg(RST, kIrs + 1)), E::RCV_RST);
}

// ---- RFC 9293 3.10.7.4 "first": the acceptability table -------------------------------------

TEST(ClassifierSeqAcceptable, ZeroLengthZeroWindowOnlyAtRcvNxt)
{
    EXPECT_TRUE(Acceptable(5000, 0, 5000, 0));
    EXPECT_FALSE(Acceptable(5000, 0, 5001, 0));
    EXPECT_FALSE(Acceptable(5000, 0, 4999, 0));
}

TEST(ClassifierSeqAcceptable, ZeroLengthOpenWindowInsideTheWindow)
{
    EXPECT_TRUE(Acceptable(5000, 100, 5000, 0));
    EXPECT_TRUE(Acceptable(5000, 100, 5099, 0));  // last sequence number of the window
    EXPECT_FALSE(Acceptable(5000, 100, 5100, 0)); // RCV.NXT + RCV.WND is outside
    EXPECT_FALSE(Acceptable(5000, 100, 4999, 0)); // before RCV.NXT
}

TEST(ClassifierSeqAcceptable, DataWithZeroWindowIsNeverAcceptable)
{
    EXPECT_FALSE(Acceptable(5000, 0, 5000, 1));
    EXPECT_FALSE(Acceptable(5000, 0, 5000, 100));
}

TEST(ClassifierSeqAcceptable, FinCountsAsLengthSoItIsUnacceptableInAZeroWindow)
{
    EXPECT_FALSE(Acceptable(5000, 0, 5000, 0, FIN | ACK));
    EXPECT_TRUE(Acceptable(5000, 10, 5000, 0, FIN | ACK));
}

TEST(ClassifierSeqAcceptable, DataWithOpenWindowWhenEitherEndIsInside)
{
    EXPECT_TRUE(Acceptable(5000, 100, 5000, 10));  // starts at RCV.NXT
    EXPECT_TRUE(Acceptable(5000, 100, 4990, 20));  // starts before, ends inside
    EXPECT_TRUE(Acceptable(5000, 100, 5090, 50));  // starts inside, ends beyond
    EXPECT_TRUE(Acceptable(5000, 100, 4990, 11));  // last byte exactly at RCV.NXT
    EXPECT_FALSE(Acceptable(5000, 100, 4990, 10)); // last byte just before RCV.NXT
    EXPECT_FALSE(Acceptable(5000, 100, 5100, 10)); // starts at the right edge
    EXPECT_FALSE(Acceptable(5000, 100, 4000, 10)); // old
}

TEST(ClassifierSeqAcceptable, WindowWrappingAroundZero)
{
    const uint32_t rcvNxt = 0xFFFFFFF0u;
    EXPECT_TRUE(Acceptable(rcvNxt, 100, 0x00000010u, 0));     // past the wrap, inside
    EXPECT_TRUE(Acceptable(rcvNxt, 100, 0x00000053u, 0));     // last of the window
    EXPECT_FALSE(Acceptable(rcvNxt, 100, 0x00000054u, 0));    // the right edge
    EXPECT_FALSE(Acceptable(rcvNxt, 100, 0xFFFFFFE0u, 0));    // before RCV.NXT
    EXPECT_TRUE(Acceptable(rcvNxt, 100, 0xFFFFFFF8u, 40));    // straddles zero
    EXPECT_TRUE(Acceptable(rcvNxt, 100, 0xFFFFFFE0u, 0x11));  // old start, last at RCV.NXT
    EXPECT_FALSE(Acceptable(rcvNxt, 100, 0xFFFFFFE0u, 0x10)); // old, ends before RCV.NXT
    EXPECT_TRUE(Acceptable(0xFFFFFFFFu, 0, 0xFFFFFFFFu, 0));  // zero window at the top
    EXPECT_FALSE(Acceptable(0xFFFFFFFFu, 0, 0x00000000u, 0));
}

// ---- RFC 5961 in ESTABLISHED ------------------------------------------------------------------

TEST(ClassifierRfc5961, RstExactlyAtRcvNxtIsRcvRst)
{
    ExpectEvent(Classify(S::ESTABLISHED, EstablishedTcb(), Seg(RST, kIrs + 1)), E::RCV_RST);
}

TEST(ClassifierRfc5961, RstInWindowButNotAtRcvNxtDrawsChallengeAck)
{
    ExpectDrop(Classify(S::ESTABLISHED, EstablishedTcb(), Seg(RST, kIrs + 1 + 10)),
               R::CHALLENGE_ACK,
               "rst_not_at_rcv_nxt");
}

TEST(ClassifierRfc5961, RstOutOfWindowIsDroppedSilently)
{
    ExpectDrop(Classify(S::ESTABLISHED, EstablishedTcb(), Seg(RST, kIrs + 1 + kWnd)),
               R::NONE,
               "rst_out_of_window");
    ExpectDrop(Classify(S::ESTABLISHED, EstablishedTcb(), Seg(RST | ACK, kIrs, kIss + 1)),
               R::NONE,
               "rst_out_of_window");
}

TEST(ClassifierRfc5961, SynInEstablishedDrawsChallengeAck)
{
    ExpectDrop(Classify(S::ESTABLISHED, EstablishedTcb(), Seg(SYN, kIrs + 1)),
               R::CHALLENGE_ACK,
               "syn_in_synchronized_state");
}

TEST(ClassifierRfc5961, SynAckInWindowInEstablishedDrawsChallengeAck)
{
    ExpectDrop(Classify(S::ESTABLISHED, EstablishedTcb(), Seg(SYN | ACK, kIrs + 5, kIss + 1)),
               R::CHALLENGE_ACK,
               "syn_in_synchronized_state");
}

TEST(ClassifierRfc5961, AckBeyondSndNxtDrawsAckAndIsDropped)
{
    // tcb.sndMax is the RFC's SND.NXT; tcb.sndNxt (lower after a go-back) must not be used.
    TcpFsmTcb t = EstablishedTcb();
    t.sndMax = SequenceNumber32(kIss + 301);
    t.sndNxt = SequenceNumber32(kIss + 1);
    ExpectDrop(Classify(S::ESTABLISHED, t, Seg(ACK, kIrs + 1, kIss + 302, 10)),
               R::ACK,
               "ack_beyond_snd_nxt");
    const TcpFsmVerdict v = Classify(S::ESTABLISHED, t, Seg(ACK, kIrs + 1, kIss + 301));
    EXPECT_FALSE(v.drop) << Reason(v);
    EXPECT_TRUE(v.ackNew);
}

TEST(ClassifierRfc5961, AckOlderThanSndUnaMinusMaxSndWndDrawsAckAndIsDropped)
{
    TcpFsmTcb t = EstablishedTcb();
    t.sndUna = SequenceNumber32(50000);
    t.sndNxt = SequenceNumber32(50000);
    t.sndMax = SequenceNumber32(50000);
    t.maxSndWnd = 1000;
    ExpectDrop(Classify(S::ESTABLISHED, t, Seg(ACK, kIrs + 1, 48999)), R::ACK, "ack_too_old");
}

TEST(ClassifierRfc5961, AckExactlyAtSndUnaMinusMaxSndWndIsAcceptedAsOld)
{
    TcpFsmTcb t = EstablishedTcb();
    t.sndUna = SequenceNumber32(50000);
    t.sndNxt = SequenceNumber32(50000);
    t.sndMax = SequenceNumber32(50000);
    t.maxSndWnd = 1000;
    const TcpFsmVerdict v = Classify(S::ESTABLISHED, t, Seg(ACK, kIrs + 1, 49000));
    EXPECT_FALSE(v.drop) << Reason(v);
    EXPECT_FALSE(v.hasEvent);
    EXPECT_FALSE(v.ackNew);
}

TEST(ClassifierRfc5961, SegmentWithoutAckIsDropped)
{
    ExpectDrop(
        Classify(S::ESTABLISHED, EstablishedTcb(), Seg(0, kIrs + 1, 0, 10)), R::NONE, "no_ack");
}

TEST(ClassifierEstablished, UnacceptableSeqDrawsAck)
{
    ExpectDrop(Classify(S::ESTABLISHED, EstablishedTcb(), Seg(ACK, kIrs - 100, kIss + 1, 50)),
               R::ACK,
               "unacceptable_seq");
}

TEST(ClassifierEstablished, InSequenceDataWithNewAckIsAcceptedWithoutEvent)
{
    TcpFsmTcb t = EstablishedTcb();
    t.sndMax = SequenceNumber32(kIss + 11);
    t.sndNxt = t.sndMax;
    const TcpFsmVerdict v = Classify(S::ESTABLISHED, t, Seg(ACK, kIrs + 1, kIss + 11, 10));
    EXPECT_FALSE(v.drop) << Reason(v);
    EXPECT_EQ(v.reply, R::NONE);
    EXPECT_FALSE(v.hasEvent);
    EXPECT_TRUE(v.ackNew);
    EXPECT_FALSE(v.ackCoversOurFin);
}

// ---- our FIN acknowledged --------------------------------------------------------------------

TEST(ClassifierFinWait1, FinAckCoveringOurFinDefersToTheFinStep)
{
    const TcpFsmVerdict v
        = Classify(S::FIN_WAIT_1, FinSentTcb(), Seg(FIN | ACK, kIrs + 1, kIss + 2));
    EXPECT_FALSE(v.drop) << Reason(v);
    EXPECT_EQ(v.reply, R::NONE);
    EXPECT_FALSE(v.hasEvent);
    EXPECT_TRUE(v.ackNew);
    EXPECT_TRUE(v.ackCoversOurFin);
    EXPECT_TRUE(v.finMayCompleteAck);
}

TEST(ClassifierFinWait1, PureAckOfOurFinIsRcvAckOfFin)
{
    const TcpFsmVerdict v = Classify(S::FIN_WAIT_1, FinSentTcb(), Seg(ACK, kIrs + 1, kIss + 2));
    ExpectEvent(v, E::RCV_ACK_OF_FIN);
    EXPECT_TRUE(v.ackCoversOurFin);
    EXPECT_FALSE(v.finMayCompleteAck);
}

TEST(ClassifierFinWait1, FinAckNotCoveringOurFinMakesNoEventHere)
{
    const TcpFsmVerdict v
        = Classify(S::FIN_WAIT_1, FinSentTcb(), Seg(FIN | ACK, kIrs + 1, kIss + 1));
    EXPECT_FALSE(v.drop) << Reason(v);
    EXPECT_FALSE(v.hasEvent);
    EXPECT_FALSE(v.ackCoversOurFin);
    EXPECT_FALSE(v.finMayCompleteAck);
}

TEST(ClassifierClosing, AckOfOurFinIsRcvAckOfFin)
{
    TcpFsmTcb t = FinSentTcb();
    t.rcvNxt = SequenceNumber32(kIrs + 2); // the peer's FIN was received
    ExpectEvent(Classify(S::CLOSING, t, Seg(ACK, kIrs + 2, kIss + 2)), E::RCV_ACK_OF_FIN);
}

TEST(ClassifierLastAck, AckOfOurFinIsRcvAckOfFin)
{
    TcpFsmTcb t = FinSentTcb();
    t.rcvNxt = SequenceNumber32(kIrs + 2);
    ExpectEvent(Classify(S::LAST_ACK, t, Seg(ACK, kIrs + 2, kIss + 2)), E::RCV_ACK_OF_FIN);
}

TEST(ClassifierLastAck, AckNotCoveringOurFinMakesNoEvent)
{
    TcpFsmTcb t = FinSentTcb();
    t.rcvNxt = SequenceNumber32(kIrs + 2);
    const TcpFsmVerdict v = Classify(S::LAST_ACK, t, Seg(ACK, kIrs + 2, kIss + 1));
    EXPECT_FALSE(v.drop) << Reason(v);
    EXPECT_FALSE(v.hasEvent);
    EXPECT_FALSE(v.ackCoversOurFin);
}

// ---- TIME_WAIT --------------------------------------------------------------------------------

TEST(ClassifierTimeWait, RetransmittedFinIsRcvFin)
{
    // The peer's FIN occupies kIrs + 1; RCV.NXT is past it, so seq + len == RCV.NXT.
    ExpectEvent(Classify(S::TIME_WAIT, TimeWaitTcb(), Seg(FIN | ACK, kIrs + 1, kIss + 2)),
                E::RCV_FIN);
}

TEST(ClassifierTimeWait, RetransmittedFinWithDataIsRcvFin)
{
    TcpFsmTcb t = TimeWaitTcb();
    t.rcvNxt = SequenceNumber32(kIrs + 1 + 20 + 1);
    ExpectEvent(Classify(S::TIME_WAIT, t, Seg(FIN | ACK, kIrs + 1, kIss + 2, 20)), E::RCV_FIN);
}

TEST(ClassifierTimeWait, RstAtRcvNxtIsDroppedWithRfc1337)
{
    ExpectDrop(Classify(S::TIME_WAIT, TimeWaitTcb(), Seg(RST, kIrs + 2), true),
               R::NONE,
               "rst_in_time_wait_rfc1337");
}

TEST(ClassifierTimeWait, RstAtRcvNxtIsRcvRstWithoutRfc1337)
{
    ExpectEvent(Classify(S::TIME_WAIT, TimeWaitTcb(), Seg(RST, kIrs + 2), false), E::RCV_RST);
}

TEST(ClassifierTimeWait, UnacceptableSeqDrawsAck)
{
    ExpectDrop(Classify(S::TIME_WAIT, TimeWaitTcb(), Seg(ACK, kIrs + 2 + 5 * kWnd, kIss + 2)),
               R::ACK,
               "unacceptable_seq");
}

TcpFsmVerdict
ClassifyReopen(const TcpFsmTcb& tcb, const TcpFsmSegment& seg, bool listener)
{
    TcpFsmClassifyOptions opts;
    opts.timeWaitReopen = listener;
    return TcpFsmClassify(S::TIME_WAIT, tcb, seg, opts);
}

TEST(ClassifierTimeWait, NewSynAboveRcvNxtWithListenerIsRcvSyn)
{
    // RFC 9293 3.6.1 (MAY-2): a SYN beyond the old connection's sequence space reopens it.
    ExpectEvent(ClassifyReopen(TimeWaitTcb(), Seg(SYN, kIrs + 1000), true), E::RCV_SYN);
}

TEST(ClassifierTimeWait, NewSynWithNewerTimestampIsRcvSyn)
{
    // RFC 6191: with timestamps, a newer TSval marks the new incarnation even at a lower seq.
    TcpFsmTcb t = TimeWaitTcb();
    t.tsOn = true;
    t.tsRecent = 100;
    TcpFsmSegment seg = Seg(SYN, kIrs - 1000);
    seg.hasTimestamp = true;
    seg.tsVal = 101;
    ExpectEvent(ClassifyReopen(t, seg, true), E::RCV_SYN);
}

TEST(ClassifierTimeWait, OldSynDrawsChallengeAck)
{
    // Neither above RCV.NXT nor a newer TSval: an old duplicate, answered with an ACK.
    TcpFsmTcb t = TimeWaitTcb();
    t.tsOn = true;
    t.tsRecent = 100;
    TcpFsmSegment seg = Seg(SYN, kIrs + 1);
    seg.hasTimestamp = true;
    seg.tsVal = 100;
    const TcpFsmVerdict v = ClassifyReopen(t, seg, true);
    EXPECT_TRUE(v.drop);
    EXPECT_FALSE(v.hasEvent);
    EXPECT_NE(v.reply, R::NONE);
}

TEST(ClassifierTimeWait, NewSynWithoutListenerDrawsChallengeAck)
{
    // Nobody to take the new connection: TIME_WAIT stays and the SYN is answered with an ACK.
    const TcpFsmVerdict v = ClassifyReopen(TimeWaitTcb(), Seg(SYN, kIrs + 1000), false);
    EXPECT_TRUE(v.drop);
    EXPECT_EQ(v.reply, R::CHALLENGE_ACK);
}

TEST(ClassifierTimeWait, SynAckNeverReopens)
{
    const TcpFsmVerdict v
        = ClassifyReopen(TimeWaitTcb(), Seg(SYN | ACK, kIrs + 1000, kIss + 2), true);
    EXPECT_FALSE(v.hasEvent);
}

TEST(ClassifierClosed, EverySegmentIsDropped)
{
    ExpectDrop(Classify(S::CLOSED, TcpFsmTcb(), Seg(SYN, 1)), R::NONE, "closed");
}

// ---- TcpFsmFinEvent (RFC 9293 3.10.7.4 "eighth") ----------------------------------------------

TEST(ClassifierFinEvent, FinWait1WithOurFinAckedIsRcvFinAck)
{
    E e = E::APP_ABORT;
    EXPECT_TRUE(TcpFsmFinEvent(S::FIN_WAIT_1, true, e));
    EXPECT_EQ(e, E::RCV_FIN_ACK);
}

TEST(ClassifierFinEvent, FinWait1WithOurFinNotAckedIsRcvFin)
{
    E e = E::APP_ABORT;
    EXPECT_TRUE(TcpFsmFinEvent(S::FIN_WAIT_1, false, e));
    EXPECT_EQ(e, E::RCV_FIN);
}

TEST(ClassifierFinEvent, EstablishedIsRcvFin)
{
    E e = E::APP_ABORT;
    EXPECT_TRUE(TcpFsmFinEvent(S::ESTABLISHED, false, e));
    EXPECT_EQ(e, E::RCV_FIN);
}

TEST(ClassifierFinEvent, FinWait2IsRcvFin)
{
    E e = E::APP_ABORT;
    EXPECT_TRUE(TcpFsmFinEvent(S::FIN_WAIT_2, true, e));
    EXPECT_EQ(e, E::RCV_FIN);
}

TEST(ClassifierFinEvent, CloseWaitMakesNoEvent)
{
    E e = E::APP_ABORT;
    EXPECT_FALSE(TcpFsmFinEvent(S::CLOSE_WAIT, false, e));
}

// ---- TcpFsmDataEvent (RFC 1122 4.2.2.13) ------------------------------------------------------

TEST(ClassifierDataEvent, FinWait2AfterCloseIsRcvDataAfterClose)
{
    E e = E::APP_ABORT;
    EXPECT_TRUE(TcpFsmDataEvent(S::FIN_WAIT_2, true, 10, e));
    EXPECT_EQ(e, E::RCV_DATA_AFTER_CLOSE);
}

TEST(ClassifierDataEvent, FinWait2NotClosedMakesNoEvent)
{
    E e = E::APP_ABORT;
    EXPECT_FALSE(TcpFsmDataEvent(S::FIN_WAIT_2, false, 10, e));
}

TEST(ClassifierDataEvent, FinWait2AfterCloseWithoutNewBytesMakesNoEvent)
{
    E e = E::APP_ABORT;
    EXPECT_FALSE(TcpFsmDataEvent(S::FIN_WAIT_2, true, 0, e));
}

TEST(ClassifierDataEvent, FinWait1AfterCloseIsRcvDataAfterClose)
{
    E e = E::APP_ABORT;
    EXPECT_TRUE(TcpFsmDataEvent(S::FIN_WAIT_1, true, 10, e));
    EXPECT_EQ(e, E::RCV_DATA_AFTER_CLOSE);
}

TEST(ClassifierDataEvent, EstablishedMakesNoEventEvenWhenClosed)
{
    E e = E::APP_ABORT;
    EXPECT_FALSE(TcpFsmDataEvent(S::ESTABLISHED, true, 10, e));
}
