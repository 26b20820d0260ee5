/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * TcpFsmSocket, part 5: congestion control and loss recovery. Nothing here is a congestion
 * control: ns-3's own TcpCongestionOps (NewReno, CUBIC, BBR, ...), TcpRecoveryOps (PRR,
 * classic) and TcpRateOps (TcpRateLinux) are driven through a TcpSocketState that this file
 * keeps up to date, at the points where ns-3's TcpSocketBase calls them. The send buffer is
 * ns-3's TcpTxBuffer, whose scoreboard gives the RFC 6675 pipe, IsLost and NextSeg.
 *
 * The congestion state (Open, Disorder, Recovery, Loss, CWR) is written in one place,
 * SetCongState(), with its cause: ns-3's CongState trace plus CongStateTransition.
 */
#include "tcp-fsm-branch.h"
#include "tcp-fsm-cc-factory.h"
#include "tcp-fsm-l4-protocol.h"
#include "tcp-fsm-socket.h"

#include "ns3/log.h"
#include "ns3/object-factory.h"
#include "ns3/simulator.h"
#include "ns3/tcp-rate-ops.h"

#include <algorithm>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("TcpFsmSocketCc");

namespace
{

/// A sequence number as ns-3's congestion controls expect it in a TcpSocketState: counted
/// from the ISS, as on ns-3's TcpSocketBase (whose ISS is 0, its first data byte 1). The ops
/// start their own marks at 0 (TcpCubic's and TcpIllinois's m_endSeq, TcpDctcp's m_nextSeq):
/// with wire sequence numbers, an ISS in the upper half of the space makes every ACK compare
/// below 0, and TcpCubic's HyStart never starts a round (it never leaves slow start early).
SequenceNumber32
OpsSeq(SequenceNumber32 seq, SequenceNumber32 iss)
{
    return SequenceNumber32(seq.GetValue() - iss.GetValue());
}

/// Back from OpsSeq's space to the wire's, for the traces (they keep the wire numbers).
SequenceNumber32
WireSeq(SequenceNumber32 seq, SequenceNumber32 iss)
{
    return SequenceNumber32(seq.GetValue() + iss.GetValue());
}

/// A Callback for ns-3's ops objects and send buffer, which only call it: one CallbackImpl
/// holding the lambda f, and no comparison components. MakeCallback(&Class::Method, object)
/// costs about 2,300 instructions and five allocations (its lambda wraps a std::function, and
/// the bound object and the member pointer each get a shared comparison component); these
/// callbacks are never compared (no TracedCallback holds them, nothing disconnects them), so
/// the one allocation left is the CallbackImpl's.
template<typename R, typename... Args, typename F>
Callback<R, Args...>
CallOnlyCallback(F f)
{
    return Callback<R, Args...>(
        Create<CallbackImpl<R, Args...>>(std::function<R(Args...)>(f), CallbackComponentVector{}));
}

/// TcpTxBuffer's callback for each segment it frees or marks SACKed: the rate sampler's.
Callback<void, TcpTxItem*>
RateDelivered(TcpRateOps* rate)
{
    return CallOnlyCallback<void, TcpTxItem*>(
        [rate](TcpTxItem* item)
        {
            rate->SkbDelivered(item);
        });
}

} // namespace

void
TcpFsmSocket::SetCongestionOpsType(TypeId tid)
{
    NS_ABORT_MSG_IF(m_state != CLOSED && m_state != LISTEN,
                    "TcpFsmSocket: CongestionOps can only change before the connection starts");
    m_congestionControl = TcpFsmCreateCongestionOps(tid);
    m_congestionTypeId = tid;
}

TypeId
TcpFsmSocket::GetCongestionOpsType() const
{
    return m_congestionTypeId;
}

void
TcpFsmSocket::SetRecoveryOpsType(TypeId tid)
{
    NS_ABORT_MSG_IF(m_state != CLOSED && m_state != LISTEN,
                    "TcpFsmSocket: RecoveryType can only change before the connection starts");
    m_recoveryOps = TcpFsmCreateRecoveryOps(tid);
    m_recoveryShared = false;
    m_recoveryTypeId = tid;
}

