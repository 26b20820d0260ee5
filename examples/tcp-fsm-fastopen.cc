/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * tcp-fsm-fastopen: TCP Fast Open (RFC 7413) in three connections, and the time to first
 * byte at the server for each.
 *
 *   client 10.1.1.1 ---- 10 Mbps, --delay (default 20 ms) ---- server 10.1.1.2:80
 *
 *   t = 1 s  plain Connect(), then the request once connected         (no Fast Open)
 *   t = 2 s  SendTo(MSG_FASTOPEN): no cookie yet, so the SYN asks for one; the request
 *            goes once connected; the server's SYN+ACK brings the cookie (cached per node)
 *   t = 3 s  SendTo(MSG_FASTOPEN) again: the SYN carries the cookie and the request
 *
 * Expected output (--delay=20ms, 100-byte requests): the first two connections wait a
 * round trip for the handshake before the request leaves; the third does not:
 *
 *   connection 1 (no Fast Open)          first byte at the server after 60.2 ms
 *   connection 2 (Fast Open, no cookie)  first byte at the server after 60.2 ms
 *   connection 3 (Fast Open, cookie)     first byte at the server after 20.1 ms
 *   saved by the cookie: 40.1 ms (one round trip: 40.0 ms)
 *
 * (the 0.1 ms beyond the round trip is the serialization of the SYN and the SYN+ACK)
 *
 * and the server's child of connection 3 goes LISTEN -> SYN_RCVD on rcv_syn_fastopen and is
 * accepted there, the client's SYN_SENT -> ESTABLISHED on rcv_syn_ack_data_acked.
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
#include <map>

using namespace ns3;

namespace
{

const uint32_t kRequest = 100;
std::map<uint32_t, Time> g_start;     ///< connection number -> when the client opened it
std::map<uint32_t, Time> g_firstByte; ///< connection number -> first byte at the server
uint32_t g_accepted = 0;
bool g_verbose = false;

void
PrintTransition(std::string who, const TcpFsmTransitionRecord& r)
{
    if (g_verbose)
    {
        std::cout << std::fixed << std::setprecision(6) << r.time.GetSeconds() << " s  " << who
                  << " socket " << r.socketId << "  " << TcpFsmStateName(r.from) << " -> "
                  << TcpFsmStateName(r.to) << " " << TcpFsmEventName(r.cause) << "\n";
    }
}

void
ServerRead(uint32_t n, Ptr<Socket> s)
{
    while (Ptr<Packet> p = s->Recv())
    {
        if (p->GetSize() == 0)
        {
            s->Close();
            return;
        }
        if (!g_firstByte.count(n))
        {
            g_firstByte[n] = Simulator::Now();
        }
    }
}

void
Accepted(Ptr<Socket> s, const Address&)
{
    const uint32_t n = ++g_accepted; // the connections are opened one after another
    s->SetRecvCallback(MakeBoundCallback(&ServerRead, n));
    ServerRead(n, s); // a Fast Open child may hold the SYN's data already
}

void
SendRequest(Ptr<Socket> s)
{
    s->Send(Create<Packet>(kRequest));
    s->Close();
}

/// Open connection n: plain Connect(), or SendTo(MSG_FASTOPEN).
void
Open(Ptr<Node> client, Address server, uint32_t n, bool fastOpen)
{
    Ptr<Socket> s = Socket::CreateSocket(client, TcpSocketFactory::GetTypeId());
    g_start[n] = Simulator::Now();
    if (!fastOpen)
    {
        s->SetConnectCallback(MakeCallback(&SendRequest), MakeNullCallback<void, Ptr<Socket>>());
        s->Connect(server);
        return;
    }
    int taken = s->SendTo(Create<Packet>(kRequest), TcpFsmFastOpen::MSG_FASTOPEN, server);
    if (taken == static_cast<int>(kRequest))
    {
        s->Close(); // the request rode in the SYN
        return;
    }
    // No cookie yet: the SYN asked for one; send the request once connected.
    s->SetConnectCallback(MakeCallback(&SendRequest), MakeNullCallback<void, Ptr<Socket>>());
}

} // namespace

int
main(int argc, char* argv[])
{
    Time delay = MilliSeconds(20);
    CommandLine cmd(__FILE__);
    cmd.AddValue("delay", "one-way delay of the link", delay);
    cmd.AddValue("verbose", "print every state change", g_verbose);
    cmd.Parse(argc, argv);

    Config::SetDefault("ns3::TcpFsmSocket::FastOpen",
                       UintegerValue(TcpFsmFastOpen::CLIENT | TcpFsmFastOpen::SERVER));
    NodeContainer nodes(2);
    PointToPointHelper link;
    link.SetDeviceAttribute("DataRate", StringValue("10Mbps"));
    link.SetChannelAttribute("Delay", TimeValue(delay));
    NetDeviceContainer devices = link.Install(nodes);
    TcpFsmHelper().Install(nodes);
    Ipv4AddressHelper addresses("10.1.1.0", "255.255.255.0");
    Ipv4InterfaceContainer ifs = addresses.Assign(devices);
    TcpFsmHelper::GetL4(nodes.Get(0))
        ->TraceConnect("StateTransition", "client", MakeCallback(&PrintTransition));
    TcpFsmHelper::GetL4(nodes.Get(1))
        ->TraceConnect("StateTransition", "server", MakeCallback(&PrintTransition));

    Ptr<Socket> listener = Socket::CreateSocket(nodes.Get(1), TcpSocketFactory::GetTypeId());
    listener->Bind(InetSocketAddress(Ipv4Address::GetAny(), 80));
    listener->Listen();
    DynamicCast<TcpFsmSocket>(listener)->SetFastOpenQueueLength(16); // TCP_FASTOPEN
    listener->SetAcceptCallback(MakeNullCallback<bool, Ptr<Socket>, const Address&>(),
                                MakeCallback(&Accepted));

    const Address server = InetSocketAddress(ifs.GetAddress(1), 80);
    Simulator::Schedule(Seconds(1), &Open, nodes.Get(0), server, 1, false);
    Simulator::Schedule(Seconds(2), &Open, nodes.Get(0), server, 2, true);
    Simulator::Schedule(Seconds(3), &Open, nodes.Get(0), server, 3, true);
    Simulator::Stop(Seconds(10));
    Simulator::Run();

    const char* names[]
        = {"", "(no Fast Open)        ", "(Fast Open, no cookie)", "(Fast Open, cookie)   "};
    for (uint32_t n = 1; n <= 3; ++n)
    {
        std::cout << "connection " << n << " " << names[n] << "  first byte at the server after ";
        if (g_firstByte.count(n))
        {
            std::cout << std::fixed << std::setprecision(1)
                      << (g_firstByte[n] - g_start[n]).GetMicroSeconds() / 1000.0 << " ms\n";
        }
        else
        {
            std::cout << "(never)\n";
        }
    }
    if (g_firstByte.count(1) && g_firstByte.count(3))
    {
        std::cout
            << "saved by the cookie: " << std::fixed << std::setprecision(1)
            << ((g_firstByte[1] - g_start[1]) - (g_firstByte[3] - g_start[3])).GetMicroSeconds()
                   / 1000.0
            << " ms (one round trip: " << (delay * 2).GetMicroSeconds() / 1000.0 << " ms)\n";
    }
    Simulator::Destroy();
    return g_firstByte.size() == 3 ? 0 : 1;
}
