/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "tcp-fsm-segment-classifier.h"

#include "tcp-fsm-options.h"
#include "tcp-fsm-transition-table.h"

#include "ns3/tcp-header.h"

namespace ns3
{

namespace
{

TcpFsmVerdict
Drop(const char* reason, TcpFsmReply reply = TcpFsmReply::NONE)
{
    TcpFsmVerdict v;
    v.drop = true;
    v.reason = reason;
    v.reply = reply;
    return v;
}

TcpFsmVerdict
Event(TcpFsmEvent e)
{
    TcpFsmVerdict v;
    v.hasEvent = true;
    v.event = e;
    return v;
}

// RFC 9293 3.10.7.2: a listener.
TcpFsmVerdict
ClassifyListen(const TcpFsmSegment& seg)
{
    if (seg.Has(TcpHeader::RST))
    {
        return Drop("rst_in_listen"); // first: an incoming RST is ignored
    }
    if (seg.Has(TcpHeader::ACK))
    {
        return Drop("ack_in_listen", TcpFsmReply::RST_FOR_ACK); // second: <SEQ=SEG.ACK><CTL=RST>
    }
    if (seg.Has(TcpHeader::SYN))
    {
        if (seg.Has(TcpHeader::FIN))
        {
            // A SYN that also closes: no connection begins with it (RFC 9293 leaves it open;
            // Linux discards it too). Dropped and counted, no reply.
            return Drop("syn_fin_in_listen");
        }
        return Event(TcpFsmEvent::RCV_SYN); // third
    }
    return Drop("no_syn_in_listen"); // fourth: anything else is dropped
}

// RFC 9293 3.10.7.3: SYN_SENT.
TcpFsmVerdict
ClassifySynSent(const TcpFsmTcb& tcb, const TcpFsmSegment& seg, const TcpFsmClassifyOptions& opts)
{
    bool ackAcceptable = false;
    if (seg.Has(TcpHeader::ACK))
    {
        // first: SEG.ACK =< ISS or SEG.ACK > SND.NXT is unacceptable; with opts.synSentTsEcrCheck
        // (Linux) so is a non-zero TSecr that echoes no TSval sent since our first SYN.
        const bool tsEcrOutside = opts.synSentTsEcrCheck && seg.tsEcr != 0
                                  && seg.tsEcr - opts.synTsVal > opts.nowTsVal - opts.synTsVal;
        if (seg.ack <= tcb.iss || seg.ack > tcb.sndMax || tsEcrOutside)
        {
            if (seg.Has(TcpHeader::RST))
            {
                return Drop("unacceptable_ack_rst_in_syn_sent");
            }
            return Drop("unacceptable_ack_in_syn_sent", TcpFsmReply::RST_FOR_ACK);
        }
        ackAcceptable = tcb.sndUna < seg.ack && seg.ack <= tcb.sndMax;
    }
    if (seg.Has(TcpHeader::RST))
    {
        // second: a RST counts only with an acceptable ACK (RFC 5961 3.2 note for SYN_SENT)
        if (ackAcceptable)
        {
            return Event(TcpFsmEvent::RCV_RST);
        }
        return Drop("rst_without_ack_in_syn_sent");
    }
    if (seg.Has(TcpHeader::SYN))
    {
        // fourth
        TcpFsmVerdict v = Event(ackAcceptable ? TcpFsmEvent::RCV_SYN_ACK : TcpFsmEvent::RCV_SYN);
        v.ackNew = ackAcceptable;
        return v;
    }
    return Drop("no_syn_in_syn_sent"); // fifth
}

bool
IsSynchronized(TcpFsmState s)
{
    return TcpFsmTransitionTable::Info(s).synchronized;
}

} // namespace

uint32_t
TcpFsmSegment::Length() const
{
    return payload + (Has(TcpHeader::SYN) ? 1 : 0) + (Has(TcpHeader::FIN) ? 1 : 0);
}

bool
TcpFsmSeqAcceptable(const TcpFsmTcb& tcb, const TcpFsmSegment& seg)
{
    const uint32_t len = seg.Length();
    const SequenceNumber32 rcvEnd = tcb.rcvNxt + tcb.rcvWnd;
    if (len == 0)
    {
        if (tcb.rcvWnd == 0)
        {
            return seg.seq == tcb.rcvNxt;
        }
        return tcb.rcvNxt <= seg.seq && seg.seq < rcvEnd;
    }
    if (tcb.rcvWnd == 0)
    {
        return false;
    }
    const SequenceNumber32 last = seg.seq + (len - 1);
    return (tcb.rcvNxt <= seg.seq && seg.seq < rcvEnd) || (tcb.rcvNxt <= last && last < rcvEnd);
}

TcpFsmVerdict
TcpFsmClassify(TcpFsmState state,
               const TcpFsmTcb& tcb,
               const TcpFsmSegment& seg,
               const TcpFsmClassifyOptions& opts)
{
    if (state == TcpSocket::LISTEN)
    {
        return ClassifyListen(seg);
    }
    if (state == TcpSocket::SYN_SENT)
    {
        return ClassifySynSent(tcb, seg, opts);
    }
    if (state == TcpSocket::CLOSED)
    {
        return Drop("closed");
    }

    // SYN_RCVD and the synchronized states: RFC 9293 3.10.7.4.
    // RFC 7323 5.3 R1 (PAWS), before the sequence number check: a segment whose TSval is
    // older than TS.Recent is a stale duplicate: drop it and ACK (a RST is not rejected, as
    // RFC 7323 R1 and Linux).
    if (tcb.tsOn && seg.hasTimestamp && !seg.Has(TcpHeader::RST)
        && TcpFsmPawsRejects(seg.tsVal, tcb.tsRecent))
    {
        return Drop("paws", TcpFsmReply::ACK);
    }
    if (state == TcpSocket::SYN_RCVD && seg.Has(TcpHeader::SYN) && !seg.Has(TcpHeader::RST)
        && seg.seq == tcb.irs)
    {
        // The peer's SYN again. With an ACK of our SYN it is the other half of a
        // simultaneous open (RFC 9293 Figure 7, line 6); without, a retransmission
        // of the SYN we answered, so our SYN+ACK was probably lost: send it again.
        if (!seg.Has(TcpHeader::ACK))
        {
            return Drop("duplicate_syn", TcpFsmReply::SYN_ACK);
        }
        if (seg.ack == tcb.sndMax)
        {
            TcpFsmVerdict v = Event(TcpFsmEvent::RCV_SYN_ACK);
            v.ackNew = true;
            return v;
        }
        return Drop("unacceptable_ack_in_syn_rcvd", TcpFsmReply::RST_FOR_ACK);
    }
    if (state == TcpSocket::TIME_WAIT && opts.timeWaitReopen && seg.Has(TcpHeader::SYN)
        && !seg.Has(TcpHeader::ACK) && !seg.Has(TcpHeader::RST)
        && (seg.seq > tcb.rcvNxt
            || (tcb.tsOn && seg.hasTimestamp && TcpFsmPawsRejects(tcb.tsRecent, seg.tsVal))))
    {
        // RFC 9293 3.6.1 (MAY-2), RFC 6191: a SYN beyond what the old connection received
        // (by sequence number or, with timestamps, by a newer TSval) starts a new
        // incarnation: TIME_WAIT ends and the listener takes the SYN. Anything else is an
        // old duplicate and draws the ACK below.
        return Event(TcpFsmEvent::RCV_SYN);
    }
    if (state == TcpSocket::TIME_WAIT && seg.Has(TcpHeader::FIN) && !seg.Has(TcpHeader::RST)
        && !seg.Has(TcpHeader::SYN) && seg.seq + seg.Length() == tcb.rcvNxt)
    {
        // eighth: the peer's FIN retransmitted (our ACK was lost): ACK it, restart 2MSL.
        return Event(TcpFsmEvent::RCV_FIN);
    }

    // first: sequence number check
    if (!TcpFsmSeqAcceptable(tcb, seg))
    {
        if (seg.Has(TcpHeader::RST))
        {
            return Drop("rst_out_of_window"); // RFC 5961 3.2: silently dropped
        }
        return Drop("unacceptable_seq", TcpFsmReply::ACK);
    }

    // second: RST (RFC 5961 3.2: honoured only exactly at RCV.NXT)
    if (seg.Has(TcpHeader::RST))
    {
        if (seg.seq != tcb.rcvNxt)
        {
            return Drop("rst_not_at_rcv_nxt", TcpFsmReply::CHALLENGE_ACK);
        }
        if (state == TcpSocket::TIME_WAIT && opts.rfc1337)
        {
            return Drop("rst_in_time_wait_rfc1337");
        }
        return Event(TcpFsmEvent::RCV_RST);
    }

    // fourth: SYN in a synchronized state (RFC 5961 4.2): challenge ACK
    if (seg.Has(TcpHeader::SYN))
    {
        return Drop("syn_in_synchronized_state", TcpFsmReply::CHALLENGE_ACK);
    }

    // fifth: ACK
    if (!seg.Has(TcpHeader::ACK))
    {
        return Drop("no_ack");
    }
    if (!IsSynchronized(state))
    {
        // SYN_RCVD
        if (tcb.sndUna < seg.ack && seg.ack <= tcb.sndMax)
        {
            TcpFsmVerdict v = Event(TcpFsmEvent::RCV_ACK_OF_SYN);
            v.ackNew = true;
            return v;
        }
        return Drop("unacceptable_ack_in_syn_rcvd", TcpFsmReply::RST_FOR_ACK);
    }
    if (seg.ack > tcb.sndMax)
    {
        return Drop("ack_beyond_snd_nxt",
                    opts.ackUnsentReply ? TcpFsmReply::ACK : TcpFsmReply::NONE);
    }
    if (seg.ack < tcb.sndUna - tcb.maxSndWnd)
    {
        return Drop("ack_too_old", TcpFsmReply::ACK); // RFC 5961 5.2
    }
    TcpFsmVerdict v;
    v.ackNew = seg.ack > tcb.sndUna;
    v.ackCoversOurFin = tcb.finSent && !tcb.OurFinAcked() && seg.ack > tcb.finSeq;
    if (v.ackCoversOurFin)
    {
        if (state == TcpSocket::FIN_WAIT_1 && seg.Has(TcpHeader::FIN))
        {
            v.finMayCompleteAck = true; // RCV_FIN_ACK if the FIN is in sequence
        }
        else
        {
            const auto* row = TcpFsmTransitionTable::Find(state, TcpFsmEvent::RCV_ACK_OF_FIN);
            if (row)
            {
                v.hasEvent = true;
                v.event = TcpFsmEvent::RCV_ACK_OF_FIN;
            }
        }
    }
    return v;
}

bool
TcpFsmFinEvent(TcpFsmState state, bool ourFinAcked, TcpFsmEvent& event)
{
    event = (state == TcpSocket::FIN_WAIT_1 && ourFinAcked) ? TcpFsmEvent::RCV_FIN_ACK
                                                            : TcpFsmEvent::RCV_FIN;
    return TcpFsmTransitionTable::Find(state, event) != nullptr;
}

bool
TcpFsmDataEvent(TcpFsmState state, bool applicationClosed, uint32_t newBytes, TcpFsmEvent& event)
{
    event = TcpFsmEvent::RCV_DATA_AFTER_CLOSE;
    return applicationClosed && newBytes > 0
           && TcpFsmTransitionTable::Find(state, event) != nullptr;
}

const char*
TcpFsmReplyName(TcpFsmReply r)
{
    switch (r)
    {
    case TcpFsmReply::NONE:
        return "none";
    case TcpFsmReply::ACK:
        return "ack";
    case TcpFsmReply::CHALLENGE_ACK:
        return "challenge_ack";
    case TcpFsmReply::RST_FOR_ACK:
        return "rst";
    case TcpFsmReply::RST_ACK_FOR_SEG:
        return "rst_ack";
    case TcpFsmReply::SYN_ACK:
        return "syn_ack";
    }
    return "?";
}

} // namespace ns3
