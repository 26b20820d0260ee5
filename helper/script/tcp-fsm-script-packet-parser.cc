/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Scripted peers, part 1b: the packet lines of the script language:
 * `< [ect0] S. 0:0(0) ack 1 win 65535 urg 0 <mss 1460,sackOK,TS val 1 ecr 0,nop,wscale 7>`
 * and ICMP lines (`< icmp unreachable frag_needed mtu 1200 [1:1461(1460)]`).
 */
#include "ns3/tcp-fsm-script-cursor.h"
#include "ns3/tcp-fsm-script-parser.h"
#include "ns3/tcp-header.h"

#include <cctype>

namespace ns3
{

namespace
{

class PacketParser
{
  public:
    PacketParser(TcpFsmScriptCursor& c, TcpFsmScriptSegment& s, bool inbound)
      : m_c(c)
      , m_s(s)
      , m_inbound(inbound)
    {}

    void Packet()
    {
        m_c.SkipSpace();
        IpInfo();
        m_c.SkipSpace();
        const std::size_t p = m_c.Pos();
        if (m_c.Word() == "icmp")
        {
            Icmp();
            return;
        }
        m_c.Seek(p);
        Segment();
    }

  private:
    /// `[ect0]`, `[noecn]`, `(tos 0x2)`: the IP fields, kept as written.
    void IpInfo()
    {
        const char open = m_c.Peek();
        if (open != '[' && open != '(')
        {
            return;
        }
        const char close = open == '[' ? ']' : ')';
        const std::size_t end = m_c.Text().find(close, m_c.Pos());
        if (end == std::string::npos)
        {
            m_c.Fail(std::string("the IP fields '") + open + "' are not closed by '" + close + "'");
        }
        m_s.ipInfo = m_c.Text().substr(m_c.Pos(), end + 1 - m_c.Pos());
        if (open == '[')
        {
            // RFC 3168 5: the two ECN bits of the IP header, by packetdrill's names.
            const std::string name = m_s.ipInfo.substr(1, m_s.ipInfo.size() - 2);
            static const std::pair<const char*, int8_t> kCodepoints[] = {
                {"noecn", 0},
                {"ect1", 1},
                {"ect0", 2},
                {"ce", 3},
                {"ect01", TcpFsmScriptSegment::kEct01},
            };
            for (const auto& [word, value] : kCodepoints)
            {
                m_s.ecn = name == word ? value : m_s.ecn;
            }
            if (m_s.ecn == TcpFsmScriptSegment::kEcnNotWritten)
            {
                m_c.Fail("expected an ECN codepoint ([noecn], [ect0], [ect1], [ect01] or [ce]), "
                         "found '"
                         + m_s.ipInfo + "'");
            }
            if (m_s.ecn == TcpFsmScriptSegment::kEct01 && m_inbound)
            {
                m_c.Fail("[ect01] can only be used with outbound segments");
            }
        }
        m_c.Seek(end + 1);
    }

    /// `icmp TYPE [CODE] [mtu N] [id N] [START:END(LEN)]` (packetdrill's order).
    void Icmp()
    {
        m_s.icmp = true;
        m_s.icmpType = m_c.Word();
        if (m_s.icmpType.empty())
        {
            m_c.Fail("expected the ICMP type (unreachable, packet_too_big, ...) after 'icmp', "
                     "found "
                     + m_c.Found());
        }
        while (true)
        {
            m_c.SkipSpace();
            if (m_c.AtEnd())
            {
                return;
            }
            if (m_c.Peek() == '[')
            {
                m_c.Seek(m_c.Pos() + 1);
                m_s.start = m_c.Number("the START of [START:END(LEN)]");
                m_c.Expect(':', "between START and END of [START:END(LEN)]");
                m_s.end = m_c.Number("the END of [START:END(LEN)]");
                m_c.Expect('(', "before the LEN of [START:END(LEN)]");
                m_s.len = m_c.Number("the LEN of [START:END(LEN)]");
                m_c.Expect(')', "after the LEN of [START:END(LEN)]");
                m_c.Expect(']', "after [START:END(LEN)");
                m_s.icmpEchoed = true;
                continue;
            }
            const std::string word = m_c.Word();
            if (word == "mtu" || word == "id")
            {
                m_c.SkipSpace();
                const int64_t n = m_c.Number("the number after '" + word + "'");
                m_s.icmpMtu = word == "mtu" ? n : m_s.icmpMtu;
                continue;
            }
            if (word.empty() || !m_s.icmpCode.empty() || m_s.icmpMtu >= 0)
            {
                m_c.Fail("unexpected " + (word.empty() ? m_c.Found() : "'" + word + "'")
                         + " in an ICMP line (icmp TYPE [CODE] [mtu N] [START:END(LEN)])");
            }
            m_s.icmpCode = word;
        }
    }

