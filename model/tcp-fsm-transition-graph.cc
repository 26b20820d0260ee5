/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * TcpFsmTransitionGraph: building (live, from CSV, merging), the reference
 * graph, coverage and the path questions. DOT and GraphML are in
 * tcp-fsm-transition-graph-io.cc.
 */
#include "tcp-fsm-transition-graph.h"

#include "tcp-fsm-trace-csv.h"

#include "ns3/log.h"

#include <algorithm>
#include <boost/graph/breadth_first_search.hpp>
#include <iomanip>
#include <ostream>
#include <sstream>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("TcpFsmTransitionGraph");

namespace
{

/// Remembers, for every vertex the search discovers, the edge it was discovered through.
struct TreeEdgeRecorder : public boost::default_bfs_visitor
{
    TreeEdgeRecorder(std::vector<TcpFsmTransitionGraph::Edge>* p, std::vector<bool>* h)
      : predecessor(p)
      , has(h)
    {}

    std::vector<TcpFsmTransitionGraph::Edge>* predecessor;
    std::vector<bool>* has;

    void tree_edge(TcpFsmTransitionGraph::Edge e, const TcpFsmTransitionGraph::Graph& g) const
    {
        (*predecessor)[boost::target(e, g)] = e;
        (*has)[boost::target(e, g)] = true;
    }
};

} // namespace

bool
TcpFsmGraphEdge::operator==(const TcpFsmGraphEdge& o) const
{
    return from == o.from && to == o.to && cause == o.cause && count == o.count
           && firstNs == o.firstNs && lastNs == o.lastNs;
}

TcpFsmTransitionGraph::TcpFsmTransitionGraph()
  : m_graph(kTcpFsmStateCount)
{
    for (std::size_t i = 0; i < kTcpFsmStateCount; ++i)
    {
        m_graph[i].state = TcpFsmStateAt(i);
    }
}

TcpFsmTransitionGraph::TcpFsmTransitionGraph(const TcpFsmTransitionGraph& other)
  : m_graph(other.m_graph)
  , m_sockets(other.m_sockets)
{
    RebuildIndex();
}

TcpFsmTransitionGraph&
TcpFsmTransitionGraph::operator=(const TcpFsmTransitionGraph& other)
{
    if (this != &other)
    {
        m_graph = other.m_graph;
        m_sockets = other.m_sockets;
        RebuildIndex();
    }
    return *this;
}

void
TcpFsmTransitionGraph::RebuildIndex()
{
    m_index.clear();
    for (auto [it, end] = boost::edges(m_graph); it != end; ++it)
    {
        const TcpFsmGraphEdge& e = m_graph[*it];
        m_index[Key(e.from, e.cause, e.to)] = *it;
    }
}

TcpFsmTransitionGraph::Vertex
TcpFsmTransitionGraph::GetVertex(TcpFsmState s) const
{
    return static_cast<Vertex>(s);
}

const TcpFsmGraphVertex&
TcpFsmTransitionGraph::GetState(TcpFsmState s) const
{
    return m_graph[GetVertex(s)];
}

const TcpFsmTransitionGraph::Graph&
TcpFsmTransitionGraph::GetGraph() const
{
    return m_graph;
}

TcpFsmTransitionGraph::Edge
TcpFsmTransitionGraph::FindOrAddEdge(TcpFsmState from, TcpFsmEvent cause, TcpFsmState to)
{
    Key key(from, cause, to);
    auto it = m_index.find(key);
    if (it != m_index.end())
    {
        return it->second;
    }
    TcpFsmGraphEdge props;
    props.from = from;
    props.to = to;
    props.cause = cause;
    Edge e = boost::add_edge(GetVertex(from), GetVertex(to), props, m_graph).first;
    m_index.emplace(key, e);
    return e;
}

void
TcpFsmTransitionGraph::AddToEdge(const TcpFsmGraphEdge& add)
{
    TcpFsmGraphEdge& e = m_graph[FindOrAddEdge(add.from, add.cause, add.to)];
    if (add.count == 0)
    {
        return;
    }
    if (e.count == 0)
    {
        e.firstNs = add.firstNs;
        e.lastNs = add.lastNs;
    }
    else
    {
        e.firstNs = std::min(e.firstNs, add.firstNs);
        e.lastNs = std::max(e.lastNs, add.lastNs);
    }
    e.count += add.count;
}

