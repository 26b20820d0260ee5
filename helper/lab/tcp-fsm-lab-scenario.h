/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The simulation of tcp-fsm-lab: a point-to-point link or a dumbbell, client and server
 * applications that open, use and close connections in one of four ways, and targeted and
 * random segment drops on the bottleneck.
 */
#ifndef TCP_FSM_LAB_SCENARIO_H
#define TCP_FSM_LAB_SCENARIO_H

#include "ns3/data-rate.h"
#include "ns3/node-container.h"
#include "ns3/nstime.h"
#include "ns3/tcp-fsm-drop-spec.h"

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace ns3
{

/// Who closes first.
enum class TcpFsmLabClose : uint8_t
{
    CLIENT,       ///< the client closes after its data; the server closes at end of stream
    SERVER,       ///< the server closes once it has read the client's data; then the client
    SIMULTANEOUS, ///< both close at the same instant, once the server has read the data
    HALF,         ///< the client shuts down its direction; the server then sends as many bytes
                  ///< back (in CLOSE_WAIT) and closes once they are acknowledged; the client
                  ///< reads them (in FIN_WAIT_2) and closes at end of stream
};

/// "client", "server", "simultaneous", "half"
const char* TcpFsmLabCloseName(TcpFsmLabClose c);

/// The set-up of one lab run.
struct TcpFsmLabConfig
{
    bool dumbbell{false};              ///< false: one point-to-point link
    uint32_t clients{1};               ///< client hosts (dumbbell: as many server hosts)
    Time delay{MilliSeconds(10)};      ///< one-way delay of the bottleneck link
    DataRate rate{"10Mbps"};           ///< data rate of the bottleneck link
    double loss{0};                    ///< random loss rate of TCP segments on the bottleneck
    std::vector<TcpFsmDropRule> drops; ///< targeted drops on the bottleneck
    uint32_t connections{1};           ///< connections in all, round-robin over the clients
    uint64_t bytes{0};                 ///< bytes the client sends on each connection
    Time interval{MilliSeconds(200)};  ///< time between connection starts
    TcpFsmLabClose close{TcpFsmLabClose::CLIENT};
    bool clientFsm{true}; ///< clients run tcp-fsm (false: ns-3's TCP)
    bool serverFsm{true}; ///< servers run tcp-fsm (false: ns-3's TCP)
    bool listen{true};    ///< false: nothing listens on the servers' port (connections refused)
    Time listenAt{Seconds(0.5)}; ///< when the servers listen
    Time start{Seconds(1)};      ///< when the first connection opens
    uint16_t port{80};           ///< the servers' port
    /// TCP Fast Open (RFC 7413) between tcp-fsm hosts: clients open with SendTo(MSG_FASTOPEN)
    /// (the first connection to a server asks for the cookie), listeners have a queue.
    bool fastOpen{false};
};

/// What the applications saw of one connection (filled in as the simulation runs).
struct TcpFsmLabConnection
{
    uint32_t index{0};
    uint32_t clientNode{0};
    uint32_t serverNode{0};
    std::string clientAddress; ///< "10.1.1.1:49153" (known once the connection started)
    std::string serverAddress; ///< "10.1.1.2:80"
    bool clientFsm{true};
    uint64_t clientSocketId{0}; ///< tcp-fsm socket id on clientNode (0 with ns-3's TCP)
    bool started{false};
    Time connectAt;          ///< Connect() was called
    bool established{false}; ///< the connection succeeded (client ESTABLISHED)
    Time establishedAt;
    bool clientClosed{false}; ///< the client application called Close()
    bool endOfStream{false};  ///< the client read the end of the server's stream
    /// "local": Connect() failed at once (e.g. no free local port); with ns-3's TCP on the
    /// client also "timed_out" (the connection failed) or "reset" (an error close)
    std::string appFailure;
    uint64_t bytesSent{0};       ///< by the client application
    uint64_t bytesReceived{0};   ///< by the client application
    bool serverFirstByte{false}; ///< the server application read the first byte
    Time serverFirstByteAt;      ///< when (time to first byte = this - connectAt)
};

class TcpFsmLabApps;

/**
 * \ingroup tcp-fsm
 * \brief Builds the lab's topology and applications.
 *
 * Node ids: client hosts 0 .. N-1, server hosts N .. 2N-1 (N = clients), and on a dumbbell
 * the left and right routers 2N and 2N+1. Client i talks to server i; connection k is opened
 * by client k mod N at start + k * interval. p2p: client 10.1.1.1 -- server 10.1.1.2.
 * Dumbbell: client i 10.1.(i+1).1 -- left router -- bottleneck 10.3.1.0/24 -- right router --
 * server i 10.2.(i+1).1; the access links run at 10 times the bottleneck rate with a 1 ms delay.
 * The drops and the loss apply to the bottleneck, in both directions.
 */
class TcpFsmLabScenario
{
  public:
    explicit TcpFsmLabScenario(const TcpFsmLabConfig& config);
    ~TcpFsmLabScenario();
    TcpFsmLabScenario(const TcpFsmLabScenario&) = delete;
    TcpFsmLabScenario& operator=(const TcpFsmLabScenario&) = delete;

    /**
     * \brief Create nodes, links, stacks, addresses, routes and error models, and schedule
     * the applications. Random streams of tcp-fsm and of the loss are fixed from `stream`.
     */
    void Build(int64_t stream = 100);
    /// Called when a connection has started (just after Connect(), its addresses known).
    void SetStartCallback(std::function<void(const TcpFsmLabConnection&)> cb);

    /// The hosts that run tcp-fsm (clients and/or servers).
    NodeContainer GetFsmNodes() const;
    /// The connections (all of them, started or not).
    const std::vector<TcpFsmLabConnection>& GetConnections() const;
    /// Application bytes sent / received by every application (clients and servers).
    uint64_t GetBytesSent() const;
    uint64_t GetBytesReceived() const;
    /// When the last connection opens.
    Time GetLastStart() const;
    /// Segments dropped by the --drop rules, and by the random loss.
    uint64_t GetTargetedDrops() const;
    uint64_t GetRandomDrops() const;
    /// Drop every socket the applications hold (before Simulator::Destroy()).
    void Release();

  private:
    TcpFsmLabConfig m_config;
    NodeContainer m_clients;
    NodeContainer m_servers;
    NodeContainer m_routers;
    std::shared_ptr<TcpFsmSegmentDropper> m_dropper;
    std::vector<Ptr<TcpFsmDropErrorModel>> m_errorModels;
    std::vector<TcpFsmLabConnection> m_connectionList; ///< referred to by m_apps
    std::function<void(const TcpFsmLabConnection&)> m_startCallback;
    std::unique_ptr<TcpFsmLabApps> m_apps;
};

} // namespace ns3

#endif /* TCP_FSM_LAB_SCENARIO_H */
