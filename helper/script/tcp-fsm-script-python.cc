/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Scripted peers, part 2c: the Python subset of %{ }% blocks (see the header).
 */
#include "ns3/tcp-fsm-script-python.h"

#include "ns3/tcp-fsm-script-expr.h"

#include <cctype>
#include <stdexcept>
#include <vector>

namespace ns3
{

bool
TcpFsmScriptTcpInfoField(const TcpFsmTcpInfo& i, const std::string& name, int64_t& value)
{
    struct Field
    {
        const char* name;
        int64_t value;
    };

    // The fields the model fills (the ones it leaves 0 as "not modelled" are left out).
    const Field fields[] = {
        {"tcpi_state", i.tcpi_state},
        {"tcpi_ca_state", i.tcpi_ca_state},
        {"tcpi_retransmits", i.tcpi_retransmits},
        {"tcpi_probes", i.tcpi_probes},
        {"tcpi_backoff", i.tcpi_backoff},
        {"tcpi_options", i.tcpi_options},
        {"tcpi_snd_wscale", i.tcpi_snd_wscale},
        {"tcpi_rcv_wscale", i.tcpi_rcv_wscale},
        {"tcpi_rto", i.tcpi_rto},
        {"tcpi_ato", i.tcpi_ato},
        {"tcpi_snd_mss", i.tcpi_snd_mss},
        {"tcpi_rcv_mss", i.tcpi_rcv_mss},
        {"tcpi_unacked", i.tcpi_unacked},
        {"tcpi_lost", i.tcpi_lost},
        {"tcpi_retrans", i.tcpi_retrans},
        {"tcpi_last_data_sent", i.tcpi_last_data_sent},
        {"tcpi_last_ack_sent", i.tcpi_last_ack_sent},
        {"tcpi_last_data_recv", i.tcpi_last_data_recv},
        {"tcpi_last_ack_recv", i.tcpi_last_ack_recv},
        {"tcpi_pmtu", i.tcpi_pmtu},
        {"tcpi_rcv_ssthresh", i.tcpi_rcv_ssthresh},
        {"tcpi_rtt", i.tcpi_rtt},
        {"tcpi_rttvar", i.tcpi_rttvar},
        {"tcpi_snd_ssthresh", i.tcpi_snd_ssthresh},
        {"tcpi_snd_cwnd", i.tcpi_snd_cwnd},
        {"tcpi_advmss", i.tcpi_advmss},
        {"tcpi_rcv_space", i.tcpi_rcv_space},
        {"tcpi_total_retrans", i.tcpi_total_retrans},
        {"tcpi_bytes_acked", static_cast<int64_t>(i.tcpi_bytes_acked)},
        {"tcpi_bytes_received", static_cast<int64_t>(i.tcpi_bytes_received)},
        {"tcpi_segs_out", i.tcpi_segs_out},
        {"tcpi_segs_in", i.tcpi_segs_in},
        {"tcpi_notsent_bytes", i.tcpi_notsent_bytes},
        {"tcpi_min_rtt", i.tcpi_min_rtt},
        {"tcpi_data_segs_in", i.tcpi_data_segs_in},
        {"tcpi_data_segs_out", i.tcpi_data_segs_out},
        {"tcpi_delivered", i.tcpi_delivered},
        {"tcpi_bytes_sent", static_cast<int64_t>(i.tcpi_bytes_sent)},
        {"tcpi_bytes_retrans", static_cast<int64_t>(i.tcpi_bytes_retrans)},
        {"tcpi_rcv_ooopack", i.tcpi_rcv_ooopack},
        {"tcpi_snd_wnd", i.tcpi_snd_wnd},
        {"tcpi_rcv_wnd", i.tcpi_rcv_wnd},
    };
    for (const auto& f : fields)
    {
        if (name == f.name)
        {
            value = f.value;
            return true;
        }
    }
    return false;
}

namespace
{

/// Thrown for what the subset cannot evaluate: the text names it.
struct Lacking : std::runtime_error
{
    using std::runtime_error::runtime_error;
};

class Python
{
  public:
    Python(const TcpFsmTcpInfo& info, std::map<std::string, int64_t>& vars)
      : m_info(info)
      , m_vars(vars)
    {}

