/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Scripted-peer tests (the peer: tcp-fsm-peer-fixture.h) of TCP Fast Open (RFC 7413): the
 * server's cookie request, valid cookie, invalid cookie, missing cookie and full queue; the
 * client's cookie request, cookie cache, SYN with data through SendTo(MSG_FASTOPEN) and
 * through FastOpenConnect, and its fallbacks (SYN+ACK of the SYN only, SYN-data time-out).
 * Every test asserts the exact segments, the Fast Open option they carry and the edges.
 */
#include "tcp-fsm-peer-fixture.h"

#include "ns3/tcp-fsm-fastopen.h"
#include "ns3/tcp-option-rfc793.h"

#include <optional>

using namespace ns3;
using namespace ns3::test;

namespace
{

/// The cookie our node (10.0.0.1) makes for the peer (10.0.0.2) with a key.
TcpFsmFastOpenCookie
CookieForPeer(const TcpFsmFastOpenKey& key)
{
    TcpFsmTuple t;
    t.SetLocal(kUs);
    t.SetPeer(kPeer);
    return TcpFsmFastOpenCookieFor(key, t);
}

const TcpFsmFastOpenCookie kPeerCookie = {0xde, 0xad, 0xbe, 0xef, 0x01, 0x02, 0x03, 0x04};

} // namespace

class FastOpenPeerTest : public PeerTest
{
  protected:
    void SetUp() override
    {
        PeerTest::SetUp();
        TcpFsmParseFastOpenKey("a1a1a1a1-b2b2b2b2-c3c3c3c3-d4d4d4d4", m_key);
    }

    /// The Fast Open option of every segment we send.
    void OnSent(Ptr<const Packet>, const TcpHeader& h) override
    {
        m_options.push_back(TcpFsmReadFastOpenOption(h));
    }

    /// The options of the segments sent since the last check (then forget them).
    std::vector<TcpFsmFastOpenSeen> TakeOptions()
    {
        std::vector<TcpFsmFastOpenSeen> o;
        o.swap(m_options);
        return o;
    }

    /// A Fast Open server: a listener on port 80 with FastOpen bits, queue and key.
    void StartFastOpenListener(uint32_t bits = 0x3, uint32_t qlen = 16)
    {
        ASSERT_NO_FATAL_FAILURE(StartListener());
        m_listener->SetAttribute("FastOpen", UintegerValue(bits));
        m_listener->SetFastOpenQueueLength(qlen);
        m_listener->SetFastOpenKey(m_key);
        TakeOptions();
    }

    /// The peer's SYN to our listener with an optional Fast Open option and payload.
    void SynWithOption(std::optional<TcpFsmFastOpenCookie> cookie,
                       uint32_t payload,
                       uint16_t peerPort = kPeerClientPort,
                       bool experimental = false)
    {
        m_peerPort = peerPort;
        InjectWithOption(peerPort, kServerPort, SYN, kPeerIsn, 0, payload, cookie, experimental);
    }

    /// A segment from the peer carrying an optional Fast Open option (and an MSS option).
    void InjectWithOption(uint16_t srcPort,
                          uint16_t dstPort,
                          uint8_t flags,
                          uint32_t seq,
                          uint32_t ack,
                          uint32_t payload,
                          std::optional<TcpFsmFastOpenCookie> cookie,
                          bool experimental = false,
                          uint16_t mss = 0)
    {
        Do(
            [=]()
            {
                TcpHeader h;
                h.SetSourcePort(srcPort);
                h.SetDestinationPort(dstPort);
                h.SetFlags(flags);
                h.SetSequenceNumber(SequenceNumber32(seq));
                h.SetAckNumber(SequenceNumber32(ack));
                h.SetWindowSize(65535);
                if (mss > 0)
                {
                    Ptr<TcpOptionMSS> o = CreateObject<TcpOptionMSS>();
                    o->SetMSS(mss);
                    h.AppendOption(o);
                }
                if (cookie)
                {
                    h.AppendOption(Create<TcpFsmFastOpenOption>(*cookie, experimental));
                }
                Ptr<Packet> p = Create<Packet>(payload);
                p->AddHeader(h);
                Deliver(p);
            });
    }

    /// A new client socket with FastOpen bits.
    Ptr<TcpFsmSocket> FastOpenClient(uint32_t bits = 0x1)
    {
        Ptr<TcpFsmSocket> s = NewSocket();
        s->SetAttribute("FastOpen", UintegerValue(bits));
        return s;
    }

