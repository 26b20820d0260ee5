/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Options and the Linux profile, with the scripted peer (tcp-fsm-options-fixture.h):
 * negotiation of timestamps and SACK both ways, Linux's option layout byte for byte, TSval /
 * TSecr on every segment and the RFC 7323 4.3 echo rule, RTT from TSecr, PAWS in ESTABLISHED
 * and TIME_WAIT, SACK blocks for 1 to 4 holes and D-SACK, the peer's SACK blocks, and every
 * number of Profile=linux (Profile=rfc leaves the defaults as they were).
 */
#include "tcp-fsm-options-fixture.h"

#include "ns3/tcp-fsm-profile.h"

using namespace ns3;
using namespace ns3::test;

namespace
{

/// Wire bytes of the options Linux writes.
const std::string kMss1460 = "020405b4";
const std::string kSackOkTsHead = "0402080a"; // sackOK, then TS kind and length
const std::string kNopNopTsHead = "0101080a";
const std::string kNopNopSackOk = "01010402";
const std::string kNopWscale7 = "01030307"; // wscale 7: log2(tcp_rmem[2] = 6 MB) - 15

} // namespace

class OptionsLinuxTest : public OptionsTest
{
  protected:
    void SetUp() override
    {
        LinuxProfile();
        OptionsTest::SetUp();
    }

    /// Passive open with the peer's SYN <mss 1000,sackOK,TS val 100 ecr 0,nop,wscale 7> and
    /// ACK <nop,nop,TS val 200 ecr (our TSval)>: ESTABLISHED with timestamps and SACK.
    void EstablishWithTimestamps(bool peerSack = true)
    {
        ASSERT_NO_FATAL_FAILURE(StartListener());
        Opts syn;
        syn.Mss(1000);
        if (peerSack)
        {
            syn.SackOk();
        }
        else
        {
            syn.Nop().Nop();
        }
        syn.Ts(100, 0).Nop().Ws(7);
        InjectOpts(SYN, kPeerIsn, 0, syn);
        ASSERT_EQ(m_sent.size(), 1u);
        m_iss = m_sent[0].seq;
        EXPECT_SENT({{SYN | ACK, 0, kPeerIsn + 1}});
        ASSERT_EQ(m_options.size(), 1u);
        m_synAckTsVal = m_options[0].values.tsVal;
        InjectOpts(ACK, kPeerIsn + 1, 1, Opts().Nop().Nop().Ts(200, m_synAckTsVal));
        EXPECT_SENT({});
        ASSERT_EQ(m_acceptedCount, 1);
        m_sock = m_accepted;
        ASSERT_TRUE(m_sock->TimestampsOn());
        EXPECT_EQ(m_sock->SackOn(), peerSack);
        EXPECT_EQ(m_sock->GetTsRecent(), 200u);
        m_edges.clear();
        m_options.clear();
        m_drops.clear();
    }

    uint32_t m_synAckTsVal{0};
};

// ---- negotiation and Linux's layout -------------------------------------------------------------

TEST_F(OptionsLinuxTest, SynOffersMssSackOkTimestampWscaleInLinuxLayout)
{
    ASSERT_NO_FATAL_FAILURE(ActiveConnect());
    ASSERT_EQ(m_options.size(), 1u);
    const SentOptions& o = m_options[0];
    ASSERT_TRUE(o.values.hasTimestamp);
    // <mss 1460,sackOK,TS val X ecr 0,nop,wscale 7>
    EXPECT_EQ(o.bytes, kMss1460 + kSackOkTsHead + Hex32(o.values.tsVal) + "00000000" + kNopWscale7);
}

TEST_F(OptionsLinuxTest, SynAckWithTimestampEchoesTheSynsTsVal)
{
    ASSERT_NO_FATAL_FAILURE(StartListener());
    InjectOpts(SYN, kPeerIsn, 0, Opts().Mss(1000).SackOk().Ts(100, 0).Nop().Ws(7));
    ASSERT_EQ(m_options.size(), 1u);
    const SentOptions& o = m_options[0];
    // <mss 1460,sackOK,TS val X ecr 100,nop,wscale 7>
    EXPECT_EQ(o.bytes, kMss1460 + kSackOkTsHead + Hex32(o.values.tsVal) + Hex32(100) + kNopWscale7);
}

TEST_F(OptionsLinuxTest, SynAckWithoutTimestampWhenThePeerOffersNone)
{
    ASSERT_NO_FATAL_FAILURE(StartListener());
    InjectOpts(SYN, kPeerIsn, 0, Opts().Mss(1000).Nop().Nop().SackOk().Nop().Ws(7));
    ASSERT_EQ(m_options.size(), 1u);
    // <mss 1460,nop,nop,sackOK,nop,wscale 7>
    EXPECT_EQ(m_options[0].bytes, kMss1460 + kNopNopSackOk + kNopWscale7);
}

