/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Scripted peers, part 1: the parser. One line at a time, left to right, with a
 * cursor that knows its column: every error names FILE:LINE:COLUMN and what was
 * expected there.
 */
#include "ns3/tcp-fsm-script-parser.h"

#include "ns3/tcp-fsm-script-cursor.h"
#include "ns3/tcp-fsm-script-lines.h"
#include "ns3/tcp-header.h"

#include <algorithm>
#include <cctype>
#include <cinttypes>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>

namespace ns3
{

std::string
TcpFsmScriptLocation::ToString() const
{
    return file + ":" + std::to_string(line) + ":" + std::to_string(column);
}

std::string
TcpFsmScriptLocation::FileLine() const
{
    return file + ":" + std::to_string(line);
}

TcpFsmScriptError::TcpFsmScriptError(const TcpFsmScriptLocation& where, const std::string& message)
  : std::runtime_error(where.ToString() + ": " + message)
  , m_where(where)
  , m_message(message)
{}

const TcpFsmScriptLocation&
TcpFsmScriptError::Where() const
{
    return m_where;
}

const std::string&
TcpFsmScriptError::Message() const
{
    return m_message;
}

std::string
TcpFsmScriptFlagsToString(uint8_t flags)
{
    std::string s;
    if (flags & TcpHeader::SYN)
    {
        s += 'S';
    }
    if (flags & TcpHeader::FIN)
    {
        s += 'F';
    }
    if (flags & TcpHeader::RST)
    {
        s += 'R';
    }
    if (flags & TcpHeader::PSH)
    {
        s += 'P';
    }
    if (flags & TcpHeader::ECE)
    {
        s += 'E';
    }
    if (flags & TcpHeader::CWR)
    {
        s += 'W';
    }
    if (flags & TcpHeader::URG)
    {
        s += 'U';
    }
    if (flags & TcpHeader::ACK)
    {
        s += '.';
    }
    return s.empty() ? std::string("-") : s;
}

std::string
TcpFsmScriptFormatTime(int64_t ns)
{
    char buf[48];
    const char* sign = ns < 0 ? "-" : "";
    const int64_t a = ns < 0 ? -ns : ns;
    std::snprintf(buf,
                  sizeof(buf),
                  "%s%" PRId64 ".%06" PRId64,
                  sign,
                  a / 1000000000,
                  (a % 1000000000) / 1000);
    return buf;
}

namespace
{

const char* const kStateNames
    = "CLOSED, LISTEN, SYN_SENT, SYN_RCVD, ESTABLISHED, FIN_WAIT_1, FIN_WAIT_2, CLOSING, "
      "TIME_WAIT, CLOSE_WAIT or LAST_ACK";

class LineParser
{
  public:
    LineParser(TcpFsmScript& script, const TcpFsmScriptLogicalLine& line)
      : m_script(script)
      , m_c(line.text, {script.file, line.line, 0}, line.spans)
      , m_where{script.file, line.line, 1}
    {}

    /// A header line: --name[=value], -D NAME=VALUE, --attr=Name=Value.
    void Header()
    {
        m_c.SkipSpace();
        const std::string& t = m_c.Text();
        const std::size_t start = m_c.Pos();
        if (t.compare(start, 2, "-D") == 0)
        {
            m_c.Seek(start + 2);
            m_c.SkipSpace();
            const std::size_t at = m_c.Pos();
            const std::string def = Rest();
            if (def.empty() || def.find('=') == 0)
            {
                m_c.FailAt(at, "expected NAME=VALUE after -D");
            }
            m_script.options.push_back({"define", def, m_c.At(at)});
            return;
        }
        const std::size_t eq = t.find('=', start);
        const std::string name = t.substr(start, eq == std::string::npos ? eq : eq - start);
        if (name.size() < 3 || name.find(' ') != std::string::npos)
        {
            m_c.Fail("expected a header option --name=value, found '" + name + "'");
        }
        if (name == "--attr")
        {
            Attribute(eq);
            return;
        }
        std::string value;
        if (eq != std::string::npos)
        {
            m_c.Seek(eq + 1);
            value = Rest();
            if (value.size() >= 2 && value.front() == '"' && value.back() == '"')
            {
                value = value.substr(1, value.size() - 2);
            }
        }
        if (name == "--tolerance_usecs")
        {
            m_c.Seek(eq == std::string::npos ? t.size() : eq + 1);
            const uint32_t us = m_c.Number("the tolerance in microseconds");
            EndOfLine("after --tolerance_usecs=N");
            m_script.toleranceNs = static_cast<int64_t>(us) * 1000;
            m_toleranceSet = true;
        }
        else if (name == "--tolerance_percent")
        {
            char* end = nullptr;
            const double v = std::strtod(value.c_str(), &end);
            if (value.empty() || *end != '\0' || v < 0 || v > 100)
            {
                m_c.FailAt(eq + 1, "expected a percentage (0..100) after --tolerance_percent=");
            }
            m_script.tolerancePercent = v;
        }
        m_script.options.push_back({name.substr(name[1] == '-' ? 2 : 1), value, m_c.At(start)});
    }

