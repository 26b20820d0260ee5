/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The transitions actually taken, as a Boost.Graph: one vertex per state, one
 * edge per (from, cause, to) with how often and when it was taken. The
 * reference graph is the transition table itself; coverage compares the two.
 */
#ifndef TCP_FSM_TRANSITION_GRAPH_H
#define TCP_FSM_TRANSITION_GRAPH_H

#include "tcp-fsm-transition-record.h"
#include "tcp-fsm-transition-table.h"

#include <cstdint>
#include <iosfwd>
#include <map>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

// clang-format off
// GCC 12 reports -Wmaybe-uninitialized inside Boost 1.74's edge iterator (a boost::optional
// of list iterators) wherever edges() is instantiated: a false positive in Boost's code.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#include <boost/graph/adjacency_list.hpp>
#pragma GCC diagnostic pop
// clang-format on

namespace ns3
{

/// Bundled vertex property: one state of the machine.
struct TcpFsmGraphVertex
{
    TcpFsmState state{TcpSocket::CLOSED};
    long entered{0};     ///< edges taken into this state from another state
    long timeSpentNs{0}; ///< total time sockets stayed here, ns (stays that ended; see Add())
    long stays{0};       ///< stays that ended (one visit: entered, then left)
    long minStayNs{0};   ///< the shortest of those stays, ns
    long maxStayNs{0};   ///< the longest of those stays, ns
};

/// Bundled edge property: one (from, cause, to) taken, or a reference edge (count 0).
struct TcpFsmGraphEdge
{
    TcpFsmState from{TcpSocket::CLOSED};
    TcpFsmState to{TcpSocket::CLOSED};
    TcpFsmEvent cause{TcpFsmEvent::APP_PASSIVE_OPEN};
    long count{0};   ///< times taken (self-loops included)
    long firstNs{0}; ///< simulation time it was first taken, ns (0 when count is 0)
    long lastNs{0};  ///< simulation time it was last taken, ns

    /// Same edge and same figures.
    bool operator==(const TcpFsmGraphEdge& o) const;
};

/// Coverage of the reference graph (the table) by a graph of transitions taken.
struct TcpFsmCoverage
{
    std::size_t referenceEdges{0};                 ///< rows of the table
    std::vector<const TcpFsmTransition*> taken;    ///< rows taken at least once, table order
    std::vector<const TcpFsmTransition*> notTaken; ///< rows never taken, table order
    std::vector<TcpFsmGraphEdge> anomalies; ///< edges taken that are no row (never, if correct)
};

/**
 * \ingroup tcp-fsm
 * \brief A boost::adjacency_list of the state machine's transitions, with counts and times.
 *
 * The 11 states are vertices from construction on (GetVertex()); an edge is identified by
 * (from, cause, to). Feed it live from the StateTransition trace with Add(), or from
 * transition CSV files with LoadCsv(); Merge() adds another graph (per socket, per node and
 * whole-simulation graphs are the same type). The reference graph is built from
 * TcpFsmTransitionTable::Rows(), so the table is the only list of edges.
 *
 * Time spent in a state is measured per socket, from the transition that entered the state
 * to the one that left it; a socket's first from-state (CLOSED before Connect(), LISTEN of a
 * new listener child) and the state it is still in at the end of the trace are not counted,
 * and neither is CLOSED.
 */
class TcpFsmTransitionGraph
{
  public:
    /// The Boost graph type (vertex index == position of the state in the enum).
    using Graph = boost::adjacency_list<boost::listS,
                                        boost::vecS,
                                        boost::directedS,
                                        TcpFsmGraphVertex,
                                        TcpFsmGraphEdge>;
    using Vertex = Graph::vertex_descriptor;
    using Edge = Graph::edge_descriptor;

    /// The 11 states, no edge.
    TcpFsmTransitionGraph();
    /// Copies rebuild the edge index (edge descriptors point into their own graph).
    TcpFsmTransitionGraph(const TcpFsmTransitionGraph& other);
    TcpFsmTransitionGraph& operator=(const TcpFsmTransitionGraph& other);

