/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "ns3/tcp-fsm-sweep.h"

#include "ns3/tcp-fsm-cli.h"
#include "ns3/tcp-fsm-sweep-report.h"
#include "ns3/tcp-fsm-sweep-results.h"
#include "ns3/tcp-fsm-sweep-runner.h"

#include <dirent.h>
#include <fcntl.h>
#include <ftw.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <climits>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <map>
#include <set>
#include <sys/file.h>
#include <sys/stat.h>

namespace ns3
{

namespace
{

const char* const PROGRAM = "tcp-fsm-sweep";

/// mkdir -p
bool
MakeDirs(const std::string& path, std::string& error)
{
    std::string partial;
    std::string::size_type start = 0;
    while (start <= path.size())
    {
        auto slash = path.find('/', start);
        partial = path.substr(0, slash);
        if (!partial.empty() && mkdir(partial.c_str(), 0755) != 0 && errno != EEXIST)
        {
            error = "cannot create " + partial + ": " + std::strerror(errno);
            return false;
        }
        if (slash == std::string::npos)
        {
            break;
        }
        start = slash + 1;
    }
    struct stat st;
    if (stat(path.c_str(), &st) != 0 || !S_ISDIR(st.st_mode))
    {
        error = path + " is not a directory";
        return false;
    }
    return true;
}

std::string
RealPath(const std::string& path)
{
    char buf[PATH_MAX];
    return realpath(path.c_str(), buf) ? std::string(buf) : path;
}

bool
IsDir(const std::string& path)
{
    struct stat st;
    return stat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode);
}

bool
IsExecutableFile(const std::string& path)
{
    struct stat st;
    return stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode) && access(path.c_str(), X_OK) == 0;
}

int
RemoveEntry(const char* path, const struct stat*, int, struct FTW*)
{
    return std::remove(path);
}

/// rm -rf of a run's directory (a leftover of an interrupted or failed run).
void
RemoveTree(const std::string& path)
{
    struct stat st;
    if (lstat(path.c_str(), &st) != 0)
    {
        return;
    }
    if (S_ISDIR(st.st_mode))
    {
        nftw(path.c_str(), &RemoveEntry, 16, FTW_DEPTH | FTW_PHYS);
    }
    else
    {
        std::remove(path.c_str());
    }
}

std::vector<std::string>
ListDir(const std::string& path)
{
    std::vector<std::string> names;
    if (DIR* d = opendir(path.c_str()))
    {
        while (struct dirent* e = readdir(d))
        {
            std::string n = e->d_name;
            if (n != "." && n != "..")
            {
                names.push_back(n);
            }
        }
        closedir(d);
    }
    std::sort(names.begin(), names.end());
    return names;
}

