/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * The L4 demultiplexer of tcp-fsm: protocol 6 for IPv4 and IPv6, checksums,
 * O(1) endpoint lookup by 4-tuple, listeners by port, ephemeral ports, the
 * RFC 9293 3.10.7.1 answer for segments that match no connection, the
 * node-level StateTransition trace, and the TIME_WAIT table.
 */
#ifndef TCP_FSM_L4_PROTOCOL_H
#define TCP_FSM_L4_PROTOCOL_H

#include "tcp-fsm-icmp.h"
#include "tcp-fsm-time-wait-table.h"
#include "tcp-fsm-transition-record.h"
#include "tcp-fsm-tuple.h"

#include "ns3/attribute.h"
#include "ns3/ip-l4-protocol.h"
#include "ns3/ipv4-address.h"
#include "ns3/ipv4.h"
#include "ns3/ipv6-address.h"
#include "ns3/ipv6.h"
#include "ns3/random-variable-stream.h"
#include "ns3/tcp-l4-protocol.h"
#include "ns3/traced-callback.h"

#include <map>
#include <string>
#include <unordered_map>
#include <vector>

namespace ns3
{

class Node;
class Socket;
class TcpHeader;
class TcpFsmSocket;
class Ipv4Interface;
class Ipv6Interface;

/**
 * \ingroup tcp-fsm
 * \brief tcp-fsm's TCP: an ns3::TcpL4Protocol for protocol number 6 whose sockets are
 * TcpFsmSocket objects.
 *
 * Install it with `InternetStackHelper::SetTcp("ns3::TcpFsmL4Protocol")` before Install (or
 * with TcpFsmHelper, which does the same). It aggregates a TcpFsmSocketFactory, so
 * applications asking for ns3::TcpSocketFactory get TcpFsmSocket objects.
 *
 * It is an ns3::TcpL4Protocol so that what ns-3 code uses to find TCP finds it:
 * GetObject<TcpL4Protocol>(), Config paths through `$ns3::TcpL4Protocol`, the base's
 * SocketType (congestion control) and RecoveryType attributes. Only the IpL4Protocol part of
 * the base is used: this class does its own aggregation (NotifyNewAggregate does not call the
 * base's, so ns-3's TcpSocketFactoryImpl is never aggregated and Ipv4/Ipv6 know only this
 * class as protocol 6), receives every segment and creates only TcpFsmSocket objects. The
 * base's non-virtual socket and endpoint methods (CreateSocket(TypeId), Allocate,
 * SendPacket, AddSocket) are not part of tcp-fsm and must not be called on it.
 *
 * `SocketList` lists this node's live tcp-fsm sockets in creation order (doc/tcp-fsm.rst,
 * "Switching an ns-3 program to tcp-fsm", explains how it replaces the base's list).
 */
class TcpFsmL4Protocol : public TcpL4Protocol
{
  public:
    static TypeId GetTypeId();
    static const uint8_t PROT_NUMBER = 6;

    TcpFsmL4Protocol();
    ~TcpFsmL4Protocol() override;

    void SetNode(Ptr<Node> node);
    Ptr<Node> GetNode() const;

    /// A new socket of the class given by the SocketClass attribute of this protocol.
    Ptr<Socket> CreateSocket();

    /// The congestion control new sockets use: ns3::TcpL4Protocol's SocketType attribute
    /// (a TcpCongestionOps subclass, TcpCubic by default), as ns-3's own TCP reads it.
    TypeId GetCongestionTypeId() const;
    /// The loss recovery new sockets use: ns3::TcpL4Protocol's RecoveryType attribute
    /// (a TcpRecoveryOps subclass, TcpPrrRecovery by default).
    TypeId GetRecoveryTypeId() const;
    /**
     * The TcpSocketBaseDefaults attribute: true (the default) gives new sockets ns-3's TCP
     * socket defaults, ns3::TcpSocketBase's Sack, Timestamp, WindowScaling, UseEcn, MinRto,
     * ReTxThreshold and LimitedTransmit, except those of its own attributes that the
     * tcp-fsm socket was given (Config::SetDefault on ns3::TcpFsmSocket, a Profile that
     * sets them); false leaves sockets with ns3::TcpFsmSocket's values. TcpFsmHelper sets
     * false. Defined in tcp-fsm-l4-socket-defaults.cc.
     */
    void SetTcpSocketBaseDefaults(bool on);
    bool GetTcpSocketBaseDefaults() const;