const Ptr<TcpRecoveryOps>&
TcpFsmSocket::RecoveryOps()
{
    if (m_recoveryShared)
    {
        // The listener's (or the socket prototype's) ops never ran, so a fork now is the fork
        // the copy would have made: the same state, the same attribute values.
        m_recoveryOps = m_recoveryOps->Fork();
        m_recoveryShared = false;
    }
    return m_recoveryOps;
}

TypeId
TcpFsmSocket::GetRecoveryOpsType() const
{
    return m_recoveryTypeId;
}

Ptr<const TcpSocketState>
TcpFsmSocket::GetSocketState() const
{
    return m_cc;
}

void
TcpFsmSocket::InitCongestion(Ptr<const TcpSocketState> prototype)
{
    // A copy carries no trace sinks (TracedValue's copy keeps only the value).
    m_cc = prototype ? CopyObject<TcpSocketState>(prototype) : CreateObject<TcpSocketState>();
    // A copy of an untouched TcpRateLinux: its constructor parses DataRate("0bps").
    static const Ptr<TcpRateLinux> freshRate = CreateObject<TcpRateLinux>();
    m_rateOps = CopyObject<TcpRateLinux>(freshRate);
    NewTxBuffer();
    m_txBufferUsed = false;
    m_cc->m_sendEmptyPacketCallback = CallOnlyCallback<void, uint8_t>(
        [this](uint8_t flags)
        {
            SendEmptyForOps(flags);
        });
    m_cc->m_pacingRate = m_cc->m_maxPacingRate; // until an RTT is known (as TcpSocketBase)
    m_ccTracesConnected = false;
    if (CcTracesWanted())
    {
        ConnectCcTraces(); // a listener's child with the listener's sinks
    }
}

void
TcpFsmSocket::NewTxBuffer()
{
    m_txBuffer = CreateObject<TcpTxBuffer>();
    m_txBuffer->SetMaxBufferSize(m_sndBufSize);
    m_txBuffer->SetRWndCallback(CallOnlyCallback<uint32_t>(
        [this]
        {
            return PeerWindow();
        }));
}

void
TcpFsmSocket::StartCongestion()
{
    m_cc->m_segmentSize = m_mss;
    m_cc->m_initialCWnd = m_initialCwnd;
    m_cc->m_initialSsThresh = m_initialSsThresh;
    m_cc->m_cWnd = m_initialCwnd * m_mss;
    m_cc->m_cWndInfl = m_cc->m_cWnd.Get();
    m_cc->m_ssThresh = m_initialSsThresh;
    m_txBuffer->SetSegmentSize(m_mss);
    m_txBuffer->SetDupAckThresh(m_retxThresh);
    m_recover = m_tcb.iss;
    m_sackEnabled = SackOn(); // RFC 6675 recovery when both SYNs carried SACK-permitted
    m_txBuffer->SetSackEnabled(m_sackEnabled);
    m_cc->m_useEcn = m_useEcn;
    m_congestionControl->Init(m_cc); // (TcpDctcp::Init turns ECN on, DctcpEcn mode)
}

uint32_t
TcpFsmSocket::PeerWindow() const
{
    return m_tcb.sndWnd;
}

void
TcpFsmSocket::SendEmptyForOps(uint8_t flags)
{
    // TcpDctcp asks for an immediate ACK (with ECE) when the CE state flips.
    if (m_registered && TcpFsmTransitionTable::Info(m_state).synchronized)
    {
        // TcpDctcp rewinds its receive buffer's NextRxSequence to ACK the segments before
        // the CE state changed: that is the ACK number of this segment.
        const SequenceNumber32 rcvNxt = m_tcb.rcvNxt;
        if (m_cc->m_rxBuffer)
        {
            // Only an ACK that is owed (a delayed ACK pending): otherwise it would repeat one
            // already sent, a duplicate ACK that the sender counts towards fast retransmit.
            if (!m_timers.IsRunning(TcpFsmTimer::DELAYED_ACK))
            {
                return;
            }
            m_tcb.rcvNxt = m_cc->m_rxBuffer->NextRxSequence();
        }
        SendControl(flags | TcpHeader::ACK, m_tcb.sndMax);
        m_tcb.rcvNxt = rcvNxt;
    }
}

