/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Scripted peers, part 2: the runner. Lines run one after the other, each at
 * its time: a line is scheduled only when the previous one has finished, so
 * everything the stack does in reaction to a line (ns-3's ScheduleNow events
 * included) happens before the next line, at the same instant.
 *
 * An outbound line takes the oldest captured segment not yet matched; when
 * there is none yet it waits until its time plus the tolerance. A segment still
 * unmatched when a later non-outbound line runs, and sent before that line's
 * time minus the tolerance, was not expected: the run fails there.
 */
#include "tcp-fsm-script-runner.h"

#include "tcp-fsm-script-report.h"
#include "tcp-fsm-script-segment.h"
#include "tcp-fsm-script-stack.h"

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
#include "ns3/tcp-fsm-transition-graph.h"
#include "ns3/tcp-socket-factory.h"

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

Ipv4Address
TcpFsmScriptAddresses::Local()
{
    return Ipv4Address("192.168.0.1");
}

Ipv4Address
TcpFsmScriptAddresses::Remote()
{
    return Ipv4Address("192.0.2.1");
}

namespace
{

using Line = TcpFsmScriptLine;
using Call = TcpFsmScriptCallKind;

/// A segment the stack sent, as captured below its L4.
struct Captured
{
    int64_t timeNs{0};
    TcpHeader header;
    uint32_t payload{0};
    uint32_t isn{0}; ///< our ISN when it was sent (the base of its sequence number)
};

/// What a syscall returned.
struct Returned
{
    int64_t value{0};
    std::string error; ///< errno name when value < 0
};

class Engine
{
  public:
    Engine(const TcpFsmScript& script, const TcpFsmScriptRunOptions& options)
      : m_script(script)
      , m_options(options)
      , m_stack(TcpFsmScriptStackAdapter::Create(options.stack))
    {
        m_stack->SetTransitionLog(options.log);
    }

    TcpFsmScriptResult Run()
    {
        Config::Reset();
        try
        {
            std::string lacking = m_stack->ApplyAttributes(m_script.attributes);
            if (!lacking.empty())
            {
                m_result.status = TcpFsmScriptResult::Status::FAIL;
                m_result.message = lacking;
                m_result.line = m_script.attributes.empty() ? 0 : FirstLacking();
                Config::Reset();
                return m_result;
            }
        }
        catch (const TcpFsmScriptError& e)
        {
            m_result.status = TcpFsmScriptResult::Status::ERROR;
            m_result.message = e.what();
            m_result.line = e.Where().line;
            Config::Reset();
            return m_result;
        }
        Setup();
        if (!m_script.lines.empty())
        {
            ScheduleLine(0);
            Simulator::Run();
        }
        Teardown();
        m_result.transitions = m_stack->Transitions();
        WriteTrace();
        return m_result;
    }

  private:
    uint32_t FirstLacking() const
    {
        // The lacking attribute's line is in the message: "FILE:LINE: ...".
        std::size_t colon = m_result.message.find(':', m_script.file.size() + 1);
        return static_cast<uint32_t>(std::stoul(
            m_result.message.substr(m_script.file.size() + 1, colon - m_script.file.size() - 1)));
    }

    // ---- the simulation ---------------------------------------------------------------------

    void Setup()
    {
        m_node = CreateObject<Node>();
        SimpleNetDeviceHelper devices;
        NetDeviceContainer devs = devices.Install(m_node);
        m_stack->Install(m_node);
        Ptr<Ipv4> ipv4 = m_node->GetObject<Ipv4>();
        const int32_t ifIndex = ipv4->AddInterface(devs.Get(0));
        ipv4->AddAddress(
            ifIndex,
            Ipv4InterfaceAddress(TcpFsmScriptAddresses::Local(), Ipv4Mask("255.255.255.0")));
        ipv4->SetUp(ifIndex);
        // The scripted peer is off-link: a default route through a router that is never used.
        Ipv4StaticRoutingHelper().GetStaticRouting(ipv4)->SetDefaultRoute(
            Ipv4Address("192.168.0.254"), ifIndex);
        m_interface = m_node->GetObject<Ipv4L3Protocol>()->GetInterface(ifIndex);
        m_stack->GetL4()->SetDownTarget(MakeCallback(&Engine::Capture, this));
    }

    void Teardown()
    {
        if (m_deadline.IsRunning())
        {
            m_deadline.Cancel();
        }
        m_fds.clear();
        m_acceptQueues.clear();
        m_stack->Release();
        m_interface = nullptr;
        m_node = nullptr;
        Simulator::Destroy();
        Config::Reset();
    }

    void WriteTrace()
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
    void WriteGraph(const std::string& csv)
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

