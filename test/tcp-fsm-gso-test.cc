/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * GSO super-segments (GsoMaxSegments, GsoMinSegments) and Minshall's Nagle (MinshallNagle):
 * the sizing rule as a pure function (Linux's tcp_tso_autosize and tcp_cwnd_test), then
 * scripted-peer tests (tcp-fsm-peer-fixture.h) of what leaves the socket: super-segments of
 * several MSS only with GSO, each counted as its MSS-sized segments in TCP_INFO; a short
 * tail held by RFC 1122's Nagle while full segments are in flight, sent by Minshall's.
 * (Lost-retransmission detection: test/scripts/upstream-syntax/lost-retransmit-tfo.pkt.)
 */
#include "tcp-fsm-peer-fixture.h"

#include "ns3/boolean.h"
#include "ns3/tcp-fsm-gso.h"
#include "ns3/uinteger.h"

using namespace ns3;
using namespace ns3::test;

namespace
{

constexpr uint32_t kMss = 536; // no MSS option from the peer

TcpFsmGsoInput
Input(uint32_t cwndSegs, uint32_t pipeSegs)
{
    TcpFsmGsoInput in;
    in.mss = 1000;
    in.maxSegments = 65535;
    in.minSegments = 2;
    in.cwnd = cwndSegs * 1000;
    in.pipe = pipeSegs * 1000;
    return in;
}

class GsoPeerTest : public PeerTest
{
  protected:
    /// ESTABLISHED (active open) with these attributes, then `bytes` queued at once.
    void EstablishedAndSend(uint32_t gsoMaxSegments, bool minshall, bool noDelay, uint32_t bytes)
    {
        Config::SetDefault("ns3::TcpFsmSocket::GsoMaxSegments", UintegerValue(gsoMaxSegments));
        Config::SetDefault("ns3::TcpFsmSocket::MinshallNagle", BooleanValue(minshall));
        Config::SetDefault("ns3::TcpSocket::TcpNoDelay", BooleanValue(noDelay));
        ASSERT_NO_FATAL_FAILURE(MakeEstablished(Open::ACTIVE));
        m_sent.clear();
        Do(
            [this, bytes]()
            {
                m_sock->Send(Create<Packet>(bytes), 0);
            });
    }

    uint32_t SentBytes() const
    {
        uint32_t sum = 0;
        for (const auto& s : m_sent)
        {
            sum += s.size;
        }
        return sum;
    }

    uint32_t Largest() const
    {
        uint32_t most = 0;
        for (const auto& s : m_sent)
        {
            most = std::max(most, s.size);
        }
        return most;
    }
};

} // namespace

TEST(GsoSegments, WithoutGsoEverySegmentIsOneMss)
{
    TcpFsmGsoInput in = Input(10, 0);
    in.maxSegments = 1;
    in.minRttUs = 0; // whatever the RTT says
    EXPECT_EQ(TcpFsmGsoSegments(in), 1u);
}

TEST(GsoSegments, ASlowPathGetsGsoMinSegments)
{
    // 10 ms of RTT: 2 x 10 x 1000 B / 10 ms = 2 MB/s; its 1/1024 s is under one MSS, and
    // 64 KB >> (10000 us >> 9) is nothing: Linux's tcp_min_tso_segs (2) decides.
    TcpFsmGsoInput in = Input(10, 0);
    in.pacingRate = 2000000;
    in.minRttUs = 10000;
    EXPECT_EQ(TcpFsmGsoSegments(in), 2u);
    in.minSegments = 4;
    EXPECT_EQ(TcpFsmGsoSegments(in), 4u);
}

TEST(GsoSegments, AShortRttAllowsHalfTheCongestionWindow)
{
    // Under 512 us of minimum RTT the whole 64 KB counts: half of cwnd (tcp_cwnd_test) caps it.
    TcpFsmGsoInput in = Input(10, 0);
    in.minRttUs = 100;
    EXPECT_EQ(TcpFsmGsoSegments(in), 5u);
    in.cwnd = 40 * 1000;
    EXPECT_EQ(TcpFsmGsoSegments(in), 20u);
    in.cwnd = 200 * 1000;
    EXPECT_EQ(TcpFsmGsoSegments(in), 65u) << "64 KB / 1000 B";
}

TEST(GsoSegments, TheDeviceLimitAndTheRoomLeftCap)
{
    TcpFsmGsoInput in = Input(10, 0);
    in.minRttUs = 100;
    in.maxSegments = 3;
    EXPECT_EQ(TcpFsmGsoSegments(in), 3u);
    in.maxSegments = 65535;
    in.pipe = 9 * 1000;
    EXPECT_EQ(TcpFsmGsoSegments(in), 1u) << "one segment of room in the window";
    in.pipe = 12 * 1000;
    EXPECT_EQ(TcpFsmGsoSegments(in), 1u) << "never less than one";
}

TEST_F(GsoPeerTest, WithoutGsoNoSegmentExceedsTheMss)
{
    ASSERT_NO_FATAL_FAILURE(EstablishedAndSend(1, true, true, 6 * kMss));
    EXPECT_EQ(SentBytes(), 6 * kMss);
    EXPECT_EQ(Largest(), kMss);
    EXPECT_EQ(m_sent.size(), 6u);
}

TEST_F(GsoPeerTest, WithGsoSuperSegmentsCountAsTheirSegments)
{
    ASSERT_NO_FATAL_FAILURE(EstablishedAndSend(65535, true, true, 6 * kMss));
    EXPECT_EQ(SentBytes(), 6 * kMss);
    EXPECT_GT(Largest(), kMss);
    EXPECT_EQ(Largest() % kMss, 0u);
    EXPECT_LT(m_sent.size(), 6u);
    const TcpFsmTcpInfo info = m_sock->GetTcpInfo();
    // SYN and the handshake's ACK, then six MSS-sized segments however they were packed.
    EXPECT_EQ(info.tcpi_segs_out, 2u + 6u);
    EXPECT_EQ(info.tcpi_data_segs_out, 6u);
    EXPECT_EQ(info.tcpi_unacked, 6u);
}

TEST_F(GsoPeerTest, RfcNagleHoldsTheShortTailWhileFullSegmentsAreInFlight)
{
    ASSERT_NO_FATAL_FAILURE(EstablishedAndSend(1, false, false, 2 * kMss + 100));
    EXPECT_EQ(SentBytes(), 2 * kMss);
}

TEST_F(GsoPeerTest, MinshallNagleSendsTheShortTailWhenNoShortSegmentIsInFlight)
{
    ASSERT_NO_FATAL_FAILURE(EstablishedAndSend(1, true, false, 2 * kMss + 100));
    EXPECT_EQ(SentBytes(), 2 * kMss + 100);
    m_sent.clear();
    // Now a short segment is in flight: the next short write waits for its ACK.
    Do(
        [this]()
        {
            m_sock->Send(Create<Packet>(50), 0);
        });
    EXPECT_TRUE(m_sent.empty());
    Inject(ACK, kPeerIsn + 1, 1 + 2 * kMss + 100);
    ASSERT_EQ(m_sent.size(), 1u);
    EXPECT_EQ(m_sent[0].size, 50u);
}
