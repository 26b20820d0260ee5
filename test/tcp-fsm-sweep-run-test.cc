/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * tcp-fsm-sweep as a program running its grid itself, against a stand-in lab (test/sweep/
 * fake-lab.py, whose metrics are formulas of its arguments) and, once it is built, against
 * tcp-fsm-lab: the CSV files' rows and values, resuming, failed and crashed runs, SIGINT,
 * plots, and the lab refusing its options. The emitted jobs (sh, GNU parallel, Slurm) and
 * --collect are in tcp-fsm-sweep-jobs-test.cc.
 */
#include "tcp-fsm-sweep-run-fixture.h"

#include <algorithm>
#include <chrono>
#include <thread>

using namespace ns3::test;

TEST_F(SweepFakeLab, GridOfTwoByTwoWithTwoRuns)
{
    const std::string out = m_dir + "/sweep";
    Result r = Exec(Plus(Grid(out), {"--", "--delay=10ms", "--counter=" + m_counter}));
    ASSERT_EQ(r.code, 0) << r.err;
    CheckGrid(out, false);
    EXPECT_NE(r.err.find("8/8 runs done, 0 failed"), std::string::npos) << r.err;
    // every run launched once, in its point's directory, with its own --out there
    auto launches = Lines(ReadFile(m_counter));
    ASSERT_EQ(launches.size(), 8u);
    for (const auto& l : launches)
    {
        std::string runOut = l.substr(0, l.find('\t'));
        std::string cwd = l.substr(l.find('\t') + 1);
        EXPECT_EQ(fs::path(runOut).parent_path().string(), cwd);
        EXPECT_EQ(fs::path(cwd).parent_path().string(), out + "/runs");
        EXPECT_TRUE(fs::exists(runOut + "/summary.json")) << runOut;
        EXPECT_TRUE(fs::exists(runOut + ".log")) << runOut;
    }
    EXPECT_TRUE(fs::exists(out + "/runs/loss=0.05,ns3.TcpFsmSocket.Msl=5s/run-2/summary.json"));
    EXPECT_TRUE(FindFiles(out, ".FAILED").empty());
    for (const auto& e : fs::recursive_directory_iterator(out))
    {
        EXPECT_EQ(e.path().filename().string().find(".tmp"), std::string::npos) << e.path();
    }
}

TEST_F(SweepFakeLab, ResumeSkipsFinishedRuns)
{
    const std::string out = m_dir + "/sweep";
    const std::string point = out + "/runs/loss=0,ns3.TcpFsmSocket.Msl=1s";
    // a leftover of an interrupted run: no summary, so it is run again (and replaced)
    fs::create_directories(point + "/run-1");
    std::ofstream(point + "/run-1/junk") << "half-written";

    auto oneRun = Grid(out);
    oneRun[5] = "1"; // --runs 1
    Result r = Exec(Plus(oneRun, {"--", "--counter=" + m_counter}));
    ASSERT_EQ(r.code, 0) << r.err;
    EXPECT_EQ(Launches(), 4u);
    EXPECT_FALSE(fs::exists(point + "/run-1/junk"));
    EXPECT_EQ(Csv::Read(out + "/results.csv").rows.size(), 4u);

    r = Exec(Plus(Grid(out), {"--", "--counter=" + m_counter})); // --runs 2: only the new runs
    ASSERT_EQ(r.code, 0) << r.err;
    EXPECT_EQ(Launches(), 8u);
    EXPECT_NE(r.err.find("4 finished before"), std::string::npos) << r.err;

    r = Exec(Plus(Grid(out), {"--", "--counter=" + m_counter})); // all finished: nothing runs
    ASSERT_EQ(r.code, 0) << r.err;
    EXPECT_EQ(Launches(), 8u);
    CheckGrid(out, false);

    fs::remove_all(point + "/run-2"); // a lost run is run again, alone
    r = Exec(Plus(Grid(out), {"--", "--counter=" + m_counter}));
    ASSERT_EQ(r.code, 0) << r.err;
    EXPECT_EQ(Launches(), 9u);
    CheckGrid(out, false);
}

