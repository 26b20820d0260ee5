/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Scripted-peer tests (the peer: tcp-fsm-peer-fixture.h) of ECN (RFC 3168): the negotiation
 * rows of the table on both sides and their fallbacks, ECT(0) on new data only (the
 * SocketIpTosTag that Ipv4L3Protocol writes into the IP header), the receiver's ECE until
 * CWR, and the sender's window reduction once per window (CA_CWR) with CWR on new data.
 */
#include "tcp-fsm-peer-fixture.h"

#include "ns3/enum.h"
#include "ns3/socket.h"
#include "ns3/tcp-socket-state.h"

using namespace ns3;
using namespace ns3::test;

namespace
{

constexpr uint32_t kMss = 536;
constexpr uint8_t ECE = TcpHeader::ECE;
constexpr uint8_t CWR = TcpHeader::CWR;
constexpr uint8_t kNotEct = 0;
constexpr uint8_t kEct0 = 2;
constexpr uint8_t kCe = 3;

class PeerEcnTest : public PeerTest
{
  protected:
    void SetUp() override
    {
        PeerTest::SetUp();
        // Every data segment is ACKed at once (the echo is easier to follow).
        Config::SetDefault("ns3::TcpSocket::DelAckCount", UintegerValue(1));
    }

    /// The IP ECN field each segment asks for (its SocketIpTosTag).
    void OnSent(Ptr<const Packet> p, const TcpHeader&) override
    {
        SocketIpTosTag tos;
        m_ecn.push_back(p->PeekPacketTag(tos) ? (tos.GetTos() & 0x3) : kNotEct);
    }

    /// A fresh node and empty records (for a test that loops over cases).
    void Restart()
    {
        TearDown();
        SetUp();
        m_sent.clear();
        m_edges.clear();
        m_drops.clear();
        m_ecn.clear();
        m_accepted = nullptr;
    }

    static void UseEcn(TcpSocketState::UseEcn_t v)
    {
        Config::SetDefault("ns3::TcpFsmSocket::UseEcn", EnumValue(v));
    }

    /// The IP ECN fields of the segments sent since the last check (then forget them).
    void ExpectEcn(const std::vector<uint8_t>& want)
    {
        EXPECT_EQ(m_ecn, want);
        m_ecn.clear();
    }

    /// The peer sends a segment with the given IP ECN field.
    void InjectIp(uint8_t flags, uint32_t seq, uint32_t ackRel, uint32_t payload, uint8_t ecn)
    {
        const uint16_t src = m_peerPort;
        const uint16_t dst = m_ourPort;
        const uint32_t ack = m_iss + ackRel;
        Do(
            [=]()
            {
                TcpHeader h;
                h.SetSourcePort(src);
                h.SetDestinationPort(dst);
                h.SetFlags(flags);
                h.SetSequenceNumber(SequenceNumber32(seq));
                h.SetAckNumber(SequenceNumber32(ack));
                h.SetWindowSize(65535);
                Ptr<Packet> p = Create<Packet>(payload);
                p->AddHeader(h);
                Ipv4Header ip;
                ip.SetSource(kPeer);
                ip.SetDestination(kUs);
                ip.SetProtocol(6);
                ip.SetPayloadSize(p->GetSize());
                ip.SetEcn(static_cast<Ipv4Header::EcnType>(ecn));
                m_l4->Receive(p, ip, nullptr);
            });
    }

    /// Connect() with UseEcn=useEcn; the SYN is checked by the caller.
    void Connect(TcpSocketState::UseEcn_t useEcn)
    {
        UseEcn(useEcn);
        m_sock = NewSocket();
        m_sock->TraceConnectWithoutContext("EcnState", MakeCallback(&PeerEcnTest::OnEcn, this));
        m_sock->TraceConnectWithoutContext("CongStateTransition",
                                           MakeCallback(&PeerEcnTest::OnCong, this));
        ASSERT_EQ(PeerTest::Connect(m_sock), 0);
        ASSERT_EQ(m_sent.size(), 1u);
        m_iss = m_sent[0].seq;
        m_ourPort = m_sent[0].srcPort;
        m_peerPort = kServerPort;
    }

