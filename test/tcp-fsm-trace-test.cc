/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Trace files: the CSV formats (written as documented, read back strictly),
 * TcpFsmTraceHelper's transition, state-count and segment files against what
 * the L4 traces reported, flushing (Simulator::Destroy, helper destruction,
 * SIGINT/SIGTERM, whole rows only), and pcap of the same devices.
 */
#include "tcp-fsm-trace-scenario.h"

#include "ns3/tcp-fsm-trace-csv.h"
#include "ns3/tcp-fsm-trace-helper.h"
#include "ns3/tcp-fsm-trace-writer.h"
#include "ns3/tcp-header.h"

#include <csignal>
#include <fstream>
#include <gtest/gtest.h>
#include <sstream>

using namespace ns3;
using namespace ns3::test;

namespace
{

TcpFsmTransitionRecord
SegmentRecord()
{
    TcpFsmTransitionRecord r;
    r.time = NanoSeconds(1010074001);
    r.nodeId = 1;
    r.socketId = 2;
    r.local = InetSocketAddress(Ipv4Address("10.1.1.2"), 80);
    r.peer = InetSocketAddress(Ipv4Address("10.1.1.1"), 49153);
    r.from = TcpSocket::LISTEN;
    r.to = TcpSocket::SYN_RCVD;
    r.cause = TcpFsmEvent::RCV_SYN;
    r.hasSegment = true;
    r.flags = TcpHeader::SYN | TcpHeader::ACK;
    r.seq = 4294967295u;
    r.ack = 7;
    return r;
}

void
WriteText(const std::string& path, const std::string& text)
{
    std::ofstream out(path, std::ios::binary);
    out << text;
}

std::string
ReadText(const std::string& path)
{
    std::ifstream in(path, std::ios::binary);
    std::ostringstream os;
    os << in.rdbuf();
    return os.str();
}

/// The column of a header.
std::size_t
Column(const std::string& header, const std::string& name)
{
    std::istringstream is(header);
    std::string field;
    for (std::size_t i = 0; std::getline(is, field, ','); ++i)
    {
        if (field == name)
        {
            return i;
        }
    }
    return SIZE_MAX;
}

std::vector<std::string>
Fields(const std::string& line)
{
    std::vector<std::string> f;
    std::istringstream is(line);
    std::string field;
    while (std::getline(is, field, ','))
    {
        f.push_back(field);
    }
    return f;
}

} // namespace

// ---- the formats ------------------------------------------------------------------------

TEST(TcpFsmTraceCsv, TransitionRowIsWrittenAsDocumented)
{
    EXPECT_STREQ(TcpFsmTraceCsv::TransitionHeader(),
                 "time,node,socket,local,peer,from,to,cause,flags,seq,ack");
    EXPECT_EQ(TcpFsmTraceCsv::FormatTransition(SegmentRecord()),
              "1.010074001,1,2,10.1.1.2:80,10.1.1.1:49153,LISTEN,SYN_RCVD,rcv_syn,SYN|ACK,"
              "4294967295,7");
    TcpFsmTransitionRecord app;
    app.time = Seconds(241);
    app.nodeId = 0;
    app.socketId = 1;
    app.local = Inet6SocketAddress(Ipv6Address("2001:db8::1"), 8080);
    app.from = TcpSocket::TIME_WAIT;
    app.to = TcpSocket::CLOSED;
    app.cause = TcpFsmEvent::TIMEOUT_2MSL;
    EXPECT_EQ(TcpFsmTraceCsv::FormatTransition(app),
              "241.000000000,0,1,[2001:db8::1]:8080,,TIME_WAIT,CLOSED,timeout_2msl,,,");
}

TEST(TcpFsmTraceCsv, TransitionRowsReadBackAsWritten)
{
    TcpFsmTransitionRecord r = SegmentRecord();
    r.local = Inet6SocketAddress(Ipv6Address("fe80::1"), 1);
    TcpFsmTransitionRecord back;
    std::string error;
    ASSERT_TRUE(TcpFsmTraceCsv::ParseTransition(TcpFsmTraceCsv::FormatTransition(r), back, error))
        << error;
    EXPECT_EQ(TcpFsmTraceCsv::FormatTransition(back), TcpFsmTraceCsv::FormatTransition(r));
    EXPECT_EQ(back.time, r.time);
    EXPECT_EQ(back.flags, r.flags);
    EXPECT_EQ(back.seq, r.seq);
    EXPECT_TRUE(back.hasSegment);
    EXPECT_EQ(back.cause, TcpFsmEvent::RCV_SYN);
}

