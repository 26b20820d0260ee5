/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Scripted peers: the cursor the script parser reads a line with (internal to
 * tcp-fsm-script-parser.cc and tcp-fsm-script-syscall-parser.cc).
 */
#ifndef TCP_FSM_SCRIPT_CURSOR_H
#define TCP_FSM_SCRIPT_CURSOR_H

#include "ns3/tcp-fsm-script-parser.h"

#include <cctype>
#include <cstdint>
#include <string>
#include <vector>

namespace ns3
{

/**
 * \ingroup tcp-fsm
 * \brief Where a piece of a logical line starts in the file: a logical line joins the
 * physical lines of a construct that spans several (a struct, a shell command, a
 * Python block), one span per physical line.
 */
struct TcpFsmScriptSpan
{
    std::size_t offset{0}; ///< where the piece starts in the logical line
    uint32_t line{0};      ///< its physical line (1-based)
    uint32_t column{0};    ///< the column of its first character (1-based)
};

/**
 * \ingroup tcp-fsm
 * \brief The text of one line of a script with a column-aware cursor; every error it raises
 * is a TcpFsmScriptError at the cursor's column.
 */
class TcpFsmScriptCursor
{
  public:
    TcpFsmScriptCursor(const std::string& text, const TcpFsmScriptLocation& line)
      : m_text(text)
      , m_where(line)
    {}

    /// A cursor over a logical line; spans map its offsets back to lines and columns.
    TcpFsmScriptCursor(const std::string& text,
                       const TcpFsmScriptLocation& line,
                       const std::vector<TcpFsmScriptSpan>& spans)
      : m_text(text)
      , m_where(line)
      , m_spans(&spans)
    {}

    std::size_t Pos() const
    {
        return m_pos;
    }

    void Seek(std::size_t pos)
    {
        m_pos = pos;
    }

    bool AtEnd() const
    {
        return m_pos >= m_text.size();
    }

    char Peek() const
    {
        return AtEnd() ? '\0' : m_text[m_pos];
    }

    void SkipSpace()
    {
        while (!AtEnd() && std::isspace(static_cast<unsigned char>(m_text[m_pos])))
        {
            ++m_pos;
        }
    }

    /// Consume c if it is next (after spaces).
    bool Accept(char c)
    {
        SkipSpace();
        if (Peek() == c)
        {
            ++m_pos;
            return true;
        }
        return false;
    }

    TcpFsmScriptLocation At(std::size_t pos) const
    {
        TcpFsmScriptLocation w = m_where;
        w.column = static_cast<uint32_t>(pos + 1);
        if (m_spans && !m_spans->empty())
        {
            const TcpFsmScriptSpan* span = &m_spans->front();
            for (const auto& s : *m_spans)
            {
                if (s.offset <= pos)
                {
                    span = &s;
                }
            }
            w.line = span->line;
            w.column = static_cast<uint32_t>(span->column + (pos - span->offset));
        }
        return w;
    }

    [[noreturn]] void Fail(const std::string& message) const
    {
        throw TcpFsmScriptError(At(m_pos), message);
    }

    [[noreturn]] void FailAt(std::size_t pos, const std::string& message) const
    {
        throw TcpFsmScriptError(At(pos), message);
    }

    /// What stands at the cursor, for "found ..." in messages.
    std::string Found() const
    {
        if (AtEnd())
        {
            return "the end of the line";
        }
        std::size_t end = m_pos;
        while (end < m_text.size() && !std::isspace(static_cast<unsigned char>(m_text[end]))
               && (end == m_pos || std::isalnum(static_cast<unsigned char>(m_text[end]))
                   || m_text[end] == '_' || m_text[end] == '.'))
        {
            ++end;
        }
        return "'" + m_text.substr(m_pos, end - m_pos) + "'";
    }

    /// Expect c (after spaces); `what` describes where it is expected.
    void Expect(char c, const std::string& what)
    {
        SkipSpace();
        if (Peek() != c)
        {
            Fail(std::string("expected '") + c + "' " + what + ", found " + Found());
        }
        ++m_pos;
    }

    /// A word of letters, digits and '_' (empty when none).
    std::string Word()
    {
        SkipSpace();
        std::size_t start = m_pos;
        while (!AtEnd()
               && (std::isalnum(static_cast<unsigned char>(m_text[m_pos])) || m_text[m_pos] == '_'))
        {
            ++m_pos;
        }
        return m_text.substr(start, m_pos - start);
    }

    /// An unsigned decimal number no larger than max; `what` names it in messages.
    uint32_t Number(const std::string& what, uint64_t max = UINT32_MAX)
    {
        SkipSpace();
        std::size_t start = m_pos;
        if (!std::isdigit(static_cast<unsigned char>(Peek())))
        {
            Fail("expected " + what + " (a number), found " + Found());
        }
        uint64_t v = 0;
        bool overflow = false;
        while (std::isdigit(static_cast<unsigned char>(Peek())))
        {
            v = v * 10 + static_cast<uint64_t>(Peek() - '0');
            overflow = overflow || v > max;
            ++m_pos;
        }
        if (std::isalpha(static_cast<unsigned char>(Peek())) || Peek() == '_')
        {
            Seek(start);
            Fail("expected " + what + " (a number), found " + Found());
        }
        if (overflow)
        {
            FailAt(start,
                   what + " " + m_text.substr(start, m_pos - start) + " is out of range (0.."
                       + std::to_string(max) + ")");
        }
        return static_cast<uint32_t>(v);
    }

    const std::string& Text() const
    {
        return m_text;
    }

  private:
    const std::string& m_text;
    TcpFsmScriptLocation m_where;
    const std::vector<TcpFsmScriptSpan>* m_spans{nullptr};
    std::size_t m_pos{0};
};

/**
 * \brief Parse a syscall line from the cursor, which stands after the name.
 * \param name the syscall's name, as written
 * \param namePos where the name starts (for "unsupported syscall")
 */
void TcpFsmScriptParseSyscall(TcpFsmScriptCursor& cursor,
                              const std::string& name,
                              std::size_t namePos,
                              TcpFsmScriptCall& call);

/**
 * \brief Parse a packet line from the cursor, which stands after its direction.
 * \param inbound '<' (the scripted peer sends) rather than '>'
 */
void TcpFsmScriptParsePacket(TcpFsmScriptCursor& cursor,
                             TcpFsmScriptSegment& segment,
                             bool inbound);

} // namespace ns3

#endif /* TCP_FSM_SCRIPT_CURSOR_H */
