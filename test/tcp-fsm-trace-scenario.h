/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A two-node simulation for the trace and graph tests: a client opens
 * connections to a server, sends, closes; everything the L4 traces report is
 * kept in memory, fed to a live transition graph and, when asked, written to
 * trace files by TcpFsmTraceHelper.
 */
#ifndef TCP_FSM_TRACE_SCENARIO_H
#define TCP_FSM_TRACE_SCENARIO_H

#include "ns3/applications-module.h"
#include "ns3/core-module.h"
#include "ns3/internet-module.h"
#include "ns3/network-module.h"
#include "ns3/point-to-point-module.h"
#include "ns3/tcp-fsm-helper.h"
#include "ns3/tcp-fsm-l4-protocol.h"
#include "ns3/tcp-fsm-trace-helper.h"
#include "ns3/tcp-fsm-transition-graph.h"

#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <functional>
#include <memory>
#include <string>
#include <sys/stat.h>
#include <vector>

namespace ns3
{
namespace test
{

/// A fresh directory under $TMPDIR (or /tmp), removed by the destructor.
class TempDir
{
  public:
    TempDir()
    {
        const char* base = std::getenv("TMPDIR");
        std::string tmpl = std::string(base && *base ? base : "/tmp") + "/tcp-fsm-test-XXXXXX";
        std::vector<char> buf(tmpl.begin(), tmpl.end());
        buf.push_back('\0');
        if (mkdtemp(buf.data()))
        {
            m_path = buf.data();
        }
    }

    ~TempDir()
    {
        if (!m_path.empty())
        {
            std::string cmd = "rm -rf '" + m_path + "'";
            if (std::system(cmd.c_str()) != 0)
            {
                // best effort
            }
        }
    }

    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;

    const std::string& Path() const
    {
        return m_path;
    }

    std::string File(const std::string& name) const
    {
        return m_path + "/" + name;
    }

