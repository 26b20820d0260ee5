/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Scripted peers, part 1b: the syscall lines of the script language. Arguments are
 * split at top-level commas; each syscall checks its own arguments and names what it
 * does not support.
 */
#include "tcp-fsm-script-cursor.h"

#include <algorithm>
#include <cstdio>
#include <vector>

namespace ns3
{

namespace
{

const char* const kSyscalls = "socket, bind, listen, accept, connect, write, send, sendto, read, "
                              "recv, shutdown, close, setsockopt, getsockopt, fcntl";

/// One argument of a syscall: its text (trimmed) and where it starts.
struct Arg
{
    std::string text;
    std::size_t pos;
};

class SyscallParser
{
  public:
    explicit SyscallParser(TcpFsmScriptCursor& cursor)
      : m_c(cursor)
    {}

    /// The arguments of a syscall, split at top-level commas; the cursor ends after ')'.
    std::vector<Arg> Args(const std::string& name)
    {
        std::vector<Arg> args;
        const std::string& t = m_c.Text();
        std::size_t pos = m_c.Pos();
        std::size_t argStart = pos;
        int depth = 0;
        while (true)
        {
            if (pos >= t.size())
            {
                m_c.Seek(pos);
                m_c.Fail("the line ends inside the arguments of " + name + "(...): expected ')'");
            }
            const char c = t[pos];
            if (c == '(' || c == '[' || c == '{')
            {
                ++depth;
            }
            else if ((c == ']' || c == '}') && depth > 0)
            {
                --depth;
            }
            else if (c == ')' && depth > 0)
            {
                --depth;
            }
            else if ((c == ',' || c == ')') && depth == 0)
            {
                std::size_t b = argStart;
                std::size_t e = pos;
                while (b < e && std::isspace(static_cast<unsigned char>(t[b])))
                {
                    ++b;
                }
                while (e > b && std::isspace(static_cast<unsigned char>(t[e - 1])))
                {
                    --e;
                }
                if (!(c == ')' && args.empty() && b == e))
                {
                    args.push_back({t.substr(b, e - b), b});
                }
                argStart = pos + 1;
                if (c == ')')
                {
                    m_c.Seek(pos + 1);
                    return args;
                }
            }
            ++pos;
        }
    }

    void ArgCount(const std::vector<Arg>& args,
                  std::size_t n,
                  const std::string& name,
                  std::size_t parenPos)
    {
        if (args.size() != n)
        {
            m_c.FailAt(parenPos,
                       name + "() takes " + std::to_string(n) + " argument" + (n == 1 ? "" : "s")
                           + ", found " + std::to_string(args.size()));
        }
    }

    int32_t Fd(const Arg& a)
    {
        TcpFsmScriptLocation w = m_c.At(a.pos);
        if (a.text.empty()
            || !std::all_of(a.text.begin(),
                            a.text.end(),
                            [](char ch)
                            {
                                return std::isdigit(static_cast<unsigned char>(ch));
                            }))
        {
            throw TcpFsmScriptError(
                w, "expected a file descriptor (a number), found '" + a.text + "'");
        }
        if (a.text.size() > 9)
        {
            throw TcpFsmScriptError(w, "file descriptor " + a.text + " is out of range");
        }
        return static_cast<int32_t>(std::stol(a.text));
    }

    uint32_t Count(const Arg& a, const std::string& what)
    {
        TcpFsmScriptLocation w = m_c.At(a.pos);
        if (a.text.empty()
            || !std::all_of(a.text.begin(),
                            a.text.end(),
                            [](char ch)
                            {
                                return std::isdigit(static_cast<unsigned char>(ch));
                            }))
        {
            throw TcpFsmScriptError(w, "expected " + what + " (a number), found '" + a.text + "'");
        }
        if (a.text.size() > 9)
        {
            throw TcpFsmScriptError(w, what + " " + a.text + " is out of range (0..999999999)");
        }
        return static_cast<uint32_t>(std::stoul(a.text));
    }

    void Word(const Arg& a, const std::vector<std::string>& allowed, const std::string& what)
    {
        for (const auto& w : allowed)
        {
            if (a.text == w)
            {
                return;
            }
        }
        std::string list;
        for (std::size_t i = 0; i < allowed.size(); ++i)
        {
            list += (i ? (i + 1 == allowed.size() ? " or " : ", ") : "") + allowed[i];
        }
        throw TcpFsmScriptError(
            m_c.At(a.pos), "unsupported " + what + " '" + a.text + "' (supported: " + list + ")");
    }

