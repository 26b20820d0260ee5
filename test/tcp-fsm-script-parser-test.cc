/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The script language: what every kind of line parses into, and the exact
 * FILE:LINE:COLUMN message of every kind of malformed line.
 */
#include "ns3/tcp-fsm-script-expr.h"
#include "ns3/tcp-fsm-script-parser.h"
#include "ns3/tcp-header.h"

#include <gtest/gtest.h>
#include <limits>
#include <string>

using namespace ns3;
using Kind = TcpFsmScriptLine::Kind;
using Call = TcpFsmScriptCallKind;

namespace
{

TcpFsmScript
Parse(const std::string& text)
{
    return TcpFsmScriptParser::ParseText(text, "t.pkt");
}

/// The message of the error text raises ("" when it parses).
std::string
ErrorOf(const std::string& text)
{
    try
    {
        Parse(text);
    }
    catch (const TcpFsmScriptError& e)
    {
        return e.what();
    }
    return "";
}

TcpFsmScriptLine
One(const std::string& line)
{
    TcpFsmScript s = Parse(line);
    EXPECT_EQ(s.lines.size(), 1u);
    return s.lines.empty() ? TcpFsmScriptLine() : s.lines[0];
}

} // namespace

// ---- times ----------------------------------------------------------------------------------

TEST(ScriptParserTime, AbsoluteAndRelativeTimesResolveToNanoseconds)
{
    TcpFsmScript s = Parse("0.100 close(3) = 0\n+0.25 close(3) = 0\n+.5 close(3) = 0\n"
                           "2 close(3) = 0\n+0.000000001 close(3) = 0\n");
    ASSERT_EQ(s.lines.size(), 5u);
    EXPECT_EQ(s.lines[0].timeNs, 100000000);
    EXPECT_EQ(s.lines[1].timeNs, 350000000);
    EXPECT_EQ(s.lines[2].timeNs, 850000000);
    EXPECT_EQ(s.lines[3].timeNs, 2000000000);
    EXPECT_EQ(s.lines[4].timeNs, 2000000001);
}

TEST(ScriptParserTime, FirstRelativeTimeCountsFromZero)
{
    EXPECT_EQ(One("+1.5 close(3) = 0").timeNs, 1500000000);
}

TEST(ScriptParserTime, MalformedTimesAreRefusedWithTheirColumn)
{
    EXPECT_EQ(ErrorOf("1.2.3 close(3) = 0"),
              "t.pkt:1:1: bad time '1.2.3': expected N.NNN (seconds), +N.NNN (seconds "
              "after the previous line), *, A~B or A...B");
    EXPECT_EQ(ErrorOf("  +abc close(3) = 0"),
              "t.pkt:1:3: bad time '+abc': expected N.NNN (seconds), +N.NNN (seconds after "
              "the previous line), *, A~B or A...B");
    EXPECT_EQ(ErrorOf("-1 close(3) = 0"),
              "t.pkt:1:1: bad time '-1': expected N.NNN (seconds), +N.NNN (seconds after the "
              "previous line), *, A~B or A...B");
    EXPECT_EQ(ErrorOf("0.0000000001 close(3) = 0"),
              "t.pkt:1:1: bad time '0.0000000001': expected N.NNN (seconds), +N.NNN (seconds "
              "after the previous line), *, A~B or A...B");
    // fuzz/regressions/script: 19 digits once overflowed the accumulator (UBSan)
    EXPECT_EQ(ErrorOf("9999999999999999999 close(3) = 0"),
              "t.pkt:1:1: bad time '9999999999999999999': expected N.NNN (seconds), +N.NNN "
              "(seconds after the previous line), *, A~B or A...B");
    EXPECT_EQ(ErrorOf("+0.2~+0.1 close(3) = 0"),
              "t.pkt:1:1: bad time '+0.2~+0.1': the range ends before it starts");
    EXPECT_EQ(ErrorOf("+0.1~0.2 close(3) = 0"),
              "t.pkt:1:1: bad time '+0.1~0.2': expected N.NNN (seconds), +N.NNN (seconds after "
              "the previous line), *, A~B or A...B");
}

TEST(ScriptParserTime, RangesWildcardsAndBlockingEnds)
{
    TcpFsmScript s = Parse("1 close(3) = 0\n"
                           "+.01~+.011 close(3) = 0\n"
                           "* close(3) = 0\n"
                           "+0...0.200 accept(3, ..., ...) = 4\n"
                           "+.002 ... 0.004 connect(4, ..., ...) = 0\n"
                           "2~2.5 close(3) = 0\n");
    ASSERT_EQ(s.lines.size(), 6u);
    EXPECT_EQ(s.lines[1].timeNs, 1010000000);
    EXPECT_EQ(s.lines[1].timeEndNs, 1011000000);
    EXPECT_TRUE(s.lines[2].anyTime);
    EXPECT_EQ(s.lines[3].timeNs, 1010000000);
    EXPECT_EQ(s.lines[3].blockingEndNs, 1210000000); // relative start: the end is relative too
    EXPECT_EQ(s.lines[4].timeNs, 1012000000);
    EXPECT_EQ(s.lines[4].blockingEndNs, 1014000000);
    EXPECT_EQ(s.lines[5].timeNs, 2000000000);
    EXPECT_EQ(s.lines[5].timeEndNs, 2500000000);
    EXPECT_EQ(s.lines[0].blockingEndNs, -1);
}

