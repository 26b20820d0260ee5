/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The transition graph (Boost.Graph): the reference graph is the table; known
 * scenarios give exactly the expected edges; CSV -> graph equals the live
 * graph; GraphML round-trips; DOT renders; coverage and anomalies; paths;
 * and the ladder diagram.
 */
#include "tcp-fsm-trace-scenario.h"

#include "ns3/tcp-fsm-ladder.h"
#include "ns3/tcp-fsm-trace-csv.h"
#include "ns3/tcp-fsm-transition-graph.h"
#include "ns3/tcp-header.h"

#include <fstream>
#include <gtest/gtest.h>
#include <set>
#include <sstream>
#include <tuple>

using namespace ns3;
using namespace ns3::test;

namespace
{

using S = TcpSocket;
using E = TcpFsmEvent;
using Key = std::tuple<TcpFsmState, TcpFsmEvent, TcpFsmState>;

/// The 13 edges of one connection opened and closed normally, plus the listener's two.
const std::vector<Key>&
NormalRunEdges()
{
    static const std::vector<Key> edges = {
        {S::CLOSED, E::APP_ACTIVE_OPEN, S::SYN_SENT},
        {S::SYN_SENT, E::RCV_SYN_ACK, S::ESTABLISHED},
        {S::ESTABLISHED, E::APP_CLOSE, S::FIN_WAIT_1},
        {S::FIN_WAIT_1, E::RCV_ACK_OF_FIN, S::FIN_WAIT_2},
        {S::FIN_WAIT_2, E::RCV_FIN, S::TIME_WAIT},
        {S::TIME_WAIT, E::TIMEOUT_2MSL, S::CLOSED},
        {S::CLOSED, E::APP_PASSIVE_OPEN, S::LISTEN},
        {S::LISTEN, E::APP_CLOSE, S::CLOSED},
        {S::LISTEN, E::RCV_SYN, S::SYN_RCVD},
        {S::SYN_RCVD, E::RCV_ACK_OF_SYN, S::ESTABLISHED},
        {S::ESTABLISHED, E::RCV_FIN, S::CLOSE_WAIT},
        {S::CLOSE_WAIT, E::APP_CLOSE, S::LAST_ACK},
        {S::LAST_ACK, E::RCV_ACK_OF_FIN, S::CLOSED},
    };
    return edges;
}

Key
KeyOf(const TcpFsmGraphEdge& e)
{
    return Key(e.from, e.cause, e.to);
}

std::string
Describe(const Key& k)
{
    return std::string(TcpFsmStateName(std::get<0>(k))) + " --" + TcpFsmEventName(std::get<1>(k))
           + "--> " + TcpFsmStateName(std::get<2>(k));
}

void
ExpectSameGraph(const TcpFsmTransitionGraph& a, const TcpFsmTransitionGraph& b)
{
    auto ea = a.Edges();
    auto eb = b.Edges();
    ASSERT_EQ(ea.size(), eb.size());
    for (std::size_t i = 0; i < ea.size(); ++i)
    {
        EXPECT_TRUE(ea[i] == eb[i]) << Describe(KeyOf(ea[i])) << " x" << ea[i].count << " vs "
                                    << Describe(KeyOf(eb[i])) << " x" << eb[i].count;
    }
    for (std::size_t i = 0; i < kTcpFsmStateCount; ++i)
    {
        TcpFsmState s = TcpFsmStateAt(i);
        EXPECT_EQ(a.GetState(s).entered, b.GetState(s).entered) << TcpFsmStateName(s);
        EXPECT_EQ(a.GetState(s).timeSpentNs, b.GetState(s).timeSpentNs) << TcpFsmStateName(s);
    }
}

TcpFsmTransitionRecord
Record(double t, uint32_t node, uint64_t socket, TcpFsmState from, TcpFsmEvent e, TcpFsmState to)
{
    TcpFsmTransitionRecord r;
    r.time = Seconds(t);
    r.nodeId = node;
    r.socketId = socket;
    r.from = from;
    r.cause = e;
    r.to = to;
    return r;
}

std::string
Slurp(const std::string& path)
{
    std::ifstream in(path, std::ios::binary);
    std::ostringstream os;
    os << in.rdbuf();
    return os.str();
}

} // namespace

// ---- the graph on its own -----------------------------------------------------------------

