/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Scripted peers, part 1e: the syscall lines of the script language:
 * `NAME(EXPR, ...) = RESULT [ERRNO] [(text)]`. Every syscall packetdrill knows parses;
 * the arguments the runner reads (descriptor, byte count, flags, option) are checked
 * here, so that a wrong one is a syntax error at its column.
 */
#include "ns3/tcp-fsm-script-cursor.h"
#include "ns3/tcp-fsm-script-expr.h"

#include <algorithm>

namespace ns3
{

namespace
{

using K = TcpFsmScriptCallKind;

struct Known
{
    const char* name;
    K kind;
    int arity; ///< the number of arguments (-1: any)
};

/// Every syscall of packetdrill's language, with its arity.
const Known kSyscalls[] = {
    {"socket", K::SOCKET, 3},
    {"bind", K::BIND, 3},
    {"listen", K::LISTEN, 2},
    {"accept", K::ACCEPT, 3},
    {"connect", K::CONNECT, 3},
    {"read", K::READ, 3},
    {"readv", K::READV, 3},
    {"recv", K::RECV, 4},
    {"recvfrom", K::RECVFROM, 6},
    {"recvmsg", K::RECVMSG, 3},
    {"write", K::WRITE, 3},
    {"writev", K::WRITEV, 3},
    {"send", K::SEND, 4},
    {"sendto", K::SENDTO, 6},
    {"sendmsg", K::SENDMSG, 3},
    {"fcntl", K::FCNTL, -1},
    {"ioctl", K::IOCTL, 3},
    {"close", K::CLOSE, 1},
    {"shutdown", K::SHUTDOWN, 2},
    {"getsockopt", K::GETSOCKOPT, 5},
    {"setsockopt", K::SETSOCKOPT, 5},
    {"poll", K::POLL, 3},
    {"cap_set", K::OTHER, -1},
    {"open", K::OTHER, -1},
    {"sendfile", K::OTHER, 4},
    {"epoll_create", K::OTHER, 1},
    {"epoll_ctl", K::OTHER, 4},
    {"epoll_wait", K::OTHER, 4},
    {"pipe", K::OTHER, 1},
    {"splice", K::OTHER, 6},
    {"psp_rx_assoc", K::OTHER, -1},
    {"psp_tx_assoc", K::OTHER, -1},
};

std::string
KnownList()
{
    std::string s;
    for (const auto& k : kSyscalls)
    {
        s += (s.empty() ? "" : ", ") + std::string(k.name);
    }
    return s;
}

class SyscallParser
{
  public:
    explicit SyscallParser(TcpFsmScriptCursor& cursor)
      : m_c(cursor)
    {}

    void Syscall(TcpFsmScriptCall& call, const std::string& name, std::size_t namePos)
    {
        const Known* known = nullptr;
        for (const auto& k : kSyscalls)
        {
            if (name == k.name)
            {
                known = &k;
            }
        }
        if (!known)
        {
            m_c.FailAt(namePos,
                       "unknown syscall '" + name + "' (packetdrill's are: " + KnownList() + ")");
        }
        call.kind = known->kind;
        call.name = name;
        m_c.SkipSpace();
        const std::size_t paren = m_c.Pos();
        m_c.Expect('(', "after the syscall name '" + name + "'");
        Args(call, name);
        if (known->arity >= 0 && call.args.size() != static_cast<std::size_t>(known->arity))
        {
            m_c.FailAt(paren,
                       name + "() takes " + std::to_string(known->arity) + " argument"
                           + (known->arity == 1 ? "" : "s") + ", found "
                           + std::to_string(call.args.size()));
        }
        Interpret(call);
        Result(call, name);
    }

  private:
    void Args(TcpFsmScriptCall& call, const std::string& name)
    {
        if (m_c.Accept(')'))
        {
            return;
        }
        while (true)
        {
            m_c.SkipSpace();
            if (m_c.AtEnd())
            {
                m_c.Fail("the line ends inside the arguments of " + name + "(...): expected ')'");
            }
            call.args.push_back(TcpFsmScriptParseExpr(m_c));
            if (m_c.Accept(')'))
            {
                return;
            }
            if (!m_c.Accept(','))
            {
                m_c.SkipSpace();
                if (m_c.AtEnd())
                {
                    m_c.Fail("the line ends inside the arguments of " + name
                             + "(...): expected ')'");
                }
                m_c.Fail("expected ',' or ')' in the arguments of " + name + "(...), found "
                         + m_c.Found());
            }
        }
    }

