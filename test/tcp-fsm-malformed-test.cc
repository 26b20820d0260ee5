/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Malformed segments from the wire (issue 18): each has one defined outcome, documented in
 * doc/tcp-fsm.rst ("Malformed segments") and counted per reason by the node's L4
 * (TcpFsmL4Protocol::GetDropCounts(), the DropCount attribute, the Drop trace).
 *
 *   bad data offset            drop "bad_data_offset"
 *   option longer than header  drop "option_past_header"
 *   zero-length option         drop "bad_option_length" (also a known option of a wrong length)
 *   bytes after an EOL         option space up to the data offset, never data
 *   SYN+FIN to a listener      drop "syn_fin_in_listen"
 *   SYN+FIN when synchronized  challenge ACK (RFC 5961 4.2), state unchanged
 *   SYN+RST                    handled as the RST (RFC 9293 checks RST before SYN)
 *   reserved bits              ignored (RFC 9293 3.1)
 *   window scale > 14          14 is used (RFC 7323 2.3)
 *   MSS 0                      ignored: the default send MSS 536 (RFC 9293 3.7.1)
 */
#include "tcp-fsm-peer-fixture.h"

#include "ns3/uinteger.h"

namespace ns3
{
namespace test
{
namespace
{

/// A TCP segment as bytes: header (data offset from the options unless given), options
/// (padded to 4 bytes), payload of `payload` bytes.
std::vector<uint8_t>
Raw(uint16_t src,
    uint16_t dst,
    uint8_t flags,
    uint32_t seq,
    uint32_t ack,
    std::vector<uint8_t> options = {},
    uint32_t payload = 0,
    int offsetWords = -1,
    uint8_t reserved = 0,
    uint16_t window = 65535)
{
    while (options.size() % 4)
    {
        options.push_back(0); // EOL padding
    }
    const uint8_t words
        = offsetWords >= 0 ? uint8_t(offsetWords) : uint8_t((20 + options.size()) / 4);
    std::vector<uint8_t> b = {uint8_t(src >> 8),
                              uint8_t(src),
                              uint8_t(dst >> 8),
                              uint8_t(dst),
                              uint8_t(seq >> 24),
                              uint8_t(seq >> 16),
                              uint8_t(seq >> 8),
                              uint8_t(seq),
                              uint8_t(ack >> 24),
                              uint8_t(ack >> 16),
                              uint8_t(ack >> 8),
                              uint8_t(ack),
                              uint8_t((words << 4) | (reserved & 0x0f)),
                              flags,
                              uint8_t(window >> 8),
                              uint8_t(window),
                              0,
                              0,
                              0,
                              0};
    for (uint8_t o : options) // (insert() draws a false -Warray-bounds from GCC 12)
    {
        b.push_back(o);
    }
    b.resize(b.size() + payload, uint8_t('x'));
    return b;
}

} // namespace

class Malformed : public PeerTest
{
  protected:
    /// A SYN to the listener with these option bytes.
    std::vector<uint8_t> SynWith(std::vector<uint8_t> options, int offsetWords = -1)
    {
        return Raw(kPeerClientPort, kServerPort, SYN, kPeerIsn, 0, options, 0, offsetWords);
    }

    /// The drop was counted under reason, once, and traced.
    void ExpectDropped(const std::string& reason)
    {
        EXPECT_SENT({});
        EXPECT_EDGES({});
        EXPECT_DROPS({reason});
        EXPECT_EQ(m_l4->GetDropCountFor(reason), 1u) << reason;
        UintegerValue total;
        m_l4->GetAttribute("DropCount", total);
        EXPECT_EQ(total.Get(), m_l4->GetDropCount());
    }

    /// The passive handshake with a SYN carrying options; the final ACK advertises window.
    void HandshakeWith(std::vector<uint8_t> options, uint16_t window)
    {
        ASSERT_NO_FATAL_FAILURE(StartListener());
        InjectBytes(SynWith(options));
        ASSERT_EQ(m_sent.size(), 1u);
        ASSERT_EQ(m_sent[0].flags, SYN | ACK);
        m_iss = m_sent[0].seq;
        m_sent.clear();
        m_edges.clear();
        InjectRaw(kPeerClientPort, kServerPort, ACK, kPeerIsn + 1, m_iss + 1, 0, window);
        ASSERT_NE(m_accepted, nullptr);
        ASSERT_EQ(m_accepted->GetState(), S::ESTABLISHED);
        m_sock = m_accepted;
        m_sent.clear();
        m_edges.clear();
        m_drops.clear();
    }

