/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "tcp-fsm-timers.h"

#include "ns3/log.h"
#include "ns3/simulator.h"

#include <algorithm>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("TcpFsmTimers");

void
TcpFsmRto::Configure(Time minRto, Time maxRto, Time initialRto)
{
    m_min = minRto;
    m_max = std::max(maxRto, minRto);
    m_base = initialRto;
}

void
TcpFsmRto::Sample(Time rtt)
{
    // RFC 6298 2.2 and 2.3, alpha = 1/8, beta = 1/4, K = 4, G = 0 (simulated clock).
    if (m_minRtt == Time(0) || rtt < m_minRtt)
    {
        m_minRtt = rtt;
    }
    m_last = rtt;
    if (!m_hasSample)
    {
        m_srtt = rtt;
        m_rttvar = rtt / 2;
        m_hasSample = true;
    }
    else
    {
        Time err = m_srtt > rtt ? m_srtt - rtt : rtt - m_srtt;
        m_rttvar = (m_rttvar * 3 + err) / 4;
        m_srtt = (m_srtt * 7 + rtt) / 8;
    }
    m_base = m_linux ? m_srtt + std::max(m_rttvar * 4, m_min) : m_srtt + m_rttvar * 4;
    NS_LOG_LOGIC("rtt " << rtt.As(Time::MS) << " srtt " << m_srtt.As(Time::MS) << " rto "
                        << m_base.As(Time::MS));
}

Time
TcpFsmRto::Get() const
{
    Time rto = std::max(m_base, m_min);
    for (uint32_t i = 0; i < m_backoff && rto < m_max; ++i)
    {
        rto = rto * 2;
    }
    return std::min(rto, m_max);
}

void
TcpFsmRto::Backoff()
{
    if (m_backoff < 64)
    {
        ++m_backoff;
    }
}

void
TcpFsmRto::ResetBackoff()
{
    m_backoff = 0;
}

void
TcpFsmRto::Restart(Time initialRto)
{
    m_base = initialRto;
    m_backoff = 0;
    m_hasSample = false;
    m_srtt = Time(0);
    m_rttvar = Time(0);
}

TcpFsmTimers::~TcpFsmTimers()
{
    CancelAll();
}

void
TcpFsmTimers::Drop(std::size_t i)
{
    if (Pending(i))
    {
        // Out of the simulator's queue now: a cancelled event would stay there until its
        // time (a retransmission timer's second or more), and every connection leaves some,
        // so the queue that every packet's event goes through would grow with the rate of
        // connections.
        Simulator::Remove(m_events[i]);
        m_events[i] = EventId(); // and the EventImpl goes now, not at the next Arm
        m_pending &= static_cast<uint8_t>(~(1U << i));
    }
}

void
TcpFsmTimers::SetOwner(TcpFsmTimerOwner* owner)
{
    m_owner = owner;
}

void
TcpFsmTimers::Arm(TcpFsmTimer t, Time delay)
{
    auto i = static_cast<std::size_t>(t);
    const Time deadline = Simulator::Now() + delay;
    m_deadline[i] = deadline;
    if (Pending(i) && Time(m_events[i].GetTs()) <= deadline)
    {
        return; // the pending event will fire first and reschedule for the new deadline
    }
    Drop(i);
    m_events[i] = Simulator::Schedule(delay, &TcpFsmTimers::Fire, this, i);
    m_pending |= static_cast<uint8_t>(1U << i);
}

void
TcpFsmTimers::ArmIfIdle(TcpFsmTimer t, Time delay)
{
    if (!IsRunning(t))
    {
        Arm(t, delay);
    }
}

void
TcpFsmTimers::Cancel(TcpFsmTimer t)
{
    Drop(static_cast<std::size_t>(t));
}

void
TcpFsmTimers::CancelAll()
{
    for (std::size_t i = 0; m_pending != 0 && i < kTcpFsmTimerCount; ++i)
    {
        Drop(i);
    }
}

bool
TcpFsmTimers::IsRunning(TcpFsmTimer t) const
{
    return Pending(static_cast<std::size_t>(t));
}

Time
TcpFsmTimers::Left(TcpFsmTimer t) const
{
    auto i = static_cast<std::size_t>(t);
    return Pending(i) ? m_deadline[i] - Simulator::Now() : Time(0);
}

void
TcpFsmTimers::Clear()
{
    CancelAll();
    m_owner = nullptr;
}

void
TcpFsmTimers::Fire(std::size_t index)
{
    m_events[index] = EventId(); // this event is running: it is expired already
    m_pending &= static_cast<uint8_t>(~(1U << index));
    const Time now = Simulator::Now();
    if (m_deadline[index] > now)
    {
        m_events[index]
            = Simulator::Schedule(m_deadline[index] - now, &TcpFsmTimers::Fire, this, index);
        m_pending |= static_cast<uint8_t>(1U << index);
        return;
    }
    if (m_owner)
    {
        m_owner->TimerExpired(static_cast<TcpFsmTimer>(index));
    }
}

} // namespace ns3
