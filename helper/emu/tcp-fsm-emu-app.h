/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The model's side of tcp-fsm-emu: its options, what the model does on each connection, and
 * the application that serves or opens the connections, follows their transitions and
 * reports them.
 */
#ifndef TCP_FSM_EMU_APP_H
#define TCP_FSM_EMU_APP_H

#include "ns3/address.h"
#include "ns3/ipv4-address.h"
#include "ns3/node.h"
#include "ns3/ptr.h"
#include "ns3/socket.h"
#include "ns3/tcp-fsm-event.h"
#include "ns3/tcp-fsm-socket.h"
#include "ns3/tcp-fsm-transition-graph.h"
#include "ns3/tcp-fsm-transition-record.h"

#include <cstdint>
#include <map>
#include <memory>
#include <ostream>
#include <set>
#include <string>
#include <vector>

namespace ns3
{

/**
 * \ingroup tcp-fsm
 * \brief tcp-fsm-emu's command line (see examples/tcp-fsm-emu.cc), parsed and checked.
 */
struct TcpFsmEmuOptions
{
    std::string mode{"server"};
    uint64_t port{5001};
    std::string connect;
    std::string tap{"tcpfsm0"};
    std::string modelAddr{"10.99.0.2"};
    std::string hostAddr{"10.99.0.1"};
    uint64_t prefix{24};
    uint64_t bytes{0};
    uint64_t expect{0};
    std::string close{"peer"};
    bool halfClose{false};
    bool abort{false};
    uint64_t connections{1};
    double durationS{60};
    double mslS{1};
    std::string out;
    bool pcap{false};
    bool allowRootNetns{false};
    bool quiet{false};
    double loss{0};
    double readDelayS{0};
    double delayS{0};
};

/**
 * \ingroup tcp-fsm
 * \brief Byte \p i of every stream the model sends: (131 i + floor(i / 512)) mod 256.
 */
uint8_t TcpFsmEmuPatternByte(uint64_t i);

/**
 * \ingroup tcp-fsm
 * \brief What the model does on one connection of tcp-fsm-emu: sends --bytes, reads
 * everything, closes, half-closes or aborts as the options say (see examples/tcp-fsm-emu.cc).
 */
class TcpFsmEmuConnection
{
  public:
    TcpFsmEmuConnection(const TcpFsmEmuOptions& o, Ptr<TcpFsmSocket> socket, uint32_t number);
    /// Detaches the socket's callbacks from this object.
    ~TcpFsmEmuConnection();
    TcpFsmEmuConnection(const TcpFsmEmuConnection&) = delete;
    TcpFsmEmuConnection& operator=(const TcpFsmEmuConnection&) = delete;

    /// The connection is established (connected, or accepted).
    void Start();
    /**
     * Write the line "connection N: socket=ID local=A:P peer=A:P sent=B sent_crc32=X
     * received=B received_crc32=X end=REASON path=STATE,..." (CRC-32 as zlib's).
     * \param path the states the socket went through, as its trace told them
     */
    void Report(std::ostream& os,
                const std::vector<TcpFsmState>& path,
                const Address& local,
                const Address& peer) const;

    Ptr<TcpFsmSocket> GetSocket() const
    {
        return m_socket;
    }

    bool WasEstablished() const
    {
        return m_started;
    }

  private:
    /// CRC-32 (the one of zlib, Ethernet and PNG), computed incrementally.
    class Crc32
    {
      public:
        void Add(const uint8_t* data, std::size_t length);
        uint32_t Value() const;

      private:
        uint32_t m_crc{0xffffffffU};
    };

    void Connected(Ptr<Socket>);
    void ConnectFailed(Ptr<Socket>);
    void Sendable(Ptr<Socket>, uint32_t);
    void Readable(Ptr<Socket>);
    void Closed(Ptr<Socket>);
    /// --read-delay is over: read what has arrived.
    void StartReading();
    /// Do what is due: queue data, close, abort (called after every event).
    void Progress();
    void Fill();

    const TcpFsmEmuOptions& m_o;
    Ptr<TcpFsmSocket> m_socket;
    uint32_t m_number;
    bool m_started{false};
    bool m_sending{false};
    bool m_reading{true};
    bool m_closeIssued{false}; ///< Close(), ShutdownSend() or Abort() called by the model
    bool m_released{false};    ///< Close() or Abort() called: the application let go
    bool m_peerClosed{false};  ///< end of stream read
    uint64_t m_queued{0};
    uint64_t m_received{0};
    Crc32 m_sentCrc;
    Crc32 m_receivedCrc;
};

/**
 * \ingroup tcp-fsm
 * \brief The model's application in tcp-fsm-emu: the listener (--mode=server) or the
 * connections it opens (--mode=client), the transitions of its node printed as they happen
 * and drawn in a transition graph, the end of the run when every connection is CLOSED, and
 * the report of each connection.
 *
 * Standard output gets the transitions (unless --quiet) and the "ready ..." line.
 */
class TcpFsmEmuApp
{
  public:
    explicit TcpFsmEmuApp(const TcpFsmEmuOptions& o);
    ~TcpFsmEmuApp();
    TcpFsmEmuApp(const TcpFsmEmuApp&) = delete;
    TcpFsmEmuApp& operator=(const TcpFsmEmuApp&) = delete;

    /**
     * Start on \p node (tcp-fsm installed, its interface up with the address \p model):
     * follow the transitions of its L4 and, 10 ms from now, listen on \p model:--port
     * (server) or open the connections to \p peer (client), printing the "ready" line.
     * Once every connection is CLOSED, the simulation stops 100 ms later.
     * \return false, with \p error set, when the listener cannot be bound
     */
    bool Start(Ptr<Node> node, Ipv4Address model, const Address& peer, std::string& error);

    /**
     * Write one line per connection (TcpFsmEmuConnection::Report).
     * \return true when --connections connections were established and all of them ended
     */
    bool Report(std::ostream& os) const;

    /// The connections accepted or opened.
    std::size_t GetConnectionCount() const;
    /// The connections that reached CLOSED.
    std::size_t GetEndedCount() const;
    /// The transitions taken on the node, the listener's included.
    const TcpFsmTransitionGraph& GetGraph() const;

    /// Let go of the listener and the connections (before Simulator::Destroy()).
    void Release();

  private:
    void Ready(const std::string& detail);
    void Accept(Ptr<Socket> s, const Address& from);
    void OpenClientConnections(Address peer);
    void Transition(const TcpFsmTransitionRecord& r);
    void Print(const TcpFsmTransitionRecord& r) const;

    /// What the trace told of one socket.
    struct Track
    {
        std::vector<TcpFsmState> path; ///< the states it went through
        Address local;
        Address peer;
    };

    const TcpFsmEmuOptions& m_o;
    Ptr<Node> m_node;
    Ptr<Socket> m_listener;
    std::vector<std::unique_ptr<TcpFsmEmuConnection>> m_connections;
    std::map<uint64_t, Track> m_tracks; ///< by socket id (connections, not the listener)
    std::set<uint64_t> m_ended;         ///< connection sockets CLOSED
    uint64_t m_listenerId{0};
    bool m_stopping{false};
    TcpFsmTransitionGraph m_graph;
};

} // namespace ns3

#endif /* TCP_FSM_EMU_APP_H */
