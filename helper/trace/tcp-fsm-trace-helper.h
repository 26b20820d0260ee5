/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Trace files of tcp-fsm: the transition trace (every state change of every
 * socket, with its cause), the state-count trace (a simulated netstat) and
 * the segment trace (the material of ladder diagrams), as CSV files.
 */
#ifndef TCP_FSM_TRACE_HELPER_H
#define TCP_FSM_TRACE_HELPER_H

#include "ns3/node-container.h"
#include "ns3/nstime.h"
#include "ns3/tcp-fsm-event.h"

#include <map>
#include <memory>
#include <string>
#include <vector>

namespace ns3
{

class TcpFsmRowWriter;

/**
 * \ingroup tcp-fsm
 * \brief Writes tcp-fsm's trace files, connected to the nodes' TcpFsmL4Protocol traces.
 *
 * \code
 *   TcpFsmTraceHelper trace;
 *   trace.EnableTransitionsAll("transitions.csv");
 *   trace.EnableStateCounts("state-counts.csv", nodes, Seconds(1), true);
 *   trace.EnableSegments("segments.csv", nodes);
 *   Simulator::Run();
 *   Simulator::Destroy(); // flushes and closes the files
 * \endcode
 *
 * Call the Enable methods after TcpFsmHelper::Install and before Simulator::Run(). Every
 * file is created (truncated) with its header row when enabled, and grows by whole rows only:
 * rows are buffered and written when the buffer fills, on Simulator::Destroy() (which also
 * closes the file), when the helper is destroyed, on Flush(), and on SIGINT/SIGTERM (see
 * TcpFsmRowWriter). The sinks own the files, so a helper destroyed before the simulation ends
 * does not stop the traces. Enabling the same file name twice with the same kind of trace
 * adds nodes to that file; a name already used for another kind is refused. A node that does
 * not run tcp-fsm, or a file that cannot be created, stops the program with a message.
 * The helper serves one simulation (Simulator::Run ... Destroy).
 */
class TcpFsmTraceHelper
{
  public:
    TcpFsmTraceHelper();
    /// Flushes the buffered rows (the files stay open until Simulator::Destroy()).
    ~TcpFsmTraceHelper();
    TcpFsmTraceHelper(const TcpFsmTraceHelper&) = delete;
    TcpFsmTraceHelper& operator=(const TcpFsmTraceHelper&) = delete;

    /**
     * \brief The transition trace of these nodes: one row per StateTransition record,
     * `time,node,socket,local,peer,from,to,cause,flags,seq,ack` (see TcpFsmTraceCsv),
     * listener children and TIME_WAIT records included.
     * \param filename the CSV file
     * \param nodes nodes running tcp-fsm
     */
    void EnableTransitions(const std::string& filename, NodeContainer nodes);
    /// The transition trace of every node that runs tcp-fsm now.
    void EnableTransitionsAll(const std::string& filename);

    /**
     * \brief The state-count trace: `time,node,` then one column per state in the order of
     * StateCountColumns() — how many sockets of the node are in each state.
     *
     * A socket counts in a state from its first transition until it reaches CLOSED (so the
     * CLOSED column is always 0, as netstat shows no CLOSED socket; it is kept so that every
     * state has a column). TIME_WAIT records count until their 2MSL expiry. A row per node is
     * written every `interval` from now on while the simulation has other events pending, and,
     * with `onChange`, one row for a node at every transition that changes its counts.
     * \param filename the CSV file
     * \param nodes nodes running tcp-fsm
     * \param interval sampling period; zero for no periodic rows (then onChange must be true)
     * \param onChange also write a row when a node's counts change
     */
    void EnableStateCounts(const std::string& filename,
                           NodeContainer nodes,
                           Time interval,
                           bool onChange = false);
    /// The state-count trace of every node that runs tcp-fsm now.
    void EnableStateCountsAll(const std::string& filename, Time interval, bool onChange = false);

    /**
     * \brief The segment trace: one row per SegmentTx/SegmentRx record,
     * `time,node,socket,local,peer,dir,flags,seq,ack,len,win` (see TcpFsmTraceCsv).
     * \param filename the CSV file
     * \param nodes nodes running tcp-fsm
     */
    void EnableSegments(const std::string& filename, NodeContainer nodes);
    /// The segment trace of every node that runs tcp-fsm now.
    void EnableSegmentsAll(const std::string& filename);

    /// Write the buffered rows of every file of this helper.
    void Flush();

    /// The state columns of the state-count trace, in the classic diagram's order (CLOSED,
    /// LISTEN, SYN_RCVD, SYN_SENT, ESTABLISHED, FIN_WAIT_1, FIN_WAIT_2, CLOSING, TIME_WAIT,
    /// CLOSE_WAIT, LAST_ACK).
    static const std::vector<TcpFsmState>& StateCountColumns();
    /// "time,node,CLOSED,LISTEN,...,LAST_ACK"
    static std::string StateCountHeader();

  private:
    enum class Kind
    {
        TRANSITIONS,
        STATE_COUNTS,
        SEGMENTS,
    };

    /// The writer of a file, created with its header on first use.
    std::shared_ptr<TcpFsmRowWriter> Writer(const std::string& filename, Kind kind);

    struct File
    {
        Kind kind;
        std::shared_ptr<TcpFsmRowWriter> writer;
    };

    std::map<std::string, File> m_files;
};

} // namespace ns3

#endif /* TCP_FSM_TRACE_HELPER_H */
