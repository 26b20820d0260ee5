/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef TCP_FSM_BENCH_FLOOR_H
#define TCP_FSM_BENCH_FLOOR_H

#include "ns3/callback.h"
#include "ns3/header.h"
#include "ns3/ip-l4-protocol.h"
#include "ns3/ipv4-address.h"
#include "ns3/nstime.h"

#include <map>
#include <memory>
#include <string>
#include <vector>

namespace ns3
{

class Node;

/**
 * One packet of a connection's life as the floor replays it: who sends it, its sizes, and
 * what makes it leave (the arrival of an earlier packet at the sender, or the connection's
 * start, plus a delay).
 */
struct TcpFsmBenchFloorStep
{
    bool fromClient{true};    //!< sent by the node that opens the connection
    uint32_t headerBytes{20}; //!< L4 header bytes (TCP header with options)
    uint32_t payloadBytes{0}; //!< L4 payload bytes
    int32_t trigger{-1};      //!< index of the step whose arrival sends this one; -1 = start
    Time delay;               //!< after the trigger
};

/**
 * The floor's L4 header: as many bytes as the TCP header it stands for (20 to 60), carrying
 * the connection and the step index (and the ports, as a TCP header would) in zeros.
 */
class TcpFsmBenchFloorHeader : public Header
{
  public:
    static TypeId GetTypeId();
    TypeId GetInstanceTypeId() const override;
    uint32_t GetSerializedSize() const override;
    void Serialize(Buffer::Iterator start) const override;
    uint32_t Deserialize(Buffer::Iterator start) override;
    void Print(std::ostream& os) const override;

    uint16_t m_sourcePort{0};
    uint16_t m_destinationPort{0};
    uint32_t m_connection{0};
    uint16_t m_step{0};
    uint8_t m_length{20}; //!< serialized bytes (a multiple of 4, 20..60)
};

/**
 * The packet floor of tcp-fsm-bench: an IpL4Protocol on protocol number 6 with no TCP logic.
 * Every connection replays the same schedule of steps (recorded from a tcp-fsm run by
 * TcpFsmBenchFloorRecorder): same packet count and sizes, both directions, same timing,
 * through the same Ipv4L3Protocol, route lookup, devices and channel. It keeps no state per
 * connection: an arriving packet names its connection and step, which says what to send.
 */
class TcpFsmBenchFloor : public IpL4Protocol
{
  public:
    static TypeId GetTypeId();
    static const uint8_t PROT_NUMBER = 6;

    /// The schedule every connection replays (shared by both nodes' floors).
    void SetSchedule(std::shared_ptr<const std::vector<TcpFsmBenchFloorStep>> steps);
    /// Called on the receiving node when a connection's last step arrives.
    void SetCompleteCallback(Callback<void, uint32_t> cb);
    /// Start connection @p connection towards @p server:@p port (this node is the client).
    void Start(uint32_t connection, Ipv4Address server, uint16_t port);

    /// Packets and bytes (L4 header + payload) sent by this node.
    uint64_t GetTxPackets() const;
    uint64_t GetTxBytes() const;

    int GetProtocolNumber() const override;
    enum IpL4Protocol::RxStatus Receive(Ptr<Packet> p,
                                        const Ipv4Header& header,
                                        Ptr<Ipv4Interface> incomingInterface) override;
    enum IpL4Protocol::RxStatus Receive(Ptr<Packet> p,
                                        const Ipv6Header& header,
                                        Ptr<Ipv6Interface> incomingInterface) override;
    void SetDownTarget(IpL4Protocol::DownTargetCallback cb) override;
    void SetDownTarget6(IpL4Protocol::DownTargetCallback6 cb) override;
    IpL4Protocol::DownTargetCallback GetDownTarget() const override;
    IpL4Protocol::DownTargetCallback6 GetDownTarget6() const override;

  protected:
    void NotifyNewAggregate() override;
    void DoDispose() override;

  private:
    void SendStep(uint32_t connection,
                  uint32_t step,
                  Ipv4Address peer,
                  uint16_t localPort,
                  uint16_t peerPort);
    void Follow(int32_t trigger,
                uint32_t connection,
                Ipv4Address peer,
                uint16_t localPort,
                uint16_t peerPort);

    Ptr<Node> m_node;
    IpL4Protocol::DownTargetCallback m_downTarget;
    IpL4Protocol::DownTargetCallback6 m_downTarget6;
    std::shared_ptr<const std::vector<TcpFsmBenchFloorStep>> m_steps;
    std::vector<std::vector<uint32_t>> m_next; //!< [trigger + 1] -> steps it sends
    Callback<void, uint32_t> m_complete;
    uint64_t m_txPackets{0};
    uint64_t m_txBytes{0};
};

/**
 * Records one connection of a tcp-fsm (or any TCP) run at the IPv4 layer of both nodes and
 * turns it into the floor's schedule: each packet is sent on the arrival of the last packet
 * its sender received before it (or at the connection's start), after the measured delay.
 */
class TcpFsmBenchFloorRecorder
{
  public:
    /// Record the TCP packets to or from server port @p serverPort between the two nodes.
    void Attach(Ptr<Node> client, Ptr<Node> server, uint16_t serverPort);
    /**
     * The schedule, with the connection started at @p start. Empty, with @p error set,
     * when nothing was recorded or the server spoke first.
     */
    std::vector<TcpFsmBenchFloorStep> Steps(Time start, std::string& error) const;

  private:
    struct Seen
    {
        uint64_t uid;
        bool fromClient;
        bool tx; //!< sent (true) or received (false)
        Time at;
        uint32_t headerBytes;
        uint32_t payloadBytes;
    };

    void Trace(bool clientNode, bool tx, Ptr<const Packet> p);

    uint16_t m_serverPort{0};
    std::vector<Seen> m_seen; //!< in the order the traces fired
};

} // namespace ns3

#endif // TCP_FSM_BENCH_FLOOR_H
