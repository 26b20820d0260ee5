/* SPDX-License-Identifier: GPL-2.0-only */
#include "ns3/tcp-fsm-drop-spec.h"

#include "ns3/double.h"
#include "ns3/ipv4-header.h"
#include "ns3/log.h"
#include "ns3/packet.h"
#include "ns3/ppp-header.h"
#include "ns3/tcp-header.h"

#include <sstream>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("TcpFsmDropSpec");
NS_OBJECT_ENSURE_REGISTERED(TcpFsmDropErrorModel);

namespace
{

const std::pair<TcpFsmSegmentKind, const char*> kKinds[] = {
    {TcpFsmSegmentKind::SYN, "syn"},
    {TcpFsmSegmentKind::SYN_ACK, "synack"},
    {TcpFsmSegmentKind::ACK3, "ack3"},
    {TcpFsmSegmentKind::ACK, "ack"},
    {TcpFsmSegmentKind::ACK_FIN, "ackfin"},
    {TcpFsmSegmentKind::DATA, "data"},
    {TcpFsmSegmentKind::FIN, "fin"},
    {TcpFsmSegmentKind::RST, "rst"},
    {TcpFsmSegmentKind::ANY, "any"},
};

/// A whole number >= 1 without sign, spaces or leading garbage.
bool
ParseCount(const std::string& text, uint64_t& out)
{
    if (text.empty() || text.size() > 18
        || text.find_first_not_of("0123456789") != std::string::npos)
    {
        return false;
    }
    out = std::stoull(text);
    return out >= 1;
}

bool
ParseRule(const std::string& text, TcpFsmDropRule& rule, std::string& error)
{
    auto colon = text.find(':');
    if (colon == std::string::npos)
    {
        error = "'" + text + "': expected KIND:N or KIND:N-M (e.g. synack:1, syn:1-3)";
        return false;
    }
    std::string kind = text.substr(0, colon);
    std::string range = text.substr(colon + 1);
    bool found = false;
    for (const auto& [k, name] : kKinds)
    {
        if (kind == name)
        {
            rule.kind = k;
            found = true;
        }
    }
    if (!found)
    {
        error = "'" + text + "': unknown kind '" + kind + "' (kinds: " + TcpFsmDropSpec::KindList()
                + ")";
        return false;
    }
    auto dash = range.find('-');
    std::string first = range.substr(0, dash);
    std::string last = dash == std::string::npos ? first : range.substr(dash + 1);
    if (!ParseCount(first, rule.first) || !ParseCount(last, rule.last))
    {
        error = "'" + text + "': N must be a whole number >= 1 (KIND:N or KIND:N-M)";
        return false;
    }
    if (rule.last < rule.first)
    {
        error = "'" + text + "': the range N-M must have N <= M";
        return false;
    }
    return true;
}

} // namespace

bool
TcpFsmDropRule::operator==(const TcpFsmDropRule& o) const
{
    return kind == o.kind && first == o.first && last == o.last;
}

bool
TcpFsmDropSpec::Parse(const std::string& text,
                      std::vector<TcpFsmDropRule>& rules,
                      std::string& error)
{
    if (text.empty())
    {
        error = "empty value: expected KIND:N (kinds: " + KindList() + ")";
        return false;
    }
    std::vector<TcpFsmDropRule> parsed;
    std::string::size_type start = 0;
    while (true)
    {
        auto comma = text.find(',', start);
        std::string item = text.substr(start, comma == std::string::npos ? comma : comma - start);
        TcpFsmDropRule rule;
        if (!ParseRule(item, rule, error))
        {
            return false;
        }
        parsed.push_back(rule);
        if (comma == std::string::npos)
        {
            break;
        }
        start = comma + 1;
    }
    rules.insert(rules.end(), parsed.begin(), parsed.end());
    return true;
}

const char*
TcpFsmDropSpec::KindName(TcpFsmSegmentKind kind)
{
    for (const auto& [k, name] : kKinds)
    {
        if (k == kind)
        {
            return name;
        }
    }
    return "?";
}