    TcpFsmScriptPythonResult Run(const std::string& code)
    {
        TcpFsmScriptPythonResult r;
        try
        {
            for (const std::string& statement : Statements(code))
            {
                Statement(statement, r);
                if (!r.ok)
                {
                    return r;
                }
            }
        }
        catch (const Lacking& e)
        {
            r.ok = true;
            r.lacking = e.what();
        }
        return r;
    }

  private:
    /// Statements split at newlines and ';' ('\' joins lines; '#' comments).
    static std::vector<std::string> Statements(const std::string& code)
    {
        std::vector<std::string> out;
        std::string cur;
        bool comment = false;
        char quote = 0;
        for (std::size_t k = 0; k < code.size(); ++k)
        {
            const char c = code[k];
            if (comment && c != '\n')
            {
                continue;
            }
            comment = false;
            if (quote)
            {
                quote = c == quote ? 0 : quote;
                cur += c;
            }
            else if (c == '\\' && k + 1 < code.size() && code[k + 1] == '\n')
            {
                ++k;
                cur += ' ';
            }
            else if (c == '#')
            {
                comment = true;
            }
            else if (c == '\n' || c == ';')
            {
                out.push_back(cur);
                cur.clear();
            }
            else
            {
                quote = (c == '\'' || c == '"') ? c : 0;
                cur += c;
            }
        }
        out.push_back(cur);
        std::vector<std::string> kept;
        for (auto& s : out)
        {
            const std::size_t b = s.find_first_not_of(' ');
            if (b != std::string::npos)
            {
                kept.push_back(s.substr(b));
            }
        }
        return kept;
    }

    void Statement(const std::string& s, TcpFsmScriptPythonResult& r)
    {
        m_text = s;
        m_pos = 0;
        const std::string word = Word();
        if (word == "assert")
        {
            const std::size_t at = m_pos;
            const int64_t v = Expr();
            if (!Done() && Peek() != ',')
            {
                throw Lacking("a Python block: '" + s + "' (beyond the runner's subset)");
            }
            if (v == 0)
            {
                r.ok = false;
                r.failed = "assert " + Trim(m_text.substr(at, m_pos - at)) + " (" + m_seen + ")";
            }
            return;
        }
        if (word == "print" && Peek() == '(')
        {
            return; // output only
        }
        SkipSpace();
        std::string op;
        for (const char* o : {"+=", "-=", "="})
        {
            if (m_text.compare(m_pos, std::char_traits<char>::length(o), o) == 0
                && m_text.compare(m_pos, 2, "==") != 0)
            {
                op = o;
                break;
            }
        }
        if (!word.empty() && !op.empty())
        {
            m_pos += op.size();
            const int64_t v = Expr();
            if (!Done())
            {
                throw Lacking("a Python block: '" + s + "' (beyond the runner's subset)");
            }
            if (op != "=" && !m_vars.count(word))
            {
                throw Lacking("a Python block: '" + word + "' is used before it is set");
            }
            m_vars[word] = op == "=" ? v : op == "+=" ? m_vars[word] + v : m_vars[word] - v;
            return;
        }
        throw Lacking("a Python block: '" + s + "' (beyond the runner's subset)");
    }

    static std::string Trim(std::string s)
    {
        while (!s.empty() && s.back() == ' ')
        {
            s.pop_back();
        }
        return s;
    }

    void SkipSpace()
    {
        while (m_pos < m_text.size() && std::isspace(static_cast<unsigned char>(m_text[m_pos])))
        {
            ++m_pos;
        }
    }

    char Peek()
    {
        SkipSpace();
        return m_pos < m_text.size() ? m_text[m_pos] : '\0';
    }

    bool Done()
    {
        return Peek() == '\0';
    }