TEST_F(OptionsLinuxTest, SynAckAnswersOnlyWhatThePeerOffered)
{
    ASSERT_NO_FATAL_FAILURE(StartListener());
    InjectOpts(SYN, kPeerIsn, 0, Opts().Mss(1000));
    ASSERT_EQ(m_sent.size(), 1u);
    m_iss = m_sent[0].seq;
    ASSERT_EQ(m_options.size(), 1u);
    EXPECT_EQ(m_options[0].bytes, kMss1460); // <mss 1460>
    Inject(ACK, kPeerIsn + 1, 1);
    m_sock = m_accepted;
    ASSERT_NE(m_sock, nullptr);
    EXPECT_FALSE(m_sock->TimestampsOn());
    EXPECT_FALSE(m_sock->SackOn());
    Write(10);
    ASSERT_EQ(m_options.size(), 2u);
    EXPECT_EQ(m_options[1].bytes, ""); // no option on data without timestamps
}

TEST_F(OptionsLinuxTest, SynAckWithTimestampWithoutSackUsesNopNopTs)
{
    ASSERT_NO_FATAL_FAILURE(StartListener());
    InjectOpts(SYN, kPeerIsn, 0, Opts().Mss(1000).Nop().Nop().Ts(100, 0).Nop().Ws(7));
    ASSERT_EQ(m_options.size(), 1u);
    const SentOptions& o = m_options[0];
    // <mss 1460,nop,nop,TS val X ecr 100,nop,wscale 7>
    EXPECT_EQ(o.bytes, kMss1460 + kNopNopTsHead + Hex32(o.values.tsVal) + Hex32(100) + kNopWscale7);
}

TEST_F(OptionsLinuxTest, TimestampOffDeclinesThePeersTimestamps)
{
    Config::SetDefault("ns3::TcpFsmSocket::Timestamp", BooleanValue(false));
    ASSERT_NO_FATAL_FAILURE(StartListener());
    InjectOpts(SYN, kPeerIsn, 0, Opts().Mss(1000).SackOk().Ts(100, 0).Nop().Ws(7));
    ASSERT_EQ(m_sent.size(), 1u);
    m_iss = m_sent[0].seq;
    EXPECT_EQ(m_options[0].bytes, kMss1460 + kNopNopSackOk + kNopWscale7);
    InjectOpts(ACK, kPeerIsn + 1, 1, Opts().Nop().Nop().Ts(200, 1));
    m_sock = m_accepted;
    ASSERT_NE(m_sock, nullptr);
    EXPECT_FALSE(m_sock->TimestampsOn());
    EXPECT_TRUE(m_sock->SackOn());
    Write(10);
    ASSERT_EQ(m_options.size(), 2u);
    EXPECT_FALSE(m_options[1].values.hasTimestamp);
}

TEST_F(OptionsLinuxTest, SynAckWithTimestampWeDidNotOfferIsIgnored)
{
    Config::SetDefault("ns3::TcpFsmSocket::Timestamp", BooleanValue(false));
    ASSERT_NO_FATAL_FAILURE(ActiveConnect());
    EXPECT_EQ(m_options[0].bytes, kMss1460 + kNopNopSackOk + kNopWscale7);
    InjectOpts(SYN | ACK, kPeerIsn, 1, Opts().Mss(1000).SackOk().Ts(100, 5).Nop().Ws(7));
    EXPECT_SENT({{ACK, 1, kPeerIsn + 1}});
    EXPECT_FALSE(m_sock->TimestampsOn());
    ASSERT_EQ(m_options.size(), 2u);
    EXPECT_EQ(m_options[1].bytes, "");
}

TEST_F(OptionsTest, RfcProfileOffersNeitherTimestampsNorSack)
{
    ASSERT_NO_FATAL_FAILURE(ActiveConnect());
    ASSERT_EQ(m_options.size(), 1u);
    EXPECT_FALSE(m_options[0].values.hasTimestamp);
    EXPECT_FALSE(m_options[0].values.sackPermitted);
    // <mss 536,nop,wscale 2>: today's SYN (SegmentSize 536, RcvBufSize 128 KB)
    EXPECT_EQ(m_options[0].bytes,
              "02040218"
              "01030302");
}

// ---- timestamps on every segment ----------------------------------------------------------------

