/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * tcp-fsm-lab's segment drops: the --drop=KIND:N parser, the segment dropper (which segment
 * is the Nth of its kind, across both directions) and the ErrorModel that applies it to PPP
 * frames.
 */
#include "tcp-fsm-lab-fixture.h"

#include "ns3/core-module.h"
#include "ns3/internet-module.h"
#include "ns3/network-module.h"
#include "ns3/ppp-header.h"
#include "ns3/tcp-fsm-drop-spec.h"
#include "ns3/tcp-fsm-lab-scenario.h"

#include <gtest/gtest.h>

using namespace ns3;
using namespace ns3::labtest;

namespace
{

// ---- --drop=KIND:N ----------------------------------------------------------------------------

TEST(DropSpec, ParsesKindsNumbersRangesAndLists)
{
    std::vector<TcpFsmDropRule> rules;
    std::string error;
    ASSERT_TRUE(TcpFsmDropSpec::Parse("synack:1", rules, error)) << error;
    ASSERT_TRUE(TcpFsmDropSpec::Parse("syn:2-4,ack3:1,fin:12", rules, error)) << error;
    const std::vector<TcpFsmDropRule> want = {
        {TcpFsmSegmentKind::SYN_ACK, 1, 1},
        {TcpFsmSegmentKind::SYN, 2, 4},
        {TcpFsmSegmentKind::ACK3, 1, 1},
        {TcpFsmSegmentKind::FIN, 12, 12},
    };
    EXPECT_EQ(rules, want);
    EXPECT_EQ(TcpFsmDropSpec::Format(rules[0]), "synack:1");
    EXPECT_EQ(TcpFsmDropSpec::Format(rules[1]), "syn:2-4");
    for (const char* kind : {"syn", "synack", "ack3", "ack", "ackfin", "data", "fin", "rst", "any"})
    {
        std::vector<TcpFsmDropRule> one;
        EXPECT_TRUE(TcpFsmDropSpec::Parse(std::string(kind) + ":3", one, error)) << kind;
        ASSERT_EQ(one.size(), 1U);
        EXPECT_STREQ(TcpFsmDropSpec::KindName(one[0].kind), kind);
    }
}

TEST(DropSpec, RefusesMalformedSpecsAndKeepsTheRules)
{
    const std::vector<std::pair<std::string, std::string>> bad = {
        {"",
         "empty value: expected KIND:N (kinds: syn, synack, ack3, ack, ackfin, data, fin, "
         "rst, any)"},
        {"syn", "'syn': expected KIND:N or KIND:N-M (e.g. synack:1, syn:1-3)"},
        {"sin:1",
         "'sin:1': unknown kind 'sin' (kinds: syn, synack, ack3, ack, ackfin, data, "
         "fin, rst, any)"},
        {"syn:0", "'syn:0': N must be a whole number >= 1 (KIND:N or KIND:N-M)"},
        {"syn:-1", "'syn:-1': N must be a whole number >= 1 (KIND:N or KIND:N-M)"},
        {"syn:1-", "'syn:1-': N must be a whole number >= 1 (KIND:N or KIND:N-M)"},
        {"syn:x", "'syn:x': N must be a whole number >= 1 (KIND:N or KIND:N-M)"},
        {"syn:3-2", "'syn:3-2': the range N-M must have N <= M"},
        {"syn:1,", "'': expected KIND:N or KIND:N-M (e.g. synack:1, syn:1-3)"},
        {"syn:1,fin", "'fin': expected KIND:N or KIND:N-M (e.g. synack:1, syn:1-3)"},
        {"SYN:1",
         "'SYN:1': unknown kind 'SYN' (kinds: syn, synack, ack3, ack, ackfin, data, "
         "fin, rst, any)"},
    };
    for (const auto& [text, message] : bad)
    {
        std::vector<TcpFsmDropRule> rules = {{TcpFsmSegmentKind::RST, 1, 1}};
        std::string error;
        EXPECT_FALSE(TcpFsmDropSpec::Parse(text, rules, error)) << text;
        EXPECT_EQ(error, message) << text;
        EXPECT_EQ(rules.size(), 1U) << text << ": rules changed on error";
    }
}

// ---- the dropper ------------------------------------------------------------------------------

struct Segment
{
    Ipv4Header ip;
    TcpHeader tcp;
    uint32_t payload{0};
};

/// A segment from the client (fromClient) or from the server.
Segment
Make(bool fromClient, uint8_t flags, uint32_t payload = 0, uint32_t seq = 1, uint32_t ack = 1)
{
    Segment s;
    s.ip.SetSource(fromClient ? kClient : kServer);
    s.ip.SetDestination(fromClient ? kServer : kClient);
    s.ip.SetProtocol(6);
    s.tcp.SetSourcePort(fromClient ? 49152 : 80);
    s.tcp.SetDestinationPort(fromClient ? 80 : 49152);
    s.tcp.SetFlags(flags);
    s.tcp.SetSequenceNumber(SequenceNumber32(seq));
    s.tcp.SetAckNumber(SequenceNumber32(ack));
    s.payload = payload;
    return s;
}

/// Offer a segment and, unless dropped, deliver it; true when dropped.
bool
Pass(TcpFsmSegmentDropper& d, const Segment& s)
{
    if (d.Offer(s.ip, s.tcp, s.payload))
    {
        return true;
    }
    d.Delivered(s.ip, s.tcp, s.payload);
    return false;
}

bool
Has(const std::vector<TcpFsmSegmentKind>& kinds, TcpFsmSegmentKind k)
{
    return std::find(kinds.begin(), kinds.end(), k) != kinds.end();
}

constexpr uint8_t kRst = TcpHeader::RST;

TEST(SegmentDropper, ClassifiesEachKind)
{
    TcpFsmSegmentDropper d({});
    auto kinds = [&d](const Segment& s)
    {
        return d.Classify(s.ip, s.tcp, s.payload);
    };
    EXPECT_TRUE(Has(kinds(Make(true, kSyn)), TcpFsmSegmentKind::SYN));
    EXPECT_FALSE(Has(kinds(Make(true, kSyn)), TcpFsmSegmentKind::SYN_ACK));
    EXPECT_TRUE(Has(kinds(Make(false, kSyn | kAck)), TcpFsmSegmentKind::SYN_ACK));
    EXPECT_FALSE(Has(kinds(Make(false, kSyn | kAck)), TcpFsmSegmentKind::SYN));
    EXPECT_TRUE(Has(kinds(Make(true, kAck)), TcpFsmSegmentKind::ACK));
    EXPECT_FALSE(Has(kinds(Make(true, kAck, 10)), TcpFsmSegmentKind::ACK));
    EXPECT_TRUE(Has(kinds(Make(true, kAck, 10)), TcpFsmSegmentKind::DATA));
    EXPECT_TRUE(Has(kinds(Make(true, kFin | kAck)), TcpFsmSegmentKind::FIN));
    EXPECT_FALSE(Has(kinds(Make(true, kFin | kAck)), TcpFsmSegmentKind::ACK));
    EXPECT_TRUE(Has(kinds(Make(true, kRst | kAck)), TcpFsmSegmentKind::RST));
    EXPECT_TRUE(Has(kinds(Make(true, kRst)), TcpFsmSegmentKind::ANY));
    // Nothing is an ack3 or an ackfin before a SYN+ACK or a FIN got through.
    EXPECT_FALSE(Has(kinds(Make(true, kAck)), TcpFsmSegmentKind::ACK3));
    EXPECT_FALSE(Has(kinds(Make(true, kAck)), TcpFsmSegmentKind::ACK_FIN));
}

TEST(SegmentDropper, Ack3IsTheOpenersNextSegmentAfterEachDeliveredSynAck)
{
    TcpFsmSegmentDropper d({{TcpFsmSegmentKind::ACK3, 1, 2}});
    EXPECT_FALSE(Pass(d, Make(true, kSyn)));
    EXPECT_FALSE(Pass(d, Make(false, kSyn | kAck)));
    // The server's segments are never ack3s; the client's next one is (dropped: ack3:1).
    EXPECT_FALSE(Pass(d, Make(false, kAck)));
    EXPECT_TRUE(Pass(d, Make(true, kAck)));
    // The arming is used up: data that follows is no ack3.
    EXPECT_FALSE(Pass(d, Make(true, kAck, 100)));
    EXPECT_EQ(d.GetCount(TcpFsmSegmentKind::ACK3), 1U);
    // A retransmitted SYN+ACK arms it again: ack3:2 drops the answer, ack3:3 is not dropped.
    EXPECT_FALSE(Pass(d, Make(false, kSyn | kAck)));
    EXPECT_TRUE(Pass(d, Make(true, kAck)));
    EXPECT_FALSE(Pass(d, Make(false, kSyn | kAck)));
    EXPECT_FALSE(Pass(d, Make(true, kAck)));
    EXPECT_EQ(d.GetCount(TcpFsmSegmentKind::ACK3), 3U);
    EXPECT_EQ(d.GetDropped(), 2U);
}

TEST(SegmentDropper, ALostSynAckArmsNoAck3)
{
    TcpFsmSegmentDropper d({{TcpFsmSegmentKind::SYN_ACK, 1, 1}});
    EXPECT_FALSE(Pass(d, Make(true, kSyn)));
    EXPECT_TRUE(Pass(d, Make(false, kSyn | kAck)));
    EXPECT_FALSE(
        Has(d.Classify(Make(true, kAck).ip, Make(true, kAck).tcp, 0), TcpFsmSegmentKind::ACK3));
}

TEST(SegmentDropper, AckFinIsTheFirstPureAckAfterADeliveredFin)
{
    TcpFsmSegmentDropper d({{TcpFsmSegmentKind::ACK_FIN, 1, 1}});
    EXPECT_FALSE(Pass(d, Make(true, kFin | kAck)));
    // The client's own segments are not acks of its FIN.
    EXPECT_FALSE(
        Has(d.Classify(Make(true, kAck).ip, Make(true, kAck).tcp, 0), TcpFsmSegmentKind::ACK_FIN));
    EXPECT_TRUE(Pass(d, Make(false, kAck))); // the server's ACK of the FIN: dropped
    EXPECT_FALSE(Pass(d, Make(false, kFin | kAck)));
    EXPECT_EQ(d.GetCount(TcpFsmSegmentKind::ACK_FIN), 1U);
    // The client's ACK of the server's FIN is the second ackfin.
    EXPECT_FALSE(Pass(d, Make(true, kAck)));
    EXPECT_EQ(d.GetCount(TcpFsmSegmentKind::ACK_FIN), 2U);
    EXPECT_EQ(d.GetCount(TcpFsmSegmentKind::FIN), 2U);
}

TEST(SegmentDropper, DropsExactlyTheNthOfAKindAcrossBothDirections)
{
    TcpFsmSegmentDropper d({{TcpFsmSegmentKind::FIN, 2, 2}, {TcpFsmSegmentKind::DATA, 3, 4}});
    std::vector<bool> dropped;
    for (const Segment& s : {Make(true, kAck, 10),
                             Make(true, kAck, 10),
                             Make(false, kAck, 10),
                             Make(true, kAck, 10),
                             Make(true, kAck, 10),
                             Make(true, kFin | kAck),
                             Make(false, kFin | kAck),
                             Make(false, kFin | kAck)})
    {
        dropped.push_back(Pass(d, s));
    }
    EXPECT_EQ(dropped, (std::vector<bool>{false, false, true, true, false, false, true, false}));
    EXPECT_EQ(d.GetCount(TcpFsmSegmentKind::ANY), 8U);
    EXPECT_EQ(d.GetCount(TcpFsmSegmentKind::DATA), 5U);
}

TEST(DropErrorModel, DropsTheChosenSegmentOfPppFramesAndPassesOtherPackets)
{
    auto dropper = std::make_shared<TcpFsmSegmentDropper>(
        std::vector<TcpFsmDropRule>{{TcpFsmSegmentKind::SYN, 2, 2}});
    Ptr<TcpFsmDropErrorModel> em = CreateObject<TcpFsmDropErrorModel>();
    em->SetDropper(dropper);
    auto frame = [](const Segment& s, uint16_t ppp)
    {
        Ptr<Packet> p = Create<Packet>(s.payload);
        p->AddHeader(s.tcp);
        Ipv4Header ip = s.ip;
        ip.SetPayloadSize(p->GetSize());
        p->AddHeader(ip);
        PppHeader h;
        h.SetProtocol(ppp);
        p->AddHeader(h);
        return p;
    };
    EXPECT_FALSE(em->IsCorrupt(frame(Make(true, kSyn), 0x0021)));
    EXPECT_FALSE(em->IsCorrupt(frame(Make(true, kSyn), 0x0057))); // IPv6 framing: not looked at
    EXPECT_TRUE(em->IsCorrupt(frame(Make(true, kSyn), 0x0021)));
    EXPECT_FALSE(em->IsCorrupt(frame(Make(true, kSyn), 0x0021)));
    EXPECT_EQ(dropper->GetCount(TcpFsmSegmentKind::SYN), 3U);
    EXPECT_EQ(em->GetRandomDrops(), 0U);

    Ptr<TcpFsmDropErrorModel> lossy = CreateObject<TcpFsmDropErrorModel>();
    lossy->SetAttribute("ErrorRate", DoubleValue(1.0));
    EXPECT_TRUE(lossy->IsCorrupt(frame(Make(true, kAck, 10), 0x0021)));
    EXPECT_EQ(lossy->GetRandomDrops(), 1U);
}

} // namespace
