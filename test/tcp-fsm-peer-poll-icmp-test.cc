/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Scripted-peer tests (the peer: tcp-fsm-peer-fixture.h) of readiness and ICMP errors:
 * TcpFsmSocket::GetPollEvents() (Linux tcp_poll()) in the states an application sees, and
 * ICMP errors through TcpFsmL4Protocol::ReceiveIcmp and through the node's Icmpv4L4Protocol:
 * fragmentation needed lowers the MSS and sends again what was lost (RFC 1191), a message
 * echoing a sequence number not in flight or naming no connection changes nothing, other
 * errors are soft (RFC 1122 4.2.3.9).
 */
#include "tcp-fsm-peer-fixture.h"

#include "ns3/icmpv4-l4-protocol.h"
#include "ns3/icmpv4.h"
#include "ns3/ipv4-l3-protocol.h"
#include "ns3/tcp-fsm-fastopen.h"
#include "ns3/tcp-fsm-poll.h"
#include "ns3/tcp-option-rfc793.h"

using namespace ns3;
using namespace ns3::test;

namespace
{

using P = TcpFsmPoll;
constexpr uint32_t kReadable = P::IN | P::RDNORM;
constexpr uint32_t kWritable = P::OUT | P::WRNORM;
constexpr uint32_t kPeerShut = P::IN | P::RDNORM | P::RDHUP;

std::string
Bits(uint32_t events)
{
    std::ostringstream os;
    os << "0x" << std::hex << events;
    return os.str();
}

} // namespace

class PollIcmpTest : public PeerTest
{
  protected:
    void SetUp() override
    {
        PeerTest::SetUp();
        Config::SetDefault("ns3::TcpSocket::SegmentSize", UintegerValue(1460));
    }

    /// The MSS option of every segment we send.
    void OnSent(Ptr<const Packet>, const TcpHeader& h) override
    {
        auto mss = DynamicCast<const TcpOptionMSS>(h.GetOption(TcpOption::MSS));
        m_mssOptions.push_back(mss ? mss->GetMSS() : 0);
    }

    /// The first 8 bytes of a segment of ours with this (relative) sequence number.
    std::vector<uint8_t> Echoed(uint32_t seqRel) const
    {
        const uint32_t seq = m_iss + seqRel;
        return {static_cast<uint8_t>(m_ourPort >> 8),
                static_cast<uint8_t>(m_ourPort),
                static_cast<uint8_t>(m_peerPort >> 8),
                static_cast<uint8_t>(m_peerPort),
                static_cast<uint8_t>(seq >> 24),
                static_cast<uint8_t>(seq >> 16),
                static_cast<uint8_t>(seq >> 8),
                static_cast<uint8_t>(seq)};
    }

    /// An ICMP error from a router for our segment seqRel, straight into the TCP L4.
    void Icmp(uint8_t type, uint8_t code, uint32_t info, uint32_t seqRel)
    {
        const std::vector<uint8_t> e = Echoed(seqRel);
        Do(
            [&]()
            {
                m_l4->ReceiveIcmp(kPeer, 64, type, code, info, kUs, kPeer, e.data());
            });
    }

    /// The same message as a packet for the node's ICMP (ns-3's Icmpv4L4Protocol).
    void IcmpThroughNode(uint16_t mtu, uint32_t seqRel)
    {
        const std::vector<uint8_t> e = Echoed(seqRel);
        Do(
            [&]()
            {
                Ipv4Header inner;
                inner.SetSource(kUs);
                inner.SetDestination(kPeer);
                inner.SetProtocol(6);
                inner.SetPayloadSize(20 + 1460);
                Icmpv4DestinationUnreachable unreach;
                unreach.SetNextHopMtu(mtu);
                unreach.SetHeader(inner);
                unreach.SetData(Create<Packet>(e.data(), e.size()));
                Ptr<Packet> p = Create<Packet>();
                p->AddHeader(unreach);
                Icmpv4Header icmp;
                icmp.SetType(Icmpv4Header::ICMPV4_DEST_UNREACH);
                icmp.SetCode(Icmpv4DestinationUnreachable::ICMPV4_FRAG_NEEDED);
                p->AddHeader(icmp);
                Ipv4Header outer;
                outer.SetSource(Ipv4Address("10.0.0.254"));
                outer.SetDestination(kUs);
                outer.SetProtocol(Icmpv4L4Protocol::PROT_NUMBER);
                outer.SetPayloadSize(p->GetSize());
                m_node->GetObject<Ipv4L3Protocol>()
                    ->GetProtocol(Icmpv4L4Protocol::PROT_NUMBER)
                    ->Receive(p, outer, nullptr);
            });
    }

