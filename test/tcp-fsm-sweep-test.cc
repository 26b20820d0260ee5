/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * tcp-fsm-sweep's pieces without processes: grid expansion and point ids, parameter axes,
 * summary.json reading, Student t and confidence intervals, the CSV files, and the command
 * line (both option forms, the lab's arguments, every bad usage naming its option).
 */
#include "ns3/tcp-fsm-sweep-grid.h"
#include "ns3/tcp-fsm-sweep-results.h"
#include "ns3/tcp-fsm-sweep.h"

#include <cmath>
#include <gtest/gtest.h>
#include <set>

using namespace ns3;

namespace
{

TcpFsmSweepParam
Param(const std::string& spec)
{
    TcpFsmSweepParam p;
    std::string error;
    EXPECT_TRUE(TcpFsmSweepGrid::ParseParam(spec, p, error)) << spec << ": " << error;
    return p;
}

std::string
ParamError(const std::string& spec)
{
    TcpFsmSweepParam p;
    std::string error;
    EXPECT_FALSE(TcpFsmSweepGrid::ParseParam(spec, p, error)) << spec;
    return error;
}

std::string
ArgsError(const std::vector<std::string>& args)
{
    TcpFsmSweepOptions o;
    std::string error;
    EXPECT_FALSE(TcpFsmSweep::ParseArgs(args, o, error));
    return error;
}

} // namespace

TEST(TcpFsmSweepGrid, ParsesParameters)
{
    TcpFsmSweepParam p = Param("loss=0,0.01,0.05");
    EXPECT_EQ(p.name, "loss");
    EXPECT_EQ(p.values, (std::vector<std::string>{"0", "0.01", "0.05"}));
    p = Param("ns3::TcpFsmSocket::Msl=1s,30s");
    EXPECT_EQ(p.name, "ns3::TcpFsmSocket::Msl");
    EXPECT_EQ(p.values, (std::vector<std::string>{"1s", "30s"}));
    EXPECT_EQ(Param("--close=client").name, "close");
    EXPECT_EQ(Param("client-stack=fsm,ns3").values.size(), 2u);

    EXPECT_NE(ParamError("loss").find("'loss' has no values"), std::string::npos);
    EXPECT_NE(ParamError("loss=").find("empty value"), std::string::npos);
    EXPECT_NE(ParamError("loss=1,,2").find("empty value"), std::string::npos);
    EXPECT_NE(ParamError("loss=1,2,1").find("gives the value '1' twice"), std::string::npos);
    EXPECT_NE(ParamError("lo ss=1").find("'lo ss' is not a lab option"), std::string::npos);
    EXPECT_NE(ParamError("ns3::Msl=1").find("not a lab option"), std::string::npos);
    EXPECT_NE(ParamError("ns3::A::=1").find("not a lab option"), std::string::npos);
    EXPECT_NE(ParamError("a.b=1").find("not a lab option"), std::string::npos);
    EXPECT_NE(ParamError("run=1,2").find("set by the sweep"), std::string::npos);
    EXPECT_NE(ParamError("out=a").find("set by the sweep"), std::string::npos);

    TcpFsmSweepGrid grid;
    std::string error;
    EXPECT_TRUE(grid.Add(Param("loss=0,1"), error));
    EXPECT_FALSE(grid.Add(Param("loss=2"), error));
    EXPECT_EQ(error, "'loss' is swept twice");
}

TEST(TcpFsmSweepGrid, ExpandsEveryCombinationFirstParameterSlowest)
{
    TcpFsmSweepGrid grid;
    std::string error;
    ASSERT_TRUE(grid.Add(Param("a=1,2"), error));
    ASSERT_TRUE(grid.Add(Param("b=x,y,z"), error));
    ASSERT_TRUE(grid.Add(Param("c=p,q"), error));
    auto points = grid.Expand();
    ASSERT_EQ(points.size(), 12u);
    std::vector<std::string> got;
    std::set<std::string> ids;
    for (const auto& p : points)
    {
        ASSERT_EQ(p.values.size(), 3u);
        got.push_back(p.values[0] + p.values[1] + p.values[2]);
        ids.insert(p.id);
    }
    EXPECT_EQ(
        got,
        (std::vector<std::string>{
            "1xp", "1xq", "1yp", "1yq", "1zp", "1zq", "2xp", "2xq", "2yp", "2yq", "2zp", "2zq"}));
    EXPECT_EQ(ids.size(), 12u);
    EXPECT_EQ(points[5].id, "a=1,b=z,c=q");

    TcpFsmSweepGrid single;
    ASSERT_TRUE(single.Add(Param("loss=0.01"), error));
    ASSERT_EQ(single.Expand().size(), 1u);
    EXPECT_TRUE(TcpFsmSweepGrid().Expand().empty());
}

TEST(TcpFsmSweepGrid, PointIdsAreReadableSafeAndDecodable)
{
    EXPECT_EQ(TcpFsmSweepGrid::PointId({"loss", "ns3::TcpFsmSocket::Msl"}, {"0.05", "30s"}),
              "loss=0.05,ns3.TcpFsmSocket.Msl=30s");
    EXPECT_EQ(TcpFsmSweepGrid::NameForFile("ns3::TcpFsmSocket::Msl"), "ns3.TcpFsmSocket.Msl");

    // Awkward values: one safe file name each, all different, decoded back exactly.
    const std::vector<std::string> values = {"a/b c,d=e%f'g",
                                             "a b",
                                             "a_b",
                                             "a%20b",
                                             "..",
                                             "-1e-3",
                                             "10Mbps",
                                             "\xc3\xa9t\xc3\xa9",
                                             "x\ny"};
    std::set<std::string> ids;
    for (const auto& v : values)
    {
        std::string id = TcpFsmSweepGrid::PointId({"ns3::TcpFsmSocket::Msl", "close"}, {v, v});
        for (char c : id)
        {
            bool safe = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                        || std::string("._+-%=,").find(c) != std::string::npos;
            EXPECT_TRUE(safe) << "byte " << int(c) << " in " << id;
        }
        EXPECT_NE(id, "..");
        ids.insert(id);
        std::vector<std::pair<std::string, std::string>> decoded;
        ASSERT_TRUE(TcpFsmSweepGrid::DecodePointId(id, decoded)) << id;
        ASSERT_EQ(decoded.size(), 2u);
        EXPECT_EQ(decoded[0].first, "ns3::TcpFsmSocket::Msl");
        EXPECT_EQ(decoded[0].second, v);
        EXPECT_EQ(decoded[1].first, "close");
        EXPECT_EQ(decoded[1].second, v);
    }
    EXPECT_EQ(ids.size(), values.size());

    std::vector<std::pair<std::string, std::string>> d;
    for (const char* bad : {"",
                            "loss",
                            "loss=",
                            "loss=a/b",
                            "loss=%2",
                            "loss=%zz",
                            "loss=%61",
                            "loss=%2f",
                            "lo ss=1",
                            "loss=1,loss=2",
                            "loss=1,",
                            "ns3.Msl=1"})
    {
        EXPECT_FALSE(TcpFsmSweepGrid::DecodePointId(bad, d)) << bad;
    }

    TcpFsmSweepGrid grid;
    std::string error;
    ASSERT_TRUE(grid.Add(Param("close=" + std::string(150, 'x')), error));
    EXPECT_TRUE(grid.CheckIds(error));
    ASSERT_TRUE(grid.Add(Param("delay=" + std::string(60, '/')), error));
    EXPECT_FALSE(grid.CheckIds(error));
    EXPECT_NE(error.find("longer than 200 bytes"), std::string::npos) << error;
}

// Found by the sweep-args fuzzer: eight parameters of a few values each took seconds and
// hundreds of MB to expand; the grid refuses more than MAX_POINTS points when a parameter is
// added, with a message, before anything is expanded.
TEST(TcpFsmSweepGrid, RefusesMoreThanMaxPoints)
{
    TcpFsmSweepGrid grid;
    std::string error;
    std::string ten = "=0,1,2,3,4,5,6,7,8,9";
    ASSERT_TRUE(grid.Add(Param("a" + ten), error)) << error;
    ASSERT_TRUE(grid.Add(Param("b" + ten), error)) << error;
    ASSERT_TRUE(grid.Add(Param("c" + ten), error)) << error;
    ASSERT_TRUE(grid.Add(Param("d" + ten), error)) << error; // 10,000: the limit
    EXPECT_EQ(grid.Expand().size(), TcpFsmSweepGrid::MAX_POINTS);
    EXPECT_FALSE(grid.Add(Param("e=0,1"), error));
    EXPECT_NE(error.find("'e' makes the grid more than 10000 points"), std::string::npos) << error;
    EXPECT_EQ(grid.Params().size(), 4u);
    EXPECT_TRUE(grid.Add(Param("e=0"), error)) << error; // one value: still 10,000

    std::vector<std::string> args;
    for (const char* n : {"a", "b", "c", "d", "e", "f", "g", "h"})
    {
        args.push_back("--param=" + std::string(n) + "=0,1,2,3");
    }
    args.push_back("--out=x");
    TcpFsmSweepOptions options;
    EXPECT_FALSE(TcpFsmSweep::ParseArgs(args, options, error));
    EXPECT_NE(error.find("makes the grid more than 10000 points"), std::string::npos) << error;
}

TEST(TcpFsmSweepGrid, AxesAndNaturalOrder)
{
    auto a = TcpFsmSweepAxis::Of({"0", "0.05", "-1"});
    EXPECT_EQ(a.kind, TcpFsmSweepAxis::Kind::NUMBER);
    EXPECT_EQ(a.numbers, (std::vector<double>{0, 0.05, -1}));
    EXPECT_EQ(a.Unit(), "");
    a = TcpFsmSweepAxis::Of({"1s", "500ms", "2"});
    EXPECT_EQ(a.kind, TcpFsmSweepAxis::Kind::TIME);
    EXPECT_EQ(a.numbers, (std::vector<double>{1, 0.5, 2}));
    EXPECT_EQ(a.Unit(), "s");
    a = TcpFsmSweepAxis::Of({"10Mbps", "1Gbps", "64kbps"});
    EXPECT_EQ(a.kind, TcpFsmSweepAxis::Kind::RATE);
    EXPECT_EQ(a.numbers, (std::vector<double>{1e7, 1e9, 64e3}));
    EXPECT_EQ(TcpFsmSweepAxis::Of({"client", "1"}).kind, TcpFsmSweepAxis::Kind::TEXT);

    EXPECT_EQ(TcpFsmSweepAxis::Sorted({"30s", "1s", "500ms"}),
              (std::vector<std::string>{"500ms", "1s", "30s"}));
    EXPECT_EQ(TcpFsmSweepAxis::Sorted({"10", "9", "100", "0.5"}),
              (std::vector<std::string>{"0.5", "9", "10", "100"}));
    EXPECT_EQ(TcpFsmSweepAxis::Sorted({"server", "client", "half"}),
              (std::vector<std::string>{"client", "half", "server"}));
}

TEST(TcpFsmSweepSummary, KeepsTopLevelNumbersAndNulls)
{
    const std::string text = R"({
      "parameters": {"loss": "0.01", "nested": [1, {"x": null}, "s"]},
      "seed": 1, "run": 7,
      "connections_attempted": 20,
      "setup_time_median_s": 0.0201,
      "neg": -1.5e-3, "big": 2E+10, "zero": 0,
      "teardown_time_median_s": null,
      "name": "a \"quoted\" \u00e9 \ud83d\ude00 string",
      "ok": true, "bad": false,
      "weird \u0041\n key": 3
    })";
    std::map<std::string, std::string> m;
    std::string error;
    ASSERT_TRUE(TcpFsmSweepSummary::Parse(text, m, error)) << error;
    std::map<std::string, std::string> expected = {{"connections_attempted", "20"},
                                                   {"setup_time_median_s", "0.0201"},
                                                   {"neg", "-1.5e-3"},
                                                   {"big", "2E+10"},
                                                   {"zero", "0"},
                                                   {"teardown_time_median_s", ""},
                                                   {"weird A\n key", "3"}};
    EXPECT_EQ(m, expected);
    ASSERT_TRUE(TcpFsmSweepSummary::Parse("{}", m, error));
    EXPECT_TRUE(m.empty());

    for (const char* bad : {"",
                            "[]",
                            "{",
                            "{\"a\":1,}",
                            "{\"a\":01}",
                            "{\"a\":1.}",
                            "{\"a\":.5}",
                            "{\"a\":+1}",
                            "{\"a\":1} x",
                            "{\"a\":1}{}",
                            "{\"a\":\"\\ud800\"}",
                            "{\"a\":1,\"a\":2}",
                            "{\"a\":NaN}",
                            "{'a':1}",
                            "{\"a\":\"x\ny\"}",
                            "{\"a\":\"\\q\"}",
                            "{\"a\":[1,2}",
                            "{\"a\":tru}",
                            "{\"a\" 1}"})
    {
        std::map<std::string, std::string> untouched = {{"kept", "1"}};
        EXPECT_FALSE(TcpFsmSweepSummary::Parse(bad, untouched, error)) << bad;
        EXPECT_EQ(untouched.size(), 1u) << bad;
        EXPECT_FALSE(error.empty()) << bad;
    }
    // Syntax errors say where (nlohmann-json's byte position and message), the others what.
    EXPECT_FALSE(TcpFsmSweepSummary::Parse("{\"a\":01}", m, error));
    EXPECT_EQ(error.rfind("byte 7: ", 0), 0u) << error;
    EXPECT_FALSE(TcpFsmSweepSummary::Parse("{\"a\":1,}", m, error));
    EXPECT_EQ(error.rfind("byte ", 0), 0u) << error;
    EXPECT_FALSE(TcpFsmSweepSummary::Parse("{\"a\":1,\"a\":2}", m, error));
    EXPECT_EQ(error, "key \"a\" appears twice");
    EXPECT_FALSE(TcpFsmSweepSummary::Parse("[1]", m, error));
    EXPECT_EQ(error, "expected a JSON object");
    EXPECT_FALSE(TcpFsmSweepSummary::Parse("7", m, error));
    EXPECT_EQ(error, "expected a JSON object");
    std::string deep(100, '[');
    EXPECT_FALSE(TcpFsmSweepSummary::Parse("{\"a\":" + deep + "}", m, error));
    EXPECT_EQ(error, "nested too deeply");
}

