/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * tcp-fsm-lab: the main job. Opens, uses and closes TCP connections over a lossy, delayed
 * link (or a dumbbell), with targeted segment drops, and measures what the state machine did.
 *
 *   tcp-fsm-lab [--topology=p2p|dumbbell] [--clients=N] [--delay=T] [--rate=R] [--loss=P]
 *               [--drop=KIND:N[-M][,...]]... [--connections=N] [--bytes=B] [--interval=T]
 *               [--close=client|server|simultaneous|half] [--client-stack=fsm|ns3]
 *               [--server-stack=fsm|ns3] [--listen=true|false] [--seed=S] [--run=R]
 *               [--out=DIR] [--lab=NAME] [--report=true|false] [--unfold]
 *               [--ns3::TcpFsmSocket::Msl=30s ...]
 *
 * Writes into DIR (default lab-out, relative to the working directory): report.html (the
 * page to open first: scenario, teaching points, questions of the course lab NAME, state
 * graph, one ladder per connection, tables; --report=false leaves it out), transitions.csv,
 * state-counts.csv, segments.csv, graph.dot, graph.graphml, graph.svg and graph.png (when
 * Graphviz's dot is installed), ladder.svg (the first connection) and summary.json, and
 * prints a summary. DIR is built as DIR.tmp-XXXXXX and renamed at the end: it is never half
 * written, and an existing DIR is replaced only when the run succeeds. TIME_WAIT lasts
 * 2 * Msl, and the lab sets Msl to 30 s unless --ns3::TcpFsmSocket::Msl says otherwise.
 * Segments carry up to the link's MTU minus 40 bytes (1460 on the 1500-byte links) unless
 * --ns3::TcpSocket::SegmentSize says otherwise.
 *
 * Exit status: 0 the run finished (failed connections are results, not errors); 1 an internal
 * error (the output cannot be written); 2 a bad option (one line naming it).
 */
#include "ns3/core-module.h"
#include "ns3/internet-module.h"
#include "ns3/network-module.h"
#include "ns3/tcp-fsm-cli.h"
#include "ns3/tcp-fsm-drop-spec.h"
#include "ns3/tcp-fsm-l4-protocol.h"
#include "ns3/tcp-fsm-lab-facts.h"
#include "ns3/tcp-fsm-lab-output.h"
#include "ns3/tcp-fsm-lab-report.h"
#include "ns3/tcp-fsm-lab-scenario.h"
#include "ns3/tcp-fsm-lab-summary.h"
#include "ns3/tcp-fsm-trace-helper.h"

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <map>
#include <regex>
#include <sstream>

using namespace ns3;

namespace
{

const char* const kProgram = "tcp-fsm-lab";
const char* const kLabMsl = "30s";

/// The lab's options, as text (echoed into summary.json) and parsed.
struct Options
{
    std::string topology{"p2p"};
    uint32_t clients{1};
    std::string delay{"10ms"};
    std::string rate{"10Mbps"};
    double loss{0.02};
    std::vector<std::string> drops;
    uint32_t connections{5};
    uint64_t bytes{50000};
    std::string interval{"200ms"};
    std::string close{"client"};
    std::string clientStack{"fsm"};
    std::string serverStack{"fsm"};
    bool listen{true};
    bool fastOpen{false};
    uint64_t seed{1};
    uint64_t run{1};
    std::string out{"lab-out"};
    std::string lab;
    bool report{true};
    bool unfold{false};
};

std::vector<std::string> g_drops; ///< every --drop value, in order (the option may repeat)

bool
CollectDrop(const std::string value)
{
    g_drops.push_back(value);
    return true;
}

/// "--ns3::Type::Attr=value" arguments, as (Type::Attr with the ns3:: prefix, value).
std::vector<std::pair<std::string, std::string>>
AttributeArguments(int argc, char** argv, const TcpFsmCli& cli)
{
    std::vector<std::pair<std::string, std::string>> out;
    for (int i = 1; i < argc; ++i)
    {
        std::string a = argv[i];
        if (a.rfind("--ns3::", 0) != 0)
        {
            continue;
        }
        auto eq = a.find('=');
        if (eq == std::string::npos)
        {
            cli.Fail("option " + a + " needs a value (" + a + "=...)");
        }
        out.emplace_back(a.substr(2, eq - 2), a.substr(eq + 1));
    }
    return out;
}

/// Check an attribute argument now, so that a bad one exits with 2 and its name.
void
CheckAttribute(const TcpFsmCli& cli, const std::string& name, const std::string& value)
{
    std::string message = "--" + name + "='" + value + "': ";
    auto sep = name.rfind("::");
    TypeId tid;
    TypeId::AttributeInformation info;
    if (sep == std::string::npos || !TypeId::LookupByNameFailSafe(name.substr(0, sep), &tid))
    {
        cli.Fail(message + "unknown type (expected --ns3::Type::Attribute=value)");
    }
    const std::string attr = name.substr(sep + 2);
    if (!tid.LookupAttributeByName(attr, &info))
    {
        cli.Fail(message + "unknown attribute (see --PrintAttributes=" + tid.GetName() + ")");
    }
    // ns-3 aborts on a number or a time it cannot parse instead of refusing it: check first.
    static const std::string number = "[+-]?([0-9]+\\.?[0-9]*|\\.[0-9]+)([eE][+-]?[0-9]+)?";
    static const std::map<std::string, std::pair<std::regex, std::string>> formats = {
        {"ns3::TimeValue",
         {std::regex(number + "(s|ms|us|ns|ps|fs|min|h|d|y)?"),
          "not a time (a number with s, ms, us, ns, min or h)"}},
        {"ns3::UintegerValue", {std::regex("[0-9]+"), "not a whole number >= 0"}},
        {"ns3::IntegerValue", {std::regex("[+-]?[0-9]+"), "not a whole number"}},
        {"ns3::DoubleValue", {std::regex(number), "not a number"}},
    };
    auto format = formats.find(info.checker->GetValueTypeName());
    if (format != formats.end() && !std::regex_match(value, format->second.first))
    {
        cli.Fail(message + format->second.second);
    }
    if (Config::SetDefaultFailSafe(name, StringValue(value)))
    {
        return;
    }
    for (TypeId t = tid; t != t.GetParent(); t = t.GetParent())
    {
        for (std::size_t i = 0; i < t.GetAttributeN(); ++i)
        {
            if (t.GetAttribute(i).name == attr && t != tid)
            {
                cli.Fail(message + attr + " is an attribute of " + t.GetName() + ": set it as --"
                         + t.GetName() + "::" + attr + "=" + value);
            }
        }
    }
    cli.Fail(message + "a value the attribute does not accept");
}

/// The text of the last --name=value of argv (a bare --name is "true"), else fallback.
std::string
Given(int argc, char** argv, const std::string& name, const std::string& fallback)
{
    std::string value = fallback;
    for (int i = 1; i < argc; ++i)
    {
        std::string a = argv[i];
        if (a == "--" + name)
        {
            value = "true";
        }
        else if (a.rfind("--" + name + "=", 0) == 0)
        {
            value = a.substr(name.size() + 3);
        }
    }
    return value;
}

/// "a,b,c"
std::string
Joined(const std::vector<std::string>& items)
{
    std::string s;
    for (const auto& item : items)
    {
        s += (s.empty() ? "" : ",") + item;
    }
    return s;
}

/// A progress bar on stderr: only when it is a terminal and the run has lasted 2 s.
class Progress
{
  public:
    Progress(Time target)
      : m_target(target)
      , m_tty(isatty(STDERR_FILENO) == 1)
      , m_start(std::chrono::steady_clock::now())
    {}

    void Attach(NodeContainer fsmNodes)
    {
        for (uint32_t i = 0; i < fsmNodes.GetN(); ++i)
        {
            Ptr<TcpFsmL4Protocol> l4 = fsmNodes.Get(i)->GetObject<TcpFsmL4Protocol>();
            l4->TraceConnectWithoutContext("StateTransition",
                                           MakeCallback(&Progress::OnTransition, this));
            l4->TraceConnectWithoutContext("SegmentTx", MakeCallback(&Progress::OnSegment, this));
        }
    }

    /// With ns-3's TCP on a side, which may retransmit forever: a tick every 100 ms of
    /// simulated time updates the bar and stops the run at the horizon. The tick stops when
    /// it is the only event left, so that it does not keep the simulation alive.
    void Watch(Time horizon)
    {
        m_horizon = horizon;
        Simulator::Schedule(MilliSeconds(100), &Progress::Tick, this);
    }

    bool StoppedAtHorizon() const
    {
        return m_stopped;
    }

    void Done()
    {
        if (m_shown)
        {
            std::cerr << "\r\033[K" << std::flush;
        }
    }

  private:
    void OnTransition(const TcpFsmTransitionRecord&)
    {
        Poll();
    }

    void OnSegment(const TcpFsmSegmentRecord&)
    {
        Poll();
    }

    void Tick()
    {
        Update();
        if (Simulator::Now() >= m_horizon)
        {
            m_stopped = true;
            Simulator::Stop();
            return;
        }
        if (!Simulator::IsFinished())
        {
            Simulator::Schedule(MilliSeconds(100), &Progress::Tick, this);
        }
    }

    void Poll()
    {
        if (m_tty && (++m_calls & 1023) == 0)
        {
            Update();
        }
    }

    void Update()
    {
        if (!m_tty)
        {
            return;
        }
        auto now = std::chrono::steady_clock::now();
        double wall = std::chrono::duration<double>(now - m_start).count();
        if (wall < 2.0 || now - m_last < std::chrono::milliseconds(200))
        {
            return;
        }
        m_last = now;
        m_shown = true;
        double f = std::min(Simulator::Now().GetSeconds() / m_target.GetSeconds(), 0.99);
        int width = 30;
        int done = static_cast<int>(f * width);
        std::cerr << "\r" << kProgram << " [" << std::string(done, '#')
                  << std::string(width - done, '-') << "] " << std::setw(3) << int(f * 100)
                  << "%  simulated " << std::fixed << std::setprecision(1)
                  << Simulator::Now().GetSeconds() << " of ~" << m_target.GetSeconds() << " s, "
                  << wall << " s wall" << std::defaultfloat << std::flush;
    }

    Time m_target;
    Time m_horizon;
    bool m_tty;
    bool m_shown{false};
    bool m_stopped{false};
    uint64_t m_calls{0};
    std::chrono::steady_clock::time_point m_start;
    std::chrono::steady_clock::time_point m_last;
};

[[noreturn]] void
Internal(const std::string& message)
{
    std::cerr << kProgram << ": " << message << std::endl;
    std::exit(1);
}

bool
WriteFile(const std::string& path, const std::string& content)
{
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << content;
    out.close();
    return bool(out);
}

} // namespace

int
main(int argc, char* argv[])
{
    auto wallStart = std::chrono::steady_clock::now();
    TcpFsmCli cli(kProgram);
    cli.Declare("topology", TcpFsmCli::Kind::STRING, {"p2p", "dumbbell"});
    cli.Declare("clients", TcpFsmCli::Kind::UINT);
    cli.Declare("delay", TcpFsmCli::Kind::TIME);
    cli.Declare("rate", TcpFsmCli::Kind::STRING);
    cli.Declare("loss", TcpFsmCli::Kind::DOUBLE);
    cli.Declare("drop", TcpFsmCli::Kind::STRING);
    cli.Declare("connections", TcpFsmCli::Kind::UINT);
    cli.Declare("bytes", TcpFsmCli::Kind::UINT);
    cli.Declare("interval", TcpFsmCli::Kind::TIME);
    cli.Declare("close", TcpFsmCli::Kind::STRING, {"client", "server", "simultaneous", "half"});
    cli.Declare("client-stack", TcpFsmCli::Kind::STRING, {"fsm", "ns3"});
    cli.Declare("server-stack", TcpFsmCli::Kind::STRING, {"fsm", "ns3"});
    cli.Declare("listen", TcpFsmCli::Kind::BOOL);
    cli.Declare("fastopen", TcpFsmCli::Kind::BOOL);
    cli.Declare("seed", TcpFsmCli::Kind::UINT);
    cli.Declare("run", TcpFsmCli::Kind::UINT);
    cli.Declare("out", TcpFsmCli::Kind::STRING);
    cli.Declare("lab", TcpFsmCli::Kind::STRING);
    cli.Declare("report", TcpFsmCli::Kind::BOOL);
    cli.Declare("unfold", TcpFsmCli::Kind::BOOL);
    cli.Check(argc, argv);
    for (int i = 1; i < argc; ++i)
    {
        // ns-3's CommandLine refuses an empty value with status 1; the lab promises 2.
        for (const char* o : {"--rate=", "--drop=", "--out="})
        {
            if (std::string(argv[i]) == o)
            {
                cli.Fail(std::string("option ") + o + "... needs a non-empty value");
            }
        }
    }

    // The lab's MSL: TIME_WAIT (2 MSL) of a minute, long enough to see, short enough to wait.
    Config::SetDefault("ns3::TcpFsmSocket::Msl", StringValue(kLabMsl));
    const auto attributes = AttributeArguments(argc, argv, cli);
    bool nsMslGiven = false;
    bool segmentSizeGiven = false;
    for (const auto& [name, value] : attributes)
    {
        CheckAttribute(cli, name, value);
        nsMslGiven |= name == "ns3::TcpSocketBase::MaxSegLifetime";
        segmentSizeGiven |= name == "ns3::TcpSocket::SegmentSize";
    }

    Options o;
    CommandLine cmd(__FILE__);
    cmd.Usage("Opens, uses and closes TCP connections over a lossy link and measures what the "
              "RFC 9293 state machine did: traces, graphs, a ladder diagram and summary.json in "
              "--out. The lab sets ns3::TcpFsmSocket::Msl to 30s (TIME_WAIT = 2 * Msl = 60 s) "
              "and ns-3's TCP's MaxSegLifetime to the same value; change it with "
              "--ns3::TcpFsmSocket::Msl=5s. Socket attributes shared by both TCPs are set as "
              "--ns3::TcpSocket::ConnCount=3. Exit status: 0 the run finished, 1 internal "
              "error, 2 bad option.");
    cmd.AddValue(
        "topology", "p2p (one link) or dumbbell (clients, two routers, servers)", o.topology);
    cmd.AddValue("clients", "client hosts (dumbbell: as many servers; p2p: 1)", o.clients);
    cmd.AddValue("delay", "one-way delay of the bottleneck link (10ms, 0.5s, ...)", o.delay);
    cmd.AddValue("rate", "data rate of the bottleneck link (10Mbps, 1Gbps, ...)", o.rate);
    cmd.AddValue(
        "loss", "random loss rate of TCP segments on the bottleneck, 0 <= loss < 1", o.loss);
    cmd.AddValue("drop",
                 "drop chosen segments on the bottleneck: KIND:N (the N-th of that kind) or "
                 "KIND:N-M, comma-separated or repeated; KIND is "
                     + TcpFsmDropSpec::KindList(),
                 MakeCallback(&CollectDrop));
    cmd.AddValue("connections", "connections in all, round-robin over the clients", o.connections);
    cmd.AddValue("bytes", "bytes the client sends on each connection", o.bytes);
    cmd.AddValue("interval", "time between connection starts (the first at 1 s)", o.interval);
    cmd.AddValue("close",
                 "who closes first: client, server, simultaneous (both at once) or half (the "
                 "client shuts down its side, the server sends --bytes back, then closes)",
                 o.close);
    cmd.AddValue(
        "client-stack", "the clients' TCP: fsm (tcp-fsm) or ns3 (ns-3's own)", o.clientStack);
    cmd.AddValue("server-stack", "the servers' TCP: fsm or ns3", o.serverStack);
    cmd.AddValue("listen", "false: nothing listens on the servers' port 80 (refused)", o.listen);
    cmd.AddValue("fastopen",
                 "true: TCP Fast Open (RFC 7413) between tcp-fsm hosts; ttfb_*_s in summary.json "
                 "is the time to first byte at the server",
                 o.fastOpen);
    cmd.AddValue("seed", "random seed (RngSeedManager::SetSeed, >= 1)", o.seed);
    cmd.AddValue("run", "run number (RngSeedManager::SetRun)", o.run);
    cmd.AddValue("out", "output directory (relative to the working directory)", o.out);
    cmd.AddValue(
        "lab", "course lab name (e.g. 04-simultaneous-close): its questions in report.html", o.lab);
    cmd.AddValue("report", "write report.html (false: leave it out)", o.report);
    cmd.AddValue("unfold", "ladders of report.html: draw every data segment, no bands", o.unfold);
    cmd.Parse(argc, argv);

    TcpFsmLabConfig config;
    double seconds = 0;
    config.dumbbell = o.topology == "dumbbell";
    if (o.clients < 1 || o.clients > 200)
    {
        cli.Fail("--clients=" + std::to_string(o.clients) + " must be 1 to 200");
    }
    if (!config.dumbbell && o.clients != 1)
    {
        cli.Fail("--clients=" + std::to_string(o.clients)
                 + " needs --topology=dumbbell (p2p has one client and one server)");
    }
    config.clients = o.clients;
    TcpFsmCli::ParseTime(o.delay, seconds);
    config.delay = Seconds(seconds);
    DataRateValue rate;
    if (!rate.DeserializeFromString(o.rate, MakeDataRateChecker()) || rate.Get().GetBitRate() == 0)
    {
        cli.Fail("--rate='" + o.rate + "' is not a data rate (e.g. 10Mbps, 1Gbps, 500kbps)");
    }
    config.rate = rate.Get();
    if (!(o.loss >= 0 && o.loss < 1))
    {
        cli.Fail("--loss=" + std::to_string(o.loss) + " must be at least 0 and below 1");
    }
    config.loss = o.loss;
    for (const auto& d : g_drops)
    {
        std::string error;
        if (!TcpFsmDropSpec::Parse(d, config.drops, error))
        {
            cli.Fail("--drop=" + error);
        }
    }
    if (o.connections < 1)
    {
        cli.Fail("--connections must be at least 1");
    }
    config.connections = o.connections;
    config.bytes = o.bytes;
    TcpFsmCli::ParseTime(o.interval, seconds);
    config.interval = Seconds(seconds);
    config.close = o.close == "server"         ? TcpFsmLabClose::SERVER
                   : o.close == "simultaneous" ? TcpFsmLabClose::SIMULTANEOUS
                   : o.close == "half"         ? TcpFsmLabClose::HALF
                                               : TcpFsmLabClose::CLIENT;
    config.clientFsm = o.clientStack == "fsm";
    config.serverFsm = o.serverStack == "fsm";
    config.listen = o.listen;
    config.fastOpen = o.fastOpen;
    if (o.seed < 1 || o.seed > UINT32_MAX)
    {
        cli.Fail("--seed=" + std::to_string(o.seed) + " must be 1 to 4294967295");
    }
    std::string base = std::filesystem::path(o.out).filename().string();
    if (o.out.empty() || base == "." || base == ".."
        || o.out.find_first_not_of('/') == std::string::npos)
    {
        cli.Fail("--out='" + o.out + "' must name a directory to create (e.g. --out=lab-out)");
    }

    // The effective MSL, shared with ns-3's TCP unless that is set on its own.
    TypeId::AttributeInformation mslInfo;
    TypeId::LookupByName("ns3::TcpFsmSocket").LookupAttributeByName("Msl", &mslInfo);
    const Time msl = DynamicCast<const TimeValue>(mslInfo.initialValue)->Get();
    if (!nsMslGiven)
    {
        Config::SetDefault("ns3::TcpSocketBase::MaxSegLifetime", DoubleValue(msl.GetSeconds()));
    }
    RngSeedManager::SetSeed(static_cast<uint32_t>(o.seed));
    RngSeedManager::SetRun(o.run);

    // summary.json echoes each option as given (its default otherwise) and each attribute.
    std::vector<std::pair<std::string, std::string>> parameters = {
        {"topology", o.topology},
        {"clients", std::to_string(o.clients)},
        {"delay", o.delay},
        {"rate", o.rate},
        {"loss", Given(argc, argv, "loss", "0.02")},
        {"drop", Joined(g_drops)},
        {"connections", std::to_string(o.connections)},
        {"bytes", std::to_string(o.bytes)},
        {"interval", o.interval},
        {"close", o.close},
        {"client-stack", o.clientStack},
        {"server-stack", o.serverStack},
        {"listen", Given(argc, argv, "listen", "true")},
        {"fastopen", Given(argc, argv, "fastopen", "false")},
        {"seed", std::to_string(o.seed)},
        {"run", std::to_string(o.run)},
        {"out", o.out},
    };
    for (const auto& [name, value] : attributes)
    {
        auto same = [&name](const auto& p)
        {
            return p.first == name;
        };
        auto it = std::find_if(parameters.begin(), parameters.end(), same);
        if (it == parameters.end())
        {
            parameters.emplace_back(name, value);
        }
        else
        {
            it->second = value; // the last one given is the one in force
        }
    }
    if (std::none_of(parameters.begin(),
                     parameters.end(),
                     [](const auto& p)
                     {
                         return p.first == "ns3::TcpFsmSocket::Msl";
                     }))
    {
        parameters.emplace_back("ns3::TcpFsmSocket::Msl", kLabMsl);
    }

    TcpFsmLabOutputDir dir(o.out);
    std::string error;
    if (!dir.Create(error))
    {
        Internal(error);
    }

    std::cout << kProgram << ": " << o.topology << ", " << o.clients << " client"
              << (o.clients > 1 ? "s" : "") << ", " << o.rate << " with " << o.delay
              << " one way, loss " << o.loss << (g_drops.empty() ? "" : ", drop " + Joined(g_drops))
              << "; " << o.connections << " connection" << (o.connections > 1 ? "s" : "") << " of "
              << o.bytes << " B every " << o.interval << ", close=" << o.close << "; client "
              << o.clientStack << ", server " << o.serverStack << "; Msl " << msl.GetSeconds()
              << " s (TIME_WAIT " << 2 * msl.GetSeconds() << " s)\n";

    // Segments as large as the links allow (MTU - 20 bytes of IPv4 - 20 of TCP), as a
    // student expects on Ethernet-like links, unless the command line sets SegmentSize. Every
    // link is a PointToPointNetDevice: its Mtu attribute (1500 unless set) is the MTU.
    uint32_t mtu = 0;
    {
        TypeId::AttributeInformation info;
        TypeId::LookupByName("ns3::PointToPointNetDevice").LookupAttributeByName("Mtu", &info);
        mtu = static_cast<uint32_t>(DynamicCast<const UintegerValue>(info.initialValue)->Get());
    }
    if (!segmentSizeGiven && mtu > 40)
    {
        Config::SetDefault("ns3::TcpSocket::SegmentSize", UintegerValue(mtu - 40));
    }
    uint64_t segmentSize = 0;
    {
        TypeId::AttributeInformation info;
        TypeId::LookupByName("ns3::TcpSocket").LookupAttributeByName("SegmentSize", &info);
        segmentSize = DynamicCast<const UintegerValue>(info.initialValue)->Get();
    }
    const std::string segmentText
        = std::to_string(segmentSize) + " B"
          + (segmentSizeGiven ? " (set by --ns3::TcpSocket::SegmentSize)"
                              : " (the link MTU " + std::to_string(mtu)
                                    + " B minus 40 B of IPv4 and TCP headers)");
    TcpFsmLabScenario scenario(config);
    TcpFsmLabSummary summary;
    scenario.SetStartCallback(
        [&summary](const TcpFsmLabConnection& c)
        {
            if (c.index == 0)
            {
                summary.SetLadderConnection(c.clientAddress, c.serverAddress);
            }
        });
    scenario.Build();
    NodeContainer fsmNodes = scenario.GetFsmNodes();
    TcpFsmTraceHelper trace;
    trace.EnableTransitions(dir.Path("transitions.csv"), fsmNodes);
    trace.EnableStateCounts(dir.Path("state-counts.csv"), fsmNodes, Time(0), true);
    trace.EnableSegments(dir.Path("segments.csv"), fsmNodes);
    summary.Attach(fsmNodes);
    TcpFsmLabRecorder recorder;
    if (o.report)
    {
        recorder.Attach(fsmNodes);
    }

    const Time target = scenario.GetLastStart() + msl * 2 + Seconds(2);
    Progress progress(target);
    progress.Attach(fsmNodes);
    if (!config.clientFsm || !config.serverFsm)
    {
        progress.Watch(scenario.GetLastStart() + msl * 2 + Seconds(600));
    }
    Simulator::Run();
    progress.Done();
    const double simS = Simulator::Now().GetSeconds();
    const bool stopped = progress.StoppedAtHorizon();
    const auto connections = scenario.GetConnections();
    const uint64_t sent = scenario.GetBytesSent();
    const uint64_t received = scenario.GetBytesReceived();
    const uint64_t targeted = scenario.GetTargetedDrops();
    const uint64_t random = scenario.GetRandomDrops();
    scenario.Release();
    Simulator::Destroy(); // completes and closes the trace files

    std::ostringstream dot;
    summary.GetGraph().WriteDot(dot, false);
    std::ostringstream graphml;
    summary.GetGraph().WriteGraphml(graphml);
    std::ostringstream ladder;
    std::string ladderError;
    const bool haveLadder = summary.WriteLadder(ladder, ladderError);
    if (!WriteFile(dir.Path("graph.dot"), dot.str())
        || !WriteFile(dir.Path("graph.graphml"), graphml.str())
        || (haveLadder && !WriteFile(dir.Path("ladder.svg"), ladder.str())))
    {
        Internal("cannot write into " + dir.Path("") + ": " + std::strerror(errno));
    }
    const std::string dotProgram = TcpFsmFindProgram("dot");
    bool drawn = false;
    if (!dotProgram.empty())
    {
        drawn = TcpFsmRunProgram(
                    {dotProgram, "-Tsvg", "-o", dir.Path("graph.svg"), dir.Path("graph.dot")})
                && TcpFsmRunProgram(
                    {dotProgram, "-Tpng", "-o", dir.Path("graph.png"), dir.Path("graph.dot")});
        if (!drawn)
        {
            Internal("Graphviz could not draw " + dir.Path("graph.dot"));
        }
    }

    const double wallS
        = std::chrono::duration<double>(std::chrono::steady_clock::now() - wallStart).count();
    TcpFsmLabMetrics metrics = summary.Compute(connections, sent, received, simS, wallS);
    std::ostringstream json;
    TcpFsmLabSummary::WriteJson(json, metrics, parameters, o.seed, o.run);
    if (!WriteFile(dir.Path("summary.json"), json.str()))
    {
        Internal("cannot write " + dir.Path("summary.json") + ": " + std::strerror(errno));
    }
    if (o.report)
    {
        TcpFsmLabReportInput in;
        in.lab = o.lab;
        in.command = kProgram;
        for (int i = 1; i < argc; ++i)
        {
            in.command += std::string(" ") + argv[i];
        }
        in.scenario = {
            {"topology",
             o.topology == "dumbbell"
                 ? "dumbbell: " + std::to_string(o.clients)
                       + " client(s) - router - bottleneck - router - server(s)"
                 : "point-to-point: client 10.1.1.1 (node 0) - server 10.1.1.2 (node 1)"},
            {"bottleneck link", o.rate + ", " + o.delay + " one way"},
            {"random loss", Given(argc, argv, "loss", "0.02")},
            {"targeted drops", g_drops.empty() ? "none" : Joined(g_drops)},
            {"connections",
             std::to_string(o.connections) + ", one every " + o.interval + " from 1 s, "
                 + std::to_string(o.bytes) + " B each"},
            {"who closes", o.close},
            {"TCP stacks", "client " + o.clientStack + ", server " + o.serverStack},
            {"listening", o.listen ? "yes, port 80" : "no (connections refused)"},
            {"segment size", segmentText},
            {"MSL",
             TcpFsmLabFacts::Duration(msl)
                 + " (TIME_WAIT lasts 2 x MSL = " + TcpFsmLabFacts::Duration(msl * 2) + ")"},
            {"seed, run", std::to_string(o.seed) + ", " + std::to_string(o.run)},
        };
        for (const auto& [name, value] : attributes)
        {
            in.scenario.emplace_back(name, value);
        }
        auto metric = [&metrics](const std::string& key)
        {
            auto v = TcpFsmLabSummary::Get(metrics, key);
            return v ? std::to_string(static_cast<long long>(*v)) : std::string("-");
        };
        in.results = {
            {"segments dropped by --drop", std::to_string(targeted)},
            {"segments dropped at random", std::to_string(random)},
            {"retransmitted SYN", metric("retx_syn")},
            {"retransmitted SYN+ACK", metric("retx_synack")},
            {"retransmitted FIN", metric("retx_fin")},
            {"retransmitted data segments", metric("retx_data")},
            {"connections completed / failed",
             metric("connections_completed") + " / " + metric("connections_failed")},
            {"transitions that are no table row", metric("anomalies")},
        };
        in.transitions = std::move(recorder.transitions);
        in.segments = std::move(recorder.segments);
        in.msl = msl;
        if (drawn)
        {
            std::ifstream svg(dir.Path("graph.svg"));
            std::ostringstream text;
            text << svg.rdbuf();
            in.graphSvg = text.str();
        }
        in.files = {"summary.json",
                    "transitions.csv",
                    "state-counts.csv",
                    "segments.csv",
                    "graph.dot",
                    "graph.graphml"};
        if (drawn)
        {
            in.files.insert(in.files.end(), {"graph.svg", "graph.png"});
        }
        if (haveLadder)
        {
            in.files.push_back("ladder.svg");
        }
        in.fold = !o.unfold;
        std::ofstream html(dir.Path("report.html"), std::ios::binary | std::ios::trunc);
        TcpFsmLabReport::Write(html, in);
        html.close();
        if (!html)
        {
            Internal("cannot write " + dir.Path("report.html") + ": " + std::strerror(errno));
        }
    }
    if (!dir.Commit(error))
    {
        Internal(error);
    }

    std::vector<std::pair<std::string, std::string>> rows
        = {{"segments dropped",
            std::to_string(targeted) + " by --drop, " + std::to_string(random) + " at random"}};
    const auto local = std::count_if(connections.begin(),
                                     connections.end(),
                                     [](const TcpFsmLabConnection& c)
                                     {
                                         return c.appFailure == "local";
                                     });
    if (local > 0)
    {
        rows.emplace_back("connect() failed",
                          std::to_string(local)
                              + " at once (no free local port: too many in TIME_WAIT?), "
                                "counted as failed");
    }
    TcpFsmLabSummary::Print(std::cout, metrics, rows);
    if (!config.clientFsm || !config.serverFsm)
    {
        std::cout << "  note: the "
                  << (config.clientFsm   ? "server"
                      : config.serverFsm ? "client"
                                         : "client and server")
                  << " run" << (config.clientFsm != config.serverFsm ? "s" : "")
                  << " ns-3's own TCP, which is not traced: transitions, segments, "
                     "retransmissions, TIME_WAIT and peaks cover the tcp-fsm side only, and "
                     "teardown times need tcp-fsm at both ends\n";
    }
    if (stopped)
    {
        std::cout << "  note: stopped at " << simS
                  << " s simulated: ns-3's TCP was still retransmitting\n";
    }
    std::cout << "outputs in " << dir.Out() << "/: " << (o.report ? "report.html " : "")
              << "transitions.csv state-counts.csv segments.csv "
              << "graph.dot graph.graphml" << (drawn ? " graph.svg graph.png" : "")
              << (haveLadder ? " ladder.svg" : "") << " summary.json\n";
    if (dotProgram.empty())
    {
        std::cout << "  (Graphviz's dot is not installed: no graph.svg/graph.png)\n";
    }
    if (!haveLadder)
    {
        std::cout << "  (no ladder.svg: " << ladderError << ")\n";
    }
    return 0;
}