TEST(TcpFsmTransitionGraph, StartsWithTheElevenStatesAndNoEdge)
{
    TcpFsmTransitionGraph g;
    EXPECT_EQ(boost::num_vertices(g.GetGraph()), 11u);
    EXPECT_EQ(boost::num_edges(g.GetGraph()), 0u);
    for (std::size_t i = 0; i < kTcpFsmStateCount; ++i)
    {
        EXPECT_EQ(g.GetState(TcpFsmStateAt(i)).state, TcpFsmStateAt(i));
    }
    EXPECT_EQ(g.Unreached().size(), 11u);
}

TEST(TcpFsmTransitionGraph, ReferenceHasExactlyOneEdgePerTableRow)
{
    TcpFsmTransitionGraph ref = TcpFsmTransitionGraph::Reference();
    const auto& rows = TcpFsmTransitionTable::Rows();
    EXPECT_EQ(boost::num_edges(ref.GetGraph()), rows.size());
    std::set<Key> keys;
    for (const auto& e : ref.Edges())
    {
        EXPECT_EQ(e.count, 0);
        EXPECT_NE(TcpFsmTransitionGraph::FindRow(e.from, e.cause, e.to), nullptr);
        keys.insert(KeyOf(e));
    }
    for (const auto& row : rows)
    {
        EXPECT_EQ(keys.count(Key(row.from, row.event, row.to)), 1u)
            << TcpFsmTransitionTable::Describe(row);
    }
    TcpFsmCoverage c = ref.Coverage();
    EXPECT_EQ(c.taken.size(), 0u);
    EXPECT_EQ(c.notTaken.size(), rows.size());
    EXPECT_EQ(c.referenceEdges, rows.size());
}

TEST(TcpFsmTransitionGraph, NormalPathsAreSixDiagramRowsEach)
{
    int client = 0;
    int server = 0;
    for (const auto& row : TcpFsmTransitionTable::Rows())
    {
        int path = TcpFsmTransitionGraph::NormalPath(row.from, row.event, row.to);
        if (path)
        {
            EXPECT_TRUE(row.inDiagram) << TcpFsmTransitionTable::Describe(row);
        }
        client += path == 1;
        server += path == 2;
    }
    EXPECT_EQ(client, 6);
    EXPECT_EQ(server, 6);
}

TEST(TcpFsmTransitionGraph, AnEdgeThatIsNoRowIsAnAnomalyDrawnRed)
{
    TcpFsmTransitionGraph g;
    g.Add(Record(1, 0, 1, S::CLOSED, E::APP_ACTIVE_OPEN, S::SYN_SENT));
    g.Add(Record(2, 0, 1, S::SYN_SENT, E::RCV_FIN, S::CLOSE_WAIT)); // not in the table
    TcpFsmCoverage c = g.Coverage();
    ASSERT_EQ(c.anomalies.size(), 1u);
    EXPECT_EQ(KeyOf(c.anomalies[0]), Key(S::SYN_SENT, E::RCV_FIN, S::CLOSE_WAIT));
    EXPECT_EQ(c.taken.size(), 1u);
    std::ostringstream dot;
    g.WriteDot(dot, false);
    EXPECT_NE(dot.str().find("rcv FIN \u00d71\\n(not in the table)\", color=\"red\""),
              std::string::npos)
        << dot.str();
    std::ostringstream cov;
    g.WriteCoverage(cov);
    EXPECT_NE(cov.str().find("anomalies (taken, not in the table): 1"), std::string::npos);
    EXPECT_NE(cov.str().find("SYN_SENT --rcv_fin--> CLOSE_WAIT"), std::string::npos);
}

TEST(TcpFsmTransitionGraph, DotLabelsTakenEdgesWithTheRowLabelAndCountAndUntakenRowsDashed)
{
    TcpFsmTransitionGraph g;
    for (int i = 0; i < 12; ++i)
    {
        g.Add(Record(1 + i, 0, i, S::FIN_WAIT_2, E::RCV_FIN, S::TIME_WAIT));
    }
    std::ostringstream taken;
    g.WriteDot(taken, false);
    EXPECT_NE(taken.str().find("label=\"rcv FIN / snd ACK \u00d712\", color=\"#1f5fbf\""),
              std::string::npos)
        << taken.str();
    EXPECT_EQ(taken.str().find("style=dashed"), std::string::npos);
    EXPECT_NE(taken.str().find("{rank=min; 0;}"), std::string::npos) << "CLOSED on top";
    EXPECT_NE(taken.str().find("{rank=max; 10;}"), std::string::npos) << "TIME_WAIT at the bottom";
    std::ostringstream all;
    g.WriteDot(all, true);
    // FIN_WAIT_1 --rcv_fin_ack--> TIME_WAIT, never taken, dashed grey with its label
    EXPECT_NE(all.str().find("7->10 [label=\"rcv FIN+ACK / snd ACK\", style=dashed"),
              std::string::npos)
        << all.str();
}