TEST_F(OptionsLinuxTest, EverySegmentCarriesTimestampsWithTsEcrTsRecent)
{
    ASSERT_NO_FATAL_FAILURE(EstablishWithTimestamps());
    Write(100);
    EXPECT_SENT({{ACK | PSH, 1, kPeerIsn + 1, 100}});
    InjectOpts(ACK, kPeerIsn + 1, 101, Opts().Nop().Nop().Ts(300, m_options[0].values.tsVal), 50);
    EXPECT_SENT({{ACK, 101, kPeerIsn + 51}}); // quick-ack mode: at once
    ASSERT_NE(Read(100), nullptr);
    Call(m_sock, &TcpFsmSocket::Close);
    EXPECT_SENT({{FIN | ACK, 101, kPeerIsn + 51}});
    ASSERT_EQ(m_options.size(), 3u);
    EXPECT_EQ(m_options[0].bytes, kNopNopTsHead + Hex32(m_options[0].values.tsVal) + Hex32(200));
    EXPECT_EQ(m_options[1].bytes, kNopNopTsHead + Hex32(m_options[1].values.tsVal) + Hex32(300));
    EXPECT_EQ(m_options[2].bytes, kNopNopTsHead + Hex32(m_options[2].values.tsVal) + Hex32(300));
    // The TSval clock ticks in ms (Linux's tcp_ts_tick): 10 ms per step of the fixture.
    EXPECT_EQ(m_options[1].values.tsVal - m_options[0].values.tsVal, 10u);
    EXPECT_EQ(m_options[2].values.tsVal - m_options[1].values.tsVal, 20u);
}

TEST_F(OptionsLinuxTest, ResetCarriesTimestamps)
{
    ASSERT_NO_FATAL_FAILURE(EstablishWithTimestamps());
    Call(m_sock, &TcpFsmSocket::Abort);
    EXPECT_SENT({{RST | ACK, 1, kPeerIsn + 1}});
    ASSERT_EQ(m_options.size(), 1u);
    EXPECT_EQ(m_options[0].bytes, kNopNopTsHead + Hex32(m_options[0].values.tsVal) + Hex32(200));
}

TEST_F(OptionsLinuxTest, TsRecentTakesTsValOnlyFromSegmentsAtOrBeforeLastAckSent)
{
    ASSERT_NO_FATAL_FAILURE(EstablishWithTimestamps(false));
    // RFC 7323 4.3: out of order (SEG.SEQ > Last.ACK.sent): TS.Recent is kept.
    InjectOpts(ACK, kPeerIsn + 101, 1, Opts().Nop().Nop().Ts(300, 1), 100);
    EXPECT_SENT({{ACK, 1, kPeerIsn + 1}});
    EXPECT_EQ(m_sock->GetTsRecent(), 200u);
    EXPECT_EQ(m_options[0].values.tsEcr, 200u);
    // The hole's segment (SEG.SEQ == Last.ACK.sent) updates it, with its own, older, TSval.
    InjectOpts(ACK, kPeerIsn + 1, 1, Opts().Nop().Nop().Ts(250, 1), 100);
    EXPECT_SENT({{ACK, 1, kPeerIsn + 201}});
    EXPECT_EQ(m_sock->GetTsRecent(), 250u);
    EXPECT_EQ(m_options[1].values.tsEcr, 250u);
}

TEST_F(OptionsLinuxTest, SegmentWithUnacceptableAckDoesNotMoveTsRecent)
{
    ASSERT_NO_FATAL_FAILURE(EstablishWithTimestamps());
    InjectOpts(FIN | ACK, kPeerIsn + 1, 9999, Opts().Nop().Nop().Ts(200000, 1));
    EXPECT_DROPS({"ack_beyond_snd_nxt"});
    EXPECT_SENT({}); // Linux drops it silently (AckUnsentReply=false); RFC 5961 5.2 would ACK
    EXPECT_EQ(m_sock->GetTsRecent(), 200u);
}

TEST_F(OptionsLinuxTest, RttSampleComesFromTsEcr)
{
    ASSERT_NO_FATAL_FAILURE(StartListener());
    InjectOpts(SYN, kPeerIsn, 0, Opts().Mss(1000).SackOk().Ts(100, 0).Nop().Ws(7));
    ASSERT_EQ(m_sent.size(), 1u);
    m_iss = m_sent[0].seq;
    const Time synAckAt = m_sent[0].time;
    const uint32_t tsVal = m_options[0].values.tsVal;
    // The ACK echoes a TSval 250 ticks older than the SYN+ACK's: the sample is the TSecr's
    // age (RFC 7323 4.1), not the time since the SYN+ACK left.
    InjectOpts(ACK, kPeerIsn + 1, 1, Opts().Nop().Nop().Ts(200, tsVal - 250));
    ASSERT_NE(m_accepted, nullptr);
    const Time ackAt = synAckAt + MilliSeconds(10);
    ASSERT_TRUE(m_accepted->GetRto().HasSample());
    EXPECT_EQ(m_accepted->GetRto().GetSrtt(), ackAt - synAckAt + MilliSeconds(250));
}

