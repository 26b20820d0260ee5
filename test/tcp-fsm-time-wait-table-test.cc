/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * The TIME_WAIT table on its own: when records expire, and what a restart, a removal and a
 * re-insertion of the same tuple do to the expiry queue.
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
