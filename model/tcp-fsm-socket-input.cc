/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * TcpFsmSocket, part 2: arriving segments. The walk is one way only:
 * classify (RFC 9293 3.10.7) -> ACK -> data -> FIN, each step turning what it
 * finds into a table event and handing it to Dispatch().
 */
#include "tcp-fsm-branch.h"
#include "tcp-fsm-l4-protocol.h"
#include "tcp-fsm-socket.h"

#include "ns3/log.h"
#include "ns3/simulator.h"
#include "ns3/tcp-option-rfc793.h"
#include "ns3/tcp-option-winscale.h"

#include <algorithm>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("TcpFsmSocketInput");

void
TcpFsmSocket::SetRcvNxt(SequenceNumber32 rcvNxt)
{
    m_tcb.rcvNxt = rcvNxt;
    if (m_rxBufferTraces)
    {
        m_rxBufferTraces->SetNextRxSequence(rcvNxt);
    }
}

Ptr<TcpFsmRxBufferTraces>
TcpFsmSocket::GetRxBufferTraces() const
{
    if (!m_rxBufferTraces)
    {
        m_rxBufferTraces = CreateObject<TcpFsmRxBufferTraces>(m_tcb.rcvNxt);
    }
    return m_rxBufferTraces;
}

TcpFsmSegment
TcpFsmSocket::ToSegment(const TcpHeader& h, uint32_t payload)
{
    TcpFsmSegment seg;
    seg.flags = h.GetFlags();
    seg.seq = h.GetSequenceNumber();
    seg.ack = h.GetAckNumber();
    seg.payload = payload;
    seg.window = h.GetWindowSize();
    return seg;
}

void
TcpFsmSocket::Receive(const Ptr<Packet>& payload,
                      const TcpHeader& h,
                      const TcpFsmTuple& tuple,
                      uint8_t ipEcn)
{
    Ptr<TcpFsmSocket> self(this);
    m_rxIpEcn = ipEcn;
    m_rxFlags = h.GetFlags();
    if (TCP_FSM_UNLIKELY(!m_rxTrace.IsEmpty()))
    {
        m_rxTrace(payload, h, this); // (no Ptr to this made and dropped for nobody)
    }
    if (m_state == LISTEN)
    {
        ReceiveOnListener(payload, h, tuple);
        return;
    }
    CountReceived(h, payload->GetSize());
    ProcessSegment(payload, h);
}

void
TcpFsmSocket::SendReply(TcpFsmReply reply,
                        const TcpHeader& h,
                        uint32_t payload,
                        const TcpFsmTuple& t)
{
    switch (reply)
    {
    case TcpFsmReply::NONE:
        break;
    case TcpFsmReply::ACK:
    case TcpFsmReply::CHALLENGE_ACK:
        SendAck();
        break;
    case TcpFsmReply::RST_FOR_ACK:
    case TcpFsmReply::RST_ACK_FOR_SEG:
        m_tcp->SendResetFor(h, payload, t);
        break;
    case TcpFsmReply::SYN_ACK:
        ++m_retransmissions;
        SendSyn(true);
        break;
    }
}

Ptr<TcpFsmSocket>
TcpFsmSocket::Fork()
{
    Ptr<TcpFsmSocket> child = CopyObject<TcpFsmSocket>(this);
    child->SetTcp(m_tcp);
    return child;
}

Ptr<TcpFsmSocket>
TcpFsmSocket::CloneFresh() const
{
    Ptr<TcpFsmSocket> s = CopyObject<TcpFsmSocket>(this);
    s->m_passive = false;
    s->m_shutdownInherited = false;
    return s;
}

