/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Scripted peers, part 2: the runner. Lines run one after the other, each at
 * its time: a line is scheduled only when the previous one has finished, so
 * everything the stack does in reaction to a line (ns-3's ScheduleNow events
 * included) happens before the next line, at the same instant.
 *
 * An outbound line takes the oldest captured segment not yet matched; when
 * there is none yet it waits until its time (the end of its A~B range) plus the
 * tolerance. A segment still unmatched when a later non-outbound line runs, and
 * sent before that line's time minus the tolerance, was not expected: the run
 * fails there. A line the model or the runner cannot do ends the run as a skip
 * naming what it needs.
 */
#include "ns3/tcp-fsm-script-runner.h"

#include "ns3/boolean.h"
#include "ns3/config.h"
#include "ns3/inet-socket-address.h"
#include "ns3/ipv4-header.h"
#include "ns3/ipv4-interface.h"
#include "ns3/ipv4-l3-protocol.h"
#include "ns3/ipv4-route.h"
#include "ns3/ipv4-static-routing-helper.h"
#include "ns3/ipv4.h"
#include "ns3/packet.h"
#include "ns3/simple-net-device-helper.h"
#include "ns3/simulator.h"
#include "ns3/string.h"
#include "ns3/tcp-fsm-script-engine.h"
#include "ns3/tcp-fsm-script-python.h"
#include "ns3/tcp-fsm-script-report.h"
#include "ns3/tcp-fsm-script-segment.h"
#include "ns3/tcp-fsm-script-stack.h"
#include "ns3/tcp-fsm-script-sysctl.h"
#include "ns3/tcp-fsm-socket.h"
#include "ns3/tcp-fsm-transition-graph.h"
#include "ns3/tcp-socket-factory.h"
#include "ns3/uinteger.h"

#include <arpa/inet.h>
#include <deque>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