TEST(TcpFsmSweepStats, StudentTAndConfidenceIntervals)
{
    // Reference quantiles t(0.975, df) (as printed in statistics tables).
    EXPECT_NEAR(TcpFsmStudentT95(1), 12.7062, 1e-4);
    EXPECT_NEAR(TcpFsmStudentT95(2), 4.3027, 1e-4);
    EXPECT_NEAR(TcpFsmStudentT95(4), 2.7764, 1e-4);
    EXPECT_NEAR(TcpFsmStudentT95(9), 2.2622, 1e-4);
    EXPECT_NEAR(TcpFsmStudentT95(30), 2.0423, 1e-4);
    EXPECT_NEAR(TcpFsmStudentT95(45), 2.0141, 1e-4);
    EXPECT_NEAR(TcpFsmStudentT95(60), 2.0003, 1e-4);
    EXPECT_NEAR(TcpFsmStudentT95(200), 1.9719, 1e-4);
    EXPECT_NEAR(TcpFsmStudentT95(1000), 1.9623, 1e-4);
    EXPECT_NEAR(TcpFsmStudentT95(4000000000u), 1.9600, 1e-4);
    for (uint32_t df = 1; df < 500; ++df)
    {
        EXPECT_GT(TcpFsmStudentT95(df), TcpFsmStudentT95(df + 1)) << df;
    }
    EXPECT_TRUE(std::isnan(TcpFsmStudentT95(0)));

    auto s = TcpFsmSweepStat::Of({1, 2});
    EXPECT_EQ(s.n, 2u);
    EXPECT_DOUBLE_EQ(s.mean, 1.5);
    EXPECT_NEAR(s.ci95, 12.706204736 * std::sqrt(0.5) / std::sqrt(2.0), 1e-9);
    s = TcpFsmSweepStat::Of({2, 4, 4, 4, 5});
    EXPECT_DOUBLE_EQ(s.mean, 3.8);
    EXPECT_NEAR(s.ci95, 2.776445105 * std::sqrt(1.2) / std::sqrt(5.0), 1e-9);
    s = TcpFsmSweepStat::Of({7, 7, 7});
    EXPECT_DOUBLE_EQ(s.ci95, 0);
    s = TcpFsmSweepStat::Of({5});
    EXPECT_DOUBLE_EQ(s.mean, 5);
    EXPECT_TRUE(std::isnan(s.ci95));
    s = TcpFsmSweepStat::Of({});
    EXPECT_EQ(s.n, 0u);
    EXPECT_TRUE(std::isnan(s.mean));
    EXPECT_EQ(TcpFsmSweepFormat(std::nan("")), "");
    EXPECT_EQ(TcpFsmSweepFormat(1.5), "1.5");
}

