/* SPDX-License-Identifier: GPL-2.0-only */
#include "ns3/tcp-fsm-sweep-report.h"

#include "ns3/tcp-fsm-lab-report.h"
#include "ns3/tcp-fsm-sweep-summary.h"

#include <cmath>
#include <fstream>
#include <sstream>

namespace ns3
{

bool
TcpFsmSweepReport::Write(const TcpFsmSweepResults& results,
                         const std::vector<std::string>& plots,
                         const std::string& dir,
                         std::string& error)
{
    using R = TcpFsmLabReport;
    std::ostringstream os;
    R::WriteHead(os, "tcp-fsm-sweep report");
    os << "<h1>tcp-fsm-sweep report</h1>\n<p>" << results.Points().size() << " grid points, "
       << results.CountOk() << " runs with a summary, " << results.CountFailed()
       << " failed. Raw files: <a href=\"results.csv\">results.csv</a> "
       << "(one row per run), <a href=\"aggregate.csv\">aggregate.csv</a> (one row per point); "
          "each run's folder under <code>runs/</code> has its own <code>report.html</code>.</p>\n";
    os << "<h2 id=\"plots\">Plots</h2>\n";
    if (plots.empty())
    {
        os << "<p class=\"note\">No plot drawn (ask for one with <code>--plot=METRIC:PARAM</code>; "
              "gnuplot draws it when installed).</p>\n";
    }
    for (std::size_t i = 0; i < plots.size(); ++i)
    {
        std::ifstream in(plots[i]);
        std::ostringstream svg;
        svg << in.rdbuf();
        std::string name = plots[i].substr(plots[i].rfind('/') + 1);
        os << "<h3>" << R::Escape(name) << "</h3>\n<p class=\"note\">Mean of the runs with its "
           << "95 % confidence interval (Student's t).</p>\n<div class=\"figure\">\n"
           << R::InlineSvg(svg.str(), "p" + std::to_string(i + 1) + "-") << "</div>\n";
    }
    os << "<h2 id=\"metrics\">Metrics</h2>\n<p class=\"note\">Each cell: the mean over the "
          "point's runs &#177; the half-width of its 95 % confidence interval (no interval with "
          "fewer than two runs). Times in seconds.</p>\n<div class=\"figure\"><table>\n<tr>";
    for (const auto& n : results.Names())
    {
        os << "<th>" << R::Escape(n) << "</th>";
    }
    os << "<th>runs</th><th>failed</th>";
    const auto metrics = results.Metrics();
    for (const auto& m : metrics)
    {
        os << "<th>" << R::Escape(m) << "</th>";
    }
    os << "</tr>\n";
    for (std::size_t p = 0; p < results.Points().size(); ++p)
    {
        os << "<tr>";
        for (const auto& v : results.Points()[p].values)
        {
            os << "<td>" << R::Escape(v) << "</td>";
        }
        os << "<td class=\"n\">" << results.CountOk(p) << "</td><td class=\"n\">"
           << results.CountFailed(p) << "</td>";
        for (const auto& m : metrics)
        {
            TcpFsmSweepStat s = results.Stat(p, m);
            os << "<td class=\"n\">"
               << (std::isnan(s.mean) ? std::string("-") : TcpFsmSweepFormat(s.mean))
               << (std::isnan(s.ci95) ? "" : " &#177; " + TcpFsmSweepFormat(s.ci95)) << "</td>";
        }
        os << "</tr>\n";
    }
    os << "</table></div>\n</body>\n</html>\n";
    return TcpFsmWriteFileAtomic(dir + "/report.html", os.str(), error);
}

} // namespace ns3