    /// Count one transition (a StateTransition sink can call this directly).
    void Add(const TcpFsmTransitionRecord& record);
    /// Every row of the transition table as an edge with count 0.
    static TcpFsmTransitionGraph Reference();
    /**
     * \brief Add the transitions of a transition CSV file (TcpFsmTraceHelper's format).
     * \param path the file
     * \param error "FILE:LINE: what is wrong" when the file is malformed
     * \return false on error (the graph is then unchanged)
     */
    bool LoadCsv(const std::string& path, std::string& error);
    /// Add another graph's counts, times and socket paths to this one.
    void Merge(const TcpFsmTransitionGraph& other);

    /// Reference edges taken and not taken, and taken edges that are no row of the table.
    TcpFsmCoverage Coverage() const;
    /// The coverage as text: summary, then taken / not taken / anomalies / unreached lists.
    void WriteCoverage(std::ostream& os) const;
    /// The states a socket went through: its first from-state, then every to-state.
    std::vector<TcpFsmState> Path(uint32_t nodeId, uint64_t socketId) const;
    /// The sockets seen, as (node, socket), sorted.
    std::vector<std::pair<uint32_t, uint64_t>> Sockets() const;
    /// States that no edge of this graph with a count enters or leaves, in enum order.
    std::vector<TcpFsmState> Unreached() const;
    /**
     * \brief A shortest path of table rows from one state to another (breadth-first search
     * on the reference graph); empty when from == to or when to cannot be reached.
     */
    static std::vector<const TcpFsmTransition*> ShortestReferencePath(TcpFsmState from,
                                                                      TcpFsmState to);

    /**
     * \brief Graphviz DOT, written by boost::write_graphviz with property writers.
     *
     * Taken edges are labelled with the row's diagram label and the count ("rcv FIN / snd
     * ACK ×12"); the client's normal path is blue, the server's green, other taken edges
     * black; edges that are no row of the table are red; with showUntaken, the rows never
     * taken are drawn dashed grey. CLOSED is ranked at the top and TIME_WAIT at the bottom,
     * the other states in the rows of the classic diagram.
     */
    void WriteDot(std::ostream& os, bool showUntaken = true) const;
    /// GraphML through boost::write_graphml: vertex keys state, entered, time_spent_ns; edge
    /// keys from, to, cause, count, first_ns, last_ns.
    void WriteGraphml(std::ostream& os) const;
    /**
     * \brief Replace this graph by one written by WriteGraphml() (boost::read_graphml).
     * Socket paths are not part of GraphML: Path() and Sockets() are empty afterwards.
     * \return false with a message when the input is not such a graph
     */
    bool ReadGraphml(std::istream& is, std::string& error);

    /// The Boost graph.
    const Graph& GetGraph() const;
    /// The vertex of a state.
    Vertex GetVertex(TcpFsmState s) const;
    /// The vertex properties of a state.
    const TcpFsmGraphVertex& GetState(TcpFsmState s) const;
    /// Times (from, cause, to) was taken; 0 when it is no edge.
    long GetCount(TcpFsmState from, TcpFsmEvent cause, TcpFsmState to) const;
    /// Every edge, sorted by (from, cause, to).
    std::vector<TcpFsmGraphEdge> Edges() const;
    /// Number of transitions added (the sum of the counts).
    long GetTransitionCount() const;

    /// The table row that is this edge, or nullptr (an anomaly).
    static const TcpFsmTransition* FindRow(TcpFsmState from, TcpFsmEvent cause, TcpFsmState to);
    /// Is the edge on the client's (1) or server's (2) normal path of the classic diagram? 0 if
    /// not.
    static int NormalPath(TcpFsmState from, TcpFsmEvent cause, TcpFsmState to);

  private:
    using Key = std::tuple<TcpFsmState, TcpFsmEvent, TcpFsmState>;

    /// The edge (from, cause, to), created with count 0 when missing.
    Edge FindOrAddEdge(TcpFsmState from, TcpFsmEvent cause, TcpFsmState to);
    /// Add count/first/last of an edge.
    void AddToEdge(const TcpFsmGraphEdge& e);
    /// Index every edge of m_graph by its key.
    void RebuildIndex();

    /// What is known of one socket while its transitions are added.
    struct SocketTrack
    {
        TcpFsmState state{TcpSocket::CLOSED};
        int64_t enteredNs{0};
        bool open{false};
        std::vector<TcpFsmState> path;
    };

    Graph m_graph;
    std::map<Key, Edge> m_index;
    std::map<std::pair<uint32_t, uint64_t>, SocketTrack> m_sockets;
};

} // namespace ns3

#endif /* TCP_FSM_TRANSITION_GRAPH_H */
