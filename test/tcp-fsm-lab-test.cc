/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * tcp-fsm-lab's helpers: the metrics of the summary (from hand-made records and from a short
 * simulation), summary.json, the output directory, the graph's per-visit numbers, the facts
 * of a run and --fastopen's time to first byte. The drops (--drop, the dropper, its
 * ErrorModel) are tested in tcp-fsm-lab-drop-test.cc.
 */
#include "tcp-fsm-lab-fixture.h"

#include "ns3/core-module.h"
#include "ns3/internet-module.h"
#include "ns3/network-module.h"
#include "ns3/ppp-header.h"
#include "ns3/tcp-fsm-drop-spec.h"
#include "ns3/tcp-fsm-lab-facts.h"
#include "ns3/tcp-fsm-lab-output.h"
#include "ns3/tcp-fsm-lab-scenario.h"
#include "ns3/tcp-fsm-lab-summary.h"
#include "ns3/tcp-fsm-transition-graph.h"

#include <filesystem>
#include <fstream>
#include <gtest/gtest.h>
#include <regex>
#include <sstream>

using namespace ns3;
using namespace ns3::labtest;

namespace
{

// ---- the summary ------------------------------------------------------------------------------

TEST(LabSummary, QuantilesUseTheMiddleMeanAndTheNearestRank)
{
    auto q = TcpFsmLabSummary::Quantiles({});
    EXPECT_FALSE(q[0] || q[1] || q[2] || q[3]);
    q = TcpFsmLabSummary::Quantiles({3, 1, 2});
    EXPECT_EQ(q[0], 1);
    EXPECT_EQ(q[1], 2);
    EXPECT_EQ(q[2], 3);
    EXPECT_EQ(q[3], 3);
    q = TcpFsmLabSummary::Quantiles({4, 1, 3, 2});
    EXPECT_EQ(q[1], 2.5);
    std::vector<double> hundred;
    for (int i = 100; i >= 1; --i)
    {
        hundred.push_back(i);
    }
    q = TcpFsmLabSummary::Quantiles(hundred);
    EXPECT_EQ(q[2], 95);
    EXPECT_EQ(q[1], 50.5);
    q = TcpFsmLabSummary::Quantiles({7});
    EXPECT_EQ(q[0], 7);
    EXPECT_EQ(q[2], 7);
}

TEST(LabSummary, MetricKeysAreTheContractsInOrder)
{
    const std::vector<std::string> want = {"connections_attempted",
                                           "connections_established",
                                           "connections_completed",
                                           "connections_failed",
                                           "failed_refused",
                                           "failed_reset",
                                           "failed_timed_out",
                                           "failed_aborted",
                                           "bytes_sent",
                                           "bytes_received",
                                           "setup_time_min_s",
                                           "setup_time_median_s",
                                           "setup_time_p95_s",
                                           "setup_time_max_s",
                                           "teardown_time_min_s",
                                           "teardown_time_median_s",
                                           "teardown_time_p95_s",
                                           "teardown_time_max_s",
                                           "ttfb_min_s",
                                           "ttfb_median_s",
                                           "ttfb_p95_s",
                                           "ttfb_max_s",
                                           "time_wait_mean_s",
                                           "retx_syn",
                                           "retx_synack",
                                           "retx_fin",
                                           "retx_data",
                                           "peak_CLOSED",
                                           "peak_LISTEN",
                                           "peak_SYN_RCVD",
                                           "peak_SYN_SENT",
                                           "peak_ESTABLISHED",
                                           "peak_FIN_WAIT_1",
                                           "peak_FIN_WAIT_2",
                                           "peak_CLOSING",
                                           "peak_TIME_WAIT",
                                           "peak_CLOSE_WAIT",
                                           "peak_LAST_ACK",
                                           "anomalies",
                                           "sim_s",
                                           "wall_s"};
    EXPECT_EQ(TcpFsmLabSummary::MetricKeys(), want);
    TcpFsmLabSummary s;
    TcpFsmLabMetrics m = s.Compute({}, 0, 0, 1.5, 0.25);
    ASSERT_EQ(m.size(), want.size());
    for (std::size_t i = 0; i < m.size(); ++i)
    {
        EXPECT_EQ(m[i].key, want[i]);
    }
}

TEST(LabSummary, JsonIsOneFlatObjectWithNullsIntegersAndParameters)
{
    TcpFsmLabMetrics m = {{"connections_attempted", 3.0, true},
                          {"setup_time_min_s", std::nullopt, false},
                          {"sim_s", 61.25, false},
                          {"wall_s", 0.000125, false}};
    std::ostringstream os;
    TcpFsmLabSummary::WriteJson(os, m, {{"loss", "0.1"}, {"drop", "a\"b\\c"}}, 1, 7);
    EXPECT_EQ(os.str(),
              "{\n"
              "  \"connections_attempted\": 3,\n"
              "  \"setup_time_min_s\": null,\n"
              "  \"sim_s\": 61.25,\n"
              "  \"wall_s\": 0.000125,\n"
              "  \"parameters\": {\n"
              "    \"loss\": \"0.1\",\n"
              "    \"drop\": \"a\\\"b\\\\c\"\n"
              "  },\n"
              "  \"seed\": 1,\n"
              "  \"run\": 7\n"
              "}\n");
    EXPECT_EQ(TcpFsmLabSummary::JsonString("x\n\x01"), "\"x\\n\\u0001\"");
}

TcpFsmTransitionRecord
Transition(double t,
           uint32_t node,
           uint64_t socket,
           TcpFsmState from,
           TcpFsmState to,
           TcpFsmEvent cause,
           bool client)
{
    TcpFsmTransitionRecord r;
    r.time = Seconds(t);
    r.nodeId = node;
    r.socketId = socket;
    InetSocketAddress c(kClient, 49152);
    InetSocketAddress s(kServer, 80);
    r.local = client ? Address(c) : Address(s);
    r.peer = client ? Address(s) : Address(c);
    r.from = from;
    r.to = to;
    r.cause = cause;
    return r;
}

TcpFsmSegmentRecord
Sent(double t, uint32_t node, uint64_t socket, uint8_t flags, uint32_t seq, uint32_t len)
{
    TcpFsmSegmentRecord r;
    r.time = Seconds(t);
    r.nodeId = node;
    r.socketId = socket;
    r.sent = true;
    r.flags = flags;
    r.seq = seq;
    r.length = len;
    return r;
}

TEST(LabSummary, MetricsFromRecordsOfOneConnection)
{
    using S = TcpSocket;
    using E = TcpFsmEvent;
    TcpFsmLabSummary sum;
    // A listener, the client and the server's connection, closed normally by the client.
    sum.AddTransition(Transition(0.5, 1, 1, S::CLOSED, S::LISTEN, E::APP_PASSIVE_OPEN, false));
    sum.AddTransition(Transition(1.0, 0, 1, S::CLOSED, S::SYN_SENT, E::APP_ACTIVE_OPEN, true));
    sum.AddSegment(Sent(1.0, 0, 1, kSyn, 100, 0));
    sum.AddSegment(Sent(4.0, 0, 1, kSyn, 100, 0)); // retransmitted SYN
    sum.AddTransition(Transition(4.01, 1, 2, S::LISTEN, S::SYN_RCVD, E::RCV_SYN, false));
    sum.AddSegment(Sent(4.01, 1, 2, kSyn | kAck, 500, 0));
    sum.AddTransition(Transition(4.02, 0, 1, S::SYN_SENT, S::ESTABLISHED, E::RCV_SYN_ACK, true));
    sum.AddSegment(Sent(4.02, 0, 1, kAck, 101, 100));
    sum.AddSegment(Sent(4.02, 0, 1, kAck, 201, 100));
    sum.AddSegment(Sent(5.00, 0, 1, kAck, 101, 100)); // retransmitted data
    sum.AddTransition(
        Transition(4.03, 1, 2, S::SYN_RCVD, S::ESTABLISHED, E::RCV_ACK_OF_SYN, false));
    sum.AddTransition(Transition(5.0, 0, 1, S::ESTABLISHED, S::FIN_WAIT_1, E::APP_CLOSE, true));
    sum.AddSegment(Sent(5.0, 0, 1, kFin | kAck, 301, 0));
    sum.AddSegment(Sent(6.0, 0, 1, kFin | kAck, 301, 0)); // retransmitted FIN
    sum.AddTransition(Transition(6.01, 1, 2, S::ESTABLISHED, S::CLOSE_WAIT, E::RCV_FIN, false));
    sum.AddTransition(Transition(6.01, 1, 2, S::CLOSE_WAIT, S::LAST_ACK, E::APP_CLOSE, false));
    sum.AddSegment(Sent(6.01, 1, 2, kFin | kAck, 501, 0));
    sum.AddTransition(Transition(6.02, 0, 1, S::FIN_WAIT_1, S::TIME_WAIT, E::RCV_FIN_ACK, true));
    sum.AddTransition(Transition(6.03, 1, 2, S::LAST_ACK, S::CLOSED, E::RCV_ACK_OF_FIN, false));
    sum.AddTransition(Transition(66.02, 0, 1, S::TIME_WAIT, S::CLOSED, E::TIMEOUT_2MSL, true));

    TcpFsmLabConnection c;
    c.clientNode = 0;
    c.serverNode = 1;
    c.clientAddress = "10.1.1.1:49152";
    c.serverAddress = "10.1.1.2:80";
    c.clientSocketId = 1;
    c.started = true;
    c.connectAt = Seconds(1.0);
    c.established = true;
    c.establishedAt = Seconds(4.02);
    TcpFsmLabMetrics m = sum.Compute({c}, 200, 200, 66.02, 0.5);
    auto v = [&m](const char* key)
    {
        return TcpFsmLabSummary::Get(m, key);
    };
    EXPECT_EQ(v("connections_attempted"), 1);
    EXPECT_EQ(v("connections_established"), 1);
    EXPECT_EQ(v("connections_completed"), 1);
    EXPECT_EQ(v("connections_failed"), 0);
    EXPECT_NEAR(*v("setup_time_max_s"), 3.02, 1e-9);
    EXPECT_NEAR(*v("teardown_time_min_s"), 61.02, 1e-9); // first FIN 5.0 -> both CLOSED 66.02
    EXPECT_NEAR(*v("time_wait_mean_s"), 60.0, 1e-9);
    EXPECT_EQ(v("retx_syn"), 1);
    EXPECT_EQ(v("retx_synack"), 0);
    EXPECT_EQ(v("retx_fin"), 1);
    EXPECT_EQ(v("retx_data"), 1);
    EXPECT_EQ(v("peak_LISTEN"), 1);
    EXPECT_EQ(v("peak_ESTABLISHED"), 2);
    EXPECT_EQ(v("peak_TIME_WAIT"), 1);
    EXPECT_EQ(v("peak_CLOSED"), 0);
    EXPECT_EQ(v("anomalies"), 0);
    EXPECT_EQ(v("bytes_sent"), 200);
    EXPECT_EQ(v("sim_s"), 66.02);
}

TEST(LabSummary, EndReasonsPeaksAndAnomalies)
{
    using S = TcpSocket;
    using E = TcpFsmEvent;
    TcpFsmLabSummary sum;
    // Refused client (node 0 socket 1), timed-out client (socket 2), reset one (socket 3).
    sum.AddTransition(Transition(1, 0, 1, S::CLOSED, S::SYN_SENT, E::APP_ACTIVE_OPEN, true));
    sum.AddTransition(Transition(1, 0, 2, S::CLOSED, S::SYN_SENT, E::APP_ACTIVE_OPEN, true));
    sum.AddTransition(Transition(1, 0, 3, S::CLOSED, S::SYN_SENT, E::APP_ACTIVE_OPEN, true));
    sum.AddTransition(Transition(2, 0, 1, S::SYN_SENT, S::CLOSED, E::RCV_RST, true));
    sum.AddTransition(Transition(3, 0, 2, S::SYN_SENT, S::CLOSED, E::TIMEOUT_RETX, true));
    sum.AddTransition(Transition(3, 0, 3, S::SYN_SENT, S::ESTABLISHED, E::RCV_SYN_ACK, true));
    sum.AddTransition(Transition(4, 0, 3, S::ESTABLISHED, S::CLOSED, E::RCV_RST, true));
    // A server connection reset in SYN_RCVD goes back to LISTEN: it stops counting.
    sum.AddTransition(Transition(1, 1, 1, S::CLOSED, S::LISTEN, E::APP_PASSIVE_OPEN, false));
    sum.AddTransition(Transition(2, 1, 2, S::LISTEN, S::SYN_RCVD, E::RCV_SYN, false));
    sum.AddTransition(Transition(3, 1, 2, S::SYN_RCVD, S::LISTEN, E::RCV_RST, false));
    sum.AddTransition(Transition(4, 1, 3, S::LISTEN, S::SYN_RCVD, E::RCV_SYN, false));
    // An edge that is no row of the table.
    sum.AddTransition(Transition(5, 1, 3, S::SYN_RCVD, S::TIME_WAIT, E::RCV_FIN, false));
    std::vector<TcpFsmLabConnection> conns(4);
    for (uint64_t i = 0; i < 4; ++i)
    {
        conns[i].clientSocketId = i + 1;
        conns[i].started = true;
    }
    conns[3].appFailure = "local"; // Connect() failed at once: failed, without a reason
    conns[2].established = true;
    conns[2].establishedAt = Seconds(3);
    conns[2].connectAt = Seconds(1);
    TcpFsmLabMetrics m = sum.Compute(conns, 0, 0, 5, 0);
    auto v = [&m](const char* key)
    {
        return TcpFsmLabSummary::Get(m, key);
    };
    EXPECT_EQ(v("connections_attempted"), 4);
    EXPECT_EQ(v("connections_failed"), 4);
    EXPECT_EQ(v("failed_aborted"), 0);
    EXPECT_EQ(v("failed_refused"), 1);
    EXPECT_EQ(v("failed_timed_out"), 1);
    EXPECT_EQ(v("failed_reset"), 1);
    EXPECT_EQ(v("connections_completed"), 0);
    EXPECT_EQ(v("peak_SYN_SENT"), 3);
    EXPECT_EQ(v("peak_LISTEN"), 1) << "a child back in LISTEN is discarded, not counted";
    EXPECT_EQ(v("peak_SYN_RCVD"), 1);
    EXPECT_EQ(v("anomalies"), 1);
    EXPECT_FALSE(v("teardown_time_median_s"));
    EXPECT_FALSE(v("time_wait_mean_s")) << "no TIME_WAIT stay ended";
    EXPECT_EQ(v("setup_time_median_s"), 2);
}

TEST(LabSummary, PrintIsAlignedWithUnits)
{
    TcpFsmLabSummary sum;
    std::vector<TcpFsmLabConnection> none;
    TcpFsmLabMetrics m = sum.Compute(none, 1000, 500, 61.5, 0.0123);
    std::ostringstream os;
    TcpFsmLabSummary::Print(os, m, {{"segments dropped", "1 by --drop"}});
    const std::string text = os.str();
    EXPECT_NE(text.find("  application bytes   sent 1000 B, received 500 B\n"), std::string::npos)
        << text;
    EXPECT_NE(text.find("  setup time          min -"), std::string::npos) << text;
    EXPECT_NE(text.find("  segments dropped    1 by --drop\n"), std::string::npos) << text;
    EXPECT_NE(text.find("  duration            61.500 s simulated, 12.300 ms wall clock\n"),
              std::string::npos)
        << text;
    EXPECT_NE(text.find("    TIME_WAIT        0"), std::string::npos) << text;
    EXPECT_EQ(text.find(" \n"), std::string::npos) << "no trailing blanks:\n" << text;
}

// ---- the output directory ----------------------------------------------------------------------

TEST(LabOutputDir, IsReplacedWholeOnlyOnCommit)
{
    namespace fs = std::filesystem;
    std::string base = (fs::temp_directory_path() / "tcp-fsm-lab-test-XXXXXX").string();
    ASSERT_NE(mkdtemp(base.data()), nullptr);
    const std::string out = base + "/out";
    fs::create_directories(out);
    std::ofstream(out + "/old") << "old";
    {
        TcpFsmLabOutputDir dir(out + "/");
        std::string error;
        ASSERT_TRUE(dir.Create(error)) << error;
        EXPECT_EQ(dir.Out(), out);
        std::ofstream(dir.Path("new")) << "new";
        EXPECT_TRUE(fs::exists(out + "/old")) << "DIR is untouched until Commit()";
        ASSERT_TRUE(dir.Commit(error)) << error;
    }
    EXPECT_TRUE(fs::exists(out + "/new"));
    EXPECT_FALSE(fs::exists(out + "/old"));
    {
        TcpFsmLabOutputDir dir(out);
        std::string error;
        ASSERT_TRUE(dir.Create(error)) << error;
        std::ofstream(dir.Path("half")) << "half";
    } // not committed: the temporary goes, DIR stays
    EXPECT_TRUE(fs::exists(out + "/new"));
    EXPECT_FALSE(fs::exists(out + "/half"));
    std::size_t entries = 0;
    for (const auto& e : fs::directory_iterator(base))
    {
        ++entries;
        EXPECT_EQ(e.path().filename(), "out");
    }
    EXPECT_EQ(entries, 1U) << "a temporary directory was left behind";
    std::ofstream(base + "/file") << "x";
    TcpFsmLabOutputDir onFile(base + "/file");
    std::string error;
    EXPECT_FALSE(onFile.Create(error));
    EXPECT_EQ(error, base + "/file exists and is not a directory");
    fs::remove_all(base);
}

// ---- a short simulation -----------------------------------------------------------------------

TEST(LabScenario, TwoConnectionsWithALostSynAckOverP2p)
{
    RngSeedManager::SetSeed(1);
    RngSeedManager::SetRun(1);
    TcpFsmLabConfig config;
    config.connections = 2;
    config.bytes = 3000;
    config.drops = {{TcpFsmSegmentKind::SYN_ACK, 1, 1}};
    Config::SetDefault("ns3::TcpFsmSocket::Msl", StringValue("1s"));
    TcpFsmLabScenario scenario(config);
    TcpFsmLabSummary summary;
    std::vector<std::string> started;
    scenario.SetStartCallback(
        [&](const TcpFsmLabConnection& c)
        {
            started.push_back(c.clientAddress + " " + c.serverAddress);
            if (c.index == 0)
            {
                summary.SetLadderConnection(c.clientAddress, c.serverAddress);
            }
        });
    scenario.Build();
    summary.Attach(scenario.GetFsmNodes());
    Simulator::Run();
    const auto conns = scenario.GetConnections();
    TcpFsmLabMetrics m = summary.Compute(conns,
                                         scenario.GetBytesSent(),
                                         scenario.GetBytesReceived(),
                                         Simulator::Now().GetSeconds(),
                                         0);
    std::ostringstream ladder;
    std::string error;
    const bool drawn = summary.WriteLadder(ladder, error);
    scenario.Release();
    Simulator::Destroy();
    Config::Reset();

    EXPECT_EQ(
        started,
        (std::vector<std::string>{"10.1.1.1:49152 10.1.1.2:80", "10.1.1.1:49153 10.1.1.2:80"}));
    auto v = [&m](const char* key)
    {
        return TcpFsmLabSummary::Get(m, key);
    };
    EXPECT_EQ(v("connections_completed"), 2);
    // Both ends' timers are ConnTimeout (3 s): the client's retransmitted SYN reaches the
    // server's connection the instant its own timer resends the SYN+ACK, and it is answered
    // with another one.
    EXPECT_EQ(v("retx_syn"), 1);
    EXPECT_EQ(v("retx_synack"), 2);
    EXPECT_EQ(v("bytes_sent"), 6000);
    EXPECT_EQ(v("bytes_received"), 6000);
    EXPECT_EQ(scenario.GetTargetedDrops(), 1U);
    EXPECT_EQ(v("time_wait_mean_s"), 2);
    EXPECT_EQ(v("anomalies"), 0);
    ASSERT_EQ(conns.size(), 2U);
    EXPECT_TRUE(conns[0].established);
    EXPECT_GT(conns[0].establishedAt - conns[0].connectAt, Seconds(3));
    EXPECT_LT(conns[1].establishedAt - conns[1].connectAt, MilliSeconds(50));
    ASSERT_TRUE(drawn) << error;
    EXPECT_NE(ladder.str().find("<svg"), std::string::npos);
}

// ---- Graph numbers per visit, facts of a run ------------------------------------------------

/// Two sockets that each stay 60 s in TIME_WAIT and 10 ms and 30 ms in FIN_WAIT_1.
std::vector<TcpFsmTransitionRecord>
TwoTimeWaits()
{
    using S = TcpSocket;
    std::vector<TcpFsmTransitionRecord> out;
    auto add
        = [&out](double t, uint64_t socket, S::TcpStates_t from, S::TcpStates_t to, TcpFsmEvent e)
    {
        TcpFsmTransitionRecord r;
        r.time = Seconds(t);
        r.socketId = socket;
        r.from = from;
        r.to = to;
        r.cause = e;
        out.push_back(r);
    };
    for (uint64_t k : {1, 2})
    {
        double t0 = k * 1.0;
        add(t0, k, S::ESTABLISHED, S::FIN_WAIT_1, TcpFsmEvent::APP_CLOSE);
        add(t0 + 0.01 * (2 * k - 1), k, S::FIN_WAIT_1, S::TIME_WAIT, TcpFsmEvent::RCV_FIN_ACK);
        add(t0 + 0.01 * (2 * k - 1) + 60, k, S::TIME_WAIT, S::CLOSED, TcpFsmEvent::TIMEOUT_2MSL);
    }
    return out;
}

TEST(LabGraph, StatesShowTheTimeOfOneVisitNotTheTotal)
{
    TcpFsmTransitionGraph g;
    for (const auto& r : TwoTimeWaits())
    {
        g.Add(r);
    }
    EXPECT_EQ(g.GetState(TcpSocket::TIME_WAIT).stays, 2);
    EXPECT_EQ(g.GetState(TcpSocket::TIME_WAIT).minStayNs, 60000000000L);
    std::ostringstream dot;
    g.WriteDot(dot, false);
    EXPECT_NE(dot.str().find("TIME_WAIT\\nentered 2 times\\n60 s each"), std::string::npos)
        << dot.str();
    EXPECT_EQ(dot.str().find("120 s"), std::string::npos); // not the total of two visits
    EXPECT_NE(dot.str().find("20 ms per visit (10 ms to 30 ms)"), std::string::npos);
    EXPECT_NE(dot.str().find("Legend."), std::string::npos);
}

TEST(LabFacts, VisitsPointsAndQuestionsComeFromTheRecords)
{
    TcpFsmLabFacts facts(TwoTimeWaits(), {}, Seconds(30));
    auto visits = facts.Visits();
    ASSERT_EQ(visits.size(), 2U); // FIN_WAIT_1 and TIME_WAIT: stays that ended
    EXPECT_EQ(visits[1].state, TcpSocket::TIME_WAIT);
    EXPECT_EQ(visits[1].visits, 2);
    EXPECT_DOUBLE_EQ(visits[1].minS, 60);
    EXPECT_DOUBLE_EQ(visits[0].meanS, 0.02);
    auto points = facts.Points();
    ASSERT_EQ(points.size(), 9U);
    EXPECT_TRUE(points[6].shown);
    EXPECT_NE(points[6].evidence.find("60 s each (2 visit(s)) = 2 x MSL = 2 x 30 s"),
              std::string::npos)
        << points[6].evidence;
    EXPECT_NE(points[6].evidence.find("FIN_WAIT_1 -> TIME_WAIT directly"), std::string::npos);
    EXPECT_FALSE(points[7].shown); // no CLOSING
    for (const auto& q : facts.Questions("04-simultaneous-close"))
    {
        if (q.id == "sockets_through_TIME_WAIT")
        {
            EXPECT_EQ(q.value, "2");
        }
        if (q.id == "sockets_through_CLOSING")
        {
            EXPECT_EQ(q.value, "0");
        }
    }
    EXPECT_EQ(TcpFsmLabFacts::Duration(MilliSeconds(20)), "20 ms");
    EXPECT_EQ(TcpFsmLabFacts::Duration(Seconds(60)), "60 s");
}

} // namespace