TEST(TcpFsmTransitionGraph, UnreachedStatesAreThoseNoTakenEdgeTouches)
{
    TcpFsmTransitionGraph g;
    g.Add(Record(1, 0, 1, S::CLOSED, E::APP_PASSIVE_OPEN, S::LISTEN));
    g.Add(Record(2, 0, 1, S::LISTEN, E::APP_CLOSE, S::CLOSED));
    auto unreached = g.Unreached();
    EXPECT_EQ(unreached.size(), 9u);
    EXPECT_EQ(std::count(unreached.begin(), unreached.end(), S::LISTEN), 0);
    EXPECT_EQ(std::count(unreached.begin(), unreached.end(), S::CLOSED), 0);
    EXPECT_EQ(g.GetState(S::LISTEN).timeSpentNs, 1000000000);
    EXPECT_EQ(g.GetState(S::LISTEN).entered, 1);
}

TEST(TcpFsmTransitionGraph, ShortestReferencePathsAreChainsOfRows)
{
    auto check = [](TcpFsmState from, TcpFsmState to, std::size_t length)
    {
        auto path = TcpFsmTransitionGraph::ShortestReferencePath(from, to);
        ASSERT_EQ(path.size(), length) << TcpFsmStateName(from) << " -> " << TcpFsmStateName(to);
        TcpFsmState at = from;
        for (const TcpFsmTransition* row : path)
        {
            ASSERT_NE(row, nullptr);
            EXPECT_EQ(row->from, at);
            at = row->to;
        }
        EXPECT_EQ(at, to);
    };
    check(S::CLOSED, S::TIME_WAIT, 4); // e.g. via FIN_WAIT_1 --rcv FIN+ACK--> TIME_WAIT
    check(S::CLOSED, S::CLOSING, 4);
    check(S::CLOSED, S::ESTABLISHED, 2);
    check(S::SYN_SENT, S::LISTEN, 2); // back to CLOSED, then passive open
    check(S::TIME_WAIT, S::CLOSED, 1);
    EXPECT_TRUE(TcpFsmTransitionGraph::ShortestReferencePath(S::CLOSED, S::CLOSED).empty());
}

TEST(TcpFsmTransitionGraph, MergeAddsCountsAndKeepsTheEarliestFirstAndLatestLast)
{
    std::vector<TcpFsmTransitionRecord> a = {
        Record(1, 0, 1, S::CLOSED, E::APP_ACTIVE_OPEN, S::SYN_SENT),
        Record(2, 0, 1, S::SYN_SENT, E::TIMEOUT_RETX, S::CLOSED),
    };
    std::vector<TcpFsmTransitionRecord> b = {
        Record(0.5, 1, 1, S::CLOSED, E::APP_ACTIVE_OPEN, S::SYN_SENT),
        Record(5, 1, 1, S::SYN_SENT, E::RCV_RST, S::CLOSED),
    };
    TcpFsmTransitionGraph ga;
    TcpFsmTransitionGraph gb;
    TcpFsmTransitionGraph both;
    for (const auto& r : a)
    {
        ga.Add(r);
        both.Add(r);
    }
    for (const auto& r : b)
    {
        gb.Add(r);
        both.Add(r);
    }
    ga.Merge(gb);
    ExpectSameGraph(ga, both);
    EXPECT_EQ(ga.GetCount(S::CLOSED, E::APP_ACTIVE_OPEN, S::SYN_SENT), 2);
    auto edges = ga.Edges();
    auto open = std::find_if(edges.begin(),
                             edges.end(),
                             [](const TcpFsmGraphEdge& e)
                             {
                                 return e.cause == E::APP_ACTIVE_OPEN;
                             });
    ASSERT_NE(open, edges.end());
    EXPECT_EQ(open->firstNs, 500000000);
    EXPECT_EQ(open->lastNs, 1000000000);
    EXPECT_EQ(ga.GetState(S::SYN_SENT).timeSpentNs, 1000000000L + 4500000000L);
    EXPECT_EQ(ga.Sockets().size(), 2u);
    EXPECT_EQ(ga.Path(1, 1), (std::vector<TcpFsmState>{S::CLOSED, S::SYN_SENT, S::CLOSED}));
}

