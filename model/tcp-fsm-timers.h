/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * The timers of one connection and its RFC 6298 retransmission timeout. This
 * room owns the EventIds and reports expiries through callbacks; it never
 * looks at or changes the connection state.
 */
#ifndef TCP_FSM_TIMERS_H
#define TCP_FSM_TIMERS_H

#include "ns3/callback.h"
#include "ns3/event-id.h"
#include "ns3/nstime.h"

#include <cstdint>

namespace ns3
{

/**
 * \ingroup tcp-fsm
 * \brief RFC 6298 RTO estimator with Karn's rule and exponential backoff.
 */
class TcpFsmRto
{
  public:
    /// Set the bounds (MinRto, MaxRto) and the RTO used before any sample.
    void Configure(Time minRto, Time maxRto, Time initialRto);
    /// A valid RTT sample (never from a retransmitted segment: Karn's rule).
    void Sample(Time rtt);
    /// The current RTO, backoff included, clamped to [MinRto, MaxRto].
    Time Get() const;
    /// Double the RTO (RFC 6298 5.5).
    void Backoff();
    /// Forget the backoff (new data was acknowledged).
    void ResetBackoff();
    /**
     * Linux's formula (tcp_rtt_estimator, __tcp_set_rto): RTO = SRTT + max(4 RTTVAR, MinRto)
     * instead of RFC 6298's max(SRTT + 4 RTTVAR, MinRto) (the Linux profile).
     */
    void SetLinuxFormula(bool on)
    {
        m_linux = on;
    }

    /// Restart with a given first RTO (SYN: ConnTimeout) and no samples.
    void Restart(Time initialRto);
    Time GetSrtt() const
    {
        return m_srtt;
    }

    Time GetRttVar() const
    {
        return m_rttvar;
    }

    bool HasSample() const
    {
        return m_hasSample;
    }

    /// The last RTT sample given to Sample().
    Time GetLastSample() const
    {
        return m_last;
    }

    uint32_t GetBackoffCount() const
    {
        return m_backoff;
    }

    /// The lowest RTT sample so far (zero before any sample; TCP_INFO's min_rtt).
    Time GetMinRtt() const
    {
        return m_minRtt;
    }

  private:
    Time m_min{Seconds(1)};
    Time m_max{Seconds(60)};
    Time m_base{Seconds(1)};
    Time m_srtt{0};
    Time m_rttvar{0};
    Time m_minRtt{0};
    Time m_last{0};
    bool m_hasSample{false};
    bool m_linux{false};
    uint32_t m_backoff{0};
};

/// The timers a connection can run.
enum class TcpFsmTimer : uint8_t
{
    RETRANSMIT,
    DELAYED_ACK,
    PERSIST,
    FIN_WAIT_2,
    TWO_MSL,
    KEEPALIVE, ///< SO_KEEPALIVE idle and probe interval
    CORK,      ///< TCP_CORK: held data goes out after max(RTO, 200 ms) with nothing in flight
    PACING,    ///< TcpSocketState::EnablePacing: the next segment waits one interval
};

constexpr std::size_t kTcpFsmTimerCount = 8;

/// Whoever a connection's timers report to (the socket).
class TcpFsmTimerOwner
{
  public:
    virtual ~TcpFsmTimerOwner() = default;
    /// Timer t expired.
    virtual void TimerExpired(TcpFsmTimer t) = 0;
};

/**
 * \ingroup tcp-fsm
 * \brief Owns a connection's EventIds; expiry is reported to the owner (no per-timer
 * callback object is allocated: a socket is created for every connection).
 *
 * Re-arming a running timer to a later time (the retransmission timer on every ACK) does
 * not schedule a new event: the deadline moves, and when the old event fires early it
 * schedules the rest. That keeps the simulator's queue free of cancelled events.
 */
class TcpFsmTimers
{
  public:
    TcpFsmTimers() = default;
    ~TcpFsmTimers();
    TcpFsmTimers(const TcpFsmTimers&) = delete;
    TcpFsmTimers& operator=(const TcpFsmTimers&) = delete;

    /// Who is told when a timer expires (nullptr: nobody).
    void SetOwner(TcpFsmTimerOwner* owner);
    /// (Re)start t to fire after delay.
    void Arm(TcpFsmTimer t, Time delay);
    /// Start t unless it is already running.
    void ArmIfIdle(TcpFsmTimer t, Time delay);
    void Cancel(TcpFsmTimer t);
    void CancelAll();
    bool IsRunning(TcpFsmTimer t) const;
    /// Time left before t fires (zero when idle).
    Time Left(TcpFsmTimer t) const;
    /// Cancel everything and forget the owner.
    void Clear();

  private:
    void Fire(std::size_t index);

    /// Timer i's event is scheduled and has not run. Kept here rather than asked of the
    /// Simulator (EventId::IsRunning, a few hundred instructions): only this class schedules,
    /// runs and removes these events.
    bool Pending(std::size_t i) const
    {
        return (m_pending >> i) & 1U;
    }

    /// Take timer i's event out of the simulator and empty it (nothing to do when idle).
    void Drop(std::size_t i);

    EventId m_events[kTcpFsmTimerCount];
    Time m_deadline[kTcpFsmTimerCount]; ///< when the timer is due (may be after its event)
    TcpFsmTimerOwner* m_owner{nullptr};
    uint8_t m_pending{0}; ///< bit i: m_events[i] is scheduled and has not run
    static_assert(kTcpFsmTimerCount <= 8, "m_pending has a bit per timer");
};

} // namespace ns3

#endif /* TCP_FSM_TIMERS_H */
