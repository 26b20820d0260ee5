/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * InternetStackHelper::SetTcp("ns3::TcpFsmL4Protocol") as the whole switch: what ns-3 code
 * and users' scripts use to find and configure TCP finds tcp-fsm (GetObject<TcpL4Protocol>(),
 * `$ns3::TcpL4Protocol/SocketList/N/...` Config paths, the L4's SocketType and RecoveryType,
 * ns3::TcpSocket defaults), and ns-3's TCP is never involved.
 */
#include "tcp-fsm-two-nodes-fixture.h"

#include "ns3/applications-module.h"
#include "ns3/core-module.h"
#include "ns3/internet-module.h"
#include "ns3/network-module.h"
#include "ns3/point-to-point-module.h"
#include "ns3/tcp-fsm-helper.h"
#include "ns3/tcp-fsm-l4-protocol.h"
#include "ns3/tcp-fsm-socket-factory.h"
#include "ns3/tcp-fsm-socket.h"

#include <gtest/gtest.h>

using namespace ns3;

namespace
{

using TwoNodes = TcpFsmTwoNodes;

void
CountCwnd(uint32_t* calls, uint32_t /* oldValue */, uint32_t /* newValue */)
{
    ++*calls;
}

} // namespace

TEST(SetTcp, GetObjectTcpL4ProtocolFindsTcpFsm)
{
    TwoNodes net;
    for (uint32_t i = 0; i < 2; ++i)
    {
        Ptr<Node> node = net.nodes.Get(i);
        Ptr<TcpL4Protocol> tcp = node->GetObject<TcpL4Protocol>();
        ASSERT_NE(tcp, nullptr) << "tcp-validation's GetObject<TcpL4Protocol>() must not be null";
        EXPECT_NE(DynamicCast<TcpFsmL4Protocol>(tcp), nullptr);
        EXPECT_EQ(tcp->GetInstanceTypeId(), TcpFsmL4Protocol::GetTypeId());
        EXPECT_EQ(tcp, TcpFsmHelper::GetL4(node));
        // Protocol 6 of IPv4 is tcp-fsm itself (the base never inserted itself) and the node's
        // socket factory is tcp-fsm's (ns-3's TcpSocketFactoryImpl was never aggregated).
        EXPECT_EQ(node->GetObject<Ipv4L3Protocol>()->GetProtocol(6), tcp);
        Ptr<TcpSocketFactory> factory = node->GetObject<TcpSocketFactory>();
        ASSERT_NE(factory, nullptr);
        EXPECT_NE(DynamicCast<TcpFsmSocketFactory>(factory), nullptr);
        Ptr<Socket> s = Socket::CreateSocket(node, TcpSocketFactory::GetTypeId());
        EXPECT_NE(DynamicCast<TcpFsmSocket>(s), nullptr);
        EXPECT_EQ(DynamicCast<TcpSocketBase>(s), nullptr);
    }
}

TEST(SetTcp, TcpFsmHelperIsTheSameSwitch)
{
    NodeContainer nodes;
    nodes.Create(1);
    TcpFsmHelper().Install(nodes);
    Ptr<TcpL4Protocol> tcp = nodes.Get(0)->GetObject<TcpL4Protocol>();
    ASSERT_NE(tcp, nullptr);
    EXPECT_EQ(tcp->GetInstanceTypeId(), TcpFsmL4Protocol::GetTypeId());
    Simulator::Destroy();
}

TEST(SetTcp, SocketListListsTcpFsmSocketsInCreationOrder)
{
    TwoNodes net;
    Ptr<Node> node = net.nodes.Get(0);
    Ptr<Socket> a = Socket::CreateSocket(node, TcpSocketFactory::GetTypeId());
    Ptr<Socket> b = Socket::CreateSocket(node, TcpSocketFactory::GetTypeId());
    Ptr<Socket> c = Socket::CreateSocket(node, TcpSocketFactory::GetTypeId());
    Config::MatchContainer m
        = Config::LookupMatches("/NodeList/0/$ns3::TcpL4Protocol/SocketList/*");
    ASSERT_EQ(m.GetN(), 3u);
    EXPECT_EQ(m.Get(0), a);
    EXPECT_EQ(m.Get(1), b);
    EXPECT_EQ(m.Get(2), c);
    // The same list through the attribute itself, and under tcp-fsm's own TypeId name.
    ObjectVectorValue list;
    node->GetObject<TcpL4Protocol>()->GetAttribute("SocketList", list);
    ASSERT_EQ(list.GetN(), 3u);
    EXPECT_EQ(list.Get(1), b);
    EXPECT_EQ(Config::LookupMatches("/NodeList/0/$ns3::TcpFsmL4Protocol/SocketList/*").GetN(), 3u);
    // A disposed socket leaves the list; the others keep their order.
    b->Dispose();
    m = Config::LookupMatches("/NodeList/0/$ns3::TcpL4Protocol/SocketList/*");
    ASSERT_EQ(m.GetN(), 2u);
    EXPECT_EQ(m.Get(0), a);
    EXPECT_EQ(m.Get(1), c);
    EXPECT_EQ(Config::LookupMatches("/NodeList/1/$ns3::TcpL4Protocol/SocketList/*").GetN(), 0u);
}