TEST(TcpFsmTraceCsv, MalformedLinesAreRefusedWithFileAndLine)
{
    TempDir tmp;
    std::string header = std::string(TcpFsmTraceCsv::TransitionHeader()) + "\n";
    std::string good = TcpFsmTraceCsv::FormatTransition(SegmentRecord()) + "\n";
    struct Case
    {
        std::string text;
        std::string expect; ///< after "FILE:"
    };

    std::vector<Case> cases = {
        {header + good + "1.0,0,1,,,CLOSED,LISTEN\n", "3: 7 fields, expected 11"},
        {header + good + good + "1.0,0,1,,,CLOSED,NOWHERE,app_close,,,\n", "4: to 'NOWHERE'"},
        {header + "1.0,0,1,,,CLOSED,LISTEN,app_listen,,,\n", "2: cause 'app_listen'"},
        {header + "1.0000000001,0,1,,,CLOSED,LISTEN,app_passive_open,,,\n", "2: time"},
        {header + "1,0,1,10.1.1:80,,CLOSED,LISTEN,app_passive_open,,,\n", "2: local"},
        {header + "1,0,1,,,CLOSED,LISTEN,app_passive_open,SYN|FOO,1,2\n", "2: flags"},
        {header + "1,0,1,,,CLOSED,LISTEN,app_passive_open,SYN,,2\n", "2: flags, seq and ack"},
        {header + "1,0,1,,,CLOSED,LISTEN,app_passive_open,SYN,1,4294967296\n", "2: ack"},
        {header + good + "\n", "3: empty line"},
        {header + good + "1.0,0,1,,,CLOSED,LISTEN,app_passive_open,,,", "3: incomplete last line"},
        {"time,node\n" + good, "1: expected the header"},
        {"", "1: empty file"},
    };
    for (const Case& c : cases)
    {
        std::string path = tmp.File("bad.csv");
        WriteText(path, c.text);
        std::vector<TcpFsmTransitionRecord> out;
        std::string error;
        EXPECT_FALSE(TcpFsmTraceCsv::ReadTransitions(path, out, error)) << c.text;
        EXPECT_EQ(error.rfind(path + ":" + c.expect, 0), 0u)
            << "expected '" << path << ":" << c.expect << "...', got '" << error << "'";
        EXPECT_TRUE(out.empty());
    }
    std::vector<TcpFsmTransitionRecord> out;
    std::string error;
    EXPECT_FALSE(TcpFsmTraceCsv::ReadTransitions(tmp.File("missing.csv"), out, error));
    EXPECT_NE(error.find("missing.csv: cannot open"), std::string::npos) << error;
}

TEST(TcpFsmTraceCsv, SegmentRowsReadBackAsWritten)
{
    TcpFsmSegmentRecord s;
    s.time = MicroSeconds(1500);
    s.nodeId = 3;
    s.socketId = 0;
    s.local = InetSocketAddress(Ipv4Address("10.0.0.1"), 5);
    s.peer = InetSocketAddress(Ipv4Address("10.0.0.2"), 6);
    s.sent = false;
    s.flags = TcpHeader::FIN | TcpHeader::PSH | TcpHeader::ACK;
    s.seq = 1;
    s.ack = 2;
    s.length = 168;
    s.window = 65535;
    std::string row = TcpFsmTraceCsv::FormatSegment(s);
    EXPECT_EQ(row, "0.001500000,3,0,10.0.0.1:5,10.0.0.2:6,rx,FIN|PSH|ACK,1,2,168,65535");
    TcpFsmSegmentRecord back;
    std::string error;
    ASSERT_TRUE(TcpFsmTraceCsv::ParseSegment(row, back, error)) << error;
    EXPECT_EQ(TcpFsmTraceCsv::FormatSegment(back), row);
    EXPECT_FALSE(TcpFsmTraceCsv::ParseSegment(
        "0.001500000,3,0,10.0.0.1:5,10.0.0.2:6,up,ACK,1,2,168,65535", back, error));
    EXPECT_NE(error.find("dir 'up'"), std::string::npos) << error;
}