    bool Take(const char* s)
    {
        SkipSpace();
        const std::size_t n = std::char_traits<char>::length(s);
        if (m_text.compare(m_pos, n, s) == 0)
        {
            const bool word = std::isalpha(static_cast<unsigned char>(s[0]));
            if (word && m_pos + n < m_text.size()
                && (std::isalnum(static_cast<unsigned char>(m_text[m_pos + n]))
                    || m_text[m_pos + n] == '_'))
            {
                return false;
            }
            m_pos += n;
            return true;
        }
        return false;
    }

    std::string Word()
    {
        SkipSpace();
        const std::size_t b = m_pos;
        while (m_pos < m_text.size()
               && (std::isalnum(static_cast<unsigned char>(m_text[m_pos])) || m_text[m_pos] == '_'))
        {
            ++m_pos;
        }
        return m_text.substr(b, m_pos - b);
    }

    // or_test: and_test ('or' and_test)*
    int64_t Expr()
    {
        int64_t v = And();
        while (Take("or"))
        {
            const int64_t w = And();
            v = v || w;
        }
        return v;
    }

    int64_t And()
    {
        int64_t v = Not();
        while (Take("and"))
        {
            const int64_t w = Not();
            v = v && w;
        }
        return v;
    }

    int64_t Not()
    {
        if (Take("not"))
        {
            const Deeper deeper(*this);
            return !Not();
        }
        return Comparison();
    }

    /// Chained comparisons, as Python: a <= b <= c is a <= b and b <= c.
    int64_t Comparison()
    {
        int64_t left = BitOr();
        bool compared = false;
        bool all = true;
        while (true)
        {
            std::string op;
            for (const char* o : {"==", "!=", "<=", ">=", "<", ">"})
            {
                if (Take(o))
                {
                    op = o;
                    break;
                }
            }
            if (op.empty())
            {
                return compared ? (all ? 1 : 0) : left;
            }
            compared = true;
            const int64_t right = BitOr();
            const bool holds = op == "=="   ? left == right
                               : op == "!=" ? left != right
                               : op == "<=" ? left <= right
                               : op == ">=" ? left >= right
                               : op == "<"  ? left < right
                                            : left > right;
            all = all && holds;
            left = right;
        }
    }

    int64_t BitOr()
    {
        int64_t v = BitAnd();
        while (Peek() == '|')
        {
            ++m_pos;
            v |= BitAnd();
        }
        return v;
    }

    int64_t BitAnd()
    {
        int64_t v = Sum();
        while (Peek() == '&')
        {
            ++m_pos;
            v &= Sum();
        }
        return v;
    }

    int64_t Sum()
    {
        int64_t v = Product();
        while (true)
        {
            if (Peek() == '+' && m_text.compare(m_pos, 2, "+=") != 0)
            {
                ++m_pos;
                v = Wrap(static_cast<uint64_t>(v) + static_cast<uint64_t>(Product()));
            }
            else if (Peek() == '-' && m_text.compare(m_pos, 2, "-=") != 0)
            {
                ++m_pos;
                v = Wrap(static_cast<uint64_t>(v) - static_cast<uint64_t>(Product()));
            }
            else
            {
                return v;
            }
        }
    }

    int64_t Product()
    {
        int64_t v = Unary();
        while (true)
        {
            if (Take("//") || Take("/"))
            {
                const int64_t d = Unary();
                if (d == 0)
                {
                    throw Lacking("a Python block: division by zero");
                }
                v = d == -1 ? Wrap(0 - static_cast<uint64_t>(v)) : v / d; // INT64_MIN / -1 wraps
            }
            else if (Peek() == '*')
            {
                ++m_pos;
                v = Wrap(static_cast<uint64_t>(v) * static_cast<uint64_t>(Unary()));
            }
            else if (Peek() == '%')
            {
                throw Lacking("a Python block: the % operator");
            }
            else
            {
                return v;
            }
        }
    }