TcpFsmSocket::TcpFsmSocket(const TcpFsmSocket& listener)
  : TcpSocket(listener)
  , m_sndBufSize(listener.m_sndBufSize)
  , m_rcvBufSize(listener.m_rcvBufSize)
  , m_segmentSize(listener.m_segmentSize)
  , m_initialSsThresh(listener.m_initialSsThresh)
  , m_initialCwnd(listener.m_initialCwnd)
  , m_connTimeout(listener.m_connTimeout)
  , m_synRetries(listener.m_synRetries)
  , m_dataRetries(listener.m_dataRetries)
  , m_delAckTimeout(listener.m_delAckTimeout)
  , m_delAckMaxCount(listener.m_delAckMaxCount)
  , m_noDelay(listener.m_noDelay)
  , m_persistTimeout(listener.m_persistTimeout)
  , m_msl(listener.m_msl)
  , m_minRto(listener.m_minRto)
  , m_maxRto(listener.m_maxRto)
  , m_finWait2Timeout(listener.m_finWait2Timeout)
  , m_rfc1337(listener.m_rfc1337)
  , m_ackUnsentReply(listener.m_ackUnsentReply)
  , m_abortOnClose(listener.m_abortOnClose)
  , m_backlog(listener.m_backlog)
  , m_windowScaling(listener.m_windowScaling)
  , m_fastOpen(listener.m_fastOpen)
  , m_fastOpenKeyText(listener.m_fastOpenKeyText)
  , m_haveFastOpenKey(listener.m_haveFastOpenKey)
  , m_fastOpenKey(listener.m_fastOpenKey)
  , m_fastOpenConnect(listener.m_fastOpenConnect)
  , m_profile(listener.m_profile)
  , m_timestamp(listener.m_timestamp)
  , m_sack(listener.m_sack)
  , m_synAckRetries(listener.m_synAckRetries)
  , m_rcvBufMax(listener.m_rcvBufMax)
  , m_delAckMinTimeout(listener.m_delAckMinTimeout)
  , m_quickAcks(listener.m_quickAcks)
  , m_mssFromMtu(listener.m_mssFromMtu)
  , m_constructed(true)
  , m_keepAlive(listener.m_keepAlive)
  , m_keepAliveIdle(listener.m_keepAliveIdle)
  , m_keepAliveInterval(listener.m_keepAliveInterval)
  , m_keepAliveCount(listener.m_keepAliveCount)
  , m_userTimeout(listener.m_userTimeout)
  , m_cork(listener.m_cork)
  , m_oobInline(listener.m_oobInline)
  , m_linger(listener.m_linger)
  , m_zerocopy(listener.m_zerocopy.Inherited())
  , m_state(listener.m_state)
  , m_rtoTrace(listener.m_rtoTrace)
  , m_advWnd(listener.m_advWnd)
  , m_rWnd(listener.m_rWnd)
  , m_node(listener.m_node)
  , m_passive(true)
  , m_shutdownInherited(listener.m_shutdownSend)
  , m_rxBuffer(listener.m_rcvBufSize)
  , m_congestionTypeId(listener.m_congestionTypeId)
  , m_recoveryTypeId(listener.m_recoveryTypeId)
  , m_congestionControl(listener.m_congestionControl->Fork())
  , m_recoveryOps(listener.m_recoveryOps) // forked by RecoveryOps() when first needed
  , m_recoveryShared(true)
  , m_limitedTransmit(listener.m_limitedTransmit)
  , m_retxThresh(listener.m_retxThresh)
  , m_gsoMaxSegments(listener.m_gsoMaxSegments)
  , m_gsoMinSegments(listener.m_gsoMinSegments)
  , m_minshallNagle(listener.m_minshallNagle)
  , m_detectLostRetransmit(listener.m_detectLostRetransmit)
  , m_synAckTsEcrCheck(listener.m_synAckTsEcrCheck)
{
    if (TCP_FSM_UNLIKELY(listener.HasTraceSinks()))
    {
        CopyTraceSinks(listener); // before InitCongestion, which wires the ones it feeds
    }
    m_useEcn = listener.m_useEcn;
    InitTimers();
    InitCongestion(listener.m_cc);
}

