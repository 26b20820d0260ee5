/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Fuzz target "script": the script parser (project dialect and packetdrill grammar) through
 * its public API, TcpFsmScriptParser::ParseText. Any input gives a script or a
 * TcpFsmScriptError whose location is a line and column inside the text (line >= 1,
 * column >= 1) and whose message says what is wrong; anything else (another exception, a
 * crash, a sanitizer report) is a finding. The %{ Python }% blocks of a script that parses
 * then run through the runner's Python subset (TcpFsmScriptRunPython) on an all-zero
 * tcp_info: an outcome (asserts held or not, or what the subset lacks), never a crash.
 */
#include "ns3/tcp-fsm-script-parser.h"
#include "ns3/tcp-fsm-script-python.h"
#include "ns3/tcp-fsm-tcp-info.h"

#include <cstdio>
#include <cstdlib>
#include <map>
#include <string>

using namespace ns3;

extern "C" int
LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size)
{
    if (size > 8192)
    {
        return 0;
    }
    const std::string text(reinterpret_cast<const char*>(data), size);
    try
    {
        const TcpFsmScript script = TcpFsmScriptParser::ParseText(text, "fuzz.pkt");
        std::map<std::string, int64_t> variables; // kept from block to block, as the runner
        for (const TcpFsmScriptLine& line : script.lines)
        {
            if (line.kind == TcpFsmScriptLine::Kind::PYTHON)
            {
                TcpFsmScriptRunPython(line.text, TcpFsmTcpInfo{}, variables);
            }
        }
    }
    catch (const TcpFsmScriptError& e)
    {
        const std::string what = e.what();
        // "fuzz.pkt:LINE:COLUMN: message"
        unsigned line = 0;
        unsigned column = 0;
        if (std::sscanf(what.c_str(), "fuzz.pkt:%u:%u: ", &line, &column) != 2 || line < 1
            || column < 1)
        {
            std::fprintf(stderr, "script error without line and column: '%s'\n", what.c_str());
            std::abort();
        }
    }
    return 0;
}
