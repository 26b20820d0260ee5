/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Two nodes on a 10 Mb/s, 5 ms point-to-point link running tcp-fsm, made the way an ns-3
 * program makes them: InternetStackHelper::SetTcp("ns3::TcpFsmL4Protocol") (the one line),
 * or TcpFsmHelper when asked. Shared by the SetTcp, SetTcp-defaults and lazy-trace tests.
 */
#ifndef TCP_FSM_TWO_NODES_FIXTURE_H
#define TCP_FSM_TWO_NODES_FIXTURE_H

#include "ns3/applications-module.h"
#include "ns3/core-module.h"
#include "ns3/internet-module.h"
#include "ns3/network-module.h"
#include "ns3/point-to-point-module.h"
#include "ns3/tcp-fsm-helper.h"
#include "ns3/tcp-fsm-socket.h"

namespace ns3
{

struct TcpFsmTwoNodes
{
    enum class Stack
    {
        SetTcp,       ///< internet.SetTcp("ns3::TcpFsmL4Protocol"): ns-3's socket defaults
        TcpFsmHelper, ///< TcpFsmHelper(internet).Install: tcp-fsm's own defaults
    };

    NodeContainer nodes;
    Ipv4InterfaceContainer ifs;

    explicit TcpFsmTwoNodes(Stack stack = Stack::SetTcp)
    {
        nodes.Create(2);
        PointToPointHelper p2p;
        p2p.SetDeviceAttribute("DataRate", StringValue("10Mbps"));
        p2p.SetChannelAttribute("Delay", StringValue("5ms"));
        NetDeviceContainer devs = p2p.Install(nodes);
        InternetStackHelper internet;
        if (stack == Stack::TcpFsmHelper)
        {
            TcpFsmHelper(internet).Install(nodes);
        }
        else
        {
            internet.SetTcp("ns3::TcpFsmL4Protocol"); // the one line
            internet.Install(nodes);
        }
        Ipv4AddressHelper a4("10.1.1.0", "255.255.255.0");
        ifs = a4.Assign(devs);
    }

    ~TcpFsmTwoNodes()
    {
        Simulator::Destroy();
        Config::Reset();
    }

    TcpFsmTwoNodes(const TcpFsmTwoNodes&) = delete;
    TcpFsmTwoNodes& operator=(const TcpFsmTwoNodes&) = delete;

    /// A socket from node `node`'s TcpSocketFactory (what ns-3 applications ask for).
    Ptr<TcpFsmSocket> NewSocket(uint32_t node = 0)
    {
        return DynamicCast<TcpFsmSocket>(
            Socket::CreateSocket(nodes.Get(node), TcpSocketFactory::GetTypeId()));
    }

    /// BulkSend of `bytes` from node 0 to a PacketSink on node 1, port 9, starting at 0.1 s.
    Ptr<PacketSink> Transfer(uint32_t bytes)
    {
        BulkSendHelper bulk("ns3::TcpSocketFactory", InetSocketAddress(ifs.GetAddress(1), 9));
        bulk.SetAttribute("MaxBytes", UintegerValue(bytes));
        ApplicationContainer src = bulk.Install(nodes.Get(0));
        src.Start(Seconds(0.1));
        PacketSinkHelper sinkHelper("ns3::TcpSocketFactory",
                                    InetSocketAddress(Ipv4Address::GetAny(), 9));
        ApplicationContainer sink = sinkHelper.Install(nodes.Get(1));
        sink.Start(Seconds(0.0));
        return DynamicCast<PacketSink>(sink.Get(0));
    }

    /// `listener` (a socket of node 1) listens on port 9; `client` (node 0; a new socket when
    /// null) connects at 0.1 s, sends 20,000 bytes and closes at 0.5 s; run for 5 s.
    void ConnectSendClose(Ptr<Socket> listener, Ptr<Socket> client = nullptr)
    {
        listener->Bind(InetSocketAddress(Ipv4Address::GetAny(), 9));
        listener->Listen();
        if (!client)
        {
            client = NewSocket(0);
        }
        const Ipv4Address server = ifs.GetAddress(1);
        Simulator::Schedule(Seconds(0.1),
                            [client, server]()
                            {
                                client->Connect(InetSocketAddress(server, 9));
                            });
        Simulator::Schedule(Seconds(0.5),
                            [client]()
                            {
                                client->Send(Create<Packet>(20000));
                                client->Close();
                            });
        Simulator::Stop(Seconds(5));
        Simulator::Run();
    }
};

} // namespace ns3

#endif // TCP_FSM_TWO_NODES_FIXTURE_H