    /// SendTo(MSG_FASTOPEN) of n bytes to the peer's port 80; the return value. Our ISS and
    /// port are taken from the SYN.
    int SendToFastOpen(Ptr<TcpFsmSocket> s, uint32_t n)
    {
        m_sock = s;
        int rc = -2;
        Do(
            [&]()
            {
                rc = s->SendTo(Create<Packet>(n),
                               TcpFsmFastOpen::MSG_FASTOPEN,
                               InetSocketAddress(kPeer, kServerPort));
            });
        TakeIss();
        return rc;
    }

    void TakeIss()
    {
        if (!m_sent.empty() && m_sent[0].flags == SYN)
        {
            m_iss = m_sent[0].seq;
            m_ourPort = m_sent[0].srcPort;
            m_peerPort = kServerPort;
        }
    }

    /// The peer's SYN+ACK to our client: acks ISS + 1 + ackedData, with an optional cookie.
    void SynAck(uint32_t ackedData,
                std::optional<TcpFsmFastOpenCookie> cookie = std::nullopt,
                uint16_t mss = 0)
    {
        InjectWithOption(kServerPort,
                         m_ourPort,
                         SYN | ACK,
                         kPeerIsn,
                         m_iss + 1 + ackedData,
                         0,
                         cookie,
                         false,
                         mss);
    }

    /// A first connection that asks for a cookie and gets kPeerCookie (the cache is filled).
    void LearnCookie(uint16_t mss = 0)
    {
        Ptr<TcpFsmSocket> s = FastOpenClient();
        ASSERT_EQ(SendToFastOpen(s, 100), 0);
        SynAck(0, kPeerCookie, mss);
        ASSERT_EQ(s->GetState(), S::ESTABLISHED);
        m_sent.clear();
        m_edges.clear();
        TakeOptions();
        m_connectedCount = 0;
    }

    const TcpFsmFastOpenNode::Entry* Cached() const
    {
        TcpFsmTuple t;
        t.SetPeer(kPeer);
        return TcpFsmFastOpenNode::Get(m_node)->Find(t);
    }

    TcpFsmFastOpenKey m_key{};
    std::vector<TcpFsmFastOpenSeen> m_options;
};

// ---- the server
// ----------------------------------------------------------------------------------

TEST_F(FastOpenPeerTest, ListenCookieRequestIsAnsweredWithTheCookie)
{
    ASSERT_NO_FATAL_FAILURE(StartFastOpenListener());
    SynWithOption(TcpFsmFastOpenCookie{}, 0);
    ASSERT_EQ(m_sent.size(), 1u);
    m_iss = m_sent[0].seq;
    EXPECT_SENT({{SYN | ACK, 0, kPeerIsn + 1}});
    auto options = TakeOptions();
    ASSERT_EQ(options.size(), 1u);
    EXPECT_TRUE(options[0].present);
    EXPECT_FALSE(options[0].experimental);
    EXPECT_EQ(TcpFsmCookieHex(options[0].cookie), TcpFsmCookieHex(CookieForPeer(m_key)));
    EXPECT_EDGES({{S::LISTEN, S::SYN_RCVD, E::RCV_SYN}});
    EXPECT_EQ(m_acceptedCount, 0);
}

TEST_F(FastOpenPeerTest, ListenValidCookieDataIsAckedAndChildAcceptedInSynRcvd)
{
    ASSERT_NO_FATAL_FAILURE(StartFastOpenListener());
    SynWithOption(CookieForPeer(m_key), 100);
    ASSERT_EQ(m_sent.size(), 1u);
    m_iss = m_sent[0].seq;
    EXPECT_SENT({{SYN | ACK, 0, kPeerIsn + 101}}); // the SYN+ACK acknowledges the data
    auto options = TakeOptions();
    ASSERT_EQ(options.size(), 1u);
    EXPECT_FALSE(options[0].present); // no cookie back when it was valid
    EXPECT_EDGES({{S::LISTEN, S::SYN_RCVD, E::RCV_SYN_FASTOPEN}});
    ASSERT_EQ(m_acceptedCount, 1); // handed to the application before the handshake ends
    ASSERT_NE(m_accepted, nullptr);
    m_sock = m_accepted;
    EXPECT_EQ(m_sock->GetState(), S::SYN_RCVD);
    EXPECT_TRUE(m_sock->IsFastOpenChild());
    EXPECT_EQ(m_sock->GetRxAvailable(), 100u);
    EXPECT_GE(m_recvNotifications, 1);
    Ptr<Packet> got = Read(1000);
    ASSERT_NE(got, nullptr);
    EXPECT_EQ(got->GetSize(), 100u);

    // Writable before the final ACK (RFC 7413 4.2.2).
    int sent = -2;
    Do(
        [&]()
        {
            sent = m_sock->Send(Create<Packet>(50), 0);
        });
    EXPECT_EQ(sent, 50);
    EXPECT_SENT({{ACK | PSH, 1, kPeerIsn + 101, 50}});
    EXPECT_EDGES({});

    // The final ACK (covering the response) completes the handshake; no second accept.
    Inject(ACK, kPeerIsn + 101, 51);
    EXPECT_SENT({});
    EXPECT_EDGES({{S::SYN_RCVD, S::ESTABLISHED, E::RCV_ACK_OF_SYN}});
    EXPECT_EQ(m_acceptedCount, 1);
    EXPECT_EQ(m_sock->GetState(), S::ESTABLISHED);
}