// ---- --fastopen: time to first byte at the server -------------------------------------------

namespace
{

/// A frame put on a point-to-point link: its size and its TCP segment.
struct Frame
{
    Time at;
    uint32_t node{0};
    uint32_t bytes{0};
    uint8_t flags{0};
    uint32_t payload{0};
};

std::vector<Frame> g_frames;

void
RecordFrame(std::string context, Ptr<const Packet> packet)
{
    Ptr<Packet> p = packet->Copy();
    Frame f;
    f.at = Simulator::Now();
    f.node = static_cast<uint32_t>(std::stoul(context.substr(10))); // "/NodeList/N/..."
    f.bytes = packet->GetSize();
    PppHeader ppp;
    Ipv4Header ip;
    TcpHeader tcp;
    p->RemoveHeader(ppp);
    p->RemoveHeader(ip);
    p->RemoveHeader(tcp);
    f.flags = tcp.GetFlags();
    f.payload = p->GetSize();
    g_frames.push_back(f);
}

/// One p2p run of `connections` connections of 100 bytes; the frames and the connections.
std::vector<TcpFsmLabConnection>
RunTtfb(bool fastOpen, Time delay, DataRate rate)
{
    RngSeedManager::SetSeed(1);
    RngSeedManager::SetRun(1);
    g_frames.clear();
    TcpFsmLabConfig config;
    config.connections = 3;
    config.bytes = 100;
    config.loss = 0;
    config.delay = delay;
    config.rate = rate;
    config.fastOpen = fastOpen;
    Config::SetDefault("ns3::TcpFsmSocket::Msl", StringValue("1s"));
    TcpFsmLabScenario scenario(config);
    scenario.Build();
    Config::Connect("/NodeList/*/DeviceList/*/$ns3::PointToPointNetDevice/PhyTxBegin",
                    MakeCallback(&RecordFrame));
    Simulator::Run();
    std::vector<TcpFsmLabConnection> conns = scenario.GetConnections();
    scenario.Release();
    Simulator::Destroy();
    Config::Reset();
    return conns;
}

/// The first frame at or after t with the flags (and with a payload when asked).
Frame
FirstFrame(Time t, uint8_t flags, bool withPayload)
{
    for (const auto& f : g_frames)
    {
        if (f.at >= t && (f.flags & (TcpHeader::SYN | TcpHeader::ACK)) == flags
            && (f.payload > 0) == withPayload)
        {
            return f;
        }
    }
    ADD_FAILURE() << "no frame with flags " << int(flags) << " after " << t;
    return Frame();
}

} // namespace

