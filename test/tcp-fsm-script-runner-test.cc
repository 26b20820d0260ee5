/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The script runner: a script that matches passes; every kind of mismatch fails
 * on its line with an exact message; attributes, tolerance, trace files and
 * ns-3's own TCP; and the conformance scripts of test/scripts/ cover every edge
 * of the transition table (each one runs and takes its edge).
 */
#include "ns3/tcp-fsm-script-parser.h"
#include "ns3/tcp-fsm-script-report.h"
#include "ns3/tcp-fsm-script-runner.h"
#include "ns3/tcp-fsm-transition-graph.h"
#include "ns3/tcp-fsm-transition-table.h"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <gtest/gtest.h>
#include <sstream>
#include <string>

using namespace ns3;
using Status = TcpFsmScriptResult::Status;

namespace
{

/// Run a script with the model's defaults (profile "": the runner's mechanics, not Linux's
/// numbers, are under test here) or with the profile given.
TcpFsmScriptResult
RunScript(const std::string& text,
          TcpFsmScriptStack stack = TcpFsmScriptStack::FSM,
          const std::string& profile = "")
{
    TcpFsmScriptRunOptions options;
    options.stack = stack;
    options.upstreamProfile = profile;
    return TcpFsmScriptRunner::Run(TcpFsmScriptParser::ParseText(text, "t.pkt"), options);
}

const std::string kListener = "0.000 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n"
                              "+0    bind(3, ..., ...) = 0\n"
                              "+0    listen(3, 1) = 0\n";

const std::string kPassive = kListener
                             + "+0.1  < S 0:0(0) win 65535 <mss 1000>\n"
                               "+0    > S. 0:0(0) ack 1 <...>\n"
                               "+0    state(conn) = SYN_RCVD\n"
                               "+0.1  < . 1:1(0) ack 1 win 65535\n"
                               "+0    accept(3, ..., ...) = 4\n"
                               "+0    state(4) = ESTABLISHED\n";

const std::string kConnect = "0.000 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n"
                             "+0    fcntl(3, F_SETFL, O_RDWR|O_NONBLOCK) = 0\n"
                             "+0    connect(3, ..., ...) = -1 EINPROGRESS (in progress)\n"
                             "+0    > S 0:0(0) <...>\n";

bool
Took(const TcpFsmScriptResult& r, TcpFsmState from, TcpFsmState to, const std::string& cause)
{
    return std::any_of(r.transitions.begin(),
                       r.transitions.end(),
                       [&](const auto& t)
                       {
                           return t.from == from && t.to == to && t.cause == cause;
                       });
}

} // namespace

// ---- passing and failing -----------------------------------------------------------------------

TEST(ScriptRunner, PassiveOpenScriptPassesAndRecordsItsTransitions)
{
    TcpFsmScriptResult r = RunScript(kPassive);
    EXPECT_EQ(r.status, Status::PASS) << r.message;
    EXPECT_EQ(r.message, "");
    EXPECT_TRUE(Took(r, TcpSocket::CLOSED, TcpSocket::LISTEN, "app_passive_open"));
    EXPECT_TRUE(Took(r, TcpSocket::LISTEN, TcpSocket::SYN_RCVD, "rcv_syn"));
    EXPECT_TRUE(Took(r, TcpSocket::SYN_RCVD, TcpSocket::ESTABLISHED, "rcv_ack_of_syn"));
    EXPECT_EQ(TcpFsmScriptResultLine("t.pkt", r), "t.pkt: pass");
}

TEST(ScriptRunner, WrongFlagsFailOnTheLineWithWhatWasSent)
{
    TcpFsmScriptResult r = RunScript(kListener
                                     + "+0.1 < S 0:0(0) win 65535\n"
                                       "+0 > S 0:0(0)\n");
    EXPECT_EQ(r.status, Status::FAIL);
    EXPECT_EQ(r.line, 5u);
    EXPECT_EQ(r.message,
              "t.pkt:5: expected '> S 0:0(0)' at 0.100000 s, got '> S. 0:0(0) ack 1 win 65535 "
              "<mss 536>' sent at 0.100000 s (flags differ); states: conn SYN_RCVD, fd 3 LISTEN");
    EXPECT_EQ(TcpFsmScriptResultLine("t.pkt", r), r.message);
}

