/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * report.html of a sweep: the plots (inline SVG) and the table of metrics with their 95 %
 * confidence intervals, one row per grid point.
 */
#ifndef TCP_FSM_SWEEP_REPORT_H
#define TCP_FSM_SWEEP_REPORT_H

#include "ns3/tcp-fsm-sweep-results.h"

#include <string>
#include <vector>

namespace ns3
{

/**
 * \ingroup tcp-fsm
 * \brief Writes DIR/report.html (atomically): the sweep's plots, inlined from the SVG files
 * gnuplot wrote (or a note when there are none), and every metric's mean +- 95 % CI per grid
 * point, with links to results.csv, aggregate.csv and the runs' own report.html.
 */
class TcpFsmSweepReport
{
  public:
    /// \param plots the SVG files of the plots (absolute or relative to the working directory)
    static bool Write(const TcpFsmSweepResults& results,
                      const std::vector<std::string>& plots,
                      const std::string& dir,
                      std::string& error);
};

} // namespace ns3

#endif /* TCP_FSM_SWEEP_REPORT_H */
