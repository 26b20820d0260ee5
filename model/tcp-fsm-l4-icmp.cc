/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * TcpFsmL4Protocol, ICMP input: an ICMP error (Icmpv4L4Protocol / Icmpv6L4Protocol hand it
 * to the protocol of the echoed IP header) goes to the connection whose segment it echoes:
 * the first 8 bytes of that segment are its ports and sequence number (RFC 792, RFC 4443).
 */
#include "tcp-fsm-l4-protocol.h"
#include "tcp-fsm-socket.h"

#include "ns3/log.h"

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("TcpFsmL4Icmp");

void
TcpFsmL4Protocol::ReceiveIcmp(Ipv4Address icmpSource,
                              uint8_t icmpTtl,
                              uint8_t icmpType,
                              uint8_t icmpCode,
                              uint32_t icmpInfo,
                              Ipv4Address payloadSource,
                              Ipv4Address payloadDestination,
                              const uint8_t payload[8])
{
    NS_LOG_FUNCTION(this << icmpSource << +icmpTtl << +icmpType << +icmpCode << icmpInfo);
    // The echoed segment is one we sent: its source is our end.
    TcpFsmTuple t;
    t.family = 4;
    t.SetLocal(payloadSource);
    t.SetPeer(payloadDestination);
    DeliverIcmp(t, icmpType, icmpCode, icmpInfo, payload);
}

void
TcpFsmL4Protocol::ReceiveIcmp(Ipv6Address icmpSource,
                              uint8_t icmpTtl,
                              uint8_t icmpType,
                              uint8_t icmpCode,
                              uint32_t icmpInfo,
                              Ipv6Address payloadSource,
                              Ipv6Address payloadDestination,
                              const uint8_t payload[8])
{
    NS_LOG_FUNCTION(this << icmpSource << +icmpTtl << +icmpType << +icmpCode << icmpInfo);
    TcpFsmTuple t;
    t.family = 6;
    t.SetLocal(payloadSource);
    t.SetPeer(payloadDestination);
    DeliverIcmp(t, icmpType, icmpCode, icmpInfo, payload);
}

void
TcpFsmL4Protocol::DeliverIcmp(
    TcpFsmTuple tuple, uint8_t type, uint8_t code, uint32_t info, const uint8_t payload[8])
{
    // The echoed TCP header starts with the source port, destination port and sequence
    // number, in network byte order.
    tuple.localPort = static_cast<uint16_t>(payload[0] << 8 | payload[1]);
    tuple.peerPort = static_cast<uint16_t>(payload[2] << 8 | payload[3]);
    const uint32_t seq = static_cast<uint32_t>(payload[4]) << 24
                         | static_cast<uint32_t>(payload[5]) << 16
                         | static_cast<uint32_t>(payload[6]) << 8 | payload[7];
    TcpFsmIcmpOutcome outcome = TcpFsmIcmpOutcome::NO_CONNECTION;
    auto it = m_connections.find(tuple);
    if (it != m_connections.end())
    {
        Ptr<TcpFsmSocket> socket = it->second;
        outcome = socket->ReceiveIcmp(type, code, info, SequenceNumber32(seq));
    }
    NS_LOG_LOGIC(tuple.Describe() << " ICMP " << +type << "/" << +code << ": "
                                  << TcpFsmIcmpOutcomeName(outcome));
    ++m_icmpCounts[outcome];
}

uint64_t
TcpFsmL4Protocol::GetIcmpCountFor(TcpFsmIcmpOutcome outcome) const
{
    auto it = m_icmpCounts.find(outcome);
    return it == m_icmpCounts.end() ? 0 : it->second;
}

} // namespace ns3