    /// An event line: an optional time, then a packet, a syscall, a shell command, a Python
    /// block or a state assertion.
    TcpFsmScriptLine Event(int64_t previousNs)
    {
        TcpFsmScriptLine line;
        line.where = m_where;
        m_c.SkipSpace();
        if (m_c.Peek() == '`' || m_c.Text().compare(m_c.Pos(), 2, "%{") == 0)
        {
            line.timeNs = line.timeEndNs = previousNs; // untimed: runs after the previous line
        }
        else
        {
            ParseTime(line, previousNs);
        }
        m_c.SkipSpace();
        line.text = m_c.Text().substr(m_c.Pos());
        if (m_c.AtEnd())
        {
            m_c.Fail("the line ends after its time: expected '<', '>', a syscall or state(...)");
        }
        const char c = m_c.Peek();
        if (c == '`')
        {
            line.kind = TcpFsmScriptLine::Kind::SHELL;
            const std::size_t end = m_c.Text().find('`', m_c.Pos() + 1);
            line.text = m_c.Text().substr(m_c.Pos() + 1, end - m_c.Pos() - 1);
            m_c.Seek(end + 1);
            EndOfLine("after the shell command");
            return line;
        }
        if (m_c.Text().compare(m_c.Pos(), 2, "%{") == 0)
        {
            line.kind = TcpFsmScriptLine::Kind::PYTHON;
            const std::size_t end = m_c.Text().find("}%", m_c.Pos() + 2);
            line.text = m_c.Text().substr(m_c.Pos() + 2, end - m_c.Pos() - 2);
            m_c.Seek(end + 2);
            EndOfLine("after the Python block");
            return line;
        }
        if (c == '<' || c == '>')
        {
            line.kind
                = c == '<' ? TcpFsmScriptLine::Kind::INBOUND : TcpFsmScriptLine::Kind::OUTBOUND;
            m_c.Seek(m_c.Pos() + 1);
            TcpFsmScriptParsePacket(m_c, line.segment, c == '<');
            return line;
        }
        const std::size_t start = m_c.Pos();
        std::string word = m_c.Word();
        if (word.empty())
        {
            m_c.Fail("expected '<', '>', a syscall or state(...), found " + m_c.Found());
        }
        if (word == "state")
        {
            line.kind = TcpFsmScriptLine::Kind::STATE;
            State(line.state);
            m_script.ownDialect = true;
            return line;
        }
        line.kind = TcpFsmScriptLine::Kind::SYSCALL;
        TcpFsmScriptParseSyscall(m_c, word, start, line.call);
        return line;
    }

    bool ToleranceSet() const
    {
        return m_toleranceSet;
    }

  private:
    /// The rest of the line, trimmed.
    std::string Rest()
    {
        m_c.SkipSpace();
        std::string v = m_c.Text().substr(m_c.Pos());
        while (!v.empty() && std::isspace(static_cast<unsigned char>(v.back())))
        {
            v.pop_back();
        }
        m_c.Seek(m_c.Text().size());
        return v;
    }