void
TcpFsmSocket::ReceiveOnListener(const Ptr<Packet>& payload,
                                const TcpHeader& h,
                                const TcpFsmTuple& tuple)
{
    TcpFsmSegment seg = ToSegment(h, payload->GetSize());
    TcpFsmVerdict v
        = TcpFsmClassify(LISTEN, m_tcb, seg, TcpFsmClassifyOptions{m_rfc1337, m_ackUnsentReply});
    if (v.drop)
    {
        m_tcp->NotifyDrop(payload, h, v.reason);
        SendReply(v.reply, h, payload->GetSize(), tuple);
        return;
    }
    if (m_children.size() >= m_backlog)
    {
        m_tcp->NotifyDrop(payload, h, "backlog_full"); // as Linux: the client will retry
        return;
    }
    if (!NotifyConnectionRequest(tuple.PeerAddress()))
    {
        m_tcp->NotifyDrop(payload, h, "refused_by_application");
        return;
    }
    Ptr<TcpFsmSocket> child = Fork();
    if (!m_tcp->AddConnection(child, tuple))
    {
        m_tcp->NotifyDrop(payload, h, "tuple_in_use");
        return;
    }
    child->m_tuple = tuple;
    child->m_bound = true;
    child->m_registered = true;
    child->m_listener = this;
    child->InitIss();
    child->m_tcb.irs = seg.seq;
    child->SetRcvNxt(seg.seq + 1);
    child->m_tcb.synchronized = true;
    child->m_rxBuffer.SetNextSequence(child->m_tcb.rcvNxt);
    child->ReadOptions(h);
    child->UpdateWindow(seg, true);
    // RFC 7413: a SYN with a valid cookie is rcv_syn_fastopen (the child keeps its data).
    TcpFsmEvent event = FastOpenOnSyn(*child, payload, h);
    event = child->EcnOnSyn(h, event); // RFC 3168 6.1.1: an ECN-setup SYN

    const TcpFsmTransition* row = TcpFsmTransitionTable::Find(LISTEN, event);
    NS_ASSERT(row
              && (row->action == TcpFsmAction::SPAWN_CHILD
                  || row->action == TcpFsmAction::FASTOPEN_ACCEPT));
    m_children.insert(child);
    Cause cause{true, seg.flags, seg.seq.GetValue(), seg.ack.GetValue()};
    child->Apply(*row, cause); // the child's LISTEN -> SYN_RCVD, sending SYN+ACK
}

void
TcpFsmSocket::ChildGone(TcpFsmSocket* child)
{
    m_children.erase(Ptr<TcpFsmSocket>(child));
}

void
TcpFsmSocket::ReadOptions(const TcpHeader& h)
{
    if (h.HasOption(TcpOption::MSS))
    {
        auto mss = DynamicCast<const TcpOptionMSS>(h.GetOption(TcpOption::MSS));
        if (mss && mss->GetMSS() > 0)
        {
            m_peerMss = mss->GetMSS();
        }
    }
    else
    {
        m_peerMss = 536; // RFC 9293 3.7.1: the default send MSS
    }
    // RFC 7323 2.2: scaling is used only when both SYNs carry the option.
    m_peerWindowScale = false;
    m_sndWindShift = 0;
    if (m_windowScaling && h.HasOption(TcpOption::WINSCALE))
    {
        auto ws = DynamicCast<const TcpOptionWinScale>(h.GetOption(TcpOption::WINSCALE));
        if (ws)
        {
            m_peerWindowScale = true;
            m_sndWindShift = std::min<uint8_t>(TcpFsmWindowShift(*ws), 14); // RFC 7323 2.3
        }
    }
    m_rcvWindShift = m_peerWindowScale ? OurWindowShift() : 0;
    NegotiateOptions(TcpFsmReadOptions(h));
    // RFC 6691: the MSS counts no TCP options: with timestamps on every segment, a full
    // segment carries 12 bytes less data (as Linux's mss_cache).
    const uint32_t optionBytes = m_tsOn ? 12 : 0;
    const uint32_t mss = std::min(m_segmentSize, m_peerMss);
    m_mss = std::max<uint32_t>(1, mss > optionBytes ? mss - optionBytes : 1);
    StartCongestion();
}

