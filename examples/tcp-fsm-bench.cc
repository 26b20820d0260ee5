/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * tcp-fsm-bench: the cost of many short connections whose TIME_WAIT endpoints pile up,
 * for tcp-fsm and for ns-3's own TCP, measured the same way.
 *
 *   client 10.0.0.1 ---- 1 Gbps, 5 ms ---- server 10.0.0.2 (ports 5000 .. 5000+K-1)
 *
 * No traffic-control queue disc is installed (for either stack), so the figures measure TCP.
 * The client opens --connections connections, --interval apart; each sends --bytes and
 * closes; the server reads to the end and closes. The run ends when every socket is
 * CLOSED (TIME_WAIT expired: 2 * --msl). Connection i goes to server port 5000 + i % K
 * (K = --server-ports, 31 by default, co-prime with the 16384 ephemeral ports so that a
 * (port, port) pair comes back only every 16384 * K connections): one client address
 * can then hold more than 16384 TIME_WAIT endpoints at once.
 *
 * Prints one line of key=value pairs:
 *   stack connections completed failed wall_s us_per_conn events peak_rss_mb
 *   timewait_peak bytes_per_timewait sim_s
 * and exits 1 when a connection did not complete. --compare runs both stacks as separate
 * processes and prints both lines and the ratios.
 *
 * Example: build/bin/tcp-fsm-bench --connections=10000 --compare
 */
#include "ns3/core-module.h"
#include "ns3/internet-module.h"
#include "ns3/network-module.h"
#include "ns3/point-to-point-module.h"
#include "ns3/tcp-fsm-cli.h"
#include "ns3/tcp-fsm-helper.h"
#include "ns3/tcp-fsm-l4-protocol.h"
#include "ns3/tcp-fsm-trace-helper.h"
#include "ns3/traffic-control-module.h"

#include <chrono>
#include <cstdio>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <map>
#include <memory>
#include <sstream>

using namespace ns3;

namespace
{

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
};

class Bench
{
  public:
    explicit Bench(const Options& o)
      : m_o(o)
    {}

    int Run();

  private:
    void StartNext();
    void Connected(Ptr<Socket> s);
    void ConnectFailed(Ptr<Socket> s);
    void Accept(Ptr<Socket> s, const Address& from);
    void Read(Ptr<Socket> s);
    void PeerClosed(Ptr<Socket> s);
    void FsmTransition(const TcpFsmTransitionRecord& r);
    void Ns3State(TcpSocket::TcpStates_t from, TcpSocket::TcpStates_t to);
    void TimeWaitDelta(int delta);
    void CheckDone();

