/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * The TIME_WAIT table on its own: when records expire, and what a restart, a removal and a
 * re-insertion of the same tuple do to the expiry queue; waits of different lengths on one
 * node; many records at once.
 */
#include "ns3/simulator.h"
#include "ns3/tcp-fsm-time-wait-table.h"

#include <gtest/gtest.h>
#include <vector>

using namespace ns3;

namespace
{

TcpFsmTuple
Tuple(uint16_t port)
{
    TcpFsmTuple t;
    t.SetLocal(Ipv4Address("10.0.0.1"));
    t.SetPeer(Ipv4Address("10.0.0.2"));
    t.localPort = port;
    t.peerPort = 80;
    return t;
}

TcpFsmTimeWaitRecord
Record(uint16_t port, uint64_t socketId)
{
    TcpFsmTimeWaitRecord r;
    r.tuple = Tuple(port);
    r.socketId = socketId;
    r.twoMsl = Seconds(10);
    return r;
}

class TimeWaitTableTest : public ::testing::Test
{
  protected:
    void SetUp() override
    {
        m_table.SetExpiryCallback(MakeCallback(&TimeWaitTableTest::Expired, this));
    }

    void TearDown() override
    {
        m_table.Clear();
        Simulator::Destroy();
    }

    void Expired(const TcpFsmTimeWaitRecord& r)
    {
        m_expired.push_back({r.socketId, Simulator::Now()});
    }

    struct Expiry
    {
        uint64_t socketId;
        Time at;
    };