TEST_F(SweepFakeLab, CrashIsRecordedAndRetriedOnlyWhenAsked)
{
    const std::string out = m_dir + "/sweep";
    const auto crash = std::vector<std::string>{
        "--", "--crash-run=2", "--crash-loss=0.05", "--counter=" + m_counter};
    Result r = Exec(Plus(Grid(out), crash));
    EXPECT_EQ(r.code, 1) << r.err;
    EXPECT_NE(r.err.find("2 failed"), std::string::npos) << r.err;
    CheckGrid(out, true);
    const std::string marker = out + "/runs/loss=0.05,ns3.TcpFsmSocket.Msl=1s/run-2.FAILED";
    EXPECT_EQ(ReadFile(marker), "exit_status=139\n");
    EXPECT_EQ(FindFiles(out, ".FAILED").size(), 2u);
    EXPECT_EQ(Launches(), 8u);

    r = Exec(Plus(Grid(out), crash)); // without --retry-failed: nothing runs
    EXPECT_EQ(r.code, 1) << r.err;
    EXPECT_EQ(Launches(), 8u);
    EXPECT_NE(r.err.find("2 failed before (skipped"), std::string::npos) << r.err;
    CheckGrid(out, true);

    r = Exec(Plus(Plus(Grid(out), {"--retry-failed"}), crash)); // retried, crash again
    EXPECT_EQ(r.code, 1) << r.err;
    EXPECT_EQ(Launches(), 10u);
    CheckGrid(out, true);

    r = Exec(Plus(Grid(out), {"--retry-failed", "--", "--counter=" + m_counter})); // fixed
    EXPECT_EQ(r.code, 0) << r.err;
    EXPECT_EQ(Launches(), 12u);
    CheckGrid(out, false);
    EXPECT_TRUE(FindFiles(out, ".FAILED").empty());
}

TEST_F(SweepFakeLab, FailedRunsKeepTheirErrors)
{
    const std::string out = m_dir + "/sweep";
    Result r = Exec(Plus(Grid(out), {"--", "--fail-run=1", "--no-summary-run=2"}));
    EXPECT_EQ(r.code, 1) << r.err;
    Csv results = Csv::Read(out + "/results.csv");
    ASSERT_EQ(results.rows.size(), 8u);
    EXPECT_EQ(results.header,
              (std::vector<std::string>{
                  "loss", "ns3::TcpFsmSocket::Msl", "run", "exit_status", "error"}));
    for (std::size_t i = 0; i < 8; ++i)
    {
        if (results.Get(i, "run") == "1")
        {
            EXPECT_EQ(results.Get(i, "exit_status"), "1");
            EXPECT_EQ(results.Get(i, "error"),
                      "fake-lab: internal error: simulated failure in run 1");
        }
        else
        {
            EXPECT_EQ(results.Get(i, "exit_status"), "0");
            EXPECT_EQ(results.Get(i, "error"),
                      "exit status 0 without a valid summary.json (summary.json is missing)");
        }
    }
    Csv agg = Csv::Read(out + "/aggregate.csv");
    ASSERT_EQ(agg.rows.size(), 4u);
    EXPECT_EQ(agg.Get(0, "n"), "0");
    EXPECT_EQ(agg.Get(0, "failed"), "2");
    EXPECT_EQ(ReadFile(out + "/runs/loss=0,ns3.TcpFsmSocket.Msl=1s/run-2.FAILED"),
              "exit_status=0\n");
}