TEST(ScriptParserTime, TimeGoingBackIsRefused)
{
    EXPECT_EQ(ErrorOf("1.0 close(3) = 0\n0.5 close(3) = 0"),
              "t.pkt:2:1: time 0.500000 is before the previous line's 1.000000: lines must be "
              "in time order");
}

TEST(ScriptParserTime, TimeAloneIsATruncatedLine)
{
    EXPECT_EQ(ErrorOf("0.1   "),
              "t.pkt:1:4: the line ends after its time: expected '<', '>', a syscall or "
              "state(...)");
}

// ---- header, comments -------------------------------------------------------------------------

TEST(ScriptParserHeader, ToleranceAndAttributesBeforeTheFirstEvent)
{
    TcpFsmScript s = Parse("// a comment\n--tolerance_usecs=250\n  --attr=Msl=1s\n\n"
                           "0 close(3) = 0 // trailing comment\n");
    EXPECT_EQ(s.toleranceNs, 250000);
    ASSERT_EQ(s.attributes.size(), 1u);
    EXPECT_EQ(s.attributes[0].name, "Msl");
    EXPECT_EQ(s.attributes[0].value, "1s");
    EXPECT_EQ(s.attributes[0].where.ToString(), "t.pkt:3:10");
    ASSERT_EQ(s.lines.size(), 1u);
    EXPECT_EQ(s.lines[0].where.FileLine(), "t.pkt:5");
    EXPECT_EQ(s.lines[0].text, "close(3) = 0");
}

TEST(ScriptParserHeader, DefaultToleranceIsPacketdrillsOrOneMillisecondForTheOwnDialect)
{
    EXPECT_EQ(Parse("0 close(3) = 0").toleranceNs, 4000000);
    EXPECT_FALSE(Parse("0 close(3) = 0").ownDialect);
    EXPECT_EQ(Parse("0 close(3) = 0\n+0 state(conn) = CLOSED").toleranceNs, 1000000);
    EXPECT_TRUE(Parse("--attr=Msl=1s\n0 close(3) = 0").ownDialect);
}

TEST(ScriptParserHeader, PacketdrillOptionsAreKeptUnknownOnesToo)
{
    TcpFsmScript s = Parse("--ip_version=ipv4\n--local_ip=192.168.0.2\n--mss=1000\n"
                           "--tcp_ts_tick_usecs=1000\n--tolerance_percent=12.5\n"
                           "--strict_segments\n-D TFO_COOKIE=abcd\n--future_option=x\n"
                           "0 close(3) = 0");
    ASSERT_EQ(s.options.size(), 8u);
    EXPECT_EQ(s.options[0].name, "ip_version");
    EXPECT_EQ(s.options[0].value, "ipv4");
    EXPECT_EQ(s.options[1].value, "192.168.0.2");
    EXPECT_EQ(s.options[5].name, "strict_segments");
    EXPECT_EQ(s.options[5].value, "");
    EXPECT_EQ(s.options[6].name, "define");
    EXPECT_EQ(s.options[6].value, "TFO_COOKIE=abcd");
    EXPECT_EQ(s.options[7].name, "future_option");
    EXPECT_DOUBLE_EQ(s.tolerancePercent, 12.5);
    EXPECT_FALSE(s.ownDialect);
}

TEST(ScriptParserHeader, MalformedHeadersAreRefused)
{
    EXPECT_EQ(ErrorOf("--tolerance_percent=lots\n0 close(3) = 0"),
              "t.pkt:1:21: expected a percentage (0..100) after --tolerance_percent=");
    EXPECT_EQ(ErrorOf("--tolerance_usecs=fast"),
              "t.pkt:1:19: expected the tolerance in microseconds (a number), found 'fast'");
    EXPECT_EQ(ErrorOf("--attr=Msl"), "t.pkt:1:8: expected --attr=Name=Value");
    EXPECT_EQ(ErrorOf("--attr=Msl="), "t.pkt:1:12: expected a value after --attr=Msl=");
    EXPECT_EQ(ErrorOf("0 close(3) = 0\n--attr=Msl=1s"),
              "t.pkt:2:1: header option after the first event line: options come before the "
              "first timed line");
}

// ---- segments -----------------------------------------------------------------------------------