    // ---- SocketList: this node's live sockets, in creation order ----------------------------
    /// Called by TcpFsmSocket::SetTcp: list the socket (it is not kept alive by the list).
    void ListSocket(TcpFsmSocket* socket);
    /// Called when the socket is disposed: take it off the list.
    void UnlistSocket(TcpFsmSocket* socket);
    /// Number of sockets on the list.
    std::size_t GetSocketListSize() const;
    /// The i-th socket on the list (creation order), nullptr past the end.
    Ptr<TcpFsmSocket> GetListedSocket(std::size_t i) const;

    int GetProtocolNumber() const override;
    /// An ICMP error about one of our segments (from Icmpv4L4Protocol): handed to the
    /// connection the echoed header names (tcp-fsm-l4-icmp.cc).
    void ReceiveIcmp(Ipv4Address icmpSource,
                     uint8_t icmpTtl,
                     uint8_t icmpType,
                     uint8_t icmpCode,
                     uint32_t icmpInfo,
                     Ipv4Address payloadSource,
                     Ipv4Address payloadDestination,
                     const uint8_t payload[8]) override;
    void ReceiveIcmp(Ipv6Address icmpSource,
                     uint8_t icmpTtl,
                     uint8_t icmpType,
                     uint8_t icmpCode,
                     uint32_t icmpInfo,
                     Ipv6Address payloadSource,
                     Ipv6Address payloadDestination,
                     const uint8_t payload[8]) override;
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

    // ---- used by TcpFsmSocket ---------------------------------------------------------------

    /// Send a segment: checksum (when ChecksumEnabled), route, hand to IP. The header is
    /// copied only to add a checksum (a copy copies its option list). A payload held by no
    /// one else (reference count 1) takes the header in place: the caller must not use it
    /// after; one held elsewhere is copied first.
    void SendSegment(const Ptr<Packet>& payload,
                     const TcpHeader& header,
                     const TcpFsmTuple& tuple,
                     uint64_t socketId = 0);
    /// RFC 9293 3.10.7.1: answer h (which matched no usable connection) with a RST:
    /// <SEQ=SEG.ACK><CTL=RST> when h has ACK, else <SEQ=0><ACK=SEG.SEQ+SEG.LEN><CTL=RST,ACK>.
    void SendResetFor(const TcpHeader& h, uint32_t payload, const TcpFsmTuple& t);
    /// A fresh RFC 6528 secret for one connection's ISN, from this node's random stream.
    uint32_t NextIsnSecret();
    /// Fix this node's random stream; returns the number of streams used (1).
    int64_t AssignStreams(int64_t stream);
    /// Check a TCP header's length fields and read it (not removed). False with a reason
    /// ("truncated_header", "bad_data_offset", "option_past_header", "bad_option_length",
    /// "bad_options") when it is malformed. checksum: h has checksums enabled (ns-3 reads it).
    static bool ParseHeader(const Ptr<Packet>& p,
                            TcpHeader& h,
                            const char*& reason,
                            bool checksum = false);
    /// A new socket id, unique within this node for the run.
    uint64_t NextSocketId();
    /// Report a transition to the node-level trace.
    void NotifyTransition(const TcpFsmTransitionRecord& record);
    /// Whether the node-level StateTransition trace has a sink (else no record is made).
    bool TransitionTraced() const;
    /// Report a dropped segment (reason as the classifier names it).
    void NotifyDrop(Ptr<const Packet> packet, const TcpHeader& header, const char* reason);