void
TcpFsmSocket::ProcessSegment(const Ptr<Packet>& payload, const TcpHeader& h)
{
    Ptr<TcpFsmSocket> self(this);
    TcpFsmSegment seg = ToSegment(h, payload->GetSize());
    PrepareOptions(h, seg);
    if (WindowScaled() && !seg.Has(TcpHeader::SYN))
    {
        seg.window <<= m_sndWindShift; // RFC 7323 2.3: never scaled on a SYN
    }
    Cause cause{true, seg.flags, seg.seq.GetValue(), seg.ack.GetValue()};
    m_tcb.rcvWnd
        = WindowScaled() ? AdvertisedWindow() : std::min<uint32_t>(AdvertisedWindow(), 65535);
    const bool reopen
        = m_state == TIME_WAIT && seg.Has(TcpHeader::SYN) && m_tcp->HasListenerFor(m_tuple);
    const bool tsEcrCheck = m_synAckTsEcrCheck && m_synTsValSent && m_state == SYN_SENT;
    const TcpFsmClassifyOptions opts{m_rfc1337,
                                     m_ackUnsentReply,
                                     reopen,
                                     tsEcrCheck,
                                     m_synTsVal,
                                     tsEcrCheck ? GetTsValue() : 0}; // (only that check reads it)
    TcpFsmVerdict v = TcpFsmClassify(m_state, m_tcb, seg, opts);
    NS_LOG_LOGIC(this << " " << TcpFsmStateName(m_state) << " seg flags "
                      << TcpHeader::FlagsToString(seg.flags) << " seq " << seg.seq << " ack "
                      << seg.ack << " len " << seg.payload << (v.drop ? " drop " : "")
                      << (v.reason ? v.reason : ""));
    if (TCP_FSM_UNLIKELY(v.drop))
    {
        m_tcp->NotifyDrop(payload, h, v.reason);
        if (v.reply == TcpFsmReply::ACK && seg.payload > 0 && seg.seq < m_tcb.rcvNxt)
        {
            NoteDataForSack(seg.seq, seg.payload, m_tcb.rcvNxt); // RFC 2883: D-SACK
        }
        SendReply(v.reply, h, seg.payload, m_tuple);
        return;
    }
    AcceptedOptions(seg);
    if (TCP_FSM_UNLIKELY(EcnOn()))
    {
        EcnIncoming(h); // RFC 3168 6.1.3: CE and CWR
    }
    if (v.hasEvent)
    {
        switch (v.event)
        {
        case TcpFsmEvent::RCV_RST:
            // RFC 7413: a Fast Open child the application already holds cannot go back to
            // LISTEN: its reset is rcv_rst_fastopen.
            Dispatch(m_state == SYN_RCVD && IsFastOpenChild() ? TcpFsmEvent::RCV_RST_FASTOPEN
                                                              : v.event,
                     cause);
            return;
        case TcpFsmEvent::RCV_FIN: // TIME_WAIT: the peer's FIN again
            Dispatch(v.event, cause);
            return;
        case TcpFsmEvent::RCV_SYN: // SYN_SENT: simultaneous open
            if (m_state == TIME_WAIT)
            {
                // RFC 9293 3.6.1 (MAY-2): a new SYN ends TIME_WAIT; the listener takes it.
                const SequenceNumber32 sndNxt = m_tcb.sndMax;
                Dispatch(v.event, cause);
                m_tcp->ReopenFromTimeWait(payload, h, m_tuple, sndNxt);
                return;
            }
            m_tcb.irs = seg.seq;
            SetRcvNxt(seg.seq + 1);
            m_tcb.synchronized = true;
            m_rxBuffer.SetNextSequence(m_tcb.rcvNxt);
            ReadOptions(h);
            UpdateWindow(seg, true);
            Dispatch(v.event, cause);
            return;
        case TcpFsmEvent::RCV_SYN_ACK:
        {
            TcpFsmEvent event = v.event;
            if (m_state == SYN_SENT)
            {
                event = FastOpenOnSynAck(h, seg); // RFC 7413: was our SYN's data acknowledged?
                m_tcb.irs = seg.seq;
                SetRcvNxt(seg.seq + 1);
                m_tcb.synchronized = true;
                m_rxBuffer.SetNextSequence(m_tcb.rcvNxt);
                ReadOptions(h);
                event = EcnOnSynAck(h, event); // RFC 3168 6.1.1: ECN-setup SYN+ACK?
            }
            else
            {
                // Simultaneous open: the SYN's sequence number lies below RCV.NXT, a duplicate
                // the ACK reports as a D-SACK block (RFC 2883 4.1.1; Linux's tcp_data_queue()).
                NoteDataForSack(seg.seq, 1, m_tcb.rcvNxt);
            }
            UpdateWindow(seg, true); // RFC 9293 3.10.7.3: SND.WND/WL1/WL2 from this segment
            ProcessAck(seg, v);
            // RFC 9293 3.10.7.3 fourth: text in the SYN+ACK is kept ("continue processing at
            // the sixth step"); it is queued first, so that the handshake's ACK covers it.
            uint32_t advanced = 0;
            if (seg.payload > 0 && m_state == SYN_SENT)
            {
                advanced = m_rxBuffer.Add(payload, seg.seq + 1);
                SetRcvNxt(m_rxBuffer.NextSequence());
            }
            Dispatch(event, cause);
            if (!m_registered || m_state == CLOSED)
            {
                return;
            }
            if (advanced > 0 && !m_shutdownRecv)
            {
                NotifyDataRecv();
            }
            if (seg.Has(TcpHeader::FIN))
            {
                TcpFsmSegment text = seg; // the FIN follows the SYN and the data
                text.seq = seg.seq + 1;
                ProcessFin(text, v, cause);
            }
            return;
        }
        case TcpFsmEvent::RCV_ACK_OF_SYN:
            UpdateWindow(seg, true); // RFC 9293 3.10.7.4 fifth, SYN-RECEIVED
            ProcessAck(seg, v);
            Dispatch(v.event, cause);
            break;
        case TcpFsmEvent::RCV_ACK_OF_FIN:
            ProcessAck(seg, v);
            Dispatch(v.event, cause);
            break;
        case TcpFsmEvent::APP_PASSIVE_OPEN:
        case TcpFsmEvent::APP_ACTIVE_OPEN:
        case TcpFsmEvent::APP_SEND:
        case TcpFsmEvent::APP_CLOSE:
        case TcpFsmEvent::APP_SHUTDOWN:
        case TcpFsmEvent::APP_ABORT:
        case TcpFsmEvent::RCV_FIN_ACK:
        case TcpFsmEvent::RCV_DATA_AFTER_CLOSE:
        case TcpFsmEvent::TIMEOUT_RETX:
        case TcpFsmEvent::TIMEOUT_2MSL:
        case TcpFsmEvent::TIMEOUT_FIN_WAIT_2:
        case TcpFsmEvent::TIMEOUT_KEEPALIVE:
        case TcpFsmEvent::TIMEOUT_KEEPALIVE_GIVE_UP:
        case TcpFsmEvent::APP_ACTIVE_OPEN_DATA:
        case TcpFsmEvent::APP_ACTIVE_OPEN_DEFERRED:
        case TcpFsmEvent::APP_SEND_SYN_DATA:
        case TcpFsmEvent::RCV_SYN_FASTOPEN:
        case TcpFsmEvent::RCV_SYN_ACK_DATA_ACKED:
        case TcpFsmEvent::RCV_SYN_ACK_DATA_NOT_ACKED:
        case TcpFsmEvent::RCV_RST_FASTOPEN:
        case TcpFsmEvent::APP_ACTIVE_OPEN_ECN:
        case TcpFsmEvent::RCV_SYN_ECN:
        case TcpFsmEvent::RCV_SYN_ACK_ECN:
            NS_ASSERT_MSG(false, "the classifier does not produce " << TcpFsmEventName(v.event));
            return;
        }
    }
    else
    {
        ProcessAck(seg, v);
    }
    if (m_state == CLOSED || !m_registered)
    {
        return;
    }
    if (TCP_FSM_UNLIKELY((h.GetFlags() & TcpHeader::URG) || m_urg.state == UrgState::NOTYET))
    {
        ReceiveUrgent(h, payload); // (does nothing without either)
    }
    const uint64_t acksBefore = m_acksSent;
    m_dataAck = DataAck::NONE;
    ProcessData(payload, seg, cause);
    if (m_state == CLOSED || !m_registered)
    {
        return;
    }
    ProcessFin(seg, v, cause);
    FlushDataAck(acksBefore);
    if (v.finMayCompleteAck && m_state == FIN_WAIT_1)
    {
        Dispatch(TcpFsmEvent::RCV_ACK_OF_FIN, cause); // the FIN was not in sequence
    }
    if (m_registered
        && (TcpFsmTransitionTable::Info(m_state).synchronized || FastOpenMaySendEarly()))
    {
        SendPending();
    }
}