namespace ns3
{

const char*
TcpFsmScriptStackName(TcpFsmScriptStack stack)
{
    switch (stack)
    {
    case TcpFsmScriptStack::FSM:
        return "fsm";
    case TcpFsmScriptStack::NS3:
        return "ns3";
    }
    return "?";
}

namespace
{
Ipv4Address g_local("192.168.0.1");
Ipv4Address g_remote("192.0.2.1");
} // namespace

Ipv4Address
TcpFsmScriptAddresses::Local()
{
    return g_local;
}

Ipv4Address
TcpFsmScriptAddresses::Remote()
{
    return g_remote;
}

void
TcpFsmScriptAddresses::Use(Ipv4Address local, Ipv4Address remote)
{
    g_local = local;
    g_remote = remote;
}

using Engine = TcpFsmScriptEngine;

TcpFsmScriptEngine::TcpFsmScriptEngine(const TcpFsmScript& script,
                                       const TcpFsmScriptRunOptions& options)
  : m_script(script)
  , m_options(options)
  , m_stack(TcpFsmScriptStackAdapter::Create(options.stack))
{
    m_stack->SetTransitionLog(options.log);
}

TcpFsmScriptResult
TcpFsmScriptEngine::Run()
{
    Config::Reset();
    if (!ResolveCookies() || !ApplyProfileAndAttributes())
    {
        Config::Reset();
        return m_result;
    }
    for (const auto& o : m_script.options)
    {
        const bool v6 = (o.name == "ip_version" && o.value.compare(0, 4, "ipv6") == 0)
                        || ((o.name == "local_ip" || o.name == "remote_ip")
                            && o.value.find(':') != std::string::npos);
        if (v6)
        {
            Line where;
            where.where = o.where;
            Skip(where, "IPv6 in the script runner (--" + o.name + "=" + o.value + ")");
            Config::Reset();
            return m_result;
        }
    }
    Setup();
    ScheduleLine(0);
    // Nothing a script does lasts an hour of simulated time: a stalled run ends there.
    Simulator::Stop(Seconds(3600) + NanoSeconds(m_script.lines.back().timeNs));
    Simulator::Run();
    if (!m_failed && !m_finished)
    {
        const Line& line = m_script.lines[m_current];
        if (m_waiting)
        {
            Fail(line, Expected(line) + ", got nothing");
        }
        else
        {
            Fail(line, Expected(line) + ", but the call never returned");
        }
    }
    else if (!m_failed && !m_pending.empty())
    {
        const Line& line = m_script.lines[m_pending.front().line];
        Fail(line, Expected(line) + ", but the call never returned");
    }
    Teardown();
    m_result.transitions = m_stack->Transitions();
    WriteTrace();
    return m_result;
}

bool
TcpFsmScriptEngine::ApplyProfileAndAttributes()
{
    if (!m_script.ownDialect && !m_options.upstreamProfile.empty()
        && m_options.stack == TcpFsmScriptStack::FSM)
    {
        // Upstream packetdrill scripts assume Linux's numbers (fail-safe: the model may not
        // have the attribute yet).
        Config::SetDefaultFailSafe("ns3::TcpFsmSocket::Profile",
                                   StringValue(m_options.upstreamProfile));
        // packetdrill's tun device has TSO/GSO (TUNSETOFFLOAD): Linux hands it super-segments
        // (an `ethtool -K tun0 tso off gso off` line sets GsoMaxSegments back to 1).
        Config::SetDefaultFailSafe("ns3::TcpFsmSocket::GsoMaxSegments", UintegerValue(65535));
    }
    try
    {
        std::string lacking = m_stack->ApplyAttributes(m_script.attributes);
        if (!lacking.empty())
        {
            m_result.status = TcpFsmScriptResult::Status::FAIL;
            m_result.message = lacking;
            // The lacking attribute's line is in the message: "FILE:LINE: ...".
            const std::size_t from = m_script.file.size() + 1;
            m_result.line = static_cast<uint32_t>(
                std::stoul(lacking.substr(from, lacking.find(':', from) - from)));
            return false;
        }
    }
    catch (const TcpFsmScriptError& e)
    {
        m_result.status = TcpFsmScriptResult::Status::ERROR;
        m_result.message = e.what();
        m_result.line = e.Where().line;
        return false;
    }
    return true;
}

// ---- the simulation -------------------------------------------------------------------------

void
TcpFsmScriptEngine::Setup()
{
    m_node = CreateObject<Node>();
    SimpleNetDeviceHelper devices;
    NetDeviceContainer devs = devices.Install(m_node);
    // packetdrill's tun device has an MTU of 1500 unless --mtu says otherwise: Linux derives
    // its MSS from it.
    uint16_t mtu = 1500;
    for (const auto& o : m_script.options)
    {
        if (o.name == "mtu")
        {
            mtu = static_cast<uint16_t>(
                std::min<long>(65535, std::max<long>(68, std::atol(o.value.c_str()))));
        }
    }
    devs.Get(0)->SetMtu(mtu);
    m_stack->Install(m_node);
    Ptr<Ipv4> ipv4 = m_node->GetObject<Ipv4>();
    const int32_t ifIndex = ipv4->AddInterface(devs.Get(0));
    ipv4->AddAddress(
        ifIndex, Ipv4InterfaceAddress(TcpFsmScriptAddresses::Local(), Ipv4Mask("255.255.255.0")));
    ipv4->SetUp(ifIndex);
    // The scripted peer is off-link: a default route through a router that is never used.
    const uint32_t net = TcpFsmScriptAddresses::Local().Get() & 0xffffff00u;
    const uint32_t gateway = (TcpFsmScriptAddresses::Local().Get() & 0xffu) == 0xfe ? 1 : 0xfe;
    Ipv4StaticRoutingHelper().GetStaticRouting(ipv4)->SetDefaultRoute(Ipv4Address(net | gateway),
                                                                      ifIndex);
    m_interface = m_node->GetObject<Ipv4L3Protocol>()->GetInterface(ifIndex);
    m_stack->GetL4()->SetDownTarget(MakeCallback(&Engine::Capture, this));
}

void
TcpFsmScriptEngine::Teardown()
{
    if (m_deadline.IsRunning())
    {
        m_deadline.Cancel();
    }
    for (auto& fd : m_fds)
    {
        Ptr<Socket> s = fd.second.socket;
        s->SetRecvCallback(MakeNullCallback<void, Ptr<Socket>>());
        s->SetSendCallback(MakeNullCallback<void, Ptr<Socket>, uint32_t>());
        s->SetConnectCallback(MakeNullCallback<void, Ptr<Socket>>(),
                              MakeNullCallback<void, Ptr<Socket>>());
        s->SetCloseCallbacks(MakeNullCallback<void, Ptr<Socket>>(),
                             MakeNullCallback<void, Ptr<Socket>>());
    }
    m_fds.clear();
    m_acceptQueues.clear();
    m_portListener = nullptr;
    m_stack->Release();
    m_interface = nullptr;
    m_node = nullptr;
    Simulator::Destroy();
    Config::Reset();
}

void
TcpFsmScriptEngine::WriteTrace()
{
    if (m_options.traceDir.empty() || m_result.status == TcpFsmScriptResult::Status::ERROR)
    {
        return;
    }
    std::error_code ec;
    std::filesystem::create_directories(m_options.traceDir, ec);
    std::string stem = std::filesystem::path(m_script.file).stem().string();
    if (stem.empty())
    {
        stem = "script";
    }
    std::string path = (std::filesystem::path(m_options.traceDir)
                        / (stem + (m_options.stack == TcpFsmScriptStack::NS3 ? ".ns3" : "")
                           + ".transitions.csv"))
                           .string();
    std::string error;
    if (!TcpFsmScriptWriteCsv(path, m_result.transitions, error))
    {
        m_result.status = TcpFsmScriptResult::Status::ERROR;
        m_result.message = m_script.file + ":0:0: " + error;
        return;
    }
    m_result.traceFile = path;
    if (m_options.stack == TcpFsmScriptStack::FSM)
    {
        WriteGraph(path);
    }
}

/// The run's transition graph beside its CSV: STEM.graph.dot and STEM.graph.graphml.
void
TcpFsmScriptEngine::WriteGraph(const std::string& csv)
{
    TcpFsmTransitionGraph graph;
    std::string error;
    if (!graph.LoadCsv(csv, error))
    {
        m_result.status = TcpFsmScriptResult::Status::ERROR;
        m_result.message = m_script.file + ":0:0: " + error;
        return;
    }
    const std::string stem = csv.substr(0, csv.size() - std::string(".transitions.csv").size());
    for (const std::string ext : {".graph.dot", ".graph.graphml"})
    {
        const std::string path = stem + ext;
        const std::string tmp = path + ".tmp";
        {
            std::ofstream out(tmp);
            if (ext == ".graph.dot")
            {
                graph.WriteDot(out);
            }
            else
            {
                graph.WriteGraphml(out);
            }
            if (!out)
            {
                m_result.status = TcpFsmScriptResult::Status::ERROR;
                m_result.message = m_script.file + ":0:0: cannot write " + path;
                return;
            }
        }
        std::filesystem::rename(tmp, path); // whole or not at all
    }
}

int64_t
TcpFsmScriptEngine::Now() const
{
    return Simulator::Now().GetNanoSeconds();
}

void
TcpFsmScriptEngine::ScheduleLine(std::size_t i)
{
    const int64_t delay = std::max<int64_t>(0, m_script.lines[i].timeNs - Now());
    Simulator::Schedule(NanoSeconds(delay), &Engine::ExecuteLine, this, i);
}

void
TcpFsmScriptEngine::ExecuteLine(std::size_t i)
{
    m_current = i;
    const Line& line = m_script.lines[i];
    if (m_options.log)
    {
        *m_options.log << TcpFsmScriptFormatTime(Now()) << "  " << line.where.FileLine() << "  "
                       << line.text << "\n";
    }
    const std::string lacking = Lacking(line);
    if (!lacking.empty())
    {
        Skip(line, lacking);
        return;
    }
    if (line.kind == Line::Kind::SYSCALL && line.call.kind == TcpFsmScriptCallKind::SOCKET)
    {
        m_out.clear(); // as packetdrill: the new socket is under test, earlier ones are not
    }
    if (line.kind != Line::Kind::OUTBOUND && !NothingUnexpected(line))
    {
        return;
    }
    switch (line.kind)
    {
    case Line::Kind::INBOUND:
        Inbound(line);
        break;
    case Line::Kind::OUTBOUND:
        DropForeign();
        if (m_out.empty())
        {
            // Wait for the segment until the line's time plus the tolerance (inclusive).
            m_waiting = true;
            if (!line.anyTime)
            {
                const int64_t by = line.timeEndNs + m_script.toleranceNs + 1;
                m_deadline = Simulator::Schedule(
                    NanoSeconds(std::max<int64_t>(0, by - Now())), &Engine::Deadline, this);
            }
            return;
        }
        MatchOutbound(line);
        break;
    case Line::Kind::SYSCALL:
        Syscall(line);
        return; // the syscall layer says when the line is done (a call may block)
    case Line::Kind::STATE:
        CheckState(line);
        break;
    case Line::Kind::SHELL:
        Shell(line);
        break;
    case Line::Kind::PYTHON:
        Python(line);
        break;
    }
    if (!m_failed)
    {
        LineDone(i);
    }
}

void
TcpFsmScriptEngine::LineDone(std::size_t i)
{
    if (m_failed)
    {
        return;
    }
    if (i + 1 < m_script.lines.size())
    {
        ScheduleLine(i + 1);
    }
    else
    {
        m_finished = true;
        if (m_pending.empty())
        {
            Simulator::Stop();
        }
    }
}

void
TcpFsmScriptEngine::Fail(const Line& line, const std::string& what)
{
    if (m_failed)
    {
        return;
    }
    m_failed = true;
    m_result.status = TcpFsmScriptResult::Status::FAIL;
    m_result.line = line.where.line;
    m_result.message = line.where.FileLine() + ": " + what + "; states: " + States();
    Simulator::Stop();
}

void
TcpFsmScriptEngine::Skip(const Line& line, const std::string& feature)
{
    if (m_failed)
    {
        return;
    }
    m_failed = true;
    m_result.status = TcpFsmScriptResult::Status::SKIP;
    m_result.line = line.where.line;
    m_result.message = line.where.FileLine() + ": skip: needs " + feature;
    if (Simulator::IsFinished() == false)
    {
        Simulator::Stop();
    }
}

void
TcpFsmScriptEngine::Note(const std::string& note)
{
    if (!m_noted.insert(note).second)
    {
        return;
    }
    m_result.notes.push_back(note);
    if (m_options.log)
    {
        *m_options.log << "note: " << note << "\n";
    }
}

std::string
TcpFsmScriptEngine::States() const
{
    std::ostringstream os;
    os << "conn " << TcpFsmStateName(m_stack->ConnState());
    for (const auto& fd : m_fds)
    {
        os << ", fd " << fd.first << " " << TcpFsmStateName(m_stack->StateOf(fd.second.socket));
    }
    return os.str();
}

std::string
TcpFsmScriptEngine::At(int64_t ns)
{
    return TcpFsmScriptFormatTime(ns) + " s";
}

std::string
TcpFsmScriptEngine::Expected(const Line& line) const
{
    if (line.anyTime)
    {
        return "expected '" + line.text + "' (at any time)";
    }
    if (line.timeEndNs != line.timeNs)
    {
        return "expected '" + line.text + "' between " + At(line.timeNs) + " and "
               + At(line.timeEndNs);
    }
    return "expected '" + line.text + "' at " + At(line.timeNs);
}

// ---- states, shell lines, what a line needs ----------------------------------------------

void
TcpFsmScriptEngine::CheckState(const Line& line)
{
    TcpFsmState now;
    if (line.state.conn)
    {
        now = m_stack->ConnState();
    }
    else
    {
        auto it = m_fds.find(line.state.fd);
        if (it == m_fds.end())
        {
            Fail(line,
                 Expected(line) + ", but descriptor " + std::to_string(line.state.fd)
                     + " is not open");
            return;
        }
        now = m_stack->StateOf(it->second.socket);
    }
    if (now != line.state.state)
    {
        Fail(line, Expected(line) + ", got " + TcpFsmStateName(now));
    }
}

std::string
TcpFsmScriptEngine::Lacking(const Line& line) const
{
    using K = TcpFsmScriptOption::Kind;
    switch (line.kind)
    {
    case Line::Kind::PYTHON:
        return m_options.stack == TcpFsmScriptStack::FSM
                   ? ""
                   : "a Python block (tcp_info assertions: ns-3's TCP has no TCP_INFO)";
    case Line::Kind::INBOUND:
    case Line::Kind::OUTBOUND:
    {
        const TcpFsmScriptSegment& s = line.segment;
        if (s.icmp)
        {
            uint8_t type = 0;
            uint8_t code = 0;
            return IcmpLacking(line, type, code);
        }
        if (!s.ipInfo.empty() && s.ecn == TcpFsmScriptSegment::kEcnNotWritten)
        {
            return "the IP header's TOS field in a segment line ('" + s.ipInfo + "')";
        }
        for (const auto& o : s.optionList)
        {
            if ((o.kind == K::FO || o.kind == K::FOEXP)
                && m_options.stack != TcpFsmScriptStack::FSM)
            {
                return "TCP Fast Open (RFC 7413; ns-3's TCP has none)";
            }
            if (o.kind == K::MD5)
            {
                return "TCP MD5 signatures (RFC 2385)";
            }
        }
        return "";
    }
    case Line::Kind::SYSCALL:
    case Line::Kind::STATE:
    case Line::Kind::SHELL:
        return "";
    }
    return "";
}

void
TcpFsmScriptEngine::Python(const Line& line)
{
    Ptr<TcpFsmSocket> s = DynamicCast<TcpFsmSocket>(m_underTest);
    if (!s)
    {
        Skip(line, "a Python block before any socket (tcp_info of what?)");
        return;
    }
    const TcpFsmScriptPythonResult r = TcpFsmScriptRunPython(line.text, s->GetTcpInfo(), m_pyVars);
    if (!r.lacking.empty())
    {
        Skip(line, r.lacking);
    }
    else if (!r.ok)
    {
        Fail(line,
             "expected '" + r.failed.substr(0, r.failed.find(" (")) + "' at " + At(line.timeNs)
                 + ", got" + r.failed.substr(r.failed.find(" (")));
    }
}

void
TcpFsmScriptEngine::Shell(const Line& line)
{
    if (FastOpenShell(line.text))
    {
        return;
    }
    const std::string dir = std::filesystem::path(m_script.file).parent_path().string();
    const TcpFsmScriptShellEffect effect = TcpFsmScriptInterpretShell(line.text, dir);
    if (!effect.unsupported.empty())
    {
        std::string cmd = effect.unsupported.substr(0, effect.unsupported.find('\n'));
        Skip(line, "a shell command ('" + cmd + "')");
        return;
    }
    for (const auto& i : effect.ignored)
    {
        Note("no model meaning: " + i);
    }
    for (const auto& [attribute, value] : effect.ccDefaults)
    {
        // Config::Reset() at the start of each run undoes it.
        if (!Config::SetDefaultFailSafe(attribute, StringValue(value)))
        {
            Note("not applied: " + attribute + "=" + value + " (no such attribute or value)");
        }
        else if (m_options.log)
        {
            *m_options.log << "module parameter -> " << attribute << "=" << value << "\n";
        }
    }
    for (const auto& [path, size] : effect.files)
    {
        if (size < 0)
        {
            m_files.erase(path);
        }
        else
        {
            m_files[path] = size;
        }
    }
    TypeId tid = TcpFsmSocket::GetTypeId();
    for (const auto& s : effect.settings)
    {
        TypeId::AttributeInformation info;
        if (!tid.LookupAttributeByName(s.attribute, &info))
        {
            if (s.needed)
            {
                Skip(line,
                     s.feature + " (sysctl " + s.sysctl + ": ns3::TcpFsmSocket has no attribute "
                         + s.attribute + ")");
                return;
            }
            Note("no model attribute " + s.attribute + " for sysctl " + s.sysctl);
            continue;
        }
        TcpFsmScriptAttribute a;
        a.name = s.attribute;
        a.value = s.value;
        a.where = line.where;
        try
        {
            const std::string lacking = m_stack->ApplyAttributes({a});
            if (!lacking.empty())
            {
                Note("sysctl " + s.sysctl + " not applied: " + lacking);
            }
            else if (m_options.log)
            {
                *m_options.log << "sysctl " << s.sysctl << " -> " << s.attribute << "=" << s.value
                               << "\n";
            }
            if (lacking.empty() && s.attribute == "FastOpen")
            {
                // Linux reads net.ipv4.tcp_fastopen at each call: open sockets see it too.
                for (auto& fd : m_fds)
                {
                    fd.second.socket->SetAttributeFailSafe("FastOpen", StringValue(s.value));
                }
            }
        }
        catch (const TcpFsmScriptError& e)
        {
            Note("sysctl " + s.sysctl + " not applied: " + e.Message());
        }
    }
}

void
TcpFsmScriptRunner::CheckAttributes(const TcpFsmScript& script)
{
    for (const auto& a : script.attributes)
    {
        TcpFsmScriptCheckAttribute(a);
    }
}

TcpFsmScriptResult
TcpFsmScriptRunner::Run(const TcpFsmScript& script, const TcpFsmScriptRunOptions& options)
{
    // The script's --local_ip/--remote_ip (IPv4; IPv6 is a skip in the engine), as packetdrill
    // uses them (the Fast Open cookie depends on them).
    Ipv4Address local("192.168.0.1");
    Ipv4Address remote("192.0.2.1");
    for (const auto& o : script.options)
    {
        in_addr a{};
        if ((o.name == "local_ip" || o.name == "remote_ip")
            && inet_pton(AF_INET, o.value.c_str(), &a) == 1 && a.s_addr != 0)
        {
            (o.name == "local_ip" ? local : remote) = Ipv4Address(o.value.c_str());
        }
    }
    TcpFsmScriptAddresses::Use(local, remote);
    TcpFsmScriptEngine engine(script, options);
    TcpFsmScriptResult result = engine.Run();
    TcpFsmScriptAddresses::Use(Ipv4Address("192.168.0.1"), Ipv4Address("192.0.2.1"));
    return result;
}

} // namespace ns3