    int64_t Now() const
    {
        return Simulator::Now().GetNanoSeconds();
    }

    void ScheduleLine(std::size_t i)
    {
        const int64_t delay = std::max<int64_t>(0, m_script.lines[i].timeNs - Now());
        Simulator::Schedule(NanoSeconds(delay), &Engine::ExecuteLine, this, i);
    }

    void ExecuteLine(std::size_t i)
    {
        m_current = i;
        const Line& line = m_script.lines[i];
        if (m_options.log)
        {
            *m_options.log << TcpFsmScriptFormatTime(Now()) << "  " << line.where.FileLine() << "  "
                           << line.text << "\n";
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
            if (m_out.empty())
            {
                // Wait for the segment until the line's time plus the tolerance (inclusive).
                m_waiting = true;
                const int64_t by = line.timeNs + m_script.toleranceNs + 1;
                m_deadline = Simulator::Schedule(
                    NanoSeconds(std::max<int64_t>(0, by - Now())), &Engine::Deadline, this);
                return;
            }
            MatchOutbound(line);
            break;
        case Line::Kind::SYSCALL:
            Syscall(line);
            break;
        case Line::Kind::STATE:
            CheckState(line);
            break;
        }
        if (!m_failed)
        {
            LineDone(i);
        }
    }

    void LineDone(std::size_t i)
    {
        if (i + 1 < m_script.lines.size())
        {
            ScheduleLine(i + 1);
        }
        else
        {
            Simulator::Stop();
        }
    }

    void Fail(const Line& line, const std::string& what)
    {
        m_failed = true;
        m_result.status = TcpFsmScriptResult::Status::FAIL;
        m_result.line = line.where.line;
        m_result.message = line.where.FileLine() + ": " + what + "; states: " + States();
        Simulator::Stop();
    }

    std::string States() const
    {
        std::ostringstream os;
        os << "conn " << TcpFsmStateName(m_stack->ConnState());
        for (const auto& fd : m_fds)
        {
            os << ", fd " << fd.first << " " << TcpFsmStateName(m_stack->StateOf(fd.second.socket));
        }
        return os.str();
    }

    static std::string At(int64_t ns)
    {
        return TcpFsmScriptFormatTime(ns) + " s";
    }

    std::string Expected(const Line& line) const
    {
        return "expected '" + line.text + "' at " + At(line.timeNs);
    }

    // ---- segments ---------------------------------------------------------------------------

    std::string Show(const Captured& c) const
    {
        return "'"
               + TcpFsmScriptFormatSegment(
                   '>', c.header, c.payload, c.isn, TcpFsmScriptAddresses::kRemoteIsn)
               + "' sent at " + At(c.timeNs);
    }

    void Capture(Ptr<Packet> packet, Ipv4Address, Ipv4Address, uint8_t, Ptr<Ipv4Route>)
    {
        Captured c;
        c.timeNs = Now();
        Ptr<Packet> copy = packet->Copy();
        copy->RemoveHeader(c.header);
        c.payload = copy->GetSize();
        if (c.header.GetFlags() & TcpHeader::SYN)
        {
            m_ourIsn = c.header.GetSequenceNumber().GetValue();
        }
        c.isn = m_ourIsn;
        if (m_options.log)
        {
            *m_options.log << TcpFsmScriptFormatTime(c.timeNs) << "  sent "
                           << TcpFsmScriptFormatSegment('>',
                                                        c.header,
                                                        c.payload,
                                                        c.isn,
                                                        TcpFsmScriptAddresses::kRemoteIsn)
                           << "\n";
        }
        m_out.push_back(c);
        if (m_waiting && !m_matchPending)
        {
            // Match after the event that sent it has finished (never re-enter the stack).
            m_matchPending = true;
            Simulator::ScheduleNow(&Engine::SegmentWhileWaiting, this);
        }
    }

    void SegmentWhileWaiting()
    {
        m_matchPending = false;
        if (!m_waiting)
        {
            return;
        }
        m_waiting = false;
        m_deadline.Cancel();
        MatchOutbound(m_script.lines[m_current]);
        if (!m_failed)
        {
            LineDone(m_current);
        }
    }

    void Deadline()
    {
        if (!m_waiting)
        {
            return;
        }
        m_waiting = false;
        const Line& line = m_script.lines[m_current];
        Fail(line, Expected(line) + ", got nothing by " + At(line.timeNs + m_script.toleranceNs));
    }

