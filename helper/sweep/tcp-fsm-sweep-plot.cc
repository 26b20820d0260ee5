/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "ns3/tcp-fsm-sweep-plot.h"

#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <sys/stat.h>
#include <sys/wait.h>

namespace ns3
{

namespace
{

/// A name usable in a file name: bytes outside [A-Za-z0-9._-] become '_'.
std::string
Sanitize(const std::string& name)
{
    std::string out;
    for (char c : name)
    {
        bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                  || c == '.' || c == '_' || c == '-';
        out += ok ? c : '_';
    }
    return out;
}

/// A gnuplot single-quoted string.
std::string
GpQuote(const std::string& text)
{
    std::string out = "'";
    for (char c : text)
    {
        out += c == '\'' ? std::string("''") : std::string(1, c);
    }
    return out + "'";
}

/// The last component of an attribute path ("ns3::TcpFsmSocket::Msl" -> "Msl").
std::string
ShortName(const std::string& name)
{
    auto pos = name.rfind("::");
    return pos == std::string::npos ? name : name.substr(pos + 2);
}

std::string
ReadAll(const std::string& path)
{
    std::ifstream in(path, std::ios::binary);
    return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

} // namespace

bool
TcpFsmSweepPlotSpec::Parse(const std::string& text, TcpFsmSweepPlotSpec& spec, std::string& error)
{
    auto colon = text.find(':');
    if (colon == std::string::npos || colon == 0 || colon + 1 >= text.size())
    {
        error = "'" + text + "' is not METRIC:PARAM (e.g. time_wait_mean_s:ns3::TcpFsmSocket::Msl)";
        return false;
    }
    spec.metric = text.substr(0, colon);
    spec.param = text.substr(colon + 1);
    spec.text = text;
    return true;
}

int
TcpFsmSweepPlot::FindParam(const std::vector<std::string>& names,
                           const std::string& param,
                           std::string& error)
{
    for (std::size_t i = 0; i < names.size(); ++i)
    {
        if (names[i] == param || TcpFsmSweepGrid::NameForFile(names[i]) == param)
        {
            return static_cast<int>(i);
        }
    }
    int found = -1;
    for (std::size_t i = 0; i < names.size(); ++i)
    {
        if (ShortName(names[i]) == param)
        {
            if (found >= 0)
            {
                error = "'" + param + "' names more than one swept parameter";
                return -1;
            }
            found = static_cast<int>(i);
        }
    }
    if (found < 0)
    {
        std::string list;
        for (const auto& n : names)
        {
            list += (list.empty() ? "" : ", ") + n;
        }
        error = "'" + param + "' is not a swept parameter (swept: " + list + ")";
    }
    return found;
}

std::string
TcpFsmSweepPlot::FindGnuplot()
{
    const char* path = std::getenv("PATH");
    std::istringstream dirs(path ? path : "/usr/bin:/bin");
    std::string dir;
    while (std::getline(dirs, dir, ':'))
    {
        std::string candidate = (dir.empty() ? "." : dir) + "/gnuplot";
        struct stat st;
        if (stat(candidate.c_str(), &st) == 0 && S_ISREG(st.st_mode)
            && access(candidate.c_str(), X_OK) == 0)
        {
            return candidate;
        }
    }
    return "";
}

bool
TcpFsmSweepPlot::Write(const TcpFsmSweepResults& results,
                       const TcpFsmSweepPlotSpec& spec,
                       const std::string& dir,
                       const std::string& gnuplot,
                       std::vector<std::string>& written,
                       std::string& error)
{
    const std::vector<std::string>& names = results.Names();
    const std::vector<TcpFsmSweepPoint>& points = results.Points();
    std::string why;
    int p = FindParam(names, spec.param, why);
    if (p < 0)
    {
        error = "--plot " + spec.text + ": " + why;
        return false;
    }
    std::vector<std::string> metrics = results.Metrics();
    if (std::find(metrics.begin(), metrics.end(), spec.metric) == metrics.end())
    {
        std::string list;
        for (const auto& m : metrics)
        {
            list += (list.empty() ? "" : ", ") + m;
        }
        error = "--plot " + spec.text + ": no metric '" + spec.metric
                + "' in the results (metrics: " + (list.empty() ? "none yet" : list) + ")";
        return false;
    }

    // x values in order (numeric axes sorted), series = combinations of the other values
    std::vector<std::string> xs;
    std::vector<std::vector<std::string>> series;
    for (const auto& pt : points)
    {
        if (std::find(xs.begin(), xs.end(), pt.values[p]) == xs.end())
        {
            xs.push_back(pt.values[p]);
        }
        std::vector<std::string> others = pt.values;
        others.erase(others.begin() + p);
        if (std::find(series.begin(), series.end(), others) == series.end())
        {
            series.push_back(others);
        }
    }
    TcpFsmSweepAxis axis = TcpFsmSweepAxis::Of(xs);
    if (axis.kind != TcpFsmSweepAxis::Kind::TEXT)
    {
        xs = TcpFsmSweepAxis::Sorted(xs);
        axis = TcpFsmSweepAxis::Of(xs);
    }

    const std::string base
        = Sanitize(spec.metric) + "-vs-" + Sanitize(TcpFsmSweepGrid::NameForFile(names[p]));
    std::ostringstream dat;
    dat << "# tcp-fsm-sweep: " << spec.metric << " against " << names[p]
        << ": x, mean, 95% CI half-width, x label; one index per line\n";
    std::vector<std::string> titles;
    for (const auto& s : series)
    {
        std::ostringstream rows;
        std::size_t count = 0;
        for (std::size_t xi = 0; xi < xs.size(); ++xi)
        {
            for (std::size_t k = 0; k < points.size(); ++k)
            {
                std::vector<std::string> others = points[k].values;
                others.erase(others.begin() + p);
                if (points[k].values[p] != xs[xi] || others != s)
                {
                    continue;
                }
                TcpFsmSweepStat st = results.Stat(k, spec.metric);
                if (std::isnan(st.mean))
                {
                    continue;
                }
                double x = axis.kind == TcpFsmSweepAxis::Kind::TEXT ? double(xi) : axis.numbers[xi];
                rows << TcpFsmSweepFormat(x) << " " << TcpFsmSweepFormat(st.mean) << " "
                     << (std::isnan(st.ci95) ? "0" : TcpFsmSweepFormat(st.ci95)) << " \"" << xs[xi]
                     << "\"\n";
                ++count;
            }
        }
        if (count == 0)
        {
            continue;
        }
        std::string title;
        for (std::size_t i = 0, j = 0; i < names.size(); ++i)
        {
            if (static_cast<int>(i) != p)
            {
                title += (title.empty() ? "" : ", ") + ShortName(names[i]) + "=" + s[j++];
            }
        }
        titles.push_back(title.empty() ? spec.metric : title);
        dat << "# " << titles.back() << "\n" << rows.str() << "\n\n";
    }
    if (titles.empty())
    {
        error = "--plot " + spec.text + ": no run has a value of " + spec.metric;
        return false;
    }

    std::ostringstream gp;
    std::string xlabel = names[p] + (axis.Unit().empty() ? "" : " (" + axis.Unit() + ")");
    gp << "# tcp-fsm-sweep: " << spec.metric << " against " << names[p]
       << " (mean and 95% confidence interval)\n"
       << "# Draw again with: gnuplot " << base << ".gp\n"
       << "if (!exists(\"png\")) png = " << GpQuote(base + ".png") << "\n"
       << "if (!exists(\"svg\")) svg = " << GpQuote(base + ".svg") << "\n"
       << "set title " << GpQuote(spec.metric + " vs " + names[p] + " (mean, 95% CI)") << "\n"
       << "set xlabel " << GpQuote(xlabel) << "\n"
       << "set ylabel " << GpQuote(spec.metric) << "\n"
       << "set grid\nset key outside right top\n"
       << "set offsets graph 0.05, graph 0.05, graph 0.05, graph 0.05\n";
    if (axis.kind == TcpFsmSweepAxis::Kind::TEXT)
    {
        gp << "set xtics (";
        for (std::size_t xi = 0; xi < xs.size(); ++xi)
        {
            gp << (xi ? ", " : "") << GpQuote(xs[xi]) << " " << xi;
        }
        gp << ")\n";
    }
    gp << "plot ";
    for (std::size_t i = 0; i < titles.size(); ++i)
    {
        gp << (i ? ", \\\n     " : "") << GpQuote(i ? "" : base + ".dat") << " index " << i
           << " using 1:2:3 with yerrorlines title " << GpQuote(titles[i]);
    }
    gp << "\n"
       << "if (strstrt(GPVAL_TERMINALS, \"pngcairo\") > 0) {\n"
       << "    set terminal pngcairo noenhanced size 960,600\n"
       << "} else {\n"
       << "    set terminal png noenhanced size 960,600\n"
       << "}\n"
       << "set output png\nreplot\n"
       << "set terminal svg noenhanced size 960,600\n"
       << "set output svg\nreplot\nset output\n";

    const std::string plots = dir + "/plots";
    mkdir(plots.c_str(), 0755);
    if (!TcpFsmWriteFileAtomic(plots + "/" + base + ".dat", dat.str(), error)
        || !TcpFsmWriteFileAtomic(plots + "/" + base + ".gp", gp.str(), error))
    {
        return false;
    }
    written.push_back(plots + "/" + base + ".dat");
    written.push_back(plots + "/" + base + ".gp");
    if (gnuplot.empty())
    {
        return true;
    }
    const std::string log = base + ".gnuplot.log";
    std::string cmd = "cd " + TcpFsmShellQuote(plots) + " && " + TcpFsmShellQuote(gnuplot) + " -e "
                      + TcpFsmShellQuote("png='" + base + ".png.tmp'; svg='" + base + ".svg.tmp'")
                      + " " + TcpFsmShellQuote(base + ".gp") + " >" + TcpFsmShellQuote(log)
                      + " 2>&1";
    int rc = std::system(cmd.c_str());
    for (const char* ext : {".png", ".svg"})
    {
        std::string tmp = plots + "/" + base + ext + ".tmp";
        std::string final = plots + "/" + base + ext;
        struct stat st;
        bool ok = rc != -1 && WIFEXITED(rc) && WEXITSTATUS(rc) == 0 && stat(tmp.c_str(), &st) == 0
                  && st.st_size > 0;
        if (!ok || std::rename(tmp.c_str(), final.c_str()) != 0)
        {
            std::remove(tmp.c_str());
            std::string text = ReadAll(plots + "/" + log);
            while (!text.empty() && (text.back() == '\n' || text.back() == ' '))
            {
                text.pop_back();
            }
            auto nl = text.rfind('\n');
            error = "--plot " + spec.text + ": gnuplot failed"
                    + (text.empty() ? std::string()
                                    : ": " + (nl == std::string::npos ? text : text.substr(nl + 1)))
                    + " (see " + plots + "/" + log + ")";
            return false;
        }
        written.push_back(final);
    }
    std::remove((plots + "/" + log).c_str());
    return true;
}

} // namespace ns3