TEST(LabScenario, FastOpenWithACookieSavesOneRoundTripToFirstByte)
{
    const Time delay = MilliSeconds(10);
    const DataRate rate("10Mbps");
    const auto plain = RunTtfb(false, delay, rate);
    // Serialization of the handshake's frames and of the first data frame (no Fast Open).
    const Time start1 = plain.at(1).connectAt;
    const Time syn = rate.CalculateBytesTxTime(FirstFrame(start1, TcpHeader::SYN, false).bytes);
    const Time synAck = rate.CalculateBytesTxTime(
        FirstFrame(start1, TcpHeader::SYN | TcpHeader::ACK, false).bytes);
    const Time data = rate.CalculateBytesTxTime(FirstFrame(start1, TcpHeader::ACK, true).bytes);

    const auto fast = RunTtfb(true, delay, rate);
    const Time synData
        = rate.CalculateBytesTxTime(FirstFrame(fast.at(1).connectAt, TcpHeader::SYN, true).bytes);
    // RFC 7413: with a cookie the request rides in the SYN, one round trip earlier: the saving
    // is 2 * delay plus the SYN's and SYN+ACK's serialization, less what the cookie option adds
    // to the data's frame.
    const double expected = (delay * 2 + syn + synAck + data - synData).GetSeconds();
    ASSERT_EQ(plain.size(), 3u);
    ASSERT_EQ(fast.size(), 3u);
    for (std::size_t k = 1; k < 3; ++k) // connection 0 asks for the cookie: no saving
    {
        ASSERT_TRUE(plain[k].serverFirstByte) << k;
        ASSERT_TRUE(fast[k].serverFirstByte) << k;
        const double without = (plain[k].serverFirstByteAt - plain[k].connectAt).GetSeconds();
        const double with = (fast[k].serverFirstByteAt - fast[k].connectAt).GetSeconds();
        EXPECT_NEAR(without - with, expected, 0.01 * expected) << "connection " << k;
    }
    // The first connection only gets its cookie: the same time to first byte as without.
    EXPECT_NEAR((fast[0].serverFirstByteAt - fast[0].connectAt).GetSeconds(),
                (plain[0].serverFirstByteAt - plain[0].connectAt).GetSeconds(),
                0.01 * expected);
}
