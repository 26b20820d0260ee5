/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Scripted peers, part 2e: setsockopt() and getsockopt(). An option sets or reads the model's
 * attribute of the same meaning (Linux's SO_SNDBUF doubling included), or the model's own
 * call (TCP_INFO, the connection's MSS); an option the model does not have is a skip naming
 * it. The Fast Open options are in tcp-fsm-script-fastopen.cc.
 */
#include "ns3/string.h"
#include "ns3/tcp-fsm-script-engine.h"
#include "ns3/tcp-fsm-script-python.h"
#include "ns3/tcp-fsm-socket.h"
#include "ns3/uinteger.h"

namespace ns3
{

namespace
{

/// The feature a socket option needs when the runner cannot map it to an attribute.
std::string
OptionFeature(const std::string& name)
{
    if (name.compare(0, 12, "TCP_FASTOPEN") == 0)
    {
        return "TCP Fast Open (RFC 7413, " + name + ")";
    }
    if (name == "SO_ZEROCOPY")
    {
        return "zerocopy (SO_ZEROCOPY)";
    }
    if (name == "TCP_MD5SIG")
    {
        return "TCP MD5 signatures (RFC 2385)";
    }
    return "the socket option " + name;
}

} // namespace

std::string
TcpFsmScriptEngine::SetOption(Descriptor& d, const TcpFsmScriptCall& call, Returned& r)
{
    Ptr<Socket> s = d.socket;
    const std::string& name = call.optionName;
    const int64_t v = call.optionValue;
    auto set
        = [&](const std::string& attribute, const std::string& value, const std::string& feature)
    {
        TypeId::AttributeInformation info;
        if (!s->GetInstanceTypeId().LookupAttributeByName(attribute, &info))
        {
            return feature + " (" + name + ": " + s->GetInstanceTypeId().GetName()
                   + " has no attribute " + attribute + ")";
        }
        if (!s->SetAttributeFailSafe(attribute, StringValue(value)))
        {
            r = {-1, "EINVAL"};
        }
        return std::string();
    };
    const std::string flag = v != 0 ? "true" : "false";
    bool handled = false;
    const std::string fastOpen = FastOpenOption(d, call, r, handled);
    if (handled)
    {
        return fastOpen;
    }
    if (name == "SO_REUSEADDR" || name == "SO_REUSEPORT")
    {
        return ""; // one socket per port in a run: nothing to reuse
    }
    if (name == "SO_MARK")
    {
        return ""; // a routing/filter mark: the simulated node has one route and no filter
    }
    if (name == "SO_LINGER")
    {
        if (v != 0 && call.optionLinger == 0)
        {
            if (!m_stack->AbortSupport().empty())
            {
                return "SO_LINGER {1, 0}: " + m_stack->AbortSupport();
            }
            d.linger0 = true;
            return "";
        }
        d.linger0 = false;
        return v != 0 ? set("Linger",
                            std::to_string(call.optionLinger) + "s",
                            "SO_LINGER with a timeout (a lingering close)")
                      : "";
    }
    if (!call.hasOptionValue)
    {
        return OptionFeature(name);
    }
    if (name == "IP_FREEBIND")
    {
        // Binding an address the node does not have: the simulated node's bind() takes any
        // address already (and the scripts bind the local one).
        return "";
    }
    if (name == "IP_MTU_DISCOVER" && v == 0)
    {
        // IP_PMTUDISC_DONT: no path MTU discovery, no DF bit; the model has neither (no ICMP).
        // The other modes ask for discovery: a skip.
        return "";
    }
    if (name == "IP_TOS")
    {
        // ns-3's Socket: the TOS of the IPv4 packets. As Linux for a TCP socket, the ECN bits
        // stay TCP's own (RFC 3168), the rest is the value's low byte.
        s->SetIpTos(static_cast<uint8_t>(v & 0xfc));
        return "";
    }
    if (name == "TCP_NODELAY")
    {
        return set("TcpNoDelay", flag, "TCP_NODELAY");
    }
    if (name == "TCP_INQ")
    {
        // The syscall layer's report of the receive queue (SIOCINQ in a control message).
        if (v < 0 || v > 1)
        {
            r = {-1, "EINVAL"};
        }
        d.inq = v == 1;
        return "";
    }
    if (name == "SO_SNDBUF" || name == "SO_RCVBUF")
    {
        // Linux doubles the value for its bookkeeping overhead (socket(7)).
        return set(name == "SO_SNDBUF" ? "SndBufSize" : "RcvBufSize", std::to_string(2 * v), name);
    }
    if (name == "SO_KEEPALIVE")
    {
        return set("KeepAlive", flag, "keepalive (SO_KEEPALIVE, RFC 1122 4.2.3.6)");
    }
    if (name == "TCP_KEEPIDLE")
    {
        return set("KeepAliveIdle", std::to_string(v) + "s", "keepalive (TCP_KEEPIDLE)");
    }
    if (name == "TCP_KEEPINTVL")
    {
        return set("KeepAliveInterval", std::to_string(v) + "s", "keepalive (TCP_KEEPINTVL)");
    }
    if (name == "TCP_KEEPCNT")
    {
        return set("KeepAliveCount", std::to_string(v), "keepalive (TCP_KEEPCNT)");
    }
    if (name == "TCP_USER_TIMEOUT")
    {
        return set("UserTimeout", std::to_string(v) + "ms", "TCP_USER_TIMEOUT (RFC 5482)");
    }
    if (name == "SO_ZEROCOPY")
    {
        return set("Zerocopy", flag, "zerocopy (SO_ZEROCOPY)");
    }
    if (name == "SO_TIMESTAMPING")
    {
        Ptr<TcpFsmSocket> fsm = DynamicCast<TcpFsmSocket>(s);
        if (!fsm)
        {
            return "transmit timestamps (SO_TIMESTAMPING; ns-3's TCP has none)";
        }
        if (v < 0 || v > UINT32_MAX || fsm->SetTimestamping(static_cast<uint32_t>(v)) != 0)
        {
            r = {-1, "EINVAL"};
        }
        return "";
    }
    if (name == "TCP_CORK")
    {
        return set("Cork", flag, "TCP_CORK");
    }
    if (name == "SO_OOBINLINE")
    {
        return set("OobInline", flag, "SO_OOBINLINE (urgent data inline)");
    }
    if (name == "TCP_MAXSEG")
    {
        return set("SegmentSize", std::to_string(v), "TCP_MAXSEG");
    }
    if (name == "TCP_SYNCNT")
    {
        return set("ConnCount", std::to_string(v), "TCP_SYNCNT");
    }
    return OptionFeature(name);
}

std::string
TcpFsmScriptEngine::GetOption(Descriptor& d, const TcpFsmScriptCall& call, std::string& got)
{
    Ptr<Socket> s = d.socket;
    const std::string& name = call.optionName;
    if (name == "SO_ERROR")
    {
        const std::string error = m_stack->SoError(s);
        if (error != call.expectedError)
        {
            got = "SO_ERROR " + error;
        }
        return "";
    }
    if (name == "SO_TIMESTAMPING")
    {
        Ptr<TcpFsmSocket> fsm = DynamicCast<TcpFsmSocket>(s);
        if (!fsm)
        {
            return "transmit timestamps (SO_TIMESTAMPING; ns-3's TCP has none)";
        }
        if (call.hasOptionValue && call.optionValue != fsm->GetTimestamping())
        {
            got = name + " [" + std::to_string(fsm->GetTimestamping()) + "]";
        }
        return "";
    }
    if (name == "TCP_INQ")
    {
        if (call.hasOptionValue && call.optionValue != (d.inq ? 1 : 0))
        {
            got = name + " [" + std::to_string(d.inq ? 1 : 0) + "]";
        }
        return "";
    }
    if (name == "TCP_MAXSEG")
    {
        // Linux: the connection's send MSS once it has one (the peer's MSS option bounds it),
        // before that the value set with TCP_MAXSEG, else the socket's segment size.
        Ptr<TcpFsmSocket> fsm = DynamicCast<TcpFsmSocket>(s);
        if (!fsm)
        {
            return OptionFeature(name);
        }
        const TcpFsmState st = fsm->GetState();
        int64_t mss = 0;
        if (st != TcpSocket::CLOSED && st != TcpSocket::LISTEN && st != TcpSocket::SYN_SENT)
        {
            mss = fsm->GetTcpInfo().tcpi_snd_mss;
        }
        else
        {
            UintegerValue size;
            fsm->GetAttribute("SegmentSize", size);
            mss = static_cast<int64_t>(size.Get());
        }
        if (call.hasOptionValue && mss != call.optionValue)
        {
            got = name + " [" + std::to_string(mss) + "]";
        }
        return "";
    }
    if (name == "TCP_INFO")
    {
        Ptr<TcpFsmSocket> fsm = DynamicCast<TcpFsmSocket>(s);
        if (!fsm)
        {
            return "TCP_INFO (ns-3's TCP has none)";
        }
        // Compare the fields the script writes ({tcpi_state=..., ...}); '...' is anything.
        const TcpFsmTcpInfo info = fsm->GetTcpInfo();
        const TcpFsmScriptExpr& want = call.args[3];
        for (std::size_t k = 0; k < want.items.size() && k < want.names.size(); ++k)
        {
            int64_t expected = 0;
            int64_t now = 0;
            if (want.names[k].empty() || want.items[k].kind == TcpFsmScriptExpr::Kind::ELLIPSIS)
            {
                continue;
            }
            if (!TcpFsmScriptTcpInfoField(info, want.names[k], now))
            {
                return want.names[k] + " (a tcp_info field the model does not fill)";
            }
            if (want.items[k].Evaluate(expected) && expected != now && got.empty())
            {
                got = want.names[k] + "=" + std::to_string(now);
            }
        }
        return "";
    }
    struct Readable
    {
        const char* option;
        const char* attribute;
        int64_t divisor; ///< Linux reports SO_SNDBUF/SO_RCVBUF as set (doubled)
    };

    static const Readable kReadable[] = {
        {"SO_SNDBUF", "SndBufSize", 1},
        {"SO_RCVBUF", "RcvBufSize", 1},
        {"TCP_NODELAY", "TcpNoDelay", 1},
        {"SO_KEEPALIVE", "KeepAlive", 1},
        {"TCP_KEEPCNT", "KeepAliveCount", 1},
    };
    for (const auto& rd : kReadable)
    {
        if (name != rd.option)
        {
            continue;
        }
        StringValue value;
        if (!s->GetAttributeFailSafe(rd.attribute, value))
        {
            return OptionFeature(name);
        }
        const std::string text = value.Get();
        const int64_t now = text == "true" ? 1 : text == "false" ? 0 : std::atoll(text.c_str());
        if (call.hasOptionValue && now != call.optionValue)
        {
            got = name + " [" + std::to_string(now) + "]";
        }
        return "";
    }
    return OptionFeature(name);
}

} // namespace ns3