// ---- PAWS ---------------------------------------------------------------------------------------

TEST_F(OptionsLinuxTest, PawsDropsAnOldTsValInEstablishedAndAcks)
{
    ASSERT_NO_FATAL_FAILURE(EstablishWithTimestamps());
    InjectOpts(ACK | PSH, kPeerIsn + 1, 1, Opts().Nop().Nop().Ts(150, 1), 100);
    EXPECT_DROPS({"paws"});
    EXPECT_SENT({{ACK, 1, kPeerIsn + 1}}); // RFC 7323 5.3 R1: ACK and drop
    EXPECT_EQ(m_sock->GetRxAvailable(), 0u);
    EXPECT_EQ(m_sock->GetTsRecent(), 200u);
    EXPECT_EQ(m_options[0].values.tsEcr, 200u);
    EXPECT_EDGES({});
    // The same data with a current TSval is accepted.
    InjectOpts(ACK | PSH, kPeerIsn + 1, 1, Opts().Nop().Nop().Ts(201, 1), 100);
    EXPECT_DROPS({});
    EXPECT_EQ(m_sock->GetRxAvailable(), 100u);
}

TEST_F(OptionsLinuxTest, PawsDoesNotRejectAReset)
{
    ASSERT_NO_FATAL_FAILURE(EstablishWithTimestamps());
    InjectOpts(RST, kPeerIsn + 1, 0, Opts().Nop().Nop().Ts(1, 1));
    EXPECT_EDGES({{S::ESTABLISHED, S::CLOSED, E::RCV_RST}});
}

TEST_F(OptionsLinuxTest, PawsDropsAnOldTsValInTimeWaitAndAcksWithTimestamps)
{
    ASSERT_NO_FATAL_FAILURE(EstablishWithTimestamps());
    Call(m_sock, &TcpFsmSocket::Close);
    EXPECT_SENT({{FIN | ACK, 1, kPeerIsn + 1}});
    InjectOpts(FIN | ACK, kPeerIsn + 1, 2, Opts().Nop().Nop().Ts(300, 1));
    EXPECT_SENT({{ACK, 2, kPeerIsn + 2}});
    EXPECT_EDGES({{S::ESTABLISHED, S::FIN_WAIT_1, E::APP_CLOSE},
                  {S::FIN_WAIT_1, S::TIME_WAIT, E::RCV_FIN_ACK}});
    ASSERT_EQ(m_l4->GetTimeWaitTable().Size(), 1u); // the socket is a compact record now
    m_options.clear();

    // The FIN again with an older TSval: a stale duplicate (PAWS), dropped with an ACK.
    InjectOpts(FIN | ACK, kPeerIsn + 1, 2, Opts().Nop().Nop().Ts(250, 1));
    EXPECT_DROPS({"paws"});
    EXPECT_SENT({{ACK, 2, kPeerIsn + 2}});
    EXPECT_EDGES({});
    ASSERT_EQ(m_options.size(), 1u);
    EXPECT_EQ(m_options[0].bytes, kNopNopTsHead + Hex32(m_options[0].values.tsVal) + Hex32(300));

    // With a current TSval it is the retransmitted FIN: ACKed, 2MSL restarted, TS.Recent kept.
    InjectOpts(FIN | ACK, kPeerIsn + 1, 2, Opts().Nop().Nop().Ts(310, 1));
    EXPECT_DROPS({});
    EXPECT_SENT({{ACK, 2, kPeerIsn + 2}});
    EXPECT_EDGES({{S::TIME_WAIT, S::TIME_WAIT, E::RCV_FIN}});
    ASSERT_EQ(m_options.size(), 2u);
    EXPECT_EQ(m_options[1].values.tsEcr, 310u);
}

// ---- SACK ---------------------------------------------------------------------------------------

namespace
{

std::vector<std::pair<uint32_t, uint32_t>>
Blocks(const TcpFsmRxOptions& o)
{
    std::vector<std::pair<uint32_t, uint32_t>> out;
    for (const auto& b : o.sack)
    {
        out.emplace_back(b.left.GetValue(), b.right.GetValue());
    }
    return out;
}

} // namespace

using BlockList = std::vector<std::pair<uint32_t, uint32_t>>;