    void AppSend(uint32_t bytes)
    {
        Do(
            [this, bytes]()
            {
                m_sock->Send(Create<Packet>(bytes), 0);
            });
    }
};

TEST_F(Malformed, DataOffsetPastTheSegmentIsDroppedAndCounted)
{
    ASSERT_NO_FATAL_FAILURE(StartListener());
    InjectBytes(SynWith({}, 15)); // 60-byte header in a 20-byte segment
    ExpectDropped("bad_data_offset");
}

TEST_F(Malformed, OptionLongerThanTheHeaderIsDroppedAndCounted)
{
    ASSERT_NO_FATAL_FAILURE(StartListener());
    InjectBytes(SynWith({2, 40, 5, 180})); // an MSS option claiming 40 bytes in a 4-byte space
    ExpectDropped("option_past_header");
}

TEST_F(Malformed, ZeroLengthOptionIsDroppedAndCounted)
{
    ASSERT_NO_FATAL_FAILURE(StartListener());
    InjectBytes(SynWith({30, 0, 1, 1})); // unknown kind 30 with length 0: it would never end
    ExpectDropped("bad_option_length");
}

TEST_F(Malformed, KnownOptionOfTheWrongLengthIsDroppedNotFatal)
{
    // An MSS option of length 2 aborted the whole simulation inside ns-3's option reader
    // (found by tcp-fsm-fuzz-segments); the L4 now refuses it first.
    ASSERT_NO_FATAL_FAILURE(StartListener());
    InjectBytes(SynWith({2, 2, 1, 1}));
    ExpectDropped("bad_option_length");
    // the listener still answers a good SYN
    InjectBytes(SynWith({2, 4, 5, 180}));
    ASSERT_EQ(m_sent.size(), 1u);
    EXPECT_EQ(m_sent[0].flags, SYN | ACK);
}

TEST_F(Malformed, OptionSpaceAfterEndOfOptionListIsNotData)
{
    // The data offset covers 12 bytes after an End of Option List: option space, not data.
    // ns-3's header reader stops at the EOL; these bytes reached the application as data
    // (found by tcp-fsm-fuzz-segments).
    ASSERT_NO_FATAL_FAILURE(Reach(S::ESTABLISHED));
    std::vector<uint8_t> options = {1, 1, 0, 0, 0x14, 0x0c, 0x05, 0xff, 0xff, 7, 7, 7, 7, 7, 7, 7};
    InjectBytes(Raw(m_peerPort, m_ourPort, ACK | PSH, kPeerIsn + 1, m_iss + 1, options, 10));
    EXPECT_DROPS({});
    EXPECT_EQ(m_sock->GetRxAvailable(), 10u);
    EXPECT_EQ(m_sock->GetTcb().rcvNxt, SequenceNumber32(kPeerIsn + 11));
}

TEST_F(Malformed, SynFinToAListenerIsDroppedAndCounted)
{
    ASSERT_NO_FATAL_FAILURE(StartListener());
    InjectRaw(kPeerClientPort, kServerPort, SYN | FIN, kPeerIsn, 0);
    ExpectDropped("syn_fin_in_listen");
}

TEST_F(Malformed, SynFinInEstablishedDrawsAChallengeAck)
{
    ASSERT_NO_FATAL_FAILURE(Reach(S::ESTABLISHED));
    Inject(SYN | FIN, kPeerIsn + 1, 0);
    EXPECT_SENT({{ACK, 1, kPeerIsn + 1}}); // RFC 5961 4.2: <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK>
    EXPECT_EDGES({});
    EXPECT_DROPS({"syn_in_synchronized_state"});
    EXPECT_EQ(m_sock->GetState(), S::ESTABLISHED);
}

TEST_F(Malformed, SynRstToAListenerIsIgnoredAsARst)
{
    ASSERT_NO_FATAL_FAILURE(StartListener());
    InjectRaw(kPeerClientPort, kServerPort, SYN | RST, kPeerIsn, 0);
    ExpectDropped("rst_in_listen");
}

TEST_F(Malformed, SynRstAtRcvNxtResetsTheConnection)
{
    ASSERT_NO_FATAL_FAILURE(Reach(S::ESTABLISHED));
    Inject(SYN | RST, kPeerIsn + 1, 0);
    EXPECT_SENT({});
    EXPECT_EDGES({{S::ESTABLISHED, S::CLOSED, E::RCV_RST}});
    EXPECT_EQ(m_errorCloseCount, 1);
}

TEST_F(Malformed, SynRstInsideTheWindowDrawsAChallengeAck)
{
    ASSERT_NO_FATAL_FAILURE(Reach(S::ESTABLISHED));
    Inject(SYN | RST, kPeerIsn + 100, 0);
    EXPECT_SENT({{ACK, 1, kPeerIsn + 1}});
    EXPECT_EDGES({});
    EXPECT_DROPS({"rst_not_at_rcv_nxt"});
}

TEST_F(Malformed, ReservedBitsAreIgnored)
{
    ASSERT_NO_FATAL_FAILURE(Reach(S::ESTABLISHED));
    InjectBytes(Raw(m_peerPort, m_ourPort, ACK | PSH, kPeerIsn + 1, m_iss + 1, {}, 10, -1, 0x0f));
    EXPECT_DROPS({});
    EXPECT_EQ(m_sock->GetTcb().rcvNxt, SequenceNumber32(kPeerIsn + 11));
    EXPECT_EQ(m_sock->GetRxAvailable(), 10u);
}

TEST_F(Malformed, WindowScaleAbove14IsTakenAs14)
{
    // wscale 15 (RFC 7323 2.3: use 14). The final ACK advertises a window of 1: scaled by
    // 2^14 it lets 100 bytes go at once; unscaled it would let one byte go.
    ASSERT_NO_FATAL_FAILURE(HandshakeWith({1, 3, 3, 15}, 1));
    AppSend(100);
    ASSERT_EQ(m_sent.size(), 1u);
    EXPECT_EQ(m_sent[0].size, 100u);
}

TEST_F(Malformed, MssZeroIsIgnoredAndTheDefaultApplies)
{
    ASSERT_NO_FATAL_FAILURE(HandshakeWith({2, 4, 0, 0}, 65535));
    AppSend(1000);
    ASSERT_GE(m_sent.size(), 1u);
    EXPECT_EQ(m_sent[0].size, 536u); // RFC 9293 3.7.1: the default send MSS
}

} // namespace test
} // namespace ns3
