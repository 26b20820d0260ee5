/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "ns3/tcp-fsm-cli.h"
#include "ns3/tcp-fsm-sweep.h"

#include <unistd.h>

#include <algorithm>
#include <set>

namespace ns3
{

namespace
{

/// "--name" of a lab argument ("--name=value" or "--name"), or "" for other arguments.
std::string
OptionName(const std::string& arg)
{
    if (arg.rfind("--", 0) != 0 || arg.size() == 2)
    {
        return "";
    }
    return arg.substr(2,
                      arg.find('=') == std::string::npos ? std::string::npos : arg.find('=') - 2);
}

} // namespace

uint32_t
TcpFsmSweep::DefaultJobs()
{
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n > 0 ? static_cast<uint32_t>(n) : 1;
}

bool
TcpFsmSweep::ParseArgs(const std::vector<std::string>& args,
                       TcpFsmSweepOptions& o,
                       std::string& error)
{
    static const std::pair<const char*, bool> known[] = {
        {"param", true},
        {"runs", true},
        {"jobs", true},
        {"out", true},
        {"plot", true},
        {"retry-failed", false},
        {"emit-jobs", true},
        {"emit-slurm", true},
        {"collect", true},
        {"lab", true},
        {"help", false},
    };
    std::set<std::string> seen;
    for (std::size_t i = 0; i < args.size(); ++i)
    {
        const std::string& a = args[i];
        if (a == "--")
        {
            o.labArgs.assign(args.begin() + static_cast<long>(i) + 1, args.end());
            break;
        }
        if (a == "-h")
        {
            o.help = true;
            continue;
        }
        if (a.rfind("--", 0) != 0)
        {
            error = "unexpected argument '" + a + "' (lab options go after --; see --help)";
            return false;
        }
        std::string name = a.substr(2);
        std::string value;
        bool hasValue = false;
        if (auto eq = name.find('='); eq != std::string::npos)
        {
            value = name.substr(eq + 1);
            name = name.substr(0, eq);
            hasValue = true;
        }
        const auto* opt = std::find_if(std::begin(known),
                                       std::end(known),
                                       [&](const auto& k)
                                       {
                                           return name == k.first;
                                       });
        if (opt == std::end(known))
        {
            error = "unknown option --" + name + " (lab options go after --; see --help)";
            return false;
        }
        if (!opt->second)
        {
            if (hasValue)
            {
                error = "--" + name + " takes no value";
                return false;
            }
            (name == "help" ? o.help : o.retryFailed) = true;
            continue;
        }
        if (!hasValue)
        {
            if (i + 1 >= args.size() || args[i + 1] == "--")
            {
                error
                    = "--" + name + " needs a value (--" + name + " VALUE or --" + name + "=VALUE)";
                return false;
            }
            value = args[++i];
        }
        if (value.empty())
        {
            error = "--" + name + " needs a value (--" + name + " VALUE or --" + name + "=VALUE)";
            return false;
        }
        if (name != "param" && name != "plot" && !seen.insert(name).second)
        {
            error = "--" + name + " is given twice";
            return false;
        }
        uint64_t u = 0;
        if (name == "param")
        {
            TcpFsmSweepParam p;
            if (!TcpFsmSweepGrid::ParseParam(value, p, error) || !o.grid.Add(p, error))
            {
                error = "--param " + error;
                return false;
            }
        }
        else if (name == "runs" || name == "jobs")
        {
            const uint64_t max = name == "runs" ? 1000000 : 4096;
            if (!TcpFsmCli::ParseUint(value, u) || u < 1 || u > max)
            {
                error = "--" + name + "='" + value + "' is not a whole number from 1 to "
                        + std::to_string(max);
                return false;
            }
            (name == "runs" ? o.runs : o.jobs) = static_cast<uint32_t>(u);
            o.runsGiven |= name == "runs";
        }
        else if (name == "plot")
        {
            TcpFsmSweepPlotSpec spec;
            if (!TcpFsmSweepPlotSpec::Parse(value, spec, error))
            {
                error = "--plot " + error;
                return false;
            }
            o.plots.push_back(spec);
        }
        else
        {
            (name == "out"          ? o.out
             : name == "emit-jobs"  ? o.emitJobs
             : name == "emit-slurm" ? o.emitSlurm
             : name == "collect"    ? o.collect
                                    : o.lab)
                = value;
        }
    }
    if (o.help)
    {
        return true;
    }
    if (!o.collect.empty())
    {
        for (const char* other : {"out", "emit-jobs", "emit-slurm", "jobs", "lab"})
        {
            if (seen.count(other))
            {
                error = std::string("--") + other + " cannot be used with --collect";
                return false;
            }
        }
        if (o.retryFailed)
        {
            error = "--retry-failed cannot be used with --collect";
            return false;
        }
        if (!o.labArgs.empty())
        {
            error = "lab options (after --) cannot be used with --collect";
            return false;
        }
    }
    else
    {
        if (o.grid.Params().empty())
        {
            error = "--param NAME=V1,V2,... is required (at least one)";
            return false;
        }
        if (o.out.empty())
        {
            error = "--out DIR is required";
            return false;
        }
    }
    if (!o.grid.CheckIds(error))
    {
        error = "--param: " + error;
        return false;
    }
    const std::vector<std::string> names = o.grid.Names();
    for (const auto& spec : o.plots)
    {
        std::string why;
        if (!names.empty() && TcpFsmSweepPlot::FindParam(names, spec.param, why) < 0)
        {
            error = "--plot " + spec.text + ": " + why;
            return false;
        }
    }
    for (const auto& arg : o.labArgs)
    {
        const std::string name = OptionName(arg);
        if (name == "run" || name == "out")
        {
            error = "--" + name + " (after --) is set by the sweep for each run: remove it";
            return false;
        }
        if (std::find(names.begin(), names.end(), name) != names.end())
        {
            error = "--param " + name + ": --" + name + " is also given after --";
            return false;
        }
    }
    return true;
}

std::string
TcpFsmSweep::Usage()
{
    return "Usage: tcp-fsm-sweep --param NAME=V1,V2,... [--param ...] [--runs R] [--jobs J]\n"
           "                     --out DIR [--plot METRIC:PARAM ...] [--retry-failed]\n"
           "                     [--lab PATH] [--emit-jobs FILE] [--emit-slurm DIR]\n"
           "                     [-- LAB-OPTIONS...]\n"
           "       tcp-fsm-sweep --collect DIR [--param ...] [--runs R] [--plot METRIC:PARAM]\n"
           "\n"
           "Runs the lab (tcp-fsm-lab) for every combination of the parameters' values, R times\n"
           "each (--run=1..R, the same --seed), J processes at a time, and gathers the\n"
           "summary.json of every run into DIR/results.csv and DIR/aggregate.csv.\n"
           "\n"
           "  --param NAME=V1,...  a lab option (loss) or an attribute (ns3::TcpFsmSocket::Msl)\n"
           "                       and its values; each run gets --NAME=V\n"
           "  --runs R             runs per grid point (default 1)\n"
           "  --jobs J             processes at a time (default: the number of cores, "
           + std::to_string(DefaultJobs())
           + ")\n"
             "  --out DIR            the sweep's directory: runs/POINT/run-R/ (each run's --out),\n"
             "                       results.csv, aggregate.csv, plots/\n"
             "  --plot METRIC:PARAM  plot METRIC's mean and 95% CI against PARAM (gnuplot: PNG,\n"
             "                       SVG), one line per combination of the other parameters\n"
             "  --retry-failed       run again the runs recorded as failed\n"
             "  --lab PATH           the lab program (default: tcp-fsm-lab next to this program)\n"
             "  --emit-jobs FILE     run nothing; write one shell command per run to FILE (for\n"
             "                       GNU parallel, also with --sshlogin)\n"
             "  --emit-slurm DIR     run nothing; write DIR/jobs.txt and DIR/sweep.sbatch (a "
             "SLURM\n"
             "                       job array running line $SLURM_ARRAY_TASK_ID of jobs.txt)\n"
             "  --collect DIR        run nothing; gather DIR/runs/*/run-*/summary.json into the\n"
             "                       CSV files and plots\n"
             "  -- LAB-OPTIONS       options for every run, e.g. -- --connections=20 "
             "--close=server\n"
             "\n"
             "Options take their value as --opt=V or --opt V. Running the same command again\n"
             "skips the finished runs; SIGINT stops it with every finished run written.\n"
             "Exit status: 0 every run has a summary; 1 a run failed, or an error; 2 bad usage;\n"
             "130 interrupted.\n";
}

std::vector<std::string>
TcpFsmSweep::LabArgs(const TcpFsmSweepOptions& o,
                     const TcpFsmSweepPoint& point,
                     uint32_t run,
                     const std::string& runDir)
{
    std::vector<std::string> args = o.labArgs;
    bool seed = false;
    for (const auto& a : o.labArgs)
    {
        seed |= OptionName(a) == "seed";
    }
    const auto& params = o.grid.Params();
    for (std::size_t i = 0; i < params.size() && i < point.values.size(); ++i)
    {
        args.push_back("--" + params[i].name + "=" + point.values[i]);
        seed |= params[i].name == "seed";
    }
    if (!seed)
    {
        args.emplace_back("--seed=1");
    }
    args.push_back("--run=" + std::to_string(run));
    args.push_back("--out=" + runDir);
    return args;
}

} // namespace ns3
