/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * TcpFsmTransitionGraph: Graphviz DOT (boost::write_graphviz with property
 * writers) and GraphML (boost::write_graphml / read_graphml through one
 * dynamic_properties).
 */
#include "tcp-fsm-transition-graph.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <ostream>
#include <stdexcept>

// clang-format off
// See tcp-fsm-transition-graph.h: Boost 1.74's edge iterator draws a false -Wmaybe-uninitialized.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#include <boost/graph/graphml.hpp>
#include <boost/graph/graphviz.hpp>
#include <boost/property_map/dynamic_property_map.hpp>
#pragma GCC diagnostic pop
// clang-format on

namespace ns3
{

namespace
{

using Graph = TcpFsmTransitionGraph::Graph;
using Vertex = TcpFsmTransitionGraph::Vertex;
using Edge = TcpFsmTransitionGraph::Edge;

// ---- GraphML ------------------------------------------------------------------------------

const char*
ToName(TcpFsmState s)
{
    return TcpFsmStateName(s);
}

const char*
ToName(TcpFsmEvent e)
{
    return TcpFsmEventName(e);
}

bool
FromName(const std::string& name, TcpFsmState& out)
{
    return TcpFsmStateFromName(name, out);
}

bool
FromName(const std::string& name, TcpFsmEvent& out)
{
    return TcpFsmEventFromName(name, out);
}

/**
 * A read-write property map that shows an enum field of a bundled property as its name
 * ("FIN_WAIT_1", "rcv_fin"), so that GraphML files carry names, not enum values.
 */
template<typename Key, typename Enum>
class NameMap
{
  public:
    using key_type = Key;
    using value_type = std::string;
    using reference = std::string;
    using category = boost::read_write_property_map_tag;
    using Accessor = Enum& (*)(Graph&, const Key&);

    NameMap(Graph* g, Accessor field)
      : m_g(g)
      , m_field(field)
    {}

    friend std::string get(const NameMap& m, const Key& k)
    {
        return ToName(m.m_field(*m.m_g, k));
    }

    friend void put(const NameMap& m, const Key& k, const std::string& name)
    {
        if (!FromName(name, m.m_field(*m.m_g, k)))
        {
            throw std::invalid_argument("'" + name + "' is not a state or event name");
        }
    }