TEST(ScriptParserSegment, InboundSegmentWithEveryField)
{
    TcpFsmScriptLine l = One("0.1 < P. 1:1001(1000) ack 5 win 257 <mss 1000,sackOK,nop,nop,"
                             "wscale 7,TS val 11 ecr 22>");
    EXPECT_EQ(l.kind, Kind::INBOUND);
    const TcpFsmScriptSegment& s = l.segment;
    EXPECT_EQ(s.flags, TcpHeader::PSH | TcpHeader::ACK);
    EXPECT_EQ(s.start, 1u);
    EXPECT_EQ(s.end, 1001u);
    EXPECT_EQ(s.len, 1000u);
    EXPECT_TRUE(s.hasAck);
    EXPECT_EQ(s.ack, 5u);
    EXPECT_TRUE(s.hasWin);
    EXPECT_EQ(s.win, 257u);
    EXPECT_EQ(s.options, TcpFsmScriptSegment::Options::LIST);
    ASSERT_EQ(s.optionList.size(), 6u);
    EXPECT_EQ(s.optionList[0].kind, TcpFsmScriptOption::Kind::MSS);
    EXPECT_EQ(s.optionList[0].value, 1000u);
    EXPECT_EQ(s.optionList[1].kind, TcpFsmScriptOption::Kind::SACK_OK);
    EXPECT_EQ(s.optionList[2].kind, TcpFsmScriptOption::Kind::NOP);
    EXPECT_EQ(s.optionList[4].kind, TcpFsmScriptOption::Kind::WSCALE);
    EXPECT_EQ(s.optionList[4].value, 7u);
    EXPECT_EQ(s.optionList[5].kind, TcpFsmScriptOption::Kind::TS);
    EXPECT_EQ(s.optionList[5].value, 11u);
    EXPECT_EQ(s.optionList[5].echo, 22u);
}

TEST(ScriptParserSegment, EveryFlagLetter)
{
    EXPECT_EQ(One("0 < S 0:0(0)").segment.flags, TcpHeader::SYN);
    EXPECT_EQ(One("0 < S. 0:0(0) ack 1").segment.flags, TcpHeader::SYN | TcpHeader::ACK);
    EXPECT_EQ(One("0 < F. 0:0(0) ack 1").segment.flags, TcpHeader::FIN | TcpHeader::ACK);
    EXPECT_EQ(One("0 < R 0:0(0)").segment.flags, TcpHeader::RST);
    EXPECT_EQ(One("0 < FP. 0:1(1) ack 1").segment.flags,
              TcpHeader::FIN | TcpHeader::PSH | TcpHeader::ACK);
}

TEST(ScriptParserSegment, InboundWindowDefaultsTo65535)
{
    TcpFsmScriptLine l = One("0 < S 0:0(0)");
    EXPECT_FALSE(l.segment.hasWin);
    EXPECT_EQ(l.segment.win, 65535u);
    EXPECT_EQ(l.segment.options, TcpFsmScriptSegment::Options::NOT_WRITTEN);
}

TEST(ScriptParserSegment, OutboundOptionsAnyOrPrefix)
{
    EXPECT_EQ(One("0 > S. 0:0(0) ack 1 <...>").segment.options, TcpFsmScriptSegment::Options::ANY);
    TcpFsmScriptLine l = One("0 > S 0:0(0) <mss 536, ...>");
    EXPECT_EQ(l.kind, Kind::OUTBOUND);
    EXPECT_EQ(l.segment.options, TcpFsmScriptSegment::Options::PREFIX);
    ASSERT_EQ(l.segment.optionList.size(), 1u);
    EXPECT_FALSE(l.segment.hasAck); // an outbound ack is compared only when written
}

TEST(ScriptParserSegment, MalformedSegmentsAreRefusedWithTheirColumn)
{
    EXPECT_EQ(ErrorOf("0 < SX 0:0(0)"),
              "t.pkt:1:6: unknown flag 'X' (flags are S, F, R, P, E, W, U, '-' and '.' for ACK)");
    EXPECT_EQ(ErrorOf("0 < 0:0(0)"),
              "t.pkt:1:5: expected the segment's flags (S, F, R, P, .) before START:END(LEN)");
    EXPECT_EQ(ErrorOf("0 < S a:0(0)"),
              "t.pkt:1:7: expected the segment's START of START:END(LEN) (a number), found "
              "'a'");
    EXPECT_EQ(ErrorOf("0 < S 0:0(0) win 70000"),
              "t.pkt:1:18: the window after 'win' 70000 is out of range (0..65535)");
    EXPECT_EQ(ErrorOf("0 < S 4294967296:0(0)"),
              "t.pkt:1:7: the segment's START of START:END(LEN) 4294967296 is out of range "
              "(0..4294967295)");
    EXPECT_EQ(ErrorOf("0 < P. 1:11(5) ack 1"),
              "t.pkt:1:13: LEN 5 does not match 1:11 (END - START = 10)");
    EXPECT_EQ(ErrorOf("0 < S 0:0"),
              "t.pkt:1:10: expected '(' before the LEN of START:END(LEN), found the end of the "
              "line");
    EXPECT_EQ(ErrorOf("0 <"),
              "t.pkt:1:4: the line ends where the flags of a segment were expected (S, F, R, P, "
              ".)");
    EXPECT_EQ(ErrorOf("0 < S 0:0(0) ack 1"),
              "t.pkt:1:19: the segment has 'ack N' but its flags have no '.' (ACK)");
    EXPECT_EQ(ErrorOf("0 < S 0:0(0) mss 5"),
              "t.pkt:1:14: expected 'ack N', 'win N', 'urg N' or '<options>', found 'mss'");
    EXPECT_EQ(ErrorOf("0 < S 0:0(0) <mss 1000"),
              "t.pkt:1:23: the line ends inside the option list: expected '>'");
    EXPECT_EQ(ErrorOf("0 < S 0:0(0) <foo 1>"),
              "t.pkt:1:15: unknown option 'foo' (expected mss N, nop, eol, wscale N, sackOK, "
              "sack A:B..., TS val N ecr N, FO [cookie], FOEXP [cookie] or md5 DIGEST)");
    EXPECT_EQ(ErrorOf("0 < S 0:0(0) <sack 1>"),
              "t.pkt:1:21: expected ':' between the edges of a SACK block A:B, found '>'");
    EXPECT_EQ(ErrorOf("0 < S 0:0(0) <...>"),
              "t.pkt:1:15: '<...>' is for outbound segments; an inbound segment lists its "
              "options");
    EXPECT_EQ(ErrorOf("0 < S 0:0(0) <wscale 256>"),
              "t.pkt:1:22: the shift after 'wscale' 256 is out of range (0..255)");
}

