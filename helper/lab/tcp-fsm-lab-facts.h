/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * What a lab run shows, computed from its traces: the sockets and their stays in each state,
 * the teaching points of the classic diagram that the run shows or does not show, and each
 * course lab's questions with their answers.
 */
#ifndef TCP_FSM_LAB_FACTS_H
#define TCP_FSM_LAB_FACTS_H

#include "ns3/tcp-fsm-transition-record.h"

#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

namespace ns3
{

/// Ended stays in one state over every socket of a run.
struct TcpFsmStateVisits
{
    TcpFsmState state{TcpSocket::CLOSED};
    long visits{0}; ///< stays that ended (entered, then left)
    double meanS{0};
    double minS{0};
    double maxS{0};
};

/// A teaching point of the classic diagram (seed notes 1-9) and whether this run shows it.
struct TcpFsmLabPoint
{
    int number{0};
    std::string title;    ///< "Three-way handshake"
    bool shown{false};    ///< the trace shows it
    std::string evidence; ///< what the trace shows, or where to see it instead
};

/// A question of a lab, answered from the run's own trace.
struct TcpFsmLabQuestion
{
    std::string id;       ///< stable name, e.g. "sockets_through_CLOSING"
    std::string question; ///< the question as the student reads it
    std::string answer;   ///< the answer in words
    std::string value;    ///< the answer as a plain value ("2", "60", "SYN_SENT SYN_RCVD"...)
};

/**
 * \ingroup tcp-fsm
 * \brief Facts of one run from its transition and segment records.
 *
 * The client is the socket of the first active open (CLOSED -> SYN_SENT by app_active_open);
 * the server is its peer (the socket with the mirrored addresses whose life overlaps it), when
 * traced. A stay is the time from the transition into a state to the transition out of it.
 */
class TcpFsmLabFacts
{
  public:
    /// A traced socket.
    struct Socket
    {
        uint32_t node{0};
        uint64_t id{0};
        std::string local;
        std::string peer;
        std::vector<TcpFsmTransitionRecord> transitions; ///< in time order
    };

    /// One stay of a socket in a state.
    struct Stay
    {
        TcpFsmState state{TcpSocket::CLOSED};
        Time enter;
        Time leave;
        bool ended{false}; ///< false: still in the state when the trace ends
    };

    /**
     * \param transitions every transition of the run
     * \param segments every segment record of the run
     * \param msl the MSL in force (0: unknown); TIME_WAIT is checked against 2 * MSL
     */
    TcpFsmLabFacts(const std::vector<TcpFsmTransitionRecord>& transitions,
                   const std::vector<TcpFsmSegmentRecord>& segments,
                   Time msl);

    /// Sockets in the order of their first transition.
    const std::vector<Socket>& GetSockets() const;
    /// The client's socket (index into GetSockets()), -1 when none.
    int Client() const;
    /// The server's socket of the client's connection, -1 when not traced.
    int Server() const;
    /// The stays of a socket, in order.
    std::vector<Stay> Stays(int socket) const;
    /// The states of a socket: its first from-state, then every to-state.
    std::vector<TcpFsmState> Path(int socket) const;
    /// Sockets that entered a state.
    long SocketsThrough(TcpFsmState s) const;
    /// Ended stays per state, for the states with at least one.
    std::vector<TcpFsmStateVisits> Visits() const;
    /// Segments a socket sent whose flags are exactly `flags` (any socket when socket < 0).
    long SegmentsSent(int socket, uint8_t flags) const;
    /// Segments sent with this flag set, by any socket.
    long SegmentsWith(uint8_t flag) const;
    /// Payload bytes a socket sent (tx) or received while in a state (entry and exit included).
    uint64_t BytesIn(int socket, TcpFsmState s, bool sent) const;
    /// The most sockets of a node in a state at once.
    long Peak(uint32_t node, TcpFsmState s) const;
    /// "client (node 0 socket 1)"
    std::string Name(int socket) const;

    /// The teaching points 1-9, each shown or not, with the evidence.
    std::vector<TcpFsmLabPoint> Points() const;
    /// The questions of a lab ("04-simultaneous-close"; any other name: general questions).
    std::vector<TcpFsmLabQuestion> Questions(const std::string& lab) const;

    /// "60 s", "20 ms", "3.02 s", "150 us": 3 significant digits in the unit a student reads.
    static std::string Duration(Time t);

  private:
    int Find(uint32_t node, uint64_t id) const;
    TcpFsmLabQuestion StayQuestion(const std::string& who, int socket, TcpFsmState s) const;

    std::vector<Socket> m_sockets;
    std::vector<TcpFsmSegmentRecord> m_segments;
    std::map<std::pair<uint32_t, uint64_t>, int> m_index;
    int m_client{-1};
    int m_server{-1};
    Time m_msl;
};

} // namespace ns3

#endif /* TCP_FSM_LAB_FACTS_H */