void
TcpFsmSocket::UpdateWindow(const TcpFsmSegment& seg, bool initial)
{
    // RFC 9293 3.10.7.4 fifth: update the window from the newest segment only. The
    // first window (SYN_SENT, SYN_RCVD) is taken as it is.
    if (initial || m_tcb.sndWl1 < seg.seq || (m_tcb.sndWl1 == seg.seq && m_tcb.sndWl2 <= seg.ack))
    {
        uint32_t old = m_tcb.sndWnd;
        m_tcb.sndWnd = seg.window;
        m_tcb.maxSndWnd = std::max(m_tcb.maxSndWnd, m_tcb.sndWnd);
        m_tcb.sndWl1 = seg.seq;
        m_tcb.sndWl2 = seg.ack;
        m_rWnd = m_tcb.sndWnd;
        if (old == 0 && m_tcb.sndWnd > 0)
        {
            m_timers.Cancel(TcpFsmTimer::PERSIST);
            // The window reopens: what was sent into the closed window (the probe octet) was
            // not accepted; send again from SND.UNA.
            if (!initial && m_tcb.sndUna != m_tcb.iss && m_tcb.sndMax > m_tcb.sndUna)
            {
                m_txBuffer->SetSentListLost(false);
                m_tcb.sndNxt = m_tcb.sndUna;
            }
        }
    }
}