TEST(ScriptParserSegment, PacketdrillSegmentsParse)
{
    TcpFsmScriptLine l = One("0 < . 1:1(0) win 257"); // ACK without its number: allowed
    EXPECT_FALSE(l.segment.hasAck);
    EXPECT_EQ(One("0 < - 0:0(0) win 0").segment.flags, 0);
    EXPECT_EQ(One("0 > SEW 0:0(0) <...>").segment.flags,
              TcpHeader::SYN | TcpHeader::ECE | TcpHeader::CWR);
    l = One("0 < U. 1:2(1) ack 1 win 257 urg 1");
    EXPECT_EQ(l.segment.flags, TcpHeader::URG | TcpHeader::ACK);
    EXPECT_TRUE(l.segment.hasUrg);
    EXPECT_EQ(l.segment.urg, 1u);
    EXPECT_EQ(One("0 > [ect0] P. 1:2(1) ack 1").segment.ipInfo, "[ect0]");
    l = One("0 < . 1:1(0) ack 1 win 257 <sack 1001:2001 3001:4001,nop,eol,FO abcd1234,FOEXP,"
            "md5 000102030405060708090a0b0c0d0e0f>");
    ASSERT_EQ(l.segment.optionList.size(), 6u);
    using O = TcpFsmScriptOption::Kind;
    EXPECT_EQ(l.segment.optionList[0].kind, O::SACK);
    ASSERT_EQ(l.segment.optionList[0].blocks.size(), 2u);
    EXPECT_EQ(l.segment.optionList[0].blocks[1].first, 3001u);
    EXPECT_EQ(l.segment.optionList[0].blocks[1].second, 4001u);
    EXPECT_EQ(l.segment.optionList[2].kind, O::EOL);
    EXPECT_EQ(l.segment.optionList[3].kind, O::FO);
    EXPECT_EQ(l.segment.optionList[3].data, "abcd1234");
    EXPECT_EQ(l.segment.optionList[4].kind, O::FOEXP);
    EXPECT_EQ(l.segment.optionList[4].data, "");
    EXPECT_EQ(l.segment.optionList[5].kind, O::MD5);
    l = One("0 < icmp unreachable frag_needed mtu 1200 [1:1461(1460)]");
    EXPECT_TRUE(l.segment.icmp);
    EXPECT_EQ(l.segment.end, 1461u);
    EXPECT_EQ(l.segment.icmpType, "unreachable");
    EXPECT_EQ(l.segment.icmpCode, "frag_needed");
    EXPECT_EQ(l.segment.icmpMtu, 1200);
    EXPECT_TRUE(l.segment.icmpEchoed);
    l = One("0 < icmp unreachable CODE");
    EXPECT_TRUE(l.segment.icmp);
    EXPECT_EQ(l.segment.icmpCode, "CODE"); // a -D name, resolved when the line runs
    EXPECT_EQ(l.segment.icmpMtu, -1);
    EXPECT_FALSE(l.segment.icmpEchoed);
    // A second code, or a code after the MTU, is not packetdrill's order.
    EXPECT_NE(ErrorOf("0 < icmp unreachable frag_needed host_unreachable").find("in an ICMP line"),
              std::string::npos);
    EXPECT_NE(ErrorOf("0 < icmp unreachable mtu 800 frag_needed").find("in an ICMP line"),
              std::string::npos);
}

// ---- syscalls
// -------------------------------------------------------------------------------------

