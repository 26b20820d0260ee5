/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * Tests of the send buffer and the receive (reassembly) buffer. Payloads are
 * real, position-dependent bytes, so any byte lost, duplicated or misplaced
 * by fragmentation, trimming or reassembly changes what the tests read back.
 */
#include "ns3/socket.h"
#include "ns3/tcp-fsm-rx-buffer.h"

#include <cstdint>
#include <deque>
#include <gtest/gtest.h>
#include <random>
#include <vector>

using namespace ns3;

namespace
{

using Bytes = std::vector<uint8_t>;

/// The byte at stream position \p pos: a hash, so neighbouring bytes differ.
uint8_t
ByteAt(uint64_t pos)
{
    const uint32_t x = static_cast<uint32_t>(pos) * 2654435761U + 0x9e37U;
    return static_cast<uint8_t>((x >> 24) ^ (x >> 11));
}

/// Stream bytes [pos, pos + n).
Bytes
StreamBytes(uint64_t pos, uint32_t n)
{
    Bytes b(n);
    for (uint32_t i = 0; i < n; ++i)
    {
        b[i] = ByteAt(pos + i);
    }
    return b;
}

/// A packet holding stream bytes [pos, pos + n) as real bytes.
Ptr<Packet>
StreamPacket(uint64_t pos, uint32_t n)
{
    const Bytes b = StreamBytes(pos, n);
    return Create<Packet>(b.data(), n);
}

/// A packet holding \p n real bytes all equal to \p value.
Ptr<Packet>
FilledPacket(uint8_t value, uint32_t n)
{
    const Bytes b(n, value);
    return Create<Packet>(b.data(), n);
}

/// The content of \p p.
Bytes
Content(Ptr<const Packet> p)
{
    Bytes b(p->GetSize());
    if (!b.empty())
    {
        EXPECT_EQ(p->CopyData(b.data(), p->GetSize()), p->GetSize());
    }
    return b;
}

SequenceNumber32
Seq(uint32_t v)
{
    return SequenceNumber32(v);
}

} // namespace

// ------------------------------------------------------------------------------------------
// TcpFsmRxBuffer
// ------------------------------------------------------------------------------------------

TEST(TcpFsmRxBuffer, EmptyBufferOffersFullWindowAndReadsNothing)
{
    TcpFsmRxBuffer rx(1000);
    rx.SetNextSequence(Seq(42));
    EXPECT_EQ(rx.NextSequence(), Seq(42));
    EXPECT_EQ(rx.GetCapacity(), 1000U);
    EXPECT_EQ(rx.Window(), 1000U);
    EXPECT_EQ(rx.Available(), 0U);
    EXPECT_EQ(rx.OutOfOrderBytes(), 0U);
    EXPECT_EQ(rx.Read(100)->GetSize(), 0U);
    EXPECT_FALSE(rx.HasFin());
    EXPECT_FALSE(rx.FinReady());
    EXPECT_FALSE(rx.FinConsumed());
    EXPECT_EQ(rx.Add(Create<Packet>(), Seq(42)), 0U); // empty payload
    EXPECT_EQ(rx.NextSequence(), Seq(42));
}

TEST(TcpFsmRxBuffer, InOrderSegmentsAdvanceNextAndReadBackExactly)
{
    TcpFsmRxBuffer rx(1000);
    rx.SetNextSequence(Seq(1000));
    EXPECT_EQ(rx.Add(StreamPacket(0, 100), Seq(1000)), 100U);
    EXPECT_EQ(rx.Add(StreamPacket(100, 50), Seq(1100)), 50U);
    EXPECT_EQ(rx.NextSequence(), Seq(1150));
    EXPECT_EQ(rx.Available(), 150U);
    EXPECT_EQ(rx.OutOfOrderBytes(), 0U);
    EXPECT_EQ(Content(rx.Read(1000)), StreamBytes(0, 150));
    EXPECT_EQ(rx.Available(), 0U);
    EXPECT_EQ(rx.NextSequence(), Seq(1150)); // reading does not move RCV.NXT
}