TEST(ScriptRunner, EveryComparedFieldIsChecked)
{
    const std::string head = kListener + "+0.1 < S 0:0(0) win 65535\n";
    EXPECT_EQ(RunScript(head + "+0 > S. 0:0(0) ack 1 win 65535 <mss 536>\n").status, Status::PASS);
    EXPECT_EQ(RunScript(head + "+0 > S. 0:0(0) ack 1 <mss 536, ...>\n").status, Status::PASS);
    // As packetdrill, the sequence number of our SYN is the script's name for our ISN (any
    // number); later segments count from it.
    const std::string named = "+0 > S. 1234:1234(0) ack 1\n+.1 < . 1:1(0) ack 1 win 65535\n"
                              "+0 accept(3, ..., ...) = 4\n+0 write(4, ..., 10) = 10\n";
    EXPECT_EQ(RunScript(head + named + "+0 > P. 1:11(10) ack 1\n").status, Status::PASS);
    const std::pair<std::string, std::string> wrong[] = {
        {named + "+0 > P. 2:12(10) ack 1\n", "sequence number differs"},
        {"+0 > S. 0:10(10) ack 1\n", "length differs"},
        {"+0 > S. 0:0(0) ack 2\n", "ack differs"},
        {"+0 > S. 0:0(0) ack 1 win 1000\n", "window differs"},
        {"+0 > S. 0:0(0) ack 1 <mss 1460>\n", "options differ"},
        {"+0 > S. 0:0(0) ack 1 <mss 536, wscale 7>\n", "options differ"},
        {"+0 > S. 0:0(0) ack 1 <mss 1000, ...>\n", "options differ"},
        {"+0.01 > S. 0:0(0) ack 1\n", "sent too early"},
    };
    for (const auto& w : wrong)
    {
        TcpFsmScriptResult r = RunScript(head + w.first);
        EXPECT_EQ(r.status, Status::FAIL) << w.first;
        EXPECT_NE(r.message.find("(" + w.second + ")"), std::string::npos)
            << w.first << ": " << r.message;
    }
}

TEST(ScriptRunner, PushFlagIsIgnored)
{
    EXPECT_EQ(RunScript(kPassive + "+0 write(4, ..., 10) = 10\n+0 > . 1:11(10) ack 1\n").status,
              Status::PASS);
    EXPECT_EQ(RunScript(kPassive + "+0 write(4, ..., 10) = 10\n+0 > P. 1:11(10) ack 1\n").status,
              Status::PASS);
}

TEST(ScriptRunner, MissingSegmentFailsAtTheEndOfTheTolerance)
{
    TcpFsmScriptResult r = RunScript(kPassive + "+0.1 > F. 1:1(0) ack 1\n");
    EXPECT_EQ(r.status, Status::FAIL);
    EXPECT_EQ(r.message,
              "t.pkt:10: expected '> F. 1:1(0) ack 1' at 0.300000 s, got nothing by 0.301000 s; "
              "states: conn ESTABLISHED, fd 3 LISTEN, fd 4 ESTABLISHED");
}

TEST(ScriptRunner, ToleranceIsHonouredBothWays)
{
    // A delayed ACK leaves 200 ms after the data.
    const std::string data = "--attr=DelAckCount=2\n--attr=DelAckTimeout=200ms\n" + kPassive
                             + "+0 < P. 1:11(10) ack 1 win 65535\n";
    EXPECT_EQ(RunScript(data + "+0.2 > . 1:1(0) ack 11\n").status, Status::PASS);
    EXPECT_EQ(RunScript(data + "+0.2009 > . 1:1(0) ack 11\n").status, Status::PASS);
    EXPECT_EQ(RunScript(data + "+0.1991 > . 1:1(0) ack 11\n").status, Status::PASS);
    TcpFsmScriptResult late = RunScript(data + "+0.1980 > . 1:1(0) ack 11\n");
    EXPECT_EQ(late.status, Status::FAIL);
    EXPECT_NE(late.message.find("got nothing by 0.399000 s"), std::string::npos) << late.message;
    TcpFsmScriptResult tight
        = RunScript("--tolerance_usecs=100\n" + data + "+0.2009 > . 1:1(0) ack 11\n");
    EXPECT_EQ(tight.status, Status::FAIL);
    EXPECT_NE(tight.message.find("(sent too early)"), std::string::npos) << tight.message;
}

