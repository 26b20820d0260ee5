/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * TcpFsmSocket: pacing, driven by ns-3's own TcpSocketState fields (EnablePacing,
 * PaceInitialWindow, MaxPacingRate, PacingSsRatio, PacingCaRatio, m_pacingRate) with the
 * meaning ns-3.37's TcpSocketBase gives them. A data segment that leaves starts the PACING
 * timer for its own size at the pacing rate; while it runs, SendPending() sends nothing
 * more, and its expiry sends again. The rate follows cwnd and the last RTT on every ACK,
 * unless the congestion control sets it itself (HasCongControl: TcpBbr). Timers change no
 * connection state: no table rows.
 */
#include "tcp-fsm-socket.h"

#include "ns3/log.h"

#include <algorithm>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("TcpFsmSocketPacing");

bool
TcpFsmSocket::PacingActive() const
{
    if (!m_cc->m_pacing)
    {
        return false;
    }
    if (m_cc->m_paceInitialWindow)
    {
        return true;
    }
    // The initial window leaves at once; pacing starts with the data beyond it (the
    // highest sequence counted from the ISS, as TcpSocketBase's m_highTxMark with ISS 0).
    const uint64_t initialWindow = static_cast<uint64_t>(m_cc->m_initialCWnd) * m_cc->m_segmentSize;
    return m_cc->m_highTxMark.Get().GetValue() > initialWindow;
}

bool
TcpFsmSocket::PacingHolds() const
{
    return m_timers.IsRunning(TcpFsmTimer::PACING) && PacingActive();
}

void
TcpFsmSocket::PacingSent(uint32_t bytes)
{
    if (bytes == 0 || !PacingActive() || m_timers.IsRunning(TcpFsmTimer::PACING))
    {
        return;
    }
    const DataRate rate = m_cc->m_pacingRate.Get();
    if (rate.GetBitRate() == 0)
    {
        return; // no rate set (a congestion control that sets it, not yet): not paced
    }
    const Time interval = rate.CalculateBytesTxTime(bytes);
    NS_LOG_LOGIC("paced: next segment in " << interval.As(Time::US) << " at " << rate);
    m_timers.Arm(TcpFsmTimer::PACING, interval);
}

void
TcpFsmSocket::UpdatePacingRate()
{
    if (!m_cc->m_pacing || m_congestionControl->HasCongControl())
    {
        return; // TcpBbr (CongControl) sets m_pacingRate itself
    }
    const Time rtt = m_cc->m_lastRtt.Get();
    if (!rtt.IsStrictlyPositive())
    {
        return; // no RTT yet: the rate stays MaxPacingRate
    }
    // Linux's base rate (cwnd x MSS) / SRTT in bytes, here in bits and on ns-3's last RTT,
    // with the slow start ratio while cwnd is below half ssthresh, else the CA ratio.
    const uint32_t cwnd = m_cc->m_cWnd.Get();
    const bool earlySlowStart = cwnd < m_cc->m_ssThresh.Get() / 2;
    const double ratio = (earlySlowStart ? m_cc->m_pacingSsRatio : m_cc->m_pacingCaRatio) / 100.0;
    const double bytes = std::max(cwnd, m_cc->m_bytesInFlight.Get());
    const double bps = bytes * 8 * ratio / rtt.GetSeconds();
    const DataRate cap = m_cc->m_maxPacingRate;
    const DataRate rate
        = bps < static_cast<double>(cap.GetBitRate()) ? DataRate(static_cast<uint64_t>(bps)) : cap;
    if (rate != m_cc->m_pacingRate.Get())
    {
        m_cc->m_pacingRate = rate; // the PacingRate trace fires
    }
}

void
TcpFsmSocket::PacingTimeout()
{
    Ptr<TcpFsmSocket> self(this);
    NS_LOG_FUNCTION(this);
    SendPending(); // checks the state and the windows itself
}

} // namespace ns3