    void Attribute(std::size_t eq)
    {
        const std::string& t = m_c.Text();
        std::size_t eq2 = eq == std::string::npos ? eq : t.find('=', eq + 1);
        if (eq2 == std::string::npos || eq2 == eq + 1)
        {
            m_c.FailAt(eq == std::string::npos ? t.size() : eq + 1, "expected --attr=Name=Value");
        }
        TcpFsmScriptAttribute a;
        a.name = t.substr(eq + 1, eq2 - eq - 1);
        a.value = t.substr(eq2 + 1);
        a.where = m_c.At(eq + 1);
        if (a.value.empty())
        {
            m_c.FailAt(eq2 + 1, "expected a value after --attr=" + a.name + "=");
        }
        if (a.value.find(' ') != std::string::npos)
        {
            m_c.FailAt(eq2 + 1 + a.value.find(' '), "unexpected space in the value of --attr");
        }
        m_script.attributes.push_back(a);
        m_script.ownDialect = true;
    }

    /// One time value at i of token: N, N.NNN or .NNN seconds; false when there is none.
    static bool TimeValue(const std::string& token, std::size_t& i, int64_t& ns)
    {
        int64_t seconds = 0;
        int64_t fraction = 0;
        int fractionDigits = 0;
        int digits = 0;
        bool ok = true;
        while (i < token.size() && std::isdigit(static_cast<unsigned char>(token[i])))
        {
            if (seconds < 1000000000) // beyond, the time is refused: stop before it overflows
            {
                seconds = seconds * 10 + (token[i] - '0');
            }
            ok = ok && seconds < 1000000000;
            ++digits;
            ++i;
        }
        if (i < token.size() && token[i] == '.' && token.compare(i, 3, "...") != 0)
        {
            ++i;
            while (i < token.size() && std::isdigit(static_cast<unsigned char>(token[i])))
            {
                if (fractionDigits < 9)
                {
                    fraction = fraction * 10 + (token[i] - '0');
                    ++fractionDigits;
                }
                else if (token[i] != '0')
                {
                    ok = false; // finer than a nanosecond
                }
                ++digits;
                ++i;
            }
        }
        while (fractionDigits < 9)
        {
            fraction *= 10;
            ++fractionDigits;
        }
        ns = ok ? seconds * 1000000000 + fraction : 0; // not computed past the limit
        return ok && digits > 0;
    }

    /// The time at the start of an event line: `*`, `T`, `+T`, `T~T`, `+T~+T`, `[+]T...T`.
    void ParseTime(TcpFsmScriptLine& line, int64_t previousNs)
    {
        m_c.SkipSpace();
        const std::size_t start = m_c.Pos();
        const std::string& t = m_c.Text();
        // The time is one word; "A ... B" and "A ~ B" may have blanks around the mark.
        std::string token;
        std::size_t end = start;
        while (true)
        {
            while (end < t.size() && !std::isspace(static_cast<unsigned char>(t[end])))
            {
                token += t[end++];
            }
            std::size_t next = end;
            while (next < t.size() && std::isspace(static_cast<unsigned char>(t[next])))
            {
                ++next;
            }
            const bool markEnds
                = (token.size() >= 3 && token.compare(token.size() - 3, 3, "...") == 0)
                  || (!token.empty() && token.back() == '~');
            const bool markNext
                = t.compare(next, 3, "...") == 0 || (next < t.size() && t[next] == '~');
            if (next >= t.size() || !(markEnds || markNext) || token == "*")
            {
                break;
            }
            end = next;
        }
        auto bad = [&]()
        {
            m_c.Fail("bad time '" + token
                     + "': expected N.NNN (seconds), +N.NNN (seconds after the previous line), "
                       "*, A~B or A...B");
        };
        if (token == "*")
        {
            line.anyTime = true;
            line.timeNs = line.timeEndNs = previousNs;
            m_c.Seek(end);
            return;
        }
        std::size_t i = 0;
        const bool relative = !token.empty() && token[0] == '+';
        i += relative ? 1 : 0;
        int64_t ns = 0;
        if (!TimeValue(token, i, ns))
        {
            bad();
        }
        line.timeNs = relative ? previousNs + ns : ns;
        line.timeEndNs = line.timeNs;
        if (i < token.size() && token[i] == '~')
        {
            ++i;
            const bool endRelative = i < token.size() && token[i] == '+';
            i += endRelative ? 1 : 0;
            int64_t endNs = 0;
            if (endRelative != relative || !TimeValue(token, i, endNs))
            {
                bad();
            }
            line.timeEndNs = relative ? previousNs + endNs : endNs;
        }
        else if (token.compare(i, 3, "...") == 0)
        {
            i += 3;
            int64_t endNs = 0;
            if (!TimeValue(token, i, endNs))
            {
                bad();
            }
            line.blockingEndNs = relative ? previousNs + endNs : endNs;
        }
        if (i != token.size())
        {
            bad();
        }
        if (!relative && line.timeNs < previousNs)
        {
            m_c.Fail("time " + TcpFsmScriptFormatTime(line.timeNs)
                     + " is before the previous line's " + TcpFsmScriptFormatTime(previousNs)
                     + ": lines must be in time order");
        }
        if (line.timeEndNs < line.timeNs
            || (line.blockingEndNs >= 0 && line.blockingEndNs < line.timeNs))
        {
            m_c.Fail("bad time '" + token + "': the range ends before it starts");
        }
        m_c.Seek(end);
    }

