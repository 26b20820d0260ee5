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