TEST(TcpFsmRxBuffer, ReadReturnsAtMostMaxBytesSplittingSegments)
{
    TcpFsmRxBuffer rx;
    rx.SetNextSequence(Seq(0));
    ASSERT_EQ(rx.Add(StreamPacket(0, 40), Seq(0)), 40U);
    ASSERT_EQ(rx.Add(StreamPacket(40, 40), Seq(40)), 40U);
    ASSERT_EQ(rx.Add(StreamPacket(80, 40), Seq(80)), 40U);
    EXPECT_EQ(Content(rx.Read(30)), StreamBytes(0, 30));
    EXPECT_EQ(rx.Available(), 90U);
    EXPECT_EQ(Content(rx.Read(55)), StreamBytes(30, 55)); // rest of 1st, all of 2nd, part of 3rd
    EXPECT_EQ(Content(rx.Read(0)), Bytes());
    EXPECT_EQ(Content(rx.Read(1000)), StreamBytes(85, 35));
    EXPECT_EQ(rx.Available(), 0U);
}

TEST(TcpFsmRxBuffer, OutOfOrderDataIsHeldUntilTheHoleFills)
{
    TcpFsmRxBuffer rx(1000);
    rx.SetNextSequence(Seq(0));
    EXPECT_EQ(rx.Add(StreamPacket(200, 100), Seq(200)), 0U);
    EXPECT_EQ(rx.OutOfOrderBytes(), 100U);
    EXPECT_EQ(rx.Available(), 0U);
    EXPECT_EQ(rx.Read(1000)->GetSize(), 0U);
    EXPECT_EQ(rx.Add(StreamPacket(100, 100), Seq(100)), 0U);
    EXPECT_EQ(rx.OutOfOrderBytes(), 200U);
    EXPECT_EQ(rx.NextSequence(), Seq(0));
    EXPECT_EQ(rx.Add(StreamPacket(0, 100), Seq(0)), 300U); // fills the hole, runs over both
    EXPECT_EQ(rx.NextSequence(), Seq(300));
    EXPECT_EQ(rx.OutOfOrderBytes(), 0U);
    EXPECT_EQ(rx.Available(), 300U);
    EXPECT_EQ(Content(rx.Read(1000)), StreamBytes(0, 300));
}

TEST(TcpFsmRxBuffer, PartialHoleFillAdvancesOnlyToTheNextHole)
{
    TcpFsmRxBuffer rx(1000);
    rx.SetNextSequence(Seq(0));
    ASSERT_EQ(rx.Add(StreamPacket(100, 50), Seq(100)), 0U);
    ASSERT_EQ(rx.Add(StreamPacket(300, 50), Seq(300)), 0U);
    EXPECT_EQ(rx.Add(StreamPacket(0, 100), Seq(0)), 150U);
    EXPECT_EQ(rx.NextSequence(), Seq(150));
    EXPECT_EQ(rx.OutOfOrderBytes(), 50U);
    EXPECT_EQ(rx.Add(StreamPacket(150, 150), Seq(150)), 200U);
    EXPECT_EQ(Content(rx.Read(1000)), StreamBytes(0, 350));
}

TEST(TcpFsmRxBuffer, DuplicateAndPartlyDuplicateSegmentsAreTrimmed)
{
    TcpFsmRxBuffer rx(1000);
    rx.SetNextSequence(Seq(500));
    ASSERT_EQ(rx.Add(StreamPacket(0, 100), Seq(500)), 100U);
    EXPECT_EQ(rx.Add(FilledPacket(0xEE, 100), Seq(500)), 0U); // full duplicate
    EXPECT_EQ(rx.Add(FilledPacket(0xEE, 10), Seq(450)), 0U);  // old data
    EXPECT_EQ(rx.Available(), 100U);
    // Half old, half new: only the new half is taken, from the right offset.
    Ptr<Packet> seg = StreamPacket(50, 100);
    EXPECT_EQ(rx.Add(seg, Seq(550)), 50U);
    EXPECT_EQ(rx.NextSequence(), Seq(650));
    EXPECT_EQ(Content(rx.Read(1000)), StreamBytes(0, 150));
    EXPECT_EQ(seg->GetSize(), 100U); // the caller's packet is untouched
}