    void EndOfLine(const std::string& context)
    {
        m_c.SkipSpace();
        if (!m_c.AtEnd())
        {
            m_c.Fail("unexpected " + m_c.Found() + " " + context);
        }
    }

    void State(TcpFsmScriptStateCheck& st)
    {
        m_c.Expect('(', "after 'state'");
        m_c.SkipSpace();
        if (std::isdigit(static_cast<unsigned char>(m_c.Peek())))
        {
            st.fd = static_cast<int32_t>(m_c.Number("a file descriptor", INT32_MAX));
        }
        else
        {
            std::size_t pos = m_c.Pos();
            if (m_c.Word() != "conn")
            {
                m_c.Seek(pos);
                m_c.Fail("expected a file descriptor or 'conn' in state(...), found "
                         + m_c.Found());
            }
            st.conn = true;
        }
        m_c.Expect(')', "after state(...");
        m_c.Expect('=', "after state(...)");
        m_c.SkipSpace();
        const std::size_t pos = m_c.Pos();
        std::string name;
        while (!m_c.AtEnd() && !std::isspace(static_cast<unsigned char>(m_c.Peek())))
        {
            name += m_c.Peek();
            m_c.Seek(m_c.Pos() + 1);
        }
        if (name.empty())
        {
            m_c.Fail(std::string("expected a state name (") + kStateNames + ")");
        }
        if (!TcpFsmStateFromName(name, st.state))
        {
            m_c.FailAt(pos, "unknown state '" + name + "' (expected " + kStateNames + ")");
        }
        EndOfLine("after the state name");
    }

    TcpFsmScript& m_script;
    TcpFsmScriptCursor m_c;
    TcpFsmScriptLocation m_where;
    bool m_toleranceSet{false};
};

} // namespace

TcpFsmScript
TcpFsmScriptParser::ParseText(const std::string& text, const std::string& file)
{
    TcpFsmScript script;
    script.file = file;
    int64_t previousNs = 0;
    bool toleranceSet = false;
    uint32_t lastLine = 0;
    for (const auto& logical : TcpFsmScriptSplitLines(text, file))
    {
        lastLine = logical.line;
        const std::size_t first = logical.text.find_first_not_of(' ');
        const bool header = logical.text.compare(first, 2, "--") == 0
                            || logical.text.compare(first, 3, "-D ") == 0;
        LineParser p(script, logical);
        if (header)
        {
            if (!script.lines.empty())
            {
                const auto& s = logical.spans.front();
                throw TcpFsmScriptError({file, s.line, static_cast<uint32_t>(s.column + first)},
                                        "header option after the first event line: options "
                                        "come before the first timed line");
            }
            p.Header();
            toleranceSet = toleranceSet || p.ToleranceSet();
            continue;
        }
        TcpFsmScriptLine event = p.Event(previousNs);
        previousNs = event.timeNs;
        script.lines.push_back(event);
    }
    if (script.lines.empty())
    {
        throw TcpFsmScriptError({file, lastLine + 1, 1},
                                "the script ends without a timed line: nothing to run");
    }
    if (script.ownDialect && !toleranceSet)
    {
        script.toleranceNs = 1000000; // the project's scripts: 1 ms, as they were written for
    }
    return script;
}

TcpFsmScript
TcpFsmScriptParser::ParseFile(const std::string& path)
{
    std::ifstream in(path);
    if (!in)
    {
        throw TcpFsmScriptError({path, 0, 0}, "cannot open the script");
    }
    std::ostringstream text;
    text << in.rdbuf();
    return ParseText(text.str(), path);
}

} // namespace ns3
