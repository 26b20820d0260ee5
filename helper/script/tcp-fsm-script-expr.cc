/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Scripted peers, part 1c: expressions (see the header). A small recursive-descent
 * parser: binary operators of equal precedence, left to right, over primaries.
 */
#include "ns3/tcp-fsm-script-expr.h"

#include "ns3/ipv4-address.h"
#include "ns3/tcp-fsm-script-cursor.h"

#include <cctype>

namespace ns3
{

namespace
{

bool
IsWordChar(char c)
{
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
}

class ExprParser
{
  public:
    explicit ExprParser(TcpFsmScriptCursor& c)
      : m_c(c)
    {}

    TcpFsmScriptExpr Expr()
    {
        // The tree's depth: one level per nesting ([...], {...}, f(...)) and per binary
        // operator (left-deep chains), bounded so that parsing, evaluating and destroying
        // an expression never exhausts the stack, whatever the input.
        const int entry = m_depth;
        struct Restore
        {
            int& depth;
            int value;

            ~Restore()
            {
                depth = value;
            }
        } restore{m_depth, entry};
        Deeper();
        TcpFsmScriptExpr left = Primary();
        while (true)
        {
            m_c.SkipSpace();
            const std::string& t = m_c.Text();
            const std::size_t p = m_c.Pos();
            std::string op;
            if (t.compare(p, 2, "<<") == 0 || t.compare(p, 2, ">>") == 0)
            {
                op = t.substr(p, 2);
            }
            else if (p < t.size()
                     && (t[p] == '|' || t[p] == '&' || t[p] == '+'
                         || (t[p] == '-' && t.compare(p, 3, "...") != 0)))
            {
                op = t.substr(p, 1);
            }
            if (op.empty())
            {
                return left;
            }
            m_c.Seek(p + op.size());
            Deeper();
            TcpFsmScriptExpr e;
            e.kind = TcpFsmScriptExpr::Kind::BINARY;
            e.text = op;
            e.pos = left.pos;
            e.items.push_back(left);
            e.items.push_back(Primary());
            left = e;
        }
    }

  private:
    static constexpr int kMaxDepth = 100;

    void Deeper()
    {
        if (++m_depth > kMaxDepth)
        {
            m_c.Fail("the expression is nested or chained more than " + std::to_string(kMaxDepth)
                     + " levels deep");
        }
    }

    TcpFsmScriptExpr Primary()
    {
        m_c.SkipSpace();
        TcpFsmScriptExpr e;
        e.pos = m_c.Pos();
        const std::string& t = m_c.Text();
        const char c = m_c.Peek();
        if (t.compare(e.pos, 3, "...") == 0)
        {
            e.kind = TcpFsmScriptExpr::Kind::ELLIPSIS;
            m_c.Seek(e.pos + 3);
            return e;
        }
        if (c == '-' || std::isdigit(static_cast<unsigned char>(c)))
        {
            return Integer();
        }
        if (c == '"')
        {
            std::size_t end = t.find('"', e.pos + 1);
            if (end == std::string::npos)
            {
                m_c.Fail("the string is not closed by '\"'");
            }
            e.kind = TcpFsmScriptExpr::Kind::STRING;
            e.text = t.substr(e.pos + 1, end - e.pos - 1);
            m_c.Seek(end + 1);
            if (t.compare(m_c.Pos(), 3, "...") == 0)
            {
                m_c.Seek(m_c.Pos() + 3); // "prefix"...: a string that starts so
            }
            return e;
        }
        if (c == '[')
        {
            m_c.Seek(e.pos + 1);
            e.kind = TcpFsmScriptExpr::Kind::LIST;
            Sequence(']', e, false);
            return e;
        }
        if (c == '{')
        {
            m_c.Seek(e.pos + 1);
            e.kind = TcpFsmScriptExpr::Kind::STRUCT;
            Sequence('}', e, true);
            return e;
        }
        if (std::isalpha(static_cast<unsigned char>(c)) || c == '_')
        {
            e.text = m_c.Word();
            if (e.text == "NULL")
            {
                e.kind = TcpFsmScriptExpr::Kind::NULL_PTR;
                return e;
            }
            if (m_c.Peek() == '(')
            {
                m_c.Seek(m_c.Pos() + 1);
                e.kind = TcpFsmScriptExpr::Kind::CALL;
                Sequence(')', e, false);
                return e;
            }
            e.kind = TcpFsmScriptExpr::Kind::WORD;
            return e;
        }
        if (m_c.AtEnd())
        {
            m_c.Fail("the line ends where an expression was expected");
        }
        m_c.Fail("expected an expression (a number, a name, '...', \"string\", [...] or {...}), "
                 "found "
                 + m_c.Found());
    }