TEST(TcpFsmRxBuffer, OverlappingOutOfOrderSegmentsKeepTheFirstCopy)
{
    TcpFsmRxBuffer rx(1000);
    rx.SetNextSequence(Seq(0));
    ASSERT_EQ(rx.Add(StreamPacket(100, 20), Seq(100)), 0U);
    ASSERT_EQ(rx.Add(StreamPacket(140, 20), Seq(140)), 0U);
    ASSERT_EQ(rx.Add(StreamPacket(180, 20), Seq(180)), 0U);
    ASSERT_EQ(rx.OutOfOrderBytes(), 60U);
    // A segment over all three pieces and the gaps: only the gaps are taken.
    EXPECT_EQ(rx.Add(FilledPacket(0xAB, 120), Seq(90)), 0U);
    EXPECT_EQ(rx.OutOfOrderBytes(), 120U);
    // An exact duplicate of a held piece and one inside it add nothing.
    EXPECT_EQ(rx.Add(FilledPacket(0xCD, 20), Seq(140)), 0U);
    EXPECT_EQ(rx.Add(FilledPacket(0xCD, 5), Seq(185)), 0U);
    EXPECT_EQ(rx.OutOfOrderBytes(), 120U);
    EXPECT_EQ(rx.Add(StreamPacket(0, 90), Seq(0)), 210U);

    Bytes expected = StreamBytes(0, 90);
    auto append = [&expected](const Bytes& b)
    {
        expected.insert(expected.end(), b.begin(), b.end());
    };
    append(Bytes(10, 0xAB));
    append(StreamBytes(100, 20));
    append(Bytes(20, 0xAB));
    append(StreamBytes(140, 20));
    append(Bytes(20, 0xAB));
    append(StreamBytes(180, 20));
    append(Bytes(10, 0xAB));
    EXPECT_EQ(Content(rx.Read(1000)), expected);
}

TEST(TcpFsmRxBuffer, SegmentOverlappingHeldPieceStartKeepsItsOwnHead)
{
    TcpFsmRxBuffer rx(1000);
    rx.SetNextSequence(Seq(0));
    ASSERT_EQ(rx.Add(StreamPacket(100, 50), Seq(100)), 0U);
    ASSERT_EQ(rx.Add(FilledPacket(0x11, 60), Seq(120)), 0U); // tail overlaps, head inside
    EXPECT_EQ(rx.OutOfOrderBytes(), 80U);
    ASSERT_EQ(rx.Add(FilledPacket(0x22, 30), Seq(80)), 0U); // ends inside the first piece
    EXPECT_EQ(rx.OutOfOrderBytes(), 100U);
    ASSERT_EQ(rx.Add(StreamPacket(0, 80), Seq(0)), 180U);
    Bytes expected = StreamBytes(0, 80);
    const Bytes a(20, 0x22);
    const Bytes b = StreamBytes(100, 50);
    const Bytes c(30, 0x11);
    expected.insert(expected.end(), a.begin(), a.end());
    expected.insert(expected.end(), b.begin(), b.end());
    expected.insert(expected.end(), c.begin(), c.end());
    EXPECT_EQ(Content(rx.Read(1000)), expected);
}

TEST(TcpFsmRxBuffer, WindowShrinksAsDataIsHeldAndGrowsOnRead)
{
    TcpFsmRxBuffer rx(1000);
    rx.SetNextSequence(Seq(0));
    ASSERT_EQ(rx.Add(StreamPacket(0, 300), Seq(0)), 300U);
    EXPECT_EQ(rx.Window(), 700U);
    ASSERT_EQ(rx.Add(StreamPacket(500, 200), Seq(500)), 0U);
    EXPECT_EQ(rx.Window(), 500U); // out-of-order bytes count too
    rx.Read(100);
    EXPECT_EQ(rx.Window(), 600U);
    ASSERT_EQ(rx.Add(StreamPacket(300, 200), Seq(300)), 400U);
    EXPECT_EQ(rx.Available(), 600U);
    EXPECT_EQ(rx.Window(), 400U);
    rx.Read(600);
    EXPECT_EQ(rx.Window(), 1000U);
}

