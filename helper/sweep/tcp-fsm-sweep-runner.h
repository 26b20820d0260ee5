/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef TCP_FSM_SWEEP_RUNNER_H
#define TCP_FSM_SWEEP_RUNNER_H

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace ns3
{

/**
 * \ingroup tcp-fsm
 * \brief One process of a sweep: a lab run.
 */
struct TcpFsmSweepJob
{
    std::size_t point{0};          ///< grid point index (for the caller)
    uint32_t run{0};               ///< run number (for the caller)
    std::vector<std::string> argv; ///< argv[0]: the program's path
    std::string cwd;               ///< working directory of the process
    std::string stdoutPath;        ///< standard output goes here (truncated)
    std::string stderrPath;        ///< standard error goes here (truncated)
};

/**
 * \ingroup tcp-fsm
 * \brief Runs processes, a given number at a time (fork/exec), until done or interrupted.
 *
 * Each process runs in its own process group, in its working directory, with standard input
 * from /dev/null and its output in files. SIGINT (unless it was ignored when Run was called)
 * and SIGTERM stop the launching: the running processes' groups get SIGTERM (SIGKILL after
 * 10 s, or at once on a second signal), are waited for, and Run returns the signal number.
 */
class TcpFsmSweepRunner
{
  public:
    /**
     * A process ended. \p exitStatus is as a shell reports it (128 + N when killed by signal
     * N; 127 when it could not be started); \p interrupted is true for processes that ended
     * after the sweep was interrupted (they were killed, or finished while stopping).
     */
    using DoneCallback
        = std::function<void(const TcpFsmSweepJob& job, int exitStatus, bool interrupted)>;

    explicit TcpFsmSweepRunner(uint32_t parallel);

    /**
     * Run \p jobs in order, at most `parallel` at a time. \p beforeLaunch is called just before
     * a job starts; \p stopLaunching after every completion: when it returns true, no new
     * job starts and Run returns once the running ones ended. Returns 0, or the signal
     * (SIGINT, SIGTERM) that interrupted the sweep.
     */
    int Run(const std::vector<TcpFsmSweepJob>& jobs,
            const std::function<void(const TcpFsmSweepJob&)>& beforeLaunch,
            const DoneCallback& done,
            const std::function<bool()>& stopLaunching);

  private:
    uint32_t m_parallel;
};

} // namespace ns3

#endif /* TCP_FSM_SWEEP_RUNNER_H */