    /// "[1]" -> 1
    int64_t Bracketed(const Arg& a, const std::string& what)
    {
        const std::string& t = a.text;
        if (t.size() < 3 || t.front() != '[' || t.back() != ']')
        {
            throw TcpFsmScriptError(m_c.At(a.pos),
                                    "expected " + what + " as [N], found '" + t + "'");
        }
        Arg inner{t.substr(1, t.size() - 2), a.pos + 1};
        return Count(inner, what);
    }

    void Linger(const Arg& a, TcpFsmScriptCall& call)
    {
        // {onoff=1, linger=0}
        std::string t;
        for (char ch : a.text)
        {
            if (!std::isspace(static_cast<unsigned char>(ch)))
            {
                t += ch;
            }
        }
        long onoff = -1;
        long linger = -1;
        char tail = '\0';
        if (std::sscanf(t.c_str(), "{onoff=%ld,linger=%ld%c", &onoff, &linger, &tail) != 3
            || tail != '}' || t.back() != '}' || onoff < 0 || linger < 0)
        {
            throw TcpFsmScriptError(m_c.At(a.pos),
                                    "expected {onoff=N, linger=N} for SO_LINGER, found '" + a.text
                                        + "'");
        }
        if (onoff != 0 && linger != 0)
        {
            throw TcpFsmScriptError(m_c.At(a.pos),
                                    "unsupported SO_LINGER {onoff=1, linger="
                                        + std::to_string(linger)
                                        + "}: only linger=0 (an abortive close) is supported");
        }
        call.optionValue = onoff;
        call.optionLinger = linger;
    }