TEST(TcpFsmSweepResults, WritesResultsAndAggregateCsv)
{
    TcpFsmSweepGrid grid;
    std::string error;
    ASSERT_TRUE(grid.Add(Param("loss=0,0.1"), error));
    ASSERT_TRUE(grid.Add(Param("close=client,a\"b"), error));
    TcpFsmSweepResults results(grid.Names(), grid.Expand());
    auto ok = [](std::size_t point, uint32_t run, std::map<std::string, std::string> m)
    {
        TcpFsmSweepRunResult r;
        r.point = point;
        r.run = run;
        r.ok = true;
        r.metrics = std::move(m);
        return r;
    };
    results.Set(ok(0, 2, {{"b", "4"}, {"a", "1"}}));
    results.Set(ok(0, 1, {{"b", "2"}, {"a", ""}, {"loss", "9"}, {"error", "9"}}));
    results.Set(ok(3, 1, {{"c", "0.5"}}));
    TcpFsmSweepRunResult failed;
    failed.point = 3;
    failed.run = 2;
    failed.exitStatus = 139;
    failed.error = "killed by signal 11 (SIGSEGV): said \"no\", then died";
    results.Set(failed);
    results.Set(ok(1, 1, {{"a", "5"}}));
    results.Erase(1, 1);

    EXPECT_EQ(results.Metrics(), (std::vector<std::string>{"a", "b", "c"}));
    EXPECT_EQ(results.CountOk(), 3u);
    EXPECT_EQ(results.CountFailed(), 1u);
    EXPECT_EQ(results.ResultsCsv(),
              "loss,close,run,a,b,c,exit_status,error\n"
              "0,client,1,,2,,0,\n"
              "0,client,2,1,4,,0,\n"
              "0.1,\"a\"\"b\",1,,,0.5,0,\n"
              "0.1,\"a\"\"b\",2,,,,139,\"killed by signal 11 (SIGSEGV): said \"\"no\"\", "
              "then died\"\n");
    const double ci = TcpFsmStudentT95(1) * std::sqrt(2.0) / std::sqrt(2.0);
    EXPECT_EQ(results.AggregateCsv(),
              "loss,close,n,failed,a_mean,a_ci95,b_mean,b_ci95,c_mean,c_ci95\n"
              "0,client,2,0,1,,3,"
                  + TcpFsmSweepFormat(ci)
                  + ",,\n"
                    "0.1,\"a\"\"b\",1,1,,,,,0.5,\n");
    EXPECT_EQ(TcpFsmCsvField("plain"), "plain");
    EXPECT_EQ(TcpFsmCsvField("two\nlines"), "\"two\nlines\"");
}