// ---- the writer -------------------------------------------------------------------------

TEST(TcpFsmRowWriter, FileHoldsExactlyTheRowsWhateverTheirLengthAgainstTheBuffer)
{
    TempDir tmp;
    std::string path = tmp.File("rows.csv");
    std::string expected;
    {
        TcpFsmRowWriter w(16); // rows shorter than, as long as, and longer than the buffer
        std::string error;
        ASSERT_TRUE(w.Open(path, error)) << error;
        for (std::size_t n : {0, 1, 5, 14, 15, 16, 40, 3, 100, 7})
        {
            std::string row(n, static_cast<char>('a' + n % 26));
            w.WriteRow(row);
            expected += row + "\n";
            std::string now = ReadText(path);
            // Whatever reached the file so far is a prefix of whole rows.
            EXPECT_EQ(expected.compare(0, now.size(), now), 0);
            EXPECT_TRUE(now.empty() || now.back() == '\n');
        }
        EXPECT_EQ(w.GetRowCount(), 10u);
    }
    EXPECT_EQ(ReadText(path), expected);
}

TEST(TcpFsmRowWriter, AFileThatCannotBeCreatedIsReportedWithItsName)
{
    TcpFsmRowWriter w;
    std::string error;
    EXPECT_FALSE(w.Open("/nonexistent-dir/x.csv", error));
    EXPECT_NE(error.find("'/nonexistent-dir/x.csv'"), std::string::npos) << error;
    EXPECT_FALSE(w.IsOpen());
}

// ---- the helper in simulations ----------------------------------------------------------

TEST(TcpFsmTraceHelper, TransitionCsvHasTheHeaderAndOneRowPerTransitionChildrenIncluded)
{
    TempDir tmp;
    TraceScenario s;
    s.dir = tmp.Path();
    s.connections = 2;
    s.Run();
    auto lines = ReadLines(tmp.File("transitions.csv"));
    ASSERT_EQ(lines.size(), s.log.size() + 1);
    EXPECT_EQ(lines[0], TcpFsmTraceCsv::TransitionHeader());
    for (std::size_t i = 0; i < s.log.size(); ++i)
    {
        EXPECT_EQ(lines[i + 1], TcpFsmTraceCsv::FormatTransition(s.log[i])) << "row " << i + 1;
    }
    // The listener (node 1, socket 1) and both children (2, 3) have rows of their own.
    int childRows = 0;
    bool listenerOpened = false;
    for (const auto& r : s.log)
    {
        childRows += r.nodeId == 1 && r.socketId >= 2 && r.from == TcpSocket::LISTEN
                     && r.to == TcpSocket::SYN_RCVD;
        listenerOpened |= r.nodeId == 1 && r.socketId == 1 && r.to == TcpSocket::LISTEN;
    }
    EXPECT_EQ(childRows, 2);
    EXPECT_TRUE(listenerOpened);
    // 2 clients x 6, 2 children x 5, listener x 2
    EXPECT_EQ(s.log.size(), 24u);
}