    void Syscall(TcpFsmScriptCall& call, const std::string& name, std::size_t namePos)
    {
        using K = TcpFsmScriptCallKind;
        static const std::vector<std::pair<std::string, K>> kinds = {
            {"socket", K::SOCKET},
            {"bind", K::BIND},
            {"listen", K::LISTEN},
            {"accept", K::ACCEPT},
            {"connect", K::CONNECT},
            {"write", K::WRITE},
            {"send", K::SEND},
            {"sendto", K::SENDTO},
            {"read", K::READ},
            {"recv", K::RECV},
            {"shutdown", K::SHUTDOWN},
            {"close", K::CLOSE},
            {"setsockopt", K::SETSOCKOPT},
            {"getsockopt", K::GETSOCKOPT},
            {"fcntl", K::FCNTL},
        };
        bool known = false;
        for (const auto& k : kinds)
        {
            if (k.first == name)
            {
                call.kind = k.second;
                known = true;
            }
        }
        if (!known)
        {
            m_c.FailAt(namePos,
                       "unsupported syscall '" + name + "' (supported: " + kSyscalls + ")");
        }
        call.name = name;
        m_c.SkipSpace();
        const std::size_t paren = m_c.Pos();
        m_c.Expect('(', "after the syscall name '" + name + "'");
        std::vector<Arg> args = Args(name);
        switch (call.kind)
        {
        case K::SOCKET:
            ArgCount(args, 3, name, paren);
            Word(args[0], {"...", "AF_INET"}, "address family");
            Word(args[1], {"SOCK_STREAM"}, "socket type");
            Word(args[2], {"IPPROTO_TCP", "0"}, "protocol");
            break;
        case K::BIND:
        case K::ACCEPT:
        case K::CONNECT:
            ArgCount(args, 3, name, paren);
            call.fd = Fd(args[0]);
            break;
        case K::LISTEN:
            ArgCount(args, 2, name, paren);
            call.fd = Fd(args[0]);
            call.count = Count(args[1], "the backlog");
            break;
        case K::WRITE:
        case K::READ:
            ArgCount(args, 3, name, paren);
            call.fd = Fd(args[0]);
            call.count = Count(args[2], "the byte count");
            break;
        case K::SEND:
        case K::RECV:
            ArgCount(args, 4, name, paren);
            call.fd = Fd(args[0]);
            call.count = Count(args[2], "the byte count");
            Word(args[3], {"0"}, "flags");
            break;
        case K::SENDTO:
            ArgCount(args, 6, name, paren);
            call.fd = Fd(args[0]);
            call.count = Count(args[2], "the byte count");
            Word(args[3], {"0"}, "flags");
            break;
        case K::SHUTDOWN:
            ArgCount(args, 2, name, paren);
            call.fd = Fd(args[0]);
            Word(args[1], {"SHUT_WR", "SHUT_RD", "SHUT_RDWR"}, "shutdown mode");
            call.shutRead = args[1].text != "SHUT_WR";
            call.shutWrite = args[1].text != "SHUT_RD";
            break;
        case K::CLOSE:
            ArgCount(args, 1, name, paren);
            call.fd = Fd(args[0]);
            break;
        case K::SETSOCKOPT:
            ArgCount(args, 5, name, paren);
            call.fd = Fd(args[0]);
            Word(args[1], {"SOL_SOCKET", "IPPROTO_TCP", "SOL_TCP"}, "option level");
            Word(args[2], {"SO_REUSEADDR", "TCP_NODELAY", "SO_LINGER"}, "socket option");
            if (args[2].text == "SO_REUSEADDR")
            {
                call.option = TcpFsmScriptSockopt::SO_REUSEADDR_OPT;
                call.optionValue = Bracketed(args[3], "the SO_REUSEADDR value");
            }
            else if (args[2].text == "TCP_NODELAY")
            {
                call.option = TcpFsmScriptSockopt::TCP_NODELAY_OPT;
                call.optionValue = Bracketed(args[3], "the TCP_NODELAY value");
            }
            else
            {
                call.option = TcpFsmScriptSockopt::SO_LINGER_OPT;
                Linger(args[3], call);
            }
            break;
        case K::GETSOCKOPT:
        {
            ArgCount(args, 5, name, paren);
            call.fd = Fd(args[0]);
            Word(args[1], {"SOL_SOCKET"}, "option level");
            Word(args[2], {"SO_ERROR"}, "socket option");
            call.option = TcpFsmScriptSockopt::SO_ERROR_OPT;
            const std::string& v = args[3].text;
            std::string inner = v.size() >= 2 && v.front() == '[' && v.back() == ']'
                                    ? v.substr(1, v.size() - 2)
                                    : std::string();
            if (inner != "0" && inner != "ECONNREFUSED" && inner != "ECONNRESET"
                && inner != "ETIMEDOUT")
            {
                throw TcpFsmScriptError(m_c.At(args[3].pos),
                                        "expected [0], [ECONNREFUSED], [ECONNRESET] or "
                                        "[ETIMEDOUT] for SO_ERROR, found '"
                                            + v + "'");
            }
            call.expectedError = inner;
            break;
        }
        case K::FCNTL:
            if (args.size() < 2)
            {
                ArgCount(args, 3, name, paren);
            }
            call.fd = Fd(args[0]);
            Word(args[1], {"F_SETFL"}, "fcntl command");
            break;
        }
        Result(call, name);
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
        const bool negative = m_c.Accept('-');
        m_c.SkipSpace();
        if (m_c.AtEnd())
        {
            m_c.Fail("the line ends where the result of " + name + "() was expected");
        }
        call.result = m_c.Number("the result of " + name + "()", INT32_MAX);
        if (negative)
        {
            call.result = -call.result;
        }
        m_c.SkipSpace();
        if (m_c.AtEnd())
        {
            return;
        }
        const std::size_t pos = m_c.Pos();
        std::string err = m_c.Word();
        if (err.size() < 2 || err[0] != 'E'
            || !std::all_of(err.begin(),
                            err.end(),
                            [](char ch)
                            {
                                return std::isupper(static_cast<unsigned char>(ch))
                                       || std::isdigit(static_cast<unsigned char>(ch));
                            }))
        {
            m_c.Seek(pos);
            m_c.Fail("expected an errno name (EAGAIN, EINPROGRESS, ...) after the result, found "
                     + m_c.Found());
        }
        if (call.result >= 0)
        {
            m_c.FailAt(pos, "an errno name follows only a negative result");
        }
        call.resultErrno = err;
        m_c.SkipSpace();
        if (m_c.AtEnd())
        {
            return;
        }
        if (m_c.Peek() != '(' || m_c.Text().back() != ')')
        {
            m_c.Fail("expected '(text)' or the end of the line after " + err + ", found "
                     + m_c.Found());
        }
    }

  private:
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
