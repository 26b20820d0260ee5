/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "tcp-fsm-transition-record.h"

#include "ns3/inet-socket-address.h"
#include "ns3/inet6-socket-address.h"

#include <sstream>

namespace ns3 {

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
    std::ostringstream os;
    if (InetSocketAddress::IsMatchingType(a))
    {
        auto s = InetSocketAddress::ConvertFrom(a);
        os << s.GetIpv4() << ":" << s.GetPort();
    }
    else if (Inet6SocketAddress::IsMatchingType(a))
    {
        auto s = Inet6SocketAddress::ConvertFrom(a);
        os << "[" << s.GetIpv6() << "]:" << s.GetPort();
    }
    return os.str();
}

} // namespace ns3