    int64_t Unary()
    {
        if (Peek() == '-')
        {
            ++m_pos;
            const Deeper deeper(*this);
            return Wrap(0 - static_cast<uint64_t>(Unary()));
        }
        if (Peek() == '(')
        {
            ++m_pos;
            const Deeper deeper(*this);
            const int64_t v = Expr();
            if (Peek() != ')')
            {
                throw Lacking("a Python block: '" + m_text + "' (beyond the runner's subset)");
            }
            ++m_pos;
            return v;
        }
        if (std::isdigit(static_cast<unsigned char>(Peek())))
        {
            std::size_t end = 0;
            int64_t v = 0;
            try
            {
                v = std::stoll(m_text.substr(m_pos), &end, 0);
            }
            catch (const std::out_of_range&)
            {
                throw Lacking("a Python block: a number beyond 64 bits in '" + m_text + "'");
            }
            m_pos += end;
            return v;
        }
        const std::string name = Word();
        if (name.empty())
        {
            throw Lacking("a Python block: '" + m_text + "' (beyond the runner's subset)");
        }
        return Name(name);
    }

    int64_t Name(const std::string& name)
    {
        int64_t v = 0;
        auto seen = [&](int64_t x)
        {
            if (m_seen.find(name + "=") == std::string::npos)
            {
                m_seen += (m_seen.empty() ? "" : ", ") + name + "=" + std::to_string(x);
            }
            return x;
        };
        if (m_vars.count(name))
        {
            return seen(m_vars[name]);
        }
        if (name.compare(0, 5, "tcpi_") == 0)
        {
            if (!TcpFsmScriptTcpInfoField(m_info, name, v))
            {
                throw Lacking(name + " (a tcp_info field the model does not fill)");
            }
            return seen(v);
        }
        static const std::pair<const char*, int64_t> kConstants[] = {
            {"TCP_CA_Open", 0},
            {"TCP_CA_Disorder", 1},
            {"TCP_CA_CWR", 2},
            {"TCP_CA_Recovery", 3},
            {"TCP_CA_Loss", 4},
            {"TCPI_OPT_TIMESTAMPS", 1},
            {"TCPI_OPT_SACK", 2},
            {"TCPI_OPT_WSCALE", 4},
            {"TCPI_OPT_ECN", 8},
            {"TCPI_OPT_ECN_SEEN", 16},
            {"TCPI_OPT_SYN_DATA", 32},
            {"True", 1},
            {"False", 0},
        };
        for (const auto& c : kConstants)
        {
            if (name == c.first)
            {
                return c.second;
            }
        }
        if (TcpFsmScriptSymbolValue(name, v))
        {
            return v;
        }
        throw Lacking("a Python block: the name '" + name + "'");
    }

    const TcpFsmTcpInfo& m_info;
    std::map<std::string, int64_t>& m_vars;
    std::string m_text;
    std::size_t m_pos{0};
    int m_depth{0}; ///< parentheses, unary minus and 'not' around the current point

    /// Python's ints have no width; the runner's are 64-bit and wrap around (two's complement)
    /// instead of overflowing.
    static int64_t Wrap(uint64_t v)
    {
        return static_cast<int64_t>(v);
    }

    /// One level deeper; a block nested more than kMaxDepth levels is beyond the subset (the
    /// evaluator recurses once per level, and a hostile script must not exhaust the stack).
    struct Deeper
    {
        static constexpr int kMaxDepth = 100;

        explicit Deeper(Python& p)
          : m_p(p)
        {
            if (++m_p.m_depth > kMaxDepth)
            {
                --m_p.m_depth;
                throw Lacking("a Python block nested more than " + std::to_string(kMaxDepth)
                              + " levels deep");
            }
        }

        ~Deeper()
        {
            --m_p.m_depth;
        }

        Deeper(const Deeper&) = delete;
        Deeper& operator=(const Deeper&) = delete;

        Python& m_p;
    };
    std::string m_seen;
};

} // namespace

TcpFsmScriptPythonResult
TcpFsmScriptRunPython(const std::string& code,
                      const TcpFsmTcpInfo& info,
                      std::map<std::string, int64_t>& variables)
{
    return Python(info, variables).Run(code);
}

} // namespace ns3
