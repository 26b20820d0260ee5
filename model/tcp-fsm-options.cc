/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "tcp-fsm-options.h"

#include "ns3/tcp-option-rfc793.h"
#include "ns3/tcp-option-sack-permitted.h"
#include "ns3/tcp-option-sack.h"
#include "ns3/tcp-option-ts.h"
#include "ns3/tcp-option-winscale.h"

#include <map>
#include <vector>

namespace ns3
{

namespace
{

// Options without per-segment values are immutable once appended: one object serves every
// segment (creating an ns-3 Object per segment costs more than the rest of its processing).
Ptr<const TcpOption>
SharedNop()
{
    static Ptr<const TcpOption> nop = CreateObject<TcpOptionNOP>();
    return nop;
}

Ptr<const TcpOption>
SharedSackPermitted()
{
    static Ptr<const TcpOption> ok = CreateObject<TcpOptionSackPermitted>();
    return ok;
}

Ptr<const TcpOption>
SharedMss(uint16_t mss)
{
    static std::map<uint16_t, Ptr<const TcpOption>> cache;
    auto it = cache.find(mss);
    if (it == cache.end())
    {
        Ptr<TcpOptionMSS> option = CreateObject<TcpOptionMSS>();
        option->SetMSS(mss);
        it = cache.emplace(mss, option).first;
    }
    return it->second;
}

Ptr<const TcpOption>
SharedWindowScale(uint8_t shift)
{
    static Ptr<const TcpOption> cache[15];
    shift = shift > 14 ? 14 : shift;
    if (!cache[shift])
    {
        Ptr<TcpOptionWinScale> option = CreateObject<TcpOptionWinScale>();
        option->SetScale(shift);
        cache[shift] = option;
    }
    return cache[shift];
}

/// A TcpOptionTS or TcpOptionSack for one segment, its values to be set by the caller. One
/// that only this cache holds (reference count 1: no header, trace sink or test keeps it) is
/// reused, so changing its values is seen by no one; otherwise a new one, from Create: these
/// classes have no attributes, and ObjectBase::ConstructSelf (which CreateObject and ns-3's
/// TcpOption::CreateOption, through an ObjectFactory, run for every option of every segment)
/// costs more than the rest of the option's processing.
template<class T>
Ptr<T>
NewOption()
{
    // Never destroyed (a reachable cache: no ns-3 object destroyed after ns-3's own statics).
    static auto* spare = new std::vector<Ptr<T>>;
    for (const Ptr<T>& option : *spare)
    {
        if (option->GetReferenceCount() == 1)
        {
            return option;
        }
    }
    Ptr<T> option = Create<T>();
    if (spare->size() < 8)
    {
        spare->push_back(option);
    }
    return option;
}

Ptr<TcpOptionSack>
NewSack()
{
    Ptr<TcpOptionSack> sack = NewOption<TcpOptionSack>();
    sack->ClearSackList();
    return sack;
}

void
AppendTimestamp(TcpHeader& h, uint32_t tsVal, uint32_t tsEcr)
{
    Ptr<TcpOptionTS> ts = NewOption<TcpOptionTS>();
    ts->SetTimestamp(tsVal);
    ts->SetEcho(tsEcr);
    h.AppendOption(ts);
}

uint16_t
ReadU16(const uint8_t* p)
{
    return static_cast<uint16_t>((p[0] << 8) | p[1]);
}

uint32_t
ReadU32(const uint8_t* p)
{
    return (static_cast<uint32_t>(p[0]) << 24) | (static_cast<uint32_t>(p[1]) << 16)
           | (static_cast<uint32_t>(p[2]) << 8) | p[3];
}

} // namespace

bool
TcpFsmReadHeader(const uint8_t* raw, uint32_t offset, TcpHeader& h)
{
    if (offset < 20 || offset > 60 || !h.GetOptionList().empty())
    {
        return false;
    }
    // The options first: anything but the kinds below, with their lengths, is left to
    // TcpHeader::Deserialize (EOL and its padding, unknown kinds, odd lengths).
    for (uint32_t i = 20; i < offset;)
    {
        const uint8_t kind = raw[i];
        if (kind == TcpOption::NOP)
        {
            ++i;
            continue;
        }
        if (i + 1 >= offset)
        {
            return false;
        }
        const uint8_t length = raw[i + 1];
        const bool known = (kind == TcpOption::MSS && length == 4)
                           || (kind == TcpOption::WINSCALE && length == 3 && i + 2 < offset
                               && raw[i + 2] <= 14) // ns-3 keeps a larger shift as received
                           || (kind == TcpOption::SACKPERMITTED && length == 2)
                           || (kind == TcpOption::TS && length == 10)
                           || (kind == TcpOption::SACK && length >= 2 && (length - 2) % 8 == 0);
        if (!known || i + length > offset)
        {
            return false;
        }
        i += length;
    }
    for (uint32_t i = 20; i < offset;)
    {
        const uint8_t* o = raw + i;
        switch (o[0])
        {
        case TcpOption::NOP:
            h.AppendOption(SharedNop());
            ++i;
            continue;
        case TcpOption::MSS:
            h.AppendOption(SharedMss(ReadU16(o + 2)));
            break;
        case TcpOption::WINSCALE:
            h.AppendOption(SharedWindowScale(o[2])); // at most 14: checked above
            break;
        case TcpOption::SACKPERMITTED:
            h.AppendOption(SharedSackPermitted());
            break;
        case TcpOption::TS:
            AppendTimestamp(h, ReadU32(o + 2), ReadU32(o + 6));
            break;
        default:
        { // SACK
            Ptr<TcpOptionSack> sack = NewSack();
            for (uint32_t b = 2; b + 8 <= o[1]; b += 8)
            {
                sack->AddSackBlock(
                    {SequenceNumber32(ReadU32(o + b)), SequenceNumber32(ReadU32(o + b + 4))});
            }
            h.AppendOption(sack);
            break;
        }
        }
        i += o[1];
    }
    h.SetSourcePort(ReadU16(raw));
    h.SetDestinationPort(ReadU16(raw + 2));
    h.SetSequenceNumber(SequenceNumber32(ReadU32(raw + 4)));
    h.SetAckNumber(SequenceNumber32(ReadU32(raw + 8)));
    // The header length: AppendOption computed it from the options, which fill the offset.
    h.SetFlags(raw[13]);
    h.SetWindowSize(ReadU16(raw + 14));
    h.SetUrgentPointer(ReadU16(raw + 18));
    return true;
}

namespace
{

/// m_scale is a protected member of TcpOptionWinScale: a pointer to it named through a class
/// derived from it is one to the base's member, usable on any TcpOptionWinScale.
struct WinScaleShift : TcpOptionWinScale
{
    static uint8_t Of(const TcpOptionWinScale& o)
    {
        return o.*(&WinScaleShift::m_scale);
    }
};

} // namespace

uint8_t
TcpFsmWindowShift(const TcpOption& windowScale)
{
    return WinScaleShift::Of(static_cast<const TcpOptionWinScale&>(windowScale));
}

TcpFsmRxOptions
TcpFsmReadOptions(const TcpHeader& h)
{
    TcpFsmRxOptions o;
    for (const auto& option : h.GetOptionList())
    {
        switch (option->GetKind())
        {
        case TcpOption::MSS:
            if (auto mss = DynamicCast<const TcpOptionMSS>(option))
            {
                o.hasMss = true;
                o.mss = mss->GetMSS();
            }
            break;
        case TcpOption::WINSCALE:
            if (auto ws = DynamicCast<const TcpOptionWinScale>(option))
            {
                o.hasWindowScale = true;
                o.windowScale = TcpFsmWindowShift(*ws);
            }
            break;
        case TcpOption::SACKPERMITTED:
            o.sackPermitted = true;
            break;
        case TcpOption::TS:
            if (auto ts = DynamicCast<const TcpOptionTS>(option))
            {
                o.hasTimestamp = true;
                o.tsVal = ts->GetTimestamp();
                o.tsEcr = ts->GetEcho();
            }
            break;
        case TcpOption::SACK:
            if (auto sack = DynamicCast<const TcpOptionSack>(option))
            {
                o.sack.clear();
                for (const auto& b : sack->GetSackList())
                {
                    o.sack.push_back({b.first, b.second});
                }
            }
            break;
        default:
            break; // EOL, NOP, unknown kinds
        }
    }
    return o;
}

void
TcpFsmWriteOptions(TcpHeader& h, const TcpFsmTxOptions& o)
{
    // Linux's tcp_options_write order: MSS; SACK-permitted shares TS's 12 bytes when both are
    // sent, otherwise each is preceded by two NOPs; the window scale by one NOP; SACK blocks
    // by two NOPs.
    if (o.mss)
    {
        h.AppendOption(SharedMss(o.mssValue));
    }
    if (o.timestamp)
    {
        if (o.sackPermitted)
        {
            h.AppendOption(SharedSackPermitted());
        }
        else
        {
            h.AppendOption(SharedNop());
            h.AppendOption(SharedNop());
        }
        AppendTimestamp(h, o.tsVal, o.tsEcr);
    }
    else if (o.sackPermitted)
    {
        h.AppendOption(SharedNop());
        h.AppendOption(SharedNop());
        h.AppendOption(SharedSackPermitted());
    }
    if (o.windowScale)
    {
        h.AppendOption(SharedNop());
        h.AppendOption(SharedWindowScale(o.shift));
    }
    if (!o.sack.empty())
    {
        Ptr<TcpOptionSack> sack = NewSack();
        for (const auto& b : o.sack)
        {
            sack->AddSackBlock({b.left, b.right});
        }
        h.AppendOption(SharedNop());
        h.AppendOption(SharedNop());
        h.AppendOption(sack);
    }
}

} // namespace ns3