TEST(ScriptRunner, UnexpectedSegmentFailsTheNextLine)
{
    // The peer's FIN is ACKed; the script does not expect that ACK.
    TcpFsmScriptResult r = RunScript(kPassive
                                     + "+0.1 < F. 1:1(0) ack 1 win 65535\n"
                                       "+0.1 state(4) = CLOSE_WAIT\n");
    EXPECT_EQ(r.status, Status::FAIL);
    EXPECT_EQ(r.message,
              "t.pkt:11: expected no segment before 'state(4) = CLOSE_WAIT' at 0.400000 s, got "
              "'> . 1:1(0) ack 2 win 65535' sent at 0.300000 s; states: conn CLOSE_WAIT, fd 3 "
              "LISTEN, fd 4 CLOSE_WAIT");
}

TEST(ScriptRunner, SegmentsAfterTheLastLineAreNotChecked)
{
    EXPECT_EQ(RunScript(kPassive + "+0.1 < F. 1:1(0) ack 1 win 65535\n").status, Status::PASS);
}

TEST(ScriptRunner, WrongStateFails)
{
    TcpFsmScriptResult r = RunScript(kPassive + "+0 state(conn) = CLOSE_WAIT\n");
    EXPECT_EQ(r.status, Status::FAIL);
    EXPECT_EQ(r.message,
              "t.pkt:10: expected 'state(conn) = CLOSE_WAIT' at 0.200000 s, got ESTABLISHED; "
              "states: conn ESTABLISHED, fd 3 LISTEN, fd 4 ESTABLISHED");
}

TEST(ScriptRunner, StateOfAClosedDescriptorFails)
{
    TcpFsmScriptResult r = RunScript(kListener + "+0 close(3) = 0\n+0 state(3) = CLOSED\n");
    EXPECT_EQ(r.status, Status::FAIL);
    EXPECT_EQ(r.message,
              "t.pkt:5: expected 'state(3) = CLOSED' at 0.000000 s, but descriptor 3 is not "
              "open; states: conn CLOSED");
}

TEST(ScriptRunner, SyscallResultsAreChecked)
{
    TcpFsmScriptResult r = RunScript(kListener
                                     + "+0 fcntl(3, F_SETFL, O_NONBLOCK) = 0\n"
                                       "+0 accept(3, ..., ...) = 4\n");
    EXPECT_EQ(r.status, Status::FAIL);
    EXPECT_EQ(r.message,
              "t.pkt:5: expected 'accept(3, ..., ...) = 4' at 0.000000 s, got -1 EAGAIN; "
              "states: conn CLOSED, fd 3 LISTEN");
    TcpFsmScriptResult badf = RunScript(kListener + "+0 close(7) = 0\n");
    EXPECT_NE(badf.message.find("got -1 EBADF"), std::string::npos) << badf.message;
    // As packetdrill, the script names its descriptors: socket() = 4 makes descriptor 4.
    EXPECT_EQ(RunScript("0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 4\n+0 close(4) = 0\n").status,
              Status::PASS);
    TcpFsmScriptResult fd = RunScript("0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 4\n"
                                      "+0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 4\n");
    EXPECT_NE(fd.message.find("got 3;"), std::string::npos) << fd.message;
    TcpFsmScriptResult err
        = RunScript(kConnect + "+0 getsockopt(3, SOL_SOCKET, SO_ERROR, [ECONNRESET], [4]) = 0\n");
    EXPECT_NE(err.message.find("got SO_ERROR 0;"), std::string::npos) << err.message;
}

TEST(ScriptRunner, BlockingCallsWaitForTheirEvent)
{
    // A blocking accept (no O_NONBLOCK) returns when the handshake completes, at 0.2 s.
    const std::string handshake = "+.1 < S 0:0(0) win 65535 <mss 1000>\n"
                                  "+0 > S. 0:0(0) ack 1 <...>\n"
                                  "+.1 < . 1:1(0) ack 1 win 65535\n";
    EXPECT_EQ(RunScript(kListener + "+0...0.200 accept(3, ..., ...) = 4\n" + handshake).status,
              Status::PASS);
    // Expected to return at 0.1 s: it returned later.
    TcpFsmScriptResult early
        = RunScript(kListener + "+0...0.100 accept(3, ..., ...) = 4\n" + handshake);
    EXPECT_EQ(early.status, Status::FAIL);
    EXPECT_NE(early.message.find("but it still blocks at 0.10"), std::string::npos)
        << early.message;
    // Without a range the script waits for the call, which never returns here.
    TcpFsmScriptResult stuck = RunScript(kListener + "+0 accept(3, ..., ...) = 4\n");
    EXPECT_EQ(stuck.status, Status::FAIL);
    EXPECT_NE(stuck.message.find("but the call never returned"), std::string::npos)
        << stuck.message;
    // fcntl reports and sets O_NONBLOCK (Linux's numbers: O_RDWR 2, O_NONBLOCK 04000).
    EXPECT_EQ(RunScript(kListener
                        + "+0 fcntl(3, F_GETFL) = 0x2 (flags O_RDWR)\n"
                          "+0 fcntl(3, F_SETFL, O_RDWR|O_NONBLOCK) = 0\n"
                          "+0 fcntl(3, F_GETFL) = 0x802\n")
                  .status,
              Status::PASS);
}

