/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Scripted peers, part 2c: TCP Fast Open (RFC 7413) in the syscall layer. The calls map onto
 * the model's Fast Open API (TcpFsmSocket::SendTo with MSG_FASTOPEN, FastOpenConnect, the
 * listener's queue and key); what the socket answers, Linux's errno included, is the result.
 * The runner only decides what Linux's syscall layer decides around the socket: a blocking
 * call waits for the handshake its SYN started, and a write while a handshake runs waits
 * (non-blocking: EAGAIN), as sk_stream_wait_connect() does.
 */
#include "ns3/inet-socket-address.h"
#include "ns3/tcp-fsm-fastopen.h"
#include "ns3/tcp-fsm-script-engine.h"
#include "ns3/tcp-fsm-socket.h"
#include "ns3/uinteger.h"

#include <cctype>
#include <map>
#include <sstream>

namespace ns3
{

namespace
{

using Call = TcpFsmScriptCallKind;

/// -D values that run_all.py passes to every IPv4 run (the runner's addresses are its IPv4
/// ones, so its cookie for tcp_fastopen_key a1a1a1a1-... is this one too).
const std::map<std::string, std::string> kRunAllDefines = {
    {"TFO_COOKIE", "3021b9d889017eeb"},
};

bool
IsHex(const std::string& text)
{
    for (char c : text)
    {
        if (!std::isxdigit(static_cast<unsigned char>(c)))
        {
            return false;
        }
    }
    return true;
}

/// The bytes of a C string literal as the script writes it ("\xf7\x63..."); false when an
/// escape is not one the key option needs (\xHH, \\, \", \0).
bool
StringBytes(const std::string& text, std::vector<uint8_t>& out)
{
    for (std::size_t i = 0; i < text.size(); ++i)
    {
        if (text[i] != '\\')
        {
            out.push_back(static_cast<uint8_t>(text[i]));
            continue;
        }
        if (i + 1 >= text.size())
        {
            return false;
        }
        const char e = text[++i];
        if (e == 'x' && i + 2 < text.size()
            && std::isxdigit(static_cast<unsigned char>(text[i + 1]))
            && std::isxdigit(static_cast<unsigned char>(text[i + 2])))
        {
            out.push_back(static_cast<uint8_t>(std::stoul(text.substr(i + 1, 2), nullptr, 16)));
            i += 2;
        }
        else if (e == '\\' || e == '"')
        {
            out.push_back(static_cast<uint8_t>(e));
        }
        else if (e == '0')
        {
            out.push_back(0);
        }
        else
        {
            return false;
        }
    }
    return true;
}

} // namespace

bool
TcpFsmScriptEngine::ResolveCookies()
{
    std::map<std::string, std::string> defines = kRunAllDefines;
    for (const auto& o : m_script.options)
    {
        const std::size_t eq = o.value.find('=');
        if (o.name == "define" && eq != std::string::npos)
        {
            defines[o.value.substr(0, eq)] = o.value.substr(eq + 1);
        }
    }
    for (auto& line : m_script.lines)
    {
        for (auto& o : line.segment.optionList)
        {
            if (o.kind != TcpFsmScriptOption::Kind::FO && o.kind != TcpFsmScriptOption::Kind::FOEXP)
            {
                continue;
            }
            auto it = defines.find(o.data);
            if (it != defines.end())
            {
                o.data = it->second;
            }
            // Any even number of hex digits that fits the option space (a test may send a
            // cookie longer than RFC 7413's 16 bytes: the socket must ignore it).
            if (!IsHex(o.data) || o.data.size() % 2 != 0 || o.data.size() > 2 * 36)
            {
                m_result.status = TcpFsmScriptResult::Status::ERROR;
                m_result.line = line.where.line;
                m_result.message = line.where.ToString() + ": the Fast Open cookie '" + o.data
                                   + "' is neither hex bytes (at most 36) nor a -D name";
                return false;
            }
            for (char& c : o.data)
            {
                c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
            }
        }
    }
    return true;
}

bool
TcpFsmScriptEngine::FastOpenShell(const std::string& command)
{
    // `ip tcp_metrics flush [all|PREFIX] [> /dev/null 2>&1]`: the runner's peer is the only
    // server the node talks to, so any flush forgets every cached cookie.
    std::istringstream words(command);
    std::string ip;
    std::string object;
    std::string verb;
    words >> ip >> object >> verb;
    if (ip != "ip" || (object != "tcp_metrics" && object != "tcpmetrics")
        || (verb != "flush" && verb != "f"))
    {
        return false;
    }
    TcpFsmFastOpenNode::Get(m_node)->Clear();
    Note("ip tcp_metrics flush: the node's Fast Open cookie cache is cleared");
    return true;
}

bool
TcpFsmScriptEngine::FastOpenWrite(
    Descriptor& d, const TcpFsmScriptCall& call, Returned& r, bool nonBlocking, bool& handled)
{
    Ptr<TcpFsmSocket> fsm = DynamicCast<TcpFsmSocket>(d.socket);
    if (!fsm)
    {
        return true;
    }
    const TcpFsmState st = fsm->GetState();
    const bool opening = st == TcpSocket::SYN_SENT || st == TcpSocket::SYN_RCVD;
    if (!opening)
    {
        fsm->SetWritePending(false); // the handshake ended: the writer goes on
    }
    if (d.synTaken >= 0)
    {
        // A blocking call whose SYN is out: it returns once the handshake has ended.
        handled = true;
        if (opening)
        {
            return false;
        }
        const int64_t taken = d.synTaken;
        d.synTaken = -1;
        if (!TcpFsmTransitionTable::Info(st).synchronized)
        {
            const std::string error = m_stack->SoError(d.socket);
            r = {-1, error == "0" ? "EPIPE" : error};
            return true;
        }
        // Linux goes on with the bytes the SYN did not carry, as a regular send.
        const uint32_t rest = call.count - static_cast<uint32_t>(taken);
        const int rc = rest > 0 ? fsm->Send(Create<Packet>(rest), 0) : 0;
        r = {taken + std::max(rc, 0), ""};
        return true;
    }
    const bool fastOpenFlag = (call.flags & TcpFsmFastOpen::MSG_FASTOPEN) != 0
                              && (call.kind == Call::SENDTO || call.kind == Call::SENDMSG);
    const bool deferred = fsm->IsFastOpenDeferred();
    if ((fastOpenFlag && (st == TcpSocket::CLOSED || st == TcpSocket::SYN_SENT)) || deferred)
    {
        handled = true;
        // sendto(..., AF_UNSPEC, ...): no address (the model's empty Address).
        const bool unspec = call.args.size() > 4
                            && call.args[4].kind == TcpFsmScriptExpr::Kind::WORD
                            && call.args[4].text == "AF_UNSPEC";
        const Address peer = unspec
                                 ? Address()
                                 : Address(InetSocketAddress(TcpFsmScriptAddresses::Remote(),
                                                             TcpFsmScriptAddresses::kListenPort));
        const uint32_t flags = static_cast<uint32_t>(call.flags & ~TcpFsmFastOpen::MSG_FASTOPEN);
        Ptr<Packet> p = Create<Packet>(call.count);
        const int rc = fastOpenFlag ? fsm->SendTo(p, flags | TcpFsmFastOpen::MSG_FASTOPEN, peer)
                                    : fsm->Send(p, flags);
        if (rc < 0)
        {
            r = Errno(fsm);
            return true;
        }
        if (st == TcpSocket::CLOSED)
        {
            Connected(fsm);
        }
        if (nonBlocking)
        {
            // Linux: the bytes the SYN carries; none (a cookie request, or nothing to send):
            // EINPROGRESS, the connection is on its way.
            r = rc > 0 ? Returned{rc, ""} : Returned{-1, "EINPROGRESS"};
            return true;
        }
        d.synTaken = rc;
        // Linux inet_wait_for_connect()'s write bias: only bytes the SYN did not carry make
        // the SYN+ACK's ACK wait for the writer.
        fsm->SetWritePending(static_cast<int64_t>(call.count) > rc);
        return false;
    }
    if (!m_script.ownDialect && opening && !fsm->IsFastOpenChild())
    {
        // Linux sk_stream_wait_connect(): a write waits for the handshake to end.
        handled = true;
        if (nonBlocking)
        {
            r = {-1, "EAGAIN"};
            return true;
        }
        fsm->SetWritePending(true); // Linux sk_write_pending: the SYN+ACK's ACK waits for us
        return false;
    }
    return true;
}

std::string
TcpFsmScriptEngine::FastOpenOption(Descriptor& d,
                                   const TcpFsmScriptCall& call,
                                   Returned& r,
                                   bool& handled)
{
    const std::string& name = call.optionName;
    if (name.compare(0, 12, "TCP_FASTOPEN") != 0)
    {
        return "";
    }
    handled = true;
    Ptr<TcpFsmSocket> fsm = DynamicCast<TcpFsmSocket>(d.socket);
    if (!fsm)
    {
        return "TCP Fast Open (RFC 7413, " + name + "; ns-3's TCP has none)";
    }
    const int64_t v = call.optionValue;
    if (name == "TCP_FASTOPEN_KEY")
    {
        // 16 bytes (Linux also takes 32: a primary and a backup key; the model has one key).
        std::vector<uint8_t> bytes;
        int64_t len = 0;
        if (call.args.size() < 5 || !call.args[4].Evaluate(len)
            || call.args[3].kind != TcpFsmScriptExpr::Kind::STRING
            || !StringBytes(call.args[3].text, bytes))
        {
            return "TCP Fast Open (RFC 7413, TCP_FASTOPEN_KEY with a value that is not a string)";
        }
        if ((len != 16 && len != 32) || bytes.size() < static_cast<std::size_t>(len))
        {
            r = {-1, "EINVAL"};
            return "";
        }
        if (len == 32)
        {
            return "TCP Fast Open (RFC 7413, a backup key in TCP_FASTOPEN_KEY)";
        }
        TcpFsmFastOpenKey key;
        std::copy(bytes.begin(), bytes.begin() + 16, key.begin());
        fsm->SetFastOpenKey(key);
        return "";
    }
    if (!call.hasOptionValue)
    {
        return "TCP Fast Open (RFC 7413, " + name + " with a value that is not an int)";
    }
    if (name == "TCP_FASTOPEN")
    {
        r = v < 0 ? Returned{-1, "EINVAL"}
                  : Rc(fsm, fsm->SetFastOpenQueueLength(static_cast<uint32_t>(v)));
        return "";
    }
    if (v < 0 || v > 1)
    {
        r = {-1, "EINVAL"}; // Linux: these two take 0 or 1
        return "";
    }
    if (name == "TCP_FASTOPEN_CONNECT")
    {
        r = Rc(fsm, fsm->SetFastOpenConnect(v != 0));
        return "";
    }
    if (name == "TCP_FASTOPEN_NO_COOKIE")
    {
        // Linux: per socket, CLOSED or LISTEN only; the model's per-socket FastOpen bit 0x4.
        const TcpFsmState st = fsm->GetState();
        if (st != TcpSocket::CLOSED && st != TcpSocket::LISTEN)
        {
            r = {-1, "EINVAL"};
            return "";
        }
        UintegerValue bits;
        fsm->GetAttribute("FastOpen", bits);
        const uint64_t now = v ? (bits.Get() | TcpFsmFastOpen::CLIENT_NO_COOKIE)
                               : (bits.Get() & ~uint64_t{TcpFsmFastOpen::CLIENT_NO_COOKIE});
        fsm->SetAttribute("FastOpen", UintegerValue(now));
        return "";
    }
    return "TCP Fast Open (RFC 7413, the socket option " + name + ")";
}

} // namespace ns3