uint32_t
TcpFsmSocket::Pipe()
{
    uint32_t pipe = m_txBuffer->BytesInFlight();
    m_cc->m_bytesInFlight = pipe;
    return pipe;
}

void
TcpFsmSocket::SyncSequences()
{
    m_cc->m_nextTxSequence = OpsSeq(m_tcb.sndNxt, m_tcb.iss);
    m_cc->m_highTxMark = OpsSeq(m_tcb.sndMax, m_tcb.iss);
}

void
TcpFsmSocket::SetCongState(TcpSocketState::TcpCongState_t to, const char* cause, bool tellOps)
{
    if (tellOps)
    {
        m_congestionControl->CongestionStateSet(m_cc, to);
    }
    m_congCause = cause;
    m_cc->m_congState = to; // fires CongState and CongStateTransition when it changes
}

void
TcpFsmSocket::RetransmitHead()
{
    // RFC 5681 3.2 step 2 / RFC 6675 4.3 / RFC 6582 3.2 step 5: the first segment presumed
    // lost, whatever the congestion window says.
    SequenceNumber32 seq = m_txBuffer->HeadSequence();
    SequenceNumber32 high;
    if (m_sackEnabled)
    {
        m_txBuffer->NextSeg(&seq, &high, false);
    }
    if (m_txBuffer->SizeFromSequence(seq) == 0 && !(m_tcb.finSent && seq <= m_tcb.finSeq))
    {
        return;
    }
    SendDataAt(seq, m_mss);
}

