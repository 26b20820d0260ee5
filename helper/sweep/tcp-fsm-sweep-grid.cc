/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "ns3/tcp-fsm-sweep-grid.h"

#include "ns3/tcp-fsm-cli.h"

#include <algorithm>
#include <numeric>
#include <set>

namespace ns3
{

namespace
{

bool
IsAlnum(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

/// Bytes a value keeps as they are in a point id.
bool
IsIdSafe(char c)
{
    return IsAlnum(c) || c == '.' || c == '_' || c == '+' || c == '-';
}

std::vector<std::string>
Split(const std::string& text, char sep)
{
    std::vector<std::string> parts;
    std::string::size_type start = 0;
    while (true)
    {
        auto pos = text.find(sep, start);
        parts.push_back(text.substr(start, pos == std::string::npos ? pos : pos - start));
        if (pos == std::string::npos)
        {
            return parts;
        }
        start = pos + 1;
    }
}

std::string
EncodeValue(const std::string& value)
{
    static const char hex[] = "0123456789ABCDEF";
    std::string out;
    for (char ch : value)
    {
        auto c = static_cast<unsigned char>(ch);
        if (IsIdSafe(ch))
        {
            out += ch;
        }
        else
        {
            out += '%';
            out += hex[c >> 4];
            out += hex[c & 15];
        }
    }
    return out;
}

int
HexDigit(char c)
{
    if (c >= '0' && c <= '9')
    {
        return c - '0';
    }
    if (c >= 'A' && c <= 'F')
    {
        return c - 'A' + 10;
    }
    return -1; // only the upper-case digits EncodeValue writes
}

bool
DecodeValue(const std::string& text, std::string& out)
{
    out.clear();
    for (std::string::size_type i = 0; i < text.size(); ++i)
    {
        if (text[i] == '%')
        {
            if (i + 2 >= text.size())
            {
                return false;
            }
            int hi = HexDigit(text[i + 1]);
            int lo = HexDigit(text[i + 2]);
            if (hi < 0 || lo < 0)
            {
                return false;
            }
            out += static_cast<char>(hi * 16 + lo);
            i += 2;
        }
        else if (IsIdSafe(text[i]))
        {
            out += text[i];
        }
        else
        {
            return false;
        }
    }
    return !out.empty() && EncodeValue(out) == text;
}

bool
ParseRate(const std::string& text, double& bitsPerSecond)
{
    static const std::pair<const char*, double> units[] = {
        {"Gbps", 1e9},
        {"Mbps", 1e6},
        {"kbps", 1e3},
        {"Kbps", 1e3},
        {"GBps", 8e9},
        {"MBps", 8e6},
        {"KBps", 8e3},
        {"kBps", 8e3},
        {"bps", 1.0},
        {"Bps", 8.0},
    };
    for (const auto& [unit, factor] : units)
    {
        std::string u(unit);
        if (text.size() > u.size() && text.compare(text.size() - u.size(), u.size(), u) == 0)
        {
            double v = 0;
            if (!TcpFsmCli::ParseDouble(text.substr(0, text.size() - u.size()), v) || v < 0)
            {
                return false;
            }
            bitsPerSecond = v * factor;
            return true;
        }
    }
    return false;
}

} // namespace

bool
TcpFsmSweepGrid::IsValidName(const std::string& name)
{
    if (name.rfind("ns3::", 0) == 0)
    {
        // ns3::Type::Attribute (or deeper): identifiers separated by "::"
        std::vector<std::string> parts;
        std::string::size_type start = 0;
        while (true)
        {
            auto pos = name.find("::", start);
            parts.push_back(name.substr(start, pos == std::string::npos ? pos : pos - start));
            if (pos == std::string::npos)
            {
                break;
            }
            start = pos + 2;
        }
        if (parts.size() < 3)
        {
            return false;
        }
        for (const auto& p : parts)
        {
            if (p.empty()
                || !std::all_of(p.begin(),
                                p.end(),
                                [](char c)
                                {
                                    return IsAlnum(c) || c == '_';
                                }))
            {
                return false;
            }
        }
        return true;
    }
    if (name.empty() || !IsAlnum(name[0]))
    {
        return false;
    }
    return std::all_of(name.begin(),
                       name.end(),
                       [](char c)
                       {
                           return IsAlnum(c) || c == '_' || c == '-';
                       });
}

bool
TcpFsmSweepGrid::ParseParam(const std::string& spec, TcpFsmSweepParam& out, std::string& error)
{
    auto eq = spec.find('=');
    if (eq == std::string::npos)
    {
        error = "'" + spec + "' has no values (expected NAME=V1,V2,...)";
        return false;
    }
    std::string name = spec.substr(0, eq);
    if (name.rfind("--", 0) == 0)
    {
        name = name.substr(2); // "--param --loss=..." means the same as "--param loss=..."
    }
    if (!IsValidName(name))
    {
        error = "'" + name
                + "' is not a lab option or attribute name (expected e.g. loss or "
                  "ns3::TcpFsmSocket::Msl)";
        return false;
    }
    if (name == "run" || name == "out")
    {
        error = "'" + name + "' is set by the sweep for every run and cannot be swept";
        return false;
    }
    std::vector<std::string> values = Split(spec.substr(eq + 1), ',');
    std::set<std::string> seen;
    for (const auto& v : values)
    {
        if (v.empty())
        {
            error = "'" + spec + "' has an empty value (expected NAME=V1,V2,...)";
            return false;
        }
        if (!seen.insert(v).second)
        {
            error = "'" + spec + "' gives the value '" + v + "' twice";
            return false;
        }
    }
    out.name = name;
    out.values = values;
    return true;
}

bool
TcpFsmSweepGrid::Add(TcpFsmSweepParam param, std::string& error)
{
    for (const auto& p : m_params)
    {
        if (p.name == param.name)
        {
            error = "'" + param.name + "' is swept twice";
            return false;
        }
    }
    // The product of the value counts, stopped as soon as it passes the limit (no overflow).
    std::size_t points = param.values.size();
    for (const auto& p : m_params)
    {
        if (points > MAX_POINTS)
        {
            break;
        }
        points *= p.values.size();
    }
    if (points > MAX_POINTS)
    {
        error = "'" + param.name + "' makes the grid more than " + std::to_string(MAX_POINTS)
                + " points (the product of the numbers of values): sweep fewer values";
        return false;
    }
    m_params.push_back(std::move(param));
    return true;
}

const std::vector<TcpFsmSweepParam>&
TcpFsmSweepGrid::Params() const
{
    return m_params;
}

std::vector<std::string>
TcpFsmSweepGrid::Names() const
{
    std::vector<std::string> names;
    for (const auto& p : m_params)
    {
        names.push_back(p.name);
    }
    return names;
}

std::vector<TcpFsmSweepPoint>
TcpFsmSweepGrid::Expand() const
{
    std::vector<TcpFsmSweepPoint> points;
    if (m_params.empty())
    {
        return points;
    }
    std::vector<std::size_t> index(m_params.size(), 0);
    const std::vector<std::string> names = Names();
    while (true)
    {
        TcpFsmSweepPoint point;
        for (std::size_t i = 0; i < m_params.size(); ++i)
        {
            point.values.push_back(m_params[i].values[index[i]]);
        }
        point.id = PointId(names, point.values);
        points.push_back(std::move(point));
        // odometer: the last parameter turns fastest
        std::size_t k = m_params.size();
        while (k > 0)
        {
            --k;
            if (++index[k] < m_params[k].values.size())
            {
                break;
            }
            index[k] = 0;
            if (k == 0)
            {
                return points;
            }
        }
    }
}

bool
TcpFsmSweepGrid::CheckIds(std::string& error) const
{
    for (const auto& p : Expand())
    {
        if (p.id.size() > MAX_ID_LENGTH)
        {
            error = "the point id '" + p.id + "' is longer than " + std::to_string(MAX_ID_LENGTH)
                    + " bytes (its directory name): sweep fewer parameters or shorter values";
            return false;
        }
    }
    return true;
}

std::string
TcpFsmSweepGrid::NameForFile(const std::string& name)
{
    std::string out;
    for (std::string::size_type i = 0; i < name.size(); ++i)
    {
        if (name.compare(i, 2, "::") == 0)
        {
            out += '.';
            ++i;
        }
        else
        {
            out += name[i];
        }
    }
    return out;
}

std::string
TcpFsmSweepGrid::PointId(const std::vector<std::string>& names,
                         const std::vector<std::string>& values)
{
    std::string id;
    for (std::size_t i = 0; i < names.size() && i < values.size(); ++i)
    {
        id += (i ? "," : "") + NameForFile(names[i]) + "=" + EncodeValue(values[i]);
    }
    return id;
}

bool
TcpFsmSweepGrid::DecodePointId(const std::string& id,
                               std::vector<std::pair<std::string, std::string>>& out)
{
    out.clear();
    if (id.empty())
    {
        return false;
    }
    std::set<std::string> names;
    for (const auto& part : Split(id, ','))
    {
        auto eq = part.find('=');
        if (eq == std::string::npos)
        {
            return false;
        }
        std::string fileName = part.substr(0, eq);
        std::string name;
        for (char c : fileName)
        {
            name += c == '.' ? std::string("::") : std::string(1, c);
        }
        std::string value;
        if (!IsValidName(name) || !DecodeValue(part.substr(eq + 1), value)
            || !names.insert(name).second)
        {
            return false;
        }
        out.emplace_back(name, value);
    }
    return true;
}

TcpFsmSweepAxis
TcpFsmSweepAxis::Of(const std::vector<std::string>& values)
{
    TcpFsmSweepAxis axis;
    using Parser = bool (*)(const std::string&, double&);
    const std::pair<Kind, Parser> kinds[] = {
        {Kind::NUMBER, &TcpFsmCli::ParseDouble},
        {Kind::TIME, &TcpFsmCli::ParseTime},
        {Kind::RATE, &ParseRate},
    };
    for (const auto& [kind, parse] : kinds)
    {
        std::vector<double> numbers;
        for (const auto& v : values)
        {
            double d = 0;
            if (!parse(v, d))
            {
                break;
            }
            numbers.push_back(d);
        }
        if (numbers.size() == values.size() && !values.empty())
        {
            axis.kind = kind;
            axis.numbers = numbers;
            return axis;
        }
    }
    return axis;
}

std::string
TcpFsmSweepAxis::Unit() const
{
    switch (kind)
    {
    case Kind::TIME:
        return "s";
    case Kind::RATE:
        return "bit/s";
    case Kind::NUMBER:
    case Kind::TEXT:
        return "";
    }
    return "";
}

std::vector<std::string>
TcpFsmSweepAxis::Sorted(std::vector<std::string> values)
{
    TcpFsmSweepAxis axis = Of(values);
    std::vector<std::size_t> order(values.size());
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(),
                     order.end(),
                     [&](std::size_t a, std::size_t b)
                     {
                         if (axis.kind != Kind::TEXT && axis.numbers[a] != axis.numbers[b])
                         {
                             return axis.numbers[a] < axis.numbers[b];
                         }
                         return values[a] < values[b];
                     });
    std::vector<std::string> sorted;
    for (auto i : order)
    {
        sorted.push_back(values[i]);
    }
    return sorted;
}

TcpFsmSweepRunFiles
TcpFsmSweepRunFiles::Of(const std::string& sweepDir, const std::string& pointId, uint32_t run)
{
    TcpFsmSweepRunFiles f;
    f.pointDir = sweepDir + "/runs/" + pointId;
    f.runName = "run-" + std::to_string(run);
    f.runDir = f.pointDir + "/" + f.runName;
    f.summary = f.runDir + "/summary.json";
    f.log = f.runDir + ".log";
    f.out = f.runDir + ".out";
    f.failed = f.runDir + ".FAILED";
    return f;
}

std::string
TcpFsmShellQuote(const std::string& word)
{
    bool plain = !word.empty();
    for (char c : word)
    {
        if (!(IsAlnum(c) || c == '_' || c == '@' || c == '%' || c == '+' || c == '=' || c == ':'
              || c == ',' || c == '.' || c == '/' || c == '-'))
        {
            plain = false;
        }
    }
    if (plain)
    {
        return word;
    }
    std::string out = "'";
    for (char c : word)
    {
        out += c == '\'' ? std::string("'\\''") : std::string(1, c);
    }
    return out + "'";
}

} // namespace ns3