TEST(SetTcp, ManySocketsComeAndGo)
{
    TwoNodes net;
    Ptr<Node> node = net.nodes.Get(0);
    std::vector<Ptr<Socket>> sockets;
    for (int i = 0; i < 300; ++i)
    {
        sockets.push_back(Socket::CreateSocket(node, TcpSocketFactory::GetTypeId()));
    }
    for (int i = 0; i < 300; i += 3) // two in three stay
    {
        sockets[i]->Dispose();
    }
    Ptr<TcpFsmL4Protocol> tcp = TcpFsmHelper::GetL4(node);
    ASSERT_EQ(tcp->GetSocketListSize(), 200u);
    EXPECT_EQ(tcp->GetListedSocket(0), sockets[1]);
    EXPECT_EQ(tcp->GetListedSocket(199), sockets[299]);
    EXPECT_EQ(tcp->GetListedSocket(200), nullptr);
}

TEST(SetTcp, ConfigPathThroughSocketListConnectsOnce)
{
    // tcp-large-transfer and tcp-pacing: connect to SocketList/0/CongestionWindow of a socket
    // created before the run. The sink must be called exactly as often as one connected to the
    // socket directly (a path followed twice would connect it twice).
    TwoNodes net;
    Ptr<Socket> s = Socket::CreateSocket(net.nodes.Get(0), TcpSocketFactory::GetTypeId());
    uint32_t viaConfig = 0;
    uint32_t direct = 0;
    Config::ConnectWithoutContext("/NodeList/0/$ns3::TcpL4Protocol/SocketList/0/CongestionWindow",
                                  MakeBoundCallback(&CountCwnd, &viaConfig));
    s->TraceConnectWithoutContext("CongestionWindow", MakeBoundCallback(&CountCwnd, &direct));
    Ptr<PacketSink> sink;
    {
        PacketSinkHelper sinkHelper("ns3::TcpSocketFactory",
                                    InetSocketAddress(Ipv4Address::GetAny(), 9));
        ApplicationContainer app = sinkHelper.Install(net.nodes.Get(1));
        sink = DynamicCast<PacketSink>(app.Get(0));
    }
    const Ipv4Address server = net.ifs.GetAddress(1);
    Simulator::Schedule(Seconds(0.1),
                        [s, server]()
                        {
                            s->Bind();
                            s->Connect(InetSocketAddress(server, 9));
                        });
    Simulator::Schedule(Seconds(0.5),
                        [s]()
                        {
                            s->Send(Create<Packet>(50000));
                            s->Close();
                        });
    Simulator::Stop(Seconds(5));
    Simulator::Run();
    EXPECT_EQ(sink->GetTotalRx(), 50000u);
    EXPECT_GT(direct, 0u);
    EXPECT_EQ(viaConfig, direct);
    // FailSafe connection to an attribute that is not there reports false, never aborts.
    EXPECT_FALSE(Config::ConnectWithoutContextFailSafe(
        "/NodeList/0/$ns3::TcpL4Protocol/SocketList/0/NoSuchTrace",
        MakeBoundCallback(&CountCwnd, &direct)));
}

TEST(SetTcp, SocketTypeAndRecoveryTypeAreTheBasesWithNs3Defaults)
{
    TwoNodes net;
    Ptr<TcpFsmL4Protocol> tcp = TcpFsmHelper::GetL4(net.nodes.Get(0));
    EXPECT_EQ(tcp->GetCongestionTypeId(), TypeId::LookupByName("ns3::TcpCubic"));
    EXPECT_EQ(tcp->GetRecoveryTypeId(), TypeId::LookupByName("ns3::TcpPrrRecovery"));
    // tcp-validation: SetAttribute on GetObject<TcpL4Protocol>() after Install.
    Ptr<TcpL4Protocol> base = net.nodes.Get(0)->GetObject<TcpL4Protocol>();
    base->SetAttribute("SocketType", TypeIdValue(TypeId::LookupByName("ns3::TcpNewReno")));
    base->SetAttribute("RecoveryType",
                       TypeIdValue(TypeId::LookupByName("ns3::TcpClassicRecovery")));
    EXPECT_EQ(tcp->GetCongestionTypeId(), TypeId::LookupByName("ns3::TcpNewReno"));
    EXPECT_EQ(tcp->GetRecoveryTypeId(), TypeId::LookupByName("ns3::TcpClassicRecovery"));
}

