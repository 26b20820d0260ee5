/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef TCP_FSM_SOAK_H
#define TCP_FSM_SOAK_H

#include <cstdint>
#include <string>
#include <vector>

namespace ns3
{

/**
 * \ingroup tcp-fsm
 * \brief What one seed of tcp-fsm-soak runs.
 */
struct TcpFsmSoakConfig
{
    uint32_t connections{100}; ///< connections per seed (churn: each opens, transfers, closes)
    uint32_t maxBytes{20000};  ///< each direction sends 0..maxBytes bytes (uniform)
    double mslSeconds{1};      ///< the sockets' MSL (TIME_WAIT lasts 2 MSL)
    double capSeconds{7200};   ///< simulated time after which a live socket counts as stuck
    double idleSeconds{1200};  ///< an application without progress this long gives up
};

/**
 * \ingroup tcp-fsm
 * \brief The soak's counts (one seed, or many added up); every "failure" counter's goal is 0.
 */
struct TcpFsmSoakResult
{
    uint64_t seeds{0};
    uint64_t connections{0};
    uint64_t completed{0};    ///< every byte of both directions delivered, both sides closed
    uint64_t errors{0};       ///< ended with an error the application saw (refused, reset, timeout)
    uint64_t appTimeouts{0};  ///< of those, an application gave up waiting (no progress)
    uint64_t bytesChecked{0}; ///< bytes the applications read and compared with what was written
    uint64_t lost{0};         ///< bytes missing at a normal end (no error seen): a failure
    uint64_t duplicated{0};   ///< connections that read bytes already read: a failure
    uint64_t reordered{0};    ///< connections that read bytes ahead of their place: a failure
    uint64_t corrupted{0};    ///< connections that read bytes nobody wrote: a failure
    uint64_t stuck{0};        ///< sockets not CLOSED at the end (no socket may hang): a failure
    uint64_t failures{0};     ///< all of the above failures, plus workers that died
    // what the impaired links did (both directions)
    uint64_t netPackets{0};
    uint64_t netLost{0};
    uint64_t netLinkDown{0};
    uint64_t netCorrupted{0};
    uint64_t netDuplicated{0};
    uint64_t netDelayed{0};
    uint64_t flaps{0};              ///< link down/up periods
    uint64_t checksumDrops{0};      ///< segments TCP dropped for a bad checksum
    std::vector<std::string> notes; ///< one line per failure (seed and connection)

    void Add(const TcpFsmSoakResult& other);
    /// "seeds=1 connections=100 ..." (the notes are not part of it).
    std::string Line() const;
    /// Parse Line()'s output; false when it is not one.
    static bool FromLine(const std::string& line, TcpFsmSoakResult& out);
};

/// Run one seed (the simulator is destroyed at the end).
TcpFsmSoakResult TcpFsmSoakRunSeed(uint64_t seed, const TcpFsmSoakConfig& config);

} // namespace ns3

#endif /* TCP_FSM_SOAK_H */
