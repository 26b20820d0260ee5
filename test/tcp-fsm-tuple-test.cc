/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A tuple's ends as ns-3 Addresses: TcpFsmTuple builds an IPv4 end's Address from its stored
 * bytes (transition records make two per state change) instead of through InetSocketAddress.
 * It must be the very Address ns-3's own conversion makes, both ways, for any address and
 * port (a byte order or a length that differs from ns-3.37's InetSocketAddress would show in
 * every trace row and in the addresses handed to applications).
 */
#include "ns3/inet-socket-address.h"
#include "ns3/inet6-socket-address.h"
#include "ns3/tcp-fsm-tuple.h"

#include <cstdint>
#include <gtest/gtest.h>
#include <set>
#include <utility>
#include <vector>

using namespace ns3;

TEST(TcpFsmTupleAddress, IsTheAddressOfAnInetSocketAddress)
{
    const std::vector<std::pair<Ipv4Address, uint16_t>> ends{
        {Ipv4Address("10.0.0.1"), 49152},
        {Ipv4Address("192.168.200.254"), 1},
        {Ipv4Address("255.255.255.255"), 65535},
        {Ipv4Address("0.0.0.0"), 0},
        {Ipv4Address("1.2.3.4"), 0x1234},
    };
    for (const auto& [ip, port] : ends)
    {
        TcpFsmTuple t;
        t.SetLocal(ip);
        t.localPort = port;
        t.SetPeer(Ipv4Address("172.16.5.9"));
        t.peerPort = static_cast<uint16_t>(port ^ 0xff00);
        const Address local = t.LocalAddress();
        EXPECT_EQ(local, Address(InetSocketAddress(ip, port))) << ip << ":" << port;
        EXPECT_EQ(t.PeerAddress(),
                  Address(InetSocketAddress(Ipv4Address("172.16.5.9"), t.peerPort)));
        ASSERT_TRUE(InetSocketAddress::IsMatchingType(local));
        const InetSocketAddress back = InetSocketAddress::ConvertFrom(local);
        EXPECT_EQ(back.GetIpv4(), ip);
        EXPECT_EQ(back.GetPort(), port);
        EXPECT_EQ(back.GetTos(), 0);
        TcpFsmTuple again;
        ASSERT_TRUE(again.SetLocalFrom(local));
        EXPECT_EQ(again.LocalV4(), ip);
        EXPECT_EQ(again.localPort, port);
    }
}

TEST(TcpFsmTupleAddress, Ipv6EndsAreInet6SocketAddresses)
{
    TcpFsmTuple t;
    t.family = 6;
    t.SetLocal(Ipv6Address("2001:db8::1"));
    t.localPort = 443;
    t.SetPeer(Ipv6Address("fe80::2"));
    t.peerPort = 50000;
    EXPECT_EQ(t.LocalAddress(), Address(Inet6SocketAddress(Ipv6Address("2001:db8::1"), 443)));
    EXPECT_EQ(t.PeerAddress(), Address(Inet6SocketAddress(Ipv6Address("fe80::2"), 50000)));
    EXPECT_FALSE(InetSocketAddress::IsMatchingType(t.LocalAddress()));
}

namespace
{

/// FNV-1a (64 bits) written out here from its definition, over the bytes in the order
/// RFC 6528's F takes them in tcp-fsm: local address, peer address (4 or 16 bytes), local
/// port, peer port (network order), family. The offset basis is tcp-fsm's: 1469598103934665603,
/// FNV's 14695981039346656037 without its last digit since the first release; every ISN
/// depends on it, so it stays (a different basis is as good a hash).
uint64_t
Fnv1aByDefinition(const std::vector<uint8_t>& bytes)
{
    uint64_t h = 1469598103934665603ULL; // see above; FNV's own is 0xcbf29ce484222325
    for (uint8_t b : bytes)
    {
        h = (h ^ b) * 0x100000001b3ULL; // FNV prime
    }
    return h;
}

TcpFsmTuple
V4Tuple(const char* local, uint16_t lport, const char* peer, uint16_t pport)
{
    TcpFsmTuple t;
    t.SetLocal(Ipv4Address(local));
    t.SetPeer(Ipv4Address(peer));
    t.localPort = lport;
    t.peerPort = pport;
    return t;
}

} // namespace

