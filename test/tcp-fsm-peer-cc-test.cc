/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Scripted-peer tests (the peer: tcp-fsm-peer-fixture.h) of the data phase's congestion
 * control, driven by ns-3's TcpNewReno and TcpPrrRecovery through the socket's
 * TcpSocketState: slow start, limited transmit (RFC 5681 3.2), fast retransmit on the third
 * duplicate ACK, the NewReno partial ACK (RFC 6582 3.2), the RTO's go-back (RFC 6298 5.4),
 * and the congestion state changes with their causes.
 */
#include "tcp-fsm-peer-fixture.h"

#include "ns3/string.h"
#include "ns3/tcp-fsm-tcp-info.h"
#include "ns3/tcp-socket-state.h"

using namespace ns3;
using namespace ns3::test;

namespace
{

constexpr uint32_t kMss = 536; // no MSS option from the peer: RFC 9293 3.7.1's default

struct CongChange
{
    TcpSocketState::TcpCongState_t from;
    TcpSocketState::TcpCongState_t to;
    std::string cause;
};

class PeerCcTest : public PeerTest
{
  protected:
    /// ESTABLISHED (active open) with `segments` full segments queued by the application.
    void EstablishedWithData(uint32_t segments)
    {
        ASSERT_NO_FATAL_FAILURE(MakeEstablished(Open::ACTIVE));
        m_sock->TraceConnectWithoutContext("CongStateTransition",
                                           MakeCallback(&PeerCcTest::OnCong, this));
        Do(
            [&]()
            {
                m_sock->Send(Create<Packet>(segments * kMss), 0);
            });
    }

    void OnCong(TcpSocketState::TcpCongState_t from,
                TcpSocketState::TcpCongState_t to,
                const std::string& cause)
    {
        m_cong.push_back({from, to, cause});
    }

    /// The peer acknowledges up to segment n (relative sequence 1 + n * kMss).
    void AckSegments(uint32_t n)
    {
        Inject(ACK, kPeerIsn + 1, 1 + n * kMss);
    }

    std::string CongLog() const
    {
        std::string s;
        for (const auto& c : m_cong)
        {
            s += std::string(TcpSocketState::TcpCongStateName[c.from]) + "->"
                 + TcpSocketState::TcpCongStateName[c.to] + "(" + c.cause + ") ";
        }
        return s;
    }

    std::vector<CongChange> m_cong;
};

/// Segment i (0-based) of the data, as we send it: ACK, relative seq 1 + i * kMss.
Want
Data(uint32_t i, uint8_t extra = 0)
{
    return {static_cast<uint8_t>(ACK | extra), 1 + i * kMss, kPeerIsn + 1, kMss};
}

} // namespace

TEST_F(PeerCcTest, SlowStartSendsTheInitialWindowThenTwoSegmentsPerAck)
{
    // RFC 5681 3.1: IW = 10 segments here (InitialCwnd); each ACK of a full segment in slow
    // start grows cwnd by one segment, so an ACK of one segment releases two.
    ASSERT_NO_FATAL_FAILURE(EstablishedWithData(20));
    std::vector<Want> iw;
    for (uint32_t i = 0; i < 10; ++i)
    {
        iw.push_back(Data(i));
    }
    EXPECT_SENT(iw);
    AckSegments(1);
    EXPECT_SENT({Data(10), Data(11)});
    EXPECT_EQ(m_sock->GetSocketState()->m_cWnd.Get(), 11 * kMss);
    EXPECT_TRUE(m_cong.empty()) << CongLog();
}

TEST_F(PeerCcTest, LimitedTransmitThenFastRetransmitOnTheThirdDuplicateAck)
{
    ASSERT_NO_FATAL_FAILURE(EstablishedWithData(20));
    m_sent.clear();
    AckSegments(1); // cwnd 11: segments 10 and 11 go out
    m_sent.clear();
    // RFC 5681 3.2 / RFC 3042: the first and second duplicate ACKs each send one new segment.
    AckSegments(1);
    EXPECT_SENT({Data(12)});
    AckSegments(1);
    EXPECT_SENT({Data(13)});
    // The third: fast retransmit of the first unacknowledged segment (RFC 5681 3.2 step 2).
    AckSegments(1);
    ASSERT_FALSE(m_sent.empty());
    EXPECT_EQ(m_sent[0].seq - m_iss, 1 + kMss);
    EXPECT_EQ(m_sent[0].size, kMss);
    m_sent.clear();
    ASSERT_EQ(m_cong.size(), 2u) << CongLog();
    EXPECT_EQ(m_cong[0].to, TcpSocketState::CA_DISORDER);
    EXPECT_EQ(m_cong[0].cause, "dup_ack");
    EXPECT_EQ(m_cong[1].to, TcpSocketState::CA_RECOVERY);
    EXPECT_EQ(m_cong[1].cause, "dup_acks");
    // ssthresh from ns-3's TcpNewReno::GetSsThresh, given what TcpSocketBase gives it without
    // SACK: the pipe (13 outstanding, 3 duplicate-ACKed, the head lost: 9) plus one segment.
    EXPECT_EQ(m_sock->GetSocketState()->m_ssThresh.Get(), 5 * kMss);
}