TEST(TcpFsmTraceHelper, StateCountsShowTheClientsTimeWaitAsOneThenZero)
{
    TempDir tmp;
    TraceScenario s;
    s.dir = tmp.Path();
    s.countInterval = Seconds(1);
    s.countOnChange = false;
    s.Run();
    Time enter = Time::Max();
    Time leave = Time::Max();
    for (const auto& r : s.log)
    {
        if (r.nodeId == 0 && r.to == TcpSocket::TIME_WAIT)
        {
            enter = r.time;
        }
        if (r.nodeId == 0 && r.from == TcpSocket::TIME_WAIT && r.to == TcpSocket::CLOSED)
        {
            leave = r.time;
        }
    }
    ASSERT_LT(enter, leave);
    ASSERT_LT(leave, Time::Max());
    EXPECT_EQ(leave - enter, Seconds(10)); // 2 * Msl
    auto lines = ReadLines(tmp.File("state-counts.csv"));
    ASSERT_GT(lines.size(), 2u);
    EXPECT_EQ(lines[0], TcpFsmTraceHelper::StateCountHeader());
    EXPECT_EQ(lines[0],
              "time,node,CLOSED,LISTEN,SYN_RCVD,SYN_SENT,ESTABLISHED,FIN_WAIT_1,FIN_WAIT_2,"
              "CLOSING,TIME_WAIT,CLOSE_WAIT,LAST_ACK");
    std::size_t tw = Column(lines[0], "TIME_WAIT");
    int during = 0;
    int after = 0;
    Time last;
    for (std::size_t i = 1; i < lines.size(); ++i)
    {
        auto f = Fields(lines[i]);
        ASSERT_EQ(f.size(), 13u) << lines[i];
        Time t;
        ASSERT_TRUE(TcpFsmTraceCsv::ParseTime(f[0], t));
        last = t;
        if (f[1] != "0")
        {
            continue;
        }
        int count = std::stoi(f[tw]);
        if (t > enter && t < leave)
        {
            EXPECT_EQ(count, 1) << lines[i];
            ++during;
        }
        else
        {
            EXPECT_EQ(count, 0) << lines[i];
            after += t >= leave;
        }
    }
    EXPECT_GE(during, 9); // rows every second during the 10 s of TIME_WAIT
    EXPECT_GE(after, 1);
    // Sampling stops with the simulation: nothing after the last event's second.
    EXPECT_LE(last, leave + Seconds(1));
}

TEST(TcpFsmTraceHelper, StateCountsOnChangeWriteOneRowPerChangingTransition)
{
    TempDir tmp;
    TraceScenario s;
    s.dir = tmp.Path();
    s.countInterval = Seconds(0);
    s.countOnChange = true;
    s.Run();
    auto lines = ReadLines(tmp.File("state-counts.csv"));
    // No self-loop in this run: every transition changes its node's counts.
    ASSERT_EQ(lines.size(), s.log.size() + 1);
    std::size_t established = Column(lines[0], "ESTABLISHED");
    std::size_t closeWait = Column(lines[0], "CLOSE_WAIT");
    for (std::size_t i = 0; i < s.log.size(); ++i)
    {
        auto f = Fields(lines[i + 1]);
        EXPECT_EQ(f[0], TcpFsmTraceCsv::FormatTime(s.log[i].time));
        EXPECT_EQ(f[1], std::to_string(s.log[i].nodeId));
        if (s.log[i].nodeId == 1 && s.log[i].to == TcpSocket::CLOSE_WAIT)
        {
            EXPECT_EQ(f[closeWait], "1");
            EXPECT_EQ(f[established], "0");
        }
    }
    for (std::size_t c = 2; c < 13; ++c) // the end: every socket closed
    {
        EXPECT_EQ(Fields(lines.back())[c], "0") << lines.back();
    }
}

TEST(TcpFsmTraceHelper, SegmentCsvHasOneRowPerSegmentRecord)
{
    TempDir tmp;
    TraceScenario s;
    s.dir = tmp.Path();
    s.loss = 0.05;
    s.bytes = 20000;
    s.Run();
    auto lines = ReadLines(tmp.File("segments.csv"));
    ASSERT_EQ(lines.size(), s.segments.size() + 1);
    EXPECT_EQ(lines[0], TcpFsmTraceCsv::SegmentHeader());
    for (std::size_t i = 0; i < s.segments.size(); ++i)
    {
        EXPECT_EQ(lines[i + 1], TcpFsmTraceCsv::FormatSegment(s.segments[i]));
    }
    std::vector<TcpFsmSegmentRecord> back;
    std::string error;
    ASSERT_TRUE(TcpFsmTraceCsv::ReadSegments(tmp.File("segments.csv"), back, error)) << error;
    EXPECT_EQ(back.size(), s.segments.size());
}

