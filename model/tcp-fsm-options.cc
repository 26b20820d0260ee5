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

void
AppendTimestamp(TcpHeader& h, uint32_t tsVal, uint32_t tsEcr)
{
    Ptr<TcpOptionTS> ts = CreateObject<TcpOptionTS>();
    ts->SetTimestamp(tsVal);
    ts->SetEcho(tsEcr);
    h.AppendOption(ts);
}

} // namespace

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
                o.windowScale = ws->GetScale();
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
        Ptr<TcpOptionSack> sack = CreateObject<TcpOptionSack>();
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
