/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * TcpFsmL4Protocol, TIME_WAIT: segments for a connection that lives as a record of the
 * TIME_WAIT table are classified and dispatched through the same classifier and table rows
 * as a socket in TIME_WAIT; the records' expiry is traced as TIME_WAIT -> CLOSED.
 */
#include "tcp-fsm-l4-protocol.h"
#include "tcp-fsm-options.h"
#include "tcp-fsm-segment-classifier.h"
#include "tcp-fsm-socket.h"
#include "tcp-fsm-transition-table.h"

#include "ns3/log.h"
#include "ns3/node.h"
#include "ns3/packet.h"
#include "ns3/simulator.h"
#include "ns3/tcp-header.h"

#include <algorithm>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("TcpFsmL4TimeWait");

// ---- TIME_WAIT records: the same classifier and table as a socket in TIME_WAIT ----------------

void
TcpFsmL4Protocol::DeliverToTimeWait(const TcpFsmTimeWaitRecord& r,
                                    const Ptr<Packet>& p,
                                    const TcpHeader& h)
{
    TcpFsmTcb tcb;
    tcb.sndUna = r.sndNxt;
    tcb.sndNxt = r.sndNxt;
    tcb.sndMax = r.sndNxt;
    tcb.finSent = true;
    tcb.finSeq = r.sndNxt - 1;
    tcb.rcvNxt = r.rcvNxt;
    tcb.rcvWnd = r.rcvWnd;
    tcb.maxSndWnd = 65535;
    tcb.synchronized = true;
    tcb.tsOn = r.tsOn;
    tcb.tsRecent = r.tsRecent;
    TcpFsmSegment seg;
    seg.flags = h.GetFlags();
    seg.seq = h.GetSequenceNumber();
    seg.ack = h.GetAckNumber();
    seg.payload = p->GetSize();
    seg.window = h.GetWindowSize();
    TcpFsmRxOptions options;
    if (r.tsOn)
    {
        options = TcpFsmReadOptions(h);
        seg.hasTimestamp = options.hasTimestamp;
        seg.tsVal = options.tsVal;
    }
    TcpFsmClassifyOptions opts;
    opts.rfc1337 = r.rfc1337;
    opts.timeWaitReopen = (seg.flags & TcpHeader::SYN) && FindListener(r.tuple) != nullptr;
    TcpFsmVerdict v = TcpFsmClassify(TcpSocket::TIME_WAIT, tcb, seg, opts);
    if (v.drop || !v.hasEvent)
    {
        NotifyDrop(p, h, v.reason ? v.reason : "time_wait");
        if (v.reply == TcpFsmReply::ACK || v.reply == TcpFsmReply::CHALLENGE_ACK)
        {
            SendTimeWaitAck(r);
        }
        return;
    }
    const TcpFsmTransition* row = TcpFsmTransitionTable::Find(TcpSocket::TIME_WAIT, v.event);
    if (!row)
    {
        NotifyDrop(p, h, "time_wait");
        return;
    }
    TcpFsmTimeWaitRecord current = r; // r is the caller's copy of the record
    if (seg.hasTimestamp && seg.seq <= r.rcvNxt && !TcpFsmPawsRejects(seg.tsVal, r.tsRecent))
    {
        current.tsRecent = seg.tsVal; // RFC 7323 4.3 (2)
        m_timeWait.SetTsRecent(r.tuple, seg.tsVal);
    }
    TraceTimeWait(r, row->to, row->event, &h);
    switch (row->send)
    {
    case TcpFsmSend::ACK:
        SendTimeWaitAck(current);
        break;
    case TcpFsmSend::NOTHING:
    case TcpFsmSend::SYN:
    case TcpFsmSend::SYN_ACK:
    case TcpFsmSend::FIN:
    case TcpFsmSend::RST:
    case TcpFsmSend::RST_ACK:
    case TcpFsmSend::PROBE:
    case TcpFsmSend::SYN_DATA:
    case TcpFsmSend::SYN_ECN:
    case TcpFsmSend::SYN_ACK_ECN:
        break;
    }
    if (row->action == TcpFsmAction::RESTART_2MSL)
    {
        m_timeWait.Restart(r.tuple, r.twoMsl);
    }
    else if (row->to == TcpSocket::CLOSED)
    {
        m_timeWait.Remove(r.tuple);
        if (row->event == TcpFsmEvent::RCV_SYN)
        {
            ReopenFromTimeWait(p, h, r.tuple, r.sndNxt);
        }
    }
}

