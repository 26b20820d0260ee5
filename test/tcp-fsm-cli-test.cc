/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * TcpFsmCli: every bad option ends with one line naming it and exit status 2.
 */
#include "ns3/tcp-fsm-cli.h"

#include <gtest/gtest.h>
#include <vector>

using namespace ns3;

namespace
{

TcpFsmCli
Cli()
{
    TcpFsmCli cli("prog");
    cli.Declare("stack", TcpFsmCli::Kind::STRING, {"fsm", "ns3"});
    cli.Declare("connections", TcpFsmCli::Kind::UINT);
    cli.Declare("loss", TcpFsmCli::Kind::DOUBLE);
    cli.Declare("interval", TcpFsmCli::Kind::TIME);
    cli.Declare("verbose", TcpFsmCli::Kind::BOOL);
    return cli;
}

void
Check(std::vector<std::string> args)
{
    std::vector<char*> argv;
    static char prog[] = "prog";
    argv.push_back(prog);
    for (auto& a : args)
    {
        argv.push_back(a.data());
    }
    Cli().Check(static_cast<int>(argv.size()), argv.data());
    std::exit(0);
}

} // namespace

TEST(TcpFsmCli, ParsesNumbersAndTimesStrictly)
{
    uint64_t u = 0;
    EXPECT_TRUE(TcpFsmCli::ParseUint("42", u));
    EXPECT_EQ(u, 42u);
    EXPECT_FALSE(TcpFsmCli::ParseUint("-1", u));
    EXPECT_FALSE(TcpFsmCli::ParseUint("4x", u));
    EXPECT_FALSE(TcpFsmCli::ParseUint("", u));
    double d = 0;
    EXPECT_TRUE(TcpFsmCli::ParseDouble("0.25", d));
    EXPECT_DOUBLE_EQ(d, 0.25);
    EXPECT_FALSE(TcpFsmCli::ParseDouble("nan", d));
    EXPECT_TRUE(TcpFsmCli::ParseTime("250ms", d));
    EXPECT_DOUBLE_EQ(d, 0.25);
    EXPECT_TRUE(TcpFsmCli::ParseTime("2min", d));
    EXPECT_DOUBLE_EQ(d, 120);
    EXPECT_TRUE(TcpFsmCli::ParseTime("3", d));
    EXPECT_DOUBLE_EQ(d, 3);
    EXPECT_FALSE(TcpFsmCli::ParseTime("fast", d));
    EXPECT_FALSE(TcpFsmCli::ParseTime("-1s", d));
}

TEST(TcpFsmCli, GoodOptionsPass)
{
    EXPECT_EXIT(Check({"--stack=ns3",
                       "--connections=10",
                       "--interval=1ms",
                       "--verbose",
                       "--ns3::TcpFsmSocket::Msl=1s",
                       "--PrintHelp"}),
                ::testing::ExitedWithCode(0),
                "");
}

TEST(TcpFsmCli, UnknownOptionIsNamedWithExit2)
{
    EXPECT_EXIT(Check({"--conections=10"}),
                ::testing::ExitedWithCode(2),
                "prog: unknown option --conections");
}

TEST(TcpFsmCli, ValueOutsideTheChoicesListsThem)
{
    EXPECT_EXIT(Check({"--stack=tcp"}),
                ::testing::ExitedWithCode(2),
                "--stack='tcp' is not one of: fsm, ns3");
}

TEST(TcpFsmCli, BadNumberTimeAndMissingValueAreRefused)
{
    EXPECT_EXIT(Check({"--connections=ten"}), ::testing::ExitedWithCode(2), "whole number");
    EXPECT_EXIT(Check({"--loss=x"}), ::testing::ExitedWithCode(2), "--loss='x' is not a number");
    EXPECT_EXIT(Check({"--interval=soon"}), ::testing::ExitedWithCode(2), "is not a time");
    EXPECT_EXIT(Check({"--connections"}), ::testing::ExitedWithCode(2), "needs a value");
    EXPECT_EXIT(Check({"--verbose=maybe"}), ::testing::ExitedWithCode(2), "not true or false");
}

TEST(TcpFsmCli, PositionalArgumentsOnlyWhenAllowed)
{
    EXPECT_EXIT(Check({"file.csv"}), ::testing::ExitedWithCode(2), "unexpected argument");
}
