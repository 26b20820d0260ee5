/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The script language: what every kind of line parses into, and the exact
 * FILE:LINE:COLUMN message of every kind of malformed line.
 */
#include "ns3/tcp-fsm-script-parser.h"
#include "ns3/tcp-header.h"

#include <gtest/gtest.h>
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
              "t.pkt:1:1: bad time '1.2.3': expected N.NNN (seconds) or +N.NNN (seconds "
              "after the previous line)");
    EXPECT_EQ(ErrorOf("  +abc close(3) = 0"),
              "t.pkt:1:3: bad time '+abc': expected N.NNN (seconds) or +N.NNN (seconds after "
              "the previous line)");
    EXPECT_EQ(ErrorOf("-1 close(3) = 0"),
              "t.pkt:1:1: bad time '-1': expected N.NNN (seconds) or +N.NNN (seconds after the "
              "previous line)");
    EXPECT_EQ(ErrorOf("0.0000000001 close(3) = 0"),
              "t.pkt:1:1: bad time '0.0000000001': expected N.NNN (seconds) or +N.NNN (seconds "
              "after the previous line)");
    EXPECT_EQ(ErrorOf("* close(3) = 0"),
              "t.pkt:1:1: unsupported time '*': only N.NNN and +N.NNN are supported");
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

TEST(ScriptParserHeader, DefaultToleranceIsOneMillisecond)
{
    EXPECT_EQ(Parse("0 close(3) = 0").toleranceNs, 1000000);
}

TEST(ScriptParserHeader, MalformedHeadersAreRefused)
{
    EXPECT_EQ(ErrorOf("--tolerance=5"),
              "t.pkt:1:1: unknown header option '--tolerance' (expected --tolerance_usecs=N or "
              "--attr=Name=Value)");
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
              "t.pkt:1:6: unknown flag 'X' (flags are S, F, R, P and '.' for ACK)");
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
    EXPECT_EQ(ErrorOf("0 < . 1:1(0)"),
              "t.pkt:1:13: expected 'ack N': an inbound segment with '.' (ACK) needs its ack "
              "number");
    EXPECT_EQ(ErrorOf("0 < S 0:0(0) ack 1"),
              "t.pkt:1:19: the segment has 'ack N' but its flags have no '.' (ACK)");
    EXPECT_EQ(ErrorOf("0 < S 0:0(0) mss 5"),
              "t.pkt:1:14: expected 'ack N', 'win N' or '<options>', found 'mss'");
    EXPECT_EQ(ErrorOf("0 < S 0:0(0) <mss 1000"),
              "t.pkt:1:23: the line ends inside the option list: expected '>'");
    EXPECT_EQ(ErrorOf("0 < S 0:0(0) <md5 1>"),
              "t.pkt:1:15: unknown option 'md5' (expected mss N, nop, wscale N, sackOK or TS "
              "val N ecr N)");
    EXPECT_EQ(ErrorOf("0 < S 0:0(0) <...>"),
              "t.pkt:1:15: '<...>' is for outbound segments; an inbound segment lists its "
              "options");
    EXPECT_EQ(ErrorOf("0 < S 0:0(0) <wscale 15>"),
              "t.pkt:1:22: the shift after 'wscale' 15 is out of range (0..14)");
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
    EXPECT_EQ(s.lines[12].call.option, TcpFsmScriptSockopt::TCP_NODELAY_OPT);
    EXPECT_EQ(s.lines[12].call.optionValue, 1);
    EXPECT_EQ(s.lines[13].call.option, TcpFsmScriptSockopt::SO_LINGER_OPT);
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

TEST(ScriptParserSyscall, UnsupportedSyscallsAndOptionsAreNamed)
{
    EXPECT_EQ(ErrorOf("0 poll([{fd=3}], 1, 0) = 0"),
              "t.pkt:1:3: unsupported syscall 'poll' (supported: socket, bind, listen, accept, "
              "connect, write, send, sendto, read, recv, shutdown, close, setsockopt, "
              "getsockopt, fcntl)");
    EXPECT_EQ(ErrorOf("0 setsockopt(3, SOL_SOCKET, SO_RCVBUF, [4096], 4) = 0"),
              "t.pkt:1:29: unsupported socket option 'SO_RCVBUF' (supported: SO_REUSEADDR, "
              "TCP_NODELAY or SO_LINGER)");
    EXPECT_EQ(ErrorOf("0 socket(..., SOCK_DGRAM, IPPROTO_UDP) = 3"),
              "t.pkt:1:15: unsupported socket type 'SOCK_DGRAM' (supported: SOCK_STREAM)");
    EXPECT_EQ(ErrorOf("0 setsockopt(3, SOL_SOCKET, SO_LINGER, {onoff=1, linger=5}, 8) = 0"),
              "t.pkt:1:40: unsupported SO_LINGER {onoff=1, linger=5}: only linger=0 (an abortive "
              "close) is supported");
    EXPECT_EQ(ErrorOf("0 getsockopt(3, SOL_SOCKET, SO_ERROR, [EPIPE], [4]) = 0"),
              "t.pkt:1:39: expected [0], [ECONNREFUSED], [ECONNRESET] or [ETIMEDOUT] for "
              "SO_ERROR, found '[EPIPE]'");
    EXPECT_EQ(ErrorOf("0 fcntl(3, F_GETFL) = 2"),
              "t.pkt:1:12: unsupported fcntl command 'F_GETFL' (supported: F_SETFL)");
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
              "t.pkt:1:23: expected '(text)' or the end of the line after EBADF, found 'junk'");
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
