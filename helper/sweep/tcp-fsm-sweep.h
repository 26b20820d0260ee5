/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef TCP_FSM_SWEEP_H
#define TCP_FSM_SWEEP_H

#include "ns3/tcp-fsm-sweep-grid.h"
#include "ns3/tcp-fsm-sweep-plot.h"

#include <cstdint>
#include <string>
#include <vector>

namespace ns3
{

/**
 * \ingroup tcp-fsm
 * \brief The command line of tcp-fsm-sweep.
 */
struct TcpFsmSweepOptions
{
    TcpFsmSweepGrid grid;                   ///< --param (repeated)
    uint32_t runs{1};                       ///< --runs
    bool runsGiven{false};                  ///< --runs was given
    uint32_t jobs{0};                       ///< --jobs (0: the number of cores)
    std::string out;                        ///< --out
    std::vector<TcpFsmSweepPlotSpec> plots; ///< --plot (repeated)
    bool retryFailed{false};                ///< --retry-failed
    std::string emitJobs;                   ///< --emit-jobs
    std::string emitSlurm;                  ///< --emit-slurm
    std::string collect;                    ///< --collect
    std::string lab;                        ///< --lab
    std::vector<std::string> labArgs;       ///< everything after "--"
    bool help{false};                       ///< --help or -h
};

/**
 * \ingroup tcp-fsm
 * \brief tcp-fsm-sweep: runs a grid of tcp-fsm-lab runs and gathers their results.
 *
 * See "Parameter sweeps" in doc/tcp-fsm.rst. The pieces are public for the tests.
 */
class TcpFsmSweep
{
  public:
    /**
     * Parse the arguments (without the program name). Options take their value as
     * "--opt=V" or "--opt V"; "--" ends them, the rest goes to the lab. Returns false and
     * sets \p error to one line naming the option on bad usage.
     */
    static bool ParseArgs(const std::vector<std::string>& args,
                          TcpFsmSweepOptions& options,
                          std::string& error);
    /// The --help text.
    static std::string Usage();
    /// The default of --jobs: the number of cores online.
    static uint32_t DefaultJobs();

    /**
     * The lab's arguments for one run (without the program): the options after "--", one
     * --NAME=VALUE per parameter, --seed=1 unless a seed is given, --run=R, --out=\p runDir.
     */
    static std::vector<std::string> LabArgs(const TcpFsmSweepOptions& options,
                                            const TcpFsmSweepPoint& point,
                                            uint32_t run,
                                            const std::string& runDir);
    /**
     * One self-contained POSIX shell command (wrapped in sh -c, so any login shell runs it)
     * that runs \p lab with \p args for the run whose files are \p files, exactly as the sweep
     * would: it creates the point's directory, does nothing when the run already has a
     * summary, writes the logs next to the run's directory and the FAILED marker on failure,
     * and exits with the lab's status.
     */
    static std::string JobLine(const std::string& lab,
                               const std::vector<std::string>& args,
                               const TcpFsmSweepRunFiles& files);
    /// A SLURM batch script whose array task I runs line I of \p jobsFile (\p count lines);
    /// SLURM's own output goes to \p logDir, and its comment names \p sweepDir to collect.
    static std::string SlurmScript(const std::string& jobsFile,
                                   std::size_t count,
                                   const std::string& logDir,
                                   const std::string& sweepDir);

    /// The whole program: returns its exit status (0, 1, 2, or 128 + the interrupting signal).
    static int Main(int argc, char** argv);
};

} // namespace ns3

#endif /* TCP_FSM_SWEEP_H */