TEST(SetTcp, SocketTypeDefaultAppliesToNodesInstalledAfterIt)
{
    // dctcp-example, tcp-variants-comparison: Config::SetDefault before Install.
    Config::SetDefault("ns3::TcpL4Protocol::SocketType", StringValue("ns3::TcpWestwood"));
    Config::SetDefault("ns3::TcpL4Protocol::RecoveryType",
                       TypeIdValue(TypeId::LookupByName("ns3::TcpClassicRecovery")));
    TwoNodes net;
    Ptr<TcpFsmL4Protocol> tcp = TcpFsmHelper::GetL4(net.nodes.Get(1));
    EXPECT_EQ(tcp->GetCongestionTypeId(), TypeId::LookupByName("ns3::TcpWestwood"));
    EXPECT_EQ(tcp->GetRecoveryTypeId(), TypeId::LookupByName("ns3::TcpClassicRecovery"));
    // Config::Set through the ns-3 path reaches it too.
    Config::Set("/NodeList/1/$ns3::TcpL4Protocol/SocketType",
                TypeIdValue(TypeId::LookupByName("ns3::TcpVegas")));
    EXPECT_EQ(tcp->GetCongestionTypeId(), TypeId::LookupByName("ns3::TcpVegas"));
}

TEST(SetTcp, SocketClassIsTcpFsmsOwnAttribute)
{
    TwoNodes net;
    Ptr<TcpFsmL4Protocol> tcp = TcpFsmHelper::GetL4(net.nodes.Get(0));
    TypeIdValue cls;
    tcp->GetAttribute("SocketClass", cls);
    EXPECT_EQ(cls.Get(), TcpFsmSocket::GetTypeId());
    TypeIdValue cc;
    tcp->GetAttribute("SocketType", cc); // ns-3's meaning: congestion control, not a socket
    EXPECT_NE(cc.Get(), TcpFsmSocket::GetTypeId());
}

TEST(SetTcp, TcpSocketDefaultsApplyToTcpFsmSockets)
{
    TwoNodes net;
    Ptr<Node> node = net.nodes.Get(0);
    // A socket first, so that the L4's prototype exists with the old defaults.
    Ptr<Socket> before = Socket::CreateSocket(node, TcpSocketFactory::GetTypeId());
    Config::SetDefault("ns3::TcpSocket::SegmentSize", UintegerValue(1000));
    Config::SetDefault("ns3::TcpSocket::InitialCwnd", UintegerValue(4));
    Config::SetDefault("ns3::TcpSocket::SndBufSize", UintegerValue(65536));
    Config::SetDefault("ns3::TcpSocket::DelAckCount", UintegerValue(1));
    Ptr<Socket> after = Socket::CreateSocket(node, TcpSocketFactory::GetTypeId());
    UintegerValue v;
    after->GetAttribute("SegmentSize", v);
    EXPECT_EQ(v.Get(), 1000u);
    after->GetAttribute("InitialCwnd", v);
    EXPECT_EQ(v.Get(), 4u);
    after->GetAttribute("SndBufSize", v);
    EXPECT_EQ(v.Get(), 65536u);
    after->GetAttribute("DelAckCount", v);
    EXPECT_EQ(v.Get(), 1u);
    EXPECT_EQ(DynamicCast<TcpSocket>(after)->GetInstanceTypeId().GetParent(),
              TcpSocket::GetTypeId());
    before->GetAttribute("SegmentSize", v);
    EXPECT_NE(v.Get(), 1000u); // defaults apply to sockets made after them, as in ns-3
}

TEST(SetTcp, BulkTransferWithTheOneLine)
{
    TwoNodes net;
    Ptr<PacketSink> sink = net.Transfer(200000);
    Simulator::Stop(Seconds(10));
    Simulator::Run();
    EXPECT_EQ(sink->GetTotalRx(), 200000u);
}

namespace
{

/// The last NextRxSequence seen and how often it fired.
struct RxSeqLog
{
    SequenceNumber32 last{0};
    uint32_t calls{0};
    bool monotonic{true};
};

void
LogNextRx(RxSeqLog* log, SequenceNumber32 oldValue, SequenceNumber32 newValue)
{
    if (log->calls > 0 && newValue < oldValue)
    {
        log->monotonic = false;
    }
    log->last = newValue;
    ++log->calls;
}

} // namespace

