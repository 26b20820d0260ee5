/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef TCP_FSM_TUPLE_H
#define TCP_FSM_TUPLE_H

#include "ns3/address.h"
#include "ns3/ipv4-address.h"
#include "ns3/ipv6-address.h"

#include <array>
#include <boost/container_hash/hash.hpp>
#include <cstdint>
#include <cstring>
#include <string>

namespace ns3
{

/**
 * \ingroup tcp-fsm
 * \brief A connection's 4-tuple (IPv4 or IPv6), hashable: the key of the demultiplexer.
 *
 * IPv4 addresses are stored in the first 4 bytes; the family tells them apart.
 */
struct TcpFsmTuple
{
    uint8_t family{4}; ///< 4 or 6
    std::array<uint8_t, 16> localAddr{};
    std::array<uint8_t, 16> peerAddr{};
    uint16_t localPort{0};
    uint16_t peerPort{0};

    bool operator==(const TcpFsmTuple& o) const
    {
        return family == o.family && localPort == o.localPort && peerPort == o.peerPort
               && localAddr == o.localAddr && peerAddr == o.peerAddr;
    }

    void SetLocal(Ipv4Address a);
    void SetLocal(Ipv6Address a);
    void SetPeer(Ipv4Address a);
    void SetPeer(Ipv6Address a);
    Ipv4Address LocalV4() const;
    Ipv4Address PeerV4() const;
    Ipv6Address LocalV6() const;
    Ipv6Address PeerV6() const;
    /// The local address is the unspecified one (0.0.0.0 or ::).
    bool LocalIsAny() const;
    /// InetSocketAddress / Inet6SocketAddress of each end.
    Address LocalAddress() const;
    Address PeerAddress() const;
    /// Fill from an InetSocketAddress or Inet6SocketAddress; false for other kinds.
    bool SetLocalFrom(const Address& a);
    bool SetPeerFrom(const Address& a);
    /// "10.0.0.1:49153 > 10.0.0.2:80"
    std::string Describe() const;
};

/// FNV-1a over the tuple's bytes (addresses, ports, family): RFC 6528's F before the secret
/// (TcpFsmSocket::InitIss). Its offset basis is 1469598103934665603, FNV's
/// 14695981039346656037 without the last digit, as since the first release. Every ISN, hence
/// every trace, depends on it: it stays as it is, apart from the demultiplexer's hash below.
uint64_t TcpFsmTupleFnv1a(const TcpFsmTuple& t);

/// The demultiplexer's hash (connections, TIME_WAIT table): the addresses as 64-bit words,
/// the ports and the family, mixed by boost::hash_combine (a few multiplications; FNV-1a's
/// byte loop costs about 60 instructions, a tuple is hashed about 28 times per connection).
/// Only the containers' bucket choice depends on it, never what a run does.
struct TcpFsmTupleHash
{
    std::size_t operator()(const TcpFsmTuple& t) const noexcept
    {
        uint64_t w[4];
        std::memcpy(&w[0], t.localAddr.data(), 8);
        std::memcpy(&w[1], t.peerAddr.data(), 8);
        std::size_t seed
            = (std::size_t(t.localPort) << 24) | (std::size_t(t.peerPort) << 8) | t.family;
        boost::hash_combine(seed, w[0]);
        boost::hash_combine(seed, w[1]);
        if (t.family == 6)
        {
            std::memcpy(&w[2], t.localAddr.data() + 8, 8);
            std::memcpy(&w[3], t.peerAddr.data() + 8, 8);
            boost::hash_combine(seed, w[2]);
            boost::hash_combine(seed, w[3]);
        }
        return seed;
    }
};

} // namespace ns3

#endif /* TCP_FSM_TUPLE_H */