void
TcpFsmTransitionGraph::Add(const TcpFsmTransitionRecord& r)
{
    NS_LOG_FUNCTION(this << r.Describe());
    long ns = static_cast<long>(r.time.GetNanoSeconds());
    TcpFsmGraphEdge one;
    one.from = r.from;
    one.to = r.to;
    one.cause = r.cause;
    one.count = 1;
    one.firstNs = ns;
    one.lastNs = ns;
    AddToEdge(one);

    SocketTrack& track = m_sockets[{r.nodeId, r.socketId}];
    if (track.path.empty())
    {
        track.path.push_back(r.from);
    }
    track.path.push_back(r.to);
    if (r.from == r.to)
    {
        return; // a self-loop (TIME_WAIT restarting 2MSL) neither enters nor leaves
    }
    m_graph[GetVertex(r.to)].entered++;
    if (track.open && track.state == r.from)
    {
        TcpFsmGraphVertex& v = m_graph[GetVertex(r.from)];
        const long stay = ns - track.enteredNs;
        v.timeSpentNs += stay;
        v.minStayNs = v.stays == 0 ? stay : std::min(v.minStayNs, stay);
        v.maxStayNs = v.stays == 0 ? stay : std::max(v.maxStayNs, stay);
        v.stays++;
    }
    track.state = r.to;
    track.enteredNs = ns;
    track.open = r.to != TcpSocket::CLOSED;
}

TcpFsmTransitionGraph
TcpFsmTransitionGraph::Reference()
{
    TcpFsmTransitionGraph g;
    for (const TcpFsmTransition& row : TcpFsmTransitionTable::Rows())
    {
        g.FindOrAddEdge(row.from, row.event, row.to);
    }
    return g;
}

bool
TcpFsmTransitionGraph::LoadCsv(const std::string& path, std::string& error)
{
    std::vector<TcpFsmTransitionRecord> records;
    if (!TcpFsmTraceCsv::ReadTransitions(path, records, error))
    {
        return false;
    }
    for (const auto& r : records)
    {
        Add(r);
    }
    return true;
}

void
TcpFsmTransitionGraph::Merge(const TcpFsmTransitionGraph& other)
{
    for (std::size_t i = 0; i < kTcpFsmStateCount; ++i)
    {
        m_graph[i].entered += other.m_graph[i].entered;
        const TcpFsmGraphVertex& o = other.m_graph[i];
        TcpFsmGraphVertex& v = m_graph[i];
        if (o.stays > 0)
        {
            v.minStayNs = v.stays == 0 ? o.minStayNs : std::min(v.minStayNs, o.minStayNs);
            v.maxStayNs = v.stays == 0 ? o.maxStayNs : std::max(v.maxStayNs, o.maxStayNs);
        }
        v.stays += o.stays;
        v.timeSpentNs += o.timeSpentNs;
    }
    for (auto [it, end] = boost::edges(other.m_graph); it != end; ++it)
    {
        AddToEdge(other.m_graph[*it]);
    }
    for (const auto& [key, track] : other.m_sockets)
    {
        auto [mine, inserted] = m_sockets.emplace(key, track);
        if (!inserted)
        {
            // The same (node, socket) in two traces: keep both paths, in merge order.
            auto& path = mine->second.path;
            path.insert(path.end(), track.path.begin(), track.path.end());
        }
    }
}

const TcpFsmTransition*
TcpFsmTransitionGraph::FindRow(TcpFsmState from, TcpFsmEvent cause, TcpFsmState to)
{
    for (const TcpFsmTransition& row : TcpFsmTransitionTable::Rows())
    {
        if (row.from == from && row.event == cause && row.to == to)
        {
            return &row;
        }
    }
    return nullptr;
}