    /// Send n bytes on m_sock inside the simulation; Send()'s result.
    int SendBytes(uint32_t n)
    {
        int rc = -2;
        Do(
            [&]()
            {
                rc = m_sock->Send(Create<Packet>(n), 0);
            });
        return rc;
    }

    uint64_t Count(TcpFsmIcmpOutcome o) const
    {
        return m_l4->GetIcmpCountFor(o);
    }

    std::vector<uint16_t> m_mssOptions;
};

// ---- readiness (Linux tcp_poll()) -------------------------------------------------------------

TEST_F(PollIcmpTest, FreshSocketIsWritableAndHungUp)
{
    Ptr<TcpFsmSocket> s = NewSocket();
    EXPECT_EQ(Bits(s->GetPollEvents()), Bits(kWritable | P::HUP));
}

TEST_F(PollIcmpTest, SynSentIsNeitherReadableNorWritable)
{
    ASSERT_NO_FATAL_FAILURE(Reach(S::SYN_SENT));
    EXPECT_EQ(Bits(m_sock->GetPollEvents()), Bits(0));
}

TEST_F(PollIcmpTest, EstablishedIsWritableThenReadableWithData)
{
    ASSERT_NO_FATAL_FAILURE(Reach(S::ESTABLISHED));
    EXPECT_EQ(Bits(m_sock->GetPollEvents()), Bits(kWritable));
    Inject(ACK | PSH, kPeerIsn + 1, 1, 100);
    EXPECT_EQ(Bits(m_sock->GetPollEvents()), Bits(kReadable | kWritable));
    ASSERT_NE(Read(1000), nullptr);
    EXPECT_EQ(Bits(m_sock->GetPollEvents()), Bits(kWritable));
}

TEST_F(PollIcmpTest, FullSendBufferIsNotWritable)
{
    ASSERT_NO_FATAL_FAILURE(Reach(S::ESTABLISHED));
    Do(
        [&]()
        {
            m_sock->SetAttribute("SndBufSize", UintegerValue(4000));
        });
    Inject(ACK, kPeerIsn + 1, 1); // nothing acknowledged; the peer's window stays
    EXPECT_EQ(SendBytes(4000), 4000);
    EXPECT_EQ(m_sock->GetPollEvents() & kWritable, 0u);
}

TEST_F(PollIcmpTest, PeerFinIsReadableWithRdhupButNotHangUp)
{
    ASSERT_NO_FATAL_FAILURE(Reach(S::CLOSE_WAIT));
    // POLLHUP needs both directions shut: a writer can still wait for POLLOUT.
    EXPECT_EQ(Bits(m_sock->GetPollEvents()), Bits(kPeerShut | kWritable));
}

TEST_F(PollIcmpTest, BothDirectionsShutIsHangUp)
{
    ASSERT_NO_FATAL_FAILURE(Reach(S::CLOSE_WAIT));
    ASSERT_EQ(Call(m_sock, &TcpFsmSocket::ShutdownSend), 0);
    EXPECT_EQ(m_sock->GetState(), S::LAST_ACK);
    EXPECT_EQ(Bits(m_sock->GetPollEvents()), Bits(kPeerShut | kWritable | P::HUP));
}

