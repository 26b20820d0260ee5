/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Scripted peers, part 1a: logical lines (see the header).
 */
#include "ns3/tcp-fsm-script-lines.h"

namespace ns3
{

namespace
{

class Splitter
{
  public:
    Splitter(const std::string& text, const std::string& file)
      : m_t(text)
      , m_file(file)
    {}

    std::vector<TcpFsmScriptLogicalLine> Run()
    {
        while (m_i < m_t.size())
        {
            const char c = m_t[m_i];
            if (c == '\n')
            {
                Newline();
            }
            else if (Starts("//"))
            {
                while (m_i < m_t.size() && m_t[m_i] != '\n')
                {
                    Advance();
                }
            }
            else if (Starts("/*"))
            {
                const TcpFsmScriptLocation at = Here();
                while (!Starts("*/"))
                {
                    if (m_i >= m_t.size())
                    {
                        throw TcpFsmScriptError(at, "the comment '/*' is not closed by '*/'");
                    }
                    Advance();
                }
                Advance();
                Advance();
            }
            else if (c == '`')
            {
                Copy("`", "the shell command '`' is not closed by '`'", 1);
            }
            else if (Starts("%{"))
            {
                Copy("}%", "the Python block '%{' is not closed by '}%'", 2);
            }
            else if (c == '"')
            {
                Copy("\"", "the string is not closed by '\"'", 1);
            }
            else
            {
                if (c == '(' || c == '[' || c == '{')
                {
                    ++m_depth;
                }
                else if ((c == ')' || c == ']' || c == '}') && m_depth > 0)
                {
                    --m_depth;
                }
                Put(c == '\t' || c == '\r' ? ' ' : c);
                Advance();
            }
        }
        m_depth = 0;
        Newline();
        return m_lines;
    }

  private:
    bool Starts(const char* s) const
    {
        // The first character decides almost always: test it before comparing the rest.
        return m_i < m_t.size() && m_t[m_i] == s[0]
               && m_t.compare(m_i, std::char_traits<char>::length(s), s) == 0;
    }

    TcpFsmScriptLocation Here() const
    {
        return {m_file, m_line, m_column};
    }

    void Advance()
    {
        if (m_i < m_t.size() && m_t[m_i] == '\n')
        {
            ++m_line;
            m_column = 1;
        }
        else
        {
            ++m_column;
        }
        ++m_i;
    }

    /// Append c, opening a span when it starts a piece.
    void Put(char c)
    {
        if (m_newPiece)
        {
            m_cur.spans.push_back({m_cur.text.size(), m_line, m_column});
            if (m_cur.text.empty())
            {
                m_cur.line = m_line;
            }
            m_newPiece = false;
        }
        m_cur.text += c;
    }

    /// Copy a delimited construct (newlines kept) up to and including its closing mark.
    void Copy(const std::string& close, const std::string& unterminated, std::size_t openLength)
    {
        const TcpFsmScriptLocation at = Here();
        for (std::size_t k = 0; k < openLength; ++k)
        {
            Put(m_t[m_i]);
            Advance();
        }
        while (!Starts(close.c_str()))
        {
            if (m_i >= m_t.size())
            {
                throw TcpFsmScriptError(at, unterminated);
            }
            const char c = m_t[m_i];
            Put(c == '\t' || c == '\r' ? ' ' : c);
            Advance();
            if (c == '\n')
            {
                m_newPiece = true;
            }
        }
        for (std::size_t k = 0; k < close.size(); ++k)
        {
            Put(m_t[m_i]);
            Advance();
        }
    }

    void Newline()
    {
        if (m_depth > 0)
        {
            Put(' ');
            Advance();
            m_newPiece = true;
            return;
        }
        while (!m_cur.text.empty() && m_cur.text.back() == ' ')
        {
            m_cur.text.pop_back();
        }
        if (m_cur.text.find_first_not_of(' ') != std::string::npos)
        {
            m_lines.push_back(m_cur);
        }
        m_cur = TcpFsmScriptLogicalLine();
        m_newPiece = true;
        if (m_i < m_t.size())
        {
            Advance();
        }
    }

    const std::string& m_t;
    std::string m_file;
    std::size_t m_i{0};
    uint32_t m_line{1};
    uint32_t m_column{1};
    int m_depth{0};
    bool m_newPiece{true};
    TcpFsmScriptLogicalLine m_cur;
    std::vector<TcpFsmScriptLogicalLine> m_lines;
};

} // namespace

std::vector<TcpFsmScriptLogicalLine>
TcpFsmScriptSplitLines(const std::string& text, const std::string& file)
{
    return Splitter(text, file).Run();
}

} // namespace ns3