void
TcpFsmSocket::AckArrived(SequenceNumber32 ack, bool ackNew, bool plainDup)
{
    // The order of TcpSocketBase::ReceivedAck and ProcessAck (ns-3.37): scoreboard, discard,
    // delivered bytes, duplicate ACK, window growth or recovery, then CongControl (BBR).
    if (ackNew)
    {
        bool sampled = TimestampRttSample();
        if (sampled)
        {
            m_rttPending = false; // RFC 7323 4.1: TSecr times every ACK of new data
        }
        else if (m_rttPending && ack >= m_rttSeq)
        {
            m_rto.Sample(Simulator::Now() - m_rttStart); // Karn: only untimed segments
            m_rttPending = false;
            sampled = true;
        }
        if (sampled)
        {
            m_cc->m_lastRtt = m_rto.GetLastSample();
            m_cc->m_minRtt = std::min(m_cc->m_minRtt, m_rto.GetLastSample());
        }
        if (m_tcb.sndUna == m_tcb.iss)
        {
            // Our SYN is acknowledged: the handshake is over. TcpSocketBase tells the control
            // CA_OPEN here, after the SYN's RTT sample (TcpBbr initializes, pacing rate included;
            // TcpVegas & co. start their rounds); the state is CA_OPEN already.
            m_congestionControl->CongestionStateSet(m_cc, TcpSocketState::CA_OPEN);
        }
    }
    const SequenceNumber32 oldHead = m_txBuffer->HeadSequence();
    const uint32_t priorInFlight = m_cc->m_bytesInFlight.Get();
    const uint32_t previousLost = m_txBuffer->GetLost();
    const uint64_t previousDelivered = m_rateOps->GetConnectionRate().m_delivered;
    // RFC 6675 5: every ACK with SACK information updates the scoreboard.
    uint32_t bytesSacked = 0;
    if (TCP_FSM_UNLIKELY(m_sackEnabled && !m_peerSack.empty()) && m_txBuffer->Size() > 0)
    {
        TcpOptionSack::SackList list;
        for (const auto& b : m_peerSack)
        {
            list.emplace_back(b.left, b.right);
        }
        // DetectLostRetransmit keeps the scoreboard's SACKed pieces (GsoSacked); otherwise the
        // rate sampler takes each newly SACKed segment.
        Callback<void, TcpTxItem*> sacked;
        if (m_detectLostRetransmit)
        {
            sacked = CallOnlyCallback<void, TcpTxItem*>(
                [this](TcpTxItem* item)
                {
                    GsoSacked(item);
                });
        }
        else
        {
            sacked = RateDelivered(PeekPointer(m_rateOps));
        }
        bytesSacked = m_txBuffer->Update(list, sacked);
    }
    if (TCP_FSM_UNLIKELY(m_detectLostRetransmit))
    {
        LostRetransmitCheck(bytesSacked); // DetectLostRetransmit (tcp-fsm-socket-gso.cc)
    }
    SequenceNumber32 dataEnd = oldHead;
    if (ackNew)
    {
        m_tcb.sndUna = ack;
        if (m_tcb.sndNxt < m_tcb.sndUna)
        {
            m_tcb.sndNxt = m_tcb.sndUna;
        }
        dataEnd = std::max(oldHead, std::min(ack, m_txBuffer->TailSequence()));
        if (TCP_FSM_UNLIKELY(m_cc->m_congState == TcpSocketState::CA_RECOVERY) && dataEnd > oldHead
            && dataEnd < m_recover)
        {
            // PRR counts whether a partial ACK covers retransmitted data (RFC 6937).
            for (uint32_t off = 0; off < static_cast<uint32_t>(dataEnd - oldHead); off += m_mss)
            {
                if (m_txBuffer->IsRetransmittedDataAcked(dataEnd - off))
                {
                    m_cc->m_isRetransDataAcked = true;
                }
            }
        }
        if (dataEnd > oldHead)
        {
            m_txBuffer->DiscardUpTo(dataEnd, RateDelivered(PeekPointer(m_rateOps)));
        }
        m_retries = 0;
        m_rto.ResetBackoff();
        m_rtoTrace = m_rto.Get();
        // TCP_USER_TIMEOUT counts from the oldest unacknowledged segment.
        m_retransStamp = m_tcb.sndUna == m_tcb.sndMax ? Time(-1) : Simulator::Now();
    }
    const uint32_t dataAcked = dataEnd - oldHead;
    const uint32_t delivered
        = static_cast<uint32_t>(m_rateOps->GetConnectionRate().m_delivered - previousDelivered);
    m_cc->m_lastAckedSackedBytes = delivered;
    if (TCP_FSM_UNLIKELY(m_cc->m_congState == TcpSocketState::CA_CWR || EcnOn()))
    {
        EcnAck(oldHead, ack, delivered); // RFC 3168 6.1.2: the end of CA_CWR, ECE
    }
    Pipe();
    // RFC 6675 2: with SACK, an ACK is a duplicate when it SACKs new data.
    const bool dataOut = oldHead < std::min(m_tcb.sndMax, m_txBuffer->TailSequence());
    const bool isDupAck = dataOut && (m_sackEnabled ? bytesSacked > 0 : plainDup);
    if ((dataAcked > 0 || isDupAck) && m_cc->m_segmentSize > 0)
    {
        CcAck(oldHead, dataEnd, isDupAck, delivered);
        m_cc->m_isRetransDataAcked = false;
        if (TCP_FSM_UNLIKELY(m_congestionControl->HasCongControl()))
        {
            uint32_t lost = m_txBuffer->GetLost();
            lost = lost > previousLost ? lost - previousLost : previousLost - lost;
            const auto& sample
                = m_rateOps->GenerateSample(delivered, lost, false, priorInFlight, m_cc->m_minRtt);
            m_congestionControl->CongControl(m_cc, m_rateOps->GetConnectionRate(), sample);
        }
    }
    if (TCP_FSM_UNLIKELY(m_gso.lostNow))
    {
        LostRetransmitResend(delivered);
    }
    if (TCP_FSM_UNLIKELY(m_cc->m_pacing))
    {
        UpdatePacingRate(); // every ACK, after the window changed (TcpSocketBase::ReceivedAck)
    }
    if (!ackNew)
    {
        return;
    }
    m_timers.Cancel(TcpFsmTimer::CORK); // Linux: the ACK takes the probe timer's slot
    if (m_tcb.sndUna == m_tcb.sndMax)
    {
        m_timers.Cancel(TcpFsmTimer::RETRANSMIT);
    }
    else
    {
        m_timers.Arm(TcpFsmTimer::RETRANSMIT, ClampRtoToUserTimeout(m_rto.Get()));
        ScheduleLossProbe(); // Linux profile: a probe before the RTO (tcp-fsm-socket-tlp.cc)
    }
    SyncSequences();
    if (dataAcked > 0 && !m_closeCalled)
    {
        NotifyDataSent(dataAcked);
        if (TCP_FSM_UNLIKELY(m_zerocopy.HasPending()))
        {
            m_zerocopy.Acked(dataEnd); // MSG_ZEROCOPY sends now acknowledged (error queue)
        }
        if (TCP_FSM_UNLIKELY(m_txTimestamping.HasPending()))
        {
            m_txTimestamping.Acked(dataEnd, Simulator::Now().GetNanoSeconds(), m_zerocopy);
        }
        if (GetTxAvailable() > 0)
        {
            NotifySend(GetTxAvailable());
        }
    }
}

