/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * TcpFsmReadHeader (the L4's own reading of a header and its common options, issue 17) gives
 * the header ns-3's TcpHeader::Deserialize gives: same fields, same options in the same order
 * with the same values, same bytes when written again; and it declines (leaving the header to
 * ns-3) whatever it does not read the same way.
 */
#include "ns3/packet.h"
#include "ns3/tcp-fsm-l4-protocol.h"
#include "ns3/tcp-fsm-options.h"
#include "ns3/tcp-header.h"
#include "ns3/tcp-option-rfc793.h"
#include "ns3/tcp-option-sack.h"
#include "ns3/tcp-option-ts.h"
#include "ns3/tcp-option-winscale.h"

#include <gtest/gtest.h>
#include <random>
#include <vector>

using namespace ns3;

namespace
{

/// A 20-byte header (ports 1234 -> 80, seq, ack, flags, window, urgent pointer) followed by
/// the option bytes, with the data offset covering them, then two bytes of data.
std::vector<uint8_t>
Segment(const std::vector<uint8_t>& options, uint8_t flags = 0x18)
{
    std::vector<uint8_t> b = {0x04, 0xd2, 0x00, 0x50,  0x11, 0x22, 0x33, 0x44, 0x81, 0x02,
                              0x03, 0x04, 0x00, flags, 0xfa, 0xf0, 0x00, 0x00, 0x00, 0x07};
    for (uint8_t byte : options)
    {
        b.push_back(byte);
    }
    b[12] = static_cast<uint8_t>((b.size() / 4) << 4);
    b.push_back(0xab);
    b.push_back(0xcd);
    return b;
}

/// The header written again, as bytes.
std::vector<uint8_t>
Bytes(const TcpHeader& h)
{
    Ptr<Packet> p = Create<Packet>();
    p->AddHeader(h);
    std::vector<uint8_t> out(p->GetSize());
    p->CopyData(out.data(), out.size());
    return out;
}

/// The options as kind and value, for comparing two headers' option lists.
std::vector<std::vector<uint32_t>>
Options(const TcpHeader& h)
{
    std::vector<std::vector<uint32_t>> out;
    for (const auto& o : h.GetOptionList())
    {
        std::vector<uint32_t> v{o->GetKind(), o->GetSerializedSize()};
        if (auto mss = DynamicCast<const TcpOptionMSS>(o))
        {
            v.push_back(mss->GetMSS());
        }
        if (auto ws = DynamicCast<const TcpOptionWinScale>(o))
        {
            v.push_back(TcpFsmWindowShift(*ws));
        }
        if (auto ts = DynamicCast<const TcpOptionTS>(o))
        {
            v.push_back(ts->GetTimestamp());
            v.push_back(ts->GetEcho());
        }
        if (auto sack = DynamicCast<const TcpOptionSack>(o))
        {
            for (const auto& block : sack->GetSackList())
            {
                v.push_back(block.first.GetValue());
                v.push_back(block.second.GetValue());
            }
        }
        out.push_back(v);
    }
    return out;
}

/// Read with TcpFsmReadHeader and with ns-3; whether TcpFsmReadHeader took it. When it did,
/// both headers must be the same.
bool
ReadsAsNs3(const std::vector<uint8_t>& segment)
{
    TcpHeader ours;
    const uint32_t offset = (segment[12] >> 4) * 4u;
    if (!TcpFsmReadHeader(segment.data(), offset, ours))
    {
        EXPECT_TRUE(ours.GetOptionList().empty()); // untouched
        return false;
    }
    Ptr<Packet> p = Create<Packet>(segment.data(), segment.size());
    TcpHeader theirs;
    p->PeekHeader(theirs);
    EXPECT_EQ(ours.GetSourcePort(), theirs.GetSourcePort());
    EXPECT_EQ(ours.GetDestinationPort(), theirs.GetDestinationPort());
    EXPECT_EQ(ours.GetSequenceNumber(), theirs.GetSequenceNumber());
    EXPECT_EQ(ours.GetAckNumber(), theirs.GetAckNumber());
    EXPECT_EQ(ours.GetLength(), theirs.GetLength());
    EXPECT_EQ(ours.GetFlags(), theirs.GetFlags());
    EXPECT_EQ(ours.GetWindowSize(), theirs.GetWindowSize());
    EXPECT_EQ(ours.GetUrgentPointer(), theirs.GetUrgentPointer());
    EXPECT_EQ(ours.GetSerializedSize(), theirs.GetSerializedSize());
    EXPECT_EQ(Options(ours), Options(theirs));
    EXPECT_EQ(Bytes(ours), Bytes(theirs));
    return true;
}

} // namespace

TEST(TcpFsmHeaderRead, LinuxLayoutsReadAsNs3ReadsThem)
{
    // SYN <mss 1460,sackOK,TS val 1 ecr 0,nop,wscale 7>
    EXPECT_TRUE(ReadsAsNs3(Segment({0x02, 0x04, 0x05, 0xb4, 0x04, 0x02, 0x08, 0x0a, 0,    0,
                                    0,    1,    0,    0,    0,    0,    0x01, 0x03, 0x03, 0x07},
                                   0x02)));
    // <nop,nop,TS val ecr>, <nop,nop,sack 2 blocks>, no options, <mss>, <nop,nop,sackOK>
    EXPECT_TRUE(ReadsAsNs3(
        Segment({0x01, 0x01, 0x08, 0x0a, 0xde, 0xad, 0xbe, 0xef, 0x01, 0x02, 0x03, 0x04})));
    EXPECT_TRUE(ReadsAsNs3(Segment({0x01, 0x01, 0x05, 0x12, 0,    0,    0,    1,    0,    0,
                                    0,    2,    0xff, 0xff, 0xff, 0xf0, 0x00, 0x00, 0x00, 0x10})));
    EXPECT_TRUE(ReadsAsNs3(Segment({})));
    EXPECT_TRUE(ReadsAsNs3(Segment({0x02, 0x04, 0x02, 0x18})));
    EXPECT_TRUE(ReadsAsNs3(Segment({0x01, 0x01, 0x04, 0x02})));
}

TEST(TcpFsmHeaderRead, DeclinesWhatNs3ReadsDifferently)
{
    EXPECT_FALSE(ReadsAsNs3(Segment({0x00, 0x00, 0x00, 0x00})));                // EOL and padding
    EXPECT_FALSE(ReadsAsNs3(Segment({0x22, 0x02, 0x01, 0x01})));                // Fast Open kind
    EXPECT_FALSE(ReadsAsNs3(Segment({0x01, 0x03, 0x03, 0x0f})));                // wscale 15
    EXPECT_FALSE(ReadsAsNs3(Segment({0x02, 0x05, 0x05, 0xb4, 0x00, 0, 0, 0}))); // MSS length 5
    EXPECT_FALSE(ReadsAsNs3(Segment({0x01, 0x01, 0x01, 0x08})));                // TS past the end
    // A header that already has options is not read into.
    TcpHeader h;
    h.AppendOption(CreateObject<TcpOptionNOP>());
    const std::vector<uint8_t> s = Segment({});
    EXPECT_FALSE(TcpFsmReadHeader(s.data(), 20, h));
}

// Random option bytes, mostly the kinds tcp-fsm reads with their lengths: every header that
// TcpFsmReadHeader takes is the one ns-3 reads, and the L4's ParseHeader gives the same header
// with its own reader as with ns-3's.
TEST(TcpFsmHeaderRead, RandomOptionsReadAsNs3ReadsThem)
{
    std::mt19937 rng(17);
    const std::vector<std::vector<uint8_t>> pieces = {
        {0x01},
        {0x02, 0x04, 0x05, 0xb4},
        {0x03, 0x03, 0x0e},
        {0x03, 0x03, 0x10},
        {0x04, 0x02},
        {0x08, 0x0a, 1, 2, 3, 4, 5, 6, 7, 8},
        {0x05, 0x0a, 0, 0, 0, 9, 0, 0, 0, 10},
        {0x05, 0x12, 0, 0, 1, 0, 0, 0, 2, 0, 0, 0, 3, 0, 0, 0, 4, 0},
        {0x05, 0x02},
        {0x00},
        {0xfd, 0x04, 0xf9, 0x89},
    };
    int taken = 0;
    for (int round = 0; round < 2000; ++round)
    {
        std::vector<uint8_t> options;
        const int n = static_cast<int>(rng() % 6);
        for (int k = 0; k < n; ++k)
        {
            const auto& piece = pieces[rng() % pieces.size()];
            if (options.size() + piece.size() > 40)
            {
                break;
            }
            options.insert(options.end(), piece.begin(), piece.end());
        }
        while (options.size() % 4 != 0)
        {
            options.push_back(0x01);
        }
        const std::vector<uint8_t> segment = Segment(options, static_cast<uint8_t>(rng()));
        taken += ReadsAsNs3(segment) ? 1 : 0;

        Ptr<Packet> a = Create<Packet>(segment.data(), segment.size());
        Ptr<Packet> b = Create<Packet>(segment.data(), segment.size());
        TcpHeader ha;
        TcpHeader hb;
        const char* ra = nullptr;
        const char* rb = nullptr;
        const bool okA = TcpFsmL4Protocol::ParseHeader(a, ha, ra, false);
        const bool okB = TcpFsmL4Protocol::ParseHeader(b, hb, rb, true); // ns-3's reader
        ASSERT_EQ(okA, okB);
        if (okA)
        {
            EXPECT_EQ(Options(ha), Options(hb));
            EXPECT_EQ(Bytes(ha), Bytes(hb));
        }
        else
        {
            EXPECT_STREQ(ra, rb);
        }
    }
    EXPECT_GT(taken, 500); // the fast path was exercised, not only the fallback
}

// A window shift above 14 is read as the segment had it, without ns-3's GetScale(), which
// asserts a shift of at most 14 in ns-3 builds with asserts (an arriving SYN must not stop a
// simulation; the socket then uses 14, RFC 7323 2.3).
TEST(TcpFsmHeaderRead, WindowShiftAbove14IsReadAsSent)
{
    for (uint8_t shift : {0, 7, 14, 15, 16, 255})
    {
        Ptr<Packet> p = Create<Packet>(Segment({0x01, 0x03, 0x03, shift}).data(), 24);
        TcpHeader h;
        p->PeekHeader(h); // ns-3's reader keeps any shift
        Ptr<const TcpOption> ws = h.GetOption(TcpOption::WINSCALE);
        ASSERT_TRUE(ws);
        EXPECT_EQ(TcpFsmWindowShift(*ws), shift);
        EXPECT_EQ(TcpFsmReadOptions(h).windowScale, shift);
    }
}