/// Holds an exclusive lock on DIR/.tcp-fsm-sweep.lock while it lives.
class DirLock
{
  public:
    bool Take(const std::string& dir, std::string& error)
    {
        m_fd = open((dir + "/.tcp-fsm-sweep.lock").c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
        if (m_fd < 0 || flock(m_fd, LOCK_EX | LOCK_NB) != 0)
        {
            error = "another tcp-fsm-sweep is working on " + dir;
            return false;
        }
        return true;
    }

    ~DirLock()
    {
        if (m_fd >= 0)
        {
            close(m_fd);
        }
    }

  private:
    int m_fd{-1};
};

/// The lab to run: --lab (a path, or a name looked up in PATH) or tcp-fsm-lab next to us.
bool
ResolveLab(const std::string& given, std::string& lab, std::string& error)
{
    if (!given.empty())
    {
        if (given.find('/') != std::string::npos)
        {
            lab = RealPath(given);
        }
        else
        {
            const char* path = std::getenv("PATH");
            std::string dirs = path ? path : "/usr/bin:/bin";
            std::string::size_type start = 0;
            lab.clear();
            while (start <= dirs.size() && lab.empty())
            {
                auto colon = dirs.find(':', start);
                std::string d = dirs.substr(start, colon - start);
                std::string candidate = (d.empty() ? "." : d) + "/" + given;
                if (IsExecutableFile(candidate))
                {
                    lab = RealPath(candidate);
                }
                start = colon == std::string::npos ? dirs.size() + 1 : colon + 1;
            }
        }
        if (lab.empty() || !IsExecutableFile(lab))
        {
            error = "--lab=" + given + ": not an executable program";
            return false;
        }
        return true;
    }
    char buf[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", buf, sizeof(buf) - 1);
    std::string self = n > 0 ? std::string(buf, static_cast<std::size_t>(n)) : "";
    auto slash = self.rfind('/');
    std::string dir = slash == std::string::npos ? "." : self.substr(0, slash);
    std::string base = slash == std::string::npos ? self : self.substr(slash + 1);
    // in an ns-3 source tree, programs are named e.g. ns3.37-tcp-fsm-sweep-default
    auto at = base.find(PROGRAM);
    std::string labName = at == std::string::npos ? std::string("tcp-fsm-lab")
                                                  : base.substr(0, at) + "tcp-fsm-lab"
                                                        + base.substr(at + std::strlen(PROGRAM));
    lab = dir + "/" + labName;
    if (!IsExecutableFile(lab))
    {
        error
            = "no lab program: " + lab + " does not exist (build tcp-fsm-lab, or give --lab=PATH)";
        return false;
    }
    return true;
}

void
Say(const std::string& text)
{
    std::cerr << PROGRAM << ": " << text << std::endl;
}

std::string
PointText(const std::vector<std::string>& names, const TcpFsmSweepPoint& point)
{
    std::string text;
    for (std::size_t i = 0; i < names.size(); ++i)
    {
        text += (i ? ", " : "") + names[i] + "=" + point.values[i];
    }
    return text;
}

/// Draw every --plot; false when one failed (each failure is reported).
bool
DrawPlots(const TcpFsmSweepOptions& o, const TcpFsmSweepResults& results, const std::string& dir)
{
    std::vector<std::string> svgs;
    auto report = [&results, &dir, &svgs]()
    {
        std::string error;
        if (!TcpFsmSweepReport::Write(results, svgs, dir, error))
        {
            Say(error);
            return false;
        }
        return true;
    };
    if (o.plots.empty())
    {
        return report();
    }
    std::string gnuplot = TcpFsmSweepPlot::FindGnuplot();
    if (gnuplot.empty())
    {
        Say("gnuplot is not installed: writing the plots' data and scripts only (" + dir
            + "/plots/*.gp; draw them later with gnuplot)");
    }
    bool ok = true;
    for (const auto& spec : o.plots)
    {
        std::vector<std::string> written;
        std::string error;
        if (!TcpFsmSweepPlot::Write(results, spec, dir, gnuplot, written, error))
        {
            Say(error);
            ok = false;
            continue;
        }
        std::string list;
        for (const auto& w : written)
        {
            list += (list.empty() ? "" : " ") + w.substr(w.rfind('/') + 1);
            if (w.size() > 4 && w.compare(w.size() - 4, 4, ".svg") == 0)
            {
                svgs.push_back(w);
            }
        }
        Say("plot " + spec.text + ": " + dir + "/plots/ " + list);
    }
    return report() && ok;
}

int
Collect(const TcpFsmSweepOptions& o)
{
    std::string error;
    const std::string dir = RealPath(o.collect);
    const std::string runsDir = dir + "/runs";
    if (!IsDir(runsDir))
    {
        Say(runsDir + ": no such directory (nothing to collect)");
        return 1;
    }
    DirLock lock;
    if (!lock.Take(dir, error))
    {
        Say(error);
        return 1;
    }
    std::vector<std::string> names = o.grid.Names();
    std::vector<TcpFsmSweepPoint> points;
    if (!names.empty())
    {
        points = o.grid.Expand();
    }
    else
    {
        // The parameters and their values, from the point directories' names.
        std::set<std::string> present;
        std::vector<std::set<std::string>> values;
        std::string first;
        for (const auto& entry : ListDir(runsDir))
        {
            std::vector<std::pair<std::string, std::string>> pairs;
            if (!IsDir(runsDir + "/" + entry) || !TcpFsmSweepGrid::DecodePointId(entry, pairs))
            {
                Say("skipping " + runsDir + "/" + entry + ": not a grid point's directory");
                continue;
            }
            std::vector<std::string> these;
            for (const auto& [name, value] : pairs)
            {
                these.push_back(name);
            }
            if (first.empty())
            {
                first = entry;
                names = these;
                values.resize(names.size());
            }
            else if (these != names)
            {
                Say(runsDir + "/" + entry + ": its parameters differ from those of " + first
                    + " (collect one sweep at a time, or give its --param options)");
                return 1;
            }
            for (std::size_t i = 0; i < pairs.size(); ++i)
            {
                values[i].insert(pairs[i].second);
            }
            present.insert(entry);
        }
        TcpFsmSweepGrid grid;
        for (std::size_t i = 0; i < names.size(); ++i)
        {
            TcpFsmSweepParam p;
            p.name = names[i];
            p.values = TcpFsmSweepAxis::Sorted({values[i].begin(), values[i].end()});
            grid.Add(p, error);
        }
        for (auto& point : grid.Expand())
        {
            if (present.count(point.id))
            {
                points.push_back(std::move(point));
            }
        }
    }
    for (const auto& spec : o.plots)
    {
        if (!names.empty() && TcpFsmSweepPlot::FindParam(names, spec.param, error) < 0)
        {
            Say("--plot " + spec.text + ": " + error);
            return 2;
        }
    }
    TcpFsmSweepResults results(names, points);
    for (std::size_t p = 0; p < points.size(); ++p)
    {
        const std::string pointDir = runsDir + "/" + points[p].id;
        std::set<uint32_t> runs;
        for (const auto& entry : ListDir(pointDir))
        {
            if (entry.rfind("run-", 0) != 0)
            {
                continue;
            }
            std::string rest = entry.substr(4);
            for (const char* suffix : {".log", ".FAILED"})
            {
                std::string s(suffix);
                if (rest.size() > s.size()
                    && rest.compare(rest.size() - s.size(), s.size(), s) == 0)
                {
                    rest = rest.substr(0, rest.size() - s.size());
                }
            }
            uint64_t r = 0;
            if (TcpFsmCli::ParseUint(rest, r) && r >= 1 && r <= UINT32_MAX
                && std::to_string(r) == rest && (!o.runsGiven || r <= o.runs))
            {
                runs.insert(static_cast<uint32_t>(r));
            }
        }
        for (uint32_t r : runs)
        {
            TcpFsmSweepRunResult result;
            result.point = p;
            result.run = r;
            auto files = TcpFsmSweepRunFiles::Of(dir, points[p].id, r);
            if (TcpFsmSweepInspectRun(files, true, result) != TcpFsmSweepRunState::PENDING)
            {
                results.Set(result);
            }
        }
    }
    if (!results.Write(dir, error))
    {
        Say(error);
        return 1;
    }
    const std::size_t ok = results.CountOk();
    const std::size_t failed = results.CountFailed();
    Say("collected " + std::to_string(ok + failed) + " runs of " + std::to_string(points.size())
        + " grid points from " + runsDir + ": " + std::to_string(ok) + " with a summary, "
        + std::to_string(failed) + " failed; wrote " + dir + "/results.csv and aggregate.csv");
    bool plotsOk = DrawPlots(o, results, dir);
    if (ok + failed == 0)
    {
        Say("nothing collected: no run in " + runsDir);
        return 1;
    }
    return (!plotsOk || failed > 0) ? 1 : 0;
}

int
Emit(const TcpFsmSweepOptions& o,
     const std::string& lab,
     const std::string& dir,
     const std::vector<std::pair<std::size_t, uint32_t>>& todo,
     const std::vector<TcpFsmSweepPoint>& points,
     std::size_t finished,
     std::size_t failedSkipped)
{
    std::string lines;
    for (const auto& [p, r] : todo)
    {
        auto files = TcpFsmSweepRunFiles::Of(dir, points[p].id, r);
        lines
            += TcpFsmSweep::JobLine(lab, TcpFsmSweep::LabArgs(o, points[p], r, files.runDir), files)
               + "\n";
    }
    std::string error;
    std::string what = std::to_string(todo.size()) + " commands";
    if (!o.emitJobs.empty())
    {
        if (!TcpFsmWriteFileAtomic(o.emitJobs, lines, error))
        {
            Say(error);
            return 1;
        }
        Say("wrote " + what + " to " + o.emitJobs + " (run them with: parallel < " + o.emitJobs
            + "; then: tcp-fsm-sweep --collect " + dir + ")");
    }
    if (!o.emitSlurm.empty())
    {
        if (!MakeDirs(o.emitSlurm, error))
        {
            Say(error);
            return 1;
        }
        const std::string slurm = RealPath(o.emitSlurm);
        if (!TcpFsmWriteFileAtomic(slurm + "/jobs.txt", lines, error))
        {
            Say(error);
            return 1;
        }
        if (todo.empty())
        {
            std::remove((slurm + "/sweep.sbatch").c_str());
            Say("wrote an empty " + slurm + "/jobs.txt and no sweep.sbatch: nothing to run");
        }
        else
        {
            const std::string script = slurm + "/sweep.sbatch";
            if (!TcpFsmWriteFileAtomic(
                    script,
                    TcpFsmSweep::SlurmScript(slurm + "/jobs.txt", todo.size(), slurm, dir),
                    error))
            {
                Say(error);
                return 1;
            }
            chmod(script.c_str(), 0755);
            Say("wrote " + slurm + "/jobs.txt (" + what + ") and " + script
                + " (submit with: sbatch " + script + "; then: tcp-fsm-sweep --collect " + dir
                + ")");
        }
    }
    if (finished + failedSkipped > 0)
    {
        Say("left out " + std::to_string(finished) + " finished and "
            + std::to_string(failedSkipped) + " failed runs (--retry-failed includes failed ones)");
    }
    return 0;
}

int
RunSweep(const TcpFsmSweepOptions& o)
{
    std::string error;
    std::string lab;
    if (!ResolveLab(o.lab, lab, error))
    {
        Say(error);
        return 2;
    }
    if (!MakeDirs(o.out, error))
    {
        Say(error);
        return 1;
    }
    const std::string dir = RealPath(o.out);
    DirLock lock;
    if (!lock.Take(dir, error))
    {
        Say(error);
        return 1;
    }
    const std::vector<std::string> names = o.grid.Names();
    const std::vector<TcpFsmSweepPoint> points = o.grid.Expand();
    TcpFsmSweepResults results(names, points);
    std::vector<std::pair<std::size_t, uint32_t>> todo;
    std::size_t finished = 0;
    std::size_t failedBefore = 0;
    std::size_t retrying = 0;
    for (std::size_t p = 0; p < points.size(); ++p)
    {
        for (uint32_t r = 1; r <= o.runs; ++r)
        {
            TcpFsmSweepRunResult result;
            result.point = p;
            result.run = r;
            auto files = TcpFsmSweepRunFiles::Of(dir, points[p].id, r);
            switch (TcpFsmSweepInspectRun(files, false, result))
            {
            case TcpFsmSweepRunState::FINISHED:
                ++finished;
                results.Set(result);
                break;
            case TcpFsmSweepRunState::FAILED:
                if (o.retryFailed)
                {
                    ++retrying;
                    todo.emplace_back(p, r);
                }
                else
                {
                    ++failedBefore;
                }
                results.Set(result); // until it runs again
                break;
            case TcpFsmSweepRunState::PENDING:
                todo.emplace_back(p, r);
                break;
            }
        }
    }
    if (!o.emitJobs.empty() || !o.emitSlurm.empty())
    {
        return Emit(o, lab, dir, todo, points, finished, failedBefore);
    }

    const std::size_t total = points.size() * o.runs;
    const uint32_t jobs = o.jobs ? o.jobs : TcpFsmSweep::DefaultJobs();
    Say(std::to_string(points.size()) + " grid points x " + std::to_string(o.runs) + " runs = "
        + std::to_string(total) + " runs: " + std::to_string(finished) + " finished before, "
        + (o.retryFailed ? std::to_string(retrying) + " failed to retry, "
                         : std::to_string(failedBefore)
                               + " failed before (skipped; --retry-failed runs them again), ")
        + std::to_string(todo.size()) + " to run, " + std::to_string(jobs) + " at a time; lab "
        + lab);
    if (!results.Write(dir, error))
    {
        Say(error);
        return 1;
    }

    std::vector<TcpFsmSweepJob> jobList;
    for (const auto& [p, r] : todo)
    {
        auto files = TcpFsmSweepRunFiles::Of(dir, points[p].id, r);
        TcpFsmSweepJob job;
        job.point = p;
        job.run = r;
        job.argv.push_back(lab);
        for (auto& a : TcpFsmSweep::LabArgs(o, points[p], r, files.runDir))
        {
            job.argv.push_back(a);
        }
        job.cwd = files.pointDir;
        job.stdoutPath = files.out;
        job.stderrPath = files.log;
        jobList.push_back(std::move(job));
    }

    std::size_t done = finished + failedBefore;
    bool writeFailed = false;
    std::string rejected; // the lab refused its options (exit status 2)
    auto before = [&](const TcpFsmSweepJob& job)
    {
        auto files = TcpFsmSweepRunFiles::Of(dir, points[job.point].id, job.run);
        std::string err;
        MakeDirs(files.pointDir, err);
        RemoveTree(files.runDir);
        std::remove(files.failed.c_str());
        results.Erase(job.point, job.run);
    };
    auto after = [&](const TcpFsmSweepJob& job, int status, bool interrupted)
    {
        auto files = TcpFsmSweepRunFiles::Of(dir, points[job.point].id, job.run);
        TcpFsmSweepRunResult result;
        result.point = job.point;
        result.run = job.run;
        auto state = TcpFsmSweepInspectRun(files, false, result);
        const std::string where
            = PointText(names, points[job.point]) + ", run " + std::to_string(job.run);
        if (state != TcpFsmSweepRunState::FINISHED)
        {
            if (interrupted)
            {
                return; // not a result: it runs again next time
            }
            if (status == 2)
            {
                if (rejected.empty())
                {
                    rejected = where + ": " + TcpFsmSweepErrorText(2, files.log, "");
                }
                return; // a usage error, not a result: fix the options and run again
            }
            std::string err;
            if (!TcpFsmSweepWriteFailedMarker(files, status, err))
            {
                Say(err);
            }
            TcpFsmSweepInspectRun(files, false, result);
            result.exitStatus = status;
        }
        results.Set(result);
        ++done;
        Say(std::to_string(done) + "/" + std::to_string(total) + " runs done, "
            + std::to_string(results.CountFailed()) + " failed  [" + where
            + (result.ok ? ""
                         : ": FAILED, exit status " + std::to_string(status) + ": " + result.error)
            + "]");
        std::string err;
        if (!results.Write(dir, err) && !writeFailed)
        {
            writeFailed = true;
            Say(err);
        }
    };
    TcpFsmSweepRunner runner(jobs);
    int sig = runner.Run(jobList,
                         before,
                         after,
                         [&]()
                         {
                             return !rejected.empty();
                         });
    if (!results.Write(dir, error))
    {
        Say(error);
        return 1;
    }
    if (sig != 0)
    {
        Say(std::string("interrupted (") + (sig == SIGINT ? "SIGINT" : "SIGTERM") + "): "
            + std::to_string(done) + "/" + std::to_string(total) + " runs done and written to "
            + dir + "/results.csv; run the same command again to go on");
        return 128 + sig;
    }
    if (!rejected.empty())
    {
        Say("stopped: the lab rejected its options (exit status 2) at " + rejected);
        return 2;
    }
    const bool plotsOk = DrawPlots(o, results, dir);
    const std::size_t failed = results.CountFailed();
    Say(std::to_string(results.CountOk()) + "/" + std::to_string(total) + " runs with a summary, "
        + std::to_string(failed) + " failed"
        + (failed ? " (their errors are in results.csv; --retry-failed runs them again)" : "")
        + "; wrote " + dir + "/results.csv and aggregate.csv");
    return (!plotsOk || failed > 0) ? 1 : 0;
}

} // namespace

std::string
TcpFsmSweep::JobLine(const std::string& lab,
                     const std::vector<std::string>& args,
                     const TcpFsmSweepRunFiles& files)
{
    const std::string& r = files.runName;
    std::string command = TcpFsmShellQuote(lab);
    for (const auto& a : args)
    {
        command += " " + TcpFsmShellQuote(a);
    }
    std::string script
        = "mkdir -p " + TcpFsmShellQuote(files.pointDir) + " && cd "
          + TcpFsmShellQuote(files.pointDir) + " && { test -s " + r + "/summary.json || { rm -rf "
          + r + " " + r + ".FAILED; (exec >" + r + ".out 2>" + r + ".log; exec " + command
          + "); s=$?; test $s -eq 0 || echo exit_status=$s >" + r + ".FAILED; exit $s; }; }";
    return "sh -c " + TcpFsmShellQuote(script);
}

std::string
TcpFsmSweep::SlurmScript(const std::string& jobsFile,
                         std::size_t count,
                         const std::string& logDir,
                         const std::string& sweepDir)
{
    const std::string n = std::to_string(count);
    return "#!/bin/sh\n"
           "# Generated by tcp-fsm-sweep: a SLURM job array of "
           + n
           + " runs; array task I runs line I of\n"
             "# "
           + jobsFile + ". Submit with: sbatch " + logDir
           + "/sweep.sbatch\n"
             "# (sbatch --array=1-"
           + n + "%K ... runs at most K at once). Then: tcp-fsm-sweep --collect " + sweepDir
           + "\n"
             "#SBATCH --job-name=tcp-fsm-sweep\n"
             "#SBATCH --array=1-"
           + n
           + "\n"
             "#SBATCH --ntasks=1\n"
             "#SBATCH --cpus-per-task=1\n"
             "#SBATCH --output="
           + logDir
           + "/slurm-%A_%a.out\n"
             "set -u\n"
             "line=$(sed -n \"${SLURM_ARRAY_TASK_ID}p\" "
           + TcpFsmShellQuote(jobsFile)
           + ")\n"
             "if [ -z \"$line\" ]; then\n"
             "    echo \"tcp-fsm-sweep: no line ${SLURM_ARRAY_TASK_ID} in "
           + jobsFile
           + "\" >&2\n"
             "    exit 1\n"
             "fi\n"
             "exec sh -c \"$line\"\n";
}

int
TcpFsmSweep::Main(int argc, char** argv)
{
    std::vector<std::string> args;
    for (int i = 1; i < argc; ++i)
    {
        args.emplace_back(argv[i]);
    }
    TcpFsmSweepOptions o;
    std::string error;
    if (!ParseArgs(args, o, error))
    {
        Say(error);
        return 2;
    }
    if (o.help)
    {
        std::cout << Usage();
        return 0;
    }
    return o.collect.empty() ? RunSweep(o) : Collect(o);
}

} // namespace ns3
