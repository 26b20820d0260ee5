/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "tcp-fsm-transition-record.h"

#include "ns3/inet-socket-address.h"
#include "ns3/inet6-socket-address.h"

#include <sstream>

namespace ns3
{

std::string
TcpFsmTransitionRecord::Describe() const
{
    std::ostringstream os;
    os << TcpFsmStateName(from) << " -> " << TcpFsmStateName(to) << " (" << TcpFsmEventName(cause)
       << ")";
    return os.str();
}

const char*
TcpFsmEndReasonName(TcpFsmEndReason r)
{
    switch (r)
    {
    case TcpFsmEndReason::NONE:
        return "none";
    case TcpFsmEndReason::NORMAL:
        return "normal";
    case TcpFsmEndReason::REFUSED:
        return "refused";
    case TcpFsmEndReason::RESET:
        return "reset";
    case TcpFsmEndReason::TIMED_OUT:
        return "timed_out";
    case TcpFsmEndReason::ABORTED:
        return "aborted";
    }
    return "?";
}

std::string
TcpFsmFormatAddress(const Address& a)
{
    // Hot in trace files (two addresses per row): IPv4 is formatted by hand, without streams.
    if (InetSocketAddress::IsMatchingType(a))
    {
        auto s = InetSocketAddress::ConvertFrom(a);
        uint8_t b[4];
        s.GetIpv4().Serialize(b);
        char buf[24];
        char* p = buf;
        auto put = [&p](unsigned v)
        {
            char tmp[5];
            int n = 0;
            do
            {
                tmp[n++] = char('0' + v % 10);
                v /= 10;
            }
            while (v);
            while (n)
            {
                *p++ = tmp[--n];
            }
        };
        for (int i = 0; i < 4; ++i)
        {
            put(b[i]);
            *p++ = i < 3 ? '.' : ':';
        }
        put(s.GetPort());
        return std::string(buf, p);
    }
    std::ostringstream os;
    if (Inet6SocketAddress::IsMatchingType(a))
    {
        auto s = Inet6SocketAddress::ConvertFrom(a);
        os << "[" << s.GetIpv6() << "]:" << s.GetPort();
    }
    return os.str();
}

} // namespace ns3