    /// Reserve a local port for Bind(); 0 asks for an ephemeral one. False: in use / exhausted.
    bool ReservePort(uint16_t& port);
    /// Give back a port reserved with ReservePort().
    void ReleasePort(uint16_t port);
    /// Register a listener on (family, address or any, port). False when taken.
    bool AddListener(Ptr<TcpFsmSocket> socket, const TcpFsmTuple& local);
    void RemoveListener(TcpFsmSocket* socket, const TcpFsmTuple& local);
    /// Register a connection by its 4-tuple. False when the tuple is in use (TIME_WAIT included).
    bool AddConnection(Ptr<TcpFsmSocket> socket, const TcpFsmTuple& tuple);
    void RemoveConnection(const TcpFsmTuple& tuple);
    /// Is this 4-tuple in use by a connection or a TIME_WAIT record?
    bool TupleInUse(const TcpFsmTuple& tuple) const;
    /// Choose an ephemeral local port for a connection to the tuple's peer (local port filled in).
    bool AllocateEphemeral(TcpFsmTuple& tuple);
    /// Choose the local address used to reach peer (tuple's local address filled in).
    bool SelectSourceAddress(TcpFsmTuple& tuple) const;
    /// Hand a closed connection's TIME_WAIT to the compact table (the socket is removed).
    void EnterTimeWait(const TcpFsmTimeWaitRecord& record);
    /// Is a listener waiting for SYNs of this connection's local address and port?
    bool HasListenerFor(const TcpFsmTuple& tuple) const;
    /**
     * RFC 9293 3.6.1 (MAY-2): a new SYN ended the connection's TIME_WAIT (its row was
     * applied and the tuple is free): the listener takes the SYN, and the new incarnation's
     * ISS is above the old one's SND.NXT (sndNxt + 65537, as Linux).
     */
    void ReopenFromTimeWait(const Ptr<Packet>& p,
                            const TcpHeader& h,
                            const TcpFsmTuple& tuple,
                            SequenceNumber32 sndNxt);
    /// For InitIss(): the ISS a connection reopened from TIME_WAIT must use; false otherwise.
    bool ReopenIss(const TcpFsmTuple& tuple, SequenceNumber32& iss) const;
    /// Access to the TIME_WAIT table (tests, statistics).
    const TcpFsmTimeWaitTable& GetTimeWaitTable() const;

    /// Number of connections registered (TIME_WAIT records not included).
    std::size_t GetConnectionCount() const;
    /// Number of segments dropped, by any reason.
    uint64_t GetDropCount() const;
    /// Number of segments dropped for this reason (a Drop trace reason, e.g. "bad_checksum").
    uint64_t GetDropCountFor(const std::string& reason) const;
    /// Segments dropped so far, per reason.
    const std::map<std::string, uint64_t>& GetDropCounts() const;
    /// Number of RSTs sent for segments that matched no connection.
    uint64_t GetRstForUnknownCount() const;
    /// ICMP errors received so far with this outcome (tcp-fsm-l4-icmp.cc).
    uint64_t GetIcmpCountFor(TcpFsmIcmpOutcome outcome) const;

    /// Signature of Drop trace sinks: the segment's header and the reason.
    typedef void (*DropTracedCallback)(const TcpHeader& header, const std::string& reason);

  protected:
    void DoDispose() override;
    void NotifyNewAggregate() override;

  private:
    enum IpL4Protocol::RxStatus Deliver(const Ptr<Packet>& p,
                                        const TcpHeader& h,
                                        const TcpFsmTuple& t,
                                        uint8_t ipEcn = 0);
    /// Parse (header checks, checksum, 4-tuple) and deliver, or drop and count: the same for
    /// IPv4 and IPv6 (Address is Ipv4Address or Ipv6Address; defined in tcp-fsm-l4-segments.cc).
    template<class Address>
    enum IpL4Protocol::RxStatus ReceiveFrom(const Ptr<Packet>& p,
                                            Address src,
                                            Address dst,
                                            uint8_t ipEcn);
    void DeliverToTimeWait(const TcpFsmTimeWaitRecord& r, const Ptr<Packet>& p, const TcpHeader& h);
    void TimeWaitExpired(const TcpFsmTimeWaitRecord& r);
    void TraceTimeWait(const TcpFsmTimeWaitRecord& r,
                       TcpFsmState to,
                       TcpFsmEvent cause,
                       const TcpHeader* h);
    void SendTimeWaitAck(const TcpFsmTimeWaitRecord& r);
    TcpFsmSocket* FindListener(const TcpFsmTuple& t) const;

