/* SPDX-License-Identifier: GPL-2.0-only */
#include "ns3/tcp-fsm-trace-helper.h"

#include "ns3/abort.h"
#include "ns3/log.h"
#include "ns3/node-list.h"
#include "ns3/simulator.h"
#include "ns3/tcp-fsm-helper.h"
#include "ns3/tcp-fsm-l4-protocol.h"
#include "ns3/tcp-fsm-trace-csv.h"
#include "ns3/tcp-fsm-trace-writer.h"
#include "ns3/tcp-fsm-transition-table.h"

#include <algorithm>
#include <array>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("TcpFsmTraceHelper");

namespace
{

using Counts = std::array<uint32_t, kTcpFsmStateCount>;

/// Per-node socket counts maintained from the transitions, written as state-count rows.
class StateCounter
{
  public:
    StateCounter(std::shared_ptr<TcpFsmRowWriter> writer, Time interval, bool onChange)
      : m_writer(std::move(writer))
      , m_interval(interval)
      , m_onChange(onChange)
    {}

    void AddNode(uint32_t node)
    {
        if (m_counts.emplace(node, Counts{}).second)
        {
            m_order.push_back(node);
        }
    }

    void OnTransition(const TcpFsmTransitionRecord& r)
    {
        Counts& counts = m_counts[r.nodeId];
        Counts before = counts;
        auto key = std::make_pair(r.nodeId, r.socketId);
        auto it = m_sockets.find(key);
        if (it != m_sockets.end())
        {
            --counts[static_cast<std::size_t>(it->second)];
        }
        // A socket ends in CLOSED, or, for a listener's child reset in SYN_RCVD, by the RFC
        // edge back to LISTEN (the table's RETURN_TO_LISTEN row: the child is discarded).
        const TcpFsmTransition* row
            = TcpFsmTransitionTable::Find(r.from, r.cause, /* passive = */ true);
        const bool discarded = r.from != r.to && row && row->to == r.to
                               && row->action == TcpFsmAction::RETURN_TO_LISTEN;
        if (r.to == TcpSocket::CLOSED || discarded)
        {
            if (it != m_sockets.end())
            {
                m_sockets.erase(it);
            }
        }
        else
        {
            m_sockets[key] = r.to;
            ++counts[static_cast<std::size_t>(r.to)];
        }
        if (m_onChange && counts != before)
        {
            WriteRow(r.nodeId);
        }
    }

    /// One row per node.
    void Sample()
    {
        for (uint32_t node : m_order)
        {
            WriteRow(node);
        }
    }

    Time GetInterval() const
    {
        return m_interval;
    }

  private:
    void WriteRow(uint32_t node)
    {
        const Counts& counts = m_counts[node];
        std::string row = TcpFsmTraceCsv::FormatTime(Simulator::Now());
        row += ',';
        row += std::to_string(node);
        for (TcpFsmState s : TcpFsmTraceHelper::StateCountColumns())
        {
            row += ',';
            row += std::to_string(counts[static_cast<std::size_t>(s)]);
        }
        m_writer->WriteRow(row);
    }

    std::shared_ptr<TcpFsmRowWriter> m_writer;
    Time m_interval;
    bool m_onChange;
    std::map<uint32_t, Counts> m_counts;
    std::vector<uint32_t> m_order;
    std::map<std::pair<uint32_t, uint64_t>, TcpFsmState> m_sockets;
};

/**
 * One simulator event drives the periodic rows of every state counter, so that it can tell
 * when nothing but itself is left in the event queue (Simulator::IsFinished() while it runs)
 * and stop: periodic sampling must not keep Simulator::Run() from returning.
 */
class SampleTicker
{
  public:
    static void Add(std::shared_ptr<StateCounter> counter)
    {
        if (!s_destroyHooked)
        {
            s_destroyHooked = true;
            Simulator::ScheduleDestroy(&SampleTicker::Reset);
        }
        s_entries.push_back({std::move(counter), Simulator::Now()});
        Arm();
    }

  private:
    struct Entry
    {
        std::shared_ptr<StateCounter> counter;
        Time due;
    };