TEST(ScriptRunner, SkipsNameWhatTheModelLacks)
{
    TcpFsmScriptResult py = RunScript(kListener + "+0 %{ assert tcpi_reordering == 3 }%\n");
    EXPECT_EQ(py.status, Status::SKIP);
    EXPECT_EQ(py.message,
              "t.pkt:4: skip: needs tcpi_reordering (a tcp_info field the model does not fill)");
    TcpFsmScriptResult sh = RunScript("`tc qdisc replace dev tun0 root fq`\n" + kListener);
    EXPECT_EQ(sh.status, Status::SKIP);
    EXPECT_EQ(sh.message,
              "t.pkt:1: skip: needs a shell command ('tc qdisc replace dev tun0 root fq')");
    TcpFsmScriptResult zc
        = RunScript(kListener + "+0 setsockopt(3, SOL_TCP, TCP_NOTSENT_LOWAT, [1], 4) = 0\n");
    EXPECT_EQ(zc.message, "t.pkt:4: skip: needs the socket option TCP_NOTSENT_LOWAT");
    TcpFsmScriptResult ep = RunScript(kListener + "+0 splice(3, NULL, 6, NULL, 99, 0) = 99\n");
    EXPECT_EQ(ep.message, "t.pkt:4: skip: needs splice() other than from a socket into a pipe");
    // ns-3's TCP has no Fast Open: a line with the option is a skip there.
    TcpFsmScriptResult fo = RunScript(kListener + "+.1 < S 0:10(10) win 65535 <mss 1000,FO abcd>\n",
                                      TcpFsmScriptStack::NS3);
    EXPECT_EQ(fo.message, "t.pkt:4: skip: needs TCP Fast Open (RFC 7413; ns-3's TCP has none)");
    // A sysctl the model has no meaning for is noted, not an error.
    TcpFsmScriptResult noted = RunScript("`sysctl -q net.ipv4.tcp_frto=2`\n" + kListener);
    EXPECT_EQ(noted.status, Status::PASS) << noted.message;
    ASSERT_EQ(noted.notes.size(), 1u);
    EXPECT_EQ(noted.notes[0], "no model meaning: tcp_frto=2");
}

TEST(ScriptRunner, UpstreamScriptsRunWithTheLinuxProfile)
{
    // Linux: MSS from the device MTU (packetdrill's tun: 1500); the project's dialect (a
    // state() line) keeps the model's default 536.
    const std::string syn = kListener + "+0.1 < S 0:0(0) win 65535 <mss 1460>\n";
    EXPECT_EQ(
        RunScript(syn + "+0 > S. 0:0(0) ack 1 <mss 1460, ...>\n", TcpFsmScriptStack::FSM, "linux")
            .status,
        Status::PASS);
    EXPECT_EQ(RunScript(syn + "+0 > S. 0:0(0) ack 1 <mss 536, ...>\n+0 state(conn) = SYN_RCVD\n",
                        TcpFsmScriptStack::FSM,
                        "linux")
                  .status,
              Status::PASS);
    // --mtu=N changes the device's MTU.
    EXPECT_EQ(RunScript("--mtu=1280\n" + syn + "+0 > S. 0:0(0) ack 1 <mss 1240, ...>\n",
                        TcpFsmScriptStack::FSM,
                        "linux")
                  .status,
              Status::PASS);
    // A sysctl sets the attribute of the same meaning: no SACK-permitted in the SYN-ACK.
    EXPECT_EQ(RunScript("`sysctl -q net.ipv4.tcp_sack=0 net.ipv4.tcp_timestamps=0`\n" + kListener
                            + "+0.1 < S 0:0(0) win 65535 <mss 1460,sackOK,TS val 1 ecr 0>\n"
                              "+0 > S. 0:0(0) ack 1 <mss 1460>\n"
                              "+0.1 < . 1:1(0) ack 1 win 65535\n"
                              "+0 accept(3, ..., ...) = 4\n",
                        TcpFsmScriptStack::FSM,
                        "linux")
                  .status,
              Status::PASS);
}