TEST_F(OptionsLinuxTest, SackBlocksForOneToFourHolesMostRecentFirstThreeWithTimestamps)
{
    ASSERT_NO_FATAL_FAILURE(EstablishWithTimestamps());
    const uint32_t b = kPeerIsn + 1;
    // Holes at 0-100, 200-300, 400-500, 600-700: segments at 100, 300, 500, 700.
    for (uint32_t k = 0; k < 4; ++k)
    {
        InjectOpts(ACK, b + 100 + 200 * k, 1, Opts().Nop().Nop().Ts(201 + k, 1), 100);
    }
    EXPECT_SENT({{ACK, 1, b}, {ACK, 1, b}, {ACK, 1, b}, {ACK, 1, b}});
    ASSERT_EQ(m_options.size(), 4u);
    EXPECT_EQ(Blocks(m_options[0].values), (BlockList{{b + 100, b + 200}}));
    EXPECT_EQ(Blocks(m_options[1].values), (BlockList{{b + 300, b + 400}, {b + 100, b + 200}}));
    EXPECT_EQ(Blocks(m_options[2].values),
              (BlockList{{b + 500, b + 600}, {b + 300, b + 400}, {b + 100, b + 200}}));
    // Four holes: only three blocks fit next to the timestamps (Linux), the newest.
    EXPECT_EQ(Blocks(m_options[3].values),
              (BlockList{{b + 700, b + 800}, {b + 500, b + 600}, {b + 300, b + 400}}));
    // <nop,nop,TS val X ecr 201,nop,nop,sack 100:200> on the wire
    EXPECT_EQ(m_options[0].bytes,
              kNopNopTsHead + Hex32(m_options[0].values.tsVal) + Hex32(200) + "0101050a"
                  + Hex32(b + 100) + Hex32(b + 200));
    EXPECT_EQ(m_sock->GetSackBlocks().size(), 4u);

    // The first hole filled: RCV.NXT moves over 100-200; the other blocks remain.
    InjectOpts(ACK, b, 1, Opts().Nop().Nop().Ts(210, 1), 100);
    EXPECT_SENT({{ACK, 1, b + 200}});
    EXPECT_EQ(Blocks(m_options[4].values),
              (BlockList{{b + 700, b + 800}, {b + 500, b + 600}, {b + 300, b + 400}}));
}

TEST_F(OptionsLinuxTest, SackBlocksFourWithoutTimestamps)
{
    Config::SetDefault("ns3::TcpFsmSocket::Timestamp", BooleanValue(false));
    ASSERT_NO_FATAL_FAILURE(StartListener());
    InjectOpts(SYN, kPeerIsn, 0, Opts().Mss(1000).Nop().Nop().SackOk().Nop().Ws(7));
    ASSERT_EQ(m_sent.size(), 1u);
    m_iss = m_sent[0].seq;
    Inject(ACK, kPeerIsn + 1, 1);
    m_sock = m_accepted;
    ASSERT_NE(m_sock, nullptr);
    ASSERT_TRUE(m_sock->SackOn());
    m_sent.clear();
    m_options.clear();
    const uint32_t b = kPeerIsn + 1;
    for (uint32_t k = 0; k < 5; ++k)
    {
        InjectRaw(m_peerPort, m_ourPort, ACK, b + 100 + 200 * k, m_iss + 1, 100);
    }
    ASSERT_EQ(m_options.size(), 5u);
    EXPECT_EQ(Blocks(m_options[3].values),
              (BlockList{
                  {b + 700, b + 800}, {b + 500, b + 600}, {b + 300, b + 400}, {b + 100, b + 200}}));
    EXPECT_EQ(Blocks(m_options[4].values).size(), 4u); // five holes: four blocks
    EXPECT_EQ(Blocks(m_options[4].values).front(), std::make_pair(b + 900, b + 1000));
    // <nop,nop,sack 100:200>
    EXPECT_EQ(m_options[0].bytes, "0101050a" + Hex32(b + 100) + Hex32(b + 200));
}

TEST_F(OptionsLinuxTest, AdjacentOutOfOrderSegmentsMergeIntoTheFirstBlock)
{
    ASSERT_NO_FATAL_FAILURE(EstablishWithTimestamps());
    const uint32_t b = kPeerIsn + 1;
    InjectOpts(ACK, b + 300, 1, Opts().Nop().Nop().Ts(201, 1), 100);
    InjectOpts(ACK, b + 100, 1, Opts().Nop().Nop().Ts(202, 1), 100);
    InjectOpts(ACK, b + 200, 1, Opts().Nop().Nop().Ts(203, 1), 100);
    ASSERT_EQ(m_options.size(), 3u);
    EXPECT_EQ(Blocks(m_options[1].values), (BlockList{{b + 100, b + 200}, {b + 300, b + 400}}));
    EXPECT_EQ(Blocks(m_options[2].values), (BlockList{{b + 100, b + 400}}));
}