TEST(TcpFsmTraceHelper, SimulatorDestroyCompletesTheFilesWhileTheHelperLives)
{
    TempDir tmp;
    std::vector<TcpFsmTransitionRecord> log;
    NodeContainer nodes;
    nodes.Create(2);
    PointToPointHelper p2p;
    NetDeviceContainer devs = p2p.Install(nodes);
    TcpFsmHelper().Install(nodes);
    Ipv4AddressHelper("10.3.3.0", "255.255.255.0").Assign(devs);
    TcpFsmTraceHelper trace;
    trace.EnableTransitionsAll(tmp.File("t.csv"));
    Ptr<Socket> listener = Socket::CreateSocket(nodes.Get(1), TcpSocketFactory::GetTypeId());
    listener->Bind(InetSocketAddress(Ipv4Address::GetAny(), 9));
    listener->Listen();
    Simulator::Schedule(Seconds(1),
                        [listener]()
                        {
                            listener->Close();
                        });
    Simulator::Run();
    EXPECT_EQ(ReadLines(tmp.File("t.csv")).size(), 0u) << "rows are buffered until a flush";
    listener = nullptr;
    Simulator::Destroy();
    auto lines = ReadLines(tmp.File("t.csv"));
    ASSERT_EQ(lines.size(), 3u);
    EXPECT_NE(lines[1].find("CLOSED,LISTEN,app_passive_open"), std::string::npos);
    EXPECT_NE(lines[2].find("LISTEN,CLOSED,app_close"), std::string::npos);
}

TEST(TcpFsmTraceHelper, DestroyingTheHelperFlushesAndTheSinksGoOnWriting)
{
    TempDir tmp;
    NodeContainer nodes;
    nodes.Create(2);
    PointToPointHelper p2p;
    NetDeviceContainer devs = p2p.Install(nodes);
    TcpFsmHelper().Install(nodes);
    Ipv4AddressHelper("10.4.4.0", "255.255.255.0").Assign(devs);
    Ptr<Socket> listener = Socket::CreateSocket(nodes.Get(1), TcpSocketFactory::GetTypeId());
    listener->Bind(InetSocketAddress(Ipv4Address::GetAny(), 9));
    {
        TcpFsmTraceHelper trace;
        trace.EnableTransitions(tmp.File("t.csv"), nodes);
        listener->Listen();
    } // the helper is gone: its rows are in the file
    EXPECT_EQ(ReadLines(tmp.File("t.csv")).size(), 2u);
    Simulator::Schedule(Seconds(1),
                        [listener]()
                        {
                            listener->Close();
                        });
    Simulator::Run();
    listener = nullptr;
    Simulator::Destroy();
    EXPECT_EQ(ReadLines(tmp.File("t.csv")).size(), 3u);
}

class TcpFsmTraceSignal : public ::testing::TestWithParam<int>
{};

TEST_P(TcpFsmTraceSignal, FlushesWholeRowsAndDiesOfTheSignal)
{
    const int sig = GetParam();
    TempDir tmp;
    // What the files hold when the run is complete (same seed, same run).
    TraceScenario full;
    full.dir = tmp.Path();
    full.connections = 2;
    full.Run();
    auto fullLines = ReadLines(tmp.File("transitions.csv"));
    std::vector<std::string> expected;
    for (std::size_t i = 0; i < fullLines.size(); ++i)
    {
        Time t;
        if (i == 0 || (TcpFsmTraceCsv::ParseTime(Fields(fullLines[i])[0], t) && t < Seconds(3)))
        {
            expected.push_back(fullLines[i]);
        }
    }
    ASSERT_GT(expected.size(), 10u);
    ASSERT_LT(expected.size(), fullLines.size()); // the TIME_WAIT expiries come later

    TempDir cut;
    EXPECT_EXIT(
        {
            TraceScenario s;
            s.dir = cut.Path();
            s.connections = 2;
            s.duringRunAt = Seconds(3);
            s.duringRun = [sig]()
            {
                std::raise(sig);
            };
            s.Run();
            std::exit(0);
        },
        ::testing::KilledBySignal(sig),
        "");
    // Nothing reached the files before the signal (buffers are 64 KiB): the handler wrote it.
    EXPECT_EQ(ReadLines(cut.File("transitions.csv")), expected);
    for (const char* name : {"transitions.csv", "state-counts.csv", "segments.csv"})
    {
        std::string text = ReadText(cut.File(name));
        ASSERT_FALSE(text.empty()) << name;
        EXPECT_EQ(text.back(), '\n') << name << " ends with half a row";
    }
}