TEST(TcpFsmTransitionGraph, GraphmlRoundTripsEdgesCountsTimesAndStates)
{
    TcpFsmTransitionGraph g;
    g.Add(Record(1, 0, 1, S::CLOSED, E::APP_ACTIVE_OPEN, S::SYN_SENT));
    g.Add(Record(1.25, 0, 1, S::SYN_SENT, E::RCV_SYN, S::SYN_RCVD));
    g.Add(Record(2, 0, 1, S::SYN_RCVD, E::RCV_SYN_ACK, S::ESTABLISHED));
    g.Add(Record(9, 0, 1, S::ESTABLISHED, E::APP_ABORT, S::CLOSED));
    g.Add(Record(3, 0, 2, S::CLOSED, E::APP_ACTIVE_OPEN, S::SYN_SENT));
    g.Add(Record(4, 0, 2, S::SYN_SENT, E::RCV_FIN, S::LAST_ACK)); // an anomaly survives too
    std::ostringstream out;
    g.WriteGraphml(out);
    EXPECT_NE(out.str().find("attr.name=\"cause\""), std::string::npos);
    EXPECT_NE(out.str().find(">rcv_syn_ack<"), std::string::npos) << "names, not numbers";
    TcpFsmTransitionGraph back;
    std::istringstream in(out.str());
    std::string error;
    ASSERT_TRUE(back.ReadGraphml(in, error)) << error;
    ExpectSameGraph(g, back);
    EXPECT_EQ(back.GetCount(S::CLOSED, E::APP_ACTIVE_OPEN, S::SYN_SENT), 2);

    TcpFsmTransitionGraph ref = TcpFsmTransitionGraph::Reference();
    std::ostringstream refOut;
    ref.WriteGraphml(refOut);
    std::istringstream refIn(refOut.str());
    TcpFsmTransitionGraph refBack;
    ASSERT_TRUE(refBack.ReadGraphml(refIn, error)) << error;
    ExpectSameGraph(ref, refBack);
}

TEST(TcpFsmTransitionGraph, ReadGraphmlRefusesWhatItDidNotWrite)
{
    std::string error;
    TcpFsmTransitionGraph g;
    std::istringstream garbage("<graphml><graph><node id=\"n0\">");
    EXPECT_FALSE(g.ReadGraphml(garbage, error));
    EXPECT_FALSE(error.empty());

    TcpFsmTransitionGraph one;
    one.Add(Record(1, 0, 1, S::CLOSED, E::APP_PASSIVE_OPEN, S::LISTEN));
    std::ostringstream out;
    one.WriteGraphml(out);
    std::string text = out.str();
    auto at = text.find(">LISTEN<");
    ASSERT_NE(at, std::string::npos);
    text.replace(at, 8, ">LISTENING<");
    std::istringstream bad(text);
    error.clear();
    EXPECT_FALSE(g.ReadGraphml(bad, error));
    EXPECT_NE(error.find("LISTENING"), std::string::npos) << error;
}

TEST(TcpFsmTransitionGraph, LoadCsvNamesFileAndLineOfAMalformedLineAndChangesNothing)
{
    TempDir tmp;
    std::string path = tmp.File("t.csv");
    {
        std::ofstream out(path);
        out << TcpFsmTraceCsv::TransitionHeader() << "\n"
            << "0.5,1,1,0.0.0.0:80,,CLOSED,LISTEN,app_passive_open,,,\n"
            << "1.0,0,1,,,CLOSED,SYN_SENT,app_active_open,,,\n"
            << "1.1,0,1,,,SYN_SENT,ESTABLISHED,rcv_syn_ack,SYN|ACK,1\n";
    }
    TcpFsmTransitionGraph g;
    std::string error;
    EXPECT_FALSE(g.LoadCsv(path, error));
    EXPECT_EQ(error.rfind(path + ":4: ", 0), 0u) << error;
    EXPECT_EQ(g.GetTransitionCount(), 0);
}

