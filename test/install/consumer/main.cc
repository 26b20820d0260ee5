/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * A user's program outside the tcp-fsm tree, built against the installed package (CMake's
 * find_package(tcp-fsm) or pkg-config's ns3-tcp-fsm). It switches to tcp-fsm by name only,
 * with InternetStackHelper::SetTcp, so it names no symbol of the library: it works only if the
 * package links the module in anyway (its registration runs when the library loads).
 */
#include "ns3/applications-module.h"
#include "ns3/core-module.h"
#include "ns3/internet-module.h"
#include "ns3/network-module.h"
#include "ns3/point-to-point-module.h"
#include "ns3/tcp-fsm-helper.h" // installed under include/ns3/
#include "ns3/tcp-fsm-l4-protocol.h"
#include "ns3/tcp-fsm-socket.h"

#include <iostream>

using namespace ns3;

int
main(int argc, char* argv[])
{
    uint32_t bytes = 100000;
    CommandLine cmd;
    cmd.AddValue("bytes", "bytes to send", bytes);
    cmd.Parse(argc, argv);

    NodeContainer nodes;
    nodes.Create(2);
    PointToPointHelper p2p;
    p2p.SetDeviceAttribute("DataRate", StringValue("10Mbps"));
    p2p.SetChannelAttribute("Delay", StringValue("5ms"));
    NetDeviceContainer devs = p2p.Install(nodes);
    InternetStackHelper internet;
    internet.SetTcp("ns3::TcpFsmL4Protocol");
    internet.Install(nodes);
    Ipv4AddressHelper a4("10.1.1.0", "255.255.255.0");
    Ipv4InterfaceContainer ifs = a4.Assign(devs);

    BulkSendHelper bulk("ns3::TcpSocketFactory", InetSocketAddress(ifs.GetAddress(1), 9));
    bulk.SetAttribute("MaxBytes", UintegerValue(bytes));
    bulk.Install(nodes.Get(0)).Start(Seconds(0.1));
    PacketSinkHelper sinkHelper("ns3::TcpSocketFactory",
                                InetSocketAddress(Ipv4Address::GetAny(), 9));
    ApplicationContainer sink = sinkHelper.Install(nodes.Get(1));
    Simulator::Stop(Seconds(10));
    Simulator::Run();
    std::cout << "tcp: " << nodes.Get(0)->GetObject<TcpL4Protocol>()->GetInstanceTypeId().GetName()
              << " (protocol " << int(TcpFsmL4Protocol::PROT_NUMBER) << ")\n"
              << "received " << DynamicCast<PacketSink>(sink.Get(0))->GetTotalRx() << " bytes\n";
    Simulator::Destroy();
    return 0;
}