    [[noreturn]] void FailArg(const TcpFsmScriptExpr& e, const std::string& message)
    {
        m_c.FailAt(e.pos, message);
    }

    int64_t Int(const TcpFsmScriptExpr& e, const std::string& what, int64_t max = 999999999)
    {
        int64_t v = 0;
        if (e.kind == TcpFsmScriptExpr::Kind::INTEGER || e.kind == TcpFsmScriptExpr::Kind::BINARY)
        {
            if (!e.Evaluate(v))
            {
                FailArg(e, "expected " + what + " (a number), found '" + e.ToString() + "'");
            }
        }
        else if (!e.Evaluate(v))
        {
            FailArg(e, "expected " + what + " (a number), found '" + e.ToString() + "'");
        }
        if (v < 0 || v > max)
        {
            FailArg(
                e, what + " " + e.ToString() + " is out of range (0.." + std::to_string(max) + ")");
        }
        return v;
    }

    /// A symbolic or numeric argument (flags, a command): "" when it is '...'.
    void Flags(const TcpFsmScriptExpr& e, TcpFsmScriptCall& call, const std::string& what)
    {
        call.flagsText = e.ToString();
        if (e.kind == TcpFsmScriptExpr::Kind::ELLIPSIS)
        {
            return;
        }
        if (!e.Evaluate(call.flags))
        {
            FailArg(e, "unknown " + what + " '" + e.ToString() + "'");
        }
    }

    /// The byte count of an iovec list [{..., N}, ...].
    uint32_t IovBytes(const TcpFsmScriptExpr& list)
    {
        uint64_t total = 0;
        if (list.kind != TcpFsmScriptExpr::Kind::LIST)
        {
            return 0;
        }
        for (const auto& iov : list.items)
        {
            const TcpFsmScriptExpr* len = iov.Field("iov_len");
            if (!len && iov.kind == TcpFsmScriptExpr::Kind::STRUCT && iov.items.size() == 2)
            {
                len = &iov.items[1];
            }
            if (len)
            {
                total += static_cast<uint64_t>(Int(*len, "the iov_len"));
            }
        }
        return static_cast<uint32_t>(std::min<uint64_t>(total, UINT32_MAX));
    }

    void Interpret(TcpFsmScriptCall& call)
    {
        auto& a = call.args;
        if (call.kind != K::SOCKET && call.kind != K::POLL && call.kind != K::OTHER && !a.empty())
        {
            call.fd = static_cast<int32_t>(Int(a[0], "a file descriptor", INT32_MAX));
        }
        switch (call.kind)
        {
        case K::SOCKET:
        case K::BIND:
        case K::ACCEPT:
        case K::CONNECT:
        case K::CLOSE:
        case K::POLL:
        case K::OTHER:
            break;
        case K::LISTEN:
            call.count = static_cast<uint32_t>(Int(a[1], "the backlog"));
            break;
        case K::WRITE:
        case K::READ:
        case K::SEND:
        case K::RECV:
        case K::SENDTO:
        case K::RECVFROM:
            call.nullBuffer = a[1].kind == TcpFsmScriptExpr::Kind::NULL_PTR;
            call.count = static_cast<uint32_t>(Int(a[2], "the byte count"));
            if (a.size() > 3)
            {
                Flags(a[3], call, "flags");
            }
            break;
        case K::WRITEV:
        case K::READV:
            call.count = IovBytes(a[1]);
            break;
        case K::SENDMSG:
        case K::RECVMSG:
            for (std::size_t i = 0; i < a[1].names.size(); ++i)
            {
                if (a[1].names[i].compare(0, 7, "msg_iov") == 0)
                {
                    call.count = IovBytes(a[1].items[i]);
                }
            }
            Flags(a[2], call, "flags");
            break;
        case K::SHUTDOWN:
            Flags(a[1], call, "shutdown mode");
            call.shutRead = call.flagsText != "SHUT_WR";
            call.shutWrite = call.flagsText != "SHUT_RD";
            break;
        case K::FCNTL:
            if (a.size() < 2 || a.size() > 3)
            {
                FailArg(a.empty() ? TcpFsmScriptExpr() : a[0],
                        "fcntl() takes 2 or 3 arguments, found " + std::to_string(a.size()));
            }
            Flags(a[1], call, "fcntl command");
            if (a.size() == 3)
            {
                call.hasOptionValue = a[2].Evaluate(call.optionValue);
            }
            break;
        case K::IOCTL:
            Flags(a[1], call, "ioctl request");
            call.hasOptionValue = a[2].Evaluate(call.optionValue);
            break;
        case K::SETSOCKOPT:
        case K::GETSOCKOPT:
            Sockopt(call);
            break;
        }
    }

