/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * tcp-fsm-bench's driver: whole-process runs of the program, interleaved by stack, and
 * their summaries (see tcp-fsm-bench-driver.h).
 */
#include "ns3/tcp-fsm-bench-driver.h"

#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <iomanip>
#include <iostream>
#include <map>
#include <sstream>
#include <sys/wait.h>

namespace ns3
{

namespace
{

/// key=value pairs of one output line.
std::map<std::string, std::string>
ParseLine(const std::string& line)
{
    std::map<std::string, std::string> kv;
    std::istringstream is(line);
    std::string tok;
    while (is >> tok)
    {
        auto eq = tok.find('=');
        if (eq != std::string::npos)
        {
            kv[tok.substr(0, eq)] = tok.substr(eq + 1);
        }
    }
    return kv;
}

/// One whole-process run of this program: its output and its wall time from fork to exit.
struct ChildRun
{
    int status{-1};
    std::string out;
    double totalS{0};
};

ChildRun
RunChild(const std::vector<std::string>& args)
{
    ChildRun r;
    int fds[2];
    if (pipe(fds) != 0)
    {
        r.out = std::string("pipe: ") + std::strerror(errno);
        return r;
    }
    std::vector<char*> argv;
    for (const auto& a : args)
    {
        argv.push_back(const_cast<char*>(a.c_str()));
    }
    argv.push_back(nullptr);
    auto t0 = std::chrono::steady_clock::now();
    pid_t pid = fork();
    if (pid == 0)
    {
        dup2(fds[1], STDOUT_FILENO);
        close(fds[0]);
        close(fds[1]);
        execv("/proc/self/exe", argv.data());
        std::perror("tcp-fsm-bench: exec");
        _exit(127);
    }
    close(fds[1]);
    if (pid < 0)
    {
        close(fds[0]);
        r.out = std::string("fork: ") + std::strerror(errno);
        return r;
    }
    char buf[4096];
    ssize_t n;
    while ((n = read(fds[0], buf, sizeof(buf))) > 0 || (n < 0 && errno == EINTR))
    {
        if (n > 0)
        {
            r.out.append(buf, static_cast<size_t>(n));
        }
    }
    close(fds[0]);
    int status = 0;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
    {}
    r.totalS = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    r.status = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    return r;
}

/// min, median and max of @p v (the median of an even count is the mean of the middle two).
std::string
Spread(const std::string& name, std::vector<double> v)
{
    std::sort(v.begin(), v.end());
    const size_t n = v.size();
    const double median = n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
    std::ostringstream os;
    os << std::fixed << std::setprecision(4) << " " << name << "_min=" << v.front() << " " << name
       << "_median=" << median << " " << name << "_max=" << v.back();
    return os.str();
}

double
Median(std::vector<double> v)
{
    std::sort(v.begin(), v.end());
    const size_t n = v.size();
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

} // namespace

int
TcpFsmBenchDrive(int argc, char** argv, const std::vector<std::string>& stacks, uint64_t repeat)
{
    std::vector<std::string> base{argv[0]};
    for (int i = 1; i < argc; ++i)
    {
        std::string a = argv[i];
        bool drop = false;
        for (const char* o : {"--compare", "--stack", "--repeat", "--once"})
        {
            const std::string opt(o);
            drop = drop || a == opt || a.rfind(opt + "=", 0) == 0;
        }
        if (!drop)
        {
            base.push_back(a);
        }
    }
    struct Series
    {
        std::vector<double> total, run, rest;
        std::vector<uint64_t> index; ///< the repeat each value comes from
        uint64_t connections{0};
    };
    std::map<std::string, Series> series;
    int rc = 0;
    for (uint64_t k = 1; k <= repeat; ++k)
    {
        for (const std::string& stack : stacks)
        {
            std::vector<std::string> args = base;
            args.push_back("--stack=" + stack);
            args.push_back("--once");
            ChildRun c = RunChild(args);
            std::string line = c.out;
            while (!line.empty() && (line.back() == '\n' || line.back() == '\r'))
            {
                line.pop_back();
            }
            auto kv = ParseLine(line);
            if (c.status != 0 || kv.count("run_s") == 0)
            {
                std::cerr << "tcp-fsm-bench: run " << k << " of stack " << stack
                          << " ended with status " << c.status << std::endl;
                rc = rc ? rc : (c.status == 2 ? 2 : 1);
            }
            std::cout << "run=" << k << " " << line << std::fixed << std::setprecision(4)
                      << " total_s=" << c.totalS << std::endl;
            if (kv.count("run_s"))
            {
                Series& s = series[stack];
                const double run = std::atof(kv["run_s"].c_str());
                s.total.push_back(c.totalS);
                s.run.push_back(run);
                s.rest.push_back(c.totalS - run);
                s.index.push_back(k);
                s.connections = std::strtoull(kv["connections"].c_str(), nullptr, 10);
            }
        }
    }
    for (const std::string& stack : stacks)
    {
        const Series& s = series[stack];
        if (s.run.empty())
        {
            continue;
        }
        std::cout << "summary stack=" << stack << " runs=" << s.run.size()
                  << Spread("total_s", s.total) << Spread("run_s", s.run)
                  << Spread("startup_s", s.rest) << std::fixed << std::setprecision(2)
                  << " us_per_conn_median=" << Median(s.run) * 1e6 / double(s.connections)
                  << std::endl;
    }
    auto ratio = [&series](const std::string& a, const std::string& b)
    {
        const Series& x = series[a];
        const Series& y = series[b];
        if (x.run.empty() || y.run.empty())
        {
            return;
        }
        // Run by run: the two stacks' runs of one repeat are made seconds apart, so their
        // ratio holds when the machine's speed changes between repeats (a VM whose CPUs
        // are slowed by turns).
        std::vector<double> paired;
        for (std::size_t i = 0; i < x.index.size(); ++i)
        {
            for (std::size_t j = 0; j < y.index.size(); ++j)
            {
                if (x.index[i] == y.index[j] && y.run[j] > 0)
                {
                    paired.push_back(x.run[i] / y.run[j]);
                }
            }
        }
        std::cout << "ratio " << a << "/" << b << ": run_s=" << std::fixed << std::setprecision(2)
                  << Median(x.run) / Median(y.run)
                  << " total_s=" << Median(x.total) / Median(y.total) << " (medians)";
        if (!paired.empty())
        {
            std::cout << " paired_run_s=" << Median(paired) << " ["
                      << *std::min_element(paired.begin(), paired.end()) << ".."
                      << *std::max_element(paired.begin(), paired.end()) << "] (run by run)";
        }
        std::cout << std::endl;
    };
    auto has = [&stacks](const std::string& s)
    {
        return std::find(stacks.begin(), stacks.end(), s) != stacks.end();
    };
    if (has("ns3") && has("fsm"))
    {
        ratio("ns3", "fsm");
    }
    if (has("fsm") && has("floor"))
    {
        ratio("fsm", "floor");
    }
    if (has("ns3") && has("floor"))
    {
        ratio("ns3", "floor");
    }
    return rc;
}

} // namespace ns3
