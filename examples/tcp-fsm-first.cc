/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * tcp-fsm-first: one connection, opened, used and closed, with every state
 * change of both ends printed as it happens.
 *
 *   client 10.1.1.1 ---- 5 Mbps, 10 ms ---- server 10.1.1.2:80
 *
 * The client connects at t = 1 s, sends --bytes, and closes; the server reads
 * until end of stream and closes. Expected path (teaching points 2, 3, 6, 7):
 *
 *   client: CLOSED -> SYN_SENT -> ESTABLISHED -> FIN_WAIT_1 -> FIN_WAIT_2 -> TIME_WAIT -> CLOSED
 *   server: CLOSED -> LISTEN (listener); LISTEN -> SYN_RCVD -> ESTABLISHED -> CLOSE_WAIT
 *           -> LAST_ACK -> CLOSED (the child created by the SYN)
 *
 * The client's TIME_WAIT lasts 2 * Msl (--ns3::TcpFsmSocket::Msl=30s shortens it).
 */
#include "ns3/applications-module.h"
#include "ns3/core-module.h"
#include "ns3/internet-module.h"
#include "ns3/network-module.h"
#include "ns3/point-to-point-module.h"
#include "ns3/tcp-fsm-helper.h"
#include "ns3/tcp-fsm-l4-protocol.h"
#include "ns3/tcp-fsm-socket.h"

#include <iomanip>
#include <iostream>

using namespace ns3;

namespace
{

uint32_t g_bytes = 2000;
uint64_t g_received = 0;

void
PrintTransition(std::string who, const TcpFsmTransitionRecord& r)
{
    std::cout << std::fixed << std::setprecision(6) << std::setw(11) << r.time.GetSeconds()
              << " s  " << std::left << std::setw(7) << who << " socket " << r.socketId << "  "
              << std::setw(11) << TcpFsmStateName(r.from) << " -> " << std::setw(11)
              << TcpFsmStateName(r.to) << " " << TcpFsmEventName(r.cause);
    if (r.hasSegment)
    {
        std::cout << "  [" << TcpHeader::FlagsToString(r.flags) << "]";
    }
    std::cout << std::right << "\n";
}

void
ServerRead(Ptr<Socket> s)
{
    while (Ptr<Packet> p = s->Recv())
    {
        if (p->GetSize() == 0)
        {
            s->Close(); // end of stream: passive close
            return;
        }
        g_received += p->GetSize();
    }
}

void
ServerAccept(Ptr<Socket> s, const Address&)
{
    s->SetRecvCallback(MakeCallback(&ServerRead));
}

void
ClientConnected(Ptr<Socket> s)
{
    s->Send(Create<Packet>(g_bytes));
    s->Close(); // active close: the FIN follows the data
}

} // namespace

int
main(int argc, char* argv[])
{
    CommandLine cmd(__FILE__);
    cmd.AddValue("bytes", "Bytes the client sends before closing", g_bytes);
    cmd.Parse(argc, argv);

    NodeContainer nodes;
    nodes.Create(2);
    PointToPointHelper p2p;
    p2p.SetDeviceAttribute("DataRate", StringValue("5Mbps"));
    p2p.SetChannelAttribute("Delay", StringValue("10ms"));
    NetDeviceContainer devices = p2p.Install(nodes);
    TcpFsmHelper tcpFsm;
    tcpFsm.Install(nodes);
    Ipv4AddressHelper addresses("10.1.1.0", "255.255.255.0");
    Ipv4InterfaceContainer ifs = addresses.Assign(devices);

    TcpFsmHelper::GetL4(nodes.Get(0))
        ->TraceConnectWithoutContext("StateTransition",
                                     MakeBoundCallback(&PrintTransition, std::string("client")));
    TcpFsmHelper::GetL4(nodes.Get(1))
        ->TraceConnectWithoutContext("StateTransition",
                                     MakeBoundCallback(&PrintTransition, std::string("server")));

    Ptr<Socket> server = Socket::CreateSocket(nodes.Get(1), TcpSocketFactory::GetTypeId());
    server->Bind(InetSocketAddress(Ipv4Address::GetAny(), 80));
    server->SetAcceptCallback(MakeNullCallback<bool, Ptr<Socket>, const Address&>(),
                              MakeCallback(&ServerAccept));
    Simulator::Schedule(Seconds(0.5),
                        [server]()
                        {
                            server->Listen();
                        });

    Ptr<Socket> client = Socket::CreateSocket(nodes.Get(0), TcpSocketFactory::GetTypeId());
    client->SetConnectCallback(MakeCallback(&ClientConnected),
                               MakeNullCallback<void, Ptr<Socket>>());
    Address to = InetSocketAddress(ifs.GetAddress(1), 80);
    Simulator::Schedule(Seconds(1),
                        [client, to]()
                        {
                            client->Connect(to);
                        });

    std::cout << "tcp-fsm-first: one connection, client 10.1.1.1 -> server 10.1.1.2:80, " << g_bytes
              << " bytes\n";
    Simulator::Run();
    std::cout << "server received " << g_received << " of " << g_bytes << " bytes\n";
    Simulator::Destroy();
    return g_received == g_bytes ? 0 : 1;
}
