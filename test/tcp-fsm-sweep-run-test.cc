/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * tcp-fsm-sweep as a program, against a stand-in lab (test/sweep/fake-lab.py, whose metrics
 * are formulas of its arguments) and, once it is built, against tcp-fsm-lab: the CSV files'
 * rows and values (means and confidence intervals computed here, independently), resuming,
 * failed and crashed runs, SIGINT, --emit-jobs through sh and GNU parallel, --emit-slurm,
 * --collect, plots, and the lab refusing its options.
 */
#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cmath>
#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <thread>

namespace fs = std::filesystem;

namespace {

const std::string SWEEP = TCP_FSM_SWEEP_PROGRAM;
const std::string FAKE_LAB = TCP_FSM_SWEEP_FAKE_LAB;
const std::string PYTHON = TCP_FSM_SWEEP_PYTHON;
const std::string WORK = TCP_FSM_SWEEP_WORK;
const double T95_DF1 = 12.706204736; // Student t, 0.975 quantile, 1 degree of freedom

struct Result
{
    int code{-1}; ///< exit status, or 128 + signal
    std::string out;
    std::string err;
};

std::string
ReadFile(const std::string& path)
{
    std::ifstream in(path, std::ios::binary);
    return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

std::vector<std::string>
Lines(const std::string& text)
{
    std::vector<std::string> lines;
    std::istringstream is(text);
    std::string line;
    while (std::getline(is, line))
    {
        lines.push_back(line);
    }
    return lines;
}

/// Start a program (argv[0] a path) with its output in files; SIGINT and SIGTERM default.
pid_t
Spawn(const std::vector<std::string>& argv,
      const std::string& outFile,
      const std::string& errFile,
      const std::map<std::string, std::string>& env = {})
{
    std::vector<std::string> args = argv;
    std::vector<char*> cargv;
    for (auto& a : args)
    {
        cargv.push_back(a.data());
    }
    cargv.push_back(nullptr);
    pid_t pid = fork();
    if (pid == 0)
    {
        signal(SIGINT, SIG_DFL);
        signal(SIGTERM, SIG_DFL);
        sigset_t none;
        sigemptyset(&none);
        sigprocmask(SIG_SETMASK, &none, nullptr);
        for (const auto& [k, v] : env)
        {
            setenv(k.c_str(), v.c_str(), 1);
        }
        int out = open(outFile.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
        int err = open(errFile.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
        dup2(out, 1);
        dup2(err, 2);
        execv(cargv[0], cargv.data());
        _exit(127);
    }
    return pid;
}

int
WaitFor(pid_t pid)
{
    int status = 0;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
    {}
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

Result
Exec(const std::vector<std::string>& argv, const std::map<std::string, std::string>& env = {})
{
    static int counter = 0;
    fs::create_directories(WORK);
    const std::string base
        = WORK + "/io-" + std::to_string(getpid()) + "-" + std::to_string(counter++);
    Result r;
    r.code = WaitFor(Spawn(argv, base + ".out", base + ".err", env));
    r.out = ReadFile(base + ".out");
    r.err = ReadFile(base + ".err");
    fs::remove(base + ".out");
    fs::remove(base + ".err");
    return r;
}

/// An RFC 4180 CSV file: a header and rows.
struct Csv
{
    std::vector<std::string> header;
    std::vector<std::vector<std::string>> rows;

    std::string Get(std::size_t row, const std::string& column) const
    {
        for (std::size_t i = 0; i < header.size(); ++i)
        {
            if (header[i] == column)
            {
                return rows.at(row).at(i);
            }
        }
        ADD_FAILURE() << "no column " << column;
        return "";
    }

    double Num(std::size_t row, const std::string& column) const
    {
        std::string v = Get(row, column);
        EXPECT_FALSE(v.empty()) << column << " of row " << row;
        return std::strtod(v.c_str(), nullptr);
    }

    static Csv Read(const std::string& path)
    {
        Csv csv;
        std::string text = ReadFile(path);
        std::vector<std::string> record;
        std::string field;
        bool quoted = false;
        bool first = true;
        for (std::size_t i = 0; i < text.size(); ++i)
        {
            char c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.size() && text[i + 1] == '"')
                {
                    field += '"';
                    ++i;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    field += c;
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c == ',')
            {
                record.push_back(field);
                field.clear();
            }
            else if (c == '\n')
            {
                record.push_back(field);
                field.clear();
                (first ? csv.header : csv.rows.emplace_back()) = record;
                EXPECT_EQ(record.size(), csv.header.size()) << path << ": a row of another width";
                record.clear();
                first = false;
            }
            else
            {
                field += c;
            }
        }
        EXPECT_TRUE(record.empty() && field.empty()) << path << ": no final line break";
        return csv;
    }
};

bool
InPath(const std::string& program)
{
    const char* path = std::getenv("PATH");
    std::istringstream dirs(path ? path : "");
    std::string d;
    while (std::getline(dirs, d, ':'))
    {
        if (!d.empty() && access((d + "/" + program).c_str(), X_OK) == 0)
        {
            return true;
        }
    }
    return false;
}

std::vector<std::string>
FindFiles(const std::string& dir, const std::string& suffix)
{
    std::vector<std::string> found;
    if (!fs::exists(dir))
    {
        return found;
    }
    for (const auto& e : fs::recursive_directory_iterator(dir))
    {
        std::string p = e.path().string();
        if (p.size() >= suffix.size()
            && p.compare(p.size() - suffix.size(), suffix.size(), suffix) == 0)
        {
            found.push_back(p);
        }
    }
    return found;
}

class SweepFakeLab : public ::testing::Test
{
  protected:
    void SetUp() override
    {
        if (PYTHON.empty())
        {
            GTEST_SKIP() << "Python 3 was not found when configuring: the fake lab cannot run";
        }
        m_dir = WORK + "/" + ::testing::UnitTest::GetInstance()->current_test_info()->name();
        fs::remove_all(m_dir);
        fs::create_directories(m_dir);
        m_dir = fs::canonical(m_dir).string();
        // The fake lab through a wrapper that runs the real interpreter (not a shim that
        // depends on PATH), so that PATH can be changed for the sweep.
        static std::string interpreter;
        if (interpreter.empty())
        {
            Result r = Exec({PYTHON, "-c", "import sys; print(sys.executable)"});
            ASSERT_EQ(r.code, 0) << r.err;
            interpreter = r.out.substr(0, r.out.find('\n'));
        }
        m_lab = m_dir + "/fake-lab";
        std::ofstream(m_lab) << "#!/bin/sh\nexec '" << interpreter << "' '" << FAKE_LAB
                             << "' \"$@\"\n";
        chmod(m_lab.c_str(), 0755);
        m_counter = m_dir + "/launches.txt";
    }

    /// The 2x2 grid, 2 runs, in \p out.
    std::vector<std::string> Grid(const std::string& out, const std::string& jobs = "2") const
    {
        return {SWEEP,
                "--param",
                "loss=0,0.05",
                "--param=ns3::TcpFsmSocket::Msl=1s,5s",
                "--runs",
                "2",
                "--jobs",
                jobs,
                "--out",
                out,
                "--lab=" + m_lab};
    }

    static std::vector<std::string> Plus(std::vector<std::string> a,
                                         const std::vector<std::string>& b)
    {
        a.insert(a.end(), b.begin(), b.end());
        return a;
    }

    std::size_t Launches() const
    {
        return Lines(ReadFile(m_counter)).size();
    }

    std::string m_dir;
    std::string m_lab;
    std::string m_counter;
};

/// Check results.csv and aggregate.csv of the 2x2 grid (2 runs) against the fake lab's
/// formulas; \p crashed: the (loss 0.05, run 2) runs crashed.
void
CheckGrid(const std::string& dir, bool crashed)
{
    Csv results = Csv::Read(dir + "/results.csv");
    ASSERT_EQ(results.header,
              (std::vector<std::string>{"loss",
                                        "ns3::TcpFsmSocket::Msl",
                                        "run",
                                        "connections_attempted",
                                        "connections_completed",
                                        "connections_failed",
                                        "m",
                                        "retx_syn",
                                        "setup_time_median_s",
                                        "teardown_time_median_s",
                                        "time_wait_mean_s",
                                        "exit_status",
                                        "error"}));
    ASSERT_EQ(results.rows.size(), 8u);
    std::size_t row = 0;
    for (double loss : {0.0, 0.05})
    {
        for (double msl : {1.0, 5.0})
        {
            for (int run : {1, 2})
            {
                SCOPED_TRACE("row " + std::to_string(row));
                EXPECT_EQ(results.Get(row, "loss"), loss == 0 ? "0" : "0.05");
                EXPECT_EQ(results.Get(row, "ns3::TcpFsmSocket::Msl"), msl == 1 ? "1s" : "5s");
                EXPECT_EQ(results.Get(row, "run"), std::to_string(run));
                if (crashed && loss > 0 && run == 2)
                {
                    EXPECT_EQ(results.Get(row, "exit_status"), "139");
                    EXPECT_EQ(results.Get(row, "error"),
                              "killed by signal 11 (SIGSEGV): fake-lab: simulated crash in run 2");
                    EXPECT_EQ(results.Get(row, "m"), "");
                    ++row;
                    continue;
                }
                EXPECT_EQ(results.Get(row, "exit_status"), "0");
                EXPECT_EQ(results.Get(row, "error"), "");
                EXPECT_DOUBLE_EQ(results.Num(row, "m"), loss * 1000 + run);
                EXPECT_DOUBLE_EQ(results.Num(row, "time_wait_mean_s"), 2 * msl);
                EXPECT_DOUBLE_EQ(results.Num(row, "connections_completed"), 2 - run % 2);
                EXPECT_DOUBLE_EQ(results.Num(row, "setup_time_median_s"), 0.02 + loss * run);
                EXPECT_EQ(results.Get(row, "retx_syn").empty(), loss == 0);
                EXPECT_EQ(results.Get(row, "teardown_time_median_s").empty(), loss > 0);
                ++row;
            }
        }
    }

    // aggregate.csv: every mean and CI recomputed here from results.csv.
    Csv agg = Csv::Read(dir + "/aggregate.csv");
    ASSERT_EQ(agg.rows.size(), 4u);
    const std::vector<std::string> metrics(results.header.begin() + 3, results.header.end() - 2);
    std::vector<std::string> expectedHeader = {"loss", "ns3::TcpFsmSocket::Msl", "n", "failed"};
    for (const auto& m : metrics)
    {
        expectedHeader.push_back(m + "_mean");
        expectedHeader.push_back(m + "_ci95");
    }
    EXPECT_EQ(agg.header, expectedHeader);
    for (std::size_t a = 0; a < 4; ++a)
    {
        SCOPED_TRACE("aggregate row " + std::to_string(a));
        EXPECT_EQ(agg.Get(a, "loss"), results.Get(2 * a, "loss"));
        EXPECT_EQ(agg.Get(a, "ns3::TcpFsmSocket::Msl"),
                  results.Get(2 * a, "ns3::TcpFsmSocket::Msl"));
        const bool half = crashed && agg.Get(a, "loss") == "0.05";
        EXPECT_EQ(agg.Get(a, "n"), half ? "1" : "2");
        EXPECT_EQ(agg.Get(a, "failed"), half ? "1" : "0");
        for (const auto& m : metrics)
        {
            std::vector<double> v;
            for (std::size_t r : {2 * a, 2 * a + 1})
            {
                if (!results.Get(r, m).empty())
                {
                    v.push_back(std::strtod(results.Get(r, m).c_str(), nullptr));
                }
            }
            if (v.empty())
            {
                EXPECT_EQ(agg.Get(a, m + "_mean"), "") << m;
                EXPECT_EQ(agg.Get(a, m + "_ci95"), "") << m;
                continue;
            }
            double mean = v.size() == 2 ? (v[0] + v[1]) / 2 : v[0];
            EXPECT_NEAR(agg.Num(a, m + "_mean"), mean, 1e-9 * (1 + std::fabs(mean))) << m;
            if (v.size() == 1)
            {
                EXPECT_EQ(agg.Get(a, m + "_ci95"), "") << m;
                continue;
            }
            // n = 2: s = |x1 - x2| / sqrt(2), half-width = t(1) s / sqrt(2) = t(1) |x1 - x2| / 2
            double ci = T95_DF1 * std::fabs(v[0] - v[1]) / 2;
            EXPECT_NEAR(agg.Num(a, m + "_ci95"), ci, 1e-8 * (1 + ci)) << m;
        }
    }
    if (!crashed)
    {
        // and from the formulas: m = 1000 loss + run
        EXPECT_NEAR(agg.Num(2, "m_mean"), 51.5, 1e-9);
        EXPECT_NEAR(agg.Num(2, "m_ci95"), T95_DF1 / 2, 1e-8);
        EXPECT_NEAR(agg.Num(1, "time_wait_mean_s_mean"), 10, 1e-9);
        EXPECT_NEAR(agg.Num(1, "time_wait_mean_s_ci95"), 0, 1e-12);
    }
}

} // namespace

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

TEST_F(SweepFakeLab, EmittedJobsRunBySh)
{
    const auto crash = std::vector<std::string>{"--", "--crash-run=2", "--crash-loss=0.05"};
    const std::string normal = m_dir + "/normal";
    ASSERT_EQ(Exec(Plus(Grid(normal), crash)).code, 1);

    const std::string out = m_dir + "/emitted";
    const std::string jobs = m_dir + "/jobs.txt";
    Result r = Exec(Plus(Plus(Grid(out), {"--emit-jobs", jobs}),
                         {"--", "--crash-run=2", "--crash-loss=0.05", "--counter=" + m_counter}));
    ASSERT_EQ(r.code, 0) << r.err;
    EXPECT_EQ(Launches(), 0u); // nothing runs
    auto lines = Lines(ReadFile(jobs));
    ASSERT_EQ(lines.size(), 8u);
    int ok = 0;
    int crashed = 0;
    for (const auto& line : lines)
    {
        EXPECT_EQ(line.rfind("sh -c '", 0), 0u) << line;
        EXPECT_NE(line.find(m_lab + " "), std::string::npos) << line; // absolute lab path
        EXPECT_NE(line.find(" --out=" + out + "/runs/"), std::string::npos) << line;
        int code = Exec({"/bin/sh", "-c", line}).code;
        ok += code == 0;
        crashed += code == 139;
    }
    EXPECT_EQ(ok, 6);
    EXPECT_EQ(crashed, 2);
    EXPECT_EQ(Launches(), 8u);

    r = Exec({SWEEP, "--collect", out});
    EXPECT_EQ(r.code, 1) << r.err; // two runs failed
    EXPECT_NE(r.err.find("collected 8 runs of 4 grid points"), std::string::npos) << r.err;
    EXPECT_EQ(ReadFile(out + "/results.csv"), ReadFile(normal + "/results.csv"));
    EXPECT_EQ(ReadFile(out + "/aggregate.csv"), ReadFile(normal + "/aggregate.csv"));
    CheckGrid(out, true);

    // The lines are idempotent: run again, only the failed runs run again.
    for (const auto& line : lines)
    {
        Exec({"/bin/sh", "-c", line});
    }
    EXPECT_EQ(Launches(), 10u);
    // Emitting again leaves out finished and failed runs, unless --retry-failed.
    ASSERT_EQ(Exec(Plus(Plus(Grid(out), {"--emit-jobs", jobs}), crash)).code, 0);
    EXPECT_EQ(Lines(ReadFile(jobs)).size(), 0u);
    ASSERT_EQ(Exec(Plus(Plus(Grid(out), {"--emit-jobs", jobs, "--retry-failed"}), crash)).code, 0);
    EXPECT_EQ(Lines(ReadFile(jobs)).size(), 2u);
}

TEST_F(SweepFakeLab, EmittedSlurmArray)
{
    const std::string normal = m_dir + "/normal";
    ASSERT_EQ(Exec(Grid(normal)).code, 0);
    const std::string out = m_dir + "/slurm-sweep";
    const std::string slurm = m_dir + "/slurm";
    const std::string jobs = m_dir + "/jobs.txt";
    Result r = Exec(Plus(Grid(out), {"--emit-slurm", slurm, "--emit-jobs", jobs}));
    ASSERT_EQ(r.code, 0) << r.err;
    EXPECT_EQ(ReadFile(slurm + "/jobs.txt"), ReadFile(jobs));
    EXPECT_EQ(Lines(ReadFile(jobs)).size(), 8u);
    const std::string script = slurm + "/sweep.sbatch";
    auto lines = Lines(ReadFile(script));
    ASSERT_FALSE(lines.empty());
    EXPECT_EQ(lines[0], "#!/bin/sh");
    bool commands = false;
    int directives = 0;
    bool array = false;
    for (const auto& l : lines)
    {
        if (l.rfind("#SBATCH", 0) == 0)
        {
            EXPECT_FALSE(commands) << "#SBATCH after the first command: " << l;
            ++directives;
            array |= l == "#SBATCH --array=1-8";
        }
        else if (!l.empty() && l[0] != '#')
        {
            commands = true;
        }
    }
    EXPECT_TRUE(array);
    EXPECT_GE(directives, 3);
    EXPECT_EQ(Exec({"/bin/sh", "-n", script}).code, 0);
    EXPECT_TRUE(access(script.c_str(), X_OK) == 0);

    for (int task = 1; task <= 8; ++task)
    {
        r = Exec({"/bin/sh", script}, {{"SLURM_ARRAY_TASK_ID", std::to_string(task)}});
        EXPECT_EQ(r.code, 0) << "task " << task << ": " << r.err;
    }
    r = Exec({"/bin/sh", script}, {{"SLURM_ARRAY_TASK_ID", "9"}});
    EXPECT_EQ(r.code, 1);
    EXPECT_NE(r.err.find("no line 9"), std::string::npos) << r.err;

    r = Exec({SWEEP, "--collect", out});
    EXPECT_EQ(r.code, 0) << r.err;
    EXPECT_EQ(ReadFile(out + "/results.csv"), ReadFile(normal + "/results.csv"));
    EXPECT_EQ(ReadFile(out + "/aggregate.csv"), ReadFile(normal + "/aggregate.csv"));
}

TEST_F(SweepFakeLab, GnuParallelRunsTheEmittedJobs)
{
    if (!InPath("parallel"))
    {
        GTEST_SKIP() << "GNU parallel is not installed: its path is not tested "
                        "(apt-get install parallel)";
    }
    const auto crash = std::vector<std::string>{"--", "--crash-run=2", "--crash-loss=0.05"};
    const std::string normal = m_dir + "/normal";
    ASSERT_EQ(Exec(Plus(Grid(normal), crash)).code, 1);
    const std::string out = m_dir + "/parallel-sweep";
    const std::string jobs = m_dir + "/jobs.txt";
    ASSERT_EQ(Exec(Plus(Plus(Grid(out), {"--emit-jobs", jobs}), crash)).code, 0);
    // --sshlogin 2/: is the local machine through parallel's multi-host code path
    Result r = Exec({"/bin/sh", "-c", "parallel --will-cite -j2 --sshlogin 2/: < '" + jobs + "'"});
    EXPECT_EQ(r.code, 2) << r.err; // parallel: the number of failed jobs
    r = Exec({SWEEP, "--collect", out});
    EXPECT_EQ(r.code, 1) << r.err;
    EXPECT_EQ(ReadFile(out + "/results.csv"), ReadFile(normal + "/results.csv"));
    EXPECT_EQ(ReadFile(out + "/aggregate.csv"), ReadFile(normal + "/aggregate.csv"));
}

TEST_F(SweepFakeLab, CollectNeedsOneSweepsDirectories)
{
    Result r = Exec({SWEEP, "--collect", m_dir + "/nothing"});
    EXPECT_EQ(r.code, 1);
    EXPECT_NE(r.err.find("runs: no such directory"), std::string::npos) << r.err;

    const std::string out = m_dir + "/sweep";
    ASSERT_EQ(Exec(Grid(out)).code, 0);
    fs::create_directories(out + "/runs/notes"); // not a point: skipped with a message
    r = Exec({SWEEP, "--collect", out, "--runs", "1"});
    EXPECT_EQ(r.code, 0) << r.err;
    EXPECT_NE(r.err.find("skipping " + out + "/runs/notes"), std::string::npos) << r.err;
    EXPECT_EQ(Csv::Read(out + "/results.csv").rows.size(), 4u); // run 1 only
    // with --param, only those points
    r = Exec({SWEEP,
              "--collect",
              out,
              "--param",
              "loss=0.05",
              "--param",
              "ns3::TcpFsmSocket::Msl=5s,1s"});
    EXPECT_EQ(r.code, 0) << r.err;
    Csv results = Csv::Read(out + "/results.csv");
    ASSERT_EQ(results.rows.size(), 4u);
    EXPECT_EQ(results.Get(0, "ns3::TcpFsmSocket::Msl"), "5s"); // in the order given
    fs::create_directories(out + "/runs/delay=1ms");
    r = Exec({SWEEP, "--collect", out});
    EXPECT_EQ(r.code, 1);
    EXPECT_NE(r.err.find("its parameters differ"), std::string::npos) << r.err;
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
    EXPECT_NE(catDat.find("# loss=0\n0 1.5 " + ci + "02368 \"client\"\n1 1.5 "), std::string::npos)
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

TEST_F(SweepFakeLab, ShellQuotingOfTheJobLines)
{
    // values and lab options that need quoting reach the lab intact through sh
    const std::string out = m_dir + "/odd dir's";
    const std::string jobs = m_dir + "/jobs.txt";
    Result r = Exec({SWEEP,
                     "--param",
                     "close=client,half",
                     "--out",
                     out,
                     "--lab",
                     m_lab,
                     "--emit-jobs",
                     jobs,
                     "--",
                     "--counter=" + m_dir + "/count $HOME 'q'"});
    ASSERT_EQ(r.code, 0) << r.err;
    for (const auto& line : Lines(ReadFile(jobs)))
    {
        EXPECT_EQ(Exec({"/bin/sh", "-c", line}).code, 0) << line;
    }
    EXPECT_EQ(Lines(ReadFile(m_dir + "/count $HOME 'q'")).size(), 2u);
    EXPECT_EQ(Exec({SWEEP, "--collect", out}).code, 0);
    EXPECT_EQ(Csv::Read(out + "/results.csv").rows.size(), 2u);
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