  private:
    Graph* m_g;
    Accessor m_field;
};

TcpFsmState&
VertexState(Graph& g, const Vertex& v)
{
    return g[v].state;
}

TcpFsmState&
EdgeFrom(Graph& g, const Edge& e)
{
    return g[e].from;
}

TcpFsmState&
EdgeTo(Graph& g, const Edge& e)
{
    return g[e].to;
}

TcpFsmEvent&
EdgeCause(Graph& g, const Edge& e)
{
    return g[e].cause;
}

/// The one set of properties GraphML is written and read with.
boost::dynamic_properties
Properties(Graph& g)
{
    boost::dynamic_properties dp;
    dp.property("state", NameMap<Vertex, TcpFsmState>(&g, &VertexState));
    dp.property("entered", boost::get(&TcpFsmGraphVertex::entered, g));
    dp.property("time_spent_ns", boost::get(&TcpFsmGraphVertex::timeSpentNs, g));
    dp.property("from", NameMap<Edge, TcpFsmState>(&g, &EdgeFrom));
    dp.property("to", NameMap<Edge, TcpFsmState>(&g, &EdgeTo));
    dp.property("cause", NameMap<Edge, TcpFsmEvent>(&g, &EdgeCause));
    dp.property("count", boost::get(&TcpFsmGraphEdge::count, g));
    dp.property("first_ns", boost::get(&TcpFsmGraphEdge::firstNs, g));
    dp.property("last_ns", boost::get(&TcpFsmGraphEdge::lastNs, g));
    return dp;
}

// ---- DOT ----------------------------------------------------------------------------------

/// The rows of the classic diagram, top to bottom, each left to right (layout only).
const std::vector<std::vector<TcpFsmState>>&
DiagramRows()
{
    using S = TcpSocket;
    static const std::vector<std::vector<TcpFsmState>> rows = {
        {S::CLOSED},
        {S::LISTEN},
        {S::SYN_RCVD, S::SYN_SENT},
        {S::ESTABLISHED},
        {S::FIN_WAIT_1, S::CLOSE_WAIT},
        {S::FIN_WAIT_2, S::CLOSING, S::LAST_ACK},
        {S::TIME_WAIT},
    };
    return rows;
}

/// The row of the classic diagram a state is drawn in, 0 at the top.
std::size_t
DiagramRank(TcpFsmState s)
{
    const auto& rows = DiagramRows();
    for (std::size_t i = 0; i < rows.size(); ++i)
    {
        if (std::find(rows[i].begin(), rows[i].end(), s) != rows[i].end())
        {
            return i;
        }
    }
    return rows.size() / 2;
}

const char* const kClientColour = "#1f5fbf";
const char* const kServerColour = "#2e7d32";

/// A DOT string's content: quotes and backslashes escaped, line breaks as DOT's "\\n".
std::string
Escape(const std::string& s)
{
    std::string out;
    for (char c : s)
    {
        if (c == '\n')
        {
            out += "\\n";
            continue;
        }
        if (c == '"' || c == '\\')
        {
            out += '\\';
        }
        out += c;
    }
    return out;
}

/// "240 s", "33.1 ms", "12 us" with 3 significant digits.
std::string
Duration(long ns)
{
    char buf[32];
    double v = static_cast<double>(ns);
    if (ns == 0)
    {
        return "0 s";
    }
    if (ns >= 1000000000L)
    {
        std::snprintf(buf, sizeof(buf), "%.3g s", v / 1e9);
    }
    else if (ns >= 1000000L)
    {
        std::snprintf(buf, sizeof(buf), "%.3g ms", v / 1e6);
    }
    else
    {
        std::snprintf(buf, sizeof(buf), "%.3g us", v / 1e3);
    }
    return buf;
}

/// Which normal paths of the classic diagram touch a state: bit 1 client, bit 2 server.
int
StatePaths(TcpFsmState s)
{
    int paths = 0;
    for (const TcpFsmTransition& row : TcpFsmTransitionTable::Rows())
    {
        if (row.from == s || row.to == s)
        {
            paths |= TcpFsmTransitionGraph::NormalPath(row.from, row.event, row.to);
        }
    }
    return paths;
}

/// An edge as drawn: untaken rows between the same two states share one dashed edge.
struct DotEdge
{
    enum class Kind
    {
        TAKEN,   ///< a row of the table, taken
        UNTAKEN, ///< rows of the table never taken (one or more, same from and to)
        ANOMALY, ///< taken, but no row of the table
    };

    Kind kind{Kind::TAKEN};
    std::string label;
    int path{0}; ///< NormalPath() of a taken edge
    long count{0};
    bool up{false}; ///< goes up the diagram
};

using DotGraph
    = boost::adjacency_list<boost::vecS, boost::vecS, boost::directedS, TcpFsmGraphVertex, DotEdge>;

class VertexWriter
{
  public:
    VertexWriter(const DotGraph& g, const std::vector<bool>& reached)
      : m_g(g)
      , m_reached(reached)
    {}

    void operator()(std::ostream& out, DotGraph::vertex_descriptor v) const
    {
        const TcpFsmGraphVertex& p = m_g[v];
        std::string label = TcpFsmStateName(p.state);
        if (p.entered > 0)
        {
            label += "\\nentered " + std::to_string(p.entered)
                     + (p.entered == 1 ? " time" : " times");
            // Time per visit, not the total: four TIME_WAITs of 60 s are "60 s each".
            if (p.state == TcpSocket::CLOSED)
            {
                // time in CLOSED is not measured
            }
            else if (p.stays == 0 && p.timeSpentNs == 0)
            {
                label += "\\nstill there at the end";
            }
            else if (p.stays == 0)
            {
                label += "\\n" + Duration(p.timeSpentNs) + " in all"; // read back from GraphML
            }
            else if (p.maxStayNs - p.minStayNs <= p.maxStayNs / 1000)
            {
                label += "\\n" + Duration(p.maxStayNs) + (p.stays == 1 ? "" : " each");
            }
            else
            {
                label += "\\n" + Duration(p.timeSpentNs / p.stays) + " per visit ("
                         + Duration(p.minStayNs) + " to " + Duration(p.maxStayNs) + ")";
            }
        }
        const char* fill = "#ffffff";
        switch (StatePaths(p.state))
        {
        case 1:
            fill = "#dde8f8";
            break;
        case 2:
            fill = "#dff0df";
            break;
        }
        out << "[label=\"" << label << "\", fillcolor=\"" << fill << "\"";
        if (!m_reached[v])
        {
            out << ", color=\"grey60\", fontcolor=\"grey50\"";
        }
        out << "]";
    }