TEST(TcpFsmRxBuffer, DataBeyondTheBufferIsTrimmed)
{
    TcpFsmRxBuffer rx(1000);
    rx.SetNextSequence(Seq(0));
    EXPECT_EQ(rx.Add(StreamPacket(0, 1500), Seq(0)), 1000U);
    EXPECT_EQ(rx.Window(), 0U);
    EXPECT_EQ(rx.Add(StreamPacket(1000, 100), Seq(1000)), 0U); // buffer full
    EXPECT_EQ(rx.OutOfOrderBytes(), 0U);
    EXPECT_EQ(Content(rx.Read(400)), StreamBytes(0, 400));
    // Out of order, straddling the right edge (1000 + 400): only [1300, 1400) is kept.
    EXPECT_EQ(rx.Add(StreamPacket(1300, 200), Seq(1300)), 0U);
    EXPECT_EQ(rx.OutOfOrderBytes(), 100U);
    EXPECT_EQ(rx.Add(StreamPacket(1000, 1000), Seq(1000)), 400U);
    EXPECT_EQ(rx.NextSequence(), Seq(1400));
    EXPECT_EQ(Content(rx.Read(2000)), StreamBytes(400, 1000));
}

TEST(TcpFsmRxBuffer, ShrunkCapacityAcceptsNothingUntilRead)
{
    TcpFsmRxBuffer rx(1000);
    rx.SetNextSequence(Seq(0));
    ASSERT_EQ(rx.Add(StreamPacket(0, 800), Seq(0)), 800U);
    rx.SetCapacity(500);
    EXPECT_EQ(rx.Window(), 0U);
    EXPECT_EQ(rx.Add(StreamPacket(800, 100), Seq(800)), 0U);
    rx.Read(400); // 400 held, 100 free
    EXPECT_EQ(rx.Window(), 100U);
    EXPECT_EQ(rx.Add(StreamPacket(800, 200), Seq(800)), 100U);
}

TEST(TcpFsmRxBuffer, VirtualZeroBytesArePreserved)
{
    TcpFsmRxBuffer rx;
    rx.SetNextSequence(Seq(0));
    ASSERT_EQ(rx.Add(Create<Packet>(100), Seq(10)), 0U);
    ASSERT_EQ(rx.Add(StreamPacket(0, 10), Seq(0)), 110U);
    Bytes expected = StreamBytes(0, 10);
    expected.insert(expected.end(), 100, 0);
    EXPECT_EQ(Content(rx.Read(1000)), expected);
}

TEST(TcpFsmRxBuffer, ReadCarriesNoPacketTagsOfTheSegments)
{
    TcpFsmRxBuffer rx;
    rx.SetNextSequence(Seq(0));
    Ptr<Packet> seg = StreamPacket(0, 100);
    SocketIpTtlTag tag;
    tag.SetTtl(3);
    seg->AddPacketTag(tag);
    ASSERT_EQ(rx.Add(seg, Seq(0)), 100U);
    Ptr<Packet> got = rx.Read(60);
    EXPECT_FALSE(got->PeekPacketTag(tag));
    EXPECT_EQ(Content(got), StreamBytes(0, 60));
}

