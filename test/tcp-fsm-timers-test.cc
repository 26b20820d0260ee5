/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * Tests of a connection's timers (TcpFsmTimers): when each fires, and that a cancelled or
 * moved timer leaves no event behind in the simulator's queue, so that the queue every
 * packet's event goes through does not grow with the rate of connections (issue 17).
 */
#include "ns3/simulator.h"
#include "ns3/tcp-fsm-timers.h"

#include <gtest/gtest.h>
#include <utility>
#include <vector>

using namespace ns3;

namespace
{

/// Records which timer expired when.
class Owner : public TcpFsmTimerOwner
{
  public:
    void TimerExpired(TcpFsmTimer t) override
    {
        fired.emplace_back(t, Simulator::Now());
    }

    std::vector<std::pair<TcpFsmTimer, Time>> fired;
};

class TcpFsmTimersTest : public ::testing::Test
{
  protected:
    void SetUp() override
    {
        timers.SetOwner(&owner);
    }

    void TearDown() override
    {
        timers.Clear();
        Simulator::Destroy();
    }

    Owner owner;
    TcpFsmTimers timers;
};

TEST_F(TcpFsmTimersTest, FiresOnceAtItsDeadline)
{
    timers.Arm(TcpFsmTimer::RETRANSMIT, Seconds(3));
    EXPECT_TRUE(timers.IsRunning(TcpFsmTimer::RETRANSMIT));
    EXPECT_EQ(timers.Left(TcpFsmTimer::RETRANSMIT), Seconds(3));
    Simulator::Run();
    ASSERT_EQ(owner.fired.size(), 1u);
    EXPECT_EQ(owner.fired[0].first, TcpFsmTimer::RETRANSMIT);
    EXPECT_EQ(owner.fired[0].second, Seconds(3));
    EXPECT_FALSE(timers.IsRunning(TcpFsmTimer::RETRANSMIT));
}

TEST_F(TcpFsmTimersTest, ACancelledTimerLeavesNoEventInTheSimulator)
{
    timers.Arm(TcpFsmTimer::RETRANSMIT, Seconds(100));
    timers.Arm(TcpFsmTimer::KEEPALIVE, Seconds(7200));
    timers.Cancel(TcpFsmTimer::RETRANSMIT);
    timers.Cancel(TcpFsmTimer::KEEPALIVE);
    EXPECT_FALSE(timers.IsRunning(TcpFsmTimer::RETRANSMIT));
    EXPECT_TRUE(Simulator::IsFinished()); // a cancelled event would still be queued
    Simulator::Run();
    EXPECT_TRUE(owner.fired.empty());
    EXPECT_EQ(Simulator::Now(), Seconds(0)); // nothing was left to pop at 100 s or 7200 s
}

TEST_F(TcpFsmTimersTest, MovedLaterItFiresOnceAtTheNewDeadline)
{
    timers.Arm(TcpFsmTimer::RETRANSMIT, Seconds(1));
    Simulator::Schedule(MilliSeconds(500),
                        [this]
                        {
                            timers.Arm(TcpFsmTimer::RETRANSMIT, Seconds(2));
                        });
    Simulator::Run();
    ASSERT_EQ(owner.fired.size(), 1u);
    EXPECT_EQ(owner.fired[0].second, MilliSeconds(2500));
}

TEST_F(TcpFsmTimersTest, MovedEarlierTheLaterEventIsGoneFromTheQueue)
{
    timers.Arm(TcpFsmTimer::DELAYED_ACK, Seconds(10));
    timers.Arm(TcpFsmTimer::DELAYED_ACK, Seconds(1));
    Simulator::Run();
    ASSERT_EQ(owner.fired.size(), 1u);
    EXPECT_EQ(owner.fired[0].second, Seconds(1));
    EXPECT_EQ(Simulator::Now(), Seconds(1)); // not 10 s: the first event was removed
}

TEST_F(TcpFsmTimersTest, DestroyedTimersLeaveNoEvents)
{
    {
        TcpFsmTimers scoped; // destroyed with every timer armed
        scoped.SetOwner(&owner);
        for (TcpFsmTimer t : {TcpFsmTimer::RETRANSMIT,
                              TcpFsmTimer::DELAYED_ACK,
                              TcpFsmTimer::PERSIST,
                              TcpFsmTimer::FIN_WAIT_2,
                              TcpFsmTimer::TWO_MSL,
                              TcpFsmTimer::KEEPALIVE,
                              TcpFsmTimer::CORK,
                              TcpFsmTimer::PACING})
        {
            scoped.Arm(t, Seconds(5));
        }
    }
    EXPECT_TRUE(Simulator::IsFinished());
    Simulator::Run();
    EXPECT_TRUE(owner.fired.empty());
    EXPECT_EQ(Simulator::Now(), Seconds(0));
}

TEST_F(TcpFsmTimersTest, RunningAndTimeLeftFollowEachTimerThroughAMoveAndItsEnd)
{
    timers.Arm(TcpFsmTimer::RETRANSMIT, Seconds(1));
    timers.Arm(TcpFsmTimer::DELAYED_ACK, MilliSeconds(200));
    timers.ArmIfIdle(TcpFsmTimer::DELAYED_ACK, Seconds(9)); // running: unchanged
    std::vector<std::pair<bool, Time>> seen;                // (RETRANSMIT running, its time left)
    auto look = [this, &seen]
    {
        seen.emplace_back(timers.IsRunning(TcpFsmTimer::RETRANSMIT),
                          timers.Left(TcpFsmTimer::RETRANSMIT));
    };
    // at 0.5 s moved to 2.5 s: its first event (1 s) stays queued, the timer keeps running
    Simulator::Schedule(MilliSeconds(500),
                        [this]
                        {
                            timers.Arm(TcpFsmTimer::RETRANSMIT, Seconds(2));
                        });
    Simulator::Schedule(MilliSeconds(1500), look); // after the first event: still running
    Simulator::Schedule(MilliSeconds(2600), look); // after it fired: idle
    Simulator::Run();
    ASSERT_EQ(owner.fired.size(), 2u);
    EXPECT_EQ(owner.fired[0], std::make_pair(TcpFsmTimer::DELAYED_ACK, MilliSeconds(200)));
    EXPECT_EQ(owner.fired[1], std::make_pair(TcpFsmTimer::RETRANSMIT, MilliSeconds(2500)));
    ASSERT_EQ(seen.size(), 2u);
    EXPECT_EQ(seen[0], std::make_pair(true, Seconds(1)));
    EXPECT_EQ(seen[1], std::make_pair(false, Time(0)));
    EXPECT_FALSE(timers.IsRunning(TcpFsmTimer::DELAYED_ACK));
    timers.ArmIfIdle(TcpFsmTimer::DELAYED_ACK, Seconds(1)); // idle again: armed
    EXPECT_TRUE(timers.IsRunning(TcpFsmTimer::DELAYED_ACK));
    timers.CancelAll();
    EXPECT_FALSE(timers.IsRunning(TcpFsmTimer::DELAYED_ACK));
    EXPECT_TRUE(Simulator::IsFinished());
}

} // namespace