bool
TcpFsmL4Protocol::HasListenerFor(const TcpFsmTuple& tuple) const
{
    return FindListener(tuple) != nullptr;
}

void
TcpFsmL4Protocol::ReopenFromTimeWait(const Ptr<Packet>& p,
                                     const TcpHeader& h,
                                     const TcpFsmTuple& tuple,
                                     SequenceNumber32 sndNxt)
{
    TcpFsmSocket* listener = FindListener(tuple);
    if (!listener)
    {
        return; // the classifier saw one; nothing can remove it in between
    }
    Ptr<TcpFsmSocket> keep(listener);
    // RFC 1122 4.2.2.13 (1): the new incarnation's ISS is above the old one's sequence space.
    m_reopening = true;
    m_reopenTuple = tuple;
    m_reopenIss = sndNxt + 65535 + 2;
    listener->Receive(p, h, tuple);
    m_reopening = false;
}

bool
TcpFsmL4Protocol::ReopenIss(const TcpFsmTuple& tuple, SequenceNumber32& iss) const
{
    if (!m_reopening || !(tuple == m_reopenTuple))
    {
        return false;
    }
    iss = m_reopenIss;
    return true;
}

void
TcpFsmL4Protocol::SendTimeWaitAck(const TcpFsmTimeWaitRecord& r)
{
    TcpHeader ack;
    ack.SetSourcePort(r.tuple.localPort);
    ack.SetDestinationPort(r.tuple.peerPort);
    ack.SetFlags(TcpHeader::ACK);
    ack.SetSequenceNumber(r.sndNxt);
    ack.SetAckNumber(r.rcvNxt);
    // RFC 7323 2.3: every window but a SYN's is scaled.
    ack.SetWindowSize(static_cast<uint16_t>(std::min<uint32_t>(r.rcvWnd >> r.rcvWindShift, 65535)));
    if (r.tsOn)
    {
        TcpFsmTxOptions o; // RFC 7323 3.2: timestamps on every segment, TIME_WAIT's ACKs too
        o.timestamp = true;
        o.tsVal = TcpFsmTsValue(Simulator::Now(), r.tsOffset);
        o.tsEcr = r.tsRecent;
        TcpFsmWriteOptions(ack, o);
    }
    SendSegment(Create<Packet>(), ack, r.tuple, r.socketId);
}

void
TcpFsmL4Protocol::TimeWaitExpired(const TcpFsmTimeWaitRecord& r)
{
    const TcpFsmTransition* row
        = TcpFsmTransitionTable::Find(TcpSocket::TIME_WAIT, TcpFsmEvent::TIMEOUT_2MSL);
    TraceTimeWait(r, row->to, row->event, nullptr);
}

void
TcpFsmL4Protocol::TraceTimeWait(const TcpFsmTimeWaitRecord& r,
                                TcpFsmState to,
                                TcpFsmEvent cause,
                                const TcpHeader* h)
{
    TcpFsmTransitionRecord rec;
    rec.time = Simulator::Now();
    rec.nodeId = m_node ? m_node->GetId() : 0;
    rec.socketId = r.socketId;
    rec.local = r.tuple.LocalAddress();
    rec.peer = r.tuple.PeerAddress();
    rec.from = TcpSocket::TIME_WAIT;
    rec.to = to;
    rec.cause = cause;
    if (h)
    {
        rec.hasSegment = true;
        rec.flags = h->GetFlags();
        rec.seq = h->GetSequenceNumber().GetValue();
        rec.ack = h->GetAckNumber().GetValue();
    }
    m_transitionTrace(rec);
}

} // namespace ns3
