/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The measurements of tcp-fsm-lab: metrics computed from tcp-fsm's traces and from what the
 * applications saw, written as summary.json and printed as a readable summary; the graph of
 * the transitions taken and the ladder diagram of the first connection.
 */
#ifndef TCP_FSM_LAB_SUMMARY_H
#define TCP_FSM_LAB_SUMMARY_H

#include "ns3/node-container.h"
#include "ns3/tcp-fsm-lab-scenario.h"
#include "ns3/tcp-fsm-transition-graph.h"
#include "ns3/tcp-fsm-transition-record.h"

#include <array>
#include <cstdint>
#include <iosfwd>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace ns3
{

/// One metric of summary.json; no value means undefined (JSON null).
struct TcpFsmLabMetric
{
    std::string key;
    std::optional<double> value;
    bool integer{true}; ///< written without a fraction
};

/// The metrics of one run, in the order of summary.json.
using TcpFsmLabMetrics = std::vector<TcpFsmLabMetric>;

/**
 * \ingroup tcp-fsm
 * \brief Metrics of a lab run, from the StateTransition and SegmentTx traces of the tcp-fsm
 * nodes and from the applications' view of each connection.
 *
 * - connections_*: attempted (Connect() called), established (the client's connection
 *   succeeded), completed (the client's socket ended normally: its last transition to CLOSED
 *   is a table row ending the connection normally; with ns-3's TCP on the client, which
 *   traces nothing: the client application closed it without an error callback), failed (the
 *   client's socket ended otherwise, or its Connect() failed at once, e.g. for want of a free
 *   local port), by reason: refused, reset, timed_out, aborted (a Connect() that failed at
 *   once has none of these). A connection still open when the run ends is neither completed
 *   nor failed.
 * - bytes_*: application bytes written to and read from sockets, by clients and servers.
 * - setup_time_*: Connect() to the client's ESTABLISHED (the application's connect callback).
 * - teardown_time_*: the first FIN either end sent to both ends CLOSED (TIME_WAIT included);
 *   only connections whose two ends run tcp-fsm and both reached CLOSED.
 * - time_wait_mean_s: mean time from entering TIME_WAIT to CLOSED, over every tcp-fsm socket.
 * - retx_*: retransmitted SYN, SYN+ACK, FIN and data segments of every tcp-fsm socket (a
 *   segment sent again; a data segment counts when it starts below the highest byte sent).
 * - peak_STATE: the most sockets in that state at once, summed over every tcp-fsm node (the
 *   simulated netstat of the whole network); a socket counts in a state from its first
 *   transition until CLOSED, so peak_CLOSED is always 0, as in the state-count trace.
 * - anomalies: transitions taken that are no row of the transition table.
 * - sim_s, wall_s: simulated and wall-clock duration of the run.
 * Times are in seconds; min/median/p95/max are null when no connection qualifies (median:
 * mean of the two middle values for an even count; p95: nearest rank).
 */
class TcpFsmLabSummary
{
  public:
    TcpFsmLabSummary();

    /// Connect to the StateTransition, SegmentTx and SegmentRx traces of these tcp-fsm nodes.
    void Attach(NodeContainer fsmNodes);
    /**
     * \brief Keep the records of this connection for the ladder diagram ("addr:port" of each
     * end), unless one is chosen already. Without a call, the first connection a traced
     * socket opens actively (its CLOSED -> SYN_SENT) is chosen.
     */
    void SetLadderConnection(const std::string& client, const std::string& server);

    /// StateTransition sink.
    void AddTransition(const TcpFsmTransitionRecord& r);
    /// SegmentTx / SegmentRx sink.
    void AddSegment(const TcpFsmSegmentRecord& r);

    /// The metrics, in the order of MetricKeys().
    TcpFsmLabMetrics Compute(const std::vector<TcpFsmLabConnection>& connections,
                             uint64_t bytesSent,
                             uint64_t bytesReceived,
                             double simS,
                             double wallS) const;
    /// Every key of summary.json's metrics, in order.
    static const std::vector<std::string>& MetricKeys();
    /// The value of a metric (nullopt when undefined or unknown).
    static std::optional<double> Get(const TcpFsmLabMetrics& m, const std::string& key);

    /**
     * \brief summary.json: one flat object, every metric a top-level number or null, then
     * "parameters" (an object of strings), "seed" and "run".
     */
    static void WriteJson(std::ostream& os,
                          const TcpFsmLabMetrics& metrics,
                          const std::vector<std::pair<std::string, std::string>>& parameters,
                          uint64_t seed,
                          uint64_t run);
    /// The readable summary (aligned, with units); extra rows (label, text) come before the
    /// anomalies.
    static void Print(std::ostream& os,
                      const TcpFsmLabMetrics& metrics,
                      const std::vector<std::pair<std::string, std::string>>& extra = {});
    /// A JSON string literal.
    static std::string JsonString(const std::string& s);
    /// min, median, p95 (nearest rank), max; all empty for no value.
    static std::array<std::optional<double>, 4> Quantiles(std::vector<double> values);

    /// The graph of every transition taken.
    const TcpFsmTransitionGraph& GetGraph() const;
    /// Transitions traced (every node).
    uint64_t GetTransitionCount() const;
    /**
     * \brief The ladder diagram of the connection given to SetLadderConnection().
     * \return false with a message when it has no traced end
     */
    bool WriteLadder(std::ostream& os, std::string& error) const;

  private:
    /// What is known of one tcp-fsm socket (or its TIME_WAIT record).
    struct Socket
    {
        std::string local;
        std::string peer;
        Time born;
        bool counted{false}; ///< counts in `state` for the peaks
        TcpFsmState state{TcpSocket::CLOSED};
        bool closed{false};
        Time closedAt;
        std::string endReason; ///< "normal", "refused", "reset", "timed_out", "aborted", ""
        bool finSent{false};
        Time firstFin;
        bool inTimeWait{false};
        Time timeWaitAt;
        uint32_t syns{0};
        uint32_t synAcks{0};
        uint32_t fins{0};
        bool dataSent{false};
        uint32_t dataEnd{0}; ///< highest sequence number of data sent + 1
    };

    using Key = std::pair<uint32_t, uint64_t>; ///< (node, socket)

    std::map<Key, Socket> m_sockets;
    std::array<long, kTcpFsmStateCount> m_counts{};
    std::array<long, kTcpFsmStateCount> m_peaks{};
    uint64_t m_retxSyn{0};
    uint64_t m_retxSynAck{0};
    uint64_t m_retxFin{0};
    uint64_t m_retxData{0};
    double m_timeWaitTotal{0};
    uint64_t m_timeWaitStays{0};
    TcpFsmTransitionGraph m_graph;

    std::string m_ladderClient;
    std::string m_ladderServer;
    std::vector<TcpFsmTransitionRecord> m_ladderTransitions;
    std::vector<TcpFsmSegmentRecord> m_ladderSegments;
    bool IsLadder(const Address& local, const Address& peer) const;
};

} // namespace ns3

#endif /* TCP_FSM_LAB_SUMMARY_H */
