/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Scripted peers, part 2: running a parsed script in a fresh ns-3 simulation.
 *
 * One node, 192.168.0.1, runs the stack under test; the scripted peer is
 * fictitious, at 192.0.2.1. Inbound lines are handed to the node's TCP L4 at
 * exactly their time; what the L4 sends is captured below it (its IPv4 down
 * target is replaced) and compared, in order, with the outbound lines.
 */
#ifndef TCP_FSM_SCRIPT_RUNNER_H
#define TCP_FSM_SCRIPT_RUNNER_H

#include "ns3/ipv4-address.h"
#include "ns3/tcp-fsm-event.h"
#include "ns3/tcp-fsm-script-parser.h"

#include <cstdint>
#include <ostream>
#include <string>
#include <vector>

namespace ns3
{

/// Which TCP runs the script.
enum class TcpFsmScriptStack : uint8_t
{
    FSM, ///< tcp-fsm's TcpFsmSocket (TcpFsmHelper)
    NS3, ///< ns-3's own TcpSocketBase (InternetStackHelper)
};

/// "fsm" or "ns3".
const char* TcpFsmScriptStackName(TcpFsmScriptStack stack);

/// The fixed addresses and numbers of every run.
struct TcpFsmScriptAddresses
{
    /// The node of the socket under test: 192.168.0.1 (run_all.py's IPv4 local address), or
    /// the running script's --local_ip.
    static Ipv4Address Local();
    /// The scripted peer: 192.0.2.1, or the running script's --remote_ip.
    static Ipv4Address Remote();
    /// The addresses of the script being run (TcpFsmScriptRunner::Run sets and restores them).
    static void Use(Ipv4Address local, Ipv4Address remote);
    static constexpr uint16_t kListenPort = 8080;   ///< bind() and connect() use it
    static constexpr uint16_t kRemotePort = 40000;  ///< the peer's port when it opens to us
    static constexpr uint32_t kRemoteIsn = 1000000; ///< the peer's ISN (sequence number 0)
};

/// Options of one run.
struct TcpFsmScriptRunOptions
{
    TcpFsmScriptStack stack{TcpFsmScriptStack::FSM};
    std::string traceDir;       ///< write the transition CSV there ("" = none)
    std::ostream* log{nullptr}; ///< --verbose: every line, segment and transition
    /// The Profile attribute for upstream scripts (those without --attr or state() lines);
    /// the project's own scripts keep the model's defaults.
    std::string upstreamProfile{"linux"};
};

/// One state change of a socket during a run (the rows of the transition CSV).
struct TcpFsmScriptTransition
{
    int64_t timeNs{0};
    uint32_t node{0};
    uint64_t socket{0};
    std::string local; ///< "192.168.0.1:8080" ("" when unknown)
    std::string peer;
    TcpFsmState from{TcpSocket::CLOSED};
    TcpFsmState to{TcpSocket::CLOSED};
    std::string cause; ///< tcp-fsm's event name; "" for ns-3 (its trace has no cause)
    bool hasSegment{false};
    uint8_t flags{0};
    uint32_t seq{0};
    uint32_t ack{0};
};

/**
 * \ingroup tcp-fsm
 * \brief The outcome of one run.
 */
struct TcpFsmScriptResult
{
    enum class Status : uint8_t
    {
        PASS,
        FAIL,  ///< a line's expectation was not met (or the stack cannot run the script)
        SKIP,  ///< the script needs a feature the model (or the runner) does not have
        ERROR, ///< the script cannot run at all (unknown attribute, bad value, trace file)
    };

    Status status{Status::PASS};
    /// FAIL: "FILE:LINE: ..."; SKIP: "FILE:LINE: skip: needs FEATURE";
    /// ERROR: "FILE:LINE:COLUMN: ..." (one line each).
    std::string message;
    uint32_t line{0};                                ///< the failing line (0: none)
    std::vector<TcpFsmScriptTransition> transitions; ///< every state change, in order
    std::vector<std::string> notes; ///< sysctls and commands without a model meaning (once)
    std::string traceFile;          ///< the CSV written ("" = none)
};

/**
 * \ingroup tcp-fsm
 * \brief Runs parsed scripts (see the manual, "Scripted peers").
 *
 * Each call builds a fresh simulation (Config::Reset() before and after,
 * Simulator::Destroy() at the end), so runs are independent and can follow each
 * other in one process.
 */
class TcpFsmScriptRunner
{
  public:
    /// Run the script; never throws for a failing or unrunnable script.
    static TcpFsmScriptResult Run(const TcpFsmScript& script,
                                  const TcpFsmScriptRunOptions& options);
    /**
     * Check the script's --attr lines against ns3::TcpFsmSocket without running it.
     * \throws TcpFsmScriptError naming the attribute when it does not exist or the value is bad
     */
    static void CheckAttributes(const TcpFsmScript& script);
};

} // namespace ns3

#endif /* TCP_FSM_SCRIPT_RUNNER_H */
