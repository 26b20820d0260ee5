/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * Two-node simulations of the data phase with ns-3's congestion controls: every
 * ns3::TcpCongestionOps subclass registered by ns-3 (Debian's 3.37 has 17; Westwood+ is
 * TcpWestwood's ProtocolType there) completes a bulk
 * transfer under 1 % random loss; the L4's SocketType reaches the sockets; the congestion
 * states of a lossy transfer come with their causes.
 */
#include "ns3/applications-module.h"
#include "ns3/core-module.h"
#include "ns3/internet-module.h"
#include "ns3/network-module.h"
#include "ns3/point-to-point-module.h"
#include "ns3/tcp-fsm-helper.h"
#include "ns3/tcp-fsm-l4-protocol.h"
#include "ns3/tcp-fsm-socket.h"

#include <gtest/gtest.h>
#include <set>

using namespace ns3;

namespace
{

/// Every registered, constructible ns3::TcpCongestionOps subclass. Found by construction, not
/// by TypeId parent: ns-3.37 registers TcpCubic with TcpSocketBase as its TypeId's parent.
std::vector<TypeId>
AllCongestionOps()
{
    std::vector<TypeId> all;
    for (uint16_t i = 0; i < TypeId::GetRegisteredN(); ++i)
    {
        TypeId tid = TypeId::GetRegistered(i);
        const std::string name = tid.GetName();
        if (name.rfind("ns3::Tcp", 0) != 0 || !tid.HasConstructor()
            || tid == TcpCongestionOps::GetTypeId())
        {
            continue;
        }
        if (!tid.IsChildOf(TcpCongestionOps::GetTypeId()) && name != "ns3::TcpCubic")
        {
            continue; // only a TcpCongestionOps's TypeId can claim a wrong parent (3.37)
        }
        ObjectFactory factory;
        factory.SetTypeId(tid);
        if (DynamicCast<TcpCongestionOps>(factory.Create()))
        {
            all.push_back(tid);
        }
    }
    return all;
}

struct BulkResult
{
    uint64_t received{0};
    std::string ccOfSender;
    std::set<std::string> congCauses;
    bool sawRecoveryOrLoss{false};
};

void
RememberSocket(Ptr<Application> app, BulkResult* r)
{
    Ptr<Socket> s = DynamicCast<BulkSendApplication>(app)->GetSocket();
    Ptr<TcpFsmSocket> fsm = DynamicCast<TcpFsmSocket>(s);
    if (!fsm)
    {
        return;
    }
    r->ccOfSender = fsm->GetCongestionOpsType().GetName();
    fsm->TraceConnectWithoutContext("CongStateTransition",
                                    Callback<void,
                                             TcpSocketState::TcpCongState_t,
                                             TcpSocketState::TcpCongState_t,
                                             const std::string&>(
                                        [r](TcpSocketState::TcpCongState_t,
                                            TcpSocketState::TcpCongState_t to,
                                            const std::string& cause)
                                        {
                                            r->congCauses.insert(cause);
                                            r->sawRecoveryOrLoss
                                                = r->sawRecoveryOrLoss
                                                  || to == TcpSocketState::CA_RECOVERY
                                                  || to == TcpSocketState::CA_LOSS;
                                        }));
}

/// A BulkSend of `bytes` from node 0 to a PacketSink on node 1, tcp-fsm on both, 10 Mbps,
/// 20 ms RTT, `loss` on both directions; congestion control `cc` through the L4's SocketType.
BulkResult
Bulk(TypeId cc, double loss, uint32_t bytes)
{
    RngSeedManager::SetSeed(3);
    RngSeedManager::SetRun(1);
    Config::SetDefault("ns3::TcpSocket::SegmentSize", UintegerValue(1448));
    NodeContainer nodes;
    nodes.Create(2);
    PointToPointHelper p2p;
    p2p.SetDeviceAttribute("DataRate", StringValue("10Mbps"));
    p2p.SetChannelAttribute("Delay", StringValue("10ms"));
    NetDeviceContainer devs = p2p.Install(nodes);
    for (uint32_t i = 0; i < 2 && loss > 0; ++i)
    {
        Ptr<RateErrorModel> em = CreateObject<RateErrorModel>();
        em->SetAttribute("ErrorRate", DoubleValue(loss));
        em->SetAttribute("ErrorUnit", StringValue("ERROR_UNIT_PACKET"));
        em->AssignStreams(50 + i);
        devs.Get(i)->SetAttribute("ReceiveErrorModel", PointerValue(em));
    }
    TcpFsmHelper stack;
    stack.Install(nodes);
    TcpFsmHelper::AssignStreams(nodes, 10);
    for (uint32_t i = 0; i < 2; ++i)
    {
        TcpFsmHelper::GetL4(nodes.Get(i))->SetAttribute("SocketType", TypeIdValue(cc));
    }
    Ipv4AddressHelper a4("10.1.1.0", "255.255.255.0");
    Ipv4InterfaceContainer ifs = a4.Assign(devs);
    BulkSendHelper source("ns3::TcpSocketFactory", InetSocketAddress(ifs.GetAddress(1), 9));
    source.SetAttribute("MaxBytes", UintegerValue(bytes));
    ApplicationContainer apps = source.Install(nodes.Get(0));
    apps.Start(Seconds(0.1));
    PacketSinkHelper sink("ns3::TcpSocketFactory", InetSocketAddress(Ipv4Address::GetAny(), 9));
    ApplicationContainer sinks = sink.Install(nodes.Get(1));
    sinks.Start(Seconds(0));
    BulkResult r;
    Simulator::Schedule(Seconds(0.1) + MicroSeconds(1), &RememberSocket, apps.Get(0), &r);
    Simulator::Stop(Seconds(300));
    Simulator::Run();
    r.received = DynamicCast<PacketSink>(sinks.Get(0))->GetTotalRx();
    Simulator::Destroy();
    Config::Reset();
    return r;
}

} // namespace

TEST(TcpFsmCongestionOps, Ns3RegistersTheSeventeenCongestionControlsOfDebians337)
{
    std::set<std::string> names;
    for (TypeId tid : AllCongestionOps())
    {
        names.insert(tid.GetName());
    }
    for (const char* expected : {"ns3::TcpNewReno",
                                 "ns3::TcpLinuxReno",
                                 "ns3::TcpCubic",
                                 "ns3::TcpBic",
                                 "ns3::TcpHighSpeed",
                                 "ns3::TcpHtcp",
                                 "ns3::TcpHybla",
                                 "ns3::TcpIllinois",
                                 "ns3::TcpLedbat",
                                 "ns3::TcpLp",
                                 "ns3::TcpScalable",
                                 "ns3::TcpVegas",
                                 "ns3::TcpVeno",
                                 "ns3::TcpWestwood",
                                 "ns3::TcpYeah",
                                 "ns3::TcpDctcp",
                                 "ns3::TcpBbr"})
    {
        EXPECT_EQ(names.count(expected), 1u) << expected;
    }
}

TEST(TcpFsmCongestionOps, EveryCongestionControlCompletesABulkTransferUnderOnePercentLoss)
{
    const uint32_t bytes = 300000;
    const std::vector<TypeId> all = AllCongestionOps();
    ASSERT_GE(all.size(), 17u);
    for (TypeId cc : all)
    {
        SCOPED_TRACE(cc.GetName());
        BulkResult r = Bulk(cc, 0.01, bytes);
        EXPECT_EQ(r.received, bytes);
        EXPECT_EQ(r.ccOfSender, cc.GetName());
    }
}

TEST(TcpFsmCongestionOps, ALossyTransferEntersAndLeavesRecoveryWithCauses)
{
    BulkResult r = Bulk(TcpNewReno::GetTypeId(), 0.02, 500000);
    EXPECT_EQ(r.received, 500000u);
    EXPECT_TRUE(r.sawRecoveryOrLoss);
    EXPECT_EQ(r.congCauses.count("dup_ack"), 1u);
    EXPECT_EQ(r.congCauses.count("dup_acks"), 1u);
    EXPECT_EQ(r.congCauses.count("full_ack"), 1u);
}