TEST_F(PeerCcTest, TcpInfoReportsTheScoreboardAfterFastRetransmit)
{
    ASSERT_NO_FATAL_FAILURE(EstablishedWithData(20));
    AckSegments(1);
    for (int i = 0; i < 3; ++i)
    {
        AckSegments(1);
    }
    // 13 segments outstanding; without SACK the three duplicate ACKs count as three segments
    // SACKed (Linux's tcp_add_reno_sack), the head is lost and was retransmitted once.
    const TcpFsmTcpInfo info = m_sock->GetTcpInfo();
    EXPECT_EQ(info.tcpi_unacked, 13u);
    EXPECT_EQ(info.tcpi_sacked, 3u);
    EXPECT_EQ(info.tcpi_lost, 1u);
    EXPECT_EQ(info.tcpi_retrans, 1u);
}

TEST_F(PeerCcTest, PartialAckRetransmitsTheNextHoleAndAFullAckEndsRecovery)
{
    ASSERT_NO_FATAL_FAILURE(EstablishedWithData(20));
    AckSegments(1);
    for (int i = 0; i < 3; ++i)
    {
        AckSegments(1);
    }
    m_sent.clear();
    // Segments 1 and 3 were lost: the retransmitted 1 is acknowledged up to 3 (a partial
    // ACK: below RecoveryPoint), so segment 3 goes out at once (RFC 6582 3.2 step 5).
    AckSegments(3);
    bool hole = false;
    for (const auto& s : m_sent)
    {
        hole = hole || (s.seq - m_iss == 1 + 3 * kMss && s.size == kMss);
    }
    EXPECT_TRUE(hole) << "segment 3 was not retransmitted";
    m_sent.clear();
    // Everything sent so far acknowledged: recovery ends, cwnd = ssthresh (RFC 6582 step 6).
    const uint32_t high = m_sock->GetTcb().sndMax.GetValue() - m_iss;
    Inject(ACK, kPeerIsn + 1, high);
    ASSERT_EQ(m_cong.size(), 3u) << CongLog();
    EXPECT_EQ(m_cong[2].to, TcpSocketState::CA_OPEN);
    EXPECT_EQ(m_cong[2].cause, "full_ack");
}

TEST_F(PeerCcTest, RetransmissionTimeoutGoesBackToSndUnaWithOneSegment)
{
    ASSERT_NO_FATAL_FAILURE(EstablishedWithData(20));
    m_sent.clear();
    // No ACK: the RTO (ConnTimeout before any data RTT sample is 3 s, the handshake's sample
    // gives MinRto 1 s) resends the first segment alone: cwnd = 1 segment (RFC 5681 3.1).
    Run(Seconds(1.1));
    EXPECT_SENT({Data(0)});
    ASSERT_EQ(m_cong.size(), 1u) << CongLog();
    EXPECT_EQ(m_cong[0].to, TcpSocketState::CA_LOSS);
    EXPECT_EQ(m_cong[0].cause, "rto");
    EXPECT_EQ(m_sock->GetSocketState()->m_cWnd.Get(), kMss);
    // Its ACK: slow start again, from the next lost segment (go-back).
    AckSegments(1);
    EXPECT_SENT({Data(1), Data(2)});
}

TEST_F(PeerCcTest, TheCongestionControlIsNs3sAndChosenByAttribute)
{
    ASSERT_NO_FATAL_FAILURE(MakeEstablished(Open::ACTIVE));
    TypeIdValue v;
    m_sock->GetAttribute("CongestionOps", v);
    EXPECT_EQ(v.Get().GetName(), "ns3::TcpNewReno");
    m_sock->GetAttribute("RecoveryType", v);
    EXPECT_EQ(v.Get().GetName(), "ns3::TcpPrrRecovery");
    Ptr<TcpFsmSocket> fresh = NewSocket();
    fresh->SetAttribute("CongestionOps", StringValue("ns3::TcpCubic"));
    fresh->GetAttribute("CongestionOps", v);
    EXPECT_EQ(v.Get().GetName(), "ns3::TcpCubic");
}

TEST_F(PeerCcTest, TheL4sSocketTypeAndRecoveryTypeChooseForNewSockets)
{
    m_l4->SetAttribute("SocketType", StringValue("ns3::TcpBic"));
    m_l4->SetAttribute("RecoveryType", StringValue("ns3::TcpClassicRecovery"));
    Ptr<TcpFsmSocket> s = DynamicCast<TcpFsmSocket>(m_l4->CreateSocket());
    ASSERT_NE(s, nullptr);
    EXPECT_EQ(s->GetCongestionOpsType().GetName(), "ns3::TcpBic");
    EXPECT_EQ(s->GetRecoveryOpsType().GetName(), "ns3::TcpClassicRecovery");
}

TEST_F(PeerCcTest, ACongestionOpsThatIsNotOneIsRefusedWithAMessage)
{
    Ptr<TcpFsmSocket> s = NewSocket();
    EXPECT_DEATH(s->SetAttribute("CongestionOps", StringValue("ns3::TcpPrrRecovery")),
                 "CongestionOps must name a subclass of ns3::TcpCongestionOps");
}