    void Segment()
    {
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
                m_s.flags |= TcpHeader::SYN;
                break;
            case 'F':
                m_s.flags |= TcpHeader::FIN;
                break;
            case 'R':
                m_s.flags |= TcpHeader::RST;
                break;
            case 'P':
                m_s.flags |= TcpHeader::PSH;
                break;
            case '.':
                m_s.flags |= TcpHeader::ACK;
                break;
            case 'E':
                m_s.flags |= TcpHeader::ECE;
                break;
            case 'W':
                m_s.flags |= TcpHeader::CWR;
                break;
            case 'U':
                m_s.flags |= TcpHeader::URG;
                break;
            case '-':
                break; // no flags
            default:
                m_c.Fail(std::string("unknown flag '") + m_c.Peek()
                         + "' (flags are S, F, R, P, E, W, U, '-' and '.' for ACK)");
            }
            m_c.Seek(m_c.Pos() + 1);
        }
        m_s.start = m_c.Number("the segment's START of START:END(LEN)");
        m_c.Expect(':', "between START and END of START:END(LEN)");
        m_s.end = m_c.Number("the segment's END of START:END(LEN)");
        m_c.Expect('(', "before the LEN of START:END(LEN)");
        m_c.SkipSpace();
        const std::size_t lenPos = m_c.Pos();
        m_s.len = m_c.Number("the segment's LEN of START:END(LEN)");
        m_c.Expect(')', "after the LEN of START:END(LEN)");
        if (m_s.end - m_s.start != m_s.len)
        {
            m_c.FailAt(lenPos,
                       "LEN " + std::to_string(m_s.len) + " does not match "
                           + std::to_string(m_s.start) + ":" + std::to_string(m_s.end)
                           + " (END - START = " + std::to_string(m_s.end - m_s.start) + ")");
        }
        Fields();
        if (m_s.hasAck && !(m_s.flags & TcpHeader::ACK))
        {
            m_c.Fail("the segment has 'ack N' but its flags have no '.' (ACK)");
        }
    }

    /// ack N, win N, urg N, then <options>.
    void Fields()
    {
        while (true)
        {
            m_c.SkipSpace();
            if (m_c.AtEnd())
            {
                return;
            }
            if (m_c.Peek() == '<')
            {
                m_c.Seek(m_c.Pos() + 1);
                Options();
                m_c.SkipSpace();
                if (!m_c.AtEnd())
                {
                    m_c.Fail("unexpected " + m_c.Found() + " after the option list");
                }
                return;
            }
            const std::size_t wordPos = m_c.Pos();
            std::string word = m_c.Word();
            if (word == "ack" && !m_s.hasAck)
            {
                m_s.hasAck = true;
                m_s.ack = m_c.Number("the ack number after 'ack'");
            }
            else if (word == "win" && !m_s.hasWin)
            {
                m_s.hasWin = true;
                m_s.win = m_c.Number("the window after 'win'", 65535);
            }
            else if (word == "urg" && !m_s.hasUrg)
            {
                m_s.hasUrg = true;
                m_s.urg = m_c.Number("the urgent pointer after 'urg'", 65535);
            }
            else
            {
                m_c.Seek(wordPos);
                m_c.Fail("expected 'ack N', 'win N', 'urg N' or '<options>', found " + m_c.Found());
            }
        }
    }

