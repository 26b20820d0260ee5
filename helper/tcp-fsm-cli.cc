/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "ns3/tcp-fsm-cli.h"

#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <iostream>

namespace ns3
{

TcpFsmCli::TcpFsmCli(std::string program)
  : m_program(std::move(program))
{}

void
TcpFsmCli::Declare(const std::string& name, Kind kind, std::vector<std::string> choices)
{
    m_options.push_back({name, kind, std::move(choices)});
}

void
TcpFsmCli::AllowPositional(bool allow)
{
    m_positional = allow;
}

void
TcpFsmCli::Fail(const std::string& message) const
{
    std::cerr << m_program << ": " << message << std::endl;
    std::exit(2);
}

bool
TcpFsmCli::ParseUint(const std::string& text, uint64_t& out)
{
    if (text.empty() || text.find_first_not_of("0123456789") != std::string::npos)
    {
        return false;
    }
    errno = 0;
    char* end = nullptr;
    unsigned long long v = std::strtoull(text.c_str(), &end, 10);
    if (errno != 0 || *end != '\0')
    {
        return false;
    }
    out = v;
    return true;
}

bool
TcpFsmCli::ParseDouble(const std::string& text, double& out)
{
    if (text.empty())
    {
        return false;
    }
    errno = 0;
    char* end = nullptr;
    double v = std::strtod(text.c_str(), &end);
    if (errno != 0 || *end != '\0' || !std::isfinite(v))
    {
        return false;
    }
    out = v;
    return true;
}

bool
TcpFsmCli::ParseTime(const std::string& text, double& seconds)
{
    static const std::pair<const char*, double> units[] = {
        {"min", 60.0},
        {"ms", 1e-3},
        {"us", 1e-6},
        {"ns", 1e-9},
        {"s", 1.0},
        {"h", 3600.0},
    };
    for (const auto& [unit, factor] : units)
    {
        std::string u(unit);
        if (text.size() > u.size() && text.compare(text.size() - u.size(), u.size(), u) == 0)
        {
            double v = 0;
            if (!ParseDouble(text.substr(0, text.size() - u.size()), v) || v < 0)
            {
                return false;
            }
            seconds = v * factor;
            return true;
        }
    }
    double v = 0;
    if (!ParseDouble(text, v) || v < 0)
    {
        return false;
    }
    seconds = v;
    return true;
}

void
TcpFsmCli::Check(int argc, char** argv) const
{
    for (int i = 1; i < argc; ++i)
    {
        std::string arg = argv[i];
        if (arg.rfind("--", 0) != 0)
        {
            if (!m_positional)
            {
                Fail("unexpected argument '" + arg + "' (options are --name=value; see --help)");
            }
            continue;
        }
        std::string body = arg.substr(2);
        std::string name = body;
        std::string value;
        bool hasValue = false;
        auto eq = body.find('=');
        if (eq != std::string::npos)
        {
            name = body.substr(0, eq);
            value = body.substr(eq + 1);
            hasValue = true;
        }
        if (name.rfind("ns3::", 0) == 0 || name.rfind("Print", 0) == 0 || name == "help")
        {
            continue; // ns-3's CommandLine checks attribute paths and prints help
        }
        const Option* opt = nullptr;
        for (const auto& o : m_options)
        {
            if (o.name == name)
            {
                opt = &o;
            }
        }
        if (!opt)
        {
            Fail("unknown option --" + name + " (see --help)");
        }
        if (!hasValue && opt->kind != Kind::BOOL)
        {
            Fail("option --" + name + " needs a value (--" + name + "=...)");
        }
        uint64_t u = 0;
        double d = 0;
        switch (opt->kind)
        {
        case Kind::STRING:
            if (!opt->choices.empty())
            {
                bool ok = false;
                std::string list;
                for (const auto& c : opt->choices)
                {
                    ok |= c == value;
                    list += (list.empty() ? "" : ", ") + c;
                }
                if (!ok)
                {
                    Fail("--" + name + "='" + value + "' is not one of: " + list);
                }
            }
            break;
        case Kind::UINT:
            if (!ParseUint(value, u))
            {
                Fail("--" + name + "='" + value + "' is not a whole number >= 0");
            }
            break;
        case Kind::DOUBLE:
            if (!ParseDouble(value, d))
            {
                Fail("--" + name + "='" + value + "' is not a number");
            }
            break;
        case Kind::TIME:
            if (!ParseTime(value, d))
            {
                Fail("--" + name + "='" + value
                     + "' is not a time (a number with s, ms, us, ns, min or h)");
            }
            break;
        case Kind::BOOL:
            if (hasValue && value != "true" && value != "false" && value != "1" && value != "0")
            {
                Fail("--" + name + "='" + value + "' is not true or false");
            }
            break;
        }
    }
}

std::vector<std::string>
TcpFsmCli::Positional(int argc, char** argv) const
{
    std::vector<std::string> out;
    for (int i = 1; i < argc; ++i)
    {
        std::string arg = argv[i];
        if (arg.rfind("--", 0) != 0)
        {
            out.push_back(arg);
        }
    }
    return out;
}

} // namespace ns3