int
TcpFsmTransitionGraph::NormalPath(TcpFsmState from, TcpFsmEvent cause, TcpFsmState to)
{
    using S = TcpSocket;
    using E = TcpFsmEvent;
    struct Step
    {
        TcpFsmState from;
        TcpFsmEvent event;
        TcpFsmState to;
        int path;
    };

    // The two thick paths of the classic diagram (RFC 793 Figure 6, Stevens Figure 18.12):
    // a presentation fact about rows of the table, which a test checks are rows.
    static const Step steps[] = {
        {S::CLOSED, E::APP_ACTIVE_OPEN, S::SYN_SENT, 1},
        {S::SYN_SENT, E::RCV_SYN_ACK, S::ESTABLISHED, 1},
        {S::ESTABLISHED, E::APP_CLOSE, S::FIN_WAIT_1, 1},
        {S::FIN_WAIT_1, E::RCV_ACK_OF_FIN, S::FIN_WAIT_2, 1},
        {S::FIN_WAIT_2, E::RCV_FIN, S::TIME_WAIT, 1},
        {S::TIME_WAIT, E::TIMEOUT_2MSL, S::CLOSED, 1},
        {S::CLOSED, E::APP_PASSIVE_OPEN, S::LISTEN, 2},
        {S::LISTEN, E::RCV_SYN, S::SYN_RCVD, 2},
        {S::SYN_RCVD, E::RCV_ACK_OF_SYN, S::ESTABLISHED, 2},
        {S::ESTABLISHED, E::RCV_FIN, S::CLOSE_WAIT, 2},
        {S::CLOSE_WAIT, E::APP_CLOSE, S::LAST_ACK, 2},
        {S::LAST_ACK, E::RCV_ACK_OF_FIN, S::CLOSED, 2},
    };
    for (const Step& s : steps)
    {
        if (s.from == from && s.event == cause && s.to == to)
        {
            return s.path;
        }
    }
    return 0;
}

long
TcpFsmTransitionGraph::GetCount(TcpFsmState from, TcpFsmEvent cause, TcpFsmState to) const
{
    auto it = m_index.find(Key(from, cause, to));
    return it == m_index.end() ? 0 : m_graph[it->second].count;
}

std::vector<TcpFsmGraphEdge>
TcpFsmTransitionGraph::Edges() const
{
    std::vector<TcpFsmGraphEdge> edges;
    for (const auto& [key, e] : m_index) // std::map: sorted by key
    {
        edges.push_back(m_graph[e]);
    }
    return edges;
}

long
TcpFsmTransitionGraph::GetTransitionCount() const
{
    long n = 0;
    for (auto [it, end] = boost::edges(m_graph); it != end; ++it)
    {
        n += m_graph[*it].count;
    }
    return n;
}

TcpFsmCoverage
TcpFsmTransitionGraph::Coverage() const
{
    TcpFsmCoverage c;
    const auto& rows = TcpFsmTransitionTable::Rows();
    c.referenceEdges = rows.size();
    for (const TcpFsmTransition& row : rows)
    {
        (GetCount(row.from, row.event, row.to) > 0 ? c.taken : c.notTaken).push_back(&row);
    }
    for (const TcpFsmGraphEdge& e : Edges())
    {
        if (e.count > 0 && !FindRow(e.from, e.cause, e.to))
        {
            c.anomalies.push_back(e);
        }
    }
    return c;
}

std::vector<TcpFsmState>
TcpFsmTransitionGraph::Path(uint32_t nodeId, uint64_t socketId) const
{
    auto it = m_sockets.find({nodeId, socketId});
    return it == m_sockets.end() ? std::vector<TcpFsmState>() : it->second.path;
}

std::vector<std::pair<uint32_t, uint64_t>>
TcpFsmTransitionGraph::Sockets() const
{
    std::vector<std::pair<uint32_t, uint64_t>> sockets;
    for (const auto& [key, track] : m_sockets)
    {
        sockets.push_back(key);
    }
    return sockets;
}