    static void Tick()
    {
        Time now = Simulator::Now();
        for (Entry& e : s_entries)
        {
            if (e.due <= now)
            {
                e.counter->Sample();
                e.due = now + e.counter->GetInterval();
            }
        }
        if (!Simulator::IsFinished())
        {
            Arm();
        }
    }

    static void Arm()
    {
        if (s_entries.empty())
        {
            return;
        }
        Time next = s_entries.front().due;
        for (const Entry& e : s_entries)
        {
            next = std::min(next, e.due);
        }
        Simulator::Cancel(s_event);
        s_event
            = Simulator::Schedule(std::max(next - Simulator::Now(), Time(0)), &SampleTicker::Tick);
    }

    static void Reset()
    {
        s_entries.clear();
        s_event = EventId();
        s_destroyHooked = false;
    }

    static std::vector<Entry> s_entries;
    static EventId s_event;
    static bool s_destroyHooked;
};

std::vector<SampleTicker::Entry> SampleTicker::s_entries;
EventId SampleTicker::s_event;
bool SampleTicker::s_destroyHooked = false;

/// The L4 of each node; a node without tcp-fsm stops the program with a message.
std::vector<Ptr<TcpFsmL4Protocol>>
L4s(NodeContainer nodes, const char* method)
{
    std::vector<Ptr<TcpFsmL4Protocol>> l4s;
    for (auto it = nodes.Begin(); it != nodes.End(); ++it)
    {
        Ptr<TcpFsmL4Protocol> l4 = TcpFsmHelper::GetL4(*it);
        NS_ABORT_MSG_IF(!l4,
                        "TcpFsmTraceHelper::" << method << ": node " << (*it)->GetId()
                                              << " does not run tcp-fsm (call "
                                                 "TcpFsmHelper::Install on it first)");
        l4s.push_back(l4);
    }
    return l4s;
}

/// Every node that runs tcp-fsm now.
NodeContainer
FsmNodes()
{
    NodeContainer nodes;
    for (auto it = NodeList::Begin(); it != NodeList::End(); ++it)
    {
        if (TcpFsmHelper::GetL4(*it))
        {
            nodes.Add(*it);
        }
    }
    return nodes;
}

void
Connect(Ptr<TcpFsmL4Protocol> l4, const char* source, const CallbackBase& cb)
{
    bool ok = l4->TraceConnectWithoutContext(source, cb);
    NS_ABORT_MSG_IF(!ok, "TcpFsmTraceHelper: cannot connect to TcpFsmL4Protocol/" << source);
}

} // namespace

TcpFsmTraceHelper::TcpFsmTraceHelper() {}

TcpFsmTraceHelper::~TcpFsmTraceHelper()
{
    Flush();
}

std::shared_ptr<TcpFsmRowWriter>
TcpFsmTraceHelper::Writer(const std::string& filename, Kind kind)
{
    auto it = m_files.find(filename);
    if (it != m_files.end())
    {
        NS_ABORT_MSG_IF(it->second.kind != kind,
                        "TcpFsmTraceHelper: '" << filename
                                               << "' is already used for another kind of trace");
        return it->second.writer;
    }
    auto writer = std::make_shared<TcpFsmRowWriter>();
    std::string error;
    NS_ABORT_MSG_IF(!writer->Open(filename, error), "TcpFsmTraceHelper: " << error);
    switch (kind)
    {
    case Kind::TRANSITIONS:
        writer->WriteRow(TcpFsmTraceCsv::TransitionHeader());
        break;
    case Kind::STATE_COUNTS:
        writer->WriteRow(StateCountHeader());
        break;
    case Kind::SEGMENTS:
        writer->WriteRow(TcpFsmTraceCsv::SegmentHeader());
        break;
    }
    // The file is complete once the simulation is destroyed; the sinks may outlive us.
    Simulator::ScheduleDestroy(
        [writer]()
        {
            writer->Close();
        });
    m_files.emplace(filename, File{kind, writer});
    return writer;
}

