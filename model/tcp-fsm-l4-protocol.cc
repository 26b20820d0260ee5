/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "tcp-fsm-l4-protocol.h"

#include "tcp-fsm-segment-classifier.h"
#include "tcp-fsm-socket-factory.h"
#include "tcp-fsm-socket.h"
#include "tcp-fsm-transition-table.h"

#include "ns3/ipv4-route.h"
#include "ns3/ipv4-routing-protocol.h"
#include "ns3/ipv4.h"
#include "ns3/ipv6-route.h"
#include "ns3/ipv6-routing-protocol.h"
#include "ns3/ipv6.h"
#include "ns3/log.h"
#include "ns3/node.h"
#include "ns3/object-factory.h"
#include "ns3/packet.h"
#include "ns3/simulator.h"
#include "ns3/tcp-congestion-ops.h"
#include "ns3/tcp-header.h"
#include "ns3/tcp-option.h"
#include "ns3/tcp-prr-recovery.h"
#include "ns3/trace-source-accessor.h"
#include "ns3/type-id.h"
#include "ns3/uinteger.h"

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("TcpFsmL4Protocol");
NS_OBJECT_ENSURE_REGISTERED(TcpFsmL4Protocol);

TypeId
TcpFsmL4Protocol::GetTypeId()
{
    static TypeId tid
        = TypeId("ns3::TcpFsmL4Protocol")
              .SetParent<IpL4Protocol>()
              .SetGroupName("TcpFsm")
              .AddConstructor<TcpFsmL4Protocol>()
              .AddAttribute("SocketClass",
                            "The socket class created for applications (a TcpFsmSocket subclass)",
                            TypeIdValue(TcpFsmSocket::GetTypeId()),
                            MakeTypeIdAccessor(&TcpFsmL4Protocol::m_socketTypeId),
                            MakeTypeIdChecker())
              .AddAttribute("SocketType",
                            "The congestion control of the sockets this protocol creates (an "
                            "ns3::TcpCongestionOps subclass, as ns3::TcpL4Protocol::SocketType); "
                            "when left at ns3::TcpNewReno the socket's CongestionOps decides",
                            TypeIdValue(TcpNewReno::GetTypeId()),
                            MakeTypeIdAccessor(&TcpFsmL4Protocol::m_congestionTypeId),
                            MakeTypeIdChecker())
              .AddAttribute("RecoveryType",
                            "The recovery of the sockets this protocol creates (an "
                            "ns3::TcpRecoveryOps subclass, as ns3::TcpL4Protocol::RecoveryType); "
                            "when left at ns3::TcpPrrRecovery the socket's RecoveryType decides",
                            TypeIdValue(TcpPrrRecovery::GetTypeId()),
                            MakeTypeIdAccessor(&TcpFsmL4Protocol::m_recoveryTypeId),
                            MakeTypeIdChecker())
              .AddAttribute("EphemeralPortFirst",
                            "First port of the ephemeral range",
                            UintegerValue(49152),
                            MakeUintegerAccessor(&TcpFsmL4Protocol::m_ephemeralFirst),
                            MakeUintegerChecker<uint16_t>(1, 65535))
              .AddAttribute("EphemeralPortLast",
                            "Last port of the ephemeral range",
                            UintegerValue(65535),
                            MakeUintegerAccessor(&TcpFsmL4Protocol::m_ephemeralLast),
                            MakeUintegerChecker<uint16_t>(1, 65535))
              .AddAttribute("DropCount",
                            "Segments dropped so far, by any reason (read-only; per reason: "
                            "GetDropCounts() or the Drop trace)",
                            TypeId::ATTR_GET,
                            UintegerValue(0),
                            MakeUintegerAccessor(&TcpFsmL4Protocol::GetDropCount),
                            MakeUintegerChecker<uint64_t>())
              .AddTraceSource("StateTransition",
                              "Every transition of every socket of this node, from its birth",
                              MakeTraceSourceAccessor(&TcpFsmL4Protocol::m_transitionTrace),
                              "ns3::TcpFsmTransitionTracedCallback")
              .AddTraceSource("SegmentTx",
                              "Every segment this node's tcp-fsm sends (TcpFsmSegmentRecord)",
                              MakeTraceSourceAccessor(&TcpFsmL4Protocol::m_segmentTxTrace),
                              "ns3::TcpFsmSegmentTracedCallback")
              .AddTraceSource("SegmentRx",
                              "Every well-formed segment this node's tcp-fsm receives",
                              MakeTraceSourceAccessor(&TcpFsmL4Protocol::m_segmentRxTrace),
                              "ns3::TcpFsmSegmentTracedCallback")
              .AddTraceSource("Drop",
                              "A segment dropped, with the reason",
                              MakeTraceSourceAccessor(&TcpFsmL4Protocol::m_dropTrace),
                              "ns3::TcpFsmL4Protocol::DropTracedCallback");
    return tid;
}