void
TcpFsmSocket::ProcessAck(const TcpFsmSegment& seg, const TcpFsmVerdict& v)
{
    if (!seg.Has(TcpHeader::ACK))
    {
        return;
    }
    m_lastPeerAck = Simulator::Now(); // the peer is alive (zero-window probing)
    uint32_t oldWnd = m_tcb.sndWnd;
    UpdateWindow(seg);
    // RFC 5681 2: a duplicate ACK carries no data, no SYN or FIN, the same ACK and window,
    // while data is outstanding. (With SACK, RFC 6675 2's definition is applied in AckArrived.)
    const bool plainDup = !v.ackNew && seg.ack == m_tcb.sndUna && seg.payload == 0
                          && !seg.Has(TcpHeader::FIN) && !seg.Has(TcpHeader::SYN)
                          && seg.window == oldWnd && Inflight() > 0;
    AckArrived(seg.ack, v.ackNew, plainDup);
}

void
TcpFsmSocket::ProcessData(const Ptr<Packet>& payload, const TcpFsmSegment& seg, const Cause& cause)
{
    if (seg.payload == 0)
    {
        return;
    }
    if (!TcpFsmTransitionTable::Info(m_state).acceptsData)
    {
        return; // the peer's FIN came before: nothing new can follow it
    }
    const SequenceNumber32 before = m_rxBuffer.NextSequence();
    const bool newBytes = seg.seq + seg.payload > before;
    TcpFsmEvent event;
    if (TcpFsmDataEvent(m_state, m_closeCalled, newBytes ? seg.payload : 0, event))
    {
        Dispatch(event, cause); // RFC 1122 4.2.2.13: data for a closed application: RST
        return;
    }
    NoteDataArrival();
    uint32_t advanced = m_rxBuffer.Add(payload, seg.seq);
    SetRcvNxt(m_rxBuffer.NextSequence());
    NoteDataForSack(seg.seq, seg.payload, before);
    if (advanced > 0 && !m_shutdownRecv)
    {
        NotifyDataRecv();
    }
    if (m_shutdownRecv && m_rxBuffer.Available() > 0 && GetProfile() != TcpFsmProfile::LINUX)
    {
        // The application will never read it (ns-3's meaning of ShutdownRecv); Linux keeps it
        // readable after SHUT_RD (tcp_recvmsg returns queued data before end of stream).
        m_rxBuffer.Read(m_rxBuffer.Available());
    }
    // Out-of-order data, or data that fills a hole, is ACKed at once (RFC 5681 4.2). The ACK
    // is decided after the FIN step: a FIN in this segment, or one this data makes ready,
    // is answered by one ACK that covers both (RFC 9293 3.10.7.4 eighth).
    // Filling the last hole counts too (advanced past this segment's own bytes), as Linux's
    // tcp_data_queue() and ns-3's ReceivedData: the sender in recovery waits for this ACK.
    const bool filledHole = advanced > seg.payload;
    const bool outOfOrder
        = advanced == 0 || m_rxBuffer.OutOfOrderBytes() > 0 || seg.seq != before || filledHole;
    m_dataAck = outOfOrder ? DataAck::NOW : DataAck::DELAYED;
}