    /// An ECN connection, active open, ESTABLISHED.
    void EcnEstablished()
    {
        ASSERT_NO_FATAL_FAILURE(Connect(TcpSocketState::On));
        EXPECT_SENT({{SYN | ECE | CWR, 0, 0}});
        Inject(SYN | ACK | ECE, kPeerIsn, 1);
        EXPECT_SENT({{ACK, 1, kPeerIsn + 1}});
        EXPECT_EDGES({{S::CLOSED, S::SYN_SENT, E::APP_ACTIVE_OPEN_ECN},
                      {S::SYN_SENT, S::ESTABLISHED, E::RCV_SYN_ACK_ECN}});
        ASSERT_TRUE(m_sock->EcnOn());
        ExpectEcn({kNotEct, kNotEct}); // RFC 3168 6.1.1: no ECT on SYN; none on a pure ACK
    }

    void OnEcn(TcpSocketState::EcnState_t, TcpSocketState::EcnState_t to)
    {
        m_ecnStates.push_back(TcpSocketState::EcnStateName[to]);
    }

    void OnCong(TcpSocketState::TcpCongState_t,
                TcpSocketState::TcpCongState_t to,
                const std::string& cause)
    {
        m_cong.push_back(std::string(TcpSocketState::TcpCongStateName[to]) + "(" + cause + ")");
    }

    TcpSocketState::EcnState_t EcnState() const
    {
        return m_sock->GetSocketState()->m_ecnState.Get();
    }

    std::vector<uint8_t> m_ecn;
    std::vector<std::string> m_ecnStates;
    std::vector<std::string> m_cong;
};

Want
Data(uint32_t i, uint8_t extra = 0)
{
    return {static_cast<uint8_t>(ACK | extra), 1 + i * kMss, kPeerIsn + 1, kMss};
}

} // namespace

TEST_F(PeerEcnTest, EcnSetupSynAndSynAckTurnEcnOn)
{
    ASSERT_NO_FATAL_FAILURE(EcnEstablished());
    EXPECT_EQ(EcnState(), TcpSocketState::ECN_IDLE);
    EXPECT_EQ(m_ecnStates, std::vector<std::string>{"ECN_IDLE"});
}

TEST_F(PeerEcnTest, NonEcnSynAckToAnEcnSynTurnsEcnOff)
{
    ASSERT_NO_FATAL_FAILURE(Connect(TcpSocketState::On));
    EXPECT_SENT({{SYN | ECE | CWR, 0, 0}});
    Inject(SYN | ACK, kPeerIsn, 1);
    EXPECT_SENT({{ACK, 1, kPeerIsn + 1}});
    EXPECT_EDGES({{S::CLOSED, S::SYN_SENT, E::APP_ACTIVE_OPEN_ECN},
                  {S::SYN_SENT, S::ESTABLISHED, E::RCV_SYN_ACK}});
    EXPECT_FALSE(m_sock->EcnOn());
    m_ecn.clear();
    Do(
        [&]()
        {
            m_sock->Send(Create<Packet>(2 * kMss), 0);
        });
    EXPECT_SENT({Data(0), Data(1, PSH)}); // no CWR, no ECE
    ExpectEcn({kNotEct, kNotEct});        // and no ECT: ECN is off
}

TEST_F(PeerEcnTest, SynAckWithEceAndCwrIsNotEcnSetup)
{
    ASSERT_NO_FATAL_FAILURE(Connect(TcpSocketState::On));
    m_sent.clear();
    Inject(SYN | ACK | ECE | CWR, kPeerIsn, 1); // RFC 3168 6.1.1: not an ECN-setup SYN-ACK
    EXPECT_EDGES({{S::CLOSED, S::SYN_SENT, E::APP_ACTIVE_OPEN_ECN},
                  {S::SYN_SENT, S::ESTABLISHED, E::RCV_SYN_ACK}});
    EXPECT_FALSE(m_sock->EcnOn());
}

TEST_F(PeerEcnTest, AcceptOnlyAndOffSendAPlainSyn)
{
    ASSERT_NO_FATAL_FAILURE(Connect(TcpSocketState::AcceptOnly));
    EXPECT_SENT({{SYN, 0, 0}});
    EXPECT_EDGES({{S::CLOSED, S::SYN_SENT, E::APP_ACTIVE_OPEN}});
}

