/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * What the tests of tcp-fsm-sweep as a program share: running a process with its output in
 * files, reading the CSV files it writes, the fixture that runs it against the stand-in lab
 * (test/sweep/fake-lab.py, whose metrics are formulas of its arguments), and the check of
 * results.csv and aggregate.csv of its 2x2 grid (means and confidence intervals computed
 * here, independently).
 */
#ifndef TCP_FSM_SWEEP_RUN_FIXTURE_H
#define TCP_FSM_SWEEP_RUN_FIXTURE_H

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cmath>
#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <gtest/gtest.h>
#include <map>
#include <sstream>
#include <string>
#include <sys/stat.h>
#include <sys/wait.h>
#include <vector>

namespace ns3
{
namespace test
{

namespace fs = std::filesystem;

inline const std::string SWEEP = TCP_FSM_SWEEP_PROGRAM;
inline const std::string FAKE_LAB = TCP_FSM_SWEEP_FAKE_LAB;
inline const std::string PYTHON = TCP_FSM_SWEEP_PYTHON;
inline const std::string WORK = TCP_FSM_SWEEP_WORK;
inline constexpr double T95_DF1 = 12.706204736; // Student t, 0.975 quantile, 1 degree of freedom

struct Result
{
    int code{-1}; ///< exit status, or 128 + signal
    std::string out;
    std::string err;
};

inline std::string
ReadFile(const std::string& path)
{
    std::ifstream in(path, std::ios::binary);
    return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

inline std::vector<std::string>
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
inline pid_t
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

inline int
WaitFor(pid_t pid)
{
    int status = 0;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
    {}
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

inline Result
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

inline bool
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

inline std::vector<std::string>
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
inline void
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

} // namespace test
} // namespace ns3

#endif /* TCP_FSM_SWEEP_RUN_FIXTURE_H */