std::string
TcpFsmDropSpec::KindList()
{
    std::string list;
    for (const auto& entry : kKinds)
    {
        list += (list.empty() ? "" : ", ") + std::string(entry.second);
    }
    return list;
}

std::string
TcpFsmDropSpec::Format(const TcpFsmDropRule& rule)
{
    std::ostringstream os;
    os << KindName(rule.kind) << ":" << rule.first;
    if (rule.last != rule.first)
    {
        os << "-" << rule.last;
    }
    return os.str();
}

// ---- TcpFsmSegmentDropper -----------------------------------------------------------------------

TcpFsmSegmentDropper::TcpFsmSegmentDropper(std::vector<TcpFsmDropRule> rules)
  : m_rules(std::move(rules))
{}

TcpFsmSegmentDropper::Direction
TcpFsmSegmentDropper::Of(const Ipv4Header& ip, const TcpHeader& tcp)
{
    return Direction(ip.GetSource().Get(),
                     tcp.GetSourcePort(),
                     ip.GetDestination().Get(),
                     tcp.GetDestinationPort());
}

TcpFsmSegmentDropper::Direction
TcpFsmSegmentDropper::Reverse(const Direction& d)
{
    return Direction(std::get<2>(d), std::get<3>(d), std::get<0>(d), std::get<1>(d));
}

std::vector<TcpFsmSegmentKind>
TcpFsmSegmentDropper::Classify(const Ipv4Header& ip, const TcpHeader& tcp, uint32_t payload) const
{
    const uint8_t f = tcp.GetFlags();
    const bool syn = f & TcpHeader::SYN;
    const bool ack = f & TcpHeader::ACK;
    const bool fin = f & TcpHeader::FIN;
    const bool rst = f & TcpHeader::RST;
    const bool pureAck = ack && !syn && !fin && !rst && payload == 0;
    const Direction d = Of(ip, tcp);
    std::vector<TcpFsmSegmentKind> kinds;
    if (syn && !ack)
    {
        kinds.push_back(TcpFsmSegmentKind::SYN);
    }
    if (syn && ack)
    {
        kinds.push_back(TcpFsmSegmentKind::SYN_ACK);
    }
    auto armed = [](const std::map<Direction, bool>& m, const Direction& dir)
    {
        auto it = m.find(dir);
        return it != m.end() && it->second;
    };
    if (!syn && !rst && armed(m_expectAck3, d))
    {
        kinds.push_back(TcpFsmSegmentKind::ACK3);
    }
    if (pureAck)
    {
        kinds.push_back(TcpFsmSegmentKind::ACK);
        if (armed(m_expectAckFin, d))
        {
            kinds.push_back(TcpFsmSegmentKind::ACK_FIN);
        }
    }
    if (payload > 0)
    {
        kinds.push_back(TcpFsmSegmentKind::DATA);
    }
    if (fin)
    {
        kinds.push_back(TcpFsmSegmentKind::FIN);
    }
    if (rst)
    {
        kinds.push_back(TcpFsmSegmentKind::RST);
    }
    kinds.push_back(TcpFsmSegmentKind::ANY);
    return kinds;
}

bool
TcpFsmSegmentDropper::Offer(const Ipv4Header& ip, const TcpHeader& tcp, uint32_t payload)
{
    const std::vector<TcpFsmSegmentKind> kinds = Classify(ip, tcp, payload);
    const Direction d = Of(ip, tcp);
    const uint8_t f = tcp.GetFlags();
    // The opener's next segment after a SYN+ACK is the third of the handshake, dropped or
    // not; the next segment of an end that received a FIN answers it.
    if (!(f & (TcpHeader::SYN | TcpHeader::RST)))
    {
        m_expectAck3.erase(d);
    }
    if (f & TcpHeader::ACK && !(f & (TcpHeader::SYN | TcpHeader::RST)))
    {
        m_expectAckFin.erase(d);
    }
    bool drop = false;
    for (TcpFsmSegmentKind k : kinds)
    {
        const uint64_t n = ++m_counts[k];
        for (const auto& r : m_rules)
        {
            drop |= r.kind == k && n >= r.first && n <= r.last;
        }
    }
    if (drop)
    {
        ++m_dropped;
        NS_LOG_INFO("drop " << tcp << " payload " << payload);
    }
    return drop;
}