TEST_F(SweepFakeLab, InterruptWritesWhatFinishedAndResumes)
{
    const std::string out = m_dir + "/sweep";
    auto args = Grid(out, "1");
    args[2] = "loss=0,0.05";
    args[3] = "--param=close=client"; // 2 points x 2 runs, one at a time
    pid_t pid = Spawn(Plus(args, {"--", "--sleep=120", "--sleep-run=2", "--counter=" + m_counter}),
                      m_dir + "/sweep.out",
                      m_dir + "/sweep.err");
    // the second run sleeps: interrupt the sweep while it runs
    for (int i = 0; i < 1200 && Launches() < 2; ++i)
    {
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    ASSERT_EQ(Launches(), 2u) << ReadFile(m_dir + "/sweep.err");
    kill(pid, SIGINT);
    EXPECT_EQ(WaitFor(pid), 130) << ReadFile(m_dir + "/sweep.err");
    std::string err = ReadFile(m_dir + "/sweep.err");
    EXPECT_NE(err.find("interrupted (SIGINT)"), std::string::npos) << err;
    Csv results = Csv::Read(out + "/results.csv");
    ASSERT_EQ(results.rows.size(), 1u);
    EXPECT_EQ(results.Get(0, "loss"), "0");
    EXPECT_EQ(results.Get(0, "run"), "1");
    EXPECT_TRUE(FindFiles(out, ".FAILED").empty()); // an interrupted run is not a failure
    EXPECT_FALSE(fs::exists(out + "/runs/loss=0,close=client/run-2"));

    Result r = Exec(Plus(args, {"--", "--counter=" + m_counter}));
    ASSERT_EQ(r.code, 0) << r.err;
    EXPECT_EQ(Launches(), 5u); // the interrupted run and the two never started
    EXPECT_EQ(Csv::Read(out + "/results.csv").rows.size(), 4u);
}

TEST_F(SweepFakeLab, PlotsOfMeansWithConfidenceIntervals)
{
    const std::string out = m_dir + "/sweep";
    auto args = Grid(out);
    args[3] = "--param=close=client,server";
    args = Plus(args, {"--plot", "m:loss", "--plot", "m:close", "--plot=time_wait_mean_s:loss"});
    const bool gnuplot = InPath("gnuplot");
    // without gnuplot in PATH: the data and the scripts only
    Result r = Exec(args, {{"PATH", "/nonexistent"}});
    ASSERT_EQ(r.code, 0) << r.err;
    EXPECT_NE(r.err.find("gnuplot is not installed"), std::string::npos) << r.err;
    EXPECT_TRUE(fs::exists(out + "/plots/m-vs-loss.dat"));
    EXPECT_TRUE(fs::exists(out + "/plots/m-vs-loss.gp"));
    EXPECT_FALSE(fs::exists(out + "/plots/m-vs-loss.png"));

    // one index per line (the other parameter's values), rows x, mean, CI, label
    std::string dat = ReadFile(out + "/plots/m-vs-loss.dat");
    std::string ci = std::to_string(T95_DF1 / 2).substr(0, 6);
    auto block1 = dat.find("# close=client\n0 1.5 " + ci);
    auto block2 = dat.find("# close=server\n0 1.5 " + ci);
    EXPECT_NE(block1, std::string::npos) << dat;
    EXPECT_NE(block2, std::string::npos) << dat;
    EXPECT_NE(dat.find("\n0.05 51.5 " + ci), std::string::npos) << dat;
    EXPECT_NE(dat.find("\"0.05\"\n\n\n# close=server"), std::string::npos) << dat;
    std::string catDat = ReadFile(out + "/plots/m-vs-close.dat");
    EXPECT_NE(catDat.find("# loss=0\n0 1.5 " + ci + "0236809 \"client\"\n1 1.5 "),
              std::string::npos)
        << catDat;
    std::string gp = ReadFile(out + "/plots/m-vs-close.gp");
    EXPECT_NE(gp.find("set xtics ('client' 0, 'server' 1)"), std::string::npos) << gp;
    EXPECT_NE(ReadFile(out + "/plots/time_wait_mean_s-vs-loss.dat").find("0 240 0 \"0\""),
              std::string::npos);

    r = Exec(Plus(Grid(out), {"--plot", "nosuch:loss"}));
    EXPECT_EQ(r.code, 1);
    EXPECT_NE(r.err.find("--plot nosuch:loss: no metric 'nosuch' in the results"),
              std::string::npos)
        << r.err;

    if (!gnuplot)
    {
        GTEST_SKIP() << "gnuplot is not installed: PNG and SVG files are not tested";
    }
    r = Exec(args);
    ASSERT_EQ(r.code, 0) << r.err;
    for (const char* base : {"m-vs-loss", "m-vs-close", "time_wait_mean_s-vs-loss"})
    {
        std::string png = ReadFile(out + "/plots/" + base + ".png");
        EXPECT_EQ(png.substr(0, 8), std::string("\x89PNG\r\n\x1a\n", 8)) << base;
        std::string svgPath = out + "/plots/" + base + ".svg";
        std::string svg = ReadFile(svgPath);
        EXPECT_NE(svg.find("<svg"), std::string::npos) << base;
        EXPECT_NE(svg.find("</svg>"), std::string::npos) << base;
        if (InPath("xmllint"))
        {
            Result x = Exec({"/bin/sh", "-c", "xmllint --noout '" + svgPath + "'"});
            EXPECT_EQ(x.code, 0) << base << ": " << x.err;
        }
    }
    for (const auto& e : fs::directory_iterator(out + "/plots"))
    {
        std::string name = e.path().filename().string();
        EXPECT_TRUE(name.find(".tmp") == std::string::npos
                    && name.find(".log") == std::string::npos)
            << name;
    }
}

TEST_F(SweepFakeLab, LabRefusingItsOptionsStopsTheSweep)
{
    const std::string out = m_dir + "/sweep";
    Result r = Exec(Plus(Grid(out, "1"), {"--", "--bogus=1"}));
    EXPECT_EQ(r.code, 2) << r.err;
    EXPECT_NE(r.err.find("the lab rejected its options (exit status 2) at loss=0, "
                         "ns3::TcpFsmSocket::Msl=1s, run 1: fake-lab: unknown option --bogus"),
              std::string::npos)
        << r.err;
    EXPECT_EQ(FindFiles(out, ".log").size(), 1u);   // no other run started
    EXPECT_TRUE(FindFiles(out, ".FAILED").empty()); // and it is not recorded as a result
    EXPECT_EQ(Csv::Read(out + "/results.csv").rows.size(), 0u);
}

TEST(SweepRealLab, SmallGridTimeWaitFollowsMsl)
{
    const std::string lab = fs::path(SWEEP).parent_path().string() + "/tcp-fsm-lab";
    if (access(lab.c_str(), X_OK) != 0)
    {
        GTEST_SKIP() << lab << " is not built: the sweep of the real lab is not tested";
    }
    const std::string out = WORK + "/SmallGridTimeWaitFollowsMsl";
    fs::remove_all(out);
    // the default lab: tcp-fsm-lab next to tcp-fsm-sweep
    Result r = Exec({SWEEP,
                     "--param",
                     "loss=0,0.05",
                     "--param",
                     "ns3::TcpFsmSocket::Msl=1s,5s",
                     "--runs",
                     "2",
                     "--jobs",
                     "2",
                     "--out",
                     out,
                     "--",
                     "--connections=2"});
    ASSERT_EQ(r.code, 0) << r.err;
    Csv results = Csv::Read(out + "/results.csv");
    ASSERT_EQ(results.rows.size(), 8u);
    std::map<std::string, std::vector<double>> timeWait; // by "loss/Msl"
    std::map<std::string, std::vector<double>> peak;
    std::size_t row = 0;
    for (std::string loss : {"0", "0.05"})
    {
        for (std::string msl : {"1s", "5s"})
        {
            for (std::string run : {"1", "2"})
            {
                SCOPED_TRACE("row " + std::to_string(row));
                EXPECT_EQ(results.Get(row, "loss"), loss);
                EXPECT_EQ(results.Get(row, "ns3::TcpFsmSocket::Msl"), msl);
                EXPECT_EQ(results.Get(row, "run"), run);
                EXPECT_EQ(results.Get(row, "exit_status"), "0");
                EXPECT_FALSE(results.Get(row, "connections_attempted").empty());
                const double mslS = msl == "1s" ? 1 : 5;
                std::string tw = results.Get(row, "time_wait_mean_s");
                if (loss == "0")
                {
                    // no loss: TIME_WAIT lasts exactly 2 MSL
                    EXPECT_NEAR(results.Num(row, "time_wait_mean_s"), 2 * mslS, 0.02 * mslS);
                }
                if (!tw.empty())
                {
                    timeWait[loss + "/" + msl].push_back(std::strtod(tw.c_str(), nullptr));
                }
                peak[loss + "/" + msl].push_back(results.Num(row, "peak_TIME_WAIT"));
                ++row;
            }
        }
    }
    for (std::string loss : {"0", "0.05"})
    {
        const auto& a = timeWait[loss + "/1s"];
        const auto& b = timeWait[loss + "/5s"];
        if (!a.empty() && !b.empty())
        {
            EXPECT_GT(*std::min_element(b.begin(), b.end()), *std::max_element(a.begin(), a.end()))
                << "loss " << loss << ": TIME_WAIT with Msl=5s not longer than with 1s";
        }
        for (std::size_t i = 0; i < 2; ++i)
        {
            EXPECT_GE(peak[loss + "/5s"][i], peak[loss + "/1s"][i]) << "loss " << loss;
        }
    }
    EXPECT_GE(peak["0/1s"][0], 1);
    Csv agg = Csv::Read(out + "/aggregate.csv");
    ASSERT_EQ(agg.rows.size(), 4u);
    for (std::size_t a = 0; a < 4; ++a)
    {
        EXPECT_EQ(agg.Get(a, "n"), "2");
    }
    EXPECT_NEAR(agg.Num(1, "time_wait_mean_s_mean"), 10, 0.2);
}