    TcpFsmScriptExpr Integer()
    {
        TcpFsmScriptExpr e;
        e.pos = m_c.Pos();
        const std::string& t = m_c.Text();
        std::size_t p = e.pos;
        const bool negative = t[p] == '-';
        p += negative ? 1 : 0;
        int base = 10;
        if (t.compare(p, 2, "0x") == 0 || t.compare(p, 2, "0X") == 0)
        {
            base = 16;
            p += 2;
        }
        const std::size_t digits = p;
        uint64_t v = 0;
        bool overflow = false;
        while (p < t.size() && std::isxdigit(static_cast<unsigned char>(t[p]))
               && (base == 16 || std::isdigit(static_cast<unsigned char>(t[p]))))
        {
            const int d = std::isdigit(static_cast<unsigned char>(t[p]))
                              ? t[p] - '0'
                              : std::tolower(static_cast<unsigned char>(t[p])) - 'a' + 10;
            // Exact: v * base + d must fit in 64 bits (the digits stop counting once not).
            overflow = overflow
                       || v > (UINT64_MAX - static_cast<uint64_t>(d)) / static_cast<uint64_t>(base);
            if (!overflow)
            {
                v = v * static_cast<uint64_t>(base) + static_cast<uint64_t>(d);
            }
            ++p;
        }
        if (p == digits || (p < t.size() && IsWordChar(t[p])))
        {
            m_c.Seek(e.pos);
            m_c.Fail("expected a number, found " + m_c.Found());
        }
        if (overflow || v > static_cast<uint64_t>(INT64_MAX))
        {
            m_c.FailAt(e.pos, "the number " + t.substr(e.pos, p - e.pos) + " is out of range");
        }
        e.kind = TcpFsmScriptExpr::Kind::INTEGER;
        e.value = negative ? -static_cast<int64_t>(v) : static_cast<int64_t>(v);
        m_c.Seek(p);
        return e;
    }

    /// Items up to close; in a struct an item may be NAME=VALUE or NAME(...)=VALUE.
    void Sequence(char close, TcpFsmScriptExpr& e, bool named)
    {
        const std::size_t open = m_c.Pos() - 1;
        if (m_c.Accept(close))
        {
            return;
        }
        while (true)
        {
            std::string name;
            if (named)
            {
                m_c.SkipSpace();
                const std::size_t p = m_c.Pos();
                std::string word = m_c.Word();
                if (!word.empty() && m_c.Peek() == '(')
                {
                    const std::size_t argsEnd = m_c.Text().find(')', m_c.Pos());
                    if (argsEnd != std::string::npos)
                    {
                        word += m_c.Text().substr(m_c.Pos(), argsEnd + 1 - m_c.Pos());
                        m_c.Seek(argsEnd + 1);
                    }
                }
                if (!word.empty() && m_c.Accept('='))
                {
                    name = word;
                }
                else
                {
                    m_c.Seek(p);
                }
            }
            e.names.push_back(name);
            e.items.push_back(Expr());
            if (m_c.Accept(close))
            {
                return;
            }
            if (!m_c.Accept(','))
            {
                m_c.SkipSpace();
                if (m_c.AtEnd())
                {
                    m_c.FailAt(open,
                               std::string("the line ends before the '") + close
                                   + "' that closes this '" + m_c.Text()[open] + "'");
                }
                m_c.Fail(std::string("expected ',' or '") + close + "', found " + m_c.Found());
            }
        }
    }

