/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * tcp-fsm-script: run packetdrill-style scripts against a socket in simulated time.
 *
 *   tcp-fsm-script [--stack=fsm|ns3] [--trace-dir=DIR] [--verbose] FILE...
 *   tcp-fsm-script --compare FILE...
 *
 * Each FILE is parsed first; a syntax error (or an unsupported syscall or option)
 * prints FILE:LINE:COLUMN: message on standard error and exits with status 2
 * before anything runs. Then every file runs in a fresh simulation against the
 * stack chosen (tcp-fsm by default, ns-3's own TCP with --stack=ns3) and gets one
 * line: "FILE: pass", or its failure, "FILE:LINE: expected ..., got ...; states:
 * ...". The last line is "N passed, M failed". Exit status 0 when all passed, 1
 * when one failed, 2 on a usage or script error.
 *
 * --compare runs every file against both stacks and prints a Markdown table
 * (script, fsm, ns3, first difference), files in byte order; exit status 0 unless
 * a script cannot run (2).
 *
 * Example, from the repository root:
 *
 *   $ build/bin/tcp-fsm-script test/scripts/fin-wait-1--rcv-fin-ack.pkt
 *   test/scripts/fin-wait-1--rcv-fin-ack.pkt: pass
 *   1 passed, 0 failed
 */
#include "ns3/tcp-fsm-script-parser.h"
#include "ns3/tcp-fsm-script-report.h"
#include "ns3/tcp-fsm-script-runner.h"

#include <algorithm>
#include <iostream>
#include <string>
#include <vector>

using namespace ns3;

namespace
{

void
Usage(std::ostream& os)
{
    os << "usage: tcp-fsm-script [--stack=fsm|ns3] [--trace-dir=DIR] [--verbose] FILE...\n"
          "       tcp-fsm-script --compare FILE...\n"
          "Runs packetdrill-style scripts against a TCP socket in an ns-3 simulation.\n"
          "  --stack=fsm      tcp-fsm's TcpFsmSocket (default)\n"
          "  --stack=ns3      ns-3's own TcpSocketBase\n"
          "  --trace-dir=DIR  write each run's transition CSV (and, with --stack=fsm, its graph\n"
          "                   as NAME.graph.dot and NAME.graph.graphml) into DIR\n"
          "  --verbose        print every line, segment and state change as it happens\n"
          "  --compare        run every FILE against both stacks, print a side-by-side table\n"
          "Exit status: 0 all passed, 1 a script failed, 2 usage or script error.\n";
}

int
UsageError(const std::string& message)
{
    std::cerr << "tcp-fsm-script: " << message << "\n";
    Usage(std::cerr);
    return 2;
}

} // namespace

int
main(int argc, char* argv[])
{
    TcpFsmScriptRunOptions options;
    bool verbose = false;
    bool compare = false;
    std::vector<std::string> files;
    for (int i = 1; i < argc; ++i)
    {
        const std::string arg = argv[i];
        if (arg == "--help" || arg == "-h")
        {
            Usage(std::cout);
            return 0;
        }
        if (arg == "--stack=fsm")
        {
            options.stack = TcpFsmScriptStack::FSM;
        }
        else if (arg == "--stack=ns3")
        {
            options.stack = TcpFsmScriptStack::NS3;
        }
        else if (arg.compare(0, 8, "--stack=") == 0)
        {
            return UsageError("unknown stack '" + arg.substr(8) + "' (expected fsm or ns3)");
        }
        else if (arg.compare(0, 12, "--trace-dir=") == 0 && arg.size() > 12)
        {
            options.traceDir = arg.substr(12);
        }
        else if (arg == "--verbose")
        {
            verbose = true;
        }
        else if (arg == "--compare")
        {
            compare = true;
        }
        else if (arg.compare(0, 1, "-") == 0 && arg != "-")
        {
            return UsageError("unknown option '" + arg + "'");
        }
        else
        {
            files.push_back(arg);
        }
    }
    if (files.empty())
    {
        return UsageError("no script given");
    }
    if (verbose)
    {
        options.log = &std::cout;
    }

    // Parse everything first: a broken script stops the run before anything runs.
    std::vector<TcpFsmScript> scripts;
    bool syntaxError = false;
    for (const auto& file : files)
    {
        try
        {
            scripts.push_back(TcpFsmScriptParser::ParseFile(file));
            TcpFsmScriptRunner::CheckAttributes(scripts.back());
        }
        catch (const TcpFsmScriptError& e)
        {
            std::cerr << e.what() << "\n";
            syntaxError = true;
        }
    }
    if (syntaxError)
    {
        return 2;
    }

    if (compare)
    {
        std::sort(scripts.begin(),
                  scripts.end(),
                  [](const TcpFsmScript& a, const TcpFsmScript& b)
                  {
                      return a.file < b.file;
                  });
        std::vector<TcpFsmScriptComparison> rows;
        bool error = false;
        uint32_t passed[2] = {0, 0};
        for (const auto& script : scripts)
        {
            TcpFsmScriptComparison row;
            row.file = script.file;
            options.stack = TcpFsmScriptStack::FSM;
            row.fsm = TcpFsmScriptRunner::Run(script, options);
            options.stack = TcpFsmScriptStack::NS3;
            row.ns3 = TcpFsmScriptRunner::Run(script, options);
            for (const auto* r : {&row.fsm, &row.ns3})
            {
                if (r->status == TcpFsmScriptResult::Status::ERROR)
                {
                    std::cerr << r->message << "\n";
                    error = true;
                }
            }
            passed[0] += row.fsm.status == TcpFsmScriptResult::Status::PASS;
            passed[1] += row.ns3.status == TcpFsmScriptResult::Status::PASS;
            rows.push_back(row);
        }
        TcpFsmScriptWriteComparison(std::cout, rows);
        std::cout << "\nfsm: " << passed[0] << " passed, " << rows.size() - passed[0]
                  << " failed\nns3: " << passed[1] << " passed, " << rows.size() - passed[1]
                  << " failed\n";
        return error ? 2 : 0;
    }

    uint32_t passed = 0;
    uint32_t failed = 0;
    bool error = false;
    for (const auto& script : scripts)
    {
        TcpFsmScriptResult r = TcpFsmScriptRunner::Run(script, options);
        (r.status == TcpFsmScriptResult::Status::ERROR ? std::cerr : std::cout)
            << TcpFsmScriptResultLine(script.file, r) << std::endl;
        switch (r.status)
        {
        case TcpFsmScriptResult::Status::PASS:
            ++passed;
            break;
        case TcpFsmScriptResult::Status::FAIL:
            ++failed;
            break;
        case TcpFsmScriptResult::Status::ERROR:
            ++failed;
            error = true;
            break;
        }
    }
    std::cout << passed << " passed, " << failed << " failed" << std::endl;
    return error ? 2 : (failed > 0 ? 1 : 0);
}