TEST_F(OptionsLinuxTest, DuplicateSegmentIsReportedAsDsackOnce)
{
    ASSERT_NO_FATAL_FAILURE(EstablishWithTimestamps());
    const uint32_t b = kPeerIsn + 1;
    InjectOpts(ACK, b, 1, Opts().Nop().Nop().Ts(201, 1), 100);
    InjectOpts(ACK, b, 1, Opts().Nop().Nop().Ts(202, 1), 100); // the same bytes again
    EXPECT_SENT({{ACK, 1, b + 100}, {ACK, 1, b + 100}});
    ASSERT_EQ(m_options.size(), 2u);
    EXPECT_TRUE(m_options[0].values.sack.empty());
    EXPECT_EQ(Blocks(m_options[1].values), (BlockList{{b, b + 100}})); // RFC 2883 D-SACK
    InjectOpts(ACK, b + 100, 1, Opts().Nop().Nop().Ts(203, 1), 100);
    EXPECT_TRUE(m_options[2].values.sack.empty()); // reported once
}

TEST_F(OptionsLinuxTest, PeerSackBlocksAreKeptForTheSender)
{
    ASSERT_NO_FATAL_FAILURE(EstablishWithTimestamps());
    Write(300);
    const uint32_t i = m_iss;
    InjectOpts(
        ACK,
        kPeerIsn + 1,
        1,
        Opts().Nop().Nop().Ts(201, 1).Nop().Nop().Sack({{i + 201, i + 301}, {i + 101, i + 151}}));
    ASSERT_EQ(m_sock->GetPeerSackBlocks().size(), 2u);
    EXPECT_EQ(m_sock->GetPeerSackBlocks()[0].left, SequenceNumber32(i + 201));
    EXPECT_EQ(m_sock->GetPeerSackBlocks()[0].right, SequenceNumber32(i + 301));
    EXPECT_EQ(m_sock->GetPeerSackBlocks()[1].left, SequenceNumber32(i + 101));
    InjectOpts(ACK, kPeerIsn + 1, 301, Opts().Nop().Nop().Ts(202, 1));
    EXPECT_TRUE(m_sock->GetPeerSackBlocks().empty());
}

TEST_F(OptionsLinuxTest, FullSegmentsCarryMssLessTheTimestampOption)
{
    ASSERT_NO_FATAL_FAILURE(EstablishWithTimestamps());
    Write(2000); // peer MSS 1000: 988 bytes of data + 12 bytes of timestamps (RFC 6691)
    // Nagle is Minshall's under the Linux profile: no earlier short segment is in flight,
    // so the short rest goes too.
    EXPECT_SENT({{ACK, 1, kPeerIsn + 1, 988},
                 {ACK, 989, kPeerIsn + 1, 988},
                 {ACK | PSH, 1977, kPeerIsn + 1, 24}});
    InjectOpts(ACK, kPeerIsn + 1, 2001, Opts().Nop().Nop().Ts(201, 1));
    EXPECT_SENT({});
}

// ---- the Linux profile --------------------------------------------------------------------------

TEST_F(OptionsLinuxTest, ProfileLinuxSetsLinuxsNumbers)
{
    Ptr<TcpFsmSocket> s = NewSocket();
    auto get = [&](const std::string& name)
    {
        StringValue v;
        s->GetAttribute(name, v);
        return v.Get();
    };
    auto time = [&](const std::string& name)
    {
        TimeValue v;
        s->GetAttribute(name, v);
        return v.Get();
    };
    EXPECT_EQ(get("Profile"), "linux");
    EXPECT_EQ(time("ConnTimeout"), Seconds(1));
    EXPECT_EQ(get("ConnCount"), "6");
    EXPECT_EQ(get("SynAckRetries"), "5");
    EXPECT_EQ(get("DataRetries"), "15");
    EXPECT_EQ(time("MinRto"), MilliSeconds(200));
    EXPECT_EQ(time("MaxRto"), Seconds(120));
    EXPECT_EQ(time("DelAckTimeout"), MilliSeconds(200));
    EXPECT_EQ(time("DelAckMinTimeout"), MilliSeconds(40));
    EXPECT_EQ(get("QuickAcks"), "16");
    EXPECT_EQ(get("DelAckCount"), "2");
    EXPECT_EQ(time("Msl"), Seconds(30));
    EXPECT_EQ(time("FinWait2Timeout"), Seconds(60));
    EXPECT_EQ(get("InitialCwnd"), "10");
    EXPECT_EQ(get("SndBufSize"), "16384");
    EXPECT_EQ(get("RcvBufSize"), "131072");
    EXPECT_EQ(get("RcvBufMax"), "6291456");
    EXPECT_EQ(get("TcpNoDelay"), "false");
    EXPECT_EQ(get("WindowScaling"), "true");
    EXPECT_EQ(get("Timestamp"), "true");
    EXPECT_EQ(get("Sack"), "true");
    EXPECT_EQ(get("AckUnsentReply"), "false");
    EXPECT_EQ(get("MinshallNagle"), "true");
    EXPECT_EQ(get("DetectLostRetransmit"), "true");
    EXPECT_EQ(get("SynAckTsEcrCheck"), "true");
}