    void Sockopt(TcpFsmScriptCall& call)
    {
        const auto& a = call.args;
        call.level = a[1].ToString();
        call.optionName = a[2].ToString();
        int64_t ignored = 0;
        if (!a[1].Evaluate(ignored))
        {
            FailArg(a[1], "unknown option level '" + call.level + "'");
        }
        if (a[2].kind == TcpFsmScriptExpr::Kind::WORD && !a[2].Evaluate(ignored))
        {
            FailArg(a[2], "unknown socket option '" + call.optionName + "'");
        }
        const TcpFsmScriptExpr& v = a[3];
        if (call.optionName == "SO_LINGER" && v.kind == TcpFsmScriptExpr::Kind::STRUCT)
        {
            const TcpFsmScriptExpr* onoff
                = v.Field("l_onoff") ? v.Field("l_onoff") : v.Field("onoff");
            const TcpFsmScriptExpr* linger
                = v.Field("l_linger") ? v.Field("l_linger") : v.Field("linger");
            if (!onoff || !linger)
            {
                FailArg(v,
                        "expected {l_onoff=N, l_linger=N} for SO_LINGER, found '" + v.ToString()
                            + "'");
            }
            call.optionValue = Int(*onoff, "l_onoff");
            call.optionLinger = Int(*linger, "l_linger");
            call.hasOptionValue = true;
            return;
        }
        if (call.kind == K::GETSOCKOPT && call.optionName == "SO_ERROR"
            && v.kind == TcpFsmScriptExpr::Kind::LIST && v.items.size() == 1)
        {
            call.expectedError = v.items[0].ToString();
        }
        call.hasOptionValue = v.Evaluate(call.optionValue);
    }

    void Result(TcpFsmScriptCall& call, const std::string& name)
    {
        m_c.SkipSpace();
        if (m_c.AtEnd())
        {
            m_c.Fail("the line ends where '= RESULT' of " + name + "() was expected");
        }
        m_c.Expect('=', "after " + name + "(...)");
        m_c.SkipSpace();
        if (m_c.AtEnd())
        {
            m_c.Fail("the line ends where the result of " + name + "() was expected");
        }
        const TcpFsmScriptExpr r = TcpFsmScriptParseExpr(m_c);
        if (r.kind == TcpFsmScriptExpr::Kind::ELLIPSIS)
        {
            call.resultAny = true;
        }
        else if (!r.Evaluate(call.result))
        {
            FailArg(r,
                    "expected the result of " + name + "() (a number), found '" + r.ToString()
                        + "'");
        }
        m_c.SkipSpace();
        if (m_c.AtEnd())
        {
            return;
        }
        if (m_c.Peek() != '(')
        {
            const std::size_t pos = m_c.Pos();
            std::string err = m_c.Word();
            int64_t value = 0;
            if (err.size() < 2 || err[0] != 'E' || !TcpFsmScriptSymbolValue(err, value))
            {
                m_c.Seek(pos);
                m_c.Fail("expected an errno name (EAGAIN, EINPROGRESS, ...) after the result, "
                         "found "
                         + m_c.Found());
            }
            if (call.result >= 0)
            {
                m_c.FailAt(pos, "an errno name follows only a negative result");
            }
            call.resultErrno = err;
            m_c.SkipSpace();
        }
        if (m_c.AtEnd())
        {
            return;
        }
        if (m_c.Peek() != '(' || m_c.Text().back() != ')')
        {
            m_c.Fail("expected '(text)' or the end of the line after the result, found "
                     + m_c.Found());
        }
    }

    TcpFsmScriptCursor& m_c;
};

} // namespace

void
TcpFsmScriptParseSyscall(TcpFsmScriptCursor& cursor,
                         const std::string& name,
                         std::size_t namePos,
                         TcpFsmScriptCall& call)
{
    SyscallParser(cursor).Syscall(call, name, namePos);
}

} // namespace ns3