    void CompactSocketList() const;

    Ptr<Node> m_node;
    TypeId m_socketTypeId; ///< SocketClass: the TcpFsmSocket (sub)class of new sockets
    /// SocketList, by socket id (creation order); a disposed socket leaves a hole (nullptr)
    /// until the next compaction, so taking a socket off costs O(log n).
    mutable std::vector<std::pair<uint64_t, TcpFsmSocket*>> m_socketList;
    mutable std::size_t m_socketListHoles{0};
    IpL4Protocol::DownTargetCallback m_downTarget;
    IpL4Protocol::DownTargetCallback6 m_downTarget6;
    Ptr<Ipv4> m_ipv4; ///< the node's (found once: GetObject costs a dynamic_cast per segment)
    Ptr<Ipv6> m_ipv6;
    Ptr<Ipv4> NodeIpv4() const;
    Ptr<Ipv6> NodeIpv6() const;
    std::unordered_map<TcpFsmTuple, Ptr<TcpFsmSocket>, TcpFsmTupleHash> m_connections;
    struct Listener
    {
        TcpFsmTuple local; ///< family, address (any = unspecified), port
        Ptr<TcpFsmSocket> socket;
    };

    std::unordered_map<uint16_t, std::vector<Listener>> m_listeners;
    std::unordered_map<uint16_t, uint32_t> m_reservedPorts;
    TcpFsmTimeWaitTable m_timeWait;
    Ptr<UniformRandomVariable> m_isnRng;
    Ptr<TcpFsmSocket> m_prototype;                              ///< CreateSocket() copies it
    std::vector<Ptr<const AttributeValue>> m_prototypeDefaults; ///< defaults it was made with
    std::vector<uint32_t> m_prototypeRefs;                      ///< their reference counts then
    bool PrototypeCurrent() const;
    /// Set ns3::TcpSocketBase's values on the attributes the socket shares with it (see
    /// SetTcpSocketBaseDefaults).
    void ApplyTcpSocketBaseDefaults(TcpFsmSocket& socket) const;
    bool m_socketBaseDefaults{true}; ///< TcpSocketBaseDefaults
    uint64_t m_nextSocketId{1};
    uint16_t m_nextEphemeral{49152};
    uint16_t m_ephemeralFirst{49152};
    uint16_t m_ephemeralLast{65535};
    uint64_t m_drops{0};
    std::map<std::string, uint64_t> m_dropsByReason;
    uint64_t m_rstForUnknown{0};
    bool m_reopening{false}; ///< ReopenFromTimeWait() is handing a SYN to the listener
    TcpFsmTuple m_reopenTuple;
    SequenceNumber32 m_reopenIss;
    TracedCallback<const TcpFsmTransitionRecord&> m_transitionTrace;
    TracedCallback<const TcpHeader&, const std::string&> m_dropTrace;
    TracedCallback<const TcpFsmSegmentRecord&> m_segmentTxTrace;
    TracedCallback<const TcpFsmSegmentRecord&> m_segmentRxTrace;
    /// A sink of SegmentTx (sent) or SegmentRx is connected: tested inline, before the
    /// record's arguments are gathered, so that an untraced segment calls nothing.
    bool SegmentsTraced(bool sent) const
    {
        return !(sent ? m_segmentTxTrace : m_segmentRxTrace).IsEmpty();
    }
    void TraceSegment(
        bool sent, const TcpHeader& h, uint32_t length, const TcpFsmTuple& t, uint64_t socketId);

    // ---- ICMP input (tcp-fsm-l4-icmp.cc)
    /// Hand an ICMP error to the connection of the echoed header (its first 8 bytes).
    void DeliverIcmp(
        TcpFsmTuple tuple, uint8_t type, uint8_t code, uint32_t info, const uint8_t payload[8]);
    std::map<TcpFsmIcmpOutcome, uint64_t> m_icmpCounts;

    friend class TcpFsmTimeWaitTable;
};

} // namespace ns3

#endif /* TCP_FSM_L4_PROTOCOL_H */
