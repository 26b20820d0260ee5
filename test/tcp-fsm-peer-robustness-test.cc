/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Scripted-peer tests (the peer: tcp-fsm-peer-fixture.h) of segments a connection must not
 * simply accept: RFC 5961's checks in ESTABLISHED (RST and SYN with challenge ACKs, ACKs
 * beyond SND.NXT, old data), segments for no connection (RFC 9293 3.10.7.1) and malformed
 * TCP headers.
 */
#include "tcp-fsm-peer-fixture.h"

using namespace ns3;
using namespace ns3::test;

// ---- RFC 5961 in ESTABLISHED -------------------------------------------------------------------

TEST_F(PeerTest, EstablishedRstAtRcvNxtResetsTheConnection)
{
    ASSERT_NO_FATAL_FAILURE(Reach(S::ESTABLISHED));
    Inject(RST, kPeerIsn + 1, 0);
    EXPECT_SENT({});
    EXPECT_EDGES({{S::ESTABLISHED, S::CLOSED, E::RCV_RST}});
    EXPECT_EQ(m_sock->GetEndReason(), TcpFsmEndReason::RESET);
    EXPECT_EQ(m_errorCloseCount, 1);
    EXPECT_EQ(m_normalCloseCount, 0);
    EXPECT_EQ(m_l4->GetConnectionCount(), 0u);
    EXPECT_QUIET_FOR(Seconds(10));
}

TEST_F(PeerTest, EstablishedRstInWindowNotAtRcvNxtDrawsChallengeAck)
{
    ASSERT_NO_FATAL_FAILURE(Reach(S::ESTABLISHED));
    Inject(RST, kPeerIsn + 1 + 100, 0);
    EXPECT_SENT({{ACK, 1, kPeerIsn + 1}});
    EXPECT_EDGES({});
    EXPECT_DROPS({"rst_not_at_rcv_nxt"});
    EXPECT_EQ(m_sock->GetState(), S::ESTABLISHED);
    EXPECT_QUIET_FOR(Seconds(10));
}

TEST_F(PeerTest, EstablishedRstOutOfWindowIsDroppedSilently)
{
    ASSERT_NO_FATAL_FAILURE(Reach(S::ESTABLISHED));
    const uint64_t drops = m_l4->GetDropCount();
    Inject(RST, kPeerIsn + 1 + 10000000, 0);
    EXPECT_SENT({});
    EXPECT_EDGES({});
    EXPECT_DROPS({"rst_out_of_window"});
    EXPECT_EQ(m_l4->GetDropCount(), drops + 1);
    EXPECT_EQ(m_sock->GetState(), S::ESTABLISHED);
    EXPECT_QUIET_FOR(Seconds(10));
}

TEST_F(PeerTest, EstablishedSynDrawsChallengeAck)
{
    ASSERT_NO_FATAL_FAILURE(Reach(S::ESTABLISHED));
    Inject(SYN, kPeerIsn + 1, 0);
    EXPECT_SENT({{ACK, 1, kPeerIsn + 1}});
    EXPECT_EDGES({});
    EXPECT_DROPS({"syn_in_synchronized_state"});
    EXPECT_EQ(m_sock->GetState(), S::ESTABLISHED);
    EXPECT_QUIET_FOR(Seconds(10));
}

TEST_F(PeerTest, EstablishedAckBeyondSndNxtDrawsAckAndTheSegmentIsDropped)
{
    ASSERT_NO_FATAL_FAILURE(Reach(S::ESTABLISHED));
    Inject(ACK | PSH, kPeerIsn + 1, 1000, 10); // acknowledges 999 bytes never sent
    EXPECT_SENT({{ACK, 1, kPeerIsn + 1}});     // RCV.NXT did not move: the data was dropped
    EXPECT_EDGES({});
    EXPECT_DROPS({"ack_beyond_snd_nxt"});
    EXPECT_EQ(m_sock->GetRxAvailable(), 0u);
    EXPECT_EQ(m_sock->GetState(), S::ESTABLISHED);
    EXPECT_QUIET_FOR(Seconds(10));
}

TEST_F(PeerTest, EstablishedOldDataSegmentDrawsAck)
{
    ASSERT_NO_FATAL_FAILURE(Reach(S::ESTABLISHED));
    Inject(ACK | PSH, kPeerIsn + 1 - 100, 1, 50); // wholly before RCV.NXT
    EXPECT_SENT({{ACK, 1, kPeerIsn + 1}});
    EXPECT_EDGES({});
    EXPECT_DROPS({"unacceptable_seq"});
    EXPECT_EQ(m_sock->GetRxAvailable(), 0u);
    EXPECT_QUIET_FOR(Seconds(10));
}