    TcpFsmTimeWaitTable m_table;
    std::vector<Expiry> m_expired;
};

TEST_F(TimeWaitTableTest, RecordsExpireInOrderAfterTheirWait)
{
    m_table.Insert(Record(1000, 1), Seconds(10));
    Simulator::Schedule(Seconds(1),
                        [this]()
                        {
                            m_table.Insert(Record(1001, 2), Seconds(10));
                        });
    Simulator::Run();
    ASSERT_EQ(m_expired.size(), 2u);
    EXPECT_EQ(m_expired[0].socketId, 1u);
    EXPECT_EQ(m_expired[0].at, Seconds(10));
    EXPECT_EQ(m_expired[1].socketId, 2u);
    EXPECT_EQ(m_expired[1].at, Seconds(11));
    EXPECT_EQ(m_table.Size(), 0u);
    EXPECT_EQ(m_table.Peak(), 2u);
    EXPECT_EQ(m_table.Find(Tuple(1000)), nullptr);
}

TEST_F(TimeWaitTableTest, RestartedWaitExpiresOnceAtItsNewEnd)
{
    m_table.Insert(Record(1000, 1), Seconds(10));
    Simulator::Schedule(Seconds(4),
                        [this]()
                        {
                            m_table.Restart(Tuple(1000), Seconds(10));
                        });
    Simulator::Schedule(Seconds(12),
                        [this]()
                        {
                            const TcpFsmTimeWaitRecord* r = m_table.Find(Tuple(1000));
                            ASSERT_NE(r, nullptr); // the first entry (10 s) was stale
                            EXPECT_EQ(r->socketId, 1u);
                        });
    Simulator::Run();
    ASSERT_EQ(m_expired.size(), 1u);
    EXPECT_EQ(m_expired[0].at, Seconds(14));
}

TEST_F(TimeWaitTableTest, RemovedRecordIsGoneAndNeverExpires)
{
    m_table.Insert(Record(1000, 1), Seconds(10));
    m_table.Insert(Record(1001, 2), Seconds(10));
    m_table.Remove(Tuple(1000));
    EXPECT_EQ(m_table.Find(Tuple(1000)), nullptr);
    EXPECT_EQ(m_table.Size(), 1u);
    Simulator::Run();
    ASSERT_EQ(m_expired.size(), 1u);
    EXPECT_EQ(m_expired[0].socketId, 2u);
}

TEST_F(TimeWaitTableTest, TupleInsertedAgainAfterRemovalExpiresAtItsOwnEnd)
{
    m_table.Insert(Record(1000, 1), Seconds(10));
    m_table.Insert(Record(1001, 2), Seconds(10)); // keeps the table non-empty
    Simulator::Schedule(Seconds(3),
                        [this]()
                        {
                            m_table.Remove(Tuple(1000));
                            m_table.Insert(Record(1000, 3), Seconds(10));
                        });
    Simulator::Run();
    ASSERT_EQ(m_expired.size(), 2u);
    EXPECT_EQ(m_expired[0].socketId, 2u);
    EXPECT_EQ(m_expired[0].at, Seconds(10));
    EXPECT_EQ(m_expired[1].socketId, 3u); // the removed record 1 never expires
    EXPECT_EQ(m_expired[1].at, Seconds(13));
}

TEST_F(TimeWaitTableTest, ShorterWaitInsertedLaterExpiresAtItsOwnEnd)
{
    // two sockets of one node with different Msl: the 2 s wait must not queue behind the
    // 10 s one (it did when the table kept one FIFO for every wait length)
    m_table.Insert(Record(1000, 1), Seconds(10));
    Simulator::Schedule(Seconds(1),
                        [this]()
                        {
                            m_table.Insert(Record(1001, 2), Seconds(2));
                        });
    Simulator::Schedule(Seconds(4),
                        [this]()
                        {
                            EXPECT_EQ(m_table.Find(Tuple(1001)), nullptr);
                            EXPECT_NE(m_table.Find(Tuple(1000)), nullptr);
                            m_table.Insert(Record(1002, 3), Seconds(10));
                            m_table.Restart(Tuple(1002), Seconds(2)); // a shorter restart
                        });
    Simulator::Run();
    ASSERT_EQ(m_expired.size(), 3u);
    EXPECT_EQ(m_expired[0].socketId, 2u);
    EXPECT_EQ(m_expired[0].at, Seconds(3));
    EXPECT_EQ(m_expired[1].socketId, 1u);
    EXPECT_EQ(m_expired[1].at, Seconds(10));
    EXPECT_EQ(m_expired[2].socketId, 3u); // its newest entry, 10 s after 4 s
    EXPECT_EQ(m_expired[2].at, Seconds(14));
}

TEST_F(TimeWaitTableTest, EqualExpiryTimesOfTwoLengthsExpireInTheOrderTheLengthsWereFirstUsed)
{
    m_table.Insert(Record(1000, 1), Seconds(10));
    Simulator::Schedule(Seconds(5),
                        [this]()
                        {
                            m_table.Insert(Record(1001, 2), Seconds(5));
                        });
    Simulator::Run();
    ASSERT_EQ(m_expired.size(), 2u);
    EXPECT_EQ(m_expired[0].socketId, 1u);
    EXPECT_EQ(m_expired[1].socketId, 2u);
    EXPECT_EQ(m_expired[1].at, Seconds(10));
}

TEST_F(TimeWaitTableTest, ManyTuplesThatDifferOnlyInTheirPortsAreEachFoundWithTheirOwnRecord)
{
    // tuples that differ in a port are the common case (ephemeral ports); each must find its
    // own record, through the table's growth, removals and expiry
    const uint16_t n = 20000;
    for (uint16_t i = 0; i < n; ++i)
    {
        TcpFsmTimeWaitRecord r = Record(1000, 100000 + i);
        r.tuple.localPort = static_cast<uint16_t>(20000 + i);
        r.tuple.peerPort = static_cast<uint16_t>(80 + i % 3);
        m_table.Insert(r, Seconds(10 + i % 2));
    }
    EXPECT_EQ(m_table.Size(), n);
    for (uint16_t i = 0; i < n; i += 2)
    {
        TcpFsmTuple t = Tuple(static_cast<uint16_t>(20000 + i));
        t.peerPort = static_cast<uint16_t>(80 + i % 3);
        m_table.Remove(t);
    }
    EXPECT_EQ(m_table.Size(), n / 2);
    for (uint16_t i = 0; i < n; ++i)
    {
        TcpFsmTuple t = Tuple(static_cast<uint16_t>(20000 + i));
        t.peerPort = static_cast<uint16_t>(80 + i % 3);
        const TcpFsmTimeWaitRecord* r = m_table.Find(t);
        if (i % 2 == 0)
        {
            EXPECT_EQ(r, nullptr) << i;
            continue;
        }
        ASSERT_NE(r, nullptr) << i;
        EXPECT_EQ(r->socketId, 100000u + i);
        t.peerPort = static_cast<uint16_t>(80 + (i + 1) % 3); // another peer port: not there
        EXPECT_EQ(m_table.Find(t), nullptr) << i;
    }
    Simulator::Run();
    ASSERT_EQ(m_expired.size(), n / 2u); // the removed half never expires
    for (const auto& e : m_expired)
    {
        EXPECT_EQ(e.at, Seconds(11)); // the odd ones waited 11 s
    }
    EXPECT_EQ(m_table.Size(), 0u);
}

TEST_F(TimeWaitTableTest, TsRecentChangesInPlace)
{
    m_table.Insert(Record(1000, 1), Seconds(10));
    m_table.SetTsRecent(Tuple(1000), 4242);
    const TcpFsmTimeWaitRecord* r = m_table.Find(Tuple(1000));
    ASSERT_NE(r, nullptr);
    EXPECT_EQ(r->tsRecent, 4242u);
    EXPECT_EQ(r->socketId, 1u);
}

} // namespace
