/* SPDX-License-Identifier: GPL-2.0-only */
#include "ns3/tcp-fsm-script-segment.h"

#include "ns3/tcp-fsm-fastopen.h"
#include "ns3/tcp-fsm-options.h"
#include "ns3/tcp-option-rfc793.h"
#include "ns3/tcp-option-sack-permitted.h"
#include "ns3/tcp-option-sack.h"
#include "ns3/tcp-option-ts.h"
#include "ns3/tcp-option-winscale.h"
#include "ns3/tcp-option.h"

#include <sstream>

namespace ns3
{

namespace
{

/// The Fast Open option of a header as "FO 3021b9d889017eeb" ("FO" for a cookie request,
/// "FOEXP ..." for kind 254); "" when there is none.
std::string
FastOpenOf(const TcpHeader& h)
{
    const TcpFsmFastOpenSeen fo = TcpFsmReadFastOpenOption(h);
    if (!fo.present)
    {
        return "";
    }
    const std::string cookie = TcpFsmCookieHex(fo.cookie);
    return std::string(fo.experimental ? "FOEXP" : "FO") + (cookie.empty() ? "" : " " + cookie);
}

/// The options of a header as "mss 536,wscale 2,": nop and padding left out, TS without values.
std::string
OptionsOf(const TcpHeader& h)
{
    std::string s;
    for (const auto& o : h.GetOptionList())
    {
        if (o->GetKind() == TcpFsmFastOpen::OPTION_KIND
            || o->GetKind() == TcpFsmFastOpen::OPTION_KIND_EXP)
        {
            s += FastOpenOf(h) + ",";
            continue;
        }
        switch (o->GetKind())
        {
        case TcpOption::MSS:
            s += "mss " + std::to_string(DynamicCast<const TcpOptionMSS>(o)->GetMSS()) + ",";
            break;
        case TcpOption::WINSCALE:
            s += "wscale " + std::to_string(TcpFsmWindowShift(*o)) + ",";
            break;
        case TcpOption::SACKPERMITTED:
            s += "sackOK,";
            break;
        case TcpOption::TS:
            s += "TS,";
            break;
        case TcpOption::SACK:
            s += "sack,";
            break;
        default:
            break;
        }
    }
    return s;
}

/// The options of a line, in the same form.
std::string
OptionsOf(const TcpFsmScriptSegment& seg)
{
    std::string s;
    for (const auto& o : seg.optionList)
    {
        switch (o.kind)
        {
        case TcpFsmScriptOption::Kind::MSS:
            s += "mss " + std::to_string(o.value) + ",";
            break;
        case TcpFsmScriptOption::Kind::WSCALE:
            s += "wscale " + std::to_string(o.value) + ",";
            break;
        case TcpFsmScriptOption::Kind::SACK_OK:
            s += "sackOK,";
            break;
        case TcpFsmScriptOption::Kind::TS:
            s += "TS,"; // timestamps are compared by presence only
            break;
        case TcpFsmScriptOption::Kind::SACK:
            s += "sack,"; // SACK blocks are compared by presence only
            break;
        case TcpFsmScriptOption::Kind::FO:
        case TcpFsmScriptOption::Kind::FOEXP:
            // The cookie is compared too (hex, lower case once the runner resolved -D names).
            s += std::string(o.kind == TcpFsmScriptOption::Kind::FO ? "FO" : "FOEXP")
                 + (o.data.empty() ? "" : " " + o.data) + ",";
            break;
        case TcpFsmScriptOption::Kind::MD5:
            s += "md5,";
            break;
        case TcpFsmScriptOption::Kind::NOP:
        case TcpFsmScriptOption::Kind::EOL:
            break;
        }
    }
    return s;
}

} // namespace

TcpHeader
TcpFsmScriptInboundHeader(const TcpFsmScriptSegment& s,
                          uint16_t sourcePort,
                          uint16_t destinationPort,
                          uint32_t peerIsn,
                          uint32_t ourIsn)
{
    TcpHeader h;
    h.SetSourcePort(sourcePort);
    h.SetDestinationPort(destinationPort);
    h.SetFlags(s.flags);
    h.SetSequenceNumber(SequenceNumber32(peerIsn + s.start));
    h.SetAckNumber(SequenceNumber32(s.hasAck ? ourIsn + s.ack : 0));
    h.SetWindowSize(static_cast<uint16_t>(s.win));
    if (s.hasUrg)
    {
        h.SetUrgentPointer(static_cast<uint16_t>(s.urg));
    }
    for (const auto& o : s.optionList)
    {
        switch (o.kind)
        {
        case TcpFsmScriptOption::Kind::MSS:
        {
            Ptr<TcpOptionMSS> mss = CreateObject<TcpOptionMSS>();
            mss->SetMSS(static_cast<uint16_t>(o.value));
            h.AppendOption(mss);
            break;
        }
        case TcpFsmScriptOption::Kind::WSCALE:
        {
            Ptr<TcpOptionWinScale> ws = CreateObject<TcpOptionWinScale>();
            ws->SetScale(static_cast<uint8_t>(o.value));
            h.AppendOption(ws);
            break;
        }
        case TcpFsmScriptOption::Kind::SACK_OK:
            h.AppendOption(CreateObject<TcpOptionSackPermitted>());
            break;
        case TcpFsmScriptOption::Kind::TS:
        {
            Ptr<TcpOptionTS> ts = CreateObject<TcpOptionTS>();
            ts->SetTimestamp(o.value);
            ts->SetEcho(o.echo);
            h.AppendOption(ts);
            break;
        }
        case TcpFsmScriptOption::Kind::SACK:
        {
            // The blocks acknowledge our data: relative to our ISN.
            Ptr<TcpOptionSack> sack = CreateObject<TcpOptionSack>();
            for (const auto& b : o.blocks)
            {
                sack->AddSackBlock(TcpOptionSack::SackBlock(SequenceNumber32(ourIsn + b.first),
                                                            SequenceNumber32(ourIsn + b.second)));
            }
            h.AppendOption(sack);
            break;
        }
        case TcpFsmScriptOption::Kind::NOP:
        case TcpFsmScriptOption::Kind::EOL:
            break; // ns-3 pads the options itself
        case TcpFsmScriptOption::Kind::FO:
        case TcpFsmScriptOption::Kind::FOEXP:
        {
            // RFC 7413 4.1.1 (kind 34) or the experimental kind 254; the cookie is hex (the
            // runner has resolved -D names and checked the digits).
            TcpFsmFastOpenCookie cookie;
            for (std::size_t i = 0; i + 1 < o.data.size(); i += 2)
            {
                cookie.push_back(
                    static_cast<uint8_t>(std::stoul(o.data.substr(i, 2), nullptr, 16)));
            }
            h.AppendOption(
                Create<TcpFsmFastOpenOption>(cookie, o.kind == TcpFsmScriptOption::Kind::FOEXP));
            break;
        }
        case TcpFsmScriptOption::Kind::MD5:
            break; // the runner skips lines with these before they get here
        }
    }
    return h;
}

std::string
TcpFsmScriptCompareSegment(const TcpFsmScriptSegment& want,
                           const TcpHeader& h,
                           uint32_t payload,
                           uint32_t seqBase,
                           uint32_t ackBase)
{
    const uint8_t compared = TcpHeader::SYN | TcpHeader::FIN | TcpHeader::RST | TcpHeader::ACK
                             | TcpHeader::URG | TcpHeader::ECE | TcpHeader::CWR;
    if ((h.GetFlags() & compared) != (want.flags & compared))
    {
        return "flags differ";
    }
    if (h.GetSequenceNumber().GetValue() - seqBase != want.start)
    {
        return "sequence number differs";
    }
    if (payload != want.len)
    {
        return "length differs";
    }
    if (want.hasAck && h.GetAckNumber().GetValue() - ackBase != want.ack)
    {
        return "ack differs";
    }
    if (want.hasWin && h.GetWindowSize() != want.win)
    {
        return "window differs";
    }
    const std::string sent = OptionsOf(h);
    const std::string wanted = OptionsOf(want);
    switch (want.options)
    {
    case TcpFsmScriptSegment::Options::LIST:
        return sent == wanted ? "" : "options differ";
    case TcpFsmScriptSegment::Options::PREFIX:
        return sent.compare(0, wanted.size(), wanted) == 0 ? "" : "options differ";
    case TcpFsmScriptSegment::Options::NOT_WRITTEN:
    case TcpFsmScriptSegment::Options::ANY:
        break;
    }
    return "";
}

std::string
TcpFsmScriptFormatSegment(
    char direction, const TcpHeader& h, uint32_t payload, uint32_t seqBase, uint32_t ackBase)
{
    std::ostringstream os;
    const uint32_t start = h.GetSequenceNumber().GetValue() - seqBase;
    os << direction << ' ' << TcpFsmScriptFlagsToString(h.GetFlags()) << ' ' << start << ':'
       << start + payload << '(' << payload << ')';
    if (h.GetFlags() & TcpHeader::ACK)
    {
        os << " ack " << h.GetAckNumber().GetValue() - ackBase;
    }
    os << " win " << h.GetWindowSize();
    std::string options;
    for (const auto& o : h.GetOptionList())
    {
        std::string one;
        switch (o->GetKind())
        {
        case TcpOption::MSS:
            one = "mss " + std::to_string(DynamicCast<const TcpOptionMSS>(o)->GetMSS());
            break;
        case TcpOption::WINSCALE:
            one = "wscale " + std::to_string(TcpFsmWindowShift(*o));
            break;
        case TcpOption::SACKPERMITTED:
            one = "sackOK";
            break;
        case TcpOption::TS:
        {
            auto ts = DynamicCast<const TcpOptionTS>(o);
            one = "TS val " + std::to_string(ts->GetTimestamp()) + " ecr "
                  + std::to_string(ts->GetEcho());
            break;
        }
        case TcpOption::SACK:
            one = "sack";
            break;
        case TcpFsmFastOpen::OPTION_KIND:
        case TcpFsmFastOpen::OPTION_KIND_EXP:
            one = FastOpenOf(h);
            break;
        default:
            break; // END, NOP: padding
        }
        if (!one.empty())
        {
            options += (options.empty() ? "" : ",") + one;
        }
    }
    if (!options.empty())
    {
        os << " <" << options << ">";
    }
    return os.str();
}

} // namespace ns3
