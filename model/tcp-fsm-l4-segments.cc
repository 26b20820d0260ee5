/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * TcpFsmL4Protocol, segments: header checks, checksums, the 4-tuple, delivery to a
 * connection, a TIME_WAIT record or a listener, the RFC 9293 3.10.7.1 reset for segments that
 * match nothing, and the way down (route, checksum, IPv4 or IPv6).
 */
#include "tcp-fsm-branch.h"
#include "tcp-fsm-l4-protocol.h"
#include "tcp-fsm-options.h"
#include "tcp-fsm-segment-classifier.h"
#include "tcp-fsm-socket.h"

#include "ns3/ipv4-route.h"
#include "ns3/ipv4-routing-protocol.h"
#include "ns3/ipv4.h"
#include "ns3/ipv6-route.h"
#include "ns3/ipv6-routing-protocol.h"
#include "ns3/ipv6.h"
#include "ns3/log.h"
#include "ns3/node.h"
#include "ns3/packet.h"
#include "ns3/simulator.h"
#include "ns3/tcp-header.h"
#include "ns3/tcp-option.h"

#include <algorithm>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("TcpFsmL4Segments");

bool
TcpFsmL4Protocol::ParseHeader(const Ptr<Packet>& p,
                              TcpHeader& h,
                              const char*& reason,
                              bool checksum)
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
    // Checksums need ns-3's reader (it sums the bytes as it reads them); without, the common
    // options are read here without ns-3's ObjectFactory per option (TcpFsmReadHeader).
    if (checksum || !TcpFsmReadHeader(raw, offset, h))
    {
        p->PeekHeader(h);
    }
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
ParseSegment(const Ptr<Packet>& p,
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
    if (TCP_FSM_UNLIKELY(!TcpFsmL4Protocol::ParseHeader(p, h, reason, checksum)))
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

template<class Address>
enum IpL4Protocol::RxStatus
TcpFsmL4Protocol::ReceiveFrom(const Ptr<Packet>& p, Address src, Address dst, uint8_t ipEcn)
{
    TcpHeader h;
    TcpFsmTuple t;
    const char* reason = nullptr;
    bool checksumFailed = false;
    if (TCP_FSM_UNLIKELY(!ParseSegment(p, src, dst, h, t, reason, checksumFailed)))
    {
        NotifyDrop(p, h, reason);
        return checksumFailed ? IpL4Protocol::RX_CSUM_FAILED : IpL4Protocol::RX_ENDPOINT_CLOSED;
    }
    return Deliver(p, h, t, ipEcn);
}

enum IpL4Protocol::RxStatus
TcpFsmL4Protocol::Receive(Ptr<Packet> p,
                          const Ipv4Header& header,
                          Ptr<Ipv4Interface> /* incomingInterface */)
{
    return ReceiveFrom(p,
                       header.GetSource(),
                       header.GetDestination(),
                       static_cast<uint8_t>(header.GetEcn())); // RFC 3168 5: the ECN field
}

enum IpL4Protocol::RxStatus
TcpFsmL4Protocol::Receive(Ptr<Packet> p,
                          const Ipv6Header& header,
                          Ptr<Ipv6Interface> /* incomingInterface */)
{
    return ReceiveFrom(
        p, header.GetSource(), header.GetDestination(), static_cast<uint8_t>(header.GetEcn()));
}

enum IpL4Protocol::RxStatus
TcpFsmL4Protocol::Deliver(const Ptr<Packet>& p,
                          const TcpHeader& h,
                          const TcpFsmTuple& t,
                          uint8_t ipEcn)
{
    auto it = m_connections.find(t);
    if (it != m_connections.end())
    {
        Ptr<TcpFsmSocket> socket = it->second;
        if (TCP_FSM_UNLIKELY(SegmentsTraced(false)))
        {
            TraceSegment(false, h, p->GetSize(), t, socket->GetSocketId());
        }
        socket->Receive(p, h, t, ipEcn);
        return IpL4Protocol::RX_OK;
    }
    if (const TcpFsmTimeWaitRecord* record = m_timeWait.Find(t))
    {
        TcpFsmTimeWaitRecord copy = *record;
        if (TCP_FSM_UNLIKELY(SegmentsTraced(false)))
        {
            TraceSegment(false, h, p->GetSize(), t, copy.socketId);
        }
        DeliverToTimeWait(copy, p, h);
        return IpL4Protocol::RX_OK;
    }
    if (TcpFsmSocket* listener = FindListener(t))
    {
        Ptr<TcpFsmSocket> keep(listener);
        if (TCP_FSM_UNLIKELY(SegmentsTraced(false)))
        {
            TraceSegment(false, h, p->GetSize(), t, listener->GetSocketId());
        }
        listener->Receive(p, h, t);
        return IpL4Protocol::RX_OK;
    }
    if (TCP_FSM_UNLIKELY(SegmentsTraced(false)))
    {
        TraceSegment(false, h, p->GetSize(), t, 0);
    }
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
/// h is copied only for a checksum (a TcpHeader copy copies its option list).
template<class Route, class Ip, class IpHeader, class DownTarget>
void
RouteAndSend(Ptr<Ip> ip,
             const DownTarget& down,
             const Ptr<Packet>& p,
             const TcpHeader& h,
             const IpHeader& header)
{
    if (Node::ChecksumEnabled())
    {
        TcpHeader summed = h;
        summed.EnableChecksums();
        summed.InitializeChecksum(
            header.GetSource(), header.GetDestination(), TcpFsmL4Protocol::PROT_NUMBER);
        p->AddHeader(summed);
    }
    else
    {
        p->AddHeader(h);
    }
    Ptr<Route> route;
    if (const auto routing = ip ? ip->GetRoutingProtocol() : nullptr)
    {
        Socket::SocketErrno err;
        route = routing->RouteOutput(p, header, nullptr, err);
    }
    if (!down.IsNull())
    {
        down(p, header.GetSource(), header.GetDestination(), TcpFsmL4Protocol::PROT_NUMBER, route);
    }
}

} // namespace

void
TcpFsmL4Protocol::SendSegment(const Ptr<Packet>& payload,
                              const TcpHeader& h,
                              const TcpFsmTuple& t,
                              uint64_t socketId)
{
    if (TCP_FSM_UNLIKELY(SegmentsTraced(true)))
    {
        TraceSegment(true, h, payload->GetSize(), t, socketId);
    }
    // A segment no one else holds (the socket made it for this send and no Tx trace sink
    // kept it) takes the header in place; otherwise a copy does, as ns-3's TcpL4Protocol
    // makes one for every segment, so that whoever holds the payload sees no header.
    Ptr<Packet> p = payload->GetReferenceCount() == 1 ? payload : payload->Copy();
    if (t.family == 4)
    {
        Ipv4Header ip;
        ip.SetSource(t.LocalV4());
        ip.SetDestination(t.PeerV4());
        ip.SetProtocol(PROT_NUMBER);
        RouteAndSend<Ipv4Route>(NodeIpv4(), m_downTarget, p, h, ip);
        return;
    }
    Ipv6Header ip;
    ip.SetSource(t.LocalV6());
    ip.SetDestination(t.PeerV6());
    ip.SetNextHeader(PROT_NUMBER);
    RouteAndSend<Ipv6Route>(NodeIpv6(), m_downTarget6, p, h, ip);
}

bool
TcpFsmL4Protocol::SelectSourceAddress(TcpFsmTuple& t) const
{
    Socket::SocketErrno err;
    if (t.family == 4)
    {
        Ptr<Ipv4> ipv4 = NodeIpv4();
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
    Ptr<Ipv6> ipv6 = NodeIpv6();
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

} // namespace ns3
