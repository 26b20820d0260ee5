/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * tcp-fsm-bench: the cost of many short connections whose TIME_WAIT endpoints pile up,
 * for tcp-fsm, for ns-3's own TCP and for the packet floor, measured the same way.
 *
 *   client 10.0.0.1 ---- 1 Gbps, 5 ms ---- server 10.0.0.2 (ports 5000 .. 5000+K-1)
 *
 * No traffic-control queue disc is installed (for any stack), so the figures measure TCP.
 * The client opens --connections connections, --interval apart; each sends --bytes and
 * closes; the server reads to the end and closes. The run ends when every socket is
 * CLOSED (TIME_WAIT expired: 2 * --msl). Connection i goes to server port 5000 + i % K
 * (K = --server-ports, 31 by default, co-prime with the 16384 ephemeral ports so that a
 * (port, port) pair comes back only every 16384 * K connections): one client address
 * can then hold more than 16384 TIME_WAIT endpoints at once.
 *
 * Stacks: fsm (tcp-fsm), ns3 (ns-3's TcpSocketBase), floor (TcpFsmBenchFloor: protocol 6
 * without TCP logic, replaying the packets of one tcp-fsm connection, recorded in the same
 * process just before: same count, sizes, timing and directions, same IP, devices, channel).
 *
 * By default each stack of --stack (a comma list) runs --repeat=5 times, each run a whole
 * process (the program runs itself with --once), the stacks interleaved run by run; every
 * run prints one line, then one summary line per stack (min/median/max of the process wall
 * time, of the time inside Simulator::Run and of the rest: start-up, set-up, tear-down) and
 * the ratios of the medians, with the median and range of the run-by-run ratios (paired_run_s:
 * the two stacks' runs of one repeat, seconds apart). On a VM whose CPUs are slowed by turns,
 * pin the program to one CPU (taskset -c N): its runs inherit it.
 * --compare = --stack=fsm,ns3,floor. --once runs one measurement in this process (for
 * callgrind) and prints its line:
 *   stack connections completed failed setup_s run_s us_per_conn events peak_rss_mb
 *   timewait_peak bytes_per_timewait sim_s bytes_received c_tx_packets c_tx_bytes
 *   s_tx_packets s_tx_bytes  (those four: the two point-to-point devices' MacTx)
 *   run_cpu_s cpu_us_per_conn (processor time inside Simulator::Run: for linearity on a
 *   busy machine, where the wall time also counts other programs' turns)
 * --profile sets tcp-fsm's Profile (rfc, linux); --options=on or off turns SACK, timestamps
 * and window scaling on or off for both TCPs whatever the profile (default: as the profile
 * has them), so that the cost of the options is measured on the same packet exchange.
 * Exit status 1 when a connection did not complete, 2 for a bad option.
 *
 * Example: build/bin/tcp-fsm-bench --connections=10000 --compare
 */
#include "ns3/core-module.h"
#include "ns3/internet-module.h"
#include "ns3/network-module.h"
#include "ns3/point-to-point-module.h"
#include "ns3/tcp-fsm-bench-driver.h"
#include "ns3/tcp-fsm-bench-floor.h"
#include "ns3/tcp-fsm-cli.h"
#include "ns3/tcp-fsm-helper.h"
#include "ns3/tcp-fsm-l4-protocol.h"
#include "ns3/tcp-fsm-trace-helper.h"
#include "ns3/traffic-control-module.h"

#include <algorithm>
#include <chrono>
#include <ctime>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <memory>
#include <sstream>

using namespace ns3;

namespace
{

/// When main() was entered.
std::chrono::steady_clock::time_point g_mainStart;

/// "VmHWM" or "VmRSS" of this process, in bytes.
uint64_t
ProcStatusBytes(const std::string& key)
{
    std::ifstream in("/proc/self/status");
    std::string line;
    while (std::getline(in, line))
    {
        if (line.rfind(key + ":", 0) == 0)
        {
            std::istringstream is(line.substr(key.size() + 1));
            uint64_t kb = 0;
            is >> kb;
            return kb * 1024;
        }
    }
    return 0;
}

struct Options
{
    std::string stack{"fsm"};
    uint64_t connections{1000};
    double intervalS{0.001};
    uint64_t bytes{1000};
    double mslS{120};
    std::string trace{"none"};
    std::string traceFile{"bench-transitions.csv"};
    uint64_t serverPorts{31};
    std::string profile{"rfc"};
    std::string options{"profile"}; ///< SACK, timestamps, window scaling: profile, on or off
};

class Bench
{
  public:
    explicit Bench(const Options& o)
      : m_o(o)
    {}

    /// One measured run; prints its line. Returns the exit status.
    int Run();
    /// A short tcp-fsm run that records connection 1 (after ARP) as the floor's schedule.
    static std::vector<TcpFsmBenchFloorStep> RecordFloor(const Options& o, std::string& error);

  private:
    /// Nodes, devices, stack, addresses and listeners (fsm, ns3) of the scenario.
    void Build();
    void StartNext();
    void Connected(Ptr<Socket> s);
    void ConnectFailed(Ptr<Socket> s);
    void Accept(Ptr<Socket> s, const Address& from);
    void Read(Ptr<Socket> s);
    void PeerClosed(Ptr<Socket> s);
    void FsmTransition(const TcpFsmTransitionRecord& r);
    void Ns3State(TcpSocket::TcpStates_t from, TcpSocket::TcpStates_t to);
    void FloorComplete(uint32_t connection);
    void TimeWaitDelta(int delta);
    void CheckDone();

    Options m_o;
    NodeContainer m_nodes;
    NetDeviceContainer m_devs;
    Ipv4Address m_server;
    Ptr<TcpFsmBenchFloor> m_floorClient;
    uint64_t m_started{0};
    uint64_t m_completed{0};
    uint64_t m_failed{0};
    uint64_t m_received{0};
    uint64_t m_timeWait{0};
    uint64_t m_timeWaitPeak{0};
    uint64_t m_rssAtPeak{0};
    uint64_t m_txPackets[2]{0, 0};
    uint64_t m_txBytes[2]{0, 0};
    std::vector<Ptr<Socket>> m_listeners;
    // made once: MakeCallback per socket would cost every stack alike, but not nothing
    Callback<void, Ptr<Socket>> m_connectedCb{MakeCallback(&Bench::Connected, this)};
    Callback<void, Ptr<Socket>> m_connectFailedCb{MakeCallback(&Bench::ConnectFailed, this)};
    Callback<void, Ptr<Socket>> m_readCb{MakeCallback(&Bench::Read, this)};
    Callback<void, Ptr<Socket>> m_peerClosedCb{MakeCallback(&Bench::PeerClosed, this)};
    Callback<void, TcpSocket::TcpStates_t, TcpSocket::TcpStates_t> m_ns3StateCb{
        MakeCallback(&Bench::Ns3State, this)};
};

void
Bench::CheckDone()
{
    if (m_started == m_o.connections && m_completed + m_failed >= m_o.connections)
    {
        Simulator::Stop(); // every connection has ended: the measurement is complete
    }
}

void
Bench::TimeWaitDelta(int delta)
{
    m_timeWait += delta;
    if (m_timeWait > m_timeWaitPeak)
    {
        m_timeWaitPeak = m_timeWait;
        if ((m_timeWaitPeak & 1023) == 0)
        {
            m_rssAtPeak = ProcStatusBytes("VmRSS");
        }
    }
}

void
Bench::FsmTransition(const TcpFsmTransitionRecord& r)
{
    if (r.nodeId != 0)
    {
        return;
    }
    if (r.to == TcpSocket::TIME_WAIT && r.from != TcpSocket::TIME_WAIT)
    {
        TimeWaitDelta(+1);
    }
    if (r.from == TcpSocket::TIME_WAIT && r.to == TcpSocket::CLOSED)
    {
        TimeWaitDelta(-1);
        ++m_completed;
    }
    else if (r.to == TcpSocket::CLOSED && r.from != TcpSocket::TIME_WAIT)
    {
        ++m_failed;
    }
    CheckDone();
}

void
Bench::Ns3State(TcpSocket::TcpStates_t from, TcpSocket::TcpStates_t to)
{
    if (to == TcpSocket::TIME_WAIT && from != TcpSocket::TIME_WAIT)
    {
        TimeWaitDelta(+1);
    }
    if (from == TcpSocket::TIME_WAIT && to == TcpSocket::CLOSED)
    {
        TimeWaitDelta(-1);
        ++m_completed;
    }
    else if (to == TcpSocket::CLOSED && from != TcpSocket::TIME_WAIT && from != TcpSocket::CLOSED)
    {
        ++m_failed;
    }
    CheckDone();
}

void
Bench::FloorComplete(uint32_t)
{
    ++m_completed;
    CheckDone();
}

void
Bench::StartNext()
{
    uint64_t i = m_started++;
    uint16_t port = static_cast<uint16_t>(5000 + i % m_o.serverPorts);
    if (m_o.stack == "floor")
    {
        m_floorClient->Start(static_cast<uint32_t>(i), m_server, port);
    }
    else
    {
        Ptr<Socket> s = Socket::CreateSocket(m_nodes.Get(0), TcpSocketFactory::GetTypeId());
        if (m_o.stack == "ns3")
        {
            s->TraceConnectWithoutContext("State", m_ns3StateCb);
        }
        s->SetConnectCallback(m_connectedCb, m_connectFailedCb);
        if (s->Bind() != 0 || s->Connect(InetSocketAddress(m_server, port)) != 0)
        {
            ++m_failed; // ns-3: ephemeral ports exhausted
            s->Close();
            CheckDone();
        }
    }
    if (m_started < m_o.connections)
    {
        Simulator::Schedule(Seconds(m_o.intervalS), &Bench::StartNext, this);
    }
}

void
Bench::Connected(Ptr<Socket> s)
{
    s->Send(Create<Packet>(m_o.bytes));
    s->Close(); // the FIN follows the data
}

void
Bench::ConnectFailed(Ptr<Socket>)
{
    // counted by the State trace (ns3) or the StateTransition trace (fsm)
}

void
Bench::Accept(Ptr<Socket> s, const Address&)
{
    s->SetRecvCallback(m_readCb);
    s->SetCloseCallbacks(m_peerClosedCb, m_peerClosedCb);
}

void
Bench::Read(Ptr<Socket> s)
{
    while (Ptr<Packet> p = s->Recv())
    {
        if (p->GetSize() == 0)
        {
            s->SetRecvCallback(MakeNullCallback<void, Ptr<Socket>>());
            s->Close(); // tcp-fsm: end of stream
            return;
        }
        m_received += p->GetSize();
    }
}

void
Bench::PeerClosed(Ptr<Socket> s)
{
    if (m_o.stack == "ns3")
    {
        Read(s);
        s->Close(); // ns-3's TCP reports the peer's FIN here
    }
}

void
Bench::Build()
{
    Config::SetDefault("ns3::TcpFsmSocket::Msl", TimeValue(Seconds(m_o.mslS)));
    Config::SetDefault("ns3::TcpSocketBase::MaxSegLifetime", DoubleValue(m_o.mslS));
    Config::SetDefault("ns3::TcpSocket::SegmentSize", UintegerValue(1448));
    Config::SetDefault("ns3::TcpFsmSocket::Profile", StringValue(m_o.profile));
    if (m_o.options != "profile")
    {
        // The three options alike on both TCPs (an explicit default overrides the profile's),
        // so that on and off exchange the same packets: only the headers grow.
        const BooleanValue on(m_o.options == "on");
        for (const char* a : {"Sack", "Timestamp", "WindowScaling"})
        {
            Config::SetDefault(std::string("ns3::TcpFsmSocket::") + a, on);
            Config::SetDefault(std::string("ns3::TcpSocketBase::") + a, on);
        }
    }
    m_nodes.Create(2);
    PointToPointHelper p2p;
    p2p.SetDeviceAttribute("DataRate", StringValue("1Gbps"));
    p2p.SetChannelAttribute("Delay", StringValue("5ms"));
    p2p.SetQueue("ns3::DropTailQueue", "MaxSize", StringValue("10000p"));
    m_devs = p2p.Install(m_nodes);
    for (uint32_t d = 0; d < 2; ++d)
    {
        m_devs.Get(d)->TraceConnectWithoutContext("MacTx",
                                                  Callback<void, Ptr<const Packet>>(
                                                      [this, d](Ptr<const Packet> p)
                                                      {
                                                          ++m_txPackets[d];
                                                          m_txBytes[d] += p->GetSize();
                                                      }));
    }
    if (m_o.stack == "fsm")
    {
        TcpFsmHelper().Install(m_nodes);
    }
    else if (m_o.stack == "floor")
    {
        InternetStackHelper stack; // the same stack, protocol 6 replaced by the floor
        stack.SetTcp("ns3::TcpFsmBenchFloor");
        stack.Install(m_nodes);
    }
    else
    {
        InternetStackHelper().Install(m_nodes);
    }
    // No queue disc on any stack: FqCoDel builds a CoDel queue per new flow, a cost
    // that has nothing to do with TCP and would be paid alike by both stacks.
    // (Ipv4AddressHelper::Assign installs it, so it is removed after.)
    Ipv4AddressHelper a("10.0.0.0", "255.255.255.0");
    Ipv4InterfaceContainer ifs = a.Assign(m_devs);
    TrafficControlHelper().Uninstall(m_devs);
    m_server = ifs.GetAddress(1);
    if (m_o.stack == "floor")
    {
        return;
    }
    for (uint64_t k = 0; k < m_o.serverPorts; ++k)
    {
        Ptr<Socket> l = Socket::CreateSocket(m_nodes.Get(1), TcpSocketFactory::GetTypeId());
        l->Bind(InetSocketAddress(Ipv4Address::GetAny(), static_cast<uint16_t>(5000 + k)));
        l->SetAcceptCallback(MakeNullCallback<bool, Ptr<Socket>, const Address&>(),
                             MakeCallback(&Bench::Accept, this));
        m_listeners.push_back(l);
    }
    Simulator::Schedule(MilliSeconds(100),
                        [this]()
                        {
                            for (auto& l : m_listeners)
                            {
                                l->Listen();
                            }
                        });
}

std::vector<TcpFsmBenchFloorStep>
Bench::RecordFloor(const Options& o, std::string& error)
{
    Options r = o;
    r.stack = "fsm";
    r.connections = 2;
    r.serverPorts = 2; // connection 0 resolves ARP; connection 1 (port 5001) is recorded
    r.trace = "none";
    std::vector<TcpFsmBenchFloorStep> steps;
    {
        Bench b(r);
        b.Build();
        TcpFsmHelper::GetL4(b.m_nodes.Get(0))
            ->TraceConnectWithoutContext("StateTransition",
                                         MakeCallback(&Bench::FsmTransition, &b));
        TcpFsmBenchFloorRecorder recorder;
        recorder.Attach(b.m_nodes.Get(0), b.m_nodes.Get(1), 5001);
        Simulator::Schedule(MilliSeconds(200), &Bench::StartNext, &b);
        Simulator::Stop(Seconds(0.2 + 2 * r.intervalS + 2 * r.mslS + 3600));
        Simulator::Run();
        if (b.m_completed != r.connections)
        {
            error = "the tcp-fsm run to record the floor did not complete";
        }
        else
        {
            steps = recorder.Steps(Seconds(0.2 + r.intervalS), error);
        }
        b.m_listeners.clear();
        Simulator::Destroy();
    }
    Ipv4AddressGenerator::Reset();
    return steps;
}

int
Bench::Run()
{
    std::shared_ptr<const std::vector<TcpFsmBenchFloorStep>> schedule;
    if (m_o.stack == "floor")
    {
        std::string error;
        auto steps = RecordFloor(m_o, error);
        if (steps.empty())
        {
            std::cerr << "tcp-fsm-bench: floor: " << error << std::endl;
            return 1;
        }
        schedule = std::make_shared<const std::vector<TcpFsmBenchFloorStep>>(std::move(steps));
    }
    Build();
    std::unique_ptr<TcpFsmTraceHelper> trace;
    if (m_o.stack == "fsm")
    {
        TcpFsmHelper::GetL4(m_nodes.Get(0))
            ->TraceConnectWithoutContext("StateTransition",
                                         MakeCallback(&Bench::FsmTransition, this));
        if (m_o.trace == "csv")
        {
            trace = std::make_unique<TcpFsmTraceHelper>();
            trace->EnableTransitions(m_o.traceFile, m_nodes);
        }
    }
    if (schedule)
    {
        for (uint32_t n = 0; n < 2; ++n)
        {
            Ptr<TcpFsmBenchFloor> f = m_nodes.Get(n)->GetObject<TcpFsmBenchFloor>();
            f->SetSchedule(schedule);
            f->SetCompleteCallback(MakeCallback(&Bench::FloorComplete, this));
        }
        m_floorClient = m_nodes.Get(0)->GetObject<TcpFsmBenchFloor>();
    }
    Simulator::Schedule(MilliSeconds(200), &Bench::StartNext, this);
    // Listeners would keep the run alive forever in no way (they schedule nothing): the run
    // ends when the last TIME_WAIT expires. A generous stop guards against a stuck model.
    double horizon = 0.2 + m_o.intervalS * double(m_o.connections) + 2 * m_o.mslS + 3600;
    Simulator::Stop(Seconds(horizon));

    const uint64_t rssBefore = ProcStatusBytes("VmRSS");
    auto t0 = std::chrono::steady_clock::now();
    const std::clock_t c0 = std::clock();
    Simulator::Run();
    const std::clock_t c1 = std::clock();
    auto t1 = std::chrono::steady_clock::now();
    // Processor time inside Run: what a busy machine's wall time does not show (linearity).
    const double cpu = double(c1 - c0) / CLOCKS_PER_SEC;
    const double setup = std::chrono::duration<double>(t0 - g_mainStart).count();
    const double wall = std::chrono::duration<double>(t1 - t0).count();
    const uint64_t peak = ProcStatusBytes("VmHWM");
    const uint64_t events = Simulator::GetEventCount();
    const double sim = Simulator::Now().GetSeconds();
    if (trace)
    {
        trace->Flush();
    }
    uint64_t grown = (m_rssAtPeak > rssBefore ? m_rssAtPeak : peak) - rssBefore;
    if (peak > rssBefore && peak - rssBefore > grown)
    {
        grown = peak - rssBefore;
    }
    std::cout << std::fixed << "stack=" << m_o.stack << " connections=" << m_o.connections
              << " completed=" << m_completed << " failed=" << (m_o.connections - m_completed)
              << " setup_s=" << std::setprecision(4) << setup << " run_s=" << wall
              << " us_per_conn=" << std::setprecision(2) << wall * 1e6 / double(m_o.connections)
              << " events=" << events << " peak_rss_mb=" << std::setprecision(1)
              << double(peak) / (1024 * 1024) << " timewait_peak=" << m_timeWaitPeak
              << " bytes_per_timewait=" << (m_timeWaitPeak ? grown / m_timeWaitPeak : 0)
              << " sim_s=" << std::setprecision(3) << sim << " bytes_received=" << m_received
              << " c_tx_packets=" << m_txPackets[0] << " c_tx_bytes=" << m_txBytes[0]
              << " s_tx_packets=" << m_txPackets[1] << " s_tx_bytes=" << m_txBytes[1]
              << " run_cpu_s=" << std::setprecision(4) << cpu
              << " cpu_us_per_conn=" << std::setprecision(2) << cpu * 1e6 / double(m_o.connections)
              << std::endl;
    m_listeners.clear();
    m_floorClient = nullptr;
    Simulator::Destroy();
    return m_completed == m_o.connections ? 0 : 1;
}

} // namespace

int
main(int argc, char* argv[])
{
    g_mainStart = std::chrono::steady_clock::now();
    TcpFsmCli cli("tcp-fsm-bench");
    cli.Declare("stack", TcpFsmCli::Kind::STRING);
    cli.Declare("connections", TcpFsmCli::Kind::UINT);
    cli.Declare("interval", TcpFsmCli::Kind::TIME);
    cli.Declare("bytes", TcpFsmCli::Kind::UINT);
    cli.Declare("msl", TcpFsmCli::Kind::TIME);
    cli.Declare("trace", TcpFsmCli::Kind::STRING, {"none", "csv"});
    cli.Declare("trace-file", TcpFsmCli::Kind::STRING);
    cli.Declare("server-ports", TcpFsmCli::Kind::UINT);
    cli.Declare("profile", TcpFsmCli::Kind::STRING, {"rfc", "linux"});
    cli.Declare("options", TcpFsmCli::Kind::STRING, {"profile", "on", "off"});
    cli.Declare("compare", TcpFsmCli::Kind::BOOL);
    cli.Declare("repeat", TcpFsmCli::Kind::UINT);
    cli.Declare("once", TcpFsmCli::Kind::BOOL);
    cli.Check(argc, argv);

    Options o;
    std::string interval = "1ms";
    std::string msl = "120s";
    bool compare = false;
    bool once = false;
    uint64_t repeat = 5;
    CommandLine cmd(__FILE__);
    cmd.Usage("Cost of many short connections: tcp-fsm, ns-3's TCP and the packet floor "
              "(see the file header).");
    cmd.AddValue("stack", "fsm, ns3 or floor, or a comma list of them (interleaved)", o.stack);
    cmd.AddValue("connections", "number of connections", o.connections);
    cmd.AddValue("interval", "time between connection starts", interval);
    cmd.AddValue("bytes", "bytes each connection sends", o.bytes);
    cmd.AddValue("msl", "maximum segment lifetime (TIME_WAIT = 2*msl), both stacks", msl);
    cmd.AddValue("trace", "none or csv (the full transition CSV, tcp-fsm only)", o.trace);
    cmd.AddValue("trace-file", "where --trace=csv writes", o.traceFile);
    cmd.AddValue(
        "server-ports", "listening ports on the server (co-prime with 16384)", o.serverPorts);
    cmd.AddValue("profile", "tcp-fsm's Profile attribute: rfc or linux", o.profile);
    cmd.AddValue("options",
                 "SACK, timestamps and window scaling: as the profile has them, on or off "
                 "(both TCPs)",
                 o.options);
    cmd.AddValue("compare", "the same as --stack=fsm,ns3,floor", compare);
    cmd.AddValue("repeat", "whole-process runs of each stack (1..1000)", repeat);
    cmd.AddValue("once", "one run in this process, one line (what each repeat runs)", once);
    cmd.Parse(argc, argv);
    std::vector<std::string> stacks;
    if (compare)
    {
        stacks = {"fsm", "ns3", "floor"};
    }
    else
    {
        std::istringstream is(o.stack);
        std::string s;
        while (std::getline(is, s, ','))
        {
            if (s != "fsm" && s != "ns3" && s != "floor")
            {
                cli.Fail("--stack='" + s + "' is not one of: fsm, ns3, floor");
            }
            if (std::find(stacks.begin(), stacks.end(), s) == stacks.end())
            {
                stacks.push_back(s);
            }
        }
        if (stacks.empty())
        {
            cli.Fail("--stack='' is not one of: fsm, ns3, floor");
        }
    }
    if (!TcpFsmCli::ParseTime(interval, o.intervalS) || o.intervalS <= 0)
    {
        cli.Fail("--interval='" + interval + "' must be a positive time");
    }
    if (!TcpFsmCli::ParseTime(msl, o.mslS))
    {
        cli.Fail("--msl='" + msl + "' is not a time");
    }
    if (o.connections == 0 || o.connections > 100000000)
    {
        cli.Fail("--connections must be 1..100000000");
    }
    if (o.serverPorts == 0 || o.serverPorts > 1000)
    {
        cli.Fail("--server-ports must be 1..1000");
    }
    if (repeat == 0 || repeat > 1000)
    {
        cli.Fail("--repeat must be 1..1000");
    }
    if (o.trace == "csv" && stacks != std::vector<std::string>{"fsm"})
    {
        cli.Fail("--trace=csv is for --stack=fsm only");
    }
    if (once && stacks.size() != 1)
    {
        cli.Fail("--once runs one stack: give --stack=fsm, ns3 or floor");
    }
    if (!once)
    {
        return TcpFsmBenchDrive(argc, argv, stacks, repeat);
    }
    o.stack = stacks.front();
    Bench bench(o);
    return bench.Run();
}