TEST(ScriptRunner, DescriptorsAreReusedLowestFirst)
{
    EXPECT_EQ(RunScript(kPassive
                        + "+0 close(4) = 0\n+0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 4\n"
                          "+0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 5\n")
                  .status,
              Status::PASS);
}

TEST(ScriptRunner, SoErrorReportsWhyTheConnectionEnded)
{
    EXPECT_EQ(RunScript(kConnect
                        + "+0.1 < R. 0:0(0) ack 1 win 0\n"
                          "+0 getsockopt(3, SOL_SOCKET, SO_ERROR, [ECONNREFUSED], [4]) = 0\n")
                  .status,
              Status::PASS);
}

// ---- attributes ---------------------------------------------------------------------------------

TEST(ScriptRunnerAttributes, UnknownAttributeOrBadValueIsAnError)
{
    TcpFsmScriptResult r = RunScript("--attr=Nonsense=1\n0 close(3) = -1\n");
    EXPECT_EQ(r.status, Status::ERROR);
    EXPECT_EQ(r.message,
              "t.pkt:1:8: unknown attribute 'Nonsense': ns3::TcpFsmSocket and ns3::TcpSocket "
              "have no attribute of that name");
    TcpFsmScriptResult v = RunScript("--attr=Msl=soon\n0 close(3) = -1\n");
    EXPECT_EQ(v.status, Status::ERROR);
    EXPECT_EQ(v.message, "t.pkt:1:12: bad value 'soon' for attribute Msl (Time +0ns:+8.64e+13ns)");
    EXPECT_THROW(TcpFsmScriptRunner::CheckAttributes(TcpFsmScriptParser::ParseText(
                     "--attr=ConnCount=x\n0 close(3) = -1\n", "t.pkt")),
                 TcpFsmScriptError);
    EXPECT_NO_THROW(TcpFsmScriptRunner::CheckAttributes(TcpFsmScriptParser::ParseText(
        "--attr=ConnCount=2\n--attr=Rfc1337=false\n0 close(3) = -1\n", "t.pkt")));
}

TEST(ScriptRunnerAttributes, AttributesApplyToTheRunOnly)
{
    // 2 * Msl: TIME_WAIT ends after 2 s with Msl=1s, and after 240 s in the next run.
    const std::string tw = kConnect
                           + "+0.1 < S. 0:0(0) ack 1 win 65535\n"
                             "+0 > . 1:1(0) ack 1\n"
                             "+0 close(3) = 0\n"
                             "+0 > F. 1:1(0) ack 1\n"
                             "+0.1 < F. 1:1(0) ack 2 win 65535\n"
                             "+0 > . 2:2(0) ack 2\n"
                             "+2.001 state(conn) = CLOSED\n";
    EXPECT_EQ(RunScript("--attr=Msl=1s\n" + tw).status, Status::PASS);
    TcpFsmScriptResult r = RunScript(tw);
    EXPECT_EQ(r.status, Status::FAIL);
    EXPECT_NE(r.message.find("got TIME_WAIT"), std::string::npos) << r.message;
}

TEST(ScriptRunnerAttributes, AttributeNs3LacksIsReportedByName)
{
    TcpFsmScriptResult r = RunScript("\n--attr=Rfc1337=false\n" + kPassive, TcpFsmScriptStack::NS3);
    EXPECT_EQ(r.status, Status::FAIL);
    EXPECT_EQ(r.line, 2u);
    EXPECT_EQ(r.message,
              "t.pkt:2: --attr=Rfc1337=false: ns-3's TcpSocketBase has no attribute Rfc1337 (the "
              "script was not run)");
    // Msl is ns-3's MaxSegLifetime; the attributes of ns3::TcpSocket are shared.
    EXPECT_EQ(
        RunScript("--attr=Msl=1s\n--attr=ConnCount=2\n" + kPassive, TcpFsmScriptStack::NS3).status,
        Status::PASS);
}

// ---- ns-3's own TCP
// -------------------------------------------------------------------------------

TEST(ScriptRunnerNs3, PassiveOpenPassesWithTheChildFollowedFromSynRcvd)
{
    TcpFsmScriptResult r = RunScript(kPassive, TcpFsmScriptStack::NS3);
    EXPECT_EQ(r.status, Status::PASS) << r.message;
    EXPECT_TRUE(Took(r, TcpSocket::LISTEN, TcpSocket::SYN_RCVD, ""));
    EXPECT_TRUE(Took(r, TcpSocket::SYN_RCVD, TcpSocket::ESTABLISHED, ""));
}

