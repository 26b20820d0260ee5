/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Shell lines of packetdrill scripts: what each kind of command means for the model (a sysctl
 * mapped to an attribute, a module parameter of CUBIC, the offloads the simulated device does
 * not have, the script's own files) and what stays a skip.
 */
#include "ns3/config.h"
#include "ns3/integer.h"
#include "ns3/tcp-cubic.h"
#include "ns3/tcp-fsm-script-parser.h"
#include "ns3/tcp-fsm-script-runner.h"
#include "ns3/tcp-fsm-script-sysctl.h"

#include <gtest/gtest.h>
#include <sstream>

using namespace ns3;

namespace
{

std::string
Setting(const TcpFsmScriptShellEffect& e, const std::string& attribute)
{
    for (const auto& s : e.settings)
    {
        if (s.attribute == attribute)
        {
            return s.value;
        }
    }
    return "(none)";
}

} // namespace

TEST(ScriptShell, TcpEcnModesAreUseEcnNames)
{
    EXPECT_EQ(Setting(TcpFsmScriptInterpretShell("sysctl -q net.ipv4.tcp_ecn=0", "."), "UseEcn"),
              "Off");
    EXPECT_EQ(Setting(TcpFsmScriptInterpretShell("sysctl -q net.ipv4.tcp_ecn=1", "."), "UseEcn"),
              "On");
    EXPECT_EQ(Setting(TcpFsmScriptInterpretShell("sysctl -q net.ipv4.tcp_ecn=2", "."), "UseEcn"),
              "AcceptOnly");
    // Linux's later modes (AccECN) have no RFC 3168 meaning: listed, not applied.
    const TcpFsmScriptShellEffect e
        = TcpFsmScriptInterpretShell("sysctl -q net.ipv4.tcp_ecn=3", ".");
    EXPECT_EQ(Setting(e, "UseEcn"), "(none)");
    ASSERT_EQ(e.ignored.size(), 1u);
    EXPECT_NE(e.ignored[0].find("tcp_ecn=3"), std::string::npos);
}

TEST(ScriptShell, TsoGsoOffSwitchGsoOffReceiveOffloadsOffMeanNothingOnIsASkip)
{
    // packetdrill's tun device has TSO/GSO: switching them off is GsoMaxSegments 1.
    TcpFsmScriptShellEffect off
        = TcpFsmScriptInterpretShell("ethtool -K tun0 tso off gso off", ".");
    EXPECT_TRUE(off.unsupported.empty());
    EXPECT_TRUE(off.ignored.empty());
    EXPECT_EQ(Setting(off, "GsoMaxSegments"), "1");
    // The simulated device never coalesces what it receives.
    TcpFsmScriptShellEffect gro = TcpFsmScriptInterpretShell("ethtool -K tun0 gro off", ".");
    EXPECT_TRUE(gro.unsupported.empty());
    EXPECT_EQ(gro.ignored.size(), 1u);
    EXPECT_EQ(Setting(gro, "GsoMaxSegments"), "(none)");
    EXPECT_EQ(TcpFsmScriptInterpretShell("ethtool -K tun0 tso on", ".").unsupported,
              "ethtool -K tun0 tso on");
    EXPECT_EQ(TcpFsmScriptInterpretShell("ethtool -K tun0 rx-checksum off", ".").unsupported,
              "ethtool -K tun0 rx-checksum off");
}

TEST(ScriptShell, ZeroFilesAndRemovals)
{
    const TcpFsmScriptShellEffect e = TcpFsmScriptInterpretShell(
        "/bin/rm -f /tmp/a\n/bin/dd bs=10 count=3 if=/dev/zero of=/tmp/a status=none", ".");
    EXPECT_TRUE(e.unsupported.empty());
    ASSERT_EQ(e.files.size(), 2u);
    EXPECT_EQ(e.files[0], std::make_pair(std::string("/tmp/a"), int64_t{-1}));
    EXPECT_EQ(e.files[1], std::make_pair(std::string("/tmp/a"), int64_t{30}));
    // Not from /dev/zero (the payload would not be zeros): a skip.
    EXPECT_FALSE(TcpFsmScriptInterpretShell("dd if=/dev/urandom of=/tmp/b count=1", ".")
                     .unsupported.empty());
}

TEST(ScriptShell, CubicModuleParametersAreTcpCubicAttributes)
{
    const TcpFsmScriptShellEffect e
        = TcpFsmScriptInterpretShell("echo 2 > /sys/module/tcp_cubic/parameters/hystart_detect\n"
                                     "echo 0 > /sys/module/tcp_cubic/parameters/hystart\n"
                                     "echo 7 > /sys/module/tcp_cubic/parameters/beta",
                                     ".");
    EXPECT_TRUE(e.unsupported.empty());
    ASSERT_EQ(e.ccDefaults.size(), 2u);
    EXPECT_EQ(e.ccDefaults[0].first, "ns3::TcpCubic::HyStartDetect");
    EXPECT_EQ(e.ccDefaults[0].second, "2");
    EXPECT_EQ(e.ccDefaults[1].first, "ns3::TcpCubic::HyStart");
    EXPECT_EQ(e.ccDefaults[1].second, "false");
    EXPECT_EQ(e.ignored.size(), 1u); // beta: no attribute mapped
    // Any other file written is a skip.
    EXPECT_FALSE(TcpFsmScriptInterpretShell("echo 3 > /proc/sys/vm/x", ".").unsupported.empty());
}

TEST(ScriptShell, ARunSetsTheCubicDefaultForItsSockets)
{
    // The value reaches ns3::TcpCubic (Config::SetDefault, undone when the run ends); a value
    // the attribute does not take is noted, never an error.
    const char* kScript = "`echo 1 > /sys/module/tcp_cubic/parameters/hystart_detect\n"
                          "echo 9 > /sys/module/tcp_cubic/parameters/hystart_detect`\n"
                          "0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n";
    std::ostringstream log;
    TcpFsmScriptRunOptions options;
    options.log = &log;
    const TcpFsmScriptResult r
        = TcpFsmScriptRunner::Run(TcpFsmScriptParser::ParseText(kScript, "t.pkt"), options);
    ASSERT_EQ(r.status, TcpFsmScriptResult::Status::PASS) << r.message;
    EXPECT_NE(log.str().find("module parameter -> ns3::TcpCubic::HyStartDetect=1"),
              std::string::npos)
        << log.str();
    EXPECT_NE(log.str().find("not applied: ns3::TcpCubic::HyStartDetect=9"), std::string::npos)
        << log.str();
    TypeId::AttributeInformation info;
    ASSERT_TRUE(TcpCubic::GetTypeId().LookupAttributeByName("HyStartDetect", &info));
    EXPECT_EQ(info.initialValue->SerializeToString(info.checker), "3");
}