    TcpFsmScriptCursor& m_c;
    int m_depth{0};
};

} // namespace

TcpFsmScriptExpr
TcpFsmScriptParseExpr(TcpFsmScriptCursor& cursor)
{
    return ExprParser(cursor).Expr();
}

std::string
TcpFsmScriptExpr::ToString() const
{
    auto joined = [this](const char* open, const char* close)
    {
        std::string s = open;
        for (std::size_t i = 0; i < items.size(); ++i)
        {
            s += i ? ", " : "";
            if (i < names.size() && !names[i].empty())
            {
                s += names[i] + "=";
            }
            s += items[i].ToString();
        }
        return s + close;
    };
    switch (kind)
    {
    case Kind::INTEGER:
        return std::to_string(value);
    case Kind::WORD:
        return text;
    case Kind::ELLIPSIS:
        return "...";
    case Kind::STRING:
        return "\"" + text + "\"";
    case Kind::NULL_PTR:
        return "NULL";
    case Kind::LIST:
        return joined("[", "]");
    case Kind::STRUCT:
        return joined("{", "}");
    case Kind::CALL:
        return text + joined("(", ")");
    case Kind::BINARY:
        return items[0].ToString() + text + items[1].ToString();
    }
    return "?";
}

bool
TcpFsmScriptExpr::Evaluate(int64_t& out) const
{
    switch (kind)
    {
    case Kind::INTEGER:
        out = value;
        return true;
    case Kind::WORD:
        return TcpFsmScriptSymbolValue(text, out);
    case Kind::LIST:
        // [N]: the int of getsockopt/setsockopt.
        return items.size() == 1 && items[0].Evaluate(out);
    case Kind::CALL:
        if (text == "htons" && items.size() == 1 && items[0].Evaluate(out))
        {
            out = ((out & 0xff) << 8) | ((out >> 8) & 0xff);
            return true;
        }
        if (text == "inet_addr" && items.size() == 1 && items[0].kind == Kind::STRING)
        {
            out = Ipv4Address(items[0].text.c_str()).Get();
            return true;
        }
        return false;
    case Kind::BINARY:
    {
        int64_t a = 0;
        int64_t b = 0;
        if (!items[0].Evaluate(a) || !items[1].Evaluate(b))
        {
            return false;
        }
        // +, - and << wrap around in 64 bits (two's complement) instead of overflowing: a
        // script's constant like 1<<63 or a fuzzed 319831987167<<43 has a defined value.
        const auto ua = static_cast<uint64_t>(a);
        const auto ub = static_cast<uint64_t>(b);
        switch (text[0])
        {
        case '|':
            out = a | b;
            return true;
        case '&':
            out = a & b;
            return true;
        case '+':
            out = static_cast<int64_t>(ua + ub);
            return true;
        case '-':
            out = static_cast<int64_t>(ua - ub);
            return true;
        case '<':
            out = b >= 0 && b < 64 ? static_cast<int64_t>(ua << b) : 0;
            return true;
        case '>':
            out = b >= 0 && b < 63 ? a >> b : 0;
            return true;
        }
        return false;
    }
    case Kind::ELLIPSIS:
    case Kind::STRING:
    case Kind::NULL_PTR:
    case Kind::STRUCT:
        return false;
    }
    return false;
}

const TcpFsmScriptExpr*
TcpFsmScriptExpr::Field(const std::string& name) const
{
    if (kind != Kind::STRUCT)
    {
        return nullptr;
    }
    for (std::size_t i = 0; i < items.size() && i < names.size(); ++i)
    {
        if (names[i] == name)
        {
            return &items[i];
        }
    }
    return nullptr;
}

} // namespace ns3
