/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef TCP_FSM_SWEEP_RESULTS_H
#define TCP_FSM_SWEEP_RESULTS_H

#include "ns3/tcp-fsm-sweep-grid.h"
#include "ns3/tcp-fsm-sweep-summary.h"

#include <cstdint>
#include <limits>
#include <map>
#include <string>
#include <utility>
#include <vector>

namespace ns3
{

/// The 0.975 quantile of Student's t distribution with \p df degrees of freedom (df >= 1):
/// exact to 9 digits for df <= 30 and at 40, 50, 60, 80, 100, 120; interpolated in 1/df
/// between them and towards the normal quantile beyond.
double TcpFsmStudentT95(uint32_t df);

/// Mean and 95% confidence interval half-width of a sample.
struct TcpFsmSweepStat
{
    std::size_t n{0};                                      ///< number of values
    double mean{std::numeric_limits<double>::quiet_NaN()}; ///< NaN when n == 0
    double ci95{std::numeric_limits<double>::quiet_NaN()}; ///< t(n-1) s / sqrt(n); NaN if n < 2

    static TcpFsmSweepStat Of(const std::vector<double>& values);
};

/// A CSV field, quoted (RFC 4180) when it contains a comma, a quote or a line break.
std::string TcpFsmCsvField(const std::string& field);
/// A number for the CSV files: shortest of %.12g; "" for NaN.
std::string TcpFsmSweepFormat(double value);

/**
 * \ingroup tcp-fsm
 * \brief The results of a sweep in memory, and its results.csv and aggregate.csv.
 *
 * results.csv: one row per recorded run (grid order, then run number): the parameters, run,
 * every metric of any run (union, sorted; empty when a run lacks it or it is null),
 * exit_status, error. aggregate.csv: one row per grid point with a recorded run: the
 * parameters, n (runs with a summary), failed, then METRIC_mean and METRIC_ci95 for each
 * metric over the runs that have a number for it.
 */
class TcpFsmSweepResults
{
  public:
    TcpFsmSweepResults(std::vector<std::string> names, std::vector<TcpFsmSweepPoint> points);

    /// Record (or replace) the result of a run.
    void Set(TcpFsmSweepRunResult result);
    /// Forget a run (it is to be run again).
    void Erase(std::size_t point, uint32_t run);

    const std::vector<std::string>& Names() const;
    const std::vector<TcpFsmSweepPoint>& Points() const;
    /// Every metric of any successful run, sorted; names that would collide with a column of
    /// results.csv (a parameter, run, exit_status, error) are left out.
    std::vector<std::string> Metrics() const;
    /// Runs recorded with a summary / as failed (whole sweep, or one point).
    std::size_t CountOk() const;
    std::size_t CountFailed() const;
    std::size_t CountOk(std::size_t point) const;
    std::size_t CountFailed(std::size_t point) const;
    /// Statistics of one metric at one point.
    TcpFsmSweepStat Stat(std::size_t point, const std::string& metric) const;

    std::string ResultsCsv() const;
    std::string AggregateCsv() const;
    /// Write DIR/results.csv and DIR/aggregate.csv, each atomically.
    bool Write(const std::string& dir, std::string& error) const;

  private:
    std::vector<std::string> m_names;
    std::vector<TcpFsmSweepPoint> m_points;
    std::map<std::pair<std::size_t, uint32_t>, TcpFsmSweepRunResult> m_runs;
};

} // namespace ns3

#endif /* TCP_FSM_SWEEP_RESULTS_H */
