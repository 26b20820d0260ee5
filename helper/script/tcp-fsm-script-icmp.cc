/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Scripted peers, part 2g: inbound ICMP lines
 * (`< icmp unreachable frag_needed mtu 1200 [0:1000(1000)]`). As packetdrill, the message
 * echoes the IP header of a segment we sent and its first 8 bytes (ports and sequence
 * number: START of [START:END(LEN)] relative to our ISN, 0 when not written). It enters the
 * node through its ICMP protocol (ns-3's Icmpv4L4Protocol), which hands it to the TCP of the
 * echoed header (IpL4Protocol::ReceiveIcmp): what happens then is the model's.
 */
#include "ns3/icmpv4-l4-protocol.h"
#include "ns3/icmpv4.h"
#include "ns3/ipv4-l3-protocol.h"
#include "ns3/tcp-fsm-script-engine.h"

#include <cstdio>

namespace ns3
{

namespace
{

/// packetdrill's ICMPv4 type names (RFC 792) and the codes of destination unreachable.
const std::pair<const char*, uint8_t> kTypes[] = {
    {"echo_reply", 0},
    {"unreachable", 3},
    {"source_quench", 4},
    {"redirect", 5},
    {"echo_request", 8},
    {"time_exceeded", 11},
    {"parameter_problem", 12},
    {"timestamp_request", 13},
    {"timestamp_reply", 14},
};
const char* const kUnreachableCodes[] = {
    "net_unreachable",
    "host_unreachable",
    "protocol_unreachable",
    "port_unreachable",
    "frag_needed",
    "source_route_failed",
    "net_unknown",
    "host_unknown",
    "source_host_isolated",
    "net_prohibited",
    "host_prohibited",
    "net_unreachable_for_tos",
    "host_unreachable_for_tos",
    "packet_filtered",
    "precedence_violation",
    "precedence_cutoff",
};

/// run_all.py's -D values for the ICMP code (fastopen/server/icmp-*.pkt use CODE).
const std::pair<const char*, const char*> kRunAllCodes[] = {{"CODE", "host_unreachable"}};

/// `type_N` / `code_N` (tcpdump's notation, as packetdrill accepts it).
bool
Numbered(const std::string& word, const char* prefix, int& out)
{
    const std::string p(prefix);
    if (word.compare(0, p.size(), p) != 0 || word.size() == p.size())
    {
        return false;
    }
    for (std::size_t i = p.size(); i < word.size(); ++i)
    {
        if (!std::isdigit(static_cast<unsigned char>(word[i])))
        {
            return false;
        }
    }
    out = std::atoi(word.c_str() + p.size());
    return out <= 255;
}

} // namespace

std::string
TcpFsmScriptEngine::IcmpLacking(const Line& line, uint8_t& type, uint8_t& code) const
{
    const TcpFsmScriptSegment& s = line.segment;
    if (line.kind == Line::Kind::OUTBOUND)
    {
        return "ICMP output (the model sends no ICMP)";
    }
    if (m_options.stack != TcpFsmScriptStack::FSM)
    {
        return "ICMP input (ns-3's TCP ignores ICMP errors)";
    }
    int n = -1;
    for (const auto& [name, value] : kTypes)
    {
        n = s.icmpType == name ? value : n;
    }
    if (n < 0 && !Numbered(s.icmpType, "type_", n))
    {
        return "the ICMP type '" + s.icmpType + "' (IPv4 names only: IPv6 in the runner)";
    }
    type = static_cast<uint8_t>(n);
    std::string c = s.icmpCode;
    for (const auto& o : m_script.options)
    {
        const std::size_t eq = o.value.find('=');
        if (o.name == "define" && eq != std::string::npos && o.value.substr(0, eq) == c)
        {
            c = o.value.substr(eq + 1);
        }
    }
    for (const auto& [name, value] : kRunAllCodes)
    {
        c = c == name ? value : c;
    }
    code = 0; // packetdrill: no code is code 0
    if (!c.empty() && !Numbered(c, "code_", n))
    {
        n = -1;
        for (std::size_t i = 0; type == 3 && i < sizeof(kUnreachableCodes) / sizeof(char*); ++i)
        {
            n = c == kUnreachableCodes[i] ? static_cast<int>(i) : n;
        }
        if (n < 0)
        {
            return "the ICMP code '" + c + "'";
        }
    }
    code = c.empty() ? 0 : static_cast<uint8_t>(n);
    return "";
}

void
TcpFsmScriptEngine::InboundIcmp(const Line& line)
{
    const TcpFsmScriptSegment& s = line.segment;
    uint8_t type = 0;
    uint8_t code = 0;
    IcmpLacking(line, type, code); // Lacking() has ruled out what cannot run
    // The echoed segment: our address and port to the peer's, the sequence number of the
    // line's START (relative to our ISN; packetdrill writes 0 when none is given).
    const uint32_t seq = OurSeqBase(m_ourIsn, false) + (s.icmpEchoed ? s.start : 0);
    const uint8_t echoed[8] = {
        static_cast<uint8_t>(m_localPort >> 8),
        static_cast<uint8_t>(m_localPort & 0xff),
        static_cast<uint8_t>(m_remotePort >> 8),
        static_cast<uint8_t>(m_remotePort & 0xff),
        static_cast<uint8_t>(seq >> 24),
        static_cast<uint8_t>(seq >> 16),
        static_cast<uint8_t>(seq >> 8),
        static_cast<uint8_t>(seq),
    };
    Ipv4Header inner;
    inner.SetSource(TcpFsmScriptAddresses::Local());
    inner.SetDestination(TcpFsmScriptAddresses::Remote());
    inner.SetProtocol(6);
    inner.SetPayloadSize(20 + (s.icmpEchoed ? s.len : 0));
    inner.SetTtl(64);
    Ptr<Packet> data = Create<Packet>(echoed, sizeof(echoed));
    Ptr<Packet> p = Create<Packet>();
    if (type == Icmpv4Header::ICMPV4_DEST_UNREACH)
    {
        Icmpv4DestinationUnreachable unreach;
        unreach.SetNextHopMtu(static_cast<uint16_t>(s.icmpMtu > 0 ? s.icmpMtu : 0));
        unreach.SetHeader(inner);
        unreach.SetData(data);
        p->AddHeader(unreach);
    }
    else if (type == Icmpv4Header::ICMPV4_TIME_EXCEEDED)
    {
        Icmpv4TimeExceeded exceeded;
        exceeded.SetHeader(inner);
        exceeded.SetData(data);
        p->AddHeader(exceeded);
    }
    else
    {
        // ns-3's ICMP passes only these two to a transport protocol: the others go to the
        // node's TCP directly, as Linux's icmp_unreach() would hand them over.
        m_stack->GetL4()->ReceiveIcmp(TcpFsmScriptAddresses::Remote(),
                                      64,
                                      type,
                                      code,
                                      0,
                                      inner.GetSource(),
                                      inner.GetDestination(),
                                      echoed);
        Wake();
        return;
    }
    Icmpv4Header icmp;
    icmp.SetType(type);
    icmp.SetCode(code);
    p->AddHeader(icmp);
    Ipv4Header outer;
    outer.SetSource(TcpFsmScriptAddresses::Remote());
    outer.SetDestination(TcpFsmScriptAddresses::Local());
    outer.SetProtocol(Icmpv4L4Protocol::PROT_NUMBER);
    outer.SetPayloadSize(p->GetSize());
    outer.SetTtl(64);
    Ptr<IpL4Protocol> icmpL4
        = m_node->GetObject<Ipv4L3Protocol>()->GetProtocol(Icmpv4L4Protocol::PROT_NUMBER);
    if (icmpL4)
    {
        icmpL4->Receive(p, outer, m_interface);
    }
    Wake();
}

} // namespace ns3