TEST_F(OptionsTest, ProfileRfcSettingsAreTheAttributeDefaults)
{
    Ptr<TcpFsmSocket> s = NewSocket();
    for (const auto& setting : TcpFsmProfileSettings())
    {
        TypeId::AttributeInformation info;
        ASSERT_TRUE(s->GetInstanceTypeId().LookupAttributeByName(setting.attribute, &info))
            << setting.attribute;
        Ptr<AttributeValue> v = info.checker->Create();
        ASSERT_TRUE(v->DeserializeFromString(setting.rfc, info.checker)) << setting.attribute;
        EXPECT_EQ(v->SerializeToString(info.checker),
                  info.originalInitialValue->SerializeToString(info.checker))
            << setting.attribute << ": Profile=rfc must be today's default";
        StringValue now;
        s->GetAttribute(setting.attribute, now);
        EXPECT_EQ(now.Get(), v->SerializeToString(info.checker)) << setting.attribute;
    }
    UintegerValue segmentSize;
    s->GetAttribute("SegmentSize", segmentSize);
    EXPECT_EQ(segmentSize.Get(), 536u);
}

TEST_F(OptionsLinuxTest, ADefaultChangedWithConfigWinsOverTheProfile)
{
    Config::SetDefault("ns3::TcpFsmSocket::MinRto", TimeValue(MilliSeconds(300)));
    Config::SetDefault("ns3::TcpSocket::SegmentSize", UintegerValue(1000));
    Ptr<TcpFsmSocket> s = NewSocket();
    TimeValue minRto;
    s->GetAttribute("MinRto", minRto);
    EXPECT_EQ(minRto.Get(), MilliSeconds(300));
    TimeValue maxRto;
    s->GetAttribute("MaxRto", maxRto);
    EXPECT_EQ(maxRto.Get(), Seconds(120)); // the others are the profile's
    m_sock = s;
    Do(
        [&]()
        {
            m_sock->Connect(InetSocketAddress(kPeer, kServerPort));
        });
    ASSERT_EQ(m_options.size(), 1u);
    EXPECT_TRUE(m_options[0].values.hasMss);
    EXPECT_EQ(m_options[0].values.mss, 1000u); // not the MTU's 1460
}

TEST_F(OptionsTest, ProfileSetOnASocketSetsAllThenLaterAttributesOverride)
{
    Ptr<TcpFsmSocket> s = NewSocket();
    s->SetAttribute("Profile", StringValue("linux"));
    s->SetAttribute("MinRto", TimeValue(MilliSeconds(500)));
    TimeValue t;
    s->GetAttribute("MinRto", t);
    EXPECT_EQ(t.Get(), MilliSeconds(500));
    s->GetAttribute("Msl", t);
    EXPECT_EQ(t.Get(), Seconds(30));
    s->SetAttribute("Profile", StringValue("rfc")); // back: every value of the rfc profile
    s->GetAttribute("MinRto", t);
    EXPECT_EQ(t.Get(), Seconds(1));
    s->GetAttribute("Msl", t);
    EXPECT_EQ(t.Get(), Seconds(120));
    BooleanValue ts;
    s->GetAttribute("Timestamp", ts);
    EXPECT_FALSE(ts.Get());
}

TEST_F(OptionsLinuxTest, MssComesFromTheDeviceMtu)
{
    m_node->GetDevice(0)->SetMtu(1000);
    ASSERT_NO_FATAL_FAILURE(ActiveConnect());
    ASSERT_EQ(m_options.size(), 1u);
    EXPECT_EQ(m_options[0].values.mss, 960u); // 1000 - 20 (IPv4) - 20 (TCP)
}

