/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * The socket defaults the SetTcp line hands out (TcpFsmL4Protocol::TcpSocketBaseDefaults):
 * after InternetStackHelper::SetTcp("ns3::TcpFsmL4Protocol") a socket takes
 * ns3::TcpSocketBase's Sack, Timestamp, WindowScaling, UseEcn, MinRto, ReTxThreshold and
 * LimitedTransmit, as a socket of ns-3's TCP would, and Config::SetDefault on them works as
 * in ns-3; the tcp-fsm socket's own attributes win when they were given; TcpFsmHelper keeps
 * tcp-fsm's own values.
 */
#include "tcp-fsm-two-nodes-fixture.h"

#include "ns3/applications-module.h"
#include "ns3/core-module.h"
#include "ns3/internet-module.h"
#include "ns3/network-module.h"
#include "ns3/point-to-point-module.h"
#include "ns3/tcp-fsm-helper.h"
#include "ns3/tcp-fsm-l4-protocol.h"
#include "ns3/tcp-fsm-socket.h"
#include "ns3/tcp-fsm-tcp-info.h"

#include <gtest/gtest.h>

using namespace ns3;

namespace
{

/// The SetTcp line (Net net) or TcpFsmHelper (Net net(true)).
struct Net : TcpFsmTwoNodes
{
    explicit Net(bool fsmHelper = false)
      : TcpFsmTwoNodes(fsmHelper ? Stack::TcpFsmHelper : Stack::SetTcp)
    {}
};

std::string
Get(Ptr<TcpFsmSocket> s, const std::string& name)
{
    TypeId::AttributeInformation info;
    EXPECT_TRUE(s->GetInstanceTypeId().LookupAttributeByName(name, &info));
    Ptr<AttributeValue> v = info.checker->Create();
    s->GetAttribute(name, *v);
    return v->SerializeToString(info.checker);
}

Time
GetTime(Ptr<TcpFsmSocket> s, const std::string& name)
{
    TimeValue v;
    s->GetAttribute(name, v);
    return v.Get();
}

} // namespace

TEST(SetTcpDefaults, SocketsTakeNs3sSackTimestampWindowScaling)
{
    Net net;
    Ptr<TcpFsmSocket> s = net.NewSocket();
    EXPECT_EQ(Get(s, "Sack"), "true");
    EXPECT_EQ(Get(s, "Timestamp"), "true");
    EXPECT_EQ(Get(s, "WindowScaling"), "true");
    EXPECT_EQ(Get(s, "UseEcn"), "Off");
    EXPECT_EQ(Get(s, "ReTxThreshold"), "3");
    EXPECT_EQ(Get(s, "LimitedTransmit"), "true");
    EXPECT_TRUE(TcpFsmHelper::GetL4(net.nodes.Get(0))->GetTcpSocketBaseDefaults());
}

TEST(SetTcpDefaults, TcpFsmHelperKeepsTcpFsmsOwnValues)
{
    Net net(true);
    Ptr<TcpFsmSocket> s = net.NewSocket();
    EXPECT_EQ(Get(s, "Sack"), "false");
    EXPECT_EQ(Get(s, "Timestamp"), "false");
    EXPECT_FALSE(TcpFsmHelper::GetL4(net.nodes.Get(0))->GetTcpSocketBaseDefaults());
}

TEST(SetTcpDefaults, TcpFsmHelperFollowsAChangedDefaultOfTheSwitch)
{
    Config::SetDefault("ns3::TcpFsmL4Protocol::TcpSocketBaseDefaults", BooleanValue(true));
    Net net(true);
    EXPECT_EQ(Get(net.NewSocket(), "Sack"), "true");
}

TEST(SetTcpDefaults, ConfigSetDefaultOnTcpSocketBaseWorksAsInNs3)
{
    // tcp-linux-reno, tcp-variants-comparison: Sack; tcp-pacing, tcp-validation: UseEcn.
    Config::SetDefault("ns3::TcpSocketBase::Sack", BooleanValue(false));
    Config::SetDefault("ns3::TcpSocketBase::Timestamp", BooleanValue(false));
    Config::SetDefault("ns3::TcpSocketBase::UseEcn", StringValue("On"));
    Config::SetDefault("ns3::TcpSocketBase::MinRto", TimeValue(MilliSeconds(200)));
    Config::SetDefault("ns3::TcpSocketBase::ReTxThreshold", UintegerValue(5));
    Net net;
    Ptr<TcpFsmSocket> s = net.NewSocket();
    EXPECT_EQ(Get(s, "Sack"), "false");
    EXPECT_EQ(Get(s, "Timestamp"), "false");
    EXPECT_EQ(Get(s, "UseEcn"), "On");
    EXPECT_EQ(GetTime(s, "MinRto"), MilliSeconds(200));
    EXPECT_EQ(Get(s, "ReTxThreshold"), "5");
}

