/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "ns3/tcp-fsm-sweep-results.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <set>
#include <sstream>

namespace ns3
{

double
TcpFsmStudentT95(uint32_t df)
{
    // t(0.975, df): df 1..30, then 40, 50, 60, 80, 100, 120.
    static const double small[] = {
        12.706204736, 4.302652730, 3.182446305, 2.776445105, 2.570581836, 2.446911851,
        2.364624252,  2.306004135, 2.262157163, 2.228138852, 2.200985160, 2.178812830,
        2.160368656,  2.144786688, 2.131449546, 2.119905299, 2.109815578, 2.100922040,
        2.093024054,  2.085963447, 2.079613845, 2.073873068, 2.068657610, 2.063898562,
        2.059538553,  2.055529439, 2.051830516, 2.048407142, 2.045229642, 2.042272456,
    };
    static const std::pair<double, double> large[] = {
        {30, 2.042272456},
        {40, 2.021075390},
        {50, 2.008559112},
        {60, 2.000297822},
        {80, 1.990063421},
        {100, 1.983971519},
        {120, 1.979930405},
        {std::numeric_limits<double>::infinity(), 1.959963985},
    };
    if (df == 0)
    {
        return std::numeric_limits<double>::quiet_NaN();
    }
    if (df <= 30)
    {
        return small[df - 1];
    }
    for (std::size_t k = 1; k < sizeof(large) / sizeof(large[0]); ++k)
    {
        if (df <= large[k].first)
        {
            // linear in 1/df, which t's quantile nearly is for large df
            double x0 = 1 / large[k - 1].first;
            double x1 = 1 / large[k].first;
            double x = 1 / double(df);
            return large[k - 1].second
                   + (large[k].second - large[k - 1].second) * (x - x0) / (x1 - x0);
        }
    }
    return 1.959963985;
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
    std::string out = "\"";
    for (char c : field)
    {
        out += c == '"' ? std::string("\"\"") : std::string(1, c);
    }
    return out + "\"";
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