TEST(TcpFsmSweepArgs, ParsesBothOptionFormsAndBuildsTheLabArguments)
{
    TcpFsmSweepOptions o;
    std::string error;
    ASSERT_TRUE(TcpFsmSweep::ParseArgs({"--param",
                                        "loss=0,0.05",
                                        "--param=ns3::TcpFsmSocket::Msl=1s,5s",
                                        "--runs",
                                        "3",
                                        "--jobs=2",
                                        "--out",
                                        "dir",
                                        "--plot",
                                        "m:loss",
                                        "--plot=time_wait_mean_s:Msl",
                                        "--retry-failed",
                                        "--lab",
                                        "./lab",
                                        "--",
                                        "--connections=5",
                                        "--close=server",
                                        "--run-fast"},
                                       o,
                                       error))
        << error;
    EXPECT_EQ(o.grid.Names(), (std::vector<std::string>{"loss", "ns3::TcpFsmSocket::Msl"}));
    EXPECT_EQ(o.runs, 3u);
    EXPECT_EQ(o.jobs, 2u);
    EXPECT_EQ(o.out, "dir");
    ASSERT_EQ(o.plots.size(), 2u);
    EXPECT_EQ(o.plots[0].metric, "m");
    EXPECT_EQ(o.plots[1].param, "Msl");
    EXPECT_TRUE(o.retryFailed);
    EXPECT_EQ(o.lab, "./lab");
    EXPECT_EQ(o.labArgs,
              (std::vector<std::string>{"--connections=5", "--close=server", "--run-fast"}));

    auto points = o.grid.Expand();
    ASSERT_EQ(points.size(), 4u);
    EXPECT_EQ(TcpFsmSweep::LabArgs(o, points[2], 2, "/d/runs/x/run-2"),
              (std::vector<std::string>{"--connections=5",
                                        "--close=server",
                                        "--run-fast",
                                        "--loss=0.05",
                                        "--ns3::TcpFsmSocket::Msl=1s",
                                        "--seed=1",
                                        "--run=2",
                                        "--out=/d/runs/x/run-2"}));

    // A seed after -- or swept replaces the default --seed=1.
    TcpFsmSweepOptions s;
    ASSERT_TRUE(
        TcpFsmSweep::ParseArgs({"--param", "loss=0", "--out", "d", "--", "--seed=7"}, s, error));
    EXPECT_EQ(TcpFsmSweep::LabArgs(s, s.grid.Expand()[0], 1, "r"),
              (std::vector<std::string>{"--seed=7", "--loss=0", "--run=1", "--out=r"}));
    TcpFsmSweepOptions t;
    ASSERT_TRUE(TcpFsmSweep::ParseArgs({"--param", "seed=3,4", "--out", "d"}, t, error));
    EXPECT_EQ(TcpFsmSweep::LabArgs(t, t.grid.Expand()[1], 1, "r"),
              (std::vector<std::string>{"--seed=4", "--run=1", "--out=r"}));

    TcpFsmSweepOptions c;
    ASSERT_TRUE(TcpFsmSweep::ParseArgs({"--collect=d", "--plot", "m:loss"}, c, error)) << error;
    EXPECT_EQ(c.collect, "d");
    TcpFsmSweepOptions h;
    ASSERT_TRUE(TcpFsmSweep::ParseArgs({"--help"}, h, error));
    EXPECT_TRUE(h.help);
    EXPECT_NE(TcpFsmSweep::Usage().find("--emit-slurm DIR"), std::string::npos);
}