TEST_F(PeerEcnTest, RetransmittedSynIsStillEcnSetup)
{
    ASSERT_NO_FATAL_FAILURE(Connect(TcpSocketState::On));
    m_sent.clear();
    Run(Seconds(4)); // ConnTimeout 3 s
    ASSERT_FALSE(m_sent.empty());
    EXPECT_EQ(Flags(m_sent[0].flags), Flags(SYN | ECE | CWR));
}

TEST_F(PeerEcnTest, ListenerAnswersAnEcnSetupSynWithEce)
{
    for (auto useEcn : {TcpSocketState::On, TcpSocketState::AcceptOnly})
    {
        SCOPED_TRACE(useEcn == TcpSocketState::On ? "On" : "AcceptOnly");
        Restart();
        UseEcn(useEcn);
        ASSERT_NO_FATAL_FAILURE(StartListener());
        Inject(SYN | ECE | CWR, kPeerIsn, 0);
        ASSERT_EQ(m_sent.size(), 1u);
        m_iss = m_sent[0].seq;
        EXPECT_SENT({{SYN | ACK | ECE, 0, kPeerIsn + 1}});
        EXPECT_EDGES({{S::LISTEN, S::SYN_RCVD, E::RCV_SYN_ECN}});
        ExpectEcn({kNotEct}); // RFC 3168 6.1.1: no ECT on a SYN+ACK
        Inject(ACK, kPeerIsn + 1, 1);
        EXPECT_EDGES({{S::SYN_RCVD, S::ESTABLISHED, E::RCV_ACK_OF_SYN}});
        ASSERT_NE(m_accepted, nullptr);
        EXPECT_TRUE(m_accepted->EcnOn());
    }
}

TEST_F(PeerEcnTest, ListenerWithoutEcnOrAPlainSynLeavesEcnOff)
{
    // UseEcn=Off ignores an ECN-setup SYN; UseEcn=On gets a plain SYN: no ECN either way.
    const std::pair<TcpSocketState::UseEcn_t, uint8_t> cases[] = {
        {TcpSocketState::Off, SYN | ECE | CWR},
        {TcpSocketState::On, SYN},
        {TcpSocketState::On, SYN | ECE}, // not ECN-setup: CWR missing
    };
    for (const auto& [useEcn, synFlags] : cases)
    {
        SCOPED_TRACE(Flags(synFlags));
        Restart();
        UseEcn(useEcn);
        ASSERT_NO_FATAL_FAILURE(StartListener());
        Inject(synFlags, kPeerIsn, 0);
        ASSERT_EQ(m_sent.size(), 1u);
        m_iss = m_sent[0].seq;
        EXPECT_SENT({{SYN | ACK, 0, kPeerIsn + 1}});
        EXPECT_EDGES({{S::LISTEN, S::SYN_RCVD, E::RCV_SYN}});
        Inject(ACK, kPeerIsn + 1, 1);
        ASSERT_NE(m_accepted, nullptr);
        EXPECT_FALSE(m_accepted->EcnOn());
    }
}

TEST_F(PeerEcnTest, EctMarksNewDataOnlyNotAcksNorRetransmissions)
{
    ASSERT_NO_FATAL_FAILURE(EcnEstablished());
    Do(
        [&]()
        {
            m_sock->Send(Create<Packet>(2 * kMss), 0);
        });
    EXPECT_SENT({Data(0), Data(1, PSH)});
    ExpectEcn({kEct0, kEct0});
    // The peer's data (ECT, no CE): our pure ACK is Not-ECT (RFC 3168 6.1.4).
    InjectIp(ACK, kPeerIsn + 1, 1, 100, kEct0);
    EXPECT_SENT({{ACK, 1 + 2 * kMss, kPeerIsn + 101}});
    ExpectEcn({kNotEct});
    // Nothing is acknowledged: the RTO retransmits segment 0, Not-ECT (RFC 3168 6.1.5).
    Run(Seconds(3));
    ASSERT_FALSE(m_sent.empty());
    EXPECT_EQ(m_sent[0].seq - m_iss, 1u);
    ASSERT_FALSE(m_ecn.empty());
    EXPECT_EQ(m_ecn[0], kNotEct);
}

