/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The script runner's Python subset (%{ }% blocks): its 64-bit arithmetic has a defined value
 * where Python's unbounded ints would not fit (wrap-around, no signed overflow), and hostile
 * blocks (too deep, numbers beyond 64 bits) are refused as beyond the subset, never a crash.
 */
#include "ns3/tcp-fsm-script-python.h"
#include "ns3/tcp-fsm-tcp-info.h"

#include <cstdint>
#include <gtest/gtest.h>
#include <limits>
#include <map>
#include <string>

using namespace ns3;

namespace
{

/// Run `code` on a tcp_info with tcpi_snd_cwnd = 10; the variables it set.
TcpFsmScriptPythonResult
RunBlock(const std::string& code, std::map<std::string, int64_t>& vars)
{
    TcpFsmTcpInfo info{};
    info.tcpi_snd_cwnd = 10;
    return TcpFsmScriptRunPython(code, info, vars);
}

} // namespace

TEST(ScriptPython, ArithmeticAndAssertions)
{
    std::map<std::string, int64_t> vars;
    TcpFsmScriptPythonResult r = RunBlock("x = tcpi_snd_cwnd * 3 - 4\nassert x == 26, x", vars);
    EXPECT_TRUE(r.ok) << r.failed;
    EXPECT_EQ(r.lacking, "");
    EXPECT_EQ(vars["x"], 26);
    r = RunBlock("assert tcpi_snd_cwnd == 11", vars);
    EXPECT_FALSE(r.ok);
    EXPECT_NE(r.failed.find("tcpi_snd_cwnd=10"), std::string::npos) << r.failed;
}

TEST(ScriptPython, SixtyFourBitArithmeticWrapsAround)
{
    std::map<std::string, int64_t> vars;
    TcpFsmScriptPythonResult r = RunBlock("a = 9223372036854775807 + 1\n"
                                          "b = 0 - 9223372036854775807 - 2\n"
                                          "c = 4611686018427387904 * 4\n"
                                          "d = -(0 - 9223372036854775807 - 1)\n"
                                          "e = (0 - 9223372036854775807 - 1) // -1\n",
                                          vars);
    ASSERT_EQ(r.lacking, "");
    EXPECT_EQ(vars["a"], std::numeric_limits<int64_t>::min());
    EXPECT_EQ(vars["b"], std::numeric_limits<int64_t>::max());
    EXPECT_EQ(vars["c"], 0);
    EXPECT_EQ(vars["d"], std::numeric_limits<int64_t>::min());
    EXPECT_EQ(vars["e"], std::numeric_limits<int64_t>::min());
}

TEST(ScriptPython, HostileBlocksAreBeyondTheSubset)
{
    std::map<std::string, int64_t> vars;
    TcpFsmScriptPythonResult r = RunBlock("x = 99999999999999999999", vars);
    EXPECT_NE(r.lacking.find("beyond 64 bits"), std::string::npos) << r.lacking;
    r = RunBlock("x = " + std::string(100000, '(') + "1" + std::string(100000, ')'), vars);
    EXPECT_NE(r.lacking.find("levels deep"), std::string::npos) << r.lacking;
    r = RunBlock("x = " + std::string(100000, '-') + "1", vars);
    EXPECT_NE(r.lacking.find("levels deep"), std::string::npos) << r.lacking;
    std::string nots;
    for (int i = 0; i < 50000; ++i)
    {
        nots += "not ";
    }
    r = RunBlock("assert " + nots + "0", vars);
    EXPECT_NE(r.lacking.find("levels deep"), std::string::npos) << r.lacking;
    r = RunBlock("x = " + std::string(90, '(') + "7" + std::string(90, ')'), vars); // deep enough
    EXPECT_EQ(r.lacking, "");
    EXPECT_EQ(vars["x"], 7);
}
