/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * tcp-fsm-trace-example: a few connections over a lossy link, with tcp-fsm's three trace
 * files written by TcpFsmTraceHelper.
 *
 *   client 10.1.1.1 ---- 5 Mbps, 10 ms, --loss each way ---- server 10.1.1.2:80
 *
 * Connection i (i = 0 .. --connections - 1) opens at 1 + 0.2 i s, sends --bytes and closes;
 * the server reads each to the end and closes; the listener closes after the last accept.
 * TIME_WAIT lasts 2 * --msl. Writes, in --dir:
 *
 *   transitions.csv   time,node,socket,local,peer,from,to,cause,flags,seq,ack
 *   state-counts.csv  time,node,CLOSED,LISTEN,...,LAST_ACK (every second and on change)
 *   segments.csv      time,node,socket,local,peer,dir,flags,seq,ack,len,win
 *
 * then prints the command that turns them into pictures. Expected output (defaults):
 *
 *   tcp-fsm-trace-example: 3 connections, 20000 bytes each, loss 0.02, Msl 5 s
 *   server received 60000 of 60000 bytes
 *   wrote trace-example/transitions.csv, trace-example/state-counts.csv,
 *     trace-example/segments.csv
 *   draw them: build/bin/tcp-fsm-graph --coverage --ladder=0:1 ...
 *
 * Exit status: 0 when every byte arrived, 1 otherwise, 2 for a bad option.
 */
#include "ns3/applications-module.h"
#include "ns3/core-module.h"
#include "ns3/internet-module.h"
#include "ns3/network-module.h"
#include "ns3/point-to-point-module.h"
#include "ns3/tcp-fsm-helper.h"
#include "ns3/tcp-fsm-trace-helper.h"

#include <filesystem>
#include <iostream>

using namespace ns3;

namespace
{

uint32_t g_bytes = 20000;
uint32_t g_connections = 3;
uint64_t g_received = 0;
uint32_t g_accepted = 0;
Ptr<Socket> g_listener;

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
    if (++g_accepted == g_connections)
    {
        g_listener->Close();
    }
}

/// Sends what fits of the remaining bytes; closes after the last one.
class Client
{
  public:
    explicit Client(Ptr<Socket> s)
      : m_socket(s)
    {
        m_socket->SetConnectCallback(MakeCallback(&Client::Connected, this),
                                     MakeNullCallback<void, Ptr<Socket>>());
        m_socket->SetSendCallback(MakeCallback(&Client::Fill, this));
    }

  private:
    void Connected(Ptr<Socket> s)
    {
        m_connected = true;
        Fill(s, s->GetTxAvailable());
    }

    void Fill(Ptr<Socket> s, uint32_t)
    {
        while (m_connected && m_sent < g_bytes)
        {
            uint32_t n = std::min(s->GetTxAvailable(), g_bytes - m_sent);
            if (n == 0 || s->Send(Create<Packet>(n)) <= 0)
            {
                return;
            }
            m_sent += n;
        }
        if (m_connected && m_sent == g_bytes)
        {
            m_connected = false;
            s->Close(); // active close: the FIN follows the data
        }
    }

    Ptr<Socket> m_socket;
    bool m_connected{false};
    uint32_t m_sent{0};
};

} // namespace