void
TcpFsmSocket::CcAck(SequenceNumber32 oldHead,
                    SequenceNumber32 ack,
                    bool isDupAck,
                    uint32_t delivered)
{
    // The order of calls is TcpSocketBase::ProcessAck's (ns-3.37), so that every ns-3
    // congestion control sees the same sequence of events as on ns-3's own TCP.
    const uint32_t mss = m_cc->m_segmentSize;
    const uint32_t oldDupAcks = m_dupAcks;
    m_cc->m_lastAckedSeq = OpsSeq(ack, m_tcb.iss);
    if (isDupAck)
    {
        CcDupAck(delivered);
    }
    if (ack == oldHead)
    {
        if (ack < m_tcb.sndMax)
        {
            // A duplicate: one segment has left the network.
            m_congestionControl->PktsAcked(m_cc, 1, m_cc->m_lastRtt);
        }
        return;
    }
    uint32_t bytesAcked = ack - oldHead;
    uint32_t segsAcked = bytesAcked / mss;
    m_bytesAckedNotProcessed += bytesAcked % mss;
    bytesAcked -= bytesAcked % mss;
    if (m_bytesAckedNotProcessed >= mss)
    {
        ++segsAcked;
        bytesAcked += mss;
        m_bytesAckedNotProcessed -= mss;
    }
    if (!isDupAck)
    {
        m_dupAcks = 0;
    }
    const auto state = m_cc->m_congState.Get();
    if (ack < m_recover && state == TcpSocketState::CA_RECOVERY)
    {
        // Partial ACK (RFC 6582 3.2 step 5, RFC 6675 5 (B)): the next hole is lost too.
        if (!m_sackEnabled)
        {
            m_txBuffer->MarkHeadAsLost();
        }
        if (!m_congestionControl->HasCongControl() && segsAcked >= 1)
        {
            RecoveryOps()->DoRecovery(m_cc, delivered);
        }
        if (!m_txBuffer->IsRetransmittedDataAcked(ack + mss))
        {
            RetransmitHead();
            m_cc->m_cWndInfl
                = m_cc->m_cWndInfl.Get() > bytesAcked ? m_cc->m_cWndInfl.Get() - bytesAcked : 0;
        }
        m_congestionControl->PktsAcked(m_cc, 1, m_cc->m_lastRtt);
        m_isFirstPartialAck = false;
        return;
    }
    if (ack < m_recover && state == TcpSocketState::CA_LOSS)
    {
        // RFC 6675 5.1: no new recovery before RecoveryPoint; the window grows as usual.
        m_congestionControl->PktsAcked(m_cc, segsAcked, m_cc->m_lastRtt);
        m_congestionControl->IncreaseWindow(m_cc, segsAcked);
        return;
    }
    if (state == TcpSocketState::CA_CWR)
    {
        m_congestionControl->PktsAcked(m_cc, segsAcked, m_cc->m_lastRtt);
        if (!m_congestionControl->HasCongControl() && segsAcked >= 1)
        {
            RecoveryOps()->DoRecovery(m_cc, delivered);
        }
        return;
    }
    bool exitedRecovery = false;
    switch (state)
    {
    case TcpSocketState::CA_OPEN:
        m_congestionControl->PktsAcked(m_cc, segsAcked, m_cc->m_lastRtt);
        break;
    case TcpSocketState::CA_DISORDER:
        if (segsAcked >= oldDupAcks)
        {
            m_congestionControl->PktsAcked(m_cc, segsAcked - oldDupAcks, m_cc->m_lastRtt);
        }
        if (!isDupAck)
        {
            SetCongState(TcpSocketState::CA_OPEN, "new_ack"); // reordering, not loss
        }
        break;
    case TcpSocketState::CA_RECOVERY:
        // RFC 6675 5 (A), RFC 6582 3.2 step 6: a full ACK ends fast recovery.
        m_isFirstPartialAck = true;
        segsAcked = (ack - oldHead) / mss;
        m_congestionControl->PktsAcked(m_cc, segsAcked, m_cc->m_lastRtt);
        m_congestionControl->CwndEvent(m_cc, TcpSocketState::CA_EVENT_COMPLETE_CWR);
        SetCongState(TcpSocketState::CA_OPEN, "full_ack");
        exitedRecovery = true;
        break;
    case TcpSocketState::CA_LOSS:
        m_isFirstPartialAck = true;
        segsAcked = ack > m_recover ? (ack - m_recover) / mss : 0;
        m_congestionControl->PktsAcked(m_cc, segsAcked, m_cc->m_lastRtt);
        SetCongState(TcpSocketState::CA_OPEN, "loss_recovered");
        break;
    case TcpSocketState::CA_CWR:
    case TcpSocketState::CA_LAST_STATE:
        break;
    }
    if (ack >= m_recover)
    {
        m_recoverActive = false;
    }
    if (exitedRecovery)
    {
        m_cc->m_cWnd = m_cc->m_ssThresh.Get();
        RecoveryOps()->ExitRecovery(m_cc);
    }
    if (m_cc->m_congState == TcpSocketState::CA_OPEN)
    {
        m_congestionControl->IncreaseWindow(m_cc, segsAcked);
        m_cc->m_cWndInfl = m_cc->m_cWnd.Get();
    }
}