TEST(SetTcp, RxBufferNextRxSequenceIsRcvNxt)
{
    // tcp-variants-comparison --tracing=1: SocketList/1 (the sink's accepted socket) ->
    // RxBuffer -> NextRxSequence, connected while the transfer runs.
    TwoNodes net;
    Ptr<PacketSink> sink = net.Transfer(2000000); // 1.6 s at 10 Mb/s
    RxSeqLog log;
    Ptr<TcpFsmSocket> child;
    Simulator::Schedule(Seconds(0.2),
                        [&log, &child, &net]()
                        {
                            Config::ConnectWithoutContext(
                                "/NodeList/1/$ns3::TcpL4Protocol/SocketList/1/RxBuffer/"
                                "NextRxSequence",
                                MakeBoundCallback(&LogNextRx, &log));
                            Ptr<TcpFsmL4Protocol> tcp = TcpFsmHelper::GetL4(net.nodes.Get(1));
                            ObjectPtrContainerValue list;
                            tcp->GetAttribute("SocketList", list);
                            ASSERT_EQ(list.GetN(), 2u);
                            child = DynamicCast<TcpFsmSocket>(list.Get(1));
                        });
    Simulator::Stop(Seconds(10));
    Simulator::Run();
    EXPECT_EQ(sink->GetTotalRx(), 2000000u);
    ASSERT_TRUE(child);
    EXPECT_GT(log.calls, 1u);
    EXPECT_TRUE(log.monotonic);
    // RCV.NXT at the end: IRS + 1 + 2000000 bytes + the FIN, the model's own number.
    const TcpFsmTcb& tcb = child->GetTcb();
    EXPECT_EQ(log.last, tcb.rcvNxt);
    EXPECT_EQ(log.last, tcb.irs + 1 + 2000000 + 1);
    // The attribute is read-only and reports the same object on every read.
    PointerValue a;
    PointerValue b;
    child->GetAttribute("RxBuffer", a);
    child->GetAttribute("RxBuffer", b);
    ASSERT_NE(a.Get<Object>(), nullptr);
    EXPECT_EQ(a.Get<Object>(), b.Get<Object>());
    EXPECT_FALSE(child->SetAttributeFailSafe("RxBuffer", PointerValue()));
}

TEST(SetTcp, CongestionControlIsTheL4sSocketTypeWithNs3sDefault)
{
    // ns-3.37's TcpL4Protocol::SocketType defaults to TcpCubic: a SetTcp program that sets
    // nothing gets CUBIC, as on ns-3's TCP; TcpFsmHelper gives the same.
    {
        TwoNodes net;
        Ptr<Socket> s = Socket::CreateSocket(net.nodes.Get(0), TcpSocketFactory::GetTypeId());
        EXPECT_EQ(DynamicCast<TcpFsmSocket>(s)->GetCongestionOpsType().GetName(), "ns3::TcpCubic");
        EXPECT_EQ(DynamicCast<TcpFsmSocket>(s)->GetRecoveryOpsType().GetName(),
                  "ns3::TcpPrrRecovery");
    }
    {
        NodeContainer n;
        n.Create(1);
        TcpFsmHelper stack;
        stack.Install(n);
        Ptr<Socket> s = Socket::CreateSocket(n.Get(0), TcpSocketFactory::GetTypeId());
        EXPECT_EQ(DynamicCast<TcpFsmSocket>(s)->GetCongestionOpsType().GetName(), "ns3::TcpCubic");
        Simulator::Destroy();
    }
    // Set explicitly to ns-3's default value: still what it says.
    Config::SetDefault("ns3::TcpL4Protocol::SocketType", StringValue("ns3::TcpCubic"));
    {
        TwoNodes net;
        Ptr<Socket> s = Socket::CreateSocket(net.nodes.Get(0), TcpSocketFactory::GetTypeId());
        EXPECT_EQ(DynamicCast<TcpFsmSocket>(s)->GetCongestionOpsType().GetName(), "ns3::TcpCubic");
    }
    Config::SetDefault("ns3::TcpL4Protocol::SocketType", StringValue("ns3::TcpNewReno"));
    {
        TwoNodes net;
        Ptr<Socket> s = Socket::CreateSocket(net.nodes.Get(0), TcpSocketFactory::GetTypeId());
        EXPECT_EQ(DynamicCast<TcpFsmSocket>(s)->GetCongestionOpsType().GetName(),
                  "ns3::TcpNewReno");
    }
    // tcp-fsm's own attribute, moved off its default, wins over the L4's.
    Config::SetDefault("ns3::TcpFsmSocket::CongestionOps", StringValue("ns3::TcpVegas"));
    {
        TwoNodes net;
        Ptr<Socket> s = Socket::CreateSocket(net.nodes.Get(0), TcpSocketFactory::GetTypeId());
        EXPECT_EQ(DynamicCast<TcpFsmSocket>(s)->GetCongestionOpsType().GetName(), "ns3::TcpVegas");
    }
}