TEST_F(PollIcmpTest, RstInSynSentIsErrorAndHangUp)
{
    ASSERT_NO_FATAL_FAILURE(Reach(S::SYN_SENT));
    Inject(RST | ACK, 0, 1);
    ASSERT_EQ(m_sock->GetState(), S::CLOSED);
    EXPECT_EQ(Bits(m_sock->GetPollEvents()), Bits(kPeerShut | kWritable | P::ERR | P::HUP));
    EXPECT_EQ(m_sock->GetSocketError(), 111); // ECONNREFUSED, read once
    EXPECT_EQ(Bits(m_sock->GetPollEvents()), Bits(kPeerShut | kWritable | P::HUP));
}

TEST_F(PollIcmpTest, DeferredFastOpenConnectIsWritableInSynSent)
{
    TcpFsmTuple server;
    server.SetPeer(kPeer);
    TcpFsmFastOpenNode::Get(m_node)->Lookup(server).cookie = {1, 2, 3, 4, 5, 6, 7, 8};
    m_sock = NewSocket();
    ASSERT_EQ(m_sock->SetFastOpenConnect(true), 0);
    ASSERT_EQ(Connect(m_sock), 0);
    ASSERT_EQ(m_sock->GetState(), S::SYN_SENT);
    ASSERT_TRUE(m_sock->IsFastOpenDeferred());
    EXPECT_SENT({}); // the SYN waits for the first write, so a write may come
    EXPECT_EQ(Bits(m_sock->GetPollEvents()), Bits(kWritable));
}

TEST_F(PollIcmpTest, ListenerReportsNoReadinessOfItsOwn)
{
    ASSERT_NO_FATAL_FAILURE(StartListener());
    ASSERT_NO_FATAL_FAILURE(SynToListener());
    Inject(ACK, kPeerIsn + 1, 1); // handed to the application at once (ns-3)
    EXPECT_EQ(m_acceptedCount, 1);
    EXPECT_EQ(Bits(m_listener->GetPollEvents()), Bits(0));
}

// ---- ICMP errors --------------------------------------------------------------------------------

TEST_F(PollIcmpTest, FragNeededAfterFastOpenSynDataSendsTheSynAloneWithTheNewMss)
{
    TcpFsmTuple server;
    server.SetPeer(kPeer);
    TcpFsmFastOpenNode::Get(m_node)->Lookup(server).cookie = {1, 2, 3, 4, 5, 6, 7, 8};
    m_sock = NewSocket();
    int rc = -2;
    Do(
        [&]()
        {
            rc = m_sock->SendTo(Create<Packet>(1000),
                                TcpFsmFastOpen::MSG_FASTOPEN,
                                InetSocketAddress(kPeer, kServerPort));
        });
    ASSERT_EQ(rc, 1000);
    ASSERT_EQ(m_sent.size(), 1u);
    m_iss = m_sent[0].seq;
    m_ourPort = m_sent[0].srcPort;
    m_peerPort = kServerPort;
    EXPECT_SENT({{SYN, 0, 0, 1000}});
    EXPECT_EQ(m_mssOptions, std::vector<uint16_t>{1460});
    m_mssOptions.clear();
    m_edges.clear();

    Icmp(3, 4, 800, 0); // fragmentation needed, next-hop MTU 800, echoing our SYN
    EXPECT_EQ(Count(TcpFsmIcmpOutcome::FRAG_NEEDED), 1u);
    EXPECT_SENT({{SYN, 0, 0, 0}}); // at once, without data (RFC 7413 4.2.2)
    EXPECT_EQ(m_mssOptions, std::vector<uint16_t>{760});
    EXPECT_EDGES({}); // no state change
    EXPECT_EQ(m_sock->GetState(), S::SYN_SENT);

    Inject(SYN | ACK, kPeerIsn, 1); // the SYN+ACK acknowledges the SYN only
    EXPECT_EDGES({{S::SYN_SENT, S::ESTABLISHED, E::RCV_SYN_ACK_DATA_NOT_ACKED}});
    // The data again, in segments of the new MSS (min(760, the peer's 536 default)).
    EXPECT_EQ(m_sock->GetTcpInfo().tcpi_snd_mss, 536u);
}