// ---- segments for no connection (RFC 9293 3.10.7.1) --------------------------------------------

TEST_F(PeerTest, NoSocketAckDrawsRstWithSeqFromTheAck)
{
    m_ourPort = 9999;
    m_peerPort = 4444;
    InjectRaw(4444, 9999, ACK, 5000, 7777);
    EXPECT_SENT({{RST, 7777, 0}}, false); // <SEQ=SEG.ACK><CTL=RST>
    EXPECT_EDGES({});
    EXPECT_DROPS({"no_connection"});
    EXPECT_EQ(m_l4->GetRstForUnknownCount(), 1u);
}

TEST_F(PeerTest, NoSocketSynWithoutAckDrawsRstAck)
{
    m_ourPort = 9999;
    m_peerPort = 4444;
    InjectRaw(4444, 9999, SYN, 5000, 0);
    EXPECT_SENT({{RST | ACK, 0, 5001}}, false); // <SEQ=0><ACK=SEG.SEQ+SEG.LEN><CTL=RST,ACK>
    EXPECT_EDGES({});
}

TEST_F(PeerTest, NoSocketDataAndFinWithoutAckDrawsRstAckCoveringDataAndFin)
{
    m_ourPort = 9999;
    m_peerPort = 4444;
    InjectRaw(4444, 9999, FIN | PSH, 5000, 0, 10);
    EXPECT_SENT({{RST | ACK, 0, 5000 + 10 + 1}}, false);
    EXPECT_EDGES({});
}

TEST_F(PeerTest, NoSocketRstDrawsNothing)
{
    m_ourPort = 9999;
    m_peerPort = 4444;
    InjectRaw(4444, 9999, RST | ACK, 5000, 7777);
    EXPECT_SENT({}, false);
    EXPECT_EDGES({});
    EXPECT_DROPS({"no_connection"});
    EXPECT_EQ(m_l4->GetRstForUnknownCount(), 0u);
}

// ---- malformed segments ------------------------------------------------------------------------

namespace
{

/// A 20-byte TCP header, SYN from port 5000 to port 80, seq 1000, with this data offset.
std::vector<uint8_t>
RawSyn(uint8_t dataOffsetWords)
{
    return {0x13,
            0x88,
            0x00,
            0x50,
            0x00,
            0x00,
            0x03,
            0xe8,
            0x00,
            0x00,
            0x00,
            0x00,
            static_cast<uint8_t>(dataOffsetWords << 4),
            SYN,
            0xff,
            0xff,
            0x00,
            0x00,
            0x00,
            0x00};
}

} // namespace

TEST_F(PeerTest, MalformedShorterThanTwentyBytesIsDroppedAndCounted)
{
    ASSERT_NO_FATAL_FAILURE(StartListener());
    const uint64_t drops = m_l4->GetDropCount();
    std::vector<uint8_t> bytes = RawSyn(5);
    bytes.resize(19);
    InjectBytes(bytes);
    EXPECT_SENT({});
    EXPECT_EDGES({});
    EXPECT_EQ(m_l4->GetDropCount(), drops + 1);
    EXPECT_DROPS({"truncated_header"});

    // The same SYN, whole, is answered: the drop above was for the length alone.
    InjectBytes(RawSyn(5));
    ASSERT_EQ(m_sent.size(), 1u);
    EXPECT_EQ(m_sent[0].flags, SYN | ACK);
    EXPECT_EQ(m_sent[0].ack, 1001u);
}

TEST_F(PeerTest, MalformedDataOffsetBelowFiveIsDroppedAndCounted)
{
    ASSERT_NO_FATAL_FAILURE(StartListener());
    const uint64_t drops = m_l4->GetDropCount();
    InjectBytes(RawSyn(4));
    EXPECT_SENT({});
    EXPECT_EDGES({});
    EXPECT_EQ(m_l4->GetDropCount(), drops + 1);
    EXPECT_DROPS({"bad_data_offset"});

    InjectBytes(RawSyn(5));
    ASSERT_EQ(m_sent.size(), 1u);
    EXPECT_EQ(m_sent[0].flags, SYN | ACK);
    EXPECT_EQ(m_sent[0].ack, 1001u);
}