TcpFsmL4Protocol::TcpFsmL4Protocol()
{
    NS_LOG_FUNCTION(this);
    m_timeWait.SetExpiryCallback(MakeCallback(&TcpFsmL4Protocol::TimeWaitExpired, this));
    m_isnRng = CreateObject<UniformRandomVariable>();
}

uint32_t
TcpFsmL4Protocol::NextIsnSecret()
{
    return m_isnRng->GetInteger(0, UINT32_MAX);
}

int64_t
TcpFsmL4Protocol::AssignStreams(int64_t stream)
{
    m_isnRng->SetStream(stream);
    return 1;
}

TcpFsmL4Protocol::~TcpFsmL4Protocol()
{
    NS_LOG_FUNCTION(this);
}

void
TcpFsmL4Protocol::DoDispose()
{
    NS_LOG_FUNCTION(this);
    // Break the reference cycles (socket -> L4 -> socket) before the node goes.
    auto connections = std::move(m_connections);
    m_connections.clear();
    for (auto& entry : connections)
    {
        entry.second->Dispose();
    }
    auto listeners = std::move(m_listeners);
    m_listeners.clear();
    for (auto& entry : listeners)
    {
        for (auto& l : entry.second)
        {
            l.socket->Dispose();
        }
    }
    m_timeWait.Clear();
    m_prototype = nullptr;
    m_node = nullptr;
    m_downTarget.Nullify();
    m_downTarget6.Nullify();
    IpL4Protocol::DoDispose();
}

void
TcpFsmL4Protocol::NotifyNewAggregate()
{
    Ptr<Node> node = this->GetObject<Node>();
    Ptr<Ipv4> ipv4 = this->GetObject<Ipv4>();
    Ptr<Ipv6> ipv6 = node ? node->GetObject<Ipv6>() : nullptr;
    if (!m_node && node && (ipv4 || ipv6))
    {
        SetNode(node);
        Ptr<TcpFsmSocketFactory> factory = CreateObject<TcpFsmSocketFactory>();
        factory->SetTcp(this);
        node->AggregateObject(factory);
    }
    if (ipv4 && m_downTarget.IsNull())
    {
        ipv4->Insert(this);
        SetDownTarget(MakeCallback(&Ipv4::Send, ipv4));
    }
    if (ipv6 && m_downTarget6.IsNull())
    {
        ipv6->Insert(this);
        SetDownTarget6(MakeCallback(&Ipv6::Send, ipv6));
    }
    IpL4Protocol::NotifyNewAggregate();
}

void
TcpFsmL4Protocol::SetNode(Ptr<Node> node)
{
    m_node = node;
}

Ptr<Node>
TcpFsmL4Protocol::GetNode() const
{
    return m_node;
}

namespace
{

/// The current default values of every attribute of tid and its parents. They are held (not
/// just their addresses), so a replaced value cannot be freed and its address reused.
void
CollectDefaults(TypeId tid, std::vector<Ptr<const AttributeValue>>& out)
{
    out.clear();
    for (; tid != Object::GetTypeId(); tid = tid.GetParent())
    {
        for (std::size_t i = 0; i < tid.GetAttributeN(); ++i)
        {
            out.push_back(tid.GetAttribute(i).initialValue);
        }
    }
}

} // namespace