TEST(SetTcpDefaults, ADefaultChangedBetweenTwoSocketsReachesTheSecond)
{
    Net net;
    Ptr<TcpFsmSocket> before = net.NewSocket(); // the L4's prototype made with Sack=true
    Config::SetDefault("ns3::TcpSocketBase::Sack", BooleanValue(false));
    Ptr<TcpFsmSocket> after = net.NewSocket();
    EXPECT_EQ(Get(before, "Sack"), "true");
    EXPECT_EQ(Get(after, "Sack"), "false");
}

TEST(SetTcpDefaults, TcpFsmSocketsOwnSetDefaultWins)
{
    // Given explicitly, even to tcp-fsm's default value: tcp-fsm's word is the last.
    Config::SetDefault("ns3::TcpFsmSocket::Sack", BooleanValue(false));
    Config::SetDefault("ns3::TcpFsmSocket::Timestamp", BooleanValue(true));
    Config::SetDefault("ns3::TcpSocketBase::Timestamp", BooleanValue(false));
    Net net;
    Ptr<TcpFsmSocket> s = net.NewSocket();
    EXPECT_EQ(Get(s, "Sack"), "false");
    EXPECT_EQ(Get(s, "Timestamp"), "true");
    EXPECT_EQ(Get(s, "WindowScaling"), "true"); // not given: ns-3's
}

TEST(SetTcpDefaults, ProfileLinuxSetsItsOwnOnly)
{
    // Profile=linux gives Sack, Timestamp, MinRto values of its own; UseEcn is not one.
    Config::SetDefault("ns3::TcpFsmSocket::Profile", StringValue("linux"));
    Config::SetDefault("ns3::TcpSocketBase::Sack", BooleanValue(false));
    Config::SetDefault("ns3::TcpSocketBase::MinRto", TimeValue(Seconds(2)));
    Config::SetDefault("ns3::TcpSocketBase::UseEcn", StringValue("AcceptOnly"));
    Net net;
    Ptr<TcpFsmSocket> s = net.NewSocket();
    EXPECT_EQ(Get(s, "Sack"), "true");
    EXPECT_EQ(GetTime(s, "MinRto"), MilliSeconds(200));
    EXPECT_EQ(Get(s, "UseEcn"), "AcceptOnly");
}

TEST(SetTcpDefaults, SwitchedOffOnTheL4SocketsKeepTcpFsmsValues)
{
    Net net;
    Ptr<TcpFsmL4Protocol> l4 = TcpFsmHelper::GetL4(net.nodes.Get(0));
    EXPECT_EQ(Get(net.NewSocket(), "Sack"), "true");
    l4->SetAttribute("TcpSocketBaseDefaults", BooleanValue(false));
    EXPECT_EQ(Get(net.NewSocket(), "Sack"), "false");
    l4->SetAttribute("TcpSocketBaseDefaults", BooleanValue(true));
    EXPECT_EQ(Get(net.NewSocket(), "Sack"), "true");
}

TEST(SetTcpDefaults, AnInvalidValueForTcpFsmIsRefusedWithAMessage)
{
    // ns-3 accepts a MinRto of 0; tcp-fsm's MinRto is at least 1 ms.
    Config::SetDefault("ns3::TcpSocketBase::MinRto", TimeValue(Seconds(0)));
    EXPECT_DEATH(
        {
            Net net;
            net.NewSocket();
        },
        "ns3::TcpSocketBase::MinRto = \\+0ns is not a valid ns3::TcpFsmSocket::MinRto");
    Config::Reset(); // the death test's child ran Net's destructor, not this process
}

namespace
{

/// tcpi_options of the sender's socket at the end of a BulkSend transfer from node 0 to 1.
uint8_t
NegotiatedOptions(Net& net, uint32_t* received)
{
    Ptr<PacketSink> sink = net.Transfer(100000);
    uint8_t options = 0;
    Simulator::Schedule(Seconds(0.5),
                        [&net, &options]()
                        {
                            Ptr<TcpFsmL4Protocol> l4 = TcpFsmHelper::GetL4(net.nodes.Get(0));
                            ASSERT_GE(l4->GetSocketListSize(), 1u);
                            options = l4->GetListedSocket(0)->GetTcpInfo().tcpi_options;
                        });
    Simulator::Stop(Seconds(5));
    Simulator::Run();
    *received = sink->GetTotalRx();
    return options;
}

} // namespace

TEST(SetTcpDefaults, TheOneLineNegotiatesSackAndTimestamps)
{
    Net net;
    uint32_t received = 0;
    const uint8_t options = NegotiatedOptions(net, &received);
    EXPECT_EQ(received, 100000u);
    EXPECT_NE(options & kTcpiOptSack, 0);
    EXPECT_NE(options & kTcpiOptTimestamps, 0);
}

TEST(SetTcpDefaults, TcpFsmHelperNegotiatesNeither)
{
    Net net(true);
    uint32_t received = 0;
    const uint8_t options = NegotiatedOptions(net, &received);
    EXPECT_EQ(received, 100000u);
    EXPECT_EQ(options & (kTcpiOptSack | kTcpiOptTimestamps), 0);
}
