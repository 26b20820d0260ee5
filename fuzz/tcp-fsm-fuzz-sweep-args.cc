/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Fuzz target "sweep-args": tcp-fsm-sweep's option parser (TcpFsmSweep::ParseArgs on an
 * argument vector: the input split at NUL bytes), then what it feeds: the grid of --param
 * values (expansion, point ids and their decoding), the lab arguments of each point, and
 * the parsers of --param and --plot alone. Every input is accepted or refused with an
 * error naming what is wrong; a refusal without a message, or a point id that does not decode to
 * its values, is a finding.
 */
#include "tcp-fsm-fuzz-input.h"

#include "ns3/tcp-fsm-sweep-grid.h"
#include "ns3/tcp-fsm-sweep-plot.h"
#include "ns3/tcp-fsm-sweep.h"

using namespace ns3;
using ns3::fuzz::Finding;

namespace
{

constexpr const char* kTarget = "tcp-fsm-fuzz-sweep-args";

} // namespace

extern "C" int
LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size)
{
    if (size > 4096)
    {
        return 0;
    }
    const std::vector<std::string> args = fuzz::SplitAtNul(data, size);
    TcpFsmSweepOptions options;
    std::string error;
    if (!TcpFsmSweep::ParseArgs(args, options, error))
    {
        // (The message quotes the argument as given: an argument with a newline gives a
        // message with a newline, which is left as it is.)
        if (error.empty())
        {
            Finding(kTarget, "ParseArgs refused without an error");
        }
    }
    else if (options.grid.CheckIds(error))
    {
        const auto names = options.grid.Names();
        std::size_t n = 0;
        for (const auto& point : options.grid.Expand())
        {
            if (++n > 64)
            {
                break;
            }
            std::vector<std::pair<std::string, std::string>> decoded;
            if (!TcpFsmSweepGrid::DecodePointId(point.id, decoded))
            {
                Finding(kTarget, "point id '" + point.id + "' does not decode");
            }
            TcpFsmSweep::LabArgs(options, point, 1, "run");
        }
    }
    // Each argument alone as a --param value and as a --plot value.
    for (const auto& a : args)
    {
        TcpFsmSweepParam param;
        error.clear();
        if (!TcpFsmSweepGrid::ParseParam(a, param, error) && error.empty())
        {
            Finding(kTarget, "ParseParam refused '" + a + "' without an error");
        }
        TcpFsmSweepPlotSpec plot;
        error.clear();
        if (!TcpFsmSweepPlotSpec::Parse(a, plot, error) && error.empty())
        {
            Finding(kTarget, "PlotSpec::Parse refused '" + a + "' without an error");
        }
        std::vector<std::pair<std::string, std::string>> decoded;
        TcpFsmSweepGrid::DecodePointId(a, decoded);
    }
    return 0;
}