bool
TcpFsmL4Protocol::PrototypeCurrent() const
{
    // Config::SetDefault replaces an attribute's initial value object, and the TypeId then
    // lets go of the one it held: the reference count of a value held here drops below what
    // it was when the prototype was made. Counting references is O(attributes) without
    // copying each TypeId::AttributeInformation (its strings), which cost more than a
    // connection's handshake; any other change of a count (a copy held elsewhere) only
    // remakes the prototype, which is always correct.
    for (std::size_t i = 0; i < m_prototypeDefaults.size(); ++i)
    {
        if (m_prototypeDefaults[i]->GetReferenceCount() != m_prototypeRefs[i])
        {
            return false;
        }
    }
    return !m_prototypeDefaults.empty();
}

Ptr<Socket>
TcpFsmL4Protocol::CreateSocket()
{
    // Constructing a socket through its TypeId sets ~25 attributes by name, which costs more
    // than a connection's whole handshake: sockets are copied from a prototype made with the
    // current defaults (remade whenever a default changes). Subclasses are built directly.
    Ptr<TcpFsmSocket> socket;
    if (m_socketTypeId == TcpFsmSocket::GetTypeId())
    {
        if (!m_prototype || !PrototypeCurrent())
        {
            ObjectFactory factory;
            factory.SetTypeId(m_socketTypeId);
            m_prototype = factory.Create<TcpFsmSocket>();
            CollectDefaults(m_socketTypeId, m_prototypeDefaults);
            m_prototypeRefs.clear();
            for (const auto& value : m_prototypeDefaults)
            {
                m_prototypeRefs.push_back(value->GetReferenceCount());
            }
        }
        socket = m_prototype->CloneFresh();
    }
    else
    {
        ObjectFactory factory;
        factory.SetTypeId(m_socketTypeId);
        socket = factory.Create<TcpFsmSocket>();
        NS_ABORT_MSG_IF(
            !socket, "TcpFsmL4Protocol: attribute SocketClass must name a TcpFsmSocket subclass");
    }
    socket->SetNode(m_node);
    socket->SetTcp(this);
    return socket;
}

TypeId
TcpFsmL4Protocol::GetCongestionTypeId() const
{
    return m_congestionTypeId;
}

TypeId
TcpFsmL4Protocol::GetRecoveryTypeId() const
{
    return m_recoveryTypeId;
}

int
TcpFsmL4Protocol::GetProtocolNumber() const
{
    return PROT_NUMBER;
}

uint64_t
TcpFsmL4Protocol::NextSocketId()
{
    return m_nextSocketId++;
}

void
TcpFsmL4Protocol::NotifyTransition(const TcpFsmTransitionRecord& record)
{
    m_transitionTrace(record);
}

void
TcpFsmL4Protocol::NotifyDrop(Ptr<const Packet> packet, const TcpHeader& header, const char* reason)
{
    ++m_drops;
    ++m_dropsByReason[reason];
    NS_LOG_LOGIC("drop " << header << " len " << (packet ? packet->GetSize() : 0) << ": "
                         << reason);
    m_dropTrace(header, reason);
}

bool
TcpFsmL4Protocol::ParseHeader(Ptr<Packet> p, TcpHeader& h, const char*& reason)
{
    // A TCP header is at least 20 bytes; its data offset must cover them and fit the packet.
    if (p->GetSize() < 20)
    {
        reason = "truncated_header";
        return false;
    }
    uint8_t raw[60];
    p->CopyData(raw, std::min<uint32_t>(p->GetSize(), sizeof(raw)));
    const uint32_t offset = (raw[12] >> 4) * 4u;
    if (offset < 20 || offset > p->GetSize())
    {
        reason = "bad_data_offset";
        return false;
    }
    // Walk the options before ns-3 reads them: its option readers abort on some malformed
    // lengths (an MSS option whose length is not 4) and trust others. RFC 9293 3.1 (MUST-7):
    // an illegal option length must not crash the stack; the segment is dropped and counted.
    for (uint32_t i = 20; i < offset;)
    {
        const uint8_t kind = raw[i];
        if (kind == TcpOption::END)
        {
            break; // the rest is padding
        }
        if (kind == TcpOption::NOP)
        {
            ++i;
            continue;
        }
        if (i + 1 >= offset)
        {
            reason = "option_past_header";
            return false;
        }
        const uint8_t length = raw[i + 1];
        if (length < 2)
        {
            reason = "bad_option_length"; // zero-length option (would loop forever)
            return false;
        }
        if (i + length > offset)
        {
            reason = "option_past_header";
            return false;
        }
        const bool fits = (kind == TcpOption::MSS && length == 4)
                          || (kind == TcpOption::WINSCALE && length == 3)
                          || (kind == TcpOption::SACKPERMITTED && length == 2)
                          || (kind == TcpOption::TS && length == 10)
                          || (kind == TcpOption::SACK && (length - 2) % 8 == 0)
                          || !TcpOption::IsKindKnown(kind);
        if (!fits)
        {
            reason = "bad_option_length";
            return false;
        }
        i += length;
    }
    p->PeekHeader(h);
    if (h.GetLength() * 4u != offset)
    {
        reason = "bad_options";
        return false;
    }
    return true;
}

