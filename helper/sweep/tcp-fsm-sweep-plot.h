/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef TCP_FSM_SWEEP_PLOT_H
#define TCP_FSM_SWEEP_PLOT_H

#include "ns3/tcp-fsm-sweep-results.h"

#include <string>
#include <vector>

namespace ns3
{

/**
 * \ingroup tcp-fsm
 * \brief One --plot METRIC:PARAM of tcp-fsm-sweep.
 */
struct TcpFsmSweepPlotSpec
{
    std::string metric; ///< a metric of summary.json
    std::string param;  ///< a swept parameter, as written
    std::string text;   ///< METRIC:PARAM as given

    /// Parse "METRIC:PARAM" (split at the first ':'); false and \p error otherwise.
    static bool Parse(const std::string& text, TcpFsmSweepPlotSpec& spec, std::string& error);
};

/**
 * \ingroup tcp-fsm
 * \brief Plots of a sweep with gnuplot: a metric's mean with 95% CI error bars against one
 * parameter, one line per combination of the other parameters.
 *
 * Writes DIR/plots/METRIC-vs-PARAM.dat (the data, one gnuplot index per line),
 * METRIC-vs-PARAM.gp (the script, which can be run again by hand) and, when gnuplot is
 * installed, METRIC-vs-PARAM.png and .svg (each written to a temporary name and renamed).
 */
class TcpFsmSweepPlot
{
  public:
    /**
     * The index of \p param among \p names: the exact name, its file-name form
     * ("ns3.TcpFsmSocket.Msl") or, when unique, its last "::" component ("Msl"); -1 and
     * \p error otherwise.
     */
    static int FindParam(const std::vector<std::string>& names,
                         const std::string& param,
                         std::string& error);
    /// The full path of gnuplot in PATH, or "" when it is not installed.
    static std::string FindGnuplot();
    /**
     * Write the plot of \p spec for \p results into \p dir/plots; with an empty \p gnuplot
     * only the data and the script. Returns false and \p error when the metric or parameter
     * is unknown, there is nothing to plot, or gnuplot fails; \p written lists the files.
     */
    static bool Write(const TcpFsmSweepResults& results,
                      const TcpFsmSweepPlotSpec& spec,
                      const std::string& dir,
                      const std::string& gnuplot,
                      std::vector<std::string>& written,
                      std::string& error);
};

} // namespace ns3

#endif /* TCP_FSM_SWEEP_PLOT_H */