TEST(TcpFsmRxBuffer, FinBeyondHoleBecomesReadyOnlyWhenHoleFills)
{
    TcpFsmRxBuffer rx(1000);
    rx.SetNextSequence(Seq(0));
    ASSERT_EQ(rx.Add(StreamPacket(100, 100), Seq(100)), 0U);
    rx.SetFin(Seq(200)); // the FIN came with the out-of-order segment
    EXPECT_TRUE(rx.HasFin());
    EXPECT_FALSE(rx.FinReady());
    ASSERT_EQ(rx.Add(StreamPacket(0, 50), Seq(0)), 50U);
    EXPECT_FALSE(rx.FinReady()); // still a hole [50, 100)
    ASSERT_EQ(rx.Add(StreamPacket(50, 50), Seq(50)), 150U);
    EXPECT_TRUE(rx.FinReady());
    EXPECT_EQ(rx.NextSequence(), Seq(200));
    rx.ConsumeFin();
    EXPECT_TRUE(rx.FinConsumed());
    EXPECT_FALSE(rx.FinReady());
    EXPECT_TRUE(rx.HasFin());
    EXPECT_EQ(rx.NextSequence(), Seq(201)); // the FIN takes one sequence number
    EXPECT_EQ(Content(rx.Read(1000)), StreamBytes(0, 200));
}

TEST(TcpFsmRxBuffer, FinWithoutPendingDataIsReadyAtOnce)
{
    TcpFsmRxBuffer rx;
    rx.SetNextSequence(Seq(77));
    rx.SetFin(Seq(77));
    EXPECT_TRUE(rx.FinReady());
    rx.ConsumeFin();
    EXPECT_EQ(rx.NextSequence(), Seq(78));
    rx.SetFin(Seq(77)); // the retransmitted FIN changes nothing
    EXPECT_TRUE(rx.FinConsumed());
    EXPECT_FALSE(rx.FinReady());
    EXPECT_EQ(rx.NextSequence(), Seq(78));
}

TEST(TcpFsmRxBuffer, DataAtOrBeyondFinIsRefused)
{
    TcpFsmRxBuffer rx(1000);
    rx.SetNextSequence(Seq(0));
    rx.SetFin(Seq(100));
    EXPECT_EQ(rx.Add(StreamPacket(50, 100), Seq(50)), 0U); // only [50, 100) is kept
    EXPECT_EQ(rx.OutOfOrderBytes(), 50U);
    EXPECT_EQ(rx.Add(StreamPacket(100, 100), Seq(100)), 0U);
    EXPECT_EQ(rx.OutOfOrderBytes(), 50U);
    EXPECT_EQ(rx.Add(StreamPacket(0, 150), Seq(0)), 100U);
    EXPECT_EQ(rx.NextSequence(), Seq(100));
    EXPECT_TRUE(rx.FinReady());
    rx.ConsumeFin();
    EXPECT_EQ(rx.Add(StreamPacket(100, 10), Seq(100)), 0U);
    EXPECT_EQ(rx.Add(StreamPacket(101, 10), Seq(101)), 0U);
    EXPECT_EQ(rx.NextSequence(), Seq(101));
    EXPECT_EQ(rx.OutOfOrderBytes(), 0U);
    EXPECT_EQ(Content(rx.Read(1000)), StreamBytes(0, 100));
}

TEST(TcpFsmRxBuffer, SetFinDropsHeldBytesAtOrBeyondIt)
{
    TcpFsmRxBuffer rx(1000);
    rx.SetNextSequence(Seq(0));
    ASSERT_EQ(rx.Add(StreamPacket(100, 100), Seq(100)), 0U);
    ASSERT_EQ(rx.Add(StreamPacket(300, 100), Seq(300)), 0U);
    rx.SetFin(Seq(150));
    EXPECT_EQ(rx.OutOfOrderBytes(), 50U);
    EXPECT_EQ(rx.Window(), 950U);
    EXPECT_EQ(rx.Add(StreamPacket(0, 100), Seq(0)), 150U);
    EXPECT_TRUE(rx.FinReady());
    EXPECT_EQ(Content(rx.Read(1000)), StreamBytes(0, 150));
}

TEST(TcpFsmRxBuffer, FirstFinPositionWinsAndStaleFinIsIgnored)
{
    TcpFsmRxBuffer rx(1000);
    rx.SetNextSequence(Seq(0));
    ASSERT_EQ(rx.Add(StreamPacket(0, 100), Seq(0)), 100U);
    rx.SetFin(Seq(50)); // before RCV.NXT: bytes there were accepted already
    EXPECT_FALSE(rx.HasFin());
    rx.SetFin(Seq(200));
    rx.SetFin(Seq(300)); // conflicting later FIN
    ASSERT_EQ(rx.Add(StreamPacket(100, 200), Seq(100)), 100U);
    EXPECT_EQ(rx.NextSequence(), Seq(200));
    EXPECT_TRUE(rx.FinReady());
}