TEST_F(PollIcmpTest, FragNeededInFlightLowersTheMssAndSendsTheHeadAgain)
{
    ASSERT_NO_FATAL_FAILURE(ActiveConnect());
    {
        // The peer's SYN+ACK offers MSS 1460.
        TcpHeader h;
        h.SetSourcePort(m_peerPort);
        h.SetDestinationPort(m_ourPort);
        h.SetFlags(SYN | ACK);
        h.SetSequenceNumber(SequenceNumber32(kPeerIsn));
        h.SetAckNumber(SequenceNumber32(m_iss + 1));
        h.SetWindowSize(65535);
        Ptr<TcpOptionMSS> mss = CreateObject<TcpOptionMSS>();
        mss->SetMSS(1460);
        h.AppendOption(mss);
        Ptr<Packet> p = Create<Packet>();
        p->AddHeader(h);
        Do(
            [&]()
            {
                Deliver(p);
            });
    }
    EXPECT_SENT({{ACK, 1, kPeerIsn + 1}});
    m_edges.clear();
    EXPECT_EQ(SendBytes(2920), 2920);
    EXPECT_SENT({{ACK, 1, kPeerIsn + 1, 1460}, {ACK | PSH, 1461, kPeerIsn + 1, 1460}});

    Icmp(3, 4, 1000, 5000); // not in flight: ignored
    EXPECT_EQ(Count(TcpFsmIcmpOutcome::OUT_OF_WINDOW), 1u);
    EXPECT_SENT({});
    EXPECT_EQ(m_sock->GetTcpInfo().tcpi_snd_mss, 1460u);

    IcmpThroughNode(1000, 1); // through ns-3's Icmpv4L4Protocol
    EXPECT_EQ(Count(TcpFsmIcmpOutcome::FRAG_NEEDED), 1u);
    EXPECT_EQ(m_sock->GetTcpInfo().tcpi_snd_mss, 960u);
    EXPECT_SENT({{ACK, 1, kPeerIsn + 1, 960}});
    EXPECT_EDGES({});

    Icmp(3, 4, 1200, 1); // a larger MTU than the path's: nothing changes
    EXPECT_EQ(m_sock->GetTcpInfo().tcpi_snd_mss, 960u);
    EXPECT_SENT({});
}

TEST_F(PollIcmpTest, FragNeededBelowTheMinimumIsRaisedTo552)
{
    ASSERT_NO_FATAL_FAILURE(Reach(S::ESTABLISHED));
    Icmp(3, 4, 100, 1); // SND.UNA = SND.NXT: in range
    EXPECT_EQ(Count(TcpFsmIcmpOutcome::FRAG_NEEDED), 1u);
    EXPECT_EQ(m_sock->GetTcpInfo().tcpi_snd_mss, 512u); // min(552 - 40, the peer's 536)
}

TEST_F(PollIcmpTest, HostUnreachableIsASoftErrorAndUnknownConnectionsAreCounted)
{
    ASSERT_NO_FATAL_FAILURE(Reach(S::ESTABLISHED));
    Icmp(3, 1, 0, 1); // host unreachable
    EXPECT_EQ(Count(TcpFsmIcmpOutcome::SOFT_ERROR), 1u);
    EXPECT_EQ(m_sock->GetState(), S::ESTABLISHED);
    EXPECT_EQ(m_sock->GetSocketError(false), 0);
    EXPECT_SENT({});
    EXPECT_EDGES({});
    m_ourPort = 1; // a 4-tuple of no connection
    Icmp(3, 4, 800, 1);
    EXPECT_EQ(Count(TcpFsmIcmpOutcome::NO_CONNECTION), 1u);
    EXPECT_EQ(Count(TcpFsmIcmpOutcome::FRAG_NEEDED), 0u);
}
