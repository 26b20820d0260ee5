/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Scripted-peer tests (tcp-fsm-peer-fixture.h) of pacing through ns-3's TcpSocketState
 * attributes (EnablePacing, PaceInitialWindow, MaxPacingRate, PacingSsRatio): the gaps
 * between the segments of one window, taken from the capture's times, are
 * segmentSize / pacingRate; without pacing they leave at the same instant; MaxPacingRate
 * caps the rate; the PacingRate trace follows cwnd / RTT.
 */
#include "tcp-fsm-peer-fixture.h"

#include "ns3/boolean.h"
#include "ns3/data-rate.h"
#include "ns3/tcp-bbr.h"
#include "ns3/tcp-socket-state.h"

using namespace ns3;
using namespace ns3::test;

namespace
{

constexpr uint32_t kMss = 536; // no MSS option from the peer

class PeerPacingTest : public PeerTest
{
  protected:
    /// Pacing settings for the sockets made after this call (TcpSocketState's defaults).
    static void Pacing(bool on, bool initialWindow, DataRate max = DataRate("4Gbps"))
    {
        Config::SetDefault("ns3::TcpSocketState::EnablePacing", BooleanValue(on));
        Config::SetDefault("ns3::TcpSocketState::PaceInitialWindow", BooleanValue(initialWindow));
        Config::SetDefault("ns3::TcpSocketState::MaxPacingRate", DataRateValue(max));
    }

    /// ESTABLISHED (active open), PacingRate traced, `segments` segments queued; runs long
    /// enough for a paced window to leave.
    void EstablishedWithData(uint32_t segments, Time run = MilliSeconds(100))
    {
        ASSERT_NO_FATAL_FAILURE(MakeEstablished(Open::ACTIVE));
        m_sock->TraceConnectWithoutContext("PacingRate",
                                           MakeCallback(&PeerPacingTest::OnRate, this));
        Simulator::Schedule(MilliSeconds(1),
                            [this, segments]()
                            {
                                m_sock->Send(Create<Packet>(segments * kMss), 0);
                            });
        Run(run);
    }

    void OnRate(DataRate, DataRate now)
    {
        m_rates.push_back(now);
    }

    /// The gaps between consecutive captured segments.
    std::vector<Time> Gaps() const
    {
        std::vector<Time> gaps;
        for (std::size_t i = 1; i < m_sent.size(); ++i)
        {
            gaps.push_back(m_sent[i].time - m_sent[i - 1].time);
        }
        return gaps;
    }

    /// ns-3's rate: max(cwnd, in flight) x 8 x ratio / last RTT (bit/s).
    DataRate Expected(uint32_t bytes, double ratio) const
    {
        const Time rtt = m_sock->GetSocketState()->m_lastRtt.Get();
        return DataRate(static_cast<uint64_t>(bytes * 8 * ratio / rtt.GetSeconds()));
    }

    std::vector<DataRate> m_rates;
};

} // namespace

TEST_F(PeerPacingTest, WithoutPacingTheWindowLeavesBackToBack)
{
    Pacing(false, false);
    ASSERT_NO_FATAL_FAILURE(EstablishedWithData(20));
    ASSERT_EQ(m_sent.size(), 10u); // the initial window
    for (const Time& gap : Gaps())
    {
        EXPECT_EQ(gap, Time(0));
    }
    EXPECT_TRUE(m_rates.empty()); // no update without EnablePacing (TcpSocketBase)
}

TEST_F(PeerPacingTest, PacedInitialWindowSegmentsAreSegmentSizeOverRateApart)
{
    Pacing(true, true);
    ASSERT_NO_FATAL_FAILURE(EstablishedWithData(20));
    ASSERT_EQ(m_sent.size(), 10u);
    // The handshake's RTT (10 ms) sets the rate on the SYN+ACK: cwnd 10 segments, early slow
    // start (cwnd < ssthresh / 2): PacingSsRatio 200 %.
    const DataRate rate = m_sock->GetSocketState()->m_pacingRate.Get();
    EXPECT_EQ(rate, Expected(10 * kMss, 2.0));
    EXPECT_LT(rate, DataRate("4Gbps"));
    const Time interval = rate.CalculateBytesTxTime(kMss);
    EXPECT_GT(interval, Time(0));
    for (const Time& gap : Gaps())
    {
        EXPECT_EQ(gap, interval);
    }
    for (uint32_t i = 0; i < m_sent.size(); ++i)
    {
        EXPECT_EQ(m_sent[i].seq - m_iss, 1 + i * kMss);
        EXPECT_EQ(m_sent[i].size, kMss);
    }
}