// The ISN function (InitIss) is FNV-1a over the tuple: every ISN of every trace depends on it,
// so the demultiplexer's faster hash must not have replaced it.
TEST(TcpFsmTupleHash, IsnFunctionIsFnv1aOverTheTuple)
{
    const TcpFsmTuple t = V4Tuple("10.0.0.1", 49153, "10.0.0.2", 80);
    EXPECT_EQ(TcpFsmTupleFnv1a(t),
              Fnv1aByDefinition({10, 0, 0, 1, 10, 0, 0, 2, 0xc0, 0x01, 0x00, 0x50, 4}));
    TcpFsmTuple t6;
    t6.SetLocal(Ipv6Address("2001:db8::1"));
    t6.SetPeer(Ipv6Address("2001:db8::2"));
    t6.localPort = 80;
    t6.peerPort = 50000;
    std::vector<uint8_t> bytes{0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1,
                               0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2};
    bytes.insert(bytes.end(), {0x00, 0x50, 0xc3, 0x50, 6});
    EXPECT_EQ(TcpFsmTupleFnv1a(t6), Fnv1aByDefinition(bytes));
}

// The demultiplexer's hash: equal tuples hash alike; a change in any one field (each port,
// each address, the high words of an IPv6 address, the family) gives another value, and the
// tuples of a lifecycle benchmark (one client address, consecutive ports) spread out.
TEST(TcpFsmTupleHash, DemuxHashSeesEveryField)
{
    const TcpFsmTupleHash hash;
    const TcpFsmTuple base = V4Tuple("10.0.0.1", 49153, "10.0.0.2", 80);
    EXPECT_EQ(hash(base), hash(V4Tuple("10.0.0.1", 49153, "10.0.0.2", 80)));
    EXPECT_NE(hash(base), hash(V4Tuple("10.0.0.1", 49154, "10.0.0.2", 80)));
    EXPECT_NE(hash(base), hash(V4Tuple("10.0.0.1", 49153, "10.0.0.2", 81)));
    EXPECT_NE(hash(base), hash(V4Tuple("10.0.0.3", 49153, "10.0.0.2", 80)));
    EXPECT_NE(hash(base), hash(V4Tuple("10.0.0.1", 49153, "10.0.1.2", 80)));
    // swapped ends are another connection's view
    EXPECT_NE(hash(base), hash(V4Tuple("10.0.0.2", 80, "10.0.0.1", 49153)));

    TcpFsmTuple a;
    a.SetLocal(Ipv6Address("2001:db8::1"));
    a.SetPeer(Ipv6Address("2001:db8::2"));
    a.localPort = 80;
    a.peerPort = 50000;
    TcpFsmTuple b = a;
    EXPECT_EQ(hash(a), hash(b));
    b.localAddr[15] ^= 1; // low word of the local address
    EXPECT_NE(hash(a), hash(b));
    b = a;
    b.peerAddr[12] ^= 0x80; // low word of the peer address
    EXPECT_NE(hash(a), hash(b));
    b = a;
    b.family = 4; // the same bytes as an IPv4 tuple
    EXPECT_NE(hash(a), hash(b));

    std::set<std::size_t> values;
    std::set<std::size_t> buckets;
    const std::size_t nBuckets = 1031; // a prime, as libstdc++'s unordered_map uses
    for (uint16_t port = 49152; port < 49152 + 1000; ++port)
    {
        const std::size_t h = hash(V4Tuple("10.0.0.1", port, "10.0.0.2", 80));
        values.insert(h);
        buckets.insert(h % nBuckets);
    }
    EXPECT_EQ(values.size(), 1000u);
    EXPECT_GT(buckets.size(), 550u); // uniform: about 1031 * (1 - e^-0.97) = 640
}
