/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Scripted peers, part 1: the parser. One line at a time, left to right, with a
 * cursor that knows its column: every error names FILE:LINE:COLUMN and what was
 * expected there.
 */
#include "tcp-fsm-script-parser.h"

#include "tcp-fsm-script-cursor.h"

#include "ns3/tcp-header.h"

#include <algorithm>
#include <cctype>
#include <cinttypes>
#include <cstdio>
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
    LineParser(TcpFsmScript& script, const TcpFsmScriptLocation& where, const std::string& text)
      : m_script(script)
      , m_c(text, where)
      , m_where(where)
    {}

    /// A header line: --tolerance_usecs=N or --attr=Name=Value.
    void Header()
    {
        m_c.SkipSpace();
        const std::string& t = m_c.Text();
        const std::size_t start = m_c.Pos();
        std::size_t eq = t.find('=', start);
        std::string name
            = t.substr(start, eq == std::string::npos ? std::string::npos : eq - start);
        if (name == "--tolerance_usecs")
        {
            m_c.Seek(eq + 1);
            uint32_t us = m_c.Number("the tolerance in microseconds");
            EndOfLine("after --tolerance_usecs=N");
            m_script.toleranceNs = static_cast<int64_t>(us) * 1000;
            return;
        }
        if (name == "--attr")
        {
            std::size_t eq2 = t.find('=', eq + 1);
            if (eq2 == std::string::npos || eq2 == eq + 1)
            {
                m_c.FailAt(eq + 1, "expected --attr=Name=Value");
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
            return;
        }
        m_c.Fail("unknown header option '" + name
                 + "' (expected --tolerance_usecs=N or --attr=Name=Value)");
    }

    /// An event line: time, then a segment, a syscall or a state assertion.
    TcpFsmScriptLine Event(int64_t previousNs)
    {
        TcpFsmScriptLine line;
        line.where = m_where;
        line.where.column = 1;
        line.timeNs = ParseTime(previousNs);
        m_c.SkipSpace();
        line.text = m_c.Text().substr(m_c.Pos());
        if (m_c.AtEnd())
        {
            m_c.Fail("the line ends after its time: expected '<', '>', a syscall or state(...)");
        }
        const char c = m_c.Peek();
        if (c == '<' || c == '>')
        {
            line.kind
                = c == '<' ? TcpFsmScriptLine::Kind::INBOUND : TcpFsmScriptLine::Kind::OUTBOUND;
            m_c.Seek(m_c.Pos() + 1);
            Segment(line.segment, c == '<');
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
            return line;
        }
        line.kind = TcpFsmScriptLine::Kind::SYSCALL;
        TcpFsmScriptParseSyscall(m_c, word, start, line.call);
        return line;
    }

  private:
    /// The time at the start of an event line, in absolute nanoseconds.
    int64_t ParseTime(int64_t previousNs)
    {
        m_c.SkipSpace();
        const std::size_t start = m_c.Pos();
        const std::string& t = m_c.Text();
        std::size_t end = start;
        while (end < t.size() && !std::isspace(static_cast<unsigned char>(t[end])))
        {
            ++end;
        }
        const std::string token = t.substr(start, end - start);
        if (token == "*" || token.find('~') != std::string::npos)
        {
            m_c.Fail("unsupported time '" + token + "': only N.NNN and +N.NNN are supported");
        }
        std::size_t i = 0;
        const bool relative = !token.empty() && token[0] == '+';
        i += relative ? 1 : 0;
        int64_t seconds = 0;
        int64_t fraction = 0;
        int fractionDigits = 0;
        int digits = 0;
        bool ok = true;
        while (i < token.size() && std::isdigit(static_cast<unsigned char>(token[i])))
        {
            seconds = seconds * 10 + (token[i] - '0');
            ok = ok && seconds < 1000000000;
            ++digits;
            ++i;
        }
        if (i < token.size() && token[i] == '.')
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
        if (!ok || digits == 0 || i != token.size())
        {
            m_c.Fail("bad time '" + token
                     + "': expected N.NNN (seconds) or +N.NNN (seconds after the previous line)");
        }
        while (fractionDigits < 9)
        {
            fraction *= 10;
            ++fractionDigits;
        }
        int64_t ns = seconds * 1000000000 + fraction;
        if (relative)
        {
            ns += previousNs;
        }
        else if (ns < previousNs)
        {
            m_c.Fail("time " + TcpFsmScriptFormatTime(ns) + " is before the previous line's "
                     + TcpFsmScriptFormatTime(previousNs) + ": lines must be in time order");
        }
        m_c.Seek(end);
        return ns;
    }

    void EndOfLine(const std::string& context)
    {
        m_c.SkipSpace();
        if (!m_c.AtEnd())
        {
            m_c.Fail("unexpected " + m_c.Found() + " " + context);
        }
    }

    void Segment(TcpFsmScriptSegment& s, bool inbound)
    {
        m_c.SkipSpace();
        if (m_c.AtEnd())
        {
            m_c.Fail("the line ends where the flags of a segment were expected (S, F, R, P, .)");
        }
        if (std::isdigit(static_cast<unsigned char>(m_c.Peek())))
        {
            m_c.Fail("expected the segment's flags (S, F, R, P, .) before START:END(LEN)");
        }
        while (!m_c.AtEnd() && !std::isspace(static_cast<unsigned char>(m_c.Peek())))
        {
            switch (m_c.Peek())
            {
            case 'S':
                s.flags |= TcpHeader::SYN;
                break;
            case 'F':
                s.flags |= TcpHeader::FIN;
                break;
            case 'R':
                s.flags |= TcpHeader::RST;
                break;
            case 'P':
                s.flags |= TcpHeader::PSH;
                break;
            case '.':
                s.flags |= TcpHeader::ACK;
                break;
            default:
                m_c.Fail(std::string("unknown flag '") + m_c.Peek()
                         + "' (flags are S, F, R, P and '.' for ACK)");
            }
            m_c.Seek(m_c.Pos() + 1);
        }
        s.start = m_c.Number("the segment's START of START:END(LEN)");
        m_c.Expect(':', "between START and END of START:END(LEN)");
        s.end = m_c.Number("the segment's END of START:END(LEN)");
        m_c.Expect('(', "before the LEN of START:END(LEN)");
        m_c.SkipSpace();
        const std::size_t lenPos = m_c.Pos();
        s.len = m_c.Number("the segment's LEN of START:END(LEN)");
        m_c.Expect(')', "after the LEN of START:END(LEN)");
        if (s.end - s.start != s.len)
        {
            m_c.FailAt(lenPos,
                       "LEN " + std::to_string(s.len) + " does not match " + std::to_string(s.start)
                           + ":" + std::to_string(s.end)
                           + " (END - START = " + std::to_string(s.end - s.start) + ")");
        }
        while (true)
        {
            m_c.SkipSpace();
            if (m_c.AtEnd())
            {
                break;
            }
            if (m_c.Peek() == '<')
            {
                m_c.Seek(m_c.Pos() + 1);
                Options(s, inbound);
                EndOfLine("after the option list");
                break;
            }
            const std::size_t wordPos = m_c.Pos();
            std::string word = m_c.Word();
            if (word == "ack" && !s.hasAck)
            {
                s.hasAck = true;
                s.ack = m_c.Number("the ack number after 'ack'");
            }
            else if (word == "win" && !s.hasWin)
            {
                s.hasWin = true;
                s.win = m_c.Number("the window after 'win'", 65535);
            }
            else
            {
                m_c.Seek(wordPos);
                m_c.Fail("expected 'ack N', 'win N' or '<options>', found " + m_c.Found());
            }
        }
        if (s.hasAck && !(s.flags & TcpHeader::ACK))
        {
            m_c.Fail("the segment has 'ack N' but its flags have no '.' (ACK)");
        }
        if (inbound && (s.flags & TcpHeader::ACK) && !s.hasAck)
        {
            m_c.Fail("expected 'ack N': an inbound segment with '.' (ACK) needs its ack number");
        }
    }

    void Options(TcpFsmScriptSegment& s, bool inbound)
    {
        m_c.SkipSpace();
        if (m_c.Text().compare(m_c.Pos(), 3, "...") == 0)
        {
            if (inbound)
            {
                m_c.Fail("'<...>' is for outbound segments; an inbound segment lists its options");
            }
            m_c.Seek(m_c.Pos() + 3);
            m_c.Expect('>', "after '<...'");
            s.options = TcpFsmScriptSegment::Options::ANY;
            return;
        }
        s.options = TcpFsmScriptSegment::Options::LIST;
        while (true)
        {
            m_c.SkipSpace();
            if (m_c.AtEnd())
            {
                m_c.Fail("the line ends inside the option list: expected '>'");
            }
            const std::size_t pos = m_c.Pos();
            if (!s.optionList.empty() && m_c.Text().compare(pos, 3, "...") == 0 && !inbound)
            {
                m_c.Seek(pos + 3);
                m_c.Expect('>', "after '...' at the end of the option list");
                s.options = TcpFsmScriptSegment::Options::PREFIX;
                return;
            }
            std::string word = m_c.Word();
            TcpFsmScriptOption o;
            if (word == "mss")
            {
                o.kind = TcpFsmScriptOption::Kind::MSS;
                o.value = m_c.Number("the MSS after 'mss'", 65535);
            }
            else if (word == "nop")
            {
                o.kind = TcpFsmScriptOption::Kind::NOP;
            }
            else if (word == "wscale")
            {
                o.kind = TcpFsmScriptOption::Kind::WSCALE;
                o.value = m_c.Number("the shift after 'wscale'", 14);
            }
            else if (word == "sackOK")
            {
                o.kind = TcpFsmScriptOption::Kind::SACK_OK;
            }
            else if (word == "TS")
            {
                o.kind = TcpFsmScriptOption::Kind::TS;
                std::size_t p = m_c.Pos();
                if (m_c.Word() != "val")
                {
                    m_c.Seek(p);
                    m_c.Fail("expected 'val N' after 'TS', found " + m_c.Found());
                }
                o.value = m_c.Number("the timestamp after 'TS val'");
                p = m_c.Pos();
                if (m_c.Word() != "ecr")
                {
                    m_c.Seek(p);
                    m_c.Fail("expected 'ecr N' after 'TS val N', found " + m_c.Found());
                }
                o.echo = m_c.Number("the echo after 'ecr'");
            }
            else
            {
                m_c.Seek(pos);
                m_c.Fail("unknown option " + m_c.Found()
                         + " (expected mss N, nop, wscale N, sackOK or TS val N ecr N)");
            }
            s.optionList.push_back(o);
            if (m_c.Accept('>'))
            {
                return;
            }
            if (!m_c.Accept(','))
            {
                if (m_c.AtEnd())
                {
                    m_c.Fail("the line ends inside the option list: expected '>'");
                }
                m_c.Fail("expected ',' or '>' in the option list, found " + m_c.Found());
            }
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
};

/// The line without its // comment, tabs as spaces, trailing spaces removed.
std::string
StripComment(const std::string& raw)
{
    std::string s = raw;
    std::size_t c = s.find("//");
    if (c != std::string::npos)
    {
        s.erase(c);
    }
    for (char& ch : s)
    {
        if (ch == '\t' || ch == '\r')
        {
            ch = ' ';
        }
    }
    while (!s.empty() && s.back() == ' ')
    {
        s.pop_back();
    }
    return s;
}

} // namespace

TcpFsmScript
TcpFsmScriptParser::ParseText(const std::string& text, const std::string& file)
{
    TcpFsmScript script;
    script.file = file;
    std::istringstream in(text);
    std::string raw;
    uint32_t number = 0;
    int64_t previousNs = 0;
    while (std::getline(in, raw))
    {
        ++number;
        std::string line = StripComment(raw);
        std::size_t first = line.find_first_not_of(' ');
        if (first == std::string::npos)
        {
            continue;
        }
        TcpFsmScriptLocation where{file, number, static_cast<uint32_t>(first + 1)};
        if (line.compare(first, 2, "--") == 0)
        {
            if (!script.lines.empty())
            {
                throw TcpFsmScriptError(where,
                                        "header option after the first event line: options "
                                        "come before the first timed line");
            }
            LineParser header(script, {file, number, 0}, line);
            header.Header();
            continue;
        }
        LineParser p(script, {file, number, 0}, line);
        TcpFsmScriptLine event = p.Event(previousNs);
        previousNs = event.timeNs;
        script.lines.push_back(event);
    }
    if (script.lines.empty())
    {
        throw TcpFsmScriptError({file, number + 1, 1},
                                "the script ends without a timed line: nothing to run");
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