int
main(int argc, char* argv[])
{
    double loss = 0.02;
    double msl = 5;
    uint32_t run = 1;
    std::string dir = "trace-example";
    CommandLine cmd(__FILE__);
    cmd.AddValue("connections", "Connections opened one after the other (1-100)", g_connections);
    cmd.AddValue("bytes", "Bytes each client sends before closing", g_bytes);
    cmd.AddValue("loss", "Packet loss rate of each direction, 0 <= loss < 0.5", loss);
    cmd.AddValue("msl", "Maximum segment lifetime, seconds (TIME_WAIT = 2 * msl)", msl);
    cmd.AddValue("run", "Run number of the random streams", run);
    cmd.AddValue("dir", "Directory of the trace files (created when missing)", dir);
    cmd.Parse(argc, argv);
    if (g_connections < 1 || g_connections > 100)
    {
        std::cerr << "tcp-fsm-trace-example: --connections must be 1 to 100\n";
        return 2;
    }
    if (!(loss >= 0 && loss < 0.5))
    {
        std::cerr << "tcp-fsm-trace-example: --loss must be at least 0 and below 0.5\n";
        return 2;
    }
    if (!(msl > 0 && msl <= 3600))
    {
        std::cerr << "tcp-fsm-trace-example: --msl must be above 0 and at most 3600 seconds\n";
        return 2;
    }
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    if (ec)
    {
        std::cerr << "tcp-fsm-trace-example: --dir=" << dir << ": " << ec.message() << "\n";
        return 1;
    }
    RngSeedManager::SetRun(run);
    Config::SetDefault("ns3::TcpFsmSocket::Msl", TimeValue(Seconds(msl)));

    NodeContainer nodes;
    nodes.Create(2);
    PointToPointHelper p2p;
    p2p.SetDeviceAttribute("DataRate", StringValue("5Mbps"));
    p2p.SetChannelAttribute("Delay", StringValue("10ms"));
    NetDeviceContainer devices = p2p.Install(nodes);
    for (uint32_t i = 0; i < 2 && loss > 0; ++i)
    {
        Ptr<RateErrorModel> em = CreateObject<RateErrorModel>();
        em->SetAttribute("ErrorRate", DoubleValue(loss));
        em->SetAttribute("ErrorUnit", StringValue("ERROR_UNIT_PACKET"));
        em->AssignStreams(10 + i);
        devices.Get(i)->SetAttribute("ReceiveErrorModel", PointerValue(em));
    }
    TcpFsmHelper tcpFsm;
    tcpFsm.Install(nodes);
    TcpFsmHelper::AssignStreams(nodes, 100);
    Ipv4AddressHelper addresses("10.1.1.0", "255.255.255.0");
    Ipv4InterfaceContainer ifs = addresses.Assign(devices);

    TcpFsmTraceHelper trace;
    trace.EnableTransitionsAll(dir + "/transitions.csv");
    trace.EnableStateCountsAll(dir + "/state-counts.csv", Seconds(1), true);
    trace.EnableSegmentsAll(dir + "/segments.csv");

    g_listener = Socket::CreateSocket(nodes.Get(1), TcpSocketFactory::GetTypeId());
    g_listener->Bind(InetSocketAddress(Ipv4Address::GetAny(), 80));
    g_listener->SetAcceptCallback(MakeNullCallback<bool, Ptr<Socket>, const Address&>(),
                                  MakeCallback(&ServerAccept));
    Simulator::Schedule(Seconds(0.5),
                        []()
                        {
                            g_listener->Listen();
                        });
    std::vector<std::unique_ptr<Client>> clients;
    Address to = InetSocketAddress(ifs.GetAddress(1), 80);
    for (uint32_t i = 0; i < g_connections; ++i)
    {
        Ptr<Socket> s = Socket::CreateSocket(nodes.Get(0), TcpSocketFactory::GetTypeId());
        clients.push_back(std::make_unique<Client>(s));
        Simulator::Schedule(Seconds(1 + 0.2 * i),
                            [s, to]()
                            {
                                s->Connect(to);
                            });
    }

    std::cout << "tcp-fsm-trace-example: " << g_connections << " connections, " << g_bytes
              << " bytes each, loss " << loss << ", Msl " << msl << " s\n";
    Simulator::Run();
    std::cout << "server received " << g_received << " of " << uint64_t(g_bytes) * g_connections
              << " bytes\n";
    g_listener = nullptr;
    Simulator::Destroy(); // flushes and closes the trace files
    std::cout << "wrote " << dir << "/transitions.csv, " << dir << "/state-counts.csv, " << dir
              << "/segments.csv\n"
              << "draw them: build/bin/tcp-fsm-graph --coverage --ladder=0:1 --segments=" << dir
              << "/segments.csv -o " << dir << "/graph " << dir << "/transitions.csv\n";
    return g_received == uint64_t(g_bytes) * g_connections ? 0 : 1;
}
