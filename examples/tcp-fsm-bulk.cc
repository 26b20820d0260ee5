/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * tcp-fsm-bulk: the data phase of tcp-fsm side by side with ns-3's own TCP, in the same
 * scenarios, with the same congestion control (ns-3's classes on both stacks).
 *
 * --mode=bulk-send   the topology of ns-3.37's examples/tcp/tcp-bulk-send.cc: two nodes,
 *                    500 Kbps, 5 ms, an unlimited BulkSend for 10 s into a PacketSink; the
 *                    stacks are InternetStackHelper's (tcp-fsm through SetTcp). Prints the
 *                    bytes received and the sender's retransmitted data segments.
 * --mode=ecn         ECN (RFC 3168) through a marking queue: a fixed transfer (--bytes) from
 *                    n0 over a 100 Mbps, 1 ms link to a router n1 and its --rate, 10 ms
 *                    bottleneck to n2, whose RED queue disc marks (UseEcn, no hard drop,
 *                    step at 20 packets, as for DCTCP). Both stacks, three senders each:
 *                    NewReno without ECN, NewReno with UseEcn=On, DCTCP (ECN on by itself).
 *                    Prints completion time, the queue disc's marks and drops, and
 *                    retransmissions.
 * --mode=sweep       a fixed transfer (--bytes) over --rate with random loss on both
 *                    directions, for every --losses x --rtts cell and --seeds runs: mean
 *                    goodput, retransmissions, completion time and the error models' drops
 *                    per stack, and the goodput ratio.
 *
 * Retransmissions are counted the same way for both stacks: data segments the sender's
 * device transmits that do not extend the highest sequence number sent so far.
 *
 *   build/bin/tcp-fsm-bulk --mode=bulk-send
 *   build/bin/tcp-fsm-bulk --mode=sweep --markdown [--ns3Options]
 *   build/bin/tcp-fsm-bulk --mode=ecn [--bytes=N --rate=R]
 */
#include "ns3/applications-module.h"
#include "ns3/core-module.h"
#include "ns3/internet-module.h"
#include "ns3/network-module.h"
#include "ns3/point-to-point-module.h"
#include "ns3/ppp-header.h"
#include "ns3/tcp-fsm-helper.h"
#include "ns3/tcp-fsm-l4-protocol.h"
#include "ns3/traffic-control-module.h"

#include <algorithm>
#include <iomanip>
#include <iostream>
#include <numeric>
#include <sstream>
#include <vector>

using namespace ns3;

namespace
{

struct RunResult
{
    uint64_t received{0};
    uint32_t retransmissions{0};
    uint32_t drops{0}; ///< packets the error models dropped (both directions)
    bool complete{false};
    double completion{0}; ///< seconds from the application start to the last byte
};

/// Counts the data segments a device sends again (seq below the highest end sent so far).
class RetransmissionCounter
{
  public:
    void MacTx(Ptr<const Packet> p)
    {
        Ptr<Packet> copy = p->Copy();
        PppHeader ppp; // PPP protocol 0x0021 is IPv4
        copy->RemoveHeader(ppp);
        Ipv4Header ip;
        if (ppp.GetProtocol() != 0x0021 || copy->RemoveHeader(ip) == 0 || ip.GetProtocol() != 6)
        {
            return;
        }
        TcpHeader tcp;
        copy->RemoveHeader(tcp);
        const uint32_t len = copy->GetSize();
        if (len == 0)
        {
            return;
        }
        const SequenceNumber32 end = tcp.GetSequenceNumber() + len;
        if (!m_any || end > m_highest)
        {
            if (m_any && tcp.GetSequenceNumber() < m_highest)
            {
                ++m_count; // partly new, partly old: still a retransmission of the old part
            }
            m_highest = end;
            m_any = true;
            return;
        }
        ++m_count;
    }

    uint32_t m_count{0};
    SequenceNumber32 m_highest{0};
    bool m_any{false};
};

struct Config_
{
    std::string cc{"ns3::TcpNewReno"};
    std::string rate{"10Mbps"};
    uint32_t bytes{2000000};
    uint32_t segmentSize{1448};
    double stopTime{600};
};

bool g_verbose = false;
bool g_fsmTimestamp = false; ///< tcp-fsm runs with Timestamp=true

/// The SegmentSize that gives tcp-fsm segments of \p dataBytes: ns-3's SegmentSize is the
/// data per segment (options come on top), tcp-fsm's is the MSS it announces, and with
/// timestamps its segments carry 12 bytes less (RFC 6691, as Linux). Same wire packets.
uint32_t
FsmSegmentSize(uint32_t dataBytes)
{
    return dataBytes + (g_fsmTimestamp ? 12 : 0);
}

void
SetStack(InternetStackHelper& stack, bool fsm, const std::string& cc)
{
    // One attribute for both L4s: ns3::TcpL4Protocol::SocketType (TcpFsmL4Protocol's parent's;
    // ns-3 refuses it under the child's name).
    Config::SetDefault("ns3::TcpL4Protocol::SocketType", TypeIdValue(TypeId::LookupByName(cc)));
    if (fsm)
    {
        stack.SetTcp("ns3::TcpFsmL4Protocol"); // the one line a user adds to tcp-bulk-send.cc
    }
}

std::string g_pcap; ///< --pcap: file prefix for the bulk-send run's pcap files (empty: none)

void
PrintCongState(TcpSocketState::TcpCongState_t from,
               TcpSocketState::TcpCongState_t to,
               const std::string& cause)
{
    std::cout << "    " << std::fixed << std::setprecision(6) << Simulator::Now().GetSeconds()
              << " s  " << TcpSocketState::TcpCongStateName[from] << " -> "
              << TcpSocketState::TcpCongStateName[to] << "  " << cause << "\n";
}

void
PrintNs3CongState(TcpSocketState::TcpCongState_t from, TcpSocketState::TcpCongState_t to)
{
    PrintCongState(from, to, "");
}

/// --verbose: the sender's congestion state changes (with their causes on tcp-fsm).
void
WatchSender(Ptr<Application> app)
{
    Ptr<Socket> socket = DynamicCast<BulkSendApplication>(app)->GetSocket();
    if (socket && g_verbose
        && !socket->TraceConnectWithoutContext("CongStateTransition",
                                               MakeCallback(&PrintCongState)))
    {
        socket->TraceConnectWithoutContext("CongState", MakeCallback(&PrintNs3CongState));
    }
}

/// ns-3.37's tcp-bulk-send.cc topology and applications; only the TCP differs.
/// Ends the run (Simulator::Stop) once the sink has received `bytes`, noting the completion
/// time since `start` in r.
void
StopWhenSinkHas(Ptr<PacketSink> sink, uint64_t bytes, Time start, RunResult& r)
{
    // A raw pointer: a Ptr captured in the sink's own trace would keep it alive (a cycle).
    PacketSink* sinkRaw = PeekPointer(sink);
    auto onRx = [&r, bytes, sinkRaw, start](Ptr<const Packet>, const Address&)
    {
        if (!r.complete && sinkRaw->GetTotalRx() >= bytes)
        {
            r.complete = true;
            r.completion = (Simulator::Now() - start).GetSeconds();
            Simulator::Stop();
        }
    };
    sink->TraceConnectWithoutContext("Rx", Callback<void, Ptr<const Packet>, const Address&>(onRx));
}

RunResult
RunBulkSend(bool fsm, const std::string& cc)
{
    Config::SetDefault("ns3::TcpSocket::SegmentSize",
                       UintegerValue(fsm ? FsmSegmentSize(536) : 536));
    NodeContainer nodes;
    nodes.Create(2);
    PointToPointHelper p2p;
    p2p.SetDeviceAttribute("DataRate", StringValue("500Kbps"));
    p2p.SetChannelAttribute("Delay", StringValue("5ms"));
    NetDeviceContainer devices = p2p.Install(nodes);
    InternetStackHelper internet;
    SetStack(internet, fsm, cc);
    internet.Install(nodes);
    Ipv4AddressHelper ipv4;
    ipv4.SetBase("10.1.1.0", "255.255.255.0");
    Ipv4InterfaceContainer ifs = ipv4.Assign(devices);
    const uint16_t port = 9;
    BulkSendHelper source("ns3::TcpSocketFactory", InetSocketAddress(ifs.GetAddress(1), port));
    source.SetAttribute("MaxBytes", UintegerValue(0));
    ApplicationContainer sourceApps = source.Install(nodes.Get(0));
    sourceApps.Start(Seconds(0.0));
    sourceApps.Stop(Seconds(10.0));
    Simulator::Schedule(MicroSeconds(1), &WatchSender, sourceApps.Get(0));
    PacketSinkHelper sink("ns3::TcpSocketFactory", InetSocketAddress(Ipv4Address::GetAny(), port));
    ApplicationContainer sinkApps = sink.Install(nodes.Get(1));
    sinkApps.Start(Seconds(0.0));
    sinkApps.Stop(Seconds(10.0));
    RetransmissionCounter counter;
    devices.Get(0)->TraceConnectWithoutContext(
        "MacTx", MakeCallback(&RetransmissionCounter::MacTx, &counter));
    if (!g_pcap.empty())
    {
        p2p.EnablePcapAll(g_pcap + (fsm ? "-fsm" : "-ns3"), false);
    }
    Simulator::Stop(Seconds(10.0));
    Simulator::Run();
    RunResult r;
    r.received = DynamicCast<PacketSink>(sinkApps.Get(0))->GetTotalRx();
    r.retransmissions = counter.m_count;
    Simulator::Destroy();
    return r;
}

/// One transfer of c.bytes over a two-node path with random loss on both directions.
RunResult
RunTransfer(bool fsm, const Config_& c, double loss, Time rtt, uint32_t seed)
{
    RngSeedManager::SetSeed(1);
    RngSeedManager::SetRun(seed);
    Config::SetDefault("ns3::TcpSocket::SegmentSize",
                       UintegerValue(fsm ? FsmSegmentSize(c.segmentSize) : c.segmentSize));
    NodeContainer nodes;
    nodes.Create(2);
    PointToPointHelper p2p;
    p2p.SetDeviceAttribute("DataRate", StringValue(c.rate));
    p2p.SetChannelAttribute("Delay", TimeValue(rtt / 2));
    NetDeviceContainer devices = p2p.Install(nodes);
    if (loss > 0)
    {
        for (uint32_t i = 0; i < 2; ++i)
        {
            Ptr<RateErrorModel> em = CreateObject<RateErrorModel>();
            em->SetAttribute("ErrorRate", DoubleValue(loss));
            em->SetAttribute("ErrorUnit", StringValue("ERROR_UNIT_PACKET"));
            em->AssignStreams(10 + i);
            devices.Get(i)->SetAttribute("ReceiveErrorModel", PointerValue(em));
        }
    }
    InternetStackHelper internet;
    SetStack(internet, fsm, c.cc);
    internet.Install(nodes);
    if (fsm)
    {
        TcpFsmHelper::AssignStreams(nodes, 100);
    }
    Ipv4AddressHelper ipv4;
    ipv4.SetBase("10.1.1.0", "255.255.255.0");
    Ipv4InterfaceContainer ifs = ipv4.Assign(devices);
    const uint16_t port = 5000;
    BulkSendHelper source("ns3::TcpSocketFactory", InetSocketAddress(ifs.GetAddress(1), port));
    source.SetAttribute("MaxBytes", UintegerValue(c.bytes));
    source.SetAttribute("SendSize", UintegerValue(c.segmentSize));
    ApplicationContainer sourceApps = source.Install(nodes.Get(0));
    const Time start = Seconds(0.1);
    sourceApps.Start(start);
    Simulator::Schedule(start + MicroSeconds(1), &WatchSender, sourceApps.Get(0));
    PacketSinkHelper sink("ns3::TcpSocketFactory", InetSocketAddress(Ipv4Address::GetAny(), port));
    ApplicationContainer sinkApps = sink.Install(nodes.Get(1));
    sinkApps.Start(Seconds(0.0));
    RetransmissionCounter counter;
    devices.Get(0)->TraceConnectWithoutContext(
        "MacTx", MakeCallback(&RetransmissionCounter::MacTx, &counter));
    if (!g_pcap.empty())
    {
        p2p.EnablePcapAll(g_pcap + (fsm ? "-fsm" : "-ns3"), false);
    }
    RunResult r;
    auto onDrop = [&r](Ptr<const Packet>)
    {
        ++r.drops;
    };
    for (uint32_t i = 0; i < 2; ++i)
    {
        devices.Get(i)->TraceConnectWithoutContext("PhyRxDrop",
                                                   Callback<void, Ptr<const Packet>>(onDrop));
    }
    Ptr<PacketSink> sinkApp = DynamicCast<PacketSink>(sinkApps.Get(0));
    StopWhenSinkHas(sinkApp, c.bytes, start, r);
    Simulator::Stop(Seconds(c.stopTime));
    Simulator::Run();
    r.received = sinkApp->GetTotalRx();
    r.retransmissions = counter.m_count;
    Simulator::Destroy();
    return r;
}

struct EcnResult
{
    RunResult run;
    uint32_t marks{0};      ///< packets the RED queue disc marked CE
    uint32_t queueDrops{0}; ///< packets it dropped
    uint32_t ceEchoes{0};   ///< ACKs with ECE the sender received
};

/// --mode=ecn: one transfer through a RED queue disc that marks (see the file comment).
EcnResult
RunEcn(bool fsm, const Config_& c, const std::string& cc, bool useEcn)
{
    RngSeedManager::SetSeed(1);
    RngSeedManager::SetRun(1);
    Config::SetDefault("ns3::TcpSocket::SegmentSize", UintegerValue(c.segmentSize));
    const auto ecn = useEcn ? TcpSocketState::On : TcpSocketState::Off;
    Config::SetDefault("ns3::TcpFsmSocket::UseEcn", EnumValue(ecn));
    Config::SetDefault("ns3::TcpSocketBase::UseEcn", EnumValue(ecn));
    Config::SetDefault("ns3::RedQueueDisc::UseEcn", BooleanValue(true));
    Config::SetDefault("ns3::RedQueueDisc::UseHardDrop", BooleanValue(false));
    Config::SetDefault("ns3::RedQueueDisc::QW", DoubleValue(1.0));
    Config::SetDefault("ns3::RedQueueDisc::MinTh", DoubleValue(20));
    Config::SetDefault("ns3::RedQueueDisc::MaxTh", DoubleValue(20.5));
    Config::SetDefault("ns3::RedQueueDisc::MeanPktSize", UintegerValue(c.segmentSize + 52));
    Config::SetDefault("ns3::RedQueueDisc::MaxSize", QueueSizeValue(QueueSize("100p")));
    NodeContainer nodes;
    nodes.Create(3);
    PointToPointHelper access;
    access.SetDeviceAttribute("DataRate", StringValue("100Mbps"));
    access.SetChannelAttribute("Delay", StringValue("1ms"));
    PointToPointHelper bottleneck;
    bottleneck.SetDeviceAttribute("DataRate", StringValue(c.rate));
    bottleneck.SetChannelAttribute("Delay", StringValue("10ms"));
    bottleneck.SetQueue("ns3::DropTailQueue", "MaxSize", StringValue("1p"));
    NetDeviceContainer first = access.Install(nodes.Get(0), nodes.Get(1));
    NetDeviceContainer second = bottleneck.Install(nodes.Get(1), nodes.Get(2));
    InternetStackHelper internet;
    SetStack(internet, fsm, cc);
    internet.Install(nodes);
    if (fsm)
    {
        TcpFsmHelper::AssignStreams(nodes, 100);
    }
    TrafficControlHelper red;
    red.SetRootQueueDisc("ns3::RedQueueDisc");
    QueueDiscContainer queues = red.Install(second.Get(0)); // before the addresses
    Ipv4AddressHelper ipv4;
    ipv4.SetBase("10.1.1.0", "255.255.255.0");
    ipv4.Assign(first);
    ipv4.SetBase("10.1.2.0", "255.255.255.0");
    Ipv4InterfaceContainer ifs = ipv4.Assign(second);
    Ipv4GlobalRoutingHelper::PopulateRoutingTables();
    const uint16_t port = 5000;
    BulkSendHelper source("ns3::TcpSocketFactory", InetSocketAddress(ifs.GetAddress(1), port));
    source.SetAttribute("MaxBytes", UintegerValue(c.bytes));
    ApplicationContainer sourceApps = source.Install(nodes.Get(0));
    const Time start = Seconds(0.1);
    sourceApps.Start(start);
    Simulator::Schedule(start + MicroSeconds(1), &WatchSender, sourceApps.Get(0));
    EcnResult e;
    // The sender's Rx trace (its socket type differs: TcpSocket, or TcpSocketBase on ns-3).
    auto count = [&e](const TcpHeader& h)
    {
        e.ceEchoes += (h.GetFlags() & TcpHeader::ECE) && !(h.GetFlags() & TcpHeader::SYN);
    };
    auto onRxFsm = [count](Ptr<const Packet>, const TcpHeader& h, Ptr<const TcpSocket>)
    {
        count(h);
    };
    auto onRxNs3 = [count](Ptr<const Packet>, const TcpHeader& h, Ptr<const TcpSocketBase>)
    {
        count(h);
    };
    Simulator::Schedule(
        start + MicroSeconds(1),
        [sourceApps, onRxFsm, onRxNs3, fsm]()
        {
            Ptr<Socket> s = DynamicCast<BulkSendApplication>(sourceApps.Get(0))->GetSocket();
            if (fsm)
            {
                s->TraceConnectWithoutContext(
                    "Rx",
                    Callback<void, Ptr<const Packet>, const TcpHeader&, Ptr<const TcpSocket>>(
                        onRxFsm));
            }
            else
            {
                s->TraceConnectWithoutContext(
                    "Rx",
                    Callback<void, Ptr<const Packet>, const TcpHeader&, Ptr<const TcpSocketBase>>(
                        onRxNs3));
            }
        });
    PacketSinkHelper sink("ns3::TcpSocketFactory", InetSocketAddress(Ipv4Address::GetAny(), port));
    ApplicationContainer sinkApps = sink.Install(nodes.Get(2));
    sinkApps.Start(Seconds(0.0));
    RetransmissionCounter counter;
    first.Get(0)->TraceConnectWithoutContext("MacTx",
                                             MakeCallback(&RetransmissionCounter::MacTx, &counter));
    Ptr<PacketSink> sinkApp = DynamicCast<PacketSink>(sinkApps.Get(0));
    RunResult& r = e.run;
    StopWhenSinkHas(sinkApp, c.bytes, start, r);
    Simulator::Stop(Seconds(c.stopTime));
    Simulator::Run();
    r.received = sinkApp->GetTotalRx();
    r.retransmissions = counter.m_count;
    const QueueDisc::Stats& stats = queues.Get(0)->GetStats();
    e.marks = stats.nTotalMarkedPackets;
    e.queueDrops = stats.nTotalDroppedPackets;
    Simulator::Destroy();
    return e;
}

int
RunEcnMode(const Config_& c)
{
    std::cout << "ECN through RED (marks at 20 packets, no hard drop): " << c.bytes << " B, "
              << c.rate << " 10 ms bottleneck after 100Mbps 1 ms\n"
              << "  stack  sender              complete  time (s)   CE marks   drops   ECE acks"
                 "   retx\n";
    struct Case
    {
        const char* name;
        const char* cc;
        bool ecn;
    };

    const Case cases[] = {{"NewReno, no ECN", "ns3::TcpNewReno", false},
                          {"NewReno, UseEcn=On", "ns3::TcpNewReno", true},
                          {"DCTCP", "ns3::TcpDctcp", false}};
    for (bool fsm : {true, false})
    {
        for (const Case& k : cases)
        {
            EcnResult e = RunEcn(fsm, c, k.cc, k.ecn);
            std::cout << "  " << std::left << std::setw(7) << (fsm ? "fsm" : "ns3") << std::setw(20)
                      << k.name << std::setw(10) << (e.run.complete ? "yes" : "no") << std::right
                      << std::fixed << std::setprecision(3) << std::setw(8) << e.run.completion
                      << std::setw(11) << e.marks << std::setw(8) << e.queueDrops << std::setw(11)
                      << e.ceEchoes << std::setw(7) << e.run.retransmissions << "\n";
        }
    }
    return 0;
}

double
Mean(const std::vector<double>& v)
{
    return v.empty() ? 0 : std::accumulate(v.begin(), v.end(), 0.0) / v.size();
}

std::vector<std::string>
Split(const std::string& s)
{
    std::vector<std::string> out;
    std::stringstream ss(s);
    std::string item;
    while (std::getline(ss, item, ','))
    {
        if (!item.empty())
        {
            out.push_back(item);
        }
    }
    return out;
}

} // namespace

int
main(int argc, char* argv[])
{
    std::string mode = "bulk-send";
    std::string losses = "0,0.001,0.01,0.05";
    std::string rtts = "10ms,100ms";
    uint32_t seeds = 10;
    bool ns3Options = false;
    bool markdown = false;
    Config_ c;
    CommandLine cmd(__FILE__);
    cmd.AddValue("mode",
                 "bulk-send (tcp-bulk-send.cc's scenario), sweep (loss x RTT) or ecn (RED marks)",
                 mode);
    cmd.AddValue("cc", "Congestion control of both stacks (a TcpCongestionOps TypeId)", c.cc);
    cmd.AddValue("losses", "sweep: comma-separated loss probabilities", losses);
    cmd.AddValue("rtts", "sweep: comma-separated round-trip times", rtts);
    cmd.AddValue("seeds", "sweep: runs per cell (the mean is printed)", seeds);
    cmd.AddValue("ns3Options",
                 "sweep: tcp-fsm with ns-3's defaults Sack=true and Timestamp=true",
                 ns3Options);
    cmd.AddValue("bytes", "sweep: bytes per transfer", c.bytes);
    cmd.AddValue("rate", "sweep: link rate", c.rate);
    cmd.AddValue("segmentSize", "sweep: SegmentSize of both stacks", c.segmentSize);
    cmd.AddValue("markdown", "sweep: print a Markdown table", markdown);
    cmd.AddValue("verbose", "Print the fsm sender's congestion state changes", g_verbose);
    cmd.AddValue("pcap",
                 "write pcap files PREFIX-fsm-*.pcap and PREFIX-ns3-*.pcap (of the last run)",
                 g_pcap);
    cmd.Parse(argc, argv);
    TypeId ccTid;
    // Not TypeId::IsChildOf: ns-3.37's TcpCubic names TcpSocketBase as its TypeId's parent,
    // so the C++ type of an instance is what tells.
    if (!TypeId::LookupByNameFailSafe(c.cc, &ccTid) || !ccTid.HasConstructor()
        || !DynamicCast<TcpCongestionOps>(ObjectFactory(c.cc).Create()))
    {
        std::cerr << "tcp-fsm-bulk: --cc='" << c.cc << "' is not an ns3::TcpCongestionOps\n";
        return 2;
    }
    if (mode == "bulk-send")
    {
        // tcp-fsm with its defaults (Profile=rfc: no SACK, no timestamps), then with ns-3's
        // TcpSocketBase defaults for those two options (Sack=true, Timestamp=true).
        RunResult fsm = RunBulkSend(true, c.cc);
        Config::SetDefault("ns3::TcpFsmSocket::Sack", BooleanValue(true));
        Config::SetDefault("ns3::TcpFsmSocket::Timestamp", BooleanValue(true));
        g_fsmTimestamp = true;
        RunResult fsmOpts = RunBulkSend(true, c.cc);
        RunResult ns3 = RunBulkSend(false, c.cc);
        auto row = [&ns3](const char* name, const RunResult& r)
        {
            std::cout << "  " << std::left << std::setw(26) << name << std::right << std::setw(14)
                      << r.received << std::setw(18) << r.retransmissions << std::setw(12)
                      << std::fixed << std::setprecision(3)
                      << (ns3.received ? double(r.received) / ns3.received : 0) << "\n";
        };
        std::cout << "tcp-bulk-send topology (500Kbps, 5ms, 10 s), " << c.cc << "\n"
                  << "  stack                      bytes received   retransmissions   bytes/ns3\n";
        row("fsm (defaults)", fsm);
        row("fsm Sack+Timestamp", fsmOpts);
        row("ns3 (Sack, Timestamp)", ns3);
        return 0;
    }
    if (mode == "ecn")
    {
        return RunEcnMode(c);
    }
    if (mode != "sweep")
    {
        std::cerr << "tcp-fsm-bulk: --mode='" << mode << "' is not one of: bulk-send, sweep, ecn\n";
        return 2;
    }
    std::vector<double> lossList;
    std::vector<Time> rttList;
    for (const auto& l : Split(losses))
    {
        lossList.push_back(std::stod(l));
    }
    for (const auto& r : Split(rtts))
    {
        rttList.push_back(Time(r));
    }
    if (ns3Options)
    {
        // tcp-fsm with ns-3's TcpSocketBase defaults for the two options it defaults off.
        Config::SetDefault("ns3::TcpFsmSocket::Sack", BooleanValue(true));
        Config::SetDefault("ns3::TcpFsmSocket::Timestamp", BooleanValue(true));
        g_fsmTimestamp = true;
    }
    if (markdown)
    {
        std::cout << "| loss | RTT | fsm goodput (Mbps) | ns-3 goodput (Mbps) | fsm/ns-3 | "
                     "fsm retx | ns-3 retx | fsm time (s) | ns-3 time (s) | drops fsm / ns-3 |\n"
                     "|---|---|---|---|---|---|---|---|---|---|\n";
    }
    else
    {
        std::cout << c.cc << ", " << c.bytes << " B over " << c.rate << ", mean of " << seeds
                  << " seeds" << (ns3Options ? ", tcp-fsm with Sack and Timestamp" : "") << "\n"
                  << "  loss    rtt    goodput fsm  ns3 (Mbps)  ratio   retx fsm    ns3   "
                     "time fsm    ns3 (s)   drops fsm   ns3\n";
    }
    for (double loss : lossList)
    {
        for (Time rtt : rttList)
        {
            // Per stack: goodput, retransmissions, completion time, error-model drops.
            std::vector<double> gp[2];
            std::vector<double> tm[2];
            std::vector<double> rx[2];
            std::vector<double> dr[2];
            uint32_t incomplete[2] = {0, 0};
            for (int s = 0; s < 2; ++s)
            {
                for (uint32_t seed = 1; seed <= seeds; ++seed)
                {
                    RunResult r = RunTransfer(s == 0, c, loss, rtt, seed);
                    double t = r.complete ? r.completion : c.stopTime;
                    incomplete[s] += r.complete ? 0 : 1;
                    gp[s].push_back(r.received * 8.0 / t / 1e6);
                    tm[s].push_back(t);
                    rx[s].push_back(r.retransmissions);
                    dr[s].push_back(r.drops);
                }
            }
            const double g0 = Mean(gp[0]);
            const double g1 = Mean(gp[1]);
            std::ostringstream row;
            row << std::fixed;
            if (markdown)
            {
                row << "| " << std::setprecision(1) << loss * 100 << " % | "
                    << rtt.GetMilliSeconds() << " ms | " << std::setprecision(3) << g0 << " | "
                    << g1 << " | " << (g1 > 0 ? g0 / g1 : 0) << " | " << std::setprecision(1)
                    << Mean(rx[0]) << " | " << Mean(rx[1]) << " | " << std::setprecision(3)
                    << Mean(tm[0]) << " | " << Mean(tm[1]) << " | " << std::setprecision(1)
                    << Mean(dr[0]) << " / " << Mean(dr[1]) << " |";
            }
            else
            {
                row << "  " << std::setw(5) << std::setprecision(1) << loss * 100 << "%"
                    << std::setw(6) << rtt.GetMilliSeconds() << "ms" << std::setprecision(3)
                    << std::setw(11) << g0 << std::setw(7) << g1 << std::setw(12)
                    << (g1 > 0 ? g0 / g1 : 0) << std::setprecision(1) << std::setw(10)
                    << Mean(rx[0]) << std::setw(7) << Mean(rx[1]) << std::setprecision(3)
                    << std::setw(10) << Mean(tm[0]) << std::setw(7) << Mean(tm[1])
                    << std::setprecision(1) << std::setw(12) << Mean(dr[0]) << std::setw(6)
                    << Mean(dr[1]);
            }
            if (incomplete[0] + incomplete[1] > 0)
            {
                row << "  (incomplete: fsm " << incomplete[0] << ", ns3 " << incomplete[1] << ")";
            }
            std::cout << row.str() << std::endl;
        }
    }
    return 0;
}