// ---- graphs of simulations ----------------------------------------------------------------

TEST(TcpFsmTransitionGraphSim, AKnownScenarioYieldsExactlyTheExpectedGraph)
{
    TraceScenario s;
    s.Run();
    ASSERT_EQ(s.received, 2000u);
    auto edges = s.live.Edges();
    std::set<Key> got;
    for (const auto& e : edges)
    {
        EXPECT_EQ(e.count, 1) << Describe(KeyOf(e));
        got.insert(KeyOf(e));
    }
    std::set<Key> expected(NormalRunEdges().begin(), NormalRunEdges().end());
    EXPECT_EQ(got, expected);
    for (const auto& r : s.log) // first == last == the time it was taken
    {
        for (const auto& e : edges)
        {
            if (KeyOf(e) == Key(r.from, r.cause, r.to))
            {
                EXPECT_EQ(e.firstNs, r.time.GetNanoSeconds());
                EXPECT_EQ(e.lastNs, r.time.GetNanoSeconds());
            }
        }
    }
    EXPECT_EQ(s.live.GetState(S::CLOSED).entered, 3); // client, child, listener
    EXPECT_EQ(s.live.GetState(S::ESTABLISHED).entered, 2);
    EXPECT_EQ(s.live.GetState(S::TIME_WAIT).entered, 1);
    EXPECT_EQ(s.live.GetState(S::TIME_WAIT).timeSpentNs, 10000000000L); // 2 * Msl
    EXPECT_EQ(s.live.Path(0, 1),
              (std::vector<TcpFsmState>{S::CLOSED,
                                        S::SYN_SENT,
                                        S::ESTABLISHED,
                                        S::FIN_WAIT_1,
                                        S::FIN_WAIT_2,
                                        S::TIME_WAIT,
                                        S::CLOSED}));
    EXPECT_EQ(s.live.Path(1, 2),
              (std::vector<TcpFsmState>{
                  S::LISTEN, S::SYN_RCVD, S::ESTABLISHED, S::CLOSE_WAIT, S::LAST_ACK, S::CLOSED}));
    EXPECT_EQ(s.live.Path(1, 1), (std::vector<TcpFsmState>{S::CLOSED, S::LISTEN, S::CLOSED}));
    EXPECT_EQ(s.live.Unreached(), (std::vector<TcpFsmState>{S::CLOSING}));
}

TEST(TcpFsmTransitionGraphSim, CoverageOfANormalRunMissesExactlyTheOtherRows)
{
    TraceScenario s;
    s.connections = 3;
    s.Run();
    TcpFsmCoverage c = s.live.Coverage();
    const auto& rows = TcpFsmTransitionTable::Rows();
    EXPECT_EQ(c.referenceEdges, rows.size());
    ASSERT_EQ(c.taken.size(), NormalRunEdges().size());
    for (const TcpFsmTransition* row : c.taken)
    {
        EXPECT_NE(std::find(NormalRunEdges().begin(),
                            NormalRunEdges().end(),
                            Key(row->from, row->event, row->to)),
                  NormalRunEdges().end())
            << TcpFsmTransitionTable::Describe(*row);
    }
    EXPECT_EQ(c.notTaken.size(), rows.size() - NormalRunEdges().size());
    EXPECT_TRUE(c.anomalies.empty());
    const TcpFsmTransition* finAck
        = TcpFsmTransitionTable::Find(S::FIN_WAIT_1, E::RCV_FIN_ACK, false);
    EXPECT_NE(std::find(c.notTaken.begin(), c.notTaken.end(), finAck), c.notTaken.end());
    EXPECT_EQ(s.live.GetCount(S::CLOSED, E::APP_ACTIVE_OPEN, S::SYN_SENT), 3);
    std::ostringstream text;
    s.live.WriteCoverage(text);
    EXPECT_NE(text.str().find("taken: 13 ("), std::string::npos) << text.str();
    EXPECT_NE(text.str().find("not taken: " + std::to_string(rows.size() - 13) + "\n"),
              std::string::npos);
    EXPECT_NE(text.str().find("states never reached: CLOSING\n"), std::string::npos);
}