TEST(ScriptParserSyscall, EverySupportedSyscall)
{
    TcpFsmScript s = Parse("0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n"
                           "0 bind(3, ..., ...) = 0\n"
                           "0 listen(3, 7) = 0\n"
                           "0 accept(3, ..., ...) = -1 EAGAIN (Resource temporarily unavailable)\n"
                           "0 connect(4, ..., ...) = -1 EINPROGRESS (Operation now in progress)\n"
                           "0 write(4, ..., 1000) = 1000\n"
                           "0 send(4, ..., 10, 0) = 10\n"
                           "0 sendto(3, ..., 5, 0, ..., ...) = 5\n"
                           "0 read(4, ..., 100) = 0\n"
                           "0 recv(4, ..., 100, 0) = 7\n"
                           "0 shutdown(4, SHUT_RD) = 0\n"
                           "0 close(4) = 0\n"
                           "0 setsockopt(4, IPPROTO_TCP, TCP_NODELAY, [1], 4) = 0\n"
                           "0 setsockopt(4, SOL_SOCKET, SO_LINGER, {onoff=1, linger=0}, 8) = 0\n"
                           "0 getsockopt(4, SOL_SOCKET, SO_ERROR, [ECONNRESET], [4]) = 0\n"
                           "0 fcntl(3, F_SETFL, O_RDWR|O_NONBLOCK) = 0\n");
    ASSERT_EQ(s.lines.size(), 16u);
    const Call kinds[] = {Call::SOCKET,
                          Call::BIND,
                          Call::LISTEN,
                          Call::ACCEPT,
                          Call::CONNECT,
                          Call::WRITE,
                          Call::SEND,
                          Call::SENDTO,
                          Call::READ,
                          Call::RECV,
                          Call::SHUTDOWN,
                          Call::CLOSE,
                          Call::SETSOCKOPT,
                          Call::SETSOCKOPT,
                          Call::GETSOCKOPT,
                          Call::FCNTL};
    for (std::size_t i = 0; i < 16; ++i)
    {
        EXPECT_EQ(s.lines[i].kind, Kind::SYSCALL) << i;
        EXPECT_EQ(s.lines[i].call.kind, kinds[i]) << i;
    }
    EXPECT_EQ(s.lines[0].call.result, 3);
    EXPECT_EQ(s.lines[2].call.count, 7u);
    EXPECT_EQ(s.lines[3].call.result, -1);
    EXPECT_EQ(s.lines[3].call.resultErrno, "EAGAIN");
    EXPECT_EQ(s.lines[4].call.fd, 4);
    EXPECT_EQ(s.lines[4].call.resultErrno, "EINPROGRESS");
    EXPECT_EQ(s.lines[5].call.count, 1000u);
    EXPECT_EQ(s.lines[7].call.count, 5u);
    EXPECT_EQ(s.lines[9].call.result, 7);
    EXPECT_TRUE(s.lines[10].call.shutRead);
    EXPECT_FALSE(s.lines[10].call.shutWrite);
    EXPECT_EQ(s.lines[12].call.optionName, "TCP_NODELAY");
    EXPECT_EQ(s.lines[12].call.optionValue, 1);
    EXPECT_EQ(s.lines[13].call.optionName, "SO_LINGER");
    EXPECT_EQ(s.lines[13].call.optionValue, 1);
    EXPECT_EQ(s.lines[13].call.optionLinger, 0);
    EXPECT_EQ(s.lines[14].call.expectedError, "ECONNRESET");
}

TEST(ScriptParserSyscall, ShutdownModes)
{
    TcpFsmScriptCall wr = One("0 shutdown(4, SHUT_WR) = 0").call;
    EXPECT_TRUE(wr.shutWrite);
    EXPECT_FALSE(wr.shutRead);
    TcpFsmScriptCall both = One("0 shutdown(4, SHUT_RDWR) = 0").call;
    EXPECT_TRUE(both.shutWrite);
    EXPECT_TRUE(both.shutRead);
}

TEST(ScriptParserSyscall, ArgumentArithmeticWrapsAroundIn64Bits)
{
    // Found by the script fuzzer: 319831987167<<43 overflowed a signed shift (UBSan). The
    // operators wrap around in 64 bits, two's complement, as the C they stand for does on
    // every machine packetdrill runs on.
    auto value = [](const std::string& expr)
    {
        TcpFsmScriptCall c = One("0 fcntl(3, " + expr + ") = 0").call;
        int64_t v = -7;
        EXPECT_EQ(c.args.size(), 2u) << expr;
        EXPECT_TRUE(c.args.size() == 2 && c.args[1].Evaluate(v)) << expr;
        return v;
    };
    EXPECT_EQ(static_cast<uint64_t>(value("319831987167<<43")), uint64_t{319831987167} << 43);
    EXPECT_EQ(value("1<<63"), std::numeric_limits<int64_t>::min());
    EXPECT_EQ(value("9223372036854775807+1"), std::numeric_limits<int64_t>::min());
    EXPECT_EQ(value("0-9223372036854775807-2"), std::numeric_limits<int64_t>::max());
    EXPECT_EQ(value("1<<64"), 0); // a shift by the width or more gives 0
    EXPECT_EQ(value("5>>1"), 2);
}