TEST(ScriptRunnerNs3, RstInSynSentIsIgnoredByNs3)
{
    const std::string script = kConnect
                               + "+0.1 < R. 0:0(0) ack 1 win 0\n"
                                 "+0 state(3) = CLOSED\n";
    EXPECT_EQ(RunScript(script).status, Status::PASS);
    TcpFsmScriptResult r = RunScript(script, TcpFsmScriptStack::NS3);
    EXPECT_EQ(r.status, Status::FAIL);
    EXPECT_EQ(r.message,
              "t.pkt:6: expected 'state(3) = CLOSED' at 0.100000 s, got SYN_SENT; states: conn "
              "SYN_SENT, fd 3 SYN_SENT");
}

TEST(ScriptRunnerNs3, AbortiveCloseIsReportedAsUnsupported)
{
    TcpFsmScriptResult r = RunScript(
        kPassive + "+0 setsockopt(4, SOL_SOCKET, SO_LINGER, {onoff=1, linger=0}, 8) = 0\n",
        TcpFsmScriptStack::NS3);
    EXPECT_EQ(r.status, Status::SKIP);
    EXPECT_NE(
        r.message.find("skip: needs SO_LINGER {1, 0}: ns-3's TcpSocketBase has no abortive close"),
        std::string::npos)
        << r.message;
}

// ---- trace files
// ----------------------------------------------------------------------------------

TEST(ScriptRunnerTrace, TraceDirGetsTheTransitionCsv)
{
    const std::string dir
        = (std::filesystem::temp_directory_path() / "tcp-fsm-script-runner-test").string();
    std::filesystem::remove_all(dir);
    TcpFsmScriptRunOptions options;
    options.traceDir = dir;
    TcpFsmScriptResult r
        = TcpFsmScriptRunner::Run(TcpFsmScriptParser::ParseText(kPassive, "dir/open.pkt"), options);
    ASSERT_EQ(r.status, Status::PASS) << r.message;
    EXPECT_EQ(r.traceFile, dir + "/open.transitions.csv");
    std::ifstream in(r.traceFile);
    std::string header;
    std::string row;
    std::getline(in, header);
    EXPECT_EQ(header, "time,node,socket,local,peer,from,to,cause,flags,seq,ack");
    std::vector<std::string> rows;
    while (std::getline(in, row))
    {
        rows.push_back(row);
    }
    ASSERT_EQ(rows.size(), 3u);
    EXPECT_EQ(rows[0], "0.000000000,0,1,0.0.0.0:8080,,CLOSED,LISTEN,app_passive_open,,,");
    EXPECT_EQ(rows[1],
              "0.100000000,0,2,192.168.0.1:8080,192.0.2.1:40000,LISTEN,SYN_RCVD,rcv_syn,SYN,"
              "1000000,0");
    // With the fsm stack the run's graph sits beside the CSV, and reads back.
    TcpFsmTransitionGraph fromCsv;
    std::string error;
    ASSERT_TRUE(fromCsv.LoadCsv(r.traceFile, error)) << error;
    std::ifstream graphml(dir + "/open.graph.graphml");
    ASSERT_TRUE(graphml.good());
    TcpFsmTransitionGraph back;
    ASSERT_TRUE(back.ReadGraphml(graphml, error)) << error;
    std::ostringstream a;
    std::ostringstream b;
    fromCsv.WriteGraphml(a);
    back.WriteGraphml(b);
    EXPECT_EQ(a.str(), b.str());
    std::ifstream dot(dir + "/open.graph.dot");
    std::string first;
    std::getline(dot, first);
    EXPECT_NE(first.find("digraph"), std::string::npos) << first;

    options.stack = TcpFsmScriptStack::NS3;
    TcpFsmScriptResult n
        = TcpFsmScriptRunner::Run(TcpFsmScriptParser::ParseText(kPassive, "dir/open.pkt"), options);
    EXPECT_EQ(n.traceFile, dir + "/open.ns3.transitions.csv");
    EXPECT_TRUE(std::filesystem::exists(n.traceFile));
    std::filesystem::remove_all(dir);
}

// ---- the conformance scripts cover the table ---------------------------------------------------