void
TcpFsmSocket::CcDupAck(uint32_t delivered)
{
    // RFC 6675 5 and RFC 5681 3.2. Duplicate ACKs in Loss are not counted: they may come
    // from the spurious retransmissions of the go-back (as on ns-3's TCP).
    const auto state = m_cc->m_congState.Get();
    if (state == TcpSocketState::CA_LOSS)
    {
        return;
    }
    if (state != TcpSocketState::CA_RECOVERY)
    {
        ++m_dupAcks;
    }
    if (state == TcpSocketState::CA_OPEN)
    {
        SetCongState(TcpSocketState::CA_DISORDER, "dup_ack");
    }
    if (m_cc->m_congState == TcpSocketState::CA_RECOVERY)
    {
        if (!m_sackEnabled)
        {
            m_txBuffer->AddRenoSack(); // one more segment has left the network
        }
        if (!m_congestionControl->HasCongControl())
        {
            RecoveryOps()->DoRecovery(m_cc, delivered);
        }
        return;
    }
    if (m_cc->m_congState != TcpSocketState::CA_DISORDER)
    {
        return;
    }
    if (m_dupAcks == m_retxThresh && (m_tcb.sndUna >= m_recover || !m_recoverActive))
    {
        CcEnterRecovery(delivered, "dup_acks");
    }
    else if (m_sackEnabled && m_txBuffer->IsLost(m_tcb.sndUna + m_mss))
    {
        CcEnterRecovery(delivered, "sack_is_lost");
    }
    else if (!m_sackEnabled && m_limitedTransmit)
    {
        // RFC 5681 3.2 / RFC 3042: each of the first two duplicate ACKs lets one new
        // segment out (the pipe shrinks by the segment that left).
        m_txBuffer->AddRenoSack();
    }
}

void
TcpFsmSocket::CcEnterRecovery(uint32_t delivered, const char* cause)
{
    if (!m_sackEnabled)
    {
        m_txBuffer->AddRenoSack();
        m_txBuffer->MarkHeadAsLost();
    }
    else if (!m_txBuffer->IsLost(m_txBuffer->HeadSequence()))
    {
        m_txBuffer->MarkHeadAsLost();
    }
    // RFC 6675 4.1 / RFC 6582 3.2 step 2: RecoveryPoint = HighData.
    m_recover = m_tcb.sndMax;
    m_recoverActive = true;
    SetCongState(TcpSocketState::CA_RECOVERY, cause);
    // RFC 5681 equation 4 through the congestion control (its own rule, e.g. CUBIC's beta)
    const uint32_t flight = m_sackEnabled ? Pipe() : Pipe() + m_mss;
    m_cc->m_ssThresh = m_congestionControl->GetSsThresh(m_cc, flight);
    if (!m_congestionControl->HasCongControl())
    {
        RecoveryOps()->EnterRecovery(m_cc, m_dupAcks, m_tcb.sndMax - m_tcb.sndUna, delivered);
    }
    ++m_fastRetransmits;
    RetransmitHead();
}