namespace
{

/// Header checks, checksum and the 4-tuple, the same for IPv4 and IPv6 (Address is
/// Ipv4Address or Ipv6Address). False with a reason when the segment must be dropped.
template<class Address>
bool
ParseSegment(Ptr<Packet> p,
             Address src,
             Address dst,
             TcpHeader& h,
             TcpFsmTuple& t,
             const char*& reason,
             bool& checksumFailed)
{
    checksumFailed = false;
    const bool checksum = Node::ChecksumEnabled();
    if (checksum)
    {
        h.EnableChecksums();
        h.InitializeChecksum(src, dst, TcpFsmL4Protocol::PROT_NUMBER);
    }
    if (!TcpFsmL4Protocol::ParseHeader(p, h, reason))
    {
        return false;
    }
    if (checksum && !h.IsChecksumOk())
    {
        reason = "bad_checksum";
        checksumFailed = true;
        return false;
    }
    p->RemoveAtStart(h.GetSerializedSize()); // h was read by ParseHeader: not twice

    // The data offset says where the data begins. ns-3's header keeps only the options before
    // an End of Option List and removes that much: the bytes after the EOL up to the data
    // offset are option space, never data (found by tcp-fsm-fuzz-segments).
    const uint32_t offset = h.GetLength() * 4u;
    if (offset > h.GetSerializedSize())
    {
        p->RemoveAtStart(offset - h.GetSerializedSize());
    }
    t.SetLocal(dst);
    t.SetPeer(src);
    t.localPort = h.GetDestinationPort();
    t.peerPort = h.GetSourcePort();
    return true;
}

} // namespace

enum IpL4Protocol::RxStatus
TcpFsmL4Protocol::Receive(Ptr<Packet> p,
                          const Ipv4Header& header,
                          Ptr<Ipv4Interface> /* incomingInterface */)
{
    TcpHeader h;
    TcpFsmTuple t;
    const char* reason = nullptr;
    bool checksumFailed = false;
    if (!ParseSegment(p, header.GetSource(), header.GetDestination(), h, t, reason, checksumFailed))
    {
        NotifyDrop(p, h, reason);
        return checksumFailed ? IpL4Protocol::RX_CSUM_FAILED : IpL4Protocol::RX_ENDPOINT_CLOSED;
    }
    return Deliver(p, h, t);
}

enum IpL4Protocol::RxStatus
TcpFsmL4Protocol::Receive(Ptr<Packet> p,
                          const Ipv6Header& header,
                          Ptr<Ipv6Interface> /* incomingInterface */)
{
    TcpHeader h;
    TcpFsmTuple t;
    const char* reason = nullptr;
    bool checksumFailed = false;
    if (!ParseSegment(p, header.GetSource(), header.GetDestination(), h, t, reason, checksumFailed))
    {
        NotifyDrop(p, h, reason);
        return checksumFailed ? IpL4Protocol::RX_CSUM_FAILED : IpL4Protocol::RX_ENDPOINT_CLOSED;
    }
    return Deliver(p, h, t);
}