TEST(TcpFsmTransitionGraphSim, NoAnomalyInNormalLossySimultaneousCloseAndRefusedRuns)
{
    struct Case
    {
        const char* name;
        std::function<void(TraceScenario&)> set;
    };

    std::vector<Case> cases = {
        {"normal", [](TraceScenario&) {}},
        {"lossy 10 %",
         [](TraceScenario& s)
         {
             s.loss = 0.10;
             s.connections = 4;
             s.bytes = 30000;
         }},
        {"lossy 20 %, run 2",
         [](TraceScenario& s)
         {
             s.loss = 0.20;
             s.connections = 3;
             s.bytes = 5000;
             s.run = 2;
         }},
        {"simultaneous close",
         [](TraceScenario& s)
         {
             s.simultaneousClose = true;
             s.bytes = 0;
         }},
        {"refused",
         [](TraceScenario& s)
         {
             s.refused = true;
         }},
    };
    TcpFsmTransitionGraph all;
    for (const Case& c : cases)
    {
        TraceScenario s;
        c.set(s);
        s.Run();
        if (!s.refused)
        {
            EXPECT_EQ(s.received, uint64_t(s.bytes) * s.connections) << c.name;
        }
        TcpFsmCoverage cov = s.live.Coverage();
        EXPECT_TRUE(cov.anomalies.empty()) << c.name << ": " << cov.anomalies.size();
        for (const auto& e : cov.anomalies)
        {
            ADD_FAILURE() << c.name << ": " << Describe(KeyOf(e));
        }
        all.Merge(s.live);
    }
    // These scenarios reach the rows they are about.
    EXPECT_GT(all.GetCount(S::SYN_SENT, E::RCV_RST, S::CLOSED), 0) << "refused";
    // Both ends of the simultaneous close: FIN_WAIT_1 -> CLOSING -> TIME_WAIT.
    EXPECT_GE(all.GetCount(S::FIN_WAIT_1, E::RCV_FIN, S::CLOSING), 2) << "simultaneous close";
    EXPECT_GE(all.GetCount(S::CLOSING, E::RCV_ACK_OF_FIN, S::TIME_WAIT), 2) << "simultaneous close";
    EXPECT_TRUE(all.Coverage().anomalies.empty());
}

TEST(TcpFsmTransitionGraphSim, CsvGraphEqualsTheLiveGraph)
{
    TempDir tmp;
    TraceScenario s;
    s.dir = tmp.Path();
    s.loss = 0.08;
    s.connections = 3;
    s.bytes = 20000;
    s.Run();
    TcpFsmTransitionGraph fromCsv;
    std::string error;
    ASSERT_TRUE(fromCsv.LoadCsv(tmp.File("transitions.csv"), error)) << error;
    ExpectSameGraph(s.live, fromCsv);
    EXPECT_EQ(fromCsv.Sockets(), s.live.Sockets());
    for (const auto& [node, socket] : s.live.Sockets())
    {
        EXPECT_EQ(fromCsv.Path(node, socket), s.live.Path(node, socket));
    }
    EXPECT_EQ(fromCsv.GetTransitionCount(), static_cast<long>(s.log.size()));
}

TEST(TcpFsmTransitionGraphSim, DotRendersWithGraphvizIntoWellFormedSvg)
{
    TempDir tmp;
    TraceScenario s;
    s.loss = 0.05;
    s.connections = 2;
    s.bytes = 10000;
    s.Run();
    if (!HaveProgram("dot"))
    {
        GTEST_SKIP() << "Graphviz 'dot' is not installed: DOT output not rendered";
    }
    for (bool untaken : {false, true})
    {
        std::string dotPath = tmp.File(untaken ? "all.dot" : "taken.dot");
        std::string svgPath = dotPath + ".svg";
        {
            std::ofstream out(dotPath);
            s.live.WriteDot(out, untaken);
        }
        ASSERT_EQ(Shell("dot -Tsvg '" + dotPath + "' -o '" + svgPath + "'"), 0) << Slurp(dotPath);
        std::string svg = Slurp(svgPath);
        EXPECT_NE(svg.find("ESTABLISHED"), std::string::npos);
        if (HaveProgram("xmllint"))
        {
            EXPECT_EQ(Shell("xmllint --noout '" + svgPath + "'"), 0);
        }
    }
}