TEST(ScriptParserSyscall, ExpressionsNestedOrChainedTooDeepAreRefused)
{
    // Found by the script fuzzer: 3,000 '[' exhausted the stack of the recursive parser.
    auto error = [](const std::string& expr)
    {
        try
        {
            One("0 fcntl(3, " + expr + ") = 0");
        }
        catch (const TcpFsmScriptError& e)
        {
            return std::string(e.what());
        }
        return std::string("accepted");
    };
    const std::string nested = error(std::string(100000, '[') + std::string(100000, ']'));
    EXPECT_EQ(nested.rfind("t.pkt:1:", 0), 0u) << nested;
    EXPECT_NE(nested.find("more than 100 levels deep"), std::string::npos) << nested;
    std::string chain = "1";
    for (int i = 0; i < 100000; ++i)
    {
        chain += "+1";
    }
    EXPECT_NE(error(chain).find("levels deep"), std::string::npos);
    // Nesting and chains add up: 97 brackets inside the argument are 98 levels, fine alone,
    // over 100 with three operators more.
    EXPECT_EQ(error(std::string(97, '[') + "1" + std::string(97, ']')), "accepted");
    EXPECT_NE(error(std::string(97, '[') + "1|2|3|4" + std::string(97, ']')).find("levels deep"),
              std::string::npos);
}

TEST(ScriptParserSyscall, NumbersUpToInt64MaxAreAccepted)
{
    int64_t v = 0;
    ASSERT_TRUE(One("0 fcntl(3, 9223372036854775807) = 0").call.args[1].Evaluate(v));
    EXPECT_EQ(v, std::numeric_limits<int64_t>::max());
    ASSERT_TRUE(One("0 fcntl(3, 0x7fffffffffffffff) = 0").call.args[1].Evaluate(v));
    EXPECT_EQ(v, std::numeric_limits<int64_t>::max());
    for (const char* big : {"9223372036854775808", "18446744073709551616", "0x10000000000000000"})
    {
        try
        {
            One(std::string("0 fcntl(3, ") + big + ") = 0");
            ADD_FAILURE() << big << " was accepted";
        }
        catch (const TcpFsmScriptError& e)
        {
            EXPECT_NE(std::string(e.what()).find("out of range"), std::string::npos) << e.what();
        }
    }
}

TEST(ScriptParserSyscall, EveryPacketdrillSyscallParses)
{
    TcpFsmScript s
        = Parse("0 poll([{fd=3, events=POLLIN, revents=POLLIN}], 1, 0) = 1\n"
                "0 sendmsg(4, {msg_name(...)=...,\n"
                "              msg_iov(2)=[{..., 40}, {..., 60}], msg_flags=0}, MSG_MORE) = 100\n"
                "0 recvmsg(4, {msg_name(...)=..., msg_iov(1)=[{..., 1000}], msg_flags=0,\n"
                "              msg_control=[{cmsg_level=SOL_TCP, cmsg_type=TCP_CM_INQ,\n"
                "                            cmsg_data=9000}]}, 0) = 1000\n"
                "0 writev(4, [{..., 10}, {..., 20}], 2) = 30\n"
                "0 recvfrom(4, NULL, 1, 0, ..., ...) = -1 EFAULT (Bad address)\n"
                "0 ioctl(4, SIOCINQ, [1000]) = 0\n"
                "0 fcntl(3, F_GETFL) = 0x2 (flags O_RDWR)\n"
                "0 setsockopt(3, SOL_SOCKET, SO_LINGER, {l_onoff=1, l_linger=5}, 8) = 0\n"
                "0 setsockopt(3, SOL_TCP, TCP_NOTSENT_LOWAT, [0xffffffff], 4) = 0\n"
                "0 setsockopt(3, SOL_TCP, TCP_FASTOPEN_KEY, \"abc\", 16) = -1 (Invalid Argument)\n"
                "0 epoll_ctl(5, EPOLL_CTL_ADD, 4, {events=EPOLLOUT|EPOLLET, fd=4}) = 0\n"
                "0 connect(3, inet_addr(\"192.0.2.1\"), htons(8080)) = ...\n"
                "0 sendto(3, ..., 1000, MSG_FASTOPEN|MSG_DONTWAIT, ..., ...) = -1 EINPROGRESS\n");
    ASSERT_EQ(s.lines.size(), 13u);
    EXPECT_EQ(s.lines[0].call.kind, Call::POLL);
    EXPECT_EQ(s.lines[1].call.kind, Call::SENDMSG);
    EXPECT_EQ(s.lines[1].call.count, 100u);
    EXPECT_EQ(s.lines[1].call.flagsText, "MSG_MORE");
    EXPECT_EQ(s.lines[1].where.line, 2u);
    EXPECT_EQ(s.lines[2].call.count, 1000u);
    EXPECT_EQ(s.lines[2].where.line, 4u);
    EXPECT_EQ(s.lines[3].call.count, 30u);
    EXPECT_TRUE(s.lines[4].call.nullBuffer);
    EXPECT_EQ(s.lines[4].call.resultErrno, "EFAULT");
    EXPECT_EQ(s.lines[5].call.kind, Call::IOCTL);
    EXPECT_EQ(s.lines[5].call.optionValue, 1000);
    EXPECT_EQ(s.lines[6].call.result, 2);
    EXPECT_EQ(s.lines[7].call.optionLinger, 5);
    EXPECT_EQ(s.lines[8].call.optionValue, 0xffffffff);
    EXPECT_EQ(s.lines[9].call.result, -1);
    EXPECT_EQ(s.lines[10].call.kind, Call::OTHER);
    EXPECT_TRUE(s.lines[11].call.resultAny);
    int64_t flags = 0;
    ASSERT_TRUE(s.lines[12].call.args[3].Evaluate(flags));
    EXPECT_EQ(flags, 0x20000000 | 0x40); // MSG_FASTOPEN | MSG_DONTWAIT, Linux's values
}

