/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * tcp-fsm-sweep: parameter sweeps of tcp-fsm-lab. Every combination of the --param values
 * is run --runs times (--run=1..R) as parallel processes, --jobs at a time; each run's
 * summary.json is gathered into results.csv (one row per run) and aggregate.csv (mean and
 * 95% confidence interval per grid point), and --plot draws a metric against a parameter.
 * Runs that finished are skipped when the same command runs again; --emit-jobs and
 * --emit-slurm write the runs as shell commands for GNU parallel or a SLURM job array, and
 * --collect gathers results made elsewhere. See "Parameter sweeps" in doc/tcp-fsm.rst.
 *
 * Example:
 *   build/bin/tcp-fsm-sweep --param loss=0,0.01,0.05 --param ns3::TcpFsmSocket::Msl=1s,30s \
 *       --runs 5 --out sweep --plot time_wait_mean_s:Msl -- --connections=20
 *
 * The logic is in helper/sweep/tcp-fsm-sweep*.{h,cc}.
 */
#include "ns3/tcp-fsm-sweep.h"

int
main(int argc, char* argv[])
{
    return ns3::TcpFsmSweep::Main(argc, argv);
}
