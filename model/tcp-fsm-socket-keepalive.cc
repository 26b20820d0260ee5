/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * TcpFsmSocket: keepalive (SO_KEEPALIVE, RFC 1122 4.2.3.6), TCP_USER_TIMEOUT (RFC 5482 with
 * Linux's semantics), TCP_CORK and MSG_MORE (Linux), SO_LINGER with a time. The timers report
 * here; what changes the state (a keepalive probe, the give-up) goes through the table.
 */
#include "tcp-fsm-socket.h"

#include "ns3/log.h"
#include "ns3/simulator.h"

#include <algorithm>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("TcpFsmSocketKeepAlive");

// ---- keepalive ---------------------------------------------------------------------------------

void
TcpFsmSocket::SetKeepAlive(bool on)
{
    const bool was = m_keepAlive;
    m_keepAlive = on;
    if (!on)
    {
        m_timers.Cancel(TcpFsmTimer::KEEPALIVE);
    }
    else if (!was && TcpFsmTransitionTable::Find(m_state, TcpFsmEvent::TIMEOUT_KEEPALIVE))
    {
        // Linux tcp_set_keepalive(): a full idle period from now.
        m_timers.Arm(TcpFsmTimer::KEEPALIVE, m_keepAliveIdle);
    }
}

bool
TcpFsmSocket::GetKeepAlive() const
{
    return m_keepAlive;
}

void
TcpFsmSocket::SetKeepAliveIdle(Time idle)
{
    m_keepAliveIdle = idle;
    if (m_keepAlive && m_timers.IsRunning(TcpFsmTimer::KEEPALIVE))
    {
        // Linux (TCP_KEEPIDLE): what is left of the new idle time since the peer was heard.
        const Time elapsed = Simulator::Now() - m_lastRx;
        m_timers.Arm(TcpFsmTimer::KEEPALIVE, elapsed < idle ? idle - elapsed : Time(0));
    }
}

Time
TcpFsmSocket::GetKeepAliveIdle() const
{
    return m_keepAliveIdle;
}

void
TcpFsmSocket::KeepAliveArm()
{
    if (m_keepAlive && !m_closeCalled
        && TcpFsmTransitionTable::Find(m_state, TcpFsmEvent::TIMEOUT_KEEPALIVE)
        && !m_timers.IsRunning(TcpFsmTimer::KEEPALIVE))
    {
        m_timers.Arm(TcpFsmTimer::KEEPALIVE, m_keepAliveIdle);
    }
}

void
TcpFsmSocket::KeepAliveTimeout()
{
    Ptr<TcpFsmSocket> self(this);
    if (!m_keepAlive || !m_registered || m_closeCalled)
    {
        return; // an orphaned connection is not kept alive (Linux)
    }
    // RFC 1122 4.2.3.6: probe only an idle connection. With data outstanding or queued the
    // retransmission machinery watches the peer (Linux reschedules a full idle period).
    if (!TcpFsmTransitionTable::Find(m_state, TcpFsmEvent::TIMEOUT_KEEPALIVE) || Inflight() > 0
        || m_txBuffer->SizeFromSequence(m_tcb.sndNxt) > 0)
    {
        m_timers.Arm(TcpFsmTimer::KEEPALIVE, m_keepAliveIdle);
        return;
    }
    const Time elapsed = Simulator::Now() - m_lastRx;
    if (elapsed < m_keepAliveIdle)
    {
        m_timers.Arm(TcpFsmTimer::KEEPALIVE, m_keepAliveIdle - elapsed);
        return;
    }
    // Linux tcp_keepalive_timer(): with TCP_USER_TIMEOUT, give up once it has passed and a
    // probe is unanswered; otherwise after KeepAliveCount unanswered probes.
    const bool giveUp = m_userTimeout > Time(0) ? (elapsed >= m_userTimeout && m_probesOut > 0)
                                                : m_probesOut >= m_keepAliveCount;
    if (giveUp)
    {
        Dispatch(TcpFsmEvent::TIMEOUT_KEEPALIVE_GIVE_UP);
        return;
    }
    Dispatch(TcpFsmEvent::TIMEOUT_KEEPALIVE); // the row sends the probe
    ++m_probesOut;
    m_timers.Arm(TcpFsmTimer::KEEPALIVE, m_keepAliveInterval);
}

void
TcpFsmSocket::SendKeepAliveProbe()
{
    // RFC 1122 4.2.3.6 / Linux tcp_xmit_probe_skb(): an ACK whose sequence number is one
    // below SND.NXT, without data: outside the peer's window, so it draws an ACK.
    SendControl(TcpHeader::ACK, m_tcb.sndMax - 1);
}

// ---- TCP_USER_TIMEOUT -------------------------------------------------------------------------

bool
TcpFsmSocket::UserTimeoutExpired() const
{
    if (m_userTimeout <= Time(0))
    {
        return false;
    }
    // Linux: zero-window probing counts from the first probe (tcp_probe_timer), data and
    // SYNs from the first transmission of the oldest unacknowledged segment.
    const Time start = m_probeStamp >= Time(0) ? m_probeStamp : m_retransStamp;
    return start >= Time(0) && Simulator::Now() - start >= m_userTimeout;
}

Time
TcpFsmSocket::ClampRtoToUserTimeout(Time rto) const
{
    // Linux tcp_clamp_rto_to_user_timeout(): the timer fires no later than the user timeout.
    const Time start = m_probeStamp >= Time(0) ? m_probeStamp : m_retransStamp;
    if (m_userTimeout <= Time(0) || start < Time(0))
    {
        return rto;
    }
    const Time left = m_userTimeout - (Simulator::Now() - start);
    return std::max(std::min(rto, left), MilliSeconds(1));
}

// ---- TCP_CORK, MSG_MORE, Nagle ----------------------------------------------------------------

void
TcpFsmSocket::SetCork(bool on)
{
    m_cork = on;
    if (!on)
    {
        // Linux: uncorking pushes what was held, Nagle or not (TCP_NAGLE_PUSH).
        m_timers.Cancel(TcpFsmTimer::CORK);
        m_forcePush = true;
        SendPending();
        m_forcePush = false;
    }
}

bool
TcpFsmSocket::GetCork() const
{
    return m_cork;
}

bool
TcpFsmSocket::HoldSmallSegment(uint32_t len, uint32_t avail, bool finDue)
{
    // Linux tcp_nagle_test(): a push, urgent mode, a full segment or a FIN always go.
    if (m_forcePush || SendUrgentMode() || len >= m_mss)
    {
        return false;
    }
    if ((m_cork || m_moreHeld) && len == avail && !finDue)
    {
        // TCP_CORK / MSG_MORE: hold the partial segment. With nothing in flight Linux's probe
        // timer sends it after max(RTO, 200 ms) (the "200 ms ceiling" of tcp(7)).
        if (Inflight() == 0)
        {
            m_timers.ArmIfIdle(TcpFsmTimer::CORK, std::max(m_rto.Get(), MilliSeconds(200)));
        }
        return true;
    }
    // Nagle (RFC 1122 4.2.3.4): hold a small segment while data is unacknowledged. An
    // unacknowledged SYN is no data (a Fast Open child writes before its SYN+ACK is acked).
    const uint32_t synOut = m_tcb.sndUna == m_tcb.iss && Inflight() > 0 ? 1 : 0;
    // MinshallNagle: only while an earlier short segment is unacknowledged (as Linux).
    return !m_noDelay && Inflight() > synOut && (len < avail || !finDue)
           && (!m_minshallNagle || SmallSegmentOutstanding());
}

void
TcpFsmSocket::CorkTimeout()
{
    Ptr<TcpFsmSocket> self(this);
    // Linux tcp_write_wakeup(): the head of the queue goes out as far as the window allows.
    if (m_registered && Inflight() == 0 && m_tcb.sndWnd > 0
        && m_txBuffer->SizeFromSequence(m_tcb.sndNxt) > 0
        && TcpFsmTransitionTable::Info(m_state).synchronized)
    {
        SendDataAt(m_tcb.sndMax, std::min(m_mss, m_tcb.sndWnd));
    }
}

// ---- SO_LINGER --------------------------------------------------------------------------------

bool
TcpFsmSocket::CloseWouldBlock() const
{
    // Linux sk_stream_wait_close(): close() waits while the state is FIN_WAIT_1, CLOSING or
    // LAST_ACK (our FIN unacknowledged), at most the linger time.
    return m_closeCalled && m_linger > Time(0) && Simulator::Now() - m_closeTime < m_linger
           && (m_state == FIN_WAIT_1 || m_state == CLOSING || m_state == LAST_ACK);
}

} // namespace ns3