    bool NothingUnexpected(const Line& line)
    {
        if (!m_out.empty() && m_out.front().timeNs < line.timeNs - m_script.toleranceNs)
        {
            Fail(line,
                 "expected no segment before '" + line.text + "' at " + At(line.timeNs) + ", got "
                     + Show(m_out.front()));
            return false;
        }
        return true;
    }

    void MatchOutbound(const Line& line)
    {
        const Captured c = m_out.front();
        m_out.pop_front();
        std::string why;
        if (c.timeNs < line.timeNs - m_script.toleranceNs)
        {
            why = "sent too early";
        }
        else if (c.timeNs > line.timeNs + m_script.toleranceNs)
        {
            why = "sent too late";
        }
        else
        {
            why = TcpFsmScriptCompareSegment(
                line.segment, c.header, c.payload, c.isn, TcpFsmScriptAddresses::kRemoteIsn);
        }
        if (!why.empty())
        {
            Fail(line, Expected(line) + ", got " + Show(c) + " (" + why + ")");
        }
    }

    void Inbound(const Line& line)
    {
        const TcpFsmScriptSegment& s = line.segment;
        TcpHeader h = TcpFsmScriptInboundHeader(
            s, m_remotePort, m_localPort, TcpFsmScriptAddresses::kRemoteIsn, m_ourIsn);
        Ptr<Packet> p = Create<Packet>(s.len);
        p->AddHeader(h);
        Ipv4Header ip;
        ip.SetSource(TcpFsmScriptAddresses::Remote());
        ip.SetDestination(TcpFsmScriptAddresses::Local());
        ip.SetProtocol(6);
        ip.SetPayloadSize(p->GetSize());
        ip.SetTtl(64);
        m_stack->SetInjecting(&h);
        m_stack->GetL4()->Receive(p, ip, m_interface);
        m_stack->SetInjecting(nullptr);
    }

    // ---- syscalls and states ------------------------------------------------------------------

    void CheckState(const Line& line)
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

    /// The lowest free descriptor from 3, as POSIX allocates them.
    int32_t NewFd() const
    {
        int32_t fd = 3;
        while (m_fds.count(fd))
        {
            ++fd;
        }
        return fd;
    }

    static Returned Errno(Ptr<Socket> s, const char* otherwise = "EIO")
    {
        Returned r;
        r.value = -1;
        r.error = TcpFsmScriptErrnoName(s->GetErrno());
        if (r.error == "0")
        {
            r.error = otherwise;
        }
        return r;
    }

    static Returned Rc(Ptr<Socket> s, int rc)
    {
        return rc >= 0 ? Returned{rc, ""} : Errno(s);
    }

    static bool AcceptRequest(Engine*, Ptr<Socket>, const Address&)
    {
        return true;
    }

    static void NewConnection(Engine* self, Socket* listener, Ptr<Socket> child, const Address&)
    {
        self->m_stack->Adopt(child);
        self->m_acceptQueues[listener].push_back(child);
    }

    void Connected(const Ptr<Socket>& s)
    {
        m_stack->SetConn(s);
        m_remotePort = TcpFsmScriptAddresses::kListenPort;
        Address local;
        if (s->GetSockName(local) == 0 && InetSocketAddress::IsMatchingType(local))
        {
            m_localPort = InetSocketAddress::ConvertFrom(local).GetPort();
        }
    }

