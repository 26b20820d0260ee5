/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "ns3/tcp-fsm-sweep-runner.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstring>
#include <ctime>
#include <map>
#include <sys/types.h>
#include <sys/wait.h>

namespace ns3
{

namespace
{

volatile sig_atomic_t g_signal = 0; ///< the first SIGINT/SIGTERM received
volatile sig_atomic_t g_count = 0;  ///< how many were received

extern "C" void
SweepStopHandler(int sig)
{
    if (g_signal == 0)
    {
        g_signal = sig;
    }
    g_count = g_count + 1;
}

extern "C" void
SweepChildHandler(int)
{
    // only wakes sigsuspend()
}

/// Everything a child needs, prepared before fork() (nothing is allocated after it).
struct Prepared
{
    std::vector<std::string> args;
    std::vector<char*> argv;
    std::string cwd;
    std::string out;
    std::string err;
    std::string execError; ///< written to stderr when exec fails
};

int
ShellStatus(int status)
{
    if (WIFEXITED(status))
    {
        return WEXITSTATUS(status);
    }
    if (WIFSIGNALED(status))
    {
        return 128 + WTERMSIG(status);
    }
    return 127;
}

void
WriteAll(int fd, const std::string& text)
{
    const char* p = text.data();
    std::size_t left = text.size();
    while (left > 0)
    {
        ssize_t n = write(fd, p, left);
        if (n <= 0)
        {
            return;
        }
        p += n;
        left -= static_cast<std::size_t>(n);
    }
}

/// Start a prepared job; returns its pid, or -1 (errno set) when fork fails.
pid_t
Launch(Prepared& p, const sigset_t& childMask)
{
    pid_t pid = fork();
    if (pid != 0)
    {
        if (pid > 0)
        {
            setpgid(pid, pid); // also done by the child: whichever runs first
        }
        return pid;
    }
    // child: async-signal-safe calls only
    setpgid(0, 0);
    struct sigaction dfl;
    std::memset(&dfl, 0, sizeof(dfl));
    dfl.sa_handler = SIG_DFL;
    sigaction(SIGCHLD, &dfl, nullptr);
    sigaction(SIGTERM, &dfl, nullptr);
    struct sigaction cur;
    if (sigaction(SIGINT, nullptr, &cur) == 0 && cur.sa_handler != SIG_IGN)
    {
        sigaction(SIGINT, &dfl, nullptr);
    }
    sigprocmask(SIG_SETMASK, &childMask, nullptr);
    int in = open("/dev/null", O_RDONLY);
    int out = open(p.out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    int err = open(p.err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (in < 0 || out < 0 || err < 0)
    {
        _exit(127);
    }
    dup2(in, 0);
    dup2(out, 1);
    dup2(err, 2);
    if (chdir(p.cwd.c_str()) != 0)
    {
        WriteAll(2, "tcp-fsm-sweep: cannot change to the directory " + p.cwd + "\n");
        _exit(127);
    }
    execv(p.argv[0], p.argv.data());
    WriteAll(2, p.execError);
    _exit(127);
}

} // namespace

TcpFsmSweepRunner::TcpFsmSweepRunner(uint32_t parallel)
  : m_parallel(parallel == 0 ? 1 : parallel)
{}

int
TcpFsmSweepRunner::Run(const std::vector<TcpFsmSweepJob>& jobs,
                       const std::function<void(const TcpFsmSweepJob&)>& beforeLaunch,
                       const DoneCallback& done,
                       const std::function<bool()>& stopLaunching)
{
    g_signal = 0;
    g_count = 0;

    // Handlers, with the signals blocked except inside sigsuspend(): no wake-up is lost.
    sigset_t ours;
    sigemptyset(&ours);
    sigaddset(&ours, SIGCHLD);
    sigaddset(&ours, SIGINT);
    sigaddset(&ours, SIGTERM);
    sigset_t original;
    sigprocmask(SIG_BLOCK, &ours, &original);
    sigset_t waitMask = original;
    sigdelset(&waitMask, SIGCHLD);
    sigdelset(&waitMask, SIGINT);
    sigdelset(&waitMask, SIGTERM);

    struct sigaction stop;
    std::memset(&stop, 0, sizeof(stop));
    stop.sa_handler = &SweepStopHandler;
    sigemptyset(&stop.sa_mask);
    struct sigaction child = stop;
    child.sa_handler = &SweepChildHandler;
    child.sa_flags = SA_NOCLDSTOP;
    struct sigaction oldInt;
    struct sigaction oldTerm;
    struct sigaction oldChld;
    sigaction(SIGINT, nullptr, &oldInt);
    const bool intIgnored = oldInt.sa_handler == SIG_IGN; // e.g. started with '&' by a script
    if (!intIgnored)
    {
        sigaction(SIGINT, &stop, nullptr);
    }
    sigaction(SIGTERM, &stop, &oldTerm);
    sigaction(SIGCHLD, &child, &oldChld);

    std::map<pid_t, std::size_t> running;
    std::size_t next = 0;
    bool stopped = false;

    auto reap = [&](bool interrupted)
    {
        for (auto it = running.begin(); it != running.end();)
        {
            int status = 0;
            pid_t r = waitpid(it->first, &status, WNOHANG);
            if (r == it->first)
            {
                std::size_t index = it->second;
                it = running.erase(it);
                done(jobs[index], ShellStatus(status), interrupted);
            }
            else
            {
                ++it;
            }
        }
    };

    while (true)
    {
        reap(false);
        if (g_signal != 0)
        {
            break;
        }
        if (!stopped && stopLaunching && stopLaunching())
        {
            stopped = true;
        }
        while (!stopped && running.size() < m_parallel && next < jobs.size())
        {
            const TcpFsmSweepJob& job = jobs[next];
            if (beforeLaunch)
            {
                beforeLaunch(job);
            }
            Prepared p;
            p.args = job.argv;
            for (auto& a : p.args)
            {
                p.argv.push_back(a.data());
            }
            p.argv.push_back(nullptr);
            p.cwd = job.cwd;
            p.out = job.stdoutPath;
            p.err = job.stderrPath;
            p.execError = "tcp-fsm-sweep: cannot run " + job.argv[0] + "\n";
            pid_t pid = Launch(p, original);
            if (pid < 0)
            {
                if (!running.empty())
                {
                    break; // try again when a process has ended
                }
                int fd = open(p.err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
                if (fd >= 0)
                {
                    WriteAll(fd,
                             std::string("tcp-fsm-sweep: fork failed: ") + std::strerror(errno)
                                 + "\n");
                    close(fd);
                }
                ++next;
                done(job, 127, false);
                continue;
            }
            running[pid] = next++;
        }
        if (running.empty() && (stopped || next >= jobs.size()))
        {
            break;
        }
        sigsuspend(&waitMask);
    }

    const int interruptedBy = g_signal;
    if (interruptedBy != 0 && !running.empty())
    {
        for (const auto& [pid, index] : running)
        {
            kill(-pid, SIGTERM);
        }
        // Wait up to 10 s (or until a second signal), then SIGKILL what is left.
        sigprocmask(SIG_SETMASK, &waitMask, nullptr);
        for (int i = 0; i < 500 && !running.empty() && g_count < 2; ++i)
        {
            reap(true);
            struct timespec ts = {0, 20 * 1000 * 1000};
            nanosleep(&ts, nullptr);
        }
        for (const auto& [pid, index] : running)
        {
            kill(-pid, SIGKILL);
        }
        while (!running.empty())
        {
            int status = 0;
            auto it = running.begin();
            if (waitpid(it->first, &status, 0) == it->first || errno != EINTR)
            {
                std::size_t index = it->second;
                running.erase(it);
                done(jobs[index], ShellStatus(status), true);
            }
        }
    }

    // Unblock first, so that a signal still pending reaches our handler, not the default one.
    sigprocmask(SIG_SETMASK, &original, nullptr);
    sigaction(SIGCHLD, &oldChld, nullptr);
    sigaction(SIGTERM, &oldTerm, nullptr);
    if (!intIgnored)
    {
        sigaction(SIGINT, &oldInt, nullptr);
    }
    return interruptedBy;
}

} // namespace ns3