    Options m_o;
    NodeContainer m_nodes;
    Ipv4Address m_server;
    uint64_t m_started{0};
    uint64_t m_completed{0};
    uint64_t m_failed{0};
    uint64_t m_received{0};
    uint64_t m_timeWait{0};
    uint64_t m_timeWaitPeak{0};
    uint64_t m_rssAtPeak{0};
    std::vector<Ptr<Socket>> m_listeners;
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
Bench::StartNext()
{
    uint64_t i = m_started++;
    Ptr<Socket> s = Socket::CreateSocket(m_nodes.Get(0), TcpSocketFactory::GetTypeId());
    if (m_o.stack == "ns3")
    {
        s->TraceConnectWithoutContext("State", MakeCallback(&Bench::Ns3State, this));
    }
    s->SetConnectCallback(MakeCallback(&Bench::Connected, this),
                          MakeCallback(&Bench::ConnectFailed, this));
    uint16_t port = static_cast<uint16_t>(5000 + i % m_o.serverPorts);
    if (s->Bind() != 0 || s->Connect(InetSocketAddress(m_server, port)) != 0)
    {
        ++m_failed; // ns-3: ephemeral ports exhausted
        s->Close();
        CheckDone();
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
    if (m_o.stack == "ns3")
    {
        return; // counted by the State trace
    }
}

void
Bench::Accept(Ptr<Socket> s, const Address&)
{
    s->SetRecvCallback(MakeCallback(&Bench::Read, this));
    s->SetCloseCallbacks(MakeCallback(&Bench::PeerClosed, this),
                         MakeCallback(&Bench::PeerClosed, this));
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

int
Bench::Run()
{
    Config::SetDefault("ns3::TcpFsmSocket::Msl", TimeValue(Seconds(m_o.mslS)));
    Config::SetDefault("ns3::TcpSocketBase::MaxSegLifetime", DoubleValue(m_o.mslS));
    Config::SetDefault("ns3::TcpSocket::SegmentSize", UintegerValue(1448));
    m_nodes.Create(2);
    PointToPointHelper p2p;
    p2p.SetDeviceAttribute("DataRate", StringValue("1Gbps"));
    p2p.SetChannelAttribute("Delay", StringValue("5ms"));
    p2p.SetQueue("ns3::DropTailQueue", "MaxSize", StringValue("10000p"));
    NetDeviceContainer devs = p2p.Install(m_nodes);
    if (m_o.stack == "fsm")
    {
        TcpFsmHelper().Install(m_nodes);
    }
    else
    {
        InternetStackHelper().Install(m_nodes);
    }
    // No queue disc on either stack: FqCoDel builds a CoDel queue per new flow, a cost
    // that has nothing to do with TCP and would be paid alike by both stacks.
    // (Ipv4AddressHelper::Assign installs it, so it is removed after.)
    Ipv4AddressHelper a("10.0.0.0", "255.255.255.0");
    Ipv4InterfaceContainer ifs = a.Assign(devs);
    TrafficControlHelper().Uninstall(devs);
    m_server = ifs.GetAddress(1);

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
    Simulator::Schedule(MilliSeconds(200), &Bench::StartNext, this);
    // Listeners would keep the run alive forever in no way (they schedule nothing): the run
    // ends when the last TIME_WAIT expires. A generous stop guards against a stuck model.
    double horizon = 0.2 + m_o.intervalS * double(m_o.connections) + 2 * m_o.mslS + 3600;
    Simulator::Stop(Seconds(horizon));

    const uint64_t rssBefore = ProcStatusBytes("VmRSS");
    auto t0 = std::chrono::steady_clock::now();
    Simulator::Run();
    auto t1 = std::chrono::steady_clock::now();
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
              << " wall_s=" << std::setprecision(3) << wall
              << " us_per_conn=" << std::setprecision(2) << wall * 1e6 / double(m_o.connections)
              << " events=" << events << " peak_rss_mb=" << std::setprecision(1)
              << double(peak) / (1024 * 1024) << " timewait_peak=" << m_timeWaitPeak
              << " bytes_per_timewait=" << (m_timeWaitPeak ? grown / m_timeWaitPeak : 0)
              << " sim_s=" << std::setprecision(3) << sim << " bytes_received=" << m_received
              << std::endl;
    m_listeners.clear();
    Simulator::Destroy();
    return m_completed == m_o.connections ? 0 : 1;
}

/// key=value pairs of one output line.
std::map<std::string, std::string>
ParseLine(const std::string& line)
{
    std::map<std::string, std::string> kv;
    std::istringstream is(line);
    std::string tok;
    while (is >> tok)
    {
        auto eq = tok.find('=');
        if (eq != std::string::npos)
        {
            kv[tok.substr(0, eq)] = tok.substr(eq + 1);
        }
    }
    return kv;
}

int
Compare(int argc, char** argv)
{
    std::string args;
    for (int i = 1; i < argc; ++i)
    {
        std::string a = argv[i];
        if (a == "--compare" || a.rfind("--compare=", 0) == 0 || a.rfind("--stack=", 0) == 0)
        {
            continue;
        }
        std::string quoted = "'";
        for (char c : a)
        {
            quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
        }
        args += " " + quoted + "'";
    }
    std::map<std::string, std::map<std::string, std::string>> result;
    int rc = 0;
    for (std::string stack : {"fsm", "ns3"})
    {
        std::string cmd = "'" + std::string(argv[0]) + "' --stack=" + stack + args;
        FILE* p = popen(cmd.c_str(), "r");
        if (!p)
        {
            std::cerr << "tcp-fsm-bench: cannot run " << cmd << std::endl;
            return 2;
        }
        std::string out;
        char buf[4096];
        while (fgets(buf, sizeof(buf), p))
        {
            out += buf;
        }
        int status = pclose(p);
        rc |= (status != 0);
        std::cout << out;
        result[stack] = ParseLine(out);
    }
    auto ratio = [&result](const std::string& key)
    {
        double f = std::atof(result["fsm"][key].c_str());
        double n = std::atof(result["ns3"][key].c_str());
        std::ostringstream os;
        os << std::fixed << std::setprecision(2) << (f > 0 ? n / f : 0.0);
        return os.str();
    };
    std::cout << "ratio ns3/fsm: wall=" << ratio("wall_s")
              << " us_per_conn=" << ratio("us_per_conn") << " peak_rss=" << ratio("peak_rss_mb")
              << " events=" << ratio("events")
              << " bytes_per_timewait=" << ratio("bytes_per_timewait") << std::endl;
    return rc ? 1 : 0;
}

} // namespace

int
main(int argc, char* argv[])
{
    TcpFsmCli cli("tcp-fsm-bench");
    cli.Declare("stack", TcpFsmCli::Kind::STRING, {"fsm", "ns3"});
    cli.Declare("connections", TcpFsmCli::Kind::UINT);
    cli.Declare("interval", TcpFsmCli::Kind::TIME);
    cli.Declare("bytes", TcpFsmCli::Kind::UINT);
    cli.Declare("msl", TcpFsmCli::Kind::TIME);
    cli.Declare("trace", TcpFsmCli::Kind::STRING, {"none", "csv"});
    cli.Declare("trace-file", TcpFsmCli::Kind::STRING);
    cli.Declare("server-ports", TcpFsmCli::Kind::UINT);
    cli.Declare("compare", TcpFsmCli::Kind::BOOL);
    cli.Check(argc, argv);

    Options o;
    std::string interval = "1ms";
    std::string msl = "120s";
    bool compare = false;
    CommandLine cmd(__FILE__);
    cmd.Usage("Cost of many short connections, tcp-fsm vs ns-3's TCP (see the file header).");
    cmd.AddValue("stack", "fsm or ns3", o.stack);
    cmd.AddValue("connections", "number of connections", o.connections);
    cmd.AddValue("interval", "time between connection starts", interval);
    cmd.AddValue("bytes", "bytes each connection sends", o.bytes);
    cmd.AddValue("msl", "maximum segment lifetime (TIME_WAIT = 2*msl), both stacks", msl);
    cmd.AddValue("trace", "none or csv (the full transition CSV, tcp-fsm only)", o.trace);
    cmd.AddValue("trace-file", "where --trace=csv writes", o.traceFile);
    cmd.AddValue(
        "server-ports", "listening ports on the server (co-prime with 16384)", o.serverPorts);
    cmd.AddValue("compare", "run both stacks as separate processes and print ratios", compare);
    cmd.Parse(argc, argv);
    if (!TcpFsmCli::ParseTime(interval, o.intervalS) || o.intervalS <= 0)
    {
        cli.Fail("--interval='" + interval + "' must be a positive time");
    }
    if (!TcpFsmCli::ParseTime(msl, o.mslS))
    {
        cli.Fail("--msl='" + msl + "' is not a time");
    }
    if (o.connections == 0)
    {
        cli.Fail("--connections must be at least 1");
    }
    if (o.serverPorts == 0 || o.serverPorts > 1000)
    {
        cli.Fail("--server-ports must be 1..1000");
    }
    if (o.trace == "csv" && o.stack != "fsm" && !compare)
    {
        cli.Fail("--trace=csv is for --stack=fsm only");
    }
    if (compare)
    {
        return Compare(argc, argv);
    }
    Bench bench(o);
    return bench.Run();
}