TEST_F(FastOpenPeerTest, ListenInvalidCookieDropsDataAndSendsAFreshCookie)
{
    ASSERT_NO_FATAL_FAILURE(StartFastOpenListener());
    SynWithOption(kPeerCookie, 100);
    ASSERT_EQ(m_sent.size(), 1u);
    m_iss = m_sent[0].seq;
    EXPECT_SENT({{SYN | ACK, 0, kPeerIsn + 1}}); // ISN + 1 only: the data is not taken
    auto options = TakeOptions();
    ASSERT_EQ(options.size(), 1u);
    EXPECT_EQ(TcpFsmCookieHex(options[0].cookie), TcpFsmCookieHex(CookieForPeer(m_key)));
    EXPECT_EDGES({{S::LISTEN, S::SYN_RCVD, E::RCV_SYN}});
    EXPECT_DROPS({"syn_data_invalid_cookie"});
    EXPECT_EQ(m_acceptedCount, 0);
    Inject(ACK, kPeerIsn + 1, 1);
    EXPECT_EDGES({{S::SYN_RCVD, S::ESTABLISHED, E::RCV_ACK_OF_SYN}});
    ASSERT_EQ(m_acceptedCount, 1);
    EXPECT_EQ(m_accepted->GetRxAvailable(), 0u);
}

TEST_F(FastOpenPeerTest, ListenCookieRequestWithDataDropsDataAndIssuesTheCookie)
{
    ASSERT_NO_FATAL_FAILURE(StartFastOpenListener());
    SynWithOption(TcpFsmFastOpenCookie{}, 100);
    ASSERT_EQ(m_sent.size(), 1u);
    m_iss = m_sent[0].seq;
    EXPECT_SENT({{SYN | ACK, 0, kPeerIsn + 1}});
    auto options = TakeOptions();
    ASSERT_EQ(options.size(), 1u);
    EXPECT_EQ(TcpFsmCookieHex(options[0].cookie), TcpFsmCookieHex(CookieForPeer(m_key)));
    EXPECT_EDGES({{S::LISTEN, S::SYN_RCVD, E::RCV_SYN}});
}

TEST_F(FastOpenPeerTest, ListenDataWithoutOptionIsDroppedWithoutCookie)
{
    ASSERT_NO_FATAL_FAILURE(StartFastOpenListener());
    SynWithOption(std::nullopt, 100);
    ASSERT_EQ(m_sent.size(), 1u);
    m_iss = m_sent[0].seq;
    EXPECT_SENT({{SYN | ACK, 0, kPeerIsn + 1}});
    auto options = TakeOptions();
    ASSERT_EQ(options.size(), 1u);
    EXPECT_FALSE(options[0].present);
    EXPECT_EDGES({{S::LISTEN, S::SYN_RCVD, E::RCV_SYN}});
    EXPECT_DROPS({"syn_data_no_cookie"});
}