enum IpL4Protocol::RxStatus
TcpFsmL4Protocol::Deliver(Ptr<Packet> p, const TcpHeader& h, const TcpFsmTuple& t)
{
    auto it = m_connections.find(t);
    if (it != m_connections.end())
    {
        Ptr<TcpFsmSocket> socket = it->second;
        TraceSegment(false, h, p->GetSize(), t, socket->GetSocketId());
        socket->Receive(p, h, t);
        return IpL4Protocol::RX_OK;
    }
    if (const TcpFsmTimeWaitRecord* record = m_timeWait.Find(t))
    {
        TcpFsmTimeWaitRecord copy = *record;
        TraceSegment(false, h, p->GetSize(), t, copy.socketId);
        DeliverToTimeWait(copy, p, h);
        return IpL4Protocol::RX_OK;
    }
    if (TcpFsmSocket* listener = FindListener(t))
    {
        Ptr<TcpFsmSocket> keep(listener);
        TraceSegment(false, h, p->GetSize(), t, listener->GetSocketId());
        listener->Receive(p, h, t);
        return IpL4Protocol::RX_OK;
    }
    TraceSegment(false, h, p->GetSize(), t, 0);
    NotifyDrop(p, h, "no_connection");
    if (!(h.GetFlags() & TcpHeader::RST))
    {
        SendResetFor(h, p->GetSize(), t);
    }
    return IpL4Protocol::RX_ENDPOINT_UNREACH;
}

void
TcpFsmL4Protocol::SendResetFor(const TcpHeader& h, uint32_t payload, const TcpFsmTuple& t)
{
    TcpHeader rst;
    rst.SetSourcePort(t.localPort);
    rst.SetDestinationPort(t.peerPort);
    if (h.GetFlags() & TcpHeader::ACK)
    {
        rst.SetFlags(TcpHeader::RST);
        rst.SetSequenceNumber(h.GetAckNumber());
    }
    else
    {
        TcpFsmSegment seg;
        seg.flags = h.GetFlags();
        seg.payload = payload;
        rst.SetFlags(TcpHeader::RST | TcpHeader::ACK);
        rst.SetSequenceNumber(SequenceNumber32(0));
        rst.SetAckNumber(h.GetSequenceNumber() + seg.Length());
    }
    rst.SetWindowSize(0);
    ++m_rstForUnknown;
    SendSegment(Create<Packet>(), rst, t);
}

TcpFsmSocket*
TcpFsmL4Protocol::FindListener(const TcpFsmTuple& t) const
{
    auto it = m_listeners.find(t.localPort);
    if (it == m_listeners.end())
    {
        return nullptr;
    }
    TcpFsmSocket* wildcard = nullptr;
    for (const auto& l : it->second)
    {
        if (l.local.family != t.family)
        {
            continue;
        }
        if (l.local.localAddr == t.localAddr)
        {
            return PeekPointer(l.socket);
        }
        if (l.local.LocalIsAny())
        {
            wildcard = PeekPointer(l.socket);
        }
    }
    return wildcard;
}

void
TcpFsmL4Protocol::TraceSegment(
    bool sent, const TcpHeader& h, uint32_t length, const TcpFsmTuple& t, uint64_t socketId)
{
    auto& trace = sent ? m_segmentTxTrace : m_segmentRxTrace;
    if (trace.IsEmpty())
    {
        return;
    }
    TcpFsmSegmentRecord r;
    r.time = Simulator::Now();
    r.nodeId = m_node ? m_node->GetId() : 0;
    r.socketId = socketId;
    r.local = t.LocalAddress();
    r.peer = t.PeerAddress();
    r.sent = sent;
    r.flags = h.GetFlags();
    r.seq = h.GetSequenceNumber().GetValue();
    r.ack = h.GetAckNumber().GetValue();
    r.length = length;
    r.window = h.GetWindowSize();
    trace(r);
}

namespace
{

/// Checksum, header, route and hand to IP; the same for IPv4 (Ipv4, Ipv4Header) and IPv6.
/// h is the caller's own copy (taken by reference: a TcpHeader copy copies its option list).
template<class Route, class Ip, class IpHeader, class DownTarget>
void
RouteAndSend(
    Ptr<Ip> ip, const DownTarget& down, Ptr<Packet> p, TcpHeader& h, const IpHeader& header)
{
    if (Node::ChecksumEnabled())
    {
        h.EnableChecksums();
        h.InitializeChecksum(
            header.GetSource(), header.GetDestination(), TcpFsmL4Protocol::PROT_NUMBER);
    }
    p->AddHeader(h);
    Ptr<Route> route;
    if (ip && ip->GetRoutingProtocol())
    {
        Socket::SocketErrno err;
        route = ip->GetRoutingProtocol()->RouteOutput(p, header, nullptr, err);
    }
    if (!down.IsNull())
    {
        down(p, header.GetSource(), header.GetDestination(), TcpFsmL4Protocol::PROT_NUMBER, route);
    }
}

} // namespace

