/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * tcp-fsm-bench's driver: each stack's runs as whole processes of the program itself (with
 * --stack=S --once), interleaved run by run so that a busy machine hurts every stack alike;
 * each run's line, then per stack min/median/max of the process time (total_s), of the time
 * inside Simulator::Run (run_s) and of the rest (startup_s), and the ratios of the medians
 * with the median and range of the run-by-run ratios (paired_run_s).
 */
#ifndef TCP_FSM_BENCH_DRIVER_H
#define TCP_FSM_BENCH_DRIVER_H

#include <cstdint>
#include <string>
#include <vector>

namespace ns3
{

/**
 * Run this program (/proc/self/exe) @p repeat times per stack of @p stacks, interleaved, with
 * the arguments of @p argv minus --compare, --stack, --repeat and --once, plus --stack=S
 * --once; print to standard output. Returns 0, or the first failed run's status (2 for a
 * bad option, 1 otherwise).
 */
int TcpFsmBenchDrive(int argc,
                     char** argv,
                     const std::vector<std::string>& stacks,
                     uint64_t repeat);

} // namespace ns3

#endif /* TCP_FSM_BENCH_DRIVER_H */