    /// A cookie or digest: hex digits or a -D name; "" when none is written.
    std::string Blob()
    {
        m_c.SkipSpace();
        std::size_t p = m_c.Pos();
        const std::string& t = m_c.Text();
        while (p < t.size() && (std::isalnum(static_cast<unsigned char>(t[p])) || t[p] == '_'))
        {
            ++p;
        }
        std::string blob = t.substr(m_c.Pos(), p - m_c.Pos());
        m_c.Seek(p);
        return blob;
    }

    void Options()
    {
        m_c.SkipSpace();
        if (m_c.Text().compare(m_c.Pos(), 3, "...") == 0)
        {
            if (m_inbound)
            {
                m_c.Fail("'<...>' is for outbound segments; an inbound segment lists its options");
            }
            m_c.Seek(m_c.Pos() + 3);
            m_c.Expect('>', "after '<...'");
            m_s.options = TcpFsmScriptSegment::Options::ANY;
            return;
        }
        m_s.options = TcpFsmScriptSegment::Options::LIST;
        while (true)
        {
            m_c.SkipSpace();
            if (m_c.AtEnd())
            {
                m_c.Fail("the line ends inside the option list: expected '>'");
            }
            const std::size_t pos = m_c.Pos();
            if (!m_s.optionList.empty() && m_c.Text().compare(pos, 3, "...") == 0 && !m_inbound)
            {
                m_c.Seek(pos + 3);
                m_c.Expect('>', "after '...' at the end of the option list");
                m_s.options = TcpFsmScriptSegment::Options::PREFIX;
                return;
            }
            m_s.optionList.push_back(Option(pos));
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

    TcpFsmScriptOption Option(std::size_t pos)
    {
        using K = TcpFsmScriptOption::Kind;
        TcpFsmScriptOption o;
        const std::string word = m_c.Word();
        if (word == "mss")
        {
            o.kind = K::MSS;
            o.value = m_c.Number("the MSS after 'mss'", 65535);
        }
        else if (word == "nop")
        {
            o.kind = K::NOP;
        }
        else if (word == "eol")
        {
            o.kind = K::EOL;
        }
        else if (word == "wscale")
        {
            o.kind = K::WSCALE;
            o.value = m_c.Number("the shift after 'wscale'", 255);
        }
        else if (word == "sackOK")
        {
            o.kind = K::SACK_OK;
        }
        else if (word == "sack")
        {
            o.kind = K::SACK;
            do
            {
                const uint32_t a = m_c.Number("the left edge of a SACK block A:B");
                m_c.Expect(':', "between the edges of a SACK block A:B");
                const uint32_t b = m_c.Number("the right edge of a SACK block A:B");
                o.blocks.emplace_back(a, b);
                m_c.SkipSpace();
            }
            while (std::isdigit(static_cast<unsigned char>(m_c.Peek())));
        }
        else if (word == "TS")
        {
            o.kind = K::TS;
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
        else if (word == "FO" || word == "FOEXP")
        {
            o.kind = word == "FO" ? K::FO : K::FOEXP;
            o.data = Blob();
        }
        else if (word == "md5")
        {
            o.kind = K::MD5;
            o.data = Blob();
            if (o.data.empty())
            {
                m_c.Fail("expected the digest (hex) after 'md5', found " + m_c.Found());
            }
        }
        else
        {
            m_c.Seek(pos);
            m_c.Fail("unknown option " + m_c.Found()
                     + " (expected mss N, nop, eol, wscale N, sackOK, sack A:B..., "
                       "TS val N ecr N, FO [cookie], FOEXP [cookie] or md5 DIGEST)");
        }
        return o;
    }

    TcpFsmScriptCursor& m_c;
    TcpFsmScriptSegment& m_s;
    bool m_inbound;
};

} // namespace

void
TcpFsmScriptParsePacket(TcpFsmScriptCursor& cursor, TcpFsmScriptSegment& segment, bool inbound)
{
    PacketParser(cursor, segment, inbound).Packet();
}

} // namespace ns3