TEST(ScriptParserSyscall, LinuxSymbolsHaveLinuxValues)
{
    struct
    {
        const char* name;
        int64_t value;
    } const known[] = {{"SOL_SOCKET", 1},
                       {"SOL_TCP", 6},
                       {"IPPROTO_TCP", 6},
                       {"SO_LINGER", 13},
                       {"TCP_NODELAY", 1},
                       {"TCP_USER_TIMEOUT", 18},
                       {"TCP_INFO", 11},
                       {"O_NONBLOCK", 04000},
                       {"F_SETFL", 4},
                       {"EAGAIN", 11},
                       {"EINPROGRESS", 115},
                       {"ECONNRESET", 104},
                       {"SIOCINQ", 0x541B},
                       {"SIOCOUTQ", 0x5411},
                       {"MSG_ZEROCOPY", 0x4000000},
                       {"POLLIN", 1},
                       {"SHUT_RDWR", 2},
                       {"TCP_ESTABLISHED", 1}};
    for (const auto& k : known)
    {
        int64_t v = -1;
        EXPECT_TRUE(TcpFsmScriptSymbolValue(k.name, v)) << k.name;
        EXPECT_EQ(v, k.value) << k.name;
    }
    int64_t v = 0;
    EXPECT_FALSE(TcpFsmScriptSymbolValue("SO_BOGUS", v));
    EXPECT_EQ(TcpFsmScriptErrnoNameOf(11), "EAGAIN");
}

TEST(ScriptParserSyscall, UnknownNamesAreRefused)
{
    EXPECT_EQ(ErrorOf("0 frob(3) = 0").substr(0, 40), "t.pkt:1:3: unknown syscall 'frob' (packe");
    EXPECT_EQ(ErrorOf("0 setsockopt(3, SOL_SOCKET, SO_BOGUS, [4096], 4) = 0"),
              "t.pkt:1:29: unknown socket option 'SO_BOGUS'");
    EXPECT_EQ(ErrorOf("0 setsockopt(3, SOL_BOGUS, SO_RCVBUF, [4096], 4) = 0"),
              "t.pkt:1:17: unknown option level 'SOL_BOGUS'");
    EXPECT_EQ(ErrorOf("0 send(3, ..., 10, MSG_BOGUS) = 10"),
              "t.pkt:1:20: unknown flags 'MSG_BOGUS'");
    EXPECT_EQ(ErrorOf("0 poll([{fd=3, events=POLLIN}, 1, 0) = 0"),
              "t.pkt:1:36: expected ',' or ']', found ')'");
}

TEST(ScriptParserLines, ShellCommandsAndPythonBlocks)
{
    TcpFsmScript s = Parse("`../common/defaults.sh`\n"
                           "`../common/set_sysctls.py /proc/sys/net/ipv4/tcp_timestamps=0 \\\n"
                           "   /proc/sys/net/ipv4/tcp_sack=0`\n"
                           "0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n"
                           "+0 %{ assert tcpi_state == 1, tcpi_state\n}%\n"
                           "/* a C comment\n over lines */ +0 close(3) = 0\n"
                           "`/tmp/sysctl_restore_${PPID}.sh`\n");
    ASSERT_EQ(s.lines.size(), 6u);
    EXPECT_EQ(s.lines[0].kind, Kind::SHELL);
    EXPECT_EQ(s.lines[0].text, "../common/defaults.sh");
    EXPECT_EQ(s.lines[1].kind, Kind::SHELL);
    EXPECT_NE(s.lines[1].text.find("tcp_sack=0"), std::string::npos);
    EXPECT_EQ(s.lines[3].kind, Kind::PYTHON);
    EXPECT_EQ(s.lines[3].where.line, 5u);
    EXPECT_EQ(s.lines[4].where.line, 8u);
    EXPECT_EQ(s.lines[5].kind, Kind::SHELL);
    EXPECT_FALSE(s.ownDialect);
}