TEST_F(FastOpenPeerTest, ListenQueueFullFallsBackToANormalHandshakeUntilAPlaceFrees)
{
    ASSERT_NO_FATAL_FAILURE(StartFastOpenListener(0x3, 1));
    SynWithOption(CookieForPeer(m_key), 10, 5000);
    EXPECT_EDGES({{S::LISTEN, S::SYN_RCVD, E::RCV_SYN_FASTOPEN}});
    m_sent.clear();
    TakeOptions();

    SynWithOption(CookieForPeer(m_key), 10, 5001); // the queue holds one: full
    ASSERT_EQ(m_sent.size(), 1u);
    m_iss = m_sent[0].seq;
    m_peerPort = 5001;
    EXPECT_SENT({{SYN | ACK, 0, kPeerIsn + 1}});
    EXPECT_FALSE(TakeOptions()[0].present);
    EXPECT_EDGES({{S::LISTEN, S::SYN_RCVD, E::RCV_SYN}});
    EXPECT_DROPS({"syn_data_fastopen_queue_full"});

    // The first child's handshake completes: its place in the queue is free again.
    ASSERT_NE(m_accepted, nullptr);
    InjectRaw(5000, kServerPort, ACK, kPeerIsn + 11, m_accepted->GetTcb().iss.GetValue() + 1);
    EXPECT_EDGES({{S::SYN_RCVD, S::ESTABLISHED, E::RCV_ACK_OF_SYN}});
    SynWithOption(CookieForPeer(m_key), 10, 5002);
    EXPECT_EDGES({{S::LISTEN, S::SYN_RCVD, E::RCV_SYN_FASTOPEN}});
}

TEST_F(FastOpenPeerTest, ListenWithoutServerBitIgnoresCookieAndData)
{
    ASSERT_NO_FATAL_FAILURE(StartFastOpenListener(0x1, 16));
    SynWithOption(CookieForPeer(m_key), 100);
    ASSERT_EQ(m_sent.size(), 1u);
    m_iss = m_sent[0].seq;
    EXPECT_SENT({{SYN | ACK, 0, kPeerIsn + 1}});
    EXPECT_FALSE(TakeOptions()[0].present);
    EXPECT_EDGES({{S::LISTEN, S::SYN_RCVD, E::RCV_SYN}});
    EXPECT_DROPS({"syn_data_no_fastopen"});
}

TEST_F(FastOpenPeerTest, ListenWithoutQueueLengthIgnoresCookie)
{
    ASSERT_NO_FATAL_FAILURE(StartFastOpenListener(0x3, 0));
    SynWithOption(CookieForPeer(m_key), 100);
    EXPECT_EDGES({{S::LISTEN, S::SYN_RCVD, E::RCV_SYN}});
}

TEST_F(FastOpenPeerTest, ListenServerWithoutSockoptUsesTheBacklogAsQueue)
{
    ASSERT_NO_FATAL_FAILURE(StartFastOpenListener(0x403, 0));
    SynWithOption(CookieForPeer(m_key), 100);
    EXPECT_EDGES({{S::LISTEN, S::SYN_RCVD, E::RCV_SYN_FASTOPEN}});
}

TEST_F(FastOpenPeerTest, ListenCookieNotRequiredAcceptsDataWithoutOption)
{
    ASSERT_NO_FATAL_FAILURE(StartFastOpenListener(0x203, 16));
    SynWithOption(std::nullopt, 100);
    ASSERT_EQ(m_sent.size(), 1u);
    m_iss = m_sent[0].seq;
    EXPECT_SENT({{SYN | ACK, 0, kPeerIsn + 101}});
    EXPECT_EDGES({{S::LISTEN, S::SYN_RCVD, E::RCV_SYN_FASTOPEN}});
    EXPECT_EQ(m_acceptedCount, 1);
}

TEST_F(FastOpenPeerTest, ListenExperimentalRequestIsAnsweredWithExperimentalOption)
{
    ASSERT_NO_FATAL_FAILURE(StartFastOpenListener());
    SynWithOption(TcpFsmFastOpenCookie{}, 0, kPeerClientPort, true);
    auto options = TakeOptions();
    ASSERT_EQ(options.size(), 1u);
    EXPECT_TRUE(options[0].present);
    EXPECT_TRUE(options[0].experimental);
    EXPECT_EQ(TcpFsmCookieHex(options[0].cookie), TcpFsmCookieHex(CookieForPeer(m_key)));
}