void
TcpFsmL4Protocol::SendSegment(Ptr<Packet> payload,
                              TcpHeader h,
                              const TcpFsmTuple& t,
                              uint64_t socketId)
{
    TraceSegment(true, h, payload->GetSize(), t, socketId);
    Ptr<Packet> p = payload->Copy();
    if (t.family == 4)
    {
        Ipv4Header ip;
        ip.SetSource(t.LocalV4());
        ip.SetDestination(t.PeerV4());
        ip.SetProtocol(PROT_NUMBER);
        RouteAndSend<Ipv4Route>(
            m_node ? m_node->GetObject<Ipv4>() : nullptr, m_downTarget, p, h, ip);
        return;
    }
    Ipv6Header ip;
    ip.SetSource(t.LocalV6());
    ip.SetDestination(t.PeerV6());
    ip.SetNextHeader(PROT_NUMBER);
    RouteAndSend<Ipv6Route>(m_node ? m_node->GetObject<Ipv6>() : nullptr, m_downTarget6, p, h, ip);
}

bool
TcpFsmL4Protocol::SelectSourceAddress(TcpFsmTuple& t) const
{
    Socket::SocketErrno err;
    if (t.family == 4)
    {
        Ptr<Ipv4> ipv4 = m_node ? m_node->GetObject<Ipv4>() : nullptr;
        if (!ipv4 || !ipv4->GetRoutingProtocol())
        {
            return false;
        }
        Ipv4Header header;
        header.SetDestination(t.PeerV4());
        Ptr<Ipv4Route> route
            = ipv4->GetRoutingProtocol()->RouteOutput(Ptr<Packet>(), header, nullptr, err);
        if (!route)
        {
            return false;
        }
        t.SetLocal(route->GetSource());
        return true;
    }
    Ptr<Ipv6> ipv6 = m_node ? m_node->GetObject<Ipv6>() : nullptr;
    if (!ipv6 || !ipv6->GetRoutingProtocol())
    {
        return false;
    }
    Ipv6Header header;
    header.SetDestination(t.PeerV6());
    Ptr<Ipv6Route> route
        = ipv6->GetRoutingProtocol()->RouteOutput(Ptr<Packet>(), header, nullptr, err);
    if (!route)
    {
        return false;
    }
    t.SetLocal(route->GetSource());
    return true;
}

bool
TcpFsmL4Protocol::ReservePort(uint16_t& port)
{
    if (port == 0)
    {
        const uint32_t range = m_ephemeralLast >= m_ephemeralFirst
                                   ? uint32_t(m_ephemeralLast - m_ephemeralFirst) + 1
                                   : 1;
        for (uint32_t i = 0; i < range; ++i)
        {
            uint16_t candidate = m_nextEphemeral;
            m_nextEphemeral = candidate >= m_ephemeralLast ? m_ephemeralFirst : candidate + 1;
            if (candidate < m_ephemeralFirst || candidate > m_ephemeralLast)
            {
                continue;
            }
            if (!m_reservedPorts.count(candidate) && !m_listeners.count(candidate))
            {
                port = candidate;
                ++m_reservedPorts[port];
                return true;
            }
        }
        return false;
    }
    if (m_reservedPorts.count(port) || m_listeners.count(port))
    {
        return false;
    }
    ++m_reservedPorts[port];
    return true;
}

void
TcpFsmL4Protocol::ReleasePort(uint16_t port)
{
    auto it = m_reservedPorts.find(port);
    if (it != m_reservedPorts.end() && --it->second == 0)
    {
        m_reservedPorts.erase(it);
    }
}

