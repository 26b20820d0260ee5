/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * TcpFsmSocket: the tail loss probe of the Linux profile (RFC 8985 7, as Linux's
 * tcp_schedule_loss_probe() and tcp_send_loss_probe() do it). With SACK in use and no loss
 * being recovered, a send of new data (or an ACK that leaves data outstanding) arms a probe
 * timeout (PTO) of 2 SRTT, plus MinRto when one segment is out (else 2 ms), never later than
 * the retransmission timeout. When it fires, one segment goes out: new data if there is any
 * the peer's window allows, else the last segment again (a FIN sent alone is that segment).
 * One probe at a time; the RTO runs on from the oldest segment's transmission. The probe
 * takes the retransmission timer's place, as in Linux.
 */
#include "tcp-fsm-socket.h"

#include "ns3/log.h"
#include "ns3/simulator.h"

#include <algorithm>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("TcpFsmSocketTlp");

void
TcpFsmSocket::ScheduleLossProbe()
{
    if (m_tlp.out && m_tcb.sndUna >= m_tlp.highSeq)
    {
        m_tlp.out = false; // the probe's ACK came
    }
    const auto ca = m_cc->m_congState.Get();
    if (GetProfile() != TcpFsmProfile::LINUX || !m_sackEnabled || m_tlp.out
        || m_tcb.sndUna == m_tcb.sndMax || m_tcb.sndUna == m_tcb.iss
        || (ca != TcpSocketState::CA_OPEN && ca != TcpSocketState::CA_CWR))
    {
        return;
    }
    const bool finOut = m_tcb.finSent && m_tcb.sndUna <= m_tcb.finSeq;
    const uint32_t data = (m_tcb.sndMax - m_tcb.sndUna) - (finOut ? 1 : 0);
    const uint32_t segments = (data + m_mss - 1) / std::max<uint32_t>(m_mss, 1)
                              + (finOut && (m_tlp.finAlone || data == 0));
    Time pto = Seconds(1); // no RTT sample yet: TCP_TIMEOUT_INIT
    if (m_rto.HasSample())
    {
        pto = m_rto.GetSrtt() * 2 + (segments <= 1 ? m_minRto : MilliSeconds(2));
    }
    // Never later than the RTO would fire.
    Time rtoLeft = m_rto.Get();
    if (m_timers.IsRunning(TcpFsmTimer::RETRANSMIT))
    {
        rtoLeft
            = m_tlp.armed && Simulator::Now() + m_timers.Left(TcpFsmTimer::RETRANSMIT) == m_tlp.at
                  ? m_tlp.rtoDeadline - Simulator::Now()
                  : m_timers.Left(TcpFsmTimer::RETRANSMIT);
    }
    rtoLeft = std::max(rtoLeft, MilliSeconds(1));
    m_tlp.rtoDeadline = Simulator::Now() + rtoLeft;
    pto = std::min(pto, rtoLeft);
    m_tlp.armed = true;
    m_tlp.at = Simulator::Now() + pto;
    NS_LOG_LOGIC("loss probe in " << pto.As(Time::MS) << ", RTO in " << rtoLeft.As(Time::MS));
    m_timers.Arm(TcpFsmTimer::RETRANSMIT, pto);
}

bool
TcpFsmSocket::LossProbeDue()
{
    if (!m_tlp.armed || Simulator::Now() != m_tlp.at)
    {
        m_tlp.armed = false;
        return false; // the timer is an RTO
    }
    m_tlp.armed = false;
    if (m_tcb.sndUna == m_tcb.sndMax)
    {
        return true;
    }
    const SequenceNumber32 tail = m_txBuffer->TailSequence();
    const SequenceNumber32 head = m_tcb.sndUna;
    bool headAgain = false;
    if (m_tcb.sndMax < tail && m_tcb.sndWnd > Inflight())
    {
        SendDataAt(m_tcb.sndMax, m_mss); // new data (Nagle off)
    }
    else
    {
        const bool finOut = m_tcb.finSent && m_tcb.sndUna <= m_tcb.finSeq;
        const SequenceNumber32 dataEnd = std::min(m_tcb.sndMax, tail);
        SequenceNumber32 start = dataEnd;
        if (!(finOut && m_tlp.finAlone) && dataEnd > head)
        {
            const uint32_t outstanding = dataEnd - head;
            start = dataEnd - std::min(outstanding, m_mss);
        }
        const SequenceNumber32 keep = m_tcb.sndNxt;
        SendDataAt(start, dataEnd - start);
        m_tcb.sndNxt = std::max(keep, m_tcb.sndNxt);
        SyncSequences();
        headAgain = start == head;
    }
    m_tlp.out = true;
    m_tlp.highSeq = m_tcb.sndMax;
    // Linux tcp_rearm_rto(): the RTO counts from the oldest segment's last transmission.
    const Time left = headAgain ? m_rto.Get() : m_tlp.rtoDeadline - Simulator::Now();
    m_timers.Arm(TcpFsmTimer::RETRANSMIT, ClampRtoToUserTimeout(std::max(left, MilliSeconds(1))));
    return true;
}

void
TcpFsmSocket::NoteFinSent(bool alone)
{
    m_tlp.finAlone = alone;
}

} // namespace ns3