TEST_F(FastOpenPeerTest, ListenCookieDependsOnTheListenersKey)
{
    ASSERT_NO_FATAL_FAILURE(StartFastOpenListener());
    TcpFsmFastOpenKey other{};
    other[0] = 1;
    m_listener->SetFastOpenKey(other);
    SynWithOption(CookieForPeer(m_key), 100); // made with the old key: invalid now
    EXPECT_EDGES({{S::LISTEN, S::SYN_RCVD, E::RCV_SYN}});
    auto options = TakeOptions();
    ASSERT_EQ(options.size(), 1u);
    EXPECT_EQ(TcpFsmCookieHex(options[0].cookie), TcpFsmCookieHex(CookieForPeer(other)));
    EXPECT_NE(TcpFsmCookieHex(CookieForPeer(other)), TcpFsmCookieHex(CookieForPeer(m_key)));
}

TEST_F(FastOpenPeerTest, ListenRetransmittedSynAckCarriesNoCookie)
{
    ASSERT_NO_FATAL_FAILURE(StartFastOpenListener());
    SynWithOption(TcpFsmFastOpenCookie{}, 0);
    ASSERT_EQ(m_sent.size(), 1u);
    m_iss = m_sent[0].seq;
    m_sent.clear();
    TakeOptions();
    Run(Seconds(3.5)); // ConnTimeout
    EXPECT_SENT({{SYN | ACK, 0, kPeerIsn + 1}});
    auto options = TakeOptions();
    ASSERT_EQ(options.size(), 1u);
    EXPECT_FALSE(options[0].present);
}

// ---- the client
// ----------------------------------------------------------------------------------

TEST_F(FastOpenPeerTest, ClientWithoutCookieAsksForOneAndCachesIt)
{
    Ptr<TcpFsmSocket> s = FastOpenClient();
    EXPECT_EQ(SendToFastOpen(s, 100), 0); // nothing taken: no cookie yet
    EXPECT_SENT({{SYN, 0, 0}});
    auto options = TakeOptions();
    ASSERT_EQ(options.size(), 1u);
    EXPECT_TRUE(options[0].present);
    EXPECT_TRUE(options[0].cookie.empty()); // RFC 7413 4.1.3: a cookie request
    EXPECT_EDGES({{S::CLOSED, S::SYN_SENT, E::APP_ACTIVE_OPEN}});
    EXPECT_EQ(Cached(), nullptr);

    SynAck(0, kPeerCookie, 1460);
    EXPECT_SENT({{ACK, 1, kPeerIsn + 1}});
    EXPECT_EDGES({{S::SYN_SENT, S::ESTABLISHED, E::RCV_SYN_ACK}});
    ASSERT_NE(Cached(), nullptr);
    EXPECT_EQ(TcpFsmCookieHex(Cached()->cookie), TcpFsmCookieHex(kPeerCookie));
    EXPECT_EQ(Cached()->mss, 1460);
}

TEST_F(FastOpenPeerTest, ClientWithCookieSendsDataInSynAndTheSynAckAcksIt)
{
    ASSERT_NO_FATAL_FAILURE(LearnCookie());
    Ptr<TcpFsmSocket> s = FastOpenClient();
    EXPECT_EQ(SendToFastOpen(s, 100), 100);
    EXPECT_SENT({{SYN, 0, 0, 100}});
    auto options = TakeOptions();
    ASSERT_EQ(options.size(), 1u);
    EXPECT_EQ(TcpFsmCookieHex(options[0].cookie), TcpFsmCookieHex(kPeerCookie));
    EXPECT_EDGES({{S::CLOSED, S::SYN_SENT, E::APP_ACTIVE_OPEN_DATA}});
    EXPECT_EQ(s->GetFastOpenSynData(), 100u);

    SynAck(100);
    EXPECT_SENT({{ACK, 101, kPeerIsn + 1}});
    EXPECT_EDGES({{S::SYN_SENT, S::ESTABLISHED, E::RCV_SYN_ACK_DATA_ACKED}});
    EXPECT_EQ(m_connectedCount, 1);
    EXPECT_QUIET_FOR(Seconds(10)); // nothing to retransmit
}

TEST_F(FastOpenPeerTest, ClientSynAckOfSynOnlySendsTheDataAgainAsTheAck)
{
    ASSERT_NO_FATAL_FAILURE(LearnCookie());
    Ptr<TcpFsmSocket> s = FastOpenClient();
    EXPECT_EQ(SendToFastOpen(s, 100), 100);
    m_sent.clear();
    m_edges.clear();
    SynAck(0);
    EXPECT_SENT({{ACK | PSH, 1, kPeerIsn + 1, 100}}); // the data again, no bare ACK
    EXPECT_EDGES({{S::SYN_SENT, S::ESTABLISHED, E::RCV_SYN_ACK_DATA_NOT_ACKED}});
    EXPECT_EQ(m_connectedCount, 1);
}