void
TcpFsmSocket::CcRetransmitTimeout()
{
    // RFC 5681 3.1 equation 4 (through the ops' GetSsThresh), RFC 6298 5.4-5.6, RFC 6675 5.1.
    const uint32_t inFlightBeforeRto = Pipe();
    const bool resetSack = !m_sackEnabled;
    m_dupAcks = 0;
    if (!m_sackEnabled)
    {
        m_txBuffer->ResetRenoSack();
    }
    m_txBuffer->SetSentListLost(resetSack);
    m_recover = m_tcb.sndMax;
    m_recoverActive = true;
    if (m_cc->m_congState != TcpSocketState::CA_LOSS || !m_txBuffer->IsHeadRetransmitted())
    {
        m_cc->m_ssThresh = m_congestionControl->GetSsThresh(m_cc, inFlightBeforeRto);
    }
    m_congestionControl->CwndEvent(m_cc, TcpSocketState::CA_EVENT_LOSS);
    SetCongState(TcpSocketState::CA_LOSS, "rto");
    m_cc->m_cWnd = m_cc->m_segmentSize;
    m_cc->m_cWndInfl = m_cc->m_cWnd.Get();
    m_tcb.sndNxt = m_tcb.sndUna;
    if (m_txBuffer->Size() == 0 || m_txBuffer->SizeFromSequence(m_tcb.sndUna) == 0)
    {
        SendBareFin(); // only the FIN is unacknowledged
    }
    else
    {
        m_timers.Cancel(TcpFsmTimer::PACING); // the head goes now, as TcpSocketBase's DoRetransmit
        SendPending();
    }
    m_timers.Arm(TcpFsmTimer::RETRANSMIT, ClampRtoToUserTimeout(m_rto.Get()));
}

// ---- the TcpSocketState's traces, forwarded under ns-3's names -----------------------------

void
TcpFsmSocket::TraceCwnd(uint32_t oldValue, uint32_t newValue)
{
    m_cWndTrace(oldValue, newValue);
}

void
TcpFsmSocket::TraceCwndInfl(uint32_t oldValue, uint32_t newValue)
{
    m_cWndInflTrace(oldValue, newValue);
}

void
TcpFsmSocket::TraceSsThresh(uint32_t oldValue, uint32_t newValue)
{
    m_ssThTrace(oldValue, newValue);
}

void
TcpFsmSocket::TraceCongState(TcpSocketState::TcpCongState_t oldValue,
                             TcpSocketState::TcpCongState_t newValue)
{
    m_congStateTrace(oldValue, newValue);
    m_congStateTransitionTrace(oldValue, newValue, m_congCause);
}

void
TcpFsmSocket::TraceEcnState(TcpSocketState::EcnState_t oldValue,
                            TcpSocketState::EcnState_t newValue)
{
    m_ecnStateTrace(oldValue, newValue);
}

void
TcpFsmSocket::TraceNextTx(SequenceNumber32 oldValue, SequenceNumber32 newValue)
{
    m_nextTxSequenceTrace(WireSeq(oldValue, m_tcb.iss), WireSeq(newValue, m_tcb.iss));
}

void
TcpFsmSocket::TraceHighTx(SequenceNumber32 oldValue, SequenceNumber32 newValue)
{
    m_highTxMarkTrace(WireSeq(oldValue, m_tcb.iss), WireSeq(newValue, m_tcb.iss));
}

void
TcpFsmSocket::TraceBytesInFlight(uint32_t oldValue, uint32_t newValue)
{
    m_bytesInFlightTrace(oldValue, newValue);
}

void
TcpFsmSocket::TraceRtt(Time oldValue, Time newValue)
{
    m_lastRttTrace(oldValue, newValue);
}

void
TcpFsmSocket::TracePacingRate(DataRate oldValue, DataRate newValue)
{
    m_pacingRateTrace(oldValue, newValue);
}

} // namespace ns3