void
TcpFsmSegmentDropper::Delivered(const Ipv4Header& ip, const TcpHeader& tcp, uint32_t /* payload */)
{
    const uint8_t f = tcp.GetFlags();
    const Direction back = Reverse(Of(ip, tcp));
    if ((f & TcpHeader::SYN) && (f & TcpHeader::ACK))
    {
        m_expectAck3[back] = true;
    }
    if (f & TcpHeader::FIN)
    {
        m_expectAckFin[back] = true;
    }
}

uint64_t
TcpFsmSegmentDropper::GetCount(TcpFsmSegmentKind kind) const
{
    auto it = m_counts.find(kind);
    return it == m_counts.end() ? 0 : it->second;
}

uint64_t
TcpFsmSegmentDropper::GetDropped() const
{
    return m_dropped;
}

const std::vector<TcpFsmDropRule>&
TcpFsmSegmentDropper::GetRules() const
{
    return m_rules;
}

// ---- TcpFsmDropErrorModel -----------------------------------------------------------------------

TypeId
TcpFsmDropErrorModel::GetTypeId()
{
    static TypeId tid
        = TypeId("ns3::TcpFsmDropErrorModel")
              .SetParent<ErrorModel>()
              .SetGroupName("TcpFsm")
              .AddConstructor<TcpFsmDropErrorModel>()
              .AddAttribute("ErrorRate",
                            "Probability that a TCP segment the targeted drops spared is lost",
                            DoubleValue(0.0),
                            MakeDoubleAccessor(&TcpFsmDropErrorModel::m_rate),
                            MakeDoubleChecker<double>(0.0, 1.0));
    return tid;
}

TcpFsmDropErrorModel::TcpFsmDropErrorModel()
  : m_rng(CreateObject<UniformRandomVariable>())
{}

void
TcpFsmDropErrorModel::SetDropper(std::shared_ptr<TcpFsmSegmentDropper> dropper)
{
    m_dropper = std::move(dropper);
}

int64_t
TcpFsmDropErrorModel::AssignStreams(int64_t stream)
{
    m_rng->SetStream(stream);
    return 1;
}

uint64_t
TcpFsmDropErrorModel::GetRandomDrops() const
{
    return m_randomDrops;
}

bool
TcpFsmDropErrorModel::DoCorrupt(Ptr<Packet> p)
{
    // A PointToPointNetDevice hands its receive error model the frame with its PPP header.
    Ptr<Packet> copy = p->Copy();
    PppHeader ppp;
    if (copy->RemoveHeader(ppp) == 0
        || ppp.GetProtocol() != 0x0021) // PPP's number for IPv4 (RFC 3818)
    {
        return false;
    }
    Ipv4Header ip;
    copy->RemoveHeader(ip);
    if (ip.GetProtocol() != 6 || ip.GetFragmentOffset() != 0)
    {
        return false;
    }
    TcpHeader tcp;
    copy->RemoveHeader(tcp);
    const uint32_t payload = copy->GetSize();
    if (m_dropper && m_dropper->Offer(ip, tcp, payload))
    {
        return true;
    }
    if (m_rate > 0 && m_rng->GetValue() < m_rate)
    {
        ++m_randomDrops;
        return true;
    }
    if (m_dropper)
    {
        m_dropper->Delivered(ip, tcp, payload);
    }
    return false;
}

void
TcpFsmDropErrorModel::DoReset()
{}

} // namespace ns3