TEST_F(PeerEcnTest, CeIsEchoedWithEceUntilCwr)
{
    ASSERT_NO_FATAL_FAILURE(EcnEstablished());
    uint32_t peer = kPeerIsn + 1;
    InjectIp(ACK, peer, 1, 100, kCe); // congestion experienced
    peer += 100;
    EXPECT_SENT({{ACK | ECE, 1, peer}});
    InjectIp(ACK, peer, 1, 100, kEct0); // no CE, but no CWR yet: ECE again
    peer += 100;
    EXPECT_SENT({{ACK | ECE, 1, peer}});
    InjectIp(ACK | CWR, peer, 1, 100, kEct0); // the sender reduced its window
    peer += 100;
    EXPECT_SENT({{ACK, 1, peer}});
    EXPECT_EQ(EcnState(), TcpSocketState::ECN_IDLE);
    EXPECT_EQ(m_ecnStates,
              (std::vector<std::string>{"ECN_IDLE", "ECN_CE_RCVD", "ECN_SENDING_ECE", "ECN_IDLE"}));
    // CWR on a segment that is itself marked CE: the echo goes on.
    InjectIp(ACK | CWR, peer, 1, 100, kCe);
    peer += 100;
    EXPECT_SENT({{ACK | ECE, 1, peer}});
}

TEST_F(PeerEcnTest, EceReducesTheWindowOncePerWindowAndCwrFollows)
{
    ASSERT_NO_FATAL_FAILURE(EcnEstablished());
    Do(
        [&]()
        {
            m_sock->Send(Create<Packet>(40 * kMss), 0);
        });
    ASSERT_EQ(m_sent.size(), 10u); // the initial window
    m_sent.clear();
    m_ecn.clear();
    Ptr<const TcpSocketState> cc = m_sock->GetSocketState();
    // ECE on the ACK of segment 0: CA_CWR, ssthresh from TcpNewReno (half the flight).
    Inject(ACK | ECE, kPeerIsn + 1, 1 + kMss);
    EXPECT_EQ(cc->m_congState.Get(), TcpSocketState::CA_CWR);
    const uint32_t ssthresh = cc->m_ssThresh.Get();
    EXPECT_EQ(ssthresh, 9 * kMss / 2);
    EXPECT_EQ(m_cong, std::vector<std::string>{"CA_CWR(ecn_echo)"});
    // The first new data segment after the reduction carries CWR (RFC 3168 6.1.2).
    if (!m_sent.empty())
    {
        EXPECT_TRUE(m_sent[0].flags & CWR) << Flags(m_sent[0].flags);
        EXPECT_EQ(m_ecn[0], kEct0);
    }
    // More ECE in the same window: no second reduction.
    for (uint32_t n = 2; n <= 6; ++n)
    {
        Inject(ACK | ECE, kPeerIsn + 1, 1 + n * kMss);
        EXPECT_EQ(cc->m_ssThresh.Get(), ssthresh) << "ACK of segment " << n;
    }
    EXPECT_EQ(m_cong.size(), 1u);
    bool cwrSent = false;
    for (const auto& s : m_sent)
    {
        cwrSent = cwrSent || (s.flags & CWR);
    }
    EXPECT_TRUE(cwrSent);
    // The whole window before the reduction is acknowledged: CWR is over, cwnd = ssthresh.
    const uint32_t highest = m_sent.empty() ? 10 : (m_sent.back().seq - m_iss - 1) / kMss + 1;
    Inject(ACK, kPeerIsn + 1, 1 + highest * kMss);
    ASSERT_EQ(m_cong.size(), 2u);
    EXPECT_EQ(m_cong[1], "CA_OPEN(cwr_done)");
    // A new ECE in the next window reduces again.
    m_sent.clear();
    Inject(ACK | ECE, kPeerIsn + 1, 1 + (highest + 1) * kMss);
    ASSERT_EQ(m_cong.size(), 3u);
    EXPECT_EQ(m_cong[2], "CA_CWR(ecn_echo)");
    EXPECT_LT(cc->m_ssThresh.Get(), ssthresh + 2 * kMss);
}
