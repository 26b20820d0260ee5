/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * tcp-fsm-soak's counts: adding seeds up, and the key=value line that the program prints and
 * that --jobs reads back from each worker (a line it cannot read is a failed worker).
 */
#include "ns3/tcp-fsm-soak.h"

#include <gtest/gtest.h>

using namespace ns3;

namespace
{

TcpFsmSoakResult
Sample(uint64_t base)
{
    TcpFsmSoakResult r;
    r.seeds = base;
    r.connections = base * 100;
    r.completed = base * 90;
    r.errors = base * 10;
    r.appTimeouts = 1;
    r.bytesChecked = base * 1000003;
    r.lost = 2;
    r.duplicated = 3;
    r.reordered = 4;
    r.corrupted = 5;
    r.stuck = 6;
    r.failures = 20;
    r.netPackets = base * 7;
    r.netLost = 8;
    r.netLinkDown = 9;
    r.netCorrupted = 10;
    r.netDuplicated = 11;
    r.netDelayed = 12;
    r.flaps = 13;
    r.checksumDrops = 14;
    r.notes = {"seed " + std::to_string(base)};
    return r;
}

TEST(SoakResult, LineNamesTheIssuesKeysInOrder)
{
    const std::string line = Sample(2).Line();
    EXPECT_EQ(line.rfind("seeds=2 connections=200 completed=180 errors=20 app_timeouts=1 "
                         "bytes_checked=2000006 lost=2 duplicated=3 reordered=4 corrupted=5 "
                         "stuck=6 failures=20 ",
                         0),
              0U)
        << line;
    EXPECT_EQ(line.find("seed 2"), std::string::npos) << "notes are not part of the line";
}

TEST(SoakResult, FromLineReadsBackEveryCount)
{
    TcpFsmSoakResult back;
    ASSERT_TRUE(TcpFsmSoakResult::FromLine(Sample(3).Line(), back));
    EXPECT_EQ(back.Line(), Sample(3).Line());
    EXPECT_EQ(back.checksumDrops, 14U);
    EXPECT_TRUE(back.notes.empty());
}

TEST(SoakResult, FromLineRefusesWhatIsNotALine)
{
    TcpFsmSoakResult back;
    const std::string good = Sample(1).Line();
    EXPECT_FALSE(TcpFsmSoakResult::FromLine("", back));
    EXPECT_FALSE(TcpFsmSoakResult::FromLine("worker died", back));
    EXPECT_FALSE(TcpFsmSoakResult::FromLine(good.substr(0, good.find(" lost=")), back));
    std::string renamed = good;
    renamed.replace(0, 5, "seedz");
    EXPECT_FALSE(TcpFsmSoakResult::FromLine(renamed, back));
    std::string notNumber = good;
    notNumber.replace(good.find("lost=2"), 6, "lost=x");
    EXPECT_FALSE(TcpFsmSoakResult::FromLine(notNumber, back));
}

TEST(SoakResult, AddSumsEveryCountAndKeepsEveryNote)
{
    TcpFsmSoakResult sum;
    sum.Add(Sample(1));
    sum.Add(Sample(4));
    EXPECT_EQ(sum.seeds, 5U);
    EXPECT_EQ(sum.connections, 500U);
    EXPECT_EQ(sum.bytesChecked, 5000015U);
    EXPECT_EQ(sum.lost, 4U);
    EXPECT_EQ(sum.stuck, 12U);
    EXPECT_EQ(sum.failures, 40U);
    EXPECT_EQ(sum.appTimeouts, 2U);
    EXPECT_EQ(sum.netPackets, 35U);
    EXPECT_EQ(sum.checksumDrops, 28U);
    EXPECT_EQ(sum.notes, (std::vector<std::string>{"seed 1", "seed 4"}));
}

} // namespace