  private:
    std::string m_path;
};

/// The lines of a file, without their end of line.
inline std::vector<std::string>
ReadLines(const std::string& path)
{
    std::vector<std::string> lines;
    std::ifstream in(path);
    std::string line;
    while (std::getline(in, line))
    {
        lines.push_back(line);
    }
    return lines;
}

/// Is a program in PATH?
inline bool
HaveProgram(const std::string& name)
{
    std::string cmd = "command -v " + name + " >/dev/null 2>&1";
    return std::system(cmd.c_str()) == 0;
}

/// Run a shell command; its exit status (-1 when it did not exit).
inline int
Shell(const std::string& cmd)
{
    int status = std::system(cmd.c_str());
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

/**
 * client (node 0) ---- 10 Mbps, 10 ms ---- server (node 1), port 80.
 * Connection i opens at 1 + 0.2 i s, sends `bytes` and closes; the server reads each to the
 * end and closes; the listener closes after the last accept. Sockets: client connections are
 * node 0 sockets 1, 2, ...; the listener is node 1 socket 1, its children 2, 3, ...
 */
struct TraceScenario
{
    // ---- what to run
    uint32_t connections{1};
    uint32_t bytes{2000};
    double loss{0};
    uint32_t run{1};
    Time msl{Seconds(5)};
    bool refused{false};           ///< connect to a port nobody listens on
    bool simultaneousClose{false}; ///< both ends close as soon as they are connected
    std::string dir;               ///< when set: transitions.csv, state-counts.csv, segments.csv
    Time countInterval{Seconds(1)};
    bool countOnChange{true};
    std::string pcapPrefix;          ///< when set: pcap of both devices
    std::function<void()> duringRun; ///< scheduled at `duringRunAt` when set
    Time duringRunAt{Seconds(1.5)};

    // ---- what happened
    std::vector<TcpFsmTransitionRecord> log;
    std::vector<TcpFsmSegmentRecord> segments;
    TcpFsmTransitionGraph live;
    uint64_t received{0};

    void Run()
    {
        RngSeedManager::SetSeed(11);
        RngSeedManager::SetRun(run);
        Config::SetDefault("ns3::TcpFsmSocket::Msl", TimeValue(msl));
        NodeContainer nodes;
        nodes.Create(2);
        PointToPointHelper p2p;
        p2p.SetDeviceAttribute("DataRate", StringValue("10Mbps"));
        p2p.SetChannelAttribute("Delay", StringValue("10ms"));
        NetDeviceContainer devs = p2p.Install(nodes);
        for (uint32_t i = 0; i < 2 && loss > 0; ++i)
        {
            Ptr<RateErrorModel> em = CreateObject<RateErrorModel>();
            em->SetAttribute("ErrorRate", DoubleValue(loss));
            em->SetAttribute("ErrorUnit", StringValue("ERROR_UNIT_PACKET"));
            em->AssignStreams(200 + i);
            devs.Get(i)->SetAttribute("ReceiveErrorModel", PointerValue(em));
        }
        TcpFsmHelper().Install(nodes);
        TcpFsmHelper::AssignStreams(nodes, 500);
        Ipv4AddressHelper a4("10.1.1.0", "255.255.255.0");
        Ipv4InterfaceContainer ifs = a4.Assign(devs);
        if (!pcapPrefix.empty())
        {
            p2p.EnablePcapAll(pcapPrefix);
        }
        std::unique_ptr<TcpFsmTraceHelper> trace;
        if (!dir.empty())
        {
            trace = std::make_unique<TcpFsmTraceHelper>();
            trace->EnableTransitions(dir + "/transitions.csv", nodes);
            trace->EnableStateCounts(
                dir + "/state-counts.csv", nodes, countInterval, countOnChange);
            trace->EnableSegments(dir + "/segments.csv", nodes);
        }
        Callback<void, const TcpFsmTransitionRecord&> onTransition(
            [this](const TcpFsmTransitionRecord& r)
            {
                log.push_back(r);
                live.Add(r);
            });
        Callback<void, const TcpFsmSegmentRecord&> onSegment(
            [this](const TcpFsmSegmentRecord& r)
            {
                segments.push_back(r);
            });
        for (uint32_t i = 0; i < 2; ++i)
        {
            Ptr<TcpFsmL4Protocol> l4 = TcpFsmHelper::GetL4(nodes.Get(i));
            l4->TraceConnectWithoutContext("StateTransition", onTransition);
            l4->TraceConnectWithoutContext("SegmentTx", onSegment);
            l4->TraceConnectWithoutContext("SegmentRx", onSegment);
        }
        if (duringRun)
        {
            Simulator::Schedule(duringRunAt, duringRun);
        }

        m_listener = Socket::CreateSocket(nodes.Get(1), TcpSocketFactory::GetTypeId());
        m_listener->Bind(InetSocketAddress(Ipv4Address::GetAny(), 80));
        m_listener->SetAcceptCallback(MakeNullCallback<bool, Ptr<Socket>, const Address&>(),
                                      MakeCallback(&TraceScenario::Accept, this));
        Simulator::Schedule(Seconds(0.5),
                            [this]()
                            {
                                m_listener->Listen();
                            });
        Address to = InetSocketAddress(ifs.GetAddress(1), refused ? 81 : 80);
        for (uint32_t i = 0; i < connections; ++i)
        {
            Ptr<Socket> s = Socket::CreateSocket(nodes.Get(0), TcpSocketFactory::GetTypeId());
            m_clients.push_back(s);
            m_sent.push_back(0);
            s->SetConnectCallback(MakeCallback(&TraceScenario::Connected, this),
                                  MakeNullCallback<void, Ptr<Socket>>());
            s->SetSendCallback(MakeCallback(&TraceScenario::Fill, this));
            Simulator::Schedule(Seconds(1 + 0.2 * i),
                                [s, to]()
                                {
                                    s->Connect(to);
                                });
        }
        Simulator::Run();
        m_listener = nullptr;
        m_clients.clear();
        m_children.clear();
        Simulator::Destroy();
    }

  private:
    void Accept(Ptr<Socket> s, const Address&)
    {
        m_children.push_back(s);
        s->SetRecvCallback(MakeCallback(&TraceScenario::Read, this));
        if (simultaneousClose)
        {
            s->Close();
        }
        if (++m_accepted == connections)
        {
            m_listener->Close();
        }
    }

    void Read(Ptr<Socket> s)
    {
        while (Ptr<Packet> p = s->Recv())
        {
            if (p->GetSize() == 0)
            {
                if (!simultaneousClose)
                {
                    s->Close();
                }
                return;
            }
            received += p->GetSize();
        }
    }

    std::size_t IndexOf(Ptr<Socket> s) const
    {
        for (std::size_t i = 0; i < m_clients.size(); ++i)
        {
            if (m_clients[i] == s)
            {
                return i;
            }
        }
        return m_clients.size();
    }

    void Connected(Ptr<Socket> s)
    {
        if (simultaneousClose)
        {
            s->Close();
            return;
        }
        Fill(s, s->GetTxAvailable());
    }

    void Fill(Ptr<Socket> s, uint32_t)
    {
        std::size_t i = IndexOf(s);
        if (i == m_clients.size() || m_sent[i] > bytes || simultaneousClose)
        {
            return;
        }
        while (m_sent[i] < bytes)
        {
            uint32_t n = std::min(s->GetTxAvailable(), bytes - m_sent[i]);
            if (n == 0 || s->Send(Create<Packet>(n)) <= 0)
            {
                return;
            }
            m_sent[i] += n;
        }
        m_sent[i] = bytes + 1; // closed
        s->Close();
    }

    Ptr<Socket> m_listener;
    std::vector<Ptr<Socket>> m_clients;
    std::vector<uint32_t> m_sent;
    std::vector<Ptr<Socket>> m_children;
    uint32_t m_accepted{0};
};

} // namespace test
} // namespace ns3

#endif /* TCP_FSM_TRACE_SCENARIO_H */
