/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Fuzz target "options": the TCP header and option parser alone. The bytes are a TCP
 * segment as it arrives from the wire; TcpFsmL4Protocol::ParseHeader (the L4's checks of the
 * data offset and the option lengths, then ns-3's TcpHeader::Deserialize) must accept it or
 * name a drop reason. An accepted header is then read as the socket reads it (MSS, window
 * scale, timestamps, SACK) and printed in script notation; a header serialised again must
 * parse to the same flags, numbers and length.
 */
#include "ns3/packet.h"
#include "ns3/tcp-fsm-l4-protocol.h"
#include "ns3/tcp-fsm-script-segment.h"
#include "ns3/tcp-header.h"
#include "ns3/tcp-option-rfc793.h"
#include "ns3/tcp-option-sack.h"
#include "ns3/tcp-option-ts.h"
#include "ns3/tcp-option-winscale.h"
#include "ns3/tcp-option.h"

#include <cstdio>
#include <cstdlib>
#include <cstring>

using namespace ns3;

extern "C" int
LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size)
{
    if (size > 2048)
    {
        return 0;
    }
    Ptr<Packet> p = Create<Packet>(data, size);
    TcpHeader h;
    const char* reason = nullptr;
    if (!TcpFsmL4Protocol::ParseHeader(p, h, reason))
    {
        if (reason == nullptr || std::strlen(reason) == 0)
        {
            std::fprintf(stderr, "ParseHeader refused a segment without a reason\n");
            std::abort();
        }
        return 0;
    }
    // The socket's reading of the options (tcp-fsm-socket-input.cc ReadOptions).
    uint32_t sum = 0;
    for (const auto& o : h.GetOptionList())
    {
        switch (o->GetKind())
        {
        case TcpOption::MSS:
            sum += DynamicCast<const TcpOptionMSS>(o)->GetMSS();
            break;
        case TcpOption::WINSCALE:
            sum += DynamicCast<const TcpOptionWinScale>(o)->GetScale();
            break;
        case TcpOption::TS:
            sum += DynamicCast<const TcpOptionTS>(o)->GetTimestamp();
            break;
        case TcpOption::SACK:
            sum += DynamicCast<const TcpOptionSack>(o)->GetNumSackBlocks();
            break;
        default:
            break;
        }
    }
    (void)sum;
    const std::string text
        = TcpFsmScriptFormatSegment('<', h, p->GetSize() - h.GetSerializedSize(), 0, 0);
    if (text.empty())
    {
        std::abort();
    }
    // Serialise again and parse: the same header. (ns-3 drops the options after an EOL and
    // unknown ones when it writes a header again: only a header it reads fully round-trips.)
    if (h.GetSerializedSize() != h.GetLength() * 4u)
    {
        return 0;
    }
    Ptr<Packet> again = Create<Packet>();
    again->AddHeader(h);
    TcpHeader h2;
    const char* reason2 = nullptr;
    if (!TcpFsmL4Protocol::ParseHeader(again, h2, reason2) || h2.GetFlags() != h.GetFlags()
        || h2.GetSequenceNumber() != h.GetSequenceNumber() || h2.GetAckNumber() != h.GetAckNumber()
        || h2.GetLength() != h.GetLength())
    {
        std::fprintf(stderr,
                     "a parsed header does not survive serialisation (%s)\n",
                     reason2 ? reason2 : "changed");
        std::abort();
    }
    return 0;
}