  private:
    const DotGraph& m_g;
    const std::vector<bool>& m_reached;
};

class EdgeWriter
{
  public:
    explicit EdgeWriter(const DotGraph& g)
      : m_g(g)
    {}

    void operator()(std::ostream& out, DotGraph::edge_descriptor e) const
    {
        const DotEdge& p = m_g[e];
        out << "[label=\"" << Escape(p.label) << "\"";
        switch (p.kind)
        {
        case DotEdge::Kind::ANOMALY:
            out << ", color=\"red\", fontcolor=\"red\", penwidth=2.5";
            break;
        case DotEdge::Kind::UNTAKEN:
            out << ", style=dashed, color=\"grey65\", fontcolor=\"grey50\", fontsize=8";
            break;
        case DotEdge::Kind::TAKEN:
        {
            const char* colour = p.path == 1   ? kClientColour
                                 : p.path == 2 ? kServerColour
                                               : "black";
            double width = 1.2 + (p.path ? 1.3 : 0.0)
                           + std::min(2.5, std::log10(static_cast<double>(p.count)));
            char w[16];
            std::snprintf(w, sizeof(w), "%.2f", width);
            out << ", color=\"" << colour << "\", fontcolor=\"" << colour << "\", penwidth=" << w;
            break;
        }
        }
        // Edges that go up the diagram (back to CLOSED or LISTEN) must not pull it out of shape.
        if (p.up)
        {
            out << ", constraint=false";
        }
        out << "]";
    }