TEST_F(PeerCcTest, Ns3sTraceSourcesExistWithNs3sCallbackTypes)
{
    Ptr<TcpFsmSocket> s = NewSocket();
    struct Sink
    {
        static void U32(uint32_t, uint32_t) {}

        static void Seq(SequenceNumber32, SequenceNumber32) {}

        static void T(Time, Time) {}

        static void Cong(TcpSocketState::TcpCongState_t, TcpSocketState::TcpCongState_t) {}

        static void Ecn(TcpSocketState::EcnState_t, TcpSocketState::EcnState_t) {}

        static void Rate(DataRate, DataRate) {}
    };

    for (const char* name : {"CongestionWindow",
                             "CongestionWindowInflated",
                             "SlowStartThreshold",
                             "BytesInFlight",
                             "AdvWND",
                             "RWND"})
    {
        EXPECT_TRUE(s->TraceConnectWithoutContext(name, MakeCallback(&Sink::U32))) << name;
    }
    EXPECT_TRUE(s->TraceConnectWithoutContext("NextTxSequence", MakeCallback(&Sink::Seq)));
    EXPECT_TRUE(s->TraceConnectWithoutContext("HighestSequence", MakeCallback(&Sink::Seq)));
    EXPECT_TRUE(s->TraceConnectWithoutContext("RTT", MakeCallback(&Sink::T)));
    EXPECT_TRUE(s->TraceConnectWithoutContext("RTO", MakeCallback(&Sink::T)));
    EXPECT_TRUE(s->TraceConnectWithoutContext("CongState", MakeCallback(&Sink::Cong)));
    EXPECT_TRUE(s->TraceConnectWithoutContext("EcnState", MakeCallback(&Sink::Ecn)));
    EXPECT_TRUE(s->TraceConnectWithoutContext("PacingRate", MakeCallback(&Sink::Rate)));
}

TEST_F(PeerCcTest, TheTracesFollowTheConnection)
{
    ASSERT_NO_FATAL_FAILURE(MakeEstablished(Open::ACTIVE));
    std::vector<uint32_t> cwnd;
    std::vector<uint32_t> flight;
    std::vector<Time> rtt;
    std::vector<SequenceNumber32> high;
    m_sock->TraceConnectWithoutContext("CongestionWindow",
                                       Callback<void, uint32_t, uint32_t>(
                                           [&](uint32_t, uint32_t v)
                                           {
                                               cwnd.push_back(v);
                                           }));
    m_sock->TraceConnectWithoutContext("BytesInFlight",
                                       Callback<void, uint32_t, uint32_t>(
                                           [&](uint32_t, uint32_t v)
                                           {
                                               flight.push_back(v);
                                           }));
    m_sock->TraceConnectWithoutContext("RTT",
                                       Callback<void, Time, Time>(
                                           [&](Time, Time v)
                                           {
                                               rtt.push_back(v);
                                           }));
    m_sock->TraceConnectWithoutContext("HighestSequence",
                                       Callback<void, SequenceNumber32, SequenceNumber32>(
                                           [&](SequenceNumber32, SequenceNumber32 v)
                                           {
                                               high.push_back(v);
                                           }));
    Do(
        [&]()
        {
            m_sock->Send(Create<Packet>(2 * kMss), 0);
        });
    Inject(ACK, kPeerIsn + 1, 1 + 2 * kMss);
    ASSERT_FALSE(high.empty());
    EXPECT_EQ(high.back().GetValue() - m_iss, 1 + 2 * kMss);
    ASSERT_FALSE(flight.empty());
    EXPECT_EQ(*std::max_element(flight.begin(), flight.end()), 2 * kMss);
    EXPECT_EQ(flight.back(), 0u);
    ASSERT_FALSE(cwnd.empty());
    EXPECT_EQ(cwnd.back(), 11 * kMss); // ns-3 NewReno slow start: one segment per ACK
    // RTT is a TracedValue: the data's sample equals the handshake's here (no new value).
    EXPECT_EQ(m_sock->GetSocketState()->m_lastRtt.Get(), MilliSeconds(10));
}

TEST_F(PeerTest, DataThatFillsTheLastHoleIsAckedAtOnce)
{
    // RFC 5681 4.2 (and Linux's tcp_data_queue, ns-3's ReceivedData): a segment that fills a
    // gap is ACKed immediately, also when it fills the last one: the sender in recovery
    // waits for this ACK, and the delayed-ACK timer would hold it up to DelAckTimeout.
    ASSERT_NO_FATAL_FAILURE(Reach(S::ESTABLISHED));
    Inject(ACK | PSH, kPeerIsn + 101, 1, 100); // beyond a hole: a duplicate ACK at once
    EXPECT_SENT({{ACK, 1, kPeerIsn + 1}});
    Inject(ACK | PSH, kPeerIsn + 1, 1, 100); // the hole: everything is in order now
    EXPECT_SENT({{ACK, 1, kPeerIsn + 201}});
    Inject(ACK | PSH, kPeerIsn + 201, 1, 100); // in order again: the delayed ACK as before
    EXPECT_SENT({});
}
