/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * TCP Fast Open building blocks: the option on the wire (kind 34, kind 254 with its magic,
 * Linux's NOP padding), malformed options, the key in Linux's sysctl format, and the cookie
 * that Linux computes for the upstream packetdrill scripts' addresses and key.
 */
#include "ns3/packet.h"
#include "ns3/tcp-fsm-fastopen.h"
#include "ns3/tcp-header.h"

#include <gtest/gtest.h>

using namespace ns3;

namespace
{

/// The header after a trip through the wire format.
TcpHeader
RoundTrip(const TcpHeader& h)
{
    Ptr<Packet> p = Create<Packet>();
    p->AddHeader(h);
    TcpHeader back;
    p->RemoveHeader(back);
    return back;
}

/// The option bytes of a SYN carrying one option.
std::vector<uint8_t>
OptionBytes(Ptr<const TcpOption> option)
{
    TcpHeader h;
    h.SetFlags(TcpHeader::SYN);
    EXPECT_TRUE(h.AppendOption(option));
    Ptr<Packet> p = Create<Packet>();
    p->AddHeader(h);
    std::vector<uint8_t> bytes(p->GetSize());
    p->CopyData(bytes.data(), bytes.size());
    return std::vector<uint8_t>(bytes.begin() + 20, bytes.end());
}

/// A header whose options are the given bytes (after a 20-byte SYN header).
TcpHeader
HeaderWithOptionBytes(std::vector<uint8_t> options)
{
    while (options.size() % 4)
    {
        options.push_back(0);
    }
    std::vector<uint8_t> bytes(20, 0);
    bytes[12] = static_cast<uint8_t>(((20 + options.size()) / 4) << 4);
    bytes[13] = TcpHeader::SYN;
    bytes.insert(bytes.end(), options.begin(), options.end());
    Ptr<Packet> p = Create<Packet>(bytes.data(), bytes.size());
    TcpHeader h;
    p->RemoveHeader(h);
    return h;
}

} // namespace

TEST(FastOpenOption, CookieOptionIsKind34WithTwoNopsAfterIt)
{
    const TcpFsmFastOpenCookie cookie = {1, 2, 3, 4, 5, 6, 7, 8};
    EXPECT_EQ(OptionBytes(Create<TcpFsmFastOpenOption>(cookie, false)),
              (std::vector<uint8_t>{34, 10, 1, 2, 3, 4, 5, 6, 7, 8, 1, 1}));
}

TEST(FastOpenOption, CookieRequestIsKind34Length2)
{
    EXPECT_EQ(OptionBytes(Create<TcpFsmFastOpenOption>(TcpFsmFastOpenCookie{}, false)),
              (std::vector<uint8_t>{34, 2, 1, 1}));
}

TEST(FastOpenOption, ExperimentalOptionIsKind254WithMagic)
{
    const TcpFsmFastOpenCookie cookie = {1, 2, 3, 4, 5, 6, 7, 8};
    EXPECT_EQ(OptionBytes(Create<TcpFsmFastOpenOption>(cookie, true)),
              (std::vector<uint8_t>{254, 12, 0xF9, 0x89, 1, 2, 3, 4, 5, 6, 7, 8}));
    EXPECT_EQ(OptionBytes(Create<TcpFsmFastOpenOption>(TcpFsmFastOpenCookie{}, true)),
              (std::vector<uint8_t>{254, 4, 0xF9, 0x89}));
}

TEST(FastOpenOption, ReadBackAfterTheWire)
{
    const TcpFsmFastOpenCookie cookie = {0x30, 0x21, 0xb9, 0xd8, 0x89, 0x01, 0x7e, 0xeb};
    for (bool experimental : {false, true})
    {
        TcpHeader h;
        h.SetFlags(TcpHeader::SYN);
        h.AppendOption(Create<TcpFsmFastOpenOption>(cookie, experimental));
        TcpFsmFastOpenSeen seen = TcpFsmReadFastOpenOption(RoundTrip(h));
        EXPECT_TRUE(seen.present);
        EXPECT_EQ(seen.experimental, experimental);
        EXPECT_EQ(seen.cookie, cookie);
    }
    TcpHeader none;
    none.SetFlags(TcpHeader::SYN);
    EXPECT_FALSE(TcpFsmReadFastOpenOption(RoundTrip(none)).present);
}

TEST(FastOpenOption, MalformedOptionsCountAsAbsent)
{
    // A 254 without the magic, an odd cookie, a cookie below 4 bytes: ignored, never a crash.
    EXPECT_FALSE(
        TcpFsmReadFastOpenOption(HeaderWithOptionBytes({254, 6, 0x12, 0x34, 1, 2})).present);
    EXPECT_FALSE(TcpFsmReadFastOpenOption(HeaderWithOptionBytes({34, 7, 1, 2, 3, 4, 5})).present);
    EXPECT_FALSE(TcpFsmReadFastOpenOption(HeaderWithOptionBytes({34, 4, 1, 2})).present);
    EXPECT_TRUE(TcpFsmReadFastOpenOption(HeaderWithOptionBytes({34, 6, 1, 2, 3, 4})).present);
}

TEST(FastOpenKey, ParsesLinuxSysctlFormatWordsLittleEndian)
{
    TcpFsmFastOpenKey key{};
    ASSERT_TRUE(TcpFsmParseFastOpenKey("00010203-04050607-08090a0b-0c0d0e0f", key));
    EXPECT_EQ(key[0], 0x03);
    EXPECT_EQ(key[3], 0x00);
    EXPECT_EQ(key[15], 0x0c);
    EXPECT_EQ(TcpFsmFormatFastOpenKey(key), "00010203-04050607-08090a0b-0c0d0e0f");
}

TEST(FastOpenKey, RejectsAnythingElse)
{
    TcpFsmFastOpenKey key{};
    key[0] = 42;
    for (const char* bad : {"",
                            "a1a1a1a1",
                            "a1a1a1a1-b2b2b2b2-c3c3c3c3",
                            "a1a1a1a1-b2b2b2b2-c3c3c3c3-",
                            "a1a1a1a1-b2b2b2b2-c3c3c3c3-d4d4d4d4-",
                            "xyz-b2b2b2b2-c3c3c3c3-d4d4d4d4",
                            "a1a1a1a1a-b2b2b2b2-c3c3c3c3-d4d4d4d4"})
    {
        EXPECT_FALSE(TcpFsmParseFastOpenKey(bad, key)) << bad;
    }
    EXPECT_EQ(key[0], 42); // untouched
}

TEST(FastOpenCookie, MatchesLinuxForTheUpstreamScriptsKeyAndAddresses)
{
    // packetdrill's defaults.sh key, local 192.168.0.1 (the server), remote 192.0.2.1: the
    // scripts are run with -D TFO_COOKIE=3021b9d889017eeb.
    TcpFsmFastOpenKey key{};
    ASSERT_TRUE(TcpFsmParseFastOpenKey("a1a1a1a1-b2b2b2b2-c3c3c3c3-d4d4d4d4", key));
    TcpFsmTuple t;
    t.SetLocal(Ipv4Address("192.168.0.1"));
    t.SetPeer(Ipv4Address("192.0.2.1"));
    EXPECT_EQ(TcpFsmCookieHex(TcpFsmFastOpenCookieFor(key, t)), "3021b9d889017eeb");
}

TEST(FastOpenCookie, DependsOnKeyAndBothAddresses)
{
    TcpFsmFastOpenKey key{};
    TcpFsmParseFastOpenKey("a1a1a1a1-b2b2b2b2-c3c3c3c3-d4d4d4d4", key);
    TcpFsmTuple t;
    t.SetLocal(Ipv4Address("192.168.0.1"));
    t.SetPeer(Ipv4Address("192.0.2.1"));
    const std::string base = TcpFsmCookieHex(TcpFsmFastOpenCookieFor(key, t));
    TcpFsmTuple other = t;
    other.SetPeer(Ipv4Address("192.0.2.2"));
    EXPECT_NE(TcpFsmCookieHex(TcpFsmFastOpenCookieFor(key, other)), base);
    other = t;
    other.SetLocal(Ipv4Address("192.168.0.2"));
    EXPECT_NE(TcpFsmCookieHex(TcpFsmFastOpenCookieFor(key, other)), base);
    key[0] ^= 1;
    EXPECT_NE(TcpFsmCookieHex(TcpFsmFastOpenCookieFor(key, t)), base);
    TcpFsmTuple v6;
    v6.family = 6;
    v6.SetLocal(Ipv6Address("2001:db8::1"));
    v6.SetPeer(Ipv6Address("2001:db8::2"));
    EXPECT_EQ(TcpFsmFastOpenCookieFor(key, v6).size(), 8u);
}