  private:
    const DotGraph& m_g;
};

class GraphWriter
{
  public:
    void operator()(std::ostream& out) const
    {
        out << "graph [rankdir=TB, nodesep=0.7, ranksep=0.55, fontname=\"Helvetica\", "
               "fontsize=10, labelloc=b, label=\"Legend. Box: state, times entered, time one visit "
               "lasted (each: every visit the same; else the mean and the range).\\nArrow: "
               "event / segment sent, \u00d7N = times taken. Blue: the client's normal path; "
               "green: the server's;\\nblack: other rows of the table; dashed grey: rows "
               "never taken; red: not in the table.\"];\n"
            << "node [shape=box, style=\"rounded,filled\", fontname=\"Helvetica\", "
               "fontsize=11];\n"
            << "edge [fontname=\"Helvetica\", fontsize=9];\n";
        const auto& rows = DiagramRows();
        for (std::size_t i = 0; i < rows.size(); ++i)
        {
            const char* rank = i == 0 ? "min" : i + 1 == rows.size() ? "max" : "same";
            out << "{rank=" << rank << ";";
            for (TcpFsmState s : rows[i])
            {
                out << " " << static_cast<int>(s) << ";";
            }
            // Invisible edges keep the diagram's left-to-right order within a row.
            for (std::size_t j = 1; j < rows[i].size(); ++j)
            {
                out << " " << static_cast<int>(rows[i][j - 1]) << " -> "
                    << static_cast<int>(rows[i][j]) << " [style=invis];";
            }
            out << "}\n";
        }
    }
};

} // namespace

void
TcpFsmTransitionGraph::WriteDot(std::ostream& os, bool showUntaken) const
{
    DotGraph display(kTcpFsmStateCount);
    for (std::size_t i = 0; i < kTcpFsmStateCount; ++i)
    {
        display[i] = m_graph[i];
    }
    for (const auto& [key, e] : m_index)
    {
        const TcpFsmGraphEdge& p = m_graph[e];
        if (p.count == 0)
        {
            continue;
        }
        DotEdge d;
        d.count = p.count;
        d.up = DiagramRank(p.to) < DiagramRank(p.from);
        std::string times = " \u00d7" + std::to_string(p.count);
        if (const TcpFsmTransition* row = FindRow(p.from, p.cause, p.to))
        {
            d.kind = DotEdge::Kind::TAKEN;
            d.label = TcpFsmTransitionTable::Label(*row) + times;
            d.path = NormalPath(p.from, p.cause, p.to);
        }
        else
        {
            d.kind = DotEdge::Kind::ANOMALY;
            d.label = std::string(TcpFsmEventLabel(p.cause)) + times + "\n(not in the table)";
        }
        boost::add_edge(GetVertex(p.from), GetVertex(p.to), d, display);
    }
    if (showUntaken)
    {
        // One dashed edge per (from, to), its label the rows' labels one per line.
        std::map<std::pair<Vertex, Vertex>, DotGraph::edge_descriptor> untaken;
        for (const TcpFsmTransition& row : TcpFsmTransitionTable::Rows())
        {
            if (GetCount(row.from, row.event, row.to) > 0)
            {
                continue;
            }
            auto ends = std::make_pair(GetVertex(row.from), GetVertex(row.to));
            auto it = untaken.find(ends);
            if (it != untaken.end())
            {
                display[it->second].label += "\n" + TcpFsmTransitionTable::Label(row);
                continue;
            }
            DotEdge d;
            d.kind = DotEdge::Kind::UNTAKEN;
            d.label = TcpFsmTransitionTable::Label(row);
            d.up = DiagramRank(row.to) < DiagramRank(row.from);
            untaken[ends] = boost::add_edge(ends.first, ends.second, d, display).first;
        }
    }
    std::vector<bool> reached(kTcpFsmStateCount, true);
    for (TcpFsmState s : Unreached())
    {
        reached[GetVertex(s)] = false;
    }
    boost::write_graphviz(
        os, display, VertexWriter(display, reached), EdgeWriter(display), GraphWriter());
}

void
TcpFsmTransitionGraph::WriteGraphml(std::ostream& os) const
{
    Graph copy = m_graph;
    boost::write_graphml(os, copy, Properties(copy), true);
}

bool
TcpFsmTransitionGraph::ReadGraphml(std::istream& is, std::string& error)
{
    Graph read;
    try
    {
        boost::dynamic_properties dp = Properties(read);
        boost::read_graphml(is, read, dp);
    }
    catch (const std::exception& e)
    {
        error = std::string("not a tcp-fsm GraphML graph: ") + e.what();
        return false;
    }
    TcpFsmTransitionGraph result;
    std::vector<bool> seen(kTcpFsmStateCount, false);
    for (auto [it, end] = boost::vertices(read); it != end; ++it)
    {
        const TcpFsmGraphVertex& v = read[*it];
        Vertex mine = result.GetVertex(v.state);
        if (seen[mine])
        {
            error = std::string("state ") + TcpFsmStateName(v.state) + " appears twice";
            return false;
        }
        seen[mine] = true;
        result.m_graph[mine].entered = v.entered;
        result.m_graph[mine].timeSpentNs = v.timeSpentNs;
    }
    for (auto [it, end] = boost::edges(read); it != end; ++it)
    {
        const TcpFsmGraphEdge& e = read[*it];
        if (read[boost::source(*it, read)].state != e.from
            || read[boost::target(*it, read)].state != e.to)
        {
            error = std::string("edge ") + TcpFsmStateName(e.from) + " --"
                    + TcpFsmEventName(e.cause) + "--> " + TcpFsmStateName(e.to)
                    + " does not join the vertices of its from and to states";
            return false;
        }
        if (e.count < 0)
        {
            error = "negative count";
            return false;
        }
        result.AddToEdge(e);
    }
    *this = result;
    return true;
}

} // namespace ns3