std::vector<TcpFsmState>
TcpFsmTransitionGraph::Unreached() const
{
    std::vector<bool> reached(kTcpFsmStateCount, false);
    for (auto [it, end] = boost::edges(m_graph); it != end; ++it)
    {
        if (m_graph[*it].count > 0)
        {
            reached[boost::source(*it, m_graph)] = true;
            reached[boost::target(*it, m_graph)] = true;
        }
    }
    std::vector<TcpFsmState> unreached;
    for (std::size_t i = 0; i < kTcpFsmStateCount; ++i)
    {
        if (!reached[i])
        {
            unreached.push_back(m_graph[i].state);
        }
    }
    return unreached;
}

std::vector<const TcpFsmTransition*>
TcpFsmTransitionGraph::ShortestReferencePath(TcpFsmState from, TcpFsmState to)
{
    const TcpFsmTransitionGraph ref = Reference();
    const Graph& g = ref.m_graph;
    std::vector<Edge> predecessor(boost::num_vertices(g));
    std::vector<bool> hasPredecessor(boost::num_vertices(g), false);
    boost::breadth_first_search(
        g, ref.GetVertex(from), boost::visitor(TreeEdgeRecorder(&predecessor, &hasPredecessor)));
    std::vector<const TcpFsmTransition*> path;
    if (from == to || !hasPredecessor[ref.GetVertex(to)])
    {
        return path;
    }
    for (Vertex v = ref.GetVertex(to); v != ref.GetVertex(from);)
    {
        const TcpFsmGraphEdge& e = g[predecessor[v]];
        path.push_back(FindRow(e.from, e.cause, e.to));
        v = boost::source(predecessor[v], g);
    }
    std::reverse(path.begin(), path.end());
    return path;
}

void
TcpFsmTransitionGraph::WriteCoverage(std::ostream& os) const
{
    TcpFsmCoverage c = Coverage();
    auto percent = [&c](std::size_t n)
    {
        std::ostringstream p;
        p << std::fixed << std::setprecision(1)
          << (c.referenceEdges ? 100.0 * n / c.referenceEdges : 0.0) << " %";
        return p.str();
    };
    os << "tcp-fsm coverage of the transition table (RFC 9293)\n"
       << "transitions: " << GetTransitionCount() << " by " << m_sockets.size() << " sockets\n"
       << "reference edges (table rows): " << c.referenceEdges << "\n"
       << "taken: " << c.taken.size() << " (" << percent(c.taken.size()) << ")\n"
       << "not taken: " << c.notTaken.size() << "\n"
       << "anomalies (taken, not in the table): " << c.anomalies.size() << "\n"
       << "states never reached:";
    auto unreached = Unreached();
    if (unreached.empty())
    {
        os << " none";
    }
    for (TcpFsmState s : unreached)
    {
        os << " " << TcpFsmStateName(s);
    }
    os << "\n\ntaken (count, first s, last s, edge, label):\n";
    for (const TcpFsmTransition* row : c.taken)
    {
        const TcpFsmGraphEdge& e = m_graph[m_index.at(Key(row->from, row->event, row->to))];
        os << "  " << std::setw(6) << e.count << "  "
           << TcpFsmTraceCsv::FormatTime(NanoSeconds(e.firstNs)) << "  "
           << TcpFsmTraceCsv::FormatTime(NanoSeconds(e.lastNs)) << "  "
           << TcpFsmTransitionTable::Describe(*row) << "  [" << TcpFsmTransitionTable::Label(*row)
           << "]\n";
    }
    os << "\nnot taken (edge, label, RFC clause):\n";
    for (const TcpFsmTransition* row : c.notTaken)
    {
        os << "  " << TcpFsmTransitionTable::Describe(*row) << "  ["
           << TcpFsmTransitionTable::Label(*row) << "]  " << row->rfc << "\n";
    }
    os << "\nanomalies (count, edge):\n";
    if (c.anomalies.empty())
    {
        os << "  none\n";
    }
    for (const TcpFsmGraphEdge& e : c.anomalies)
    {
        os << "  " << std::setw(6) << e.count << "  " << TcpFsmStateName(e.from) << " --"
           << TcpFsmEventName(e.cause) << "--> " << TcpFsmStateName(e.to) << "\n";
    }
}

} // namespace ns3