TEST_F(OptionsLinuxTest, SynRetransmissionsStartAtOneSecondAndDoubleSixTimes)
{
    m_sock = NewSocket();
    Connect(m_sock);
    ASSERT_EQ(m_sent.size(), 1u);
    m_iss = m_sent[0].seq;
    m_ourPort = m_sent[0].srcPort;
    m_peerPort = kServerPort;
    const Time first = m_sent[0].time;
    Run(Seconds(200));
    std::vector<double> at;
    for (const auto& s : m_sent)
    {
        at.push_back((s.time - first).GetSeconds());
    }
    EXPECT_EQ(at, (std::vector<double>{0, 1, 3, 7, 15, 31, 63}));
    EXPECT_EQ((EdgeTime(S::SYN_SENT, S::CLOSED) - first).GetSeconds(), 127.0);
}

TEST_F(OptionsLinuxTest, SynAckIsRetransmittedSynAckRetriesTimes)
{
    ASSERT_NO_FATAL_FAILURE(StartListener());
    InjectOpts(SYN, kPeerIsn, 0, Opts().Mss(1000));
    ASSERT_EQ(m_sent.size(), 1u);
    m_iss = m_sent[0].seq;
    const Time first = m_sent[0].time;
    Run(Seconds(100));
    std::vector<double> at;
    for (const auto& s : m_sent)
    {
        at.push_back((s.time - first).GetSeconds());
    }
    EXPECT_EQ(at, (std::vector<double>{0, 1, 3, 7, 15, 31})); // tcp_synack_retries = 5
    EXPECT_EQ(m_l4->GetConnectionCount(), 0u);
}

TEST_F(OptionsTest, SynAckRetriesAlsoHoldsUnderTheRfcProfile)
{
    Config::SetDefault("ns3::TcpSocket::ConnTimeout", TimeValue(Seconds(1)));
    Config::SetDefault("ns3::TcpFsmSocket::SynAckRetries", IntegerValue(1));
    ASSERT_NO_FATAL_FAILURE(StartListener());
    Inject(SYN, kPeerIsn, 0);
    ASSERT_EQ(m_sent.size(), 1u);
    const Time first = m_sent[0].time;
    Run(Seconds(30));
    ASSERT_EQ(m_sent.size(), 2u);
    EXPECT_EQ((m_sent[1].time - first).GetSeconds(), 1.0);
    EXPECT_EQ(m_l4->GetConnectionCount(), 0u);
}

TEST_F(OptionsLinuxTest, QuickAcksAtTheStartThenDelayedAcksAfterTheAto)
{
    Config::SetDefault("ns3::TcpFsmSocket::QuickAcks", UintegerValue(2));
    ASSERT_NO_FATAL_FAILURE(EstablishWithTimestamps());
    const uint32_t b = kPeerIsn + 1;
    InjectOpts(ACK, b, 1, Opts().Nop().Nop().Ts(201, 1), 100);
    EXPECT_SENT({{ACK, 1, b + 100}}); // quick ACK 1
    Run(MilliSeconds(100));
    InjectOpts(ACK, b + 100, 1, Opts().Nop().Nop().Ts(301, 1), 100);
    EXPECT_SENT({{ACK, 1, b + 200}}); // quick ACK 2
    Run(MilliSeconds(100));
    InjectOpts(ACK, b + 200, 1, Opts().Nop().Nop().Ts(401, 1), 100);
    EXPECT_SENT({});
    const Time arrived = Simulator::Now() - kStep + MilliSeconds(1);
    Run(MilliSeconds(100));
    ASSERT_EQ(m_sent.size(), 1u);
    EXPECT_EQ(m_sent[0].time - arrived, MilliSeconds(40)); // Linux's ATO floor (TCP_ATO_MIN)
    EXPECT_SENT({{ACK, 1, b + 300}});
    // A pause longer than the RTO: quick-ack mode again (Linux's tcp_event_data_recv).
    Run(Seconds(2));
    InjectOpts(ACK, b + 300, 1, Opts().Nop().Nop().Ts(2500, 1), 100);
    EXPECT_SENT({{ACK, 1, b + 400}});
}

TEST_F(OptionsLinuxTest, TimeWaitLastsSixtySeconds)
{
    ASSERT_NO_FATAL_FAILURE(EstablishWithTimestamps());
    Call(m_sock, &TcpFsmSocket::Close);
    InjectOpts(FIN | ACK, kPeerIsn + 1, 2, Opts().Nop().Nop().Ts(300, 1));
    const Time entered = EdgeTime(S::FIN_WAIT_1, S::TIME_WAIT);
    Run(Seconds(70));
    EXPECT_EQ(EdgeTime(S::TIME_WAIT, S::CLOSED) - entered, Seconds(60));
}