TEST(TcpFsmTransitionGraphSim, LadderSvgIsWellFormedXml)
{
    TempDir tmp;
    TraceScenario s;
    s.loss = 0.1;
    s.bytes = 8000;
    s.Run();
    TcpFsmLadder ladder(s.log, s.segments);
    std::string error;
    ASSERT_TRUE(ladder.Select(0, 1, error)) << error;
    std::string path = tmp.File("ladder.svg");
    {
        std::ofstream out(path);
        ladder.WriteSvg(out);
    }
    std::string svg = Slurp(path);
    EXPECT_EQ(svg.rfind("<?xml", 0), 0u);
    EXPECT_NE(svg.find("TIME_WAIT"), std::string::npos);
    EXPECT_NE(svg.find("SYN|ACK seq=0 ack=1 len=0"), std::string::npos);
    if (!HaveProgram("xmllint"))
    {
        GTEST_SKIP() << "xmllint is not installed: the SVG was written but not checked";
    }
    EXPECT_EQ(Shell("xmllint --noout '" + path + "'"), 0) << svg;
}

TEST(TcpFsmTransitionGraphSim, LadderMatchesSentAndReceivedSegmentsAndMarksTheLostOnes)
{
    for (double loss : {0.0, 0.1})
    {
        TraceScenario s;
        s.loss = loss;
        s.bytes = 8000;
        s.Run();
        // Ground truth from the records: on this link a segment is either received once or lost.
        std::size_t sent[2] = {0, 0};
        std::size_t received[2] = {0, 0};
        for (const auto& seg : s.segments)
        {
            int side = (seg.nodeId == 0) == seg.sent ? 0 : 1; // 0: client -> server
            (seg.sent ? sent : received)[side]++;
        }
        TcpFsmLadder ladder(s.log, s.segments);
        std::string error;
        ASSERT_TRUE(ladder.Select(1, 2, error)) << error; // by the server's child
        std::size_t arrows[2] = {0, 0};
        std::size_t lost[2] = {0, 0};
        for (const auto& a : ladder.GetArrows())
        {
            int side = a.fromLeft ? 0 : 1; // the client, the active opener, is on the left
            arrows[side]++;
            lost[side] += a.lost;
            EXPECT_FALSE(a.senderUnknown);
            EXPECT_GE(a.received, a.sent);
            if (!a.lost) // 10 ms link, little queueing: a retransmission matched with the
            {            // reception of the original (or the reverse) would take far longer
                EXPECT_LT(a.received - a.sent, MilliSeconds(50)) << a.label;
            }
        }
        for (int side : {0, 1})
        {
            EXPECT_EQ(arrows[side], sent[side]) << "loss " << loss << " side " << side;
            EXPECT_EQ(lost[side], sent[side] - received[side]) << "loss " << loss;
        }
        if (loss == 0)
        {
            EXPECT_EQ(lost[0] + lost[1], 0u);
        }
        else
        {
            EXPECT_GT(lost[0] + lost[1], 0u) << "this seed loses segments";
        }
        const auto& a = ladder.GetArrows();
        ASSERT_GE(a.size(), 3u);
        EXPECT_EQ(a[0].label, "SYN seq=0 len=0");
        EXPECT_TRUE(a[0].fromLeft);
        EXPECT_EQ(a[1].label, "SYN|ACK seq=0 ack=1 len=0");
        EXPECT_FALSE(a[1].fromLeft);
        EXPECT_EQ(a[2].label.rfind("ACK seq=1 ack=1", 0), 0u) << a[2].label;
        // Each end's states beside its axis: the client's first and last.
        const auto& states = ladder.GetStates();
        ASSERT_FALSE(states.empty());
        EXPECT_TRUE(states.front().left);
        EXPECT_EQ(states.front().state, S::CLOSED);
        EXPECT_EQ(states.back().state, S::CLOSED);
        EXPECT_EQ(states.back().cause, "timeout_2msl");
    }
}

TEST(TcpFsmTransitionGraphSim, LadderRefusesAListenerAndAnUnknownSocket)
{
    TraceScenario s;
    s.Run();
    TcpFsmLadder ladder(s.log, s.segments);
    std::string error;
    EXPECT_FALSE(ladder.Select(1, 1, error));
    EXPECT_NE(error.find("never had a peer"), std::string::npos) << error;
    EXPECT_FALSE(ladder.Select(7, 1, error));
    EXPECT_NE(error.find("no transition of node 7 socket 1"), std::string::npos) << error;
}