INSTANTIATE_TEST_SUITE_P(Signals,
                         TcpFsmTraceSignal,
                         ::testing::Values(SIGINT, SIGTERM),
                         [](const ::testing::TestParamInfo<int>& info)
                         {
                             return std::string(info.param == SIGINT ? "SIGINT" : "SIGTERM");
                         });

TEST(TcpFsmTraceHelper, ANodeWithoutTcpFsmIsRefusedWithAMessage)
{
    EXPECT_DEATH(
        {
            NodeContainer nodes;
            nodes.Create(1);
            InternetStackHelper().Install(nodes);
            TcpFsmTraceHelper trace;
            trace.EnableTransitions("/dev/null", nodes);
        },
        "node 0 does not run tcp-fsm");
}

TEST(TcpFsmTraceHelper, PcapOfTheModelsSegmentsDecodesAsTcpInTshark)
{
    TempDir tmp;
    TraceScenario s;
    s.pcapPrefix = tmp.File("fsm");
    s.Run();
    std::string pcap = tmp.File("fsm-0-0.pcap"); // node 0, device 0 (the loopback comes later)
    std::string text = ReadText(pcap);
    ASSERT_GT(text.size(), 24u) << pcap << " is missing or has no packet";
    if (!HaveProgram("tshark"))
    {
        GTEST_SKIP() << "tshark is not installed: the pcap was written but not decoded";
    }
    std::string out = tmp.File("flags.txt");
    ASSERT_EQ(
        Shell("tshark -r '" + pcap + "' -Y tcp -T fields -e tcp.flags > '" + out + "' 2>/dev/null"),
        0);
    std::string flags = ReadText(out);
    // tcp.flags is a 16-bit field, printed as 0x0002 (older tsharks: 0x00000002)
    auto has = [&flags](const std::string& v)
    {
        return flags.find("0x" + v + "\n") != std::string::npos
               || flags.find("0x0000" + v + "\n") != std::string::npos;
    };
    EXPECT_TRUE(has("0002")) << "no SYN in\n" << flags;
    EXPECT_TRUE(has("0012")) << "no SYN+ACK in\n" << flags;
    EXPECT_TRUE(has("0011")) << "no FIN+ACK in\n" << flags;
}

TEST(TcpFsmTraceHelper, StateCountsDropAListenersChildResetBackToListen)
{
    // SYN_RCVD --rcv_rst--> LISTEN discards a listener's child (RETURN_TO_LISTEN): it must
    // leave the counts, not stay in LISTEN beside its listener.
    TempDir tmp;
    NodeContainer nodes;
    nodes.Create(1);
    TcpFsmHelper().Install(nodes);
    Ptr<TcpFsmL4Protocol> l4 = TcpFsmHelper::GetL4(nodes.Get(0));
    std::string file = tmp.File("state-counts.csv");
    {
        TcpFsmTraceHelper trace;
        trace.EnableStateCounts(file, nodes, Seconds(0), true);
        auto record
            = [&l4, &nodes](uint64_t socket, TcpFsmState from, TcpFsmState to, TcpFsmEvent e)
        {
            TcpFsmTransitionRecord r;
            r.nodeId = nodes.Get(0)->GetId();
            r.socketId = socket;
            r.from = from;
            r.to = to;
            r.cause = e;
            l4->NotifyTransition(r);
        };
        record(1, TcpSocket::CLOSED, TcpSocket::LISTEN, TcpFsmEvent::APP_PASSIVE_OPEN);
        record(2, TcpSocket::LISTEN, TcpSocket::SYN_RCVD, TcpFsmEvent::RCV_SYN);
        record(2, TcpSocket::SYN_RCVD, TcpSocket::LISTEN, TcpFsmEvent::RCV_RST);
        trace.Flush();
    }
    auto lines = ReadLines(file);
    ASSERT_EQ(lines.size(), 4u);
    std::size_t listen = Column(lines[0], "LISTEN");
    std::size_t synRcvd = Column(lines[0], "SYN_RCVD");
    EXPECT_EQ(Fields(lines[2])[listen], "1");
    EXPECT_EQ(Fields(lines[2])[synRcvd], "1");
    EXPECT_EQ(Fields(lines[3])[listen], "1") << "the discarded child still counted in LISTEN";
    EXPECT_EQ(Fields(lines[3])[synRcvd], "0");
    Simulator::Destroy();
}