TEST(ScriptParserSyscall, MalformedSyscallsAreRefusedWithTheirColumn)
{
    EXPECT_EQ(ErrorOf("0 listen(3) = 0"), "t.pkt:1:9: listen() takes 2 arguments, found 1");
    EXPECT_EQ(ErrorOf("0 close(x) = 0"),
              "t.pkt:1:9: expected a file descriptor (a number), found 'x'");
    EXPECT_EQ(ErrorOf("0 write(4, ..., many) = 1"),
              "t.pkt:1:17: expected the byte count (a number), found 'many'");
    EXPECT_EQ(ErrorOf("0 connect(3, ..., ..."),
              "t.pkt:1:22: the line ends inside the arguments of connect(...): expected ')'");
    EXPECT_EQ(ErrorOf("0 close(3)"),
              "t.pkt:1:11: the line ends where '= RESULT' of close() was expected");
    EXPECT_EQ(ErrorOf("0 close(3) ="),
              "t.pkt:1:13: the line ends where the result of close() was expected");
    EXPECT_EQ(ErrorOf("0 close(3) = zero"),
              "t.pkt:1:14: expected the result of close() (a number), found 'zero'");
    EXPECT_EQ(ErrorOf("0 close(3) = 0 EBADF"),
              "t.pkt:1:16: an errno name follows only a negative result");
    EXPECT_EQ(ErrorOf("0 close(3) = -1 ebadf"),
              "t.pkt:1:17: expected an errno name (EAGAIN, EINPROGRESS, ...) after the result, "
              "found 'ebadf'");
    EXPECT_EQ(ErrorOf("0 close(3) = -1 EBADF junk"),
              "t.pkt:1:23: expected '(text)' or the end of the line after the result, found "
              "'junk'");
}

// ---- state assertions ---------------------------------------------------------------------------

TEST(ScriptParserState, DescriptorOrConnection)
{
    TcpFsmScriptLine fd = One("0 state(4) = FIN_WAIT_1");
    EXPECT_EQ(fd.kind, Kind::STATE);
    EXPECT_FALSE(fd.state.conn);
    EXPECT_EQ(fd.state.fd, 4);
    EXPECT_EQ(fd.state.state, TcpSocket::FIN_WAIT_1);
    TcpFsmScriptLine conn = One("0 state(conn) = TIME-WAIT");
    EXPECT_TRUE(conn.state.conn);
    EXPECT_EQ(conn.state.state, TcpSocket::TIME_WAIT);
}

TEST(ScriptParserState, MalformedAssertionsAreRefused)
{
    EXPECT_EQ(ErrorOf("0 state(4) = HALF_OPEN"),
              "t.pkt:1:14: unknown state 'HALF_OPEN' (expected CLOSED, LISTEN, SYN_SENT, "
              "SYN_RCVD, ESTABLISHED, FIN_WAIT_1, FIN_WAIT_2, CLOSING, TIME_WAIT, CLOSE_WAIT or "
              "LAST_ACK)");
    EXPECT_EQ(ErrorOf("0 state(peer) = CLOSED"),
              "t.pkt:1:9: expected a file descriptor or 'conn' in state(...), found 'peer'");
    EXPECT_EQ(ErrorOf("0 state(4) CLOSED"),
              "t.pkt:1:12: expected '=' after state(...), found 'CLOSED'");
    EXPECT_EQ(ErrorOf("0 state(4) = CLOSED now"),
              "t.pkt:1:21: unexpected 'now' after the state name");
}

// ---- what the runner prints with ----------------------------------------------------------------

TEST(ScriptParserFormat, FlagsInPacketdrillNotation)
{
    EXPECT_EQ(TcpFsmScriptFlagsToString(TcpHeader::SYN | TcpHeader::ACK), "S.");
    EXPECT_EQ(TcpFsmScriptFlagsToString(TcpHeader::FIN | TcpHeader::PSH | TcpHeader::ACK), "FP.");
    EXPECT_EQ(TcpFsmScriptFlagsToString(TcpHeader::RST), "R");
    EXPECT_EQ(TcpFsmScriptFlagsToString(0), "-");
}

TEST(ScriptParserFormat, TimesWithSixDecimals)
{
    EXPECT_EQ(TcpFsmScriptFormatTime(1500000000), "1.500000");
    EXPECT_EQ(TcpFsmScriptFormatTime(999), "0.000000");
    EXPECT_EQ(TcpFsmScriptFormatTime(-2000000), "-0.002000");
}

TEST(ScriptParserFile, UnreadableFileIsAnError)
{
    try
    {
        TcpFsmScriptParser::ParseFile("/nonexistent/x.pkt");
        FAIL() << "no error";
    }
    catch (const TcpFsmScriptError& e)
    {
        EXPECT_EQ(std::string(e.what()), "/nonexistent/x.pkt:0:0: cannot open the script");
    }
}

TEST(ScriptParserFile, ScriptWithoutATimedLineIsAnError)
{
    EXPECT_EQ(ErrorOf("// only a comment\n--attr=Msl=1s\n"),
              "t.pkt:3:1: the script ends without a timed line: nothing to run");
    EXPECT_EQ(ErrorOf(""), "t.pkt:1:1: the script ends without a timed line: nothing to run");
}