namespace
{

/// "FIN_WAIT_1" -> "fin-wait-1", "rcv_fin_ack" -> "rcv-fin-ack"
std::string
Dashed(std::string s)
{
    for (char& c : s)
    {
        c = c == '_' ? '-' : static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    return s;
}

} // namespace

TEST(ScriptCoverage, EveryTableEdgeHasAScriptThatTakesIt)
{
    for (const auto& row : TcpFsmTransitionTable::Rows())
    {
        std::string name
            = Dashed(TcpFsmStateName(row.from)) + "--" + Dashed(TcpFsmEventName(row.event));
        if (row.origin == TcpFsmOrigin::PASSIVE)
        {
            name += "-passive";
        }
        else if (row.origin == TcpFsmOrigin::ACTIVE)
        {
            name += "-active";
        }
        const std::string path = std::string(TCP_FSM_SCRIPT_DIR) + "/" + name + ".pkt";
        SCOPED_TRACE(TcpFsmTransitionTable::Describe(row) + ": " + path);
        ASSERT_TRUE(std::filesystem::exists(path));
        TcpFsmScriptResult r = TcpFsmScriptRunner::Run(TcpFsmScriptParser::ParseFile(path),
                                                       TcpFsmScriptRunOptions());
        EXPECT_EQ(r.status, TcpFsmScriptResult::Status::PASS) << r.message;
        EXPECT_TRUE(Took(r, row.from, row.to, TcpFsmEventName(row.event)));
    }
}

TEST(ScriptCoverage, EveryScriptSaysWhatItChecks)
{
    for (const auto& entry : std::filesystem::directory_iterator(TCP_FSM_SCRIPT_DIR))
    {
        if (entry.path().extension() != ".pkt")
        {
            continue;
        }
        std::ifstream in(entry.path());
        std::string first;
        std::getline(in, first);
        EXPECT_EQ(first.compare(0, 3, "// "), 0) << entry.path() << ": no comment on line 1";
        EXPECT_NO_THROW(TcpFsmScriptParser::ParseFile(entry.path().string())) << entry.path();
    }
}

// ---- TCP Fast Open (RFC 7413) in the syscall layer ----------------------------------------

TEST(ScriptFastOpen, CookieIsHexOrADefineAndAnythingElseIsInvalidInput)
{
    // run_all.py's IPv4 TFO_COOKIE is the cookie of the defaults.sh key for the runner's
    // addresses: a SYN with it and data is accepted (the SYN+ACK acknowledges the data).
    const std::string server = "`sysctl -q net.ipv4.tcp_fastopen=0x403 "
                               "net.ipv4.tcp_fastopen_key=a1a1a1a1-b2b2b2b2-c3c3c3c3-d4d4d4d4`\n"
                               + kListener;
    TcpFsmScriptResult ok
        = RunScript(server
                        + "+0 < S 0:10(10) win 65535 <mss 1000,FO TFO_COOKIE,nop,nop>\n"
                          "+0 > S. 0:0(0) ack 11 <...>\n"
                          "+0 accept(3, ..., ...) = 4\n"
                          "+0 %{ assert (tcpi_options & TCPI_OPT_SYN_DATA) != 0 }%\n"
                          "+0 read(4, ..., 100) = 10\n",
                    TcpFsmScriptStack::FSM,
                    "linux");
    EXPECT_EQ(ok.status, Status::PASS) << ok.message;
    // Another cookie: the data is dropped, the SYN+ACK acknowledges the SYN and brings the
    // valid cookie, compared byte for byte.
    TcpFsmScriptResult bad
        = RunScript(server
                        + "+0 < S 0:10(10) win 65535 <mss 1000,FO 0011223344556677,nop,nop>\n"
                          "+0 > S. 0:0(0) ack 1 <mss 1460,FO 3021b9d889017eeb,nop,nop>\n",
                    TcpFsmScriptStack::FSM,
                    "linux");
    EXPECT_EQ(bad.status, Status::PASS) << bad.message;
    TcpFsmScriptResult odd = RunScript(kListener + "+0 < S 0:10(10) win 65535 <FO abc>\n");
    EXPECT_EQ(odd.status, Status::ERROR);
    EXPECT_EQ(odd.message,
              "t.pkt:4:1: the Fast Open cookie 'abc' is neither hex bytes (at most 36) nor a -D "
              "name");
    TcpFsmScriptResult name = RunScript(kListener + "+0 < S 0:10(10) win 65535 <FO NO_SUCH>\n");
    EXPECT_EQ(name.status, Status::ERROR);
}

TEST(ScriptFastOpen, SocketOptionsAnswerWithLinuxErrno)
{
    // TCP_FASTOPEN_CONNECT needs the client bit (EOPNOTSUPP); TCP_FASTOPEN_KEY takes 16
    // bytes (EINVAL otherwise); TCP_FASTOPEN on a connected socket is EINVAL.
    TcpFsmScriptResult r = RunScript(
        "`../common/defaults.sh`\n"
        "`sysctl -q net.ipv4.tcp_fastopen=0`\n"
        "0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n"
        "+0 setsockopt(3, SOL_TCP, TCP_FASTOPEN_CONNECT, [1], 4) = -1 EOPNOTSUPP (x)\n"
        "+0 `sysctl -q net.ipv4.tcp_fastopen=1`\n"
        "+0 setsockopt(3, SOL_TCP, TCP_FASTOPEN_CONNECT, [1], 4) = 0\n"
        "+0 setsockopt(3, SOL_TCP, TCP_FASTOPEN_CONNECT, [2], 4) = -1 EINVAL (x)\n"
        "+0 setsockopt(3, SOL_TCP, TCP_FASTOPEN_KEY, \"\\x01\\x02\", 2) = -1 EINVAL (x)\n"
        "+0 setsockopt(3, SOL_TCP, TCP_FASTOPEN_KEY, "
        "\"\\xf7\\x63\\xbf\\xa0\\x81\\x3d\\x80\\xed\\x30\\x1d\\x64\\xcd\\x90\\x4a\\xbc\\xce\", 16) "
        "= 0\n"
        "+0 fcntl(3, F_SETFL, O_RDWR|O_NONBLOCK) = 0\n"
        "+0 connect(3, ..., ...) = -1 EINPROGRESS (x)\n"
        "+0 > S 0:0(0) <mss 1460,sackOK,TS val 100 ecr 0,nop,wscale 8,FO,nop,nop>\n"
        "+0 setsockopt(3, SOL_TCP, TCP_FASTOPEN, [5], 4) = -1 EINVAL (x)\n",
        TcpFsmScriptStack::FSM,
        "linux");
    EXPECT_EQ(r.status, Status::PASS) << r.message;
}

TEST(ScriptFastOpen, NonBlockingSendtoReturnsWhatTheSynCarries)
{
    // No cookie: the SYN asks for one and sendto() is EINPROGRESS; with the cookie cached, a
    // new socket's SYN carries the data (the cached MSS less 40 bytes of options) and sendto()
    // returns that many bytes; a second sendto() while the SYN is out is EALREADY.
    TcpFsmScriptResult r = RunScript(
        "`../common/defaults.sh`\n"
        "`sysctl -q net.ipv4.tcp_fastopen=1 net.ipv4.tcp_timestamps=0`\n"
        "0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n"
        "+0 fcntl(3, F_SETFL, O_RDWR|O_NONBLOCK) = 0\n"
        "+0 sendto(3, ..., 100, MSG_FASTOPEN, ..., ...) = -1 EINPROGRESS (x)\n"
        "+0 > S 0:0(0) <mss 1460,nop,nop,sackOK,nop,wscale 8,FO,nop,nop>\n"
        "+.01 < S. 777:777(0) ack 1 win 5000 <mss 1000,FO 0102030405060708,nop,nop>\n"
        "+0 > . 1:1(0) ack 1\n"
        "+.01 socket(..., SOCK_STREAM, IPPROTO_TCP) = 4\n"
        "+0 fcntl(4, F_SETFL, O_RDWR|O_NONBLOCK) = 0\n"
        "+0 sendto(4, ..., 3000, MSG_FASTOPEN, ..., ...) = 960\n"
        "+0 > S 0:960(960) <mss 1460,nop,nop,sackOK,nop,wscale 8,FO 0102030405060708,nop,nop>\n"
        "+0 sendto(4, ..., 10, MSG_FASTOPEN, ..., ...) = -1 EALREADY (x)\n"
        "+0 write(4, ..., 10) = -1 EAGAIN (x)\n"
        "+.01 < S. 5:5(0) ack 961 win 5000 <mss 1000>\n"
        "+0 > . 961:961(0) ack 1\n"
        "+0 %{ assert (tcpi_options & TCPI_OPT_SYN_DATA) != 0 }%\n",
        TcpFsmScriptStack::FSM,
        "linux");
    EXPECT_EQ(r.status, Status::PASS) << r.message;
}