TEST_F(FastOpenPeerTest, ClientSynDataTimeoutRetransmitsSynWithoutDataThenSendsData)
{
    ASSERT_NO_FATAL_FAILURE(LearnCookie());
    Ptr<TcpFsmSocket> s = FastOpenClient();
    EXPECT_EQ(SendToFastOpen(s, 100), 100);
    m_sent.clear();
    m_edges.clear();
    TakeOptions();
    Run(Seconds(3.5)); // ConnTimeout: the SYN again, without data and without the option
    EXPECT_SENT({{SYN, 0, 0, 0}});
    auto options = TakeOptions();
    ASSERT_EQ(options.size(), 1u);
    EXPECT_FALSE(options[0].present);
    SynAck(0);
    EXPECT_SENT({{ACK | PSH, 1, kPeerIsn + 1, 100}});
    EXPECT_EDGES({{S::SYN_SENT, S::ESTABLISHED, E::RCV_SYN_ACK_DATA_NOT_ACKED}});
    ASSERT_NE(Cached(), nullptr);
    EXPECT_EQ(Cached()->synLoss, 1u); // the cookie is kept; the loss is counted
    EXPECT_FALSE(Cached()->cookie.empty());
}

TEST_F(FastOpenPeerTest, ClientRecurringSynDataLossFallsBackToRegularSyn)
{
    ASSERT_NO_FATAL_FAILURE(LearnCookie());
    for (int i = 0; i < 2; ++i)
    {
        Ptr<TcpFsmSocket> s = FastOpenClient();
        EXPECT_EQ(SendToFastOpen(s, 100), 100);
        Run(Seconds(3.5));
        SynAck(0);
        m_sent.clear();
        m_edges.clear();
        TakeOptions();
    }
    ASSERT_NE(Cached(), nullptr);
    EXPECT_EQ(Cached()->synLoss, 2u);
    Ptr<TcpFsmSocket> s = FastOpenClient();
    EXPECT_EQ(SendToFastOpen(s, 100), 0);
    EXPECT_SENT({{SYN, 0, 0, 0}});
    auto options = TakeOptions();
    ASSERT_EQ(options.size(), 1u);
    EXPECT_FALSE(options[0].present); // no data and no option for a while
    EXPECT_EDGES({{S::CLOSED, S::SYN_SENT, E::APP_ACTIVE_OPEN}});
}

TEST_F(FastOpenPeerTest, ClientNewCookieInSynAckReplacesTheCachedOne)
{
    ASSERT_NO_FATAL_FAILURE(LearnCookie());
    Ptr<TcpFsmSocket> s = FastOpenClient();
    EXPECT_EQ(SendToFastOpen(s, 100), 100);
    const TcpFsmFastOpenCookie fresh = {9, 8, 7, 6, 5, 4, 3, 2};
    SynAck(0, fresh); // the server rejected ours: a fresh cookie, data not acknowledged
    EXPECT_EQ(TcpFsmCookieHex(Cached()->cookie), TcpFsmCookieHex(fresh));
}

TEST_F(FastOpenPeerTest, ClientUnansweredCookieRequestRetriesWithTheExperimentalOption)
{
    // Linux's try_exp: a SYN+ACK without any Fast Open option answered our kind-34 request,
    // so the next request uses kind 254; a cookie in kind 254 is then cached as such.
    Ptr<TcpFsmSocket> s = FastOpenClient();
    ASSERT_EQ(SendToFastOpen(s, 100), 0);
    auto options = TakeOptions();
    ASSERT_EQ(options.size(), 1u);
    EXPECT_FALSE(options[0].experimental);
    SynAck(0); // no option at all
    ASSERT_EQ(s->GetState(), S::ESTABLISHED);
    ASSERT_NE(Cached(), nullptr);
    EXPECT_TRUE(Cached()->cookie.empty());
    EXPECT_TRUE(Cached()->experimental);

    m_sent.clear();
    m_edges.clear();
    TakeOptions(); // the first connection's segments
    Ptr<TcpFsmSocket> again = FastOpenClient();
    EXPECT_EQ(SendToFastOpen(again, 100), 0); // still no cookie: a request, now kind 254
    options = TakeOptions();
    ASSERT_EQ(options.size(), 1u);
    EXPECT_TRUE(options[0].present);
    EXPECT_TRUE(options[0].experimental);
    EXPECT_TRUE(options[0].cookie.empty());
}