TEST_F(PeerPacingTest, TheInitialWindowIsNotPacedUnlessPaceInitialWindow)
{
    Pacing(true, false);
    ASSERT_NO_FATAL_FAILURE(EstablishedWithData(20));
    ASSERT_EQ(m_sent.size(), 10u);
    for (const Time& gap : Gaps())
    {
        EXPECT_EQ(gap, Time(0));
    }
    m_sent.clear();
    m_rates.clear();
    // An ACK of one segment: cwnd 11, two segments due; beyond the initial window they are
    // paced at the rate the ACK set (cwnd 11 segments, in flight 9, slow start ratio).
    Inject(ACK, kPeerIsn + 1, 1 + kMss);
    Run(MilliSeconds(50));
    ASSERT_EQ(m_sent.size(), 2u);
    ASSERT_FALSE(m_rates.empty());
    const DataRate rate = m_sock->GetSocketState()->m_pacingRate.Get();
    EXPECT_EQ(m_rates.back(), rate);
    EXPECT_EQ(rate, Expected(11 * kMss, 2.0));
    EXPECT_EQ(m_sent[1].time - m_sent[0].time, rate.CalculateBytesTxTime(kMss));
}

TEST_F(PeerPacingTest, MaxPacingRateCapsTheRate)
{
    Pacing(true, true, DataRate("1Mbps"));
    ASSERT_NO_FATAL_FAILURE(EstablishedWithData(20));
    ASSERT_EQ(m_sent.size(), 10u);
    // 8.6 Mb/s from cwnd and RTT, capped to 1 Mb/s: 536 B every 4.288 ms.
    EXPECT_GT(Expected(10 * kMss, 2.0), DataRate("1Mbps"));
    EXPECT_EQ(m_sock->GetSocketState()->m_pacingRate.Get(), DataRate("1Mbps"));
    for (const Time& gap : Gaps())
    {
        EXPECT_EQ(gap, MicroSeconds(4288));
    }
}

TEST_F(PeerPacingTest, TheRateTraceFollowsCwndAndTheCongestionAvoidanceRatio)
{
    Pacing(true, true);
    ASSERT_NO_FATAL_FAILURE(EstablishedWithData(4));
    ASSERT_EQ(m_sent.size(), 4u);
    m_sent.clear();
    // All four acknowledged: cwnd 11 segments (ns-3 NewReno: one segment per ACK).
    Inject(ACK, kPeerIsn + 1, 1 + 4 * kMss);
    ASSERT_FALSE(m_rates.empty());
    EXPECT_EQ(m_sock->GetSocketState()->m_cWnd.Get(), 11 * kMss);
    EXPECT_EQ(m_rates.back(), Expected(11 * kMss, 2.0));
    // Past ssthresh / 2: the congestion avoidance ratio (120 %) applies.
    Ptr<TcpSocketState> state = ConstCast<TcpSocketState>(m_sock->GetSocketState());
    state->m_ssThresh = 2 * kMss;
    Do(
        [&]()
        {
            m_sock->Send(Create<Packet>(kMss), 0);
        });
    Inject(ACK, kPeerIsn + 1, 1 + 5 * kMss);
    EXPECT_EQ(m_rates.back(), Expected(state->m_cWnd.Get(), 1.2));
    EXPECT_EQ(m_rates.back(), state->m_pacingRate.Get());
}

TEST_F(PeerPacingTest, BbrSetsTheRateItselfAndItsSegmentsArePacedAtIt)
{
    // TcpBbr has CongControl: the socket leaves m_pacingRate to it (TcpBbr turns m_pacing on
    // in its Init), and the segments beyond the initial window leave at its rate.
    Pacing(false, false);
    m_l4->SetAttribute("SocketType", TypeIdValue(TcpBbr::GetTypeId()));
    ASSERT_NO_FATAL_FAILURE(EstablishedWithData(40));
    Ptr<const TcpSocketState> state = m_sock->GetSocketState();
    EXPECT_TRUE(state->m_pacing);
    ASSERT_EQ(m_sent.size(), 10u);
    m_sent.clear();
    Inject(ACK, kPeerIsn + 1, 1 + 4 * kMss);
    Run(MilliSeconds(50));
    ASSERT_GE(m_sent.size(), 2u);
    // BBR set the rate when the handshake ended (CongestionStateSet(CA_OPEN), InitPacingRate).
    const DataRate rate = state->m_pacingRate.Get();
    EXPECT_LT(rate, DataRate("4Gbps"));
    EXPECT_NE(rate, Expected(std::max(state->m_cWnd.Get(), 6 * kMss), 2.0)); // not the socket's
    for (const Time& gap : Gaps())
    {
        EXPECT_EQ(gap, rate.CalculateBytesTxTime(kMss));
    }
}
