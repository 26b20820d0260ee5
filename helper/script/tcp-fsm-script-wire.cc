/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Scripted peers, part 2d: the segments. What the stack sends is captured below its L4 and
 * matched, in order, with the outbound lines; inbound lines become segments handed to the
 * L4. Sequence and ack numbers follow packetdrill's mapping: a line with SYN writes them in
 * the script's space (the ISNs it names), other lines relative to the ISNs; segments of
 * connections other than the one under test are not looked at, as packetdrill sniffs only
 * the socket under test.
 */
#include "ns3/ipv4-header.h"
#include "ns3/simulator.h"
#include "ns3/socket.h"
#include "ns3/tcp-fsm-script-engine.h"
#include "ns3/tcp-fsm-script-segment.h"
#include "ns3/tcp-option-ts.h"

namespace ns3
{

using Engine = TcpFsmScriptEngine;

std::string
TcpFsmScriptEngine::Show(const TcpFsmScriptCaptured& c) const
{
    static const char* const kEcn[] = {"", "[ect1] ", "[ect0] ", "[ce] "};
    return "'" + std::string(kEcn[c.ecn])
           + TcpFsmScriptFormatSegment('>',
                                       c.header,
                                       c.payload,
                                       OurSeqBase(c.isn, c.header.GetFlags() & TcpHeader::SYN),
                                       PeerAckBase(c.header.GetFlags() & TcpHeader::SYN))
           + "' sent at " + At(c.timeNs);
}

void
TcpFsmScriptEngine::Capture(Ptr<Packet> packet, Ipv4Address, Ipv4Address, uint8_t, Ptr<Ipv4Route>)
{
    TcpFsmScriptCaptured c;
    c.timeNs = Now();
    Ptr<Packet> copy = packet->Copy();
    copy->RemoveHeader(c.header);
    c.payload = copy->GetSize();
    SocketIpTosTag tos; // the socket asks Ipv4L3Protocol for its TOS (and ECN bits) this way
    c.ecn = packet->PeekPacketTag(tos) ? (tos.GetTos() & 0x3) : 0;
    if (c.header.GetFlags() & TcpHeader::SYN)
    {
        m_ourIsn = c.header.GetSequenceNumber().GetValue();
    }
    c.isn = m_ourIsn;
    if (m_options.log)
    {
        *m_options.log << TcpFsmScriptFormatTime(c.timeNs) << "  sent "
                       << TcpFsmScriptFormatSegment(
                              '>', c.header, c.payload, c.isn, TcpFsmScriptAddresses::kRemoteIsn)
                       << "\n";
    }
    m_out.push_back(c);
    if (m_waiting && !m_matchPending)
    {
        // Match after the event that sent it has finished (never re-enter the stack).
        m_matchPending = true;
        Simulator::ScheduleNow(&Engine::SegmentWhileWaiting, this);
    }
}

uint32_t
TcpFsmScriptEngine::OurSeqBase(uint32_t isn, bool syn) const
{
    return syn ? isn - m_scriptIsn : isn;
}

uint32_t
TcpFsmScriptEngine::PeerAckBase(bool syn) const
{
    return TcpFsmScriptAddresses::kRemoteIsn + (syn ? 0 : m_peerScriptIsn);
}

void
TcpFsmScriptEngine::DropForeign()
{
    for (auto it = m_out.begin(); it != m_out.end();)
    {
        const bool current = it->header.GetSourcePort() == m_localPort
                             && it->header.GetDestinationPort() == m_remotePort;
        it = current ? std::next(it) : m_out.erase(it);
    }
}

void
TcpFsmScriptEngine::SegmentWhileWaiting()
{
    m_matchPending = false;
    if (!m_waiting || m_failed)
    {
        return;
    }
    DropForeign();
    if (m_out.empty())
    {
        return; // a segment of an earlier connection: keep waiting
    }
    m_waiting = false;
    m_deadline.Cancel();
    MatchOutbound(m_script.lines[m_current]);
    LineDone(m_current);
}

void
TcpFsmScriptEngine::Deadline()
{
    if (!m_waiting)
    {
        return;
    }
    m_waiting = false;
    const Line& line = m_script.lines[m_current];
    Fail(line, Expected(line) + ", got nothing by " + At(line.timeEndNs + m_script.toleranceNs));
}

bool
TcpFsmScriptEngine::NothingUnexpected(const Line& line)
{
    DropForeign();
    // packetdrill reads what the stack sent only for an outbound line: a segment nobody
    // expected fails the next outbound line (it is the one compared), or nothing when none
    // follows. The project's own scripts are stricter: any line after it fails.
    if (!m_script.ownDialect)
    {
        return true;
    }
    if (!m_out.empty() && m_out.front().timeNs < line.timeNs - m_script.toleranceNs)
    {
        Fail(line,
             "expected no segment before '" + line.text + "' at " + At(line.timeNs) + ", got "
                 + Show(m_out.front()));
        return false;
    }
    return true;
}

void
TcpFsmScriptEngine::MatchOutbound(const Line& line)
{
    TcpFsmScriptCaptured c = m_out.front();
    m_out.pop_front();
    // packetdrill joins the packets it sniffs until a line's length is reached (Linux sends a
    // long write as several TSO packets; the socket's own GSO is GsoMaxSegments). When the
    // line expects more payload than the first segment carries, the contiguous data
    // segments sent at the same instant are taken as that one packet.
    const uint8_t stops = TcpHeader::SYN | TcpHeader::FIN | TcpHeader::RST;
    while (line.segment.len > c.payload && c.payload > 0 && !m_out.empty()
           && !(c.header.GetFlags() & stops))
    {
        const TcpFsmScriptCaptured& n = m_out.front();
        if (n.timeNs != c.timeNs || n.payload == 0
            || (n.header.GetFlags() & (stops & ~TcpHeader::FIN))
            || n.header.GetSequenceNumber() != c.header.GetSequenceNumber() + c.payload
            || c.payload + n.payload > line.segment.len)
        {
            break;
        }
        c.header.SetFlags(c.header.GetFlags() | n.header.GetFlags());
        c.header.SetAckNumber(n.header.GetAckNumber());
        c.header.SetWindowSize(n.header.GetWindowSize());
        c.payload += n.payload;
        m_out.pop_front();
    }
    if (line.segment.flags & TcpHeader::SYN)
    {
        m_scriptIsn = line.segment.start; // the script names our ISN here (any number)
    }
    std::string why;
    if (!line.anyTime && c.timeNs < line.timeNs - m_script.toleranceNs)
    {
        why = "sent too early";
    }
    else if (!line.anyTime && c.timeNs > line.timeEndNs + m_script.toleranceNs)
    {
        why = "sent too late";
    }
    else
    {
        why = TcpFsmScriptCompareSegment(line.segment,
                                         c.header,
                                         c.payload,
                                         OurSeqBase(c.isn, line.segment.flags & TcpHeader::SYN),
                                         PeerAckBase(line.segment.flags & TcpHeader::SYN));
    }
    if (why.empty())
    {
        LearnTsVal(line.segment, c.header);
    }
    const int8_t ecn = line.segment.ecn;
    if (why.empty() && ecn != TcpFsmScriptSegment::kEcnNotWritten
        && (ecn == TcpFsmScriptSegment::kEct01 ? (c.ecn != 1 && c.ecn != 2) : c.ecn != ecn))
    {
        static const char* const kNames[] = {"noecn", "ect1", "ect0", "ce"};
        why = std::string("IP ECN field differs: [") + kNames[c.ecn] + "]";
    }
    if (!why.empty())
    {
        Fail(line, Expected(line) + ", got " + Show(c) + " (" + why + ")");
    }
}

void
TcpFsmScriptEngine::Inbound(const Line& line)
{
    const TcpFsmScriptSegment& s = line.segment;
    if (s.icmp)
    {
        InboundIcmp(line);
        return;
    }
    const bool syn = s.flags & TcpHeader::SYN;
    const TcpFsmState st = m_underTest ? m_stack->StateOf(m_underTest) : TcpSocket::CLOSED;
    if (syn && (st == TcpSocket::LISTEN || st == TcpSocket::SYN_SENT))
    {
        // The peer's ISN, as the script names it: its SYN to the listener under test, or its
        // SYN+ACK to our SYN (as packetdrill: not a SYN on a synchronized connection).
        m_peerScriptIsn = s.start;
    }
    if (syn && !(s.flags & TcpHeader::ACK) && st == TcpSocket::LISTEN)
    {
        // As packetdrill: a SYN to a listener that is not the one the peer's port last
        // opened to comes from the next ephemeral port (a new connection, a new 4-tuple).
        if (m_portListener && m_portListener != m_underTest)
        {
            ++m_remotePort;
        }
        m_portListener = m_underTest;
        ForgetTsVals(); // packetdrill: a new socket, with its own TSval map
    }
    TcpHeader h = TcpFsmScriptInboundHeader(
        MapTsEcr(s), m_remotePort, m_localPort, PeerAckBase(syn), OurSeqBase(m_ourIsn, syn));
    Ptr<Packet> p = Create<Packet>(s.len);
    p->AddHeader(h);
    Ipv4Header ip;
    ip.SetSource(TcpFsmScriptAddresses::Remote());
    ip.SetDestination(TcpFsmScriptAddresses::Local());
    ip.SetProtocol(6);
    ip.SetPayloadSize(p->GetSize());
    ip.SetTtl(64);
    if (s.ecn >= 0 && s.ecn <= 3)
    {
        ip.SetEcn(static_cast<Ipv4Header::EcnType>(s.ecn));
    }
    m_stack->SetInjecting(&h);
    m_stack->GetL4()->Receive(p, ip, m_interface);
    m_stack->SetInjecting(nullptr);
    Wake();
}

// ---- TS ecr: packetdrill maps an inbound ecr into the stack's TSval space ---------------------

void
TcpFsmScriptEngine::ForgetTsVals()
{
    m_tsVals.clear();
    m_tsBaseKnown = false;
}

void
TcpFsmScriptEngine::LearnTsVal(const TcpFsmScriptSegment& want, const TcpHeader& sent)
{
    // The project's own scripts pass TS ecr unchanged (their dialect); upstream scripts name
    // our TSvals in the script's space, learned from each outbound line that writes one.
    if (m_script.ownDialect || !sent.HasOption(TcpOption::TS))
    {
        return;
    }
    for (const auto& o : want.optionList)
    {
        if (o.kind != TcpFsmScriptOption::Kind::TS)
        {
            continue;
        }
        const uint32_t actual
            = DynamicCast<const TcpOptionTS>(sent.GetOption(TcpOption::TS))->GetTimestamp();
        m_tsVals[o.value] = actual;
        if (!m_tsBaseKnown)
        {
            m_tsBaseKnown = true;
            m_tsScriptBase = o.value;
            m_tsActualBase = actual;
        }
    }
}

TcpFsmScriptSegment
TcpFsmScriptEngine::MapTsEcr(const TcpFsmScriptSegment& s) const
{
    TcpFsmScriptSegment mapped = s;
    if (m_script.ownDialect || !(s.flags & TcpHeader::ACK))
    {
        return mapped; // as packetdrill: only the ecr of a segment with ACK names our TSval
    }
    bool scaled = false; // --tcp_ts_ecr_scaled: an ecr no outbound line wrote is interpolated
    for (const auto& o : m_script.options)
    {
        scaled = scaled || o.name == "tcp_ts_ecr_scaled";
    }
    for (auto& o : mapped.optionList)
    {
        if (o.kind != TcpFsmScriptOption::Kind::TS)
        {
            continue;
        }
        const auto it = m_tsVals.find(o.echo);
        if (it != m_tsVals.end())
        {
            o.echo = it->second;
        }
        else if (scaled && m_tsBaseKnown)
        {
            o.echo = o.echo - m_tsScriptBase + m_tsActualBase;
        }
        // else: unchanged (packetdrill stops the script there; the runner lets the model see
        // the script's number, which names no TSval it sent)
    }
    return mapped;
}

} // namespace ns3