TEST_F(FastOpenPeerTest, ClientUnsolicitedCookieIsIgnored)
{
    ASSERT_NO_FATAL_FAILURE(ActiveConnect());
    Inject(SYN | ACK, kPeerIsn, 1);
    m_sent.clear();
    m_edges.clear();
    Ptr<TcpFsmSocket> s = NewSocket();
    m_sock = s;
    Connect(s);
    TakeIss();
    SynAck(0, kPeerCookie);
    EXPECT_EQ(Cached(), nullptr);
}

TEST_F(FastOpenPeerTest, ClientFastOpenConnectWithCookieDefersTheSynToTheFirstSend)
{
    ASSERT_NO_FATAL_FAILURE(LearnCookie());
    Ptr<TcpFsmSocket> s = FastOpenClient();
    s->SetFastOpenConnect(true);
    m_sock = s;
    EXPECT_EQ(Connect(s), 0);
    EXPECT_SENT({}); // nothing yet
    EXPECT_EDGES({{S::CLOSED, S::SYN_SENT, E::APP_ACTIVE_OPEN_DEFERRED}});
    EXPECT_EQ(m_connectedCount, 1); // connect() succeeded at once
    EXPECT_EQ(s->GetState(), S::SYN_SENT);

    int rc = -2;
    Do(
        [&]()
        {
            rc = s->Send(Create<Packet>(200), 0);
        });
    EXPECT_EQ(rc, 200);
    TakeIss();
    EXPECT_SENT({{SYN, 0, 0, 200}});
    EXPECT_EQ(TcpFsmCookieHex(TakeOptions()[0].cookie), TcpFsmCookieHex(kPeerCookie));
    EXPECT_EDGES({{S::SYN_SENT, S::SYN_SENT, E::APP_SEND_SYN_DATA}});
    SynAck(200);
    EXPECT_EDGES({{S::SYN_SENT, S::ESTABLISHED, E::RCV_SYN_ACK_DATA_ACKED}});
    EXPECT_EQ(m_connectedCount, 1); // told once
}

TEST_F(FastOpenPeerTest, ClientFastOpenConnectWithoutCookieSendsACookieRequest)
{
    Ptr<TcpFsmSocket> s = FastOpenClient();
    s->SetFastOpenConnect(true);
    m_sock = s;
    EXPECT_EQ(Connect(s), 0);
    TakeIss();
    EXPECT_SENT({{SYN, 0, 0}});
    auto options = TakeOptions();
    ASSERT_EQ(options.size(), 1u);
    EXPECT_TRUE(options[0].present);
    EXPECT_TRUE(options[0].cookie.empty());
    EXPECT_EDGES({{S::CLOSED, S::SYN_SENT, E::APP_ACTIVE_OPEN}});
}

TEST_F(FastOpenPeerTest, ClientMsgFastOpenWithClientBitOffFails)
{
    Ptr<TcpFsmSocket> s = FastOpenClient(0);
    EXPECT_EQ(SendToFastOpen(s, 100), -1);
    EXPECT_EQ(s->GetErrno(), Socket::ERROR_OPNOTSUPP);
    EXPECT_SENT({});
    EXPECT_EDGES({});
}

TEST_F(FastOpenPeerTest, ClientNoCookieModeSendsDataWithoutOptionUpToTheSynLimit)
{
    Ptr<TcpFsmSocket> s = FastOpenClient(0x5);
    EXPECT_EQ(SendToFastOpen(s, 1000), 496); // Linux: 536 (no MSS known) - 40 option bytes
    EXPECT_SENT({{SYN, 0, 0, 496}});
    EXPECT_FALSE(TakeOptions()[0].present);
    EXPECT_EDGES({{S::CLOSED, S::SYN_SENT, E::APP_ACTIVE_OPEN_DATA}});
}

TEST_F(FastOpenPeerTest, ClientSynDataIsBoundedByTheCachedMss)
{
    ASSERT_NO_FATAL_FAILURE(LearnCookie(1000));
    Ptr<TcpFsmSocket> s = FastOpenClient();
    s->SetAttribute("SegmentSize", UintegerValue(1460));
    EXPECT_EQ(SendToFastOpen(s, 3000), 960); // the server's MSS 1000 - 40
    EXPECT_SENT({{SYN, 0, 0, 960}});
}