    void Syscall(const Line& line)
    {
        const TcpFsmScriptCall& call = line.call;
        Returned r;
        std::string got; // a mismatch other than the return value
        if (call.kind == Call::SOCKET)
        {
            Ptr<Socket> s = Socket::CreateSocket(m_node, TcpSocketFactory::GetTypeId());
            m_stack->Adopt(s);
            const int32_t fd = NewFd();
            m_fds[fd].socket = s;
            r.value = fd;
        }
        else if (m_fds.find(call.fd) == m_fds.end())
        {
            r = {-1, "EBADF"};
        }
        else
        {
            Descriptor& d = m_fds[call.fd];
            Ptr<Socket> s = d.socket;
            const Address peer = InetSocketAddress(TcpFsmScriptAddresses::Remote(),
                                                   TcpFsmScriptAddresses::kListenPort);
            switch (call.kind)
            {
            case Call::SOCKET:
                break;
            case Call::BIND:
                r = Rc(s,
                       s->Bind(InetSocketAddress(Ipv4Address::GetAny(),
                                                 TcpFsmScriptAddresses::kListenPort)));
                if (r.value == 0)
                {
                    m_localPort = TcpFsmScriptAddresses::kListenPort;
                }
                break;
            case Call::LISTEN:
                m_stack->SetBacklog(s, call.count);
                s->SetAcceptCallback(
                    MakeBoundCallback(&Engine::AcceptRequest, this),
                    MakeBoundCallback(&Engine::NewConnection, this, PeekPointer(s)));
                r = Rc(s, s->Listen());
                break;
            case Call::ACCEPT:
            {
                auto& queue = m_acceptQueues[PeekPointer(s)];
                if (queue.empty())
                {
                    r = {-1, "EAGAIN"};
                    break;
                }
                const int32_t fd = NewFd();
                m_fds[fd].socket = queue.front();
                queue.pop_front();
                r.value = fd;
                break;
            }
            case Call::CONNECT:
                r = Rc(s, s->Connect(peer));
                if (r.value == 0)
                {
                    Connected(s);
                    r = {-1, "EINPROGRESS"}; // non-blocking: the SYN is on its way
                }
                break;
            case Call::WRITE:
            case Call::SEND:
                r = Rc(s, s->Send(Create<Packet>(call.count), 0));
                break;
            case Call::SENDTO:
            {
                const bool listening = m_stack->StateOf(s) == TcpSocket::LISTEN;
                r = Rc(s, s->SendTo(Create<Packet>(call.count), 0, peer));
                if (r.value >= 0 && listening)
                {
                    Connected(s);
                }
                break;
            }
            case Call::READ:
            case Call::RECV:
            {
                Ptr<Packet> p = s->Recv(call.count, 0);
                r = p ? Returned{p->GetSize(), ""} : Errno(s, "EAGAIN");
                break;
            }
            case Call::SHUTDOWN:
            {
                int rc = 0;
                if (call.shutWrite && s->ShutdownSend() != 0)
                {
                    rc = -1;
                }
                if (call.shutRead && s->ShutdownRecv() != 0)
                {
                    rc = -1;
                }
                r = Rc(s, rc);
                break;
            }
            case Call::CLOSE:
                if (d.linger0)
                {
                    m_stack->Abort(s); // SO_LINGER {onoff=1, linger=0}: an abortive close
                }
                r = Rc(s, s->Close());
                m_fds.erase(call.fd);
                break;
            case Call::SETSOCKOPT:
                switch (call.option)
                {
                case TcpFsmScriptSockopt::TCP_NODELAY_OPT:
                    r.value
                        = s->SetAttributeFailSafe("TcpNoDelay", BooleanValue(call.optionValue != 0))
                              ? 0
                              : -1;
                    r.error = r.value ? "ENOPROTOOPT" : "";
                    break;
                case TcpFsmScriptSockopt::SO_LINGER_OPT:
                    if (call.optionValue != 0 && !m_stack->AbortSupport().empty())
                    {
                        got = "unsupported: " + m_stack->AbortSupport();
                        break;
                    }
                    d.linger0 = call.optionValue != 0;
                    break;
                case TcpFsmScriptSockopt::SO_REUSEADDR_OPT:
                case TcpFsmScriptSockopt::SO_ERROR_OPT:
                case TcpFsmScriptSockopt::NONE:
                    break;
                }
                break;
            case Call::GETSOCKOPT:
            {
                const std::string error = m_stack->SoError(s);
                if (error != call.expectedError)
                {
                    got = "SO_ERROR " + error;
                }
                break;
            }
            case Call::FCNTL:
                break;
            }
        }
        if (got.empty()
            && (r.value != call.result
                || (!call.resultErrno.empty() && r.error != call.resultErrno)))
        {
            got = std::to_string(r.value) + (r.error.empty() ? "" : " " + r.error);
        }
        if (!got.empty())
        {
            Fail(line, Expected(line) + ", got " + got);
        }
    }

    struct Descriptor
    {
        Ptr<Socket> socket;
        bool linger0{false}; ///< SO_LINGER {onoff=1, linger=0}: close() aborts
    };

    const TcpFsmScript& m_script;
    TcpFsmScriptRunOptions m_options;
    std::unique_ptr<TcpFsmScriptStackAdapter> m_stack;
    TcpFsmScriptResult m_result;
    Ptr<Node> m_node;
    Ptr<Ipv4Interface> m_interface;
    std::map<int32_t, Descriptor> m_fds;
    std::map<Socket*, std::deque<Ptr<Socket>>> m_acceptQueues;
    std::deque<Captured> m_out;
    uint32_t m_ourIsn{0};
    uint16_t m_localPort{TcpFsmScriptAddresses::kListenPort};
    uint16_t m_remotePort{TcpFsmScriptAddresses::kRemotePort};
    std::size_t m_current{0};
    bool m_waiting{false};
    bool m_matchPending{false};
    bool m_failed{false};
    EventId m_deadline;
};

} // namespace

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
    Engine engine(script, options);
    return engine.Run();
}

} // namespace ns3