void
TcpFsmSocket::FlushDataAck(uint64_t acksBefore)
{
    const DataAck due = m_dataAck;
    m_dataAck = DataAck::NONE;
    if (due == DataAck::NONE || !m_registered || m_state == CLOSED)
    {
        return;
    }
    if (m_acksSent > acksBefore && m_lastAckSent == m_tcb.rcvNxt)
    {
        return; // the FIN's ACK already covered this data
    }
    ScheduleAck(due == DataAck::NOW);
}

void
TcpFsmSocket::ProcessFin(const TcpFsmSegment& seg, const TcpFsmVerdict& v, const Cause& cause)
{
    if (seg.Has(TcpHeader::FIN) && TcpFsmTransitionTable::Info(m_state).acceptsData
        && !m_rxBuffer.HasFin())
    {
        m_rxBuffer.SetFin(seg.seq + seg.payload);
    }
    if (!m_rxBuffer.FinReady())
    {
        if (seg.Has(TcpHeader::FIN) && seg.payload == 0 && seg.seq != m_tcb.rcvNxt
            && TcpFsmTransitionTable::Info(m_state).acceptsData)
        {
            // A FIN beyond a hole is out of order too: a duplicate ACK at once (RFC 5681
            // 4.2) tells the sender about the hole. (With data, ProcessData sent it.)
            ScheduleAck(true);
        }
        return;
    }
    TcpFsmEvent event;
    bool ourFinAcked = m_tcb.OurFinAcked() || v.ackCoversOurFin;
    if (TcpFsmFinEvent(m_state, ourFinAcked, event))
    {
        m_rxBuffer.ConsumeFin();
        SetRcvNxt(m_rxBuffer.NextSequence());
        Dispatch(event, cause);
    }
}

} // namespace ns3
