/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Fuzz target "lab-args": the parsers behind tcp-fsm-lab's options and files that do not
 * exit the process: --drop (TcpFsmDropSpec::Parse), the number, time and rate readers of
 * TcpFsmCli, the summary.json reader of the sweep (TcpFsmSweepSummary::Parse) and the
 * trace CSV rows that tcp-fsm-graph reads (TcpFsmTraceCsv). The first byte picks the
 * parser, the rest is its text. (TcpFsmCli::Check itself ends the process with status 2 on
 * a bad option: its messages are tested by the tcp-fsm-lab-* ctest cases.)
 */
#include "tcp-fsm-fuzz-input.h"

#include "ns3/tcp-fsm-cli.h"
#include "ns3/tcp-fsm-drop-spec.h"
#include "ns3/tcp-fsm-sweep-summary.h"
#include "ns3/tcp-fsm-trace-csv.h"

using namespace ns3;
using ns3::fuzz::Finding;

namespace
{

constexpr const char* kTarget = "tcp-fsm-fuzz-lab-args";

} // namespace

extern "C" int
LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size)
{
    if (size < 1 || size > 4096)
    {
        return 0;
    }
    const std::string text(reinterpret_cast<const char*>(data + 1), size - 1);
    std::string error;
    switch (data[0] % 5)
    {
    case 0:
    {
        std::vector<TcpFsmDropRule> rules;
        if (!TcpFsmDropSpec::Parse(text, rules, error))
        {
            if (error.empty() || !rules.empty())
            {
                Finding(kTarget, "--drop refused without an error, or changed the rules");
            }
        }
        else
        {
            for (const auto& r : rules)
            {
                std::vector<TcpFsmDropRule> again;
                std::string e2;
                if (!TcpFsmDropSpec::Parse(TcpFsmDropSpec::Format(r), again, e2)
                    || again.size() != 1)
                {
                    Finding(kTarget, "a parsed --drop rule does not parse again: " + e2);
                }
            }
        }
        break;
    }
    case 1:
    {
        uint64_t u = 0;
        double d = 0;
        double s = 0;
        TcpFsmCli::ParseUint(text, u);
        TcpFsmCli::ParseDouble(text, d);
        TcpFsmCli::ParseTime(text, s);
        break;
    }
    case 2:
    {
        std::map<std::string, std::string> metrics;
        if (!TcpFsmSweepSummary::Parse(text, metrics, error) && error.empty())
        {
            Finding(kTarget, "summary.json refused without an error");
        }
        break;
    }
    case 3:
    {
        TcpFsmTransitionRecord r;
        if (!TcpFsmTraceCsv::ParseTransition(text, r, error) && error.empty())
        {
            Finding(kTarget, "transition row refused without an error");
        }
        break;
    }
    default:
    {
        TcpFsmSegmentRecord r;
        if (!TcpFsmTraceCsv::ParseSegment(text, r, error) && error.empty())
        {
            Finding(kTarget, "segment row refused without an error");
        }
        break;
    }
    }
    return 0;
}