TEST(TcpFsmRxBuffer, ReassemblesAcrossSequenceWrapAround)
{
    TcpFsmRxBuffer rx(4096);
    const uint32_t irs1 = 0xFFFFFF00U;
    rx.SetNextSequence(Seq(irs1));
    // Out of order: [0x80, 0x180) crosses 2^32, then [0x180, 0x200), then the head.
    EXPECT_EQ(rx.Add(StreamPacket(0x80, 0x100), Seq(irs1 + 0x80)), 0U);
    EXPECT_EQ(rx.Add(StreamPacket(0x180, 0x80), Seq(0x80)), 0U);
    EXPECT_EQ(rx.Add(StreamPacket(0x1C0, 0x80), Seq(0xC0)), 0U); // overlaps the previous piece
    EXPECT_EQ(rx.OutOfOrderBytes(), 0x1C0U);
    rx.SetFin(Seq(0x140));
    EXPECT_EQ(rx.OutOfOrderBytes(), 0x1C0U); // nothing held beyond the FIN
    EXPECT_EQ(rx.Add(StreamPacket(0xFF0, 0x10), Seq(irs1 + 0xFF0)), 0U); // beyond the FIN
    EXPECT_EQ(rx.Add(StreamPacket(0, 0x80), Seq(irs1)), 0x240U);
    EXPECT_EQ(rx.NextSequence(), Seq(0x140));
    EXPECT_TRUE(rx.FinReady());
    rx.ConsumeFin();
    EXPECT_EQ(rx.NextSequence(), Seq(0x141));
    EXPECT_EQ(Content(rx.Read(0x1000)), StreamBytes(0, 0x240));
    // A duplicate from before the wrap is still recognised as old.
    EXPECT_EQ(rx.Add(StreamPacket(0, 0x10), Seq(irs1)), 0U);
    EXPECT_EQ(rx.Available(), 0U);
}

TEST(TcpFsmRxBuffer, RandomReorderedDuplicatedSegmentsReassembleTheStream)
{
    std::mt19937 rng(4242);
    const uint32_t capacity = 3000;
    const uint32_t irs1 = 0xFFFFE000U; // wraps during the run
    TcpFsmRxBuffer rx(capacity);
    rx.SetNextSequence(Seq(irs1));
    const uint64_t streamLength = 60000;
    Bytes delivered;
    uint64_t next = 0; // stream offset of RCV.NXT, as the test believes it
    while (delivered.size() < streamLength)
    {
        // A segment somewhere around the window: partly old, in the window, or beyond.
        const int64_t lo = static_cast<int64_t>(next) - 500;
        int64_t start = lo + static_cast<int64_t>(rng() % (capacity + 1500));
        start = std::max<int64_t>(start, 0);
        uint32_t len = 1 + rng() % 1200;
        if (static_cast<uint64_t>(start) >= streamLength)
        {
            continue;
        }
        len = static_cast<uint32_t>(std::min<uint64_t>(len, streamLength - start));
        const uint32_t advanced
            = rx.Add(StreamPacket(start, len), Seq(irs1 + static_cast<uint32_t>(start)));
        next += advanced;
        ASSERT_EQ(rx.NextSequence(), Seq(irs1 + static_cast<uint32_t>(next)));
        ASSERT_EQ(static_cast<uint64_t>(rx.Window()) + rx.Available() + rx.OutOfOrderBytes(),
                  capacity);
        if (rng() % 3 == 0)
        {
            const Bytes got = Content(rx.Read(rng() % 2000));
            delivered.insert(delivered.end(), got.begin(), got.end());
        }
    }
    EXPECT_EQ(delivered, StreamBytes(0, static_cast<uint32_t>(streamLength)));
    EXPECT_EQ(rx.OutOfOrderBytes(), 0U);
}
