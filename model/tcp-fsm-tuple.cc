/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "tcp-fsm-tuple.h"

#include "tcp-fsm-transition-record.h"

#include "ns3/inet-socket-address.h"
#include "ns3/inet6-socket-address.h"

#include <cstring>
#include <sstream>

namespace ns3
{

namespace
{

// IPv4 addresses in network order, as Ipv4Address::Serialize writes them (done here: the
// library's Serialize and Deserialize cost several times these few shifts).
void
Put4(std::array<uint8_t, 16>& dst, Ipv4Address a)
{
    const uint32_t v = a.Get();
    dst.fill(0);
    dst[0] = static_cast<uint8_t>(v >> 24);
    dst[1] = static_cast<uint8_t>(v >> 16);
    dst[2] = static_cast<uint8_t>(v >> 8);
    dst[3] = static_cast<uint8_t>(v);
}

Ipv4Address
Get4(const std::array<uint8_t, 16>& src)
{
    return Ipv4Address((uint32_t(src[0]) << 24) | (uint32_t(src[1]) << 16) | (uint32_t(src[2]) << 8)
                       | uint32_t(src[3]));
}

/// InetSocketAddress(addr, port) as an Address, from the stored bytes: a copy of an
/// InetSocketAddress's Address (its type) with the address bytes (network order, as stored)
/// and the port put in as ns-3.37's InetSocketAddress::ConvertTo does (low byte first, then
/// the type-of-service byte, 0). Building the InetSocketAddress and converting it cost about
/// 290 instructions (every transition record makes two); test TcpFsmTupleAddress.* compares
/// the two ways for ns-3's own conversion, both directions.
Address
V4SocketAddress(const std::array<uint8_t, 16>& addr, uint16_t port)
{
    static const Address inet = InetSocketAddress(Ipv4Address::GetAny(), 0);
    const uint8_t bytes[7] = {addr[0],
                              addr[1],
                              addr[2],
                              addr[3],
                              static_cast<uint8_t>(port & 0xff),
                              static_cast<uint8_t>(port >> 8),
                              0};
    Address a = inet;
    a.CopyFrom(bytes, sizeof(bytes));
    return a;
}

void
Put6(std::array<uint8_t, 16>& dst, Ipv6Address a)
{
    a.Serialize(dst.data());
}

} // namespace

void
TcpFsmTuple::SetLocal(Ipv4Address a)
{
    family = 4;
    Put4(localAddr, a);
}

void
TcpFsmTuple::SetLocal(Ipv6Address a)
{
    family = 6;
    Put6(localAddr, a);
}

void
TcpFsmTuple::SetPeer(Ipv4Address a)
{
    family = 4;
    Put4(peerAddr, a);
}

void
TcpFsmTuple::SetPeer(Ipv6Address a)
{
    family = 6;
    Put6(peerAddr, a);
}

Ipv4Address
TcpFsmTuple::LocalV4() const
{
    return Get4(localAddr);
}

Ipv4Address
TcpFsmTuple::PeerV4() const
{
    return Get4(peerAddr);
}

Ipv6Address
TcpFsmTuple::LocalV6() const
{
    return Ipv6Address::Deserialize(localAddr.data());
}

Ipv6Address
TcpFsmTuple::PeerV6() const
{
    return Ipv6Address::Deserialize(peerAddr.data());
}

bool
TcpFsmTuple::LocalIsAny() const
{
    for (uint8_t b : localAddr)
    {
        if (b != 0)
        {
            return false;
        }
    }
    return true;
}

Address
TcpFsmTuple::LocalAddress() const
{
    if (family == 6)
    {
        return Inet6SocketAddress(LocalV6(), localPort);
    }
    return V4SocketAddress(localAddr, localPort);
}

Address
TcpFsmTuple::PeerAddress() const
{
    if (family == 6)
    {
        return Inet6SocketAddress(PeerV6(), peerPort);
    }
    return V4SocketAddress(peerAddr, peerPort);
}

bool
TcpFsmTuple::SetLocalFrom(const Address& a)
{
    if (InetSocketAddress::IsMatchingType(a))
    {
        auto s = InetSocketAddress::ConvertFrom(a);
        SetLocal(s.GetIpv4());
        localPort = s.GetPort();
        return true;
    }
    if (Inet6SocketAddress::IsMatchingType(a))
    {
        auto s = Inet6SocketAddress::ConvertFrom(a);
        SetLocal(s.GetIpv6());
        localPort = s.GetPort();
        return true;
    }
    return false;
}

bool
TcpFsmTuple::SetPeerFrom(const Address& a)
{
    if (InetSocketAddress::IsMatchingType(a))
    {
        auto s = InetSocketAddress::ConvertFrom(a);
        SetPeer(s.GetIpv4());
        peerPort = s.GetPort();
        return true;
    }
    if (Inet6SocketAddress::IsMatchingType(a))
    {
        auto s = Inet6SocketAddress::ConvertFrom(a);
        SetPeer(s.GetIpv6());
        peerPort = s.GetPort();
        return true;
    }
    return false;
}

std::string
TcpFsmTuple::Describe() const
{
    return TcpFsmFormatAddress(LocalAddress()) + " > " + TcpFsmFormatAddress(PeerAddress());
}

uint64_t
TcpFsmTupleFnv1a(const TcpFsmTuple& t)
{
    uint64_t h = 1469598103934665603ULL;
    auto mix = [&h](const uint8_t* p, std::size_t n)
    {
        for (std::size_t i = 0; i < n; ++i)
        {
            h ^= p[i];
            h *= 1099511628211ULL;
        }
    };
    std::size_t n = t.family == 6 ? 16 : 4;
    mix(t.localAddr.data(), n);
    mix(t.peerAddr.data(), n);
    uint8_t ports[5] = {uint8_t(t.localPort >> 8),
                        uint8_t(t.localPort),
                        uint8_t(t.peerPort >> 8),
                        uint8_t(t.peerPort),
                        t.family};
    mix(ports, sizeof(ports));
    return h;
}

} // namespace ns3