bool
TcpFsmL4Protocol::AddListener(Ptr<TcpFsmSocket> socket, const TcpFsmTuple& local)
{
    auto& list = m_listeners[local.localPort];
    for (const auto& l : list)
    {
        if (l.local.family == local.family
            && (l.local.localAddr == local.localAddr || l.local.LocalIsAny() || local.LocalIsAny()))
        {
            return false;
        }
    }
    list.push_back({local, socket});
    return true;
}

void
TcpFsmL4Protocol::RemoveListener(TcpFsmSocket* socket, const TcpFsmTuple& local)
{
    auto it = m_listeners.find(local.localPort);
    if (it == m_listeners.end())
    {
        return;
    }
    auto& list = it->second;
    for (auto l = list.begin(); l != list.end(); ++l)
    {
        if (PeekPointer(l->socket) == socket)
        {
            Ptr<TcpFsmSocket> keep = l->socket; // the caller may hold no other reference
            list.erase(l);
            if (list.empty())
            {
                m_listeners.erase(it);
            }
            return;
        }
    }
}

bool
TcpFsmL4Protocol::AddConnection(Ptr<TcpFsmSocket> socket, const TcpFsmTuple& tuple)
{
    if (TupleInUse(tuple))
    {
        return false;
    }
    m_connections.emplace(tuple, socket);
    return true;
}

void
TcpFsmL4Protocol::RemoveConnection(const TcpFsmTuple& tuple)
{
    auto it = m_connections.find(tuple);
    if (it != m_connections.end())
    {
        m_connections.erase(it); // callers hold their own reference while they finish
    }
}

bool
TcpFsmL4Protocol::TupleInUse(const TcpFsmTuple& tuple) const
{
    return m_connections.count(tuple) || m_timeWait.Find(tuple);
}

bool
TcpFsmL4Protocol::AllocateEphemeral(TcpFsmTuple& tuple)
{
    const uint32_t range = m_ephemeralLast >= m_ephemeralFirst
                               ? uint32_t(m_ephemeralLast - m_ephemeralFirst) + 1
                               : 1;
    for (uint32_t i = 0; i < range; ++i)
    {
        uint16_t candidate = m_nextEphemeral;
        m_nextEphemeral = candidate >= m_ephemeralLast ? m_ephemeralFirst : candidate + 1;
        if (candidate < m_ephemeralFirst || candidate > m_ephemeralLast)
        {
            continue;
        }
        tuple.localPort = candidate;
        if (!m_reservedPorts.count(candidate) && !m_listeners.count(candidate)
            && !TupleInUse(tuple))
        {
            return true;
        }
    }
    tuple.localPort = 0;
    return false;
}

void
TcpFsmL4Protocol::EnterTimeWait(const TcpFsmTimeWaitRecord& record)
{
    m_timeWait.Insert(record, record.twoMsl);
}

const TcpFsmTimeWaitTable&
TcpFsmL4Protocol::GetTimeWaitTable() const
{
    return m_timeWait;
}

std::size_t
TcpFsmL4Protocol::GetConnectionCount() const
{
    return m_connections.size();
}

uint64_t
TcpFsmL4Protocol::GetDropCount() const
{
    return m_drops;
}

uint64_t
TcpFsmL4Protocol::GetDropCountFor(const std::string& reason) const
{
    auto it = m_dropsByReason.find(reason);
    return it == m_dropsByReason.end() ? 0 : it->second;
}

const std::map<std::string, uint64_t>&
TcpFsmL4Protocol::GetDropCounts() const
{
    return m_dropsByReason;
}

uint64_t
TcpFsmL4Protocol::GetRstForUnknownCount() const
{
    return m_rstForUnknown;
}

void
TcpFsmL4Protocol::SetDownTarget(IpL4Protocol::DownTargetCallback cb)
{
    m_downTarget = cb;
}

void
TcpFsmL4Protocol::SetDownTarget6(IpL4Protocol::DownTargetCallback6 cb)
{
    m_downTarget6 = cb;
}

IpL4Protocol::DownTargetCallback
TcpFsmL4Protocol::GetDownTarget() const
{
    return m_downTarget;
}

IpL4Protocol::DownTargetCallback6
TcpFsmL4Protocol::GetDownTarget6() const
{
    return m_downTarget6;
}

} // namespace ns3