TEST(TcpFsmSweepArgs, BadUsageNamesTheOption)
{
    const std::vector<std::string> base = {"--param", "loss=0,1", "--out", "d"};
    auto with = [&base](std::vector<std::string> extra)
    {
        std::vector<std::string> a = base;
        a.insert(a.end(), extra.begin(), extra.end());
        return a;
    };
    const std::vector<std::pair<std::vector<std::string>, std::string>> cases = {
        {with({"--bogus"}), "unknown option --bogus (lab options go after --"},
        {with({"--connections=5"}), "unknown option --connections"},
        {with({"stray"}), "unexpected argument 'stray'"},
        {{"--param"}, "--param needs a value"},
        {{"--param", "--"}, "--param needs a value"},
        {{"--param="}, "--param needs a value"},
        {{"--param", "loss", "--out", "d"}, "--param 'loss' has no values"},
        {{"--param", "loss=1,1", "--out", "d"}, "--param 'loss=1,1' gives the value '1' twice"},
        {with({"--param", "loss=2"}), "--param 'loss' is swept twice"},
        {with({"--runs=0"}), "--runs='0' is not a whole number from 1 to 1000000"},
        {with({"--runs", "two"}), "--runs='two' is not a whole number"},
        {with({"--jobs", "-1"}), "--jobs='-1' is not a whole number from 1 to 4096"},
        {with({"--out", "e"}), "--out is given twice"},
        {with({"--retry-failed=yes"}), "--retry-failed takes no value"},
        {with({"--plot", "m"}), "--plot 'm' is not METRIC:PARAM"},
        {with({"--plot", "m:delay"}), "--plot m:delay: 'delay' is not a swept parameter"},
        {with({"--", "--run=3"}), "--run (after --) is set by the sweep"},
        {with({"--", "--out=x"}), "--out (after --) is set by the sweep"},
        {with({"--", "--loss=0.1"}), "--param loss: --loss is also given after --"},
        {{"--param", "loss=1"}, "--out DIR is required"},
        {{"--out", "d"}, "--param NAME=V1,V2,... is required"},
        {{"--collect", "d", "--out", "e"}, "--out cannot be used with --collect"},
        {{"--collect", "d", "--jobs", "2"}, "--jobs cannot be used with --collect"},
        {{"--collect", "d", "--emit-jobs", "f"}, "--emit-jobs cannot be used with --collect"},
        {{"--collect", "d", "--retry-failed"}, "--retry-failed cannot be used with --collect"},
        {{"--collect", "d", "--", "--loss=1"}, "lab options (after --) cannot be used"},
    };
    for (const auto& [args, expected] : cases)
    {
        std::string error = ArgsError(args);
        EXPECT_EQ(error.find('\n'), std::string::npos) << error;
        EXPECT_NE(error.find(expected), std::string::npos)
            << "got '" << error << "', expected '" << expected << "'";
    }
}