void
TcpFsmTraceHelper::EnableTransitions(const std::string& filename, NodeContainer nodes)
{
    NS_LOG_FUNCTION(this << filename);
    auto l4s = L4s(nodes, "EnableTransitions");
    std::shared_ptr<TcpFsmRowWriter> writer = Writer(filename, Kind::TRANSITIONS);
    Callback<void, const TcpFsmTransitionRecord&> sink(
        [writer](const TcpFsmTransitionRecord& r)
        {
            writer->WriteRow(TcpFsmTraceCsv::FormatTransition(r));
        });
    for (const auto& l4 : l4s)
    {
        Connect(l4, "StateTransition", sink);
    }
}

void
TcpFsmTraceHelper::EnableTransitionsAll(const std::string& filename)
{
    EnableTransitions(filename, FsmNodes());
}

void
TcpFsmTraceHelper::EnableStateCounts(const std::string& filename,
                                     NodeContainer nodes,
                                     Time interval,
                                     bool onChange)
{
    NS_LOG_FUNCTION(this << filename << interval << onChange);
    NS_ABORT_MSG_IF(interval.IsStrictlyNegative(),
                    "TcpFsmTraceHelper::EnableStateCounts: negative interval " << interval);
    NS_ABORT_MSG_IF(interval.IsZero() && !onChange,
                    "TcpFsmTraceHelper::EnableStateCounts: interval 0 and onChange false would "
                    "write no row");
    auto l4s = L4s(nodes, "EnableStateCounts");
    auto counter
        = std::make_shared<StateCounter>(Writer(filename, Kind::STATE_COUNTS), interval, onChange);
    for (auto it = nodes.Begin(); it != nodes.End(); ++it)
    {
        counter->AddNode((*it)->GetId());
    }
    Callback<void, const TcpFsmTransitionRecord&> sink(
        [counter](const TcpFsmTransitionRecord& r)
        {
            counter->OnTransition(r);
        });
    for (const auto& l4 : l4s)
    {
        Connect(l4, "StateTransition", sink);
    }
    if (interval.IsStrictlyPositive())
    {
        SampleTicker::Add(counter);
    }
}

void
TcpFsmTraceHelper::EnableStateCountsAll(const std::string& filename, Time interval, bool onChange)
{
    EnableStateCounts(filename, FsmNodes(), interval, onChange);
}

void
TcpFsmTraceHelper::EnableSegments(const std::string& filename, NodeContainer nodes)
{
    NS_LOG_FUNCTION(this << filename);
    auto l4s = L4s(nodes, "EnableSegments");
    std::shared_ptr<TcpFsmRowWriter> writer = Writer(filename, Kind::SEGMENTS);
    Callback<void, const TcpFsmSegmentRecord&> sink(
        [writer](const TcpFsmSegmentRecord& r)
        {
            writer->WriteRow(TcpFsmTraceCsv::FormatSegment(r));
        });
    for (const auto& l4 : l4s)
    {
        Connect(l4, "SegmentTx", sink);
        Connect(l4, "SegmentRx", sink);
    }
}

void
TcpFsmTraceHelper::EnableSegmentsAll(const std::string& filename)
{
    EnableSegments(filename, FsmNodes());
}

void
TcpFsmTraceHelper::Flush()
{
    for (auto& [name, file] : m_files)
    {
        file.writer->Flush();
    }
}

const std::vector<TcpFsmState>&
TcpFsmTraceHelper::StateCountColumns()
{
    using S = TcpSocket;
    static const std::vector<TcpFsmState> columns = {S::CLOSED,
                                                     S::LISTEN,
                                                     S::SYN_RCVD,
                                                     S::SYN_SENT,
                                                     S::ESTABLISHED,
                                                     S::FIN_WAIT_1,
                                                     S::FIN_WAIT_2,
                                                     S::CLOSING,
                                                     S::TIME_WAIT,
                                                     S::CLOSE_WAIT,
                                                     S::LAST_ACK};
    return columns;
}

std::string
TcpFsmTraceHelper::StateCountHeader()
{
    std::string header = "time,node";
    for (TcpFsmState s : StateCountColumns())
    {
        header += ',';
        header += TcpFsmStateName(s);
    }
    return header;
}

} // namespace ns3
