/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "ns3/tcp-fsm-sweep-results.h"

#include <algorithm>
#include <boost/math/distributions/students_t.hpp>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <iomanip>
#include <limits>
#include <set>
#include <sstream>

namespace ns3
{

double
TcpFsmStudentT95(uint32_t df)
{
    if (df == 0)
    {
        return std::numeric_limits<double>::quiet_NaN();
    }
    // t(0.975, df), the two-sided 95 % quantile, from Boost.Math, in double precision: its
    // default policy computes a double in long double, whose erf_inv tables are filled when
    // the library is loaded; under valgrind (which computes long double in 64 bits) that
    // overflowed in a --pgo build, and every program linked with it aborted at start-up.
    using DoubleOnly = boost::math::policies::policy<boost::math::policies::promote_double<false>>;
    return boost::math::quantile(
        boost::math::students_t_distribution<double, DoubleOnly>(static_cast<double>(df)), 0.975);
}

TcpFsmSweepStat
TcpFsmSweepStat::Of(const std::vector<double>& values)
{
    TcpFsmSweepStat s;
    s.n = values.size();
    if (s.n == 0)
    {
        return s;
    }
    double sum = 0;
    for (double v : values)
    {
        sum += v;
    }
    s.mean = sum / double(s.n);
    if (s.n >= 2)
    {
        double ss = 0;
        for (double v : values)
        {
            ss += (v - s.mean) * (v - s.mean);
        }
        double sd = std::sqrt(ss / double(s.n - 1));
        s.ci95 = TcpFsmStudentT95(static_cast<uint32_t>(s.n - 1)) * sd / std::sqrt(double(s.n));
    }
    return s;
}

std::string
TcpFsmCsvField(const std::string& field)
{
    if (field.find_first_of(",\"\r\n") == std::string::npos)
    {
        return field;
    }
    // RFC 4180: in quotes, a quote doubled (std::quoted with the quote as its own escape).
    std::ostringstream os;
    os << std::quoted(field, '"', '"');
    return os.str();
}

std::string
TcpFsmSweepFormat(double value)
{
    if (std::isnan(value))
    {
        return "";
    }
    char buf[64];
    std::snprintf(buf, sizeof(buf), "%.12g", value);
    return buf;
}

TcpFsmSweepResults::TcpFsmSweepResults(std::vector<std::string> names,
                                       std::vector<TcpFsmSweepPoint> points)
  : m_names(std::move(names))
  , m_points(std::move(points))
{}

void
TcpFsmSweepResults::Set(TcpFsmSweepRunResult result)
{
    auto key = std::make_pair(result.point, result.run);
    m_runs[key] = std::move(result);
}

void
TcpFsmSweepResults::Erase(std::size_t point, uint32_t run)
{
    m_runs.erase(std::make_pair(point, run));
}

const std::vector<std::string>&
TcpFsmSweepResults::Names() const
{
    return m_names;
}

const std::vector<TcpFsmSweepPoint>&
TcpFsmSweepResults::Points() const
{
    return m_points;
}

std::vector<std::string>
TcpFsmSweepResults::Metrics() const
{
    std::set<std::string> reserved(m_names.begin(), m_names.end());
    reserved.insert({"run", "exit_status", "error"});
    std::set<std::string> metrics;
    for (const auto& [key, r] : m_runs)
    {
        for (const auto& [name, value] : r.metrics)
        {
            if (!reserved.count(name))
            {
                metrics.insert(name);
            }
        }
    }
    return {metrics.begin(), metrics.end()};
}

std::size_t
TcpFsmSweepResults::CountOk() const
{
    return std::count_if(m_runs.begin(),
                         m_runs.end(),
                         [](const auto& kv)
                         {
                             return kv.second.ok;
                         });
}

std::size_t
TcpFsmSweepResults::CountFailed() const
{
    return m_runs.size() - CountOk();
}

std::size_t
TcpFsmSweepResults::CountOk(std::size_t point) const
{
    return std::count_if(m_runs.begin(),
                         m_runs.end(),
                         [point](const auto& kv)
                         {
                             return kv.first.first == point && kv.second.ok;
                         });
}

std::size_t
TcpFsmSweepResults::CountFailed(std::size_t point) const
{
    return std::count_if(m_runs.begin(),
                         m_runs.end(),
                         [point](const auto& kv)
                         {
                             return kv.first.first == point && !kv.second.ok;
                         });
}

TcpFsmSweepStat
TcpFsmSweepResults::Stat(std::size_t point, const std::string& metric) const
{
    std::vector<double> values;
    for (auto it = m_runs.lower_bound({point, 0}); it != m_runs.end() && it->first.first == point;
         ++it)
    {
        if (!it->second.ok)
        {
            continue;
        }
        auto m = it->second.metrics.find(metric);
        if (m != it->second.metrics.end() && !m->second.empty())
        {
            values.push_back(std::strtod(m->second.c_str(), nullptr));
        }
    }
    return TcpFsmSweepStat::Of(values);
}

std::string
TcpFsmSweepResults::ResultsCsv() const
{
    const std::vector<std::string> metrics = Metrics();
    std::ostringstream os;
    for (const auto& n : m_names)
    {
        os << TcpFsmCsvField(n) << ",";
    }
    os << "run";
    for (const auto& m : metrics)
    {
        os << "," << TcpFsmCsvField(m);
    }
    os << ",exit_status,error\n";
    for (const auto& [key, r] : m_runs)
    {
        for (const auto& v : m_points[key.first].values)
        {
            os << TcpFsmCsvField(v) << ",";
        }
        os << r.run;
        for (const auto& m : metrics)
        {
            auto it = r.metrics.find(m);
            os << "," << (it == r.metrics.end() ? std::string() : it->second);
        }
        os << "," << (r.exitStatus == -1 ? std::string() : std::to_string(r.exitStatus)) << ","
           << TcpFsmCsvField(r.error) << "\n";
    }
    return os.str();
}

std::string
TcpFsmSweepResults::AggregateCsv() const
{
    const std::vector<std::string> metrics = Metrics();
    std::ostringstream os;
    for (const auto& n : m_names)
    {
        os << TcpFsmCsvField(n) << ",";
    }
    os << "n,failed";
    for (const auto& m : metrics)
    {
        os << "," << TcpFsmCsvField(m + "_mean") << "," << TcpFsmCsvField(m + "_ci95");
    }
    os << "\n";
    for (std::size_t p = 0; p < m_points.size(); ++p)
    {
        std::size_t ok = CountOk(p);
        std::size_t failed = CountFailed(p);
        if (ok + failed == 0)
        {
            continue;
        }
        for (const auto& v : m_points[p].values)
        {
            os << TcpFsmCsvField(v) << ",";
        }
        os << ok << "," << failed;
        for (const auto& m : metrics)
        {
            TcpFsmSweepStat s = Stat(p, m);
            os << "," << TcpFsmSweepFormat(s.mean) << "," << TcpFsmSweepFormat(s.ci95);
        }
        os << "\n";
    }
    return os.str();
}

bool
TcpFsmSweepResults::Write(const std::string& dir, std::string& error) const
{
    return TcpFsmWriteFileAtomic(dir + "/results.csv", ResultsCsv(), error)
           && TcpFsmWriteFileAtomic(dir + "/aggregate.csv", AggregateCsv(), error);
}

} // namespace ns3
