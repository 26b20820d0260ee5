/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * tcp-fsm-script: run packetdrill scripts against a socket in simulated time.
 *
 *   tcp-fsm-script [--stack=fsm|ns3] [--trace-dir=DIR] [--verbose] [--profile=P] FILE|DIR...
 *   tcp-fsm-script --compare FILE...
 *   tcp-fsm-script --table [--linux-results=TSV] DIR|FILE...
 *
 * The language is packetdrill's (upstream scripts run unmodified) plus the project's
 * own --attr=Name=Value header lines and state(FD|conn) = STATE assertions. A DIR
 * stands for every *.pkt under it (recursively, in byte order). Each FILE is parsed
 * first; a syntax error prints FILE:LINE:COLUMN: message on standard error and exits
 * with status 2 before anything runs. Then every file runs in a fresh simulation
 * against the stack chosen (tcp-fsm by default, ns-3's own TCP with --stack=ns3)
 * and gets one line: "FILE: pass", its failure ("FILE:LINE: expected ..., got ...;
 * states: ..."), or its skip ("FILE:LINE: skip: needs FEATURE": the script needs
 * something the model does not have). The last line is "N passed, M failed, K
 * skipped". Exit status: 0 when none failed and one passed, 1 when one failed, 77
 * when all were skipped, 2 on a usage or script error.
 *
 * Upstream scripts (no --attr and no state() line) run with the model's Linux
 * profile (Profile=linux; --profile=rfc or --profile= changes that); the project's
 * own scripts keep the model's defaults.
 *
 * --compare runs every file against both stacks and prints a Markdown table
 * (script, fsm, ns3, first difference), files in byte order; exit status 0 unless
 * a script cannot run (2).
 *
 * --table runs every file and prints a Markdown table per folder (passed, failed,
 * skipped, syntax errors; with --linux-results=TSV also Linux's passes from a
 * "script<TAB>verdict" file whose script paths are relative to the DIR given), then
 * every script's line. Syntax errors do not stop the others. Exit status 0.
 *
 * Example, from the repository root:
 *
 *   $ build/bin/tcp-fsm-script test/scripts/fin-wait-1--rcv-fin-ack.pkt
 *   test/scripts/fin-wait-1--rcv-fin-ack.pkt: pass
 *   1 passed, 0 failed, 0 skipped
 */
#include "ns3/tcp-fsm-script-parser.h"
#include "ns3/tcp-fsm-script-report.h"
#include "ns3/tcp-fsm-script-runner.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

using namespace ns3;

namespace
{

void
Usage(std::ostream& os)
{
    os << "usage: tcp-fsm-script [--stack=fsm|ns3] [--trace-dir=DIR] [--verbose] [--profile=P] "
          "FILE|DIR...\n"
          "       tcp-fsm-script --compare FILE...\n"
          "       tcp-fsm-script --table [--linux-results=TSV] DIR|FILE...\n"
          "Runs packetdrill scripts against a TCP socket in an ns-3 simulation.\n"
          "  --stack=fsm      tcp-fsm's TcpFsmSocket (default)\n"
          "  --stack=ns3      ns-3's own TcpSocketBase\n"
          "  --trace-dir=DIR  write each run's transition CSV (and, with --stack=fsm, its graph\n"
          "                   as NAME.graph.dot and NAME.graph.graphml) into DIR\n"
          "  --verbose        print every line, segment and state change as it happens, and\n"
          "                   the sysctls and commands without a model meaning (once)\n"
          "  --profile=P      the Profile of TcpFsmSocket for upstream scripts (default linux;\n"
          "                   empty: the model's defaults)\n"
          "  --compare        run every FILE against both stacks, print a side-by-side table\n"
          "  --table          print passed/failed/skipped per folder (Markdown)\n"
          "  --linux-results=TSV  with --table: Linux's verdicts (script<TAB>verdict per line)\n"
          "A DIR stands for every *.pkt under it.\n"
          "Exit status: 0 none failed, 1 a script failed, 77 all skipped, 2 usage or script "
          "error.\n";
}

int
UsageError(const std::string& message)
{
    std::cerr << "tcp-fsm-script: " << message << "\n";
    Usage(std::cerr);
    return 2;
}

/// A script to run: its path and its name relative to the DIR it was found under.
struct Input
{
    std::string path;
    std::string relative;
};

/// The folder of a relative name ("." when none).
std::string
FolderOf(const std::string& relative)
{
    const std::string parent = std::filesystem::path(relative).parent_path().string();
    return parent.empty() ? "." : parent;
}

/// Linux's verdicts: script (relative) -> verdict.
std::map<std::string, std::string>
ReadLinux(const std::string& path, bool& ok)
{
    std::map<std::string, std::string> verdicts;
    std::ifstream in(path);
    ok = static_cast<bool>(in);
    std::string line;
    while (std::getline(in, line))
    {
        std::istringstream fields(line);
        std::string script;
        std::string verdict;
        if (std::getline(fields, script, '\t') && std::getline(fields, verdict, '\t')
            && script != "script")
        {
            verdicts[script] = verdict;
        }
    }
    return verdicts;
}

/// Linux's verdict of a script named relative to the directory given: the TSV's names are
/// relative to gtests/net/tcp, so a script of DIR/fastopen matches "fastopen/NAME" by its
/// path's end (and a script of a parent directory matches the other way). The one match, or
/// nullptr (none, or several: ambiguous).
const std::string*
LinuxVerdict(const std::map<std::string, std::string>& verdicts, const std::string& relative)
{
    auto exact = verdicts.find(relative);
    if (exact != verdicts.end())
    {
        return &exact->second;
    }
    auto endsWith = [](const std::string& text, const std::string& tail)
    {
        return text.size() > tail.size() && text[text.size() - tail.size() - 1] == '/'
               && text.compare(text.size() - tail.size(), tail.size(), tail) == 0;
    };
    const std::string* found = nullptr;
    for (const auto& [script, verdict] : verdicts)
    {
        if (endsWith(script, relative) || endsWith(relative, script))
        {
            if (found)
            {
                return nullptr;
            }
            found = &verdict;
        }
    }
    return found;
}

struct Counts
{
    uint32_t passed{0};
    uint32_t failed{0};
    uint32_t skipped{0};
    uint32_t errors{0};
    uint32_t linuxPassed{0};
    uint32_t linuxRun{0};
};

int
Table(const std::vector<Input>& inputs,
      TcpFsmScriptRunOptions options,
      const std::string& linuxResults)
{
    bool haveLinux = false;
    std::map<std::string, std::string> linuxByScript;
    if (!linuxResults.empty())
    {
        linuxByScript = ReadLinux(linuxResults, haveLinux);
        if (!haveLinux)
        {
            return UsageError("cannot read " + linuxResults);
        }
    }
    std::map<std::string, Counts> folders;
    Counts total;
    std::vector<std::string> lines;
    for (const auto& in : inputs)
    {
        Counts& c = folders[FolderOf(in.relative)];
        std::string line;
        try
        {
            const TcpFsmScript script = TcpFsmScriptParser::ParseFile(in.path);
            TcpFsmScriptRunner::CheckAttributes(script);
            const TcpFsmScriptResult r = TcpFsmScriptRunner::Run(script, options);
            line = TcpFsmScriptResultLine(in.path, r);
            switch (r.status)
            {
            case TcpFsmScriptResult::Status::PASS:
                ++c.passed;
                ++total.passed;
                break;
            case TcpFsmScriptResult::Status::FAIL:
                ++c.failed;
                ++total.failed;
                break;
            case TcpFsmScriptResult::Status::SKIP:
                ++c.skipped;
                ++total.skipped;
                break;
            case TcpFsmScriptResult::Status::ERROR:
                ++c.errors;
                ++total.errors;
                break;
            }
        }
        catch (const TcpFsmScriptError& e)
        {
            line = std::string("syntax error: ") + e.what();
            ++c.errors;
            ++total.errors;
        }
        if (const std::string* verdict = LinuxVerdict(linuxByScript, in.relative))
        {
            ++c.linuxRun;
            ++total.linuxRun;
            c.linuxPassed += *verdict == "pass";
            total.linuxPassed += *verdict == "pass";
        }
        lines.push_back(line);
    }
    std::cout << "| folder | scripts | passed | failed | skipped | errors |"
              << (haveLinux ? " Linux passed |" : "") << "\n";
    std::cout << "|---|---:|---:|---:|---:|---:|" << (haveLinux ? "---:|" : "") << "\n";
    auto row = [&](const std::string& name, const Counts& c)
    {
        std::cout << "| " << name << " | " << c.passed + c.failed + c.skipped + c.errors << " | "
                  << c.passed << " | " << c.failed << " | " << c.skipped << " | " << c.errors
                  << " |";
        if (haveLinux)
        {
            std::cout << " " << c.linuxPassed << " of " << c.linuxRun << " |";
        }
        std::cout << "\n";
    };
    for (const auto& f : folders)
    {
        row(f.first, f.second);
    }
    row("**all**", total);
    std::cout << "\n";
    for (const auto& l : lines)
    {
        std::cout << l << "\n";
    }
    std::cout << total.passed << " passed, " << total.failed << " failed, " << total.skipped
              << " skipped" << (total.errors ? ", " + std::to_string(total.errors) + " errors" : "")
              << std::endl;
    return 0;
}

} // namespace

int
main(int argc, char* argv[])
{
    TcpFsmScriptRunOptions options;
    bool verbose = false;
    bool compare = false;
    bool table = false;
    std::string linuxResults;
    std::vector<Input> inputs;
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
        else if (arg.compare(0, 10, "--profile=") == 0)
        {
            options.upstreamProfile = arg.substr(10);
        }
        else if (arg.compare(0, 16, "--linux-results=") == 0 && arg.size() > 16)
        {
            linuxResults = arg.substr(16);
        }
        else if (arg == "--verbose")
        {
            verbose = true;
        }
        else if (arg == "--compare")
        {
            compare = true;
        }
        else if (arg == "--table")
        {
            table = true;
        }
        else if (arg.compare(0, 1, "-") == 0 && arg != "-")
        {
            return UsageError("unknown option '" + arg + "'");
        }
        else if (std::filesystem::is_directory(arg))
        {
            std::vector<Input> found;
            for (const auto& e : std::filesystem::recursive_directory_iterator(arg))
            {
                if (e.is_regular_file() && e.path().extension() == ".pkt")
                {
                    found.push_back(
                        {e.path().string(), std::filesystem::relative(e.path(), arg).string()});
                }
            }
            std::sort(found.begin(),
                      found.end(),
                      [](const Input& a, const Input& b)
                      {
                          return a.path < b.path;
                      });
            inputs.insert(inputs.end(), found.begin(), found.end());
        }
        else
        {
            inputs.push_back({arg, std::filesystem::path(arg).filename().string()});
        }
    }
    if (inputs.empty())
    {
        return UsageError("no script given");
    }
    if (!linuxResults.empty() && !table)
    {
        return UsageError("--linux-results needs --table");
    }
    if (verbose)
    {
        options.log = &std::cout;
    }
    if (table)
    {
        return Table(inputs, options, linuxResults);
    }

    // Parse everything first: a broken script stops the run before anything runs.
    std::vector<TcpFsmScript> scripts;
    bool syntaxError = false;
    for (const auto& in : inputs)
    {
        try
        {
            scripts.push_back(TcpFsmScriptParser::ParseFile(in.path));
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
        uint32_t skipped[2] = {0, 0};
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
            skipped[0] += row.fsm.status == TcpFsmScriptResult::Status::SKIP;
            skipped[1] += row.ns3.status == TcpFsmScriptResult::Status::SKIP;
            rows.push_back(row);
        }
        TcpFsmScriptWriteComparison(std::cout, rows);
        for (int k = 0; k < 2; ++k)
        {
            std::cout << (k == 0 ? "\nfsm: " : "ns3: ") << passed[k] << " passed, "
                      << rows.size() - passed[k] - skipped[k] << " failed, " << skipped[k]
                      << " skipped\n";
        }
        return error ? 2 : 0;
    }

    uint32_t passed = 0;
    uint32_t failed = 0;
    uint32_t skipped = 0;
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
        case TcpFsmScriptResult::Status::SKIP:
            ++skipped;
            break;
        case TcpFsmScriptResult::Status::ERROR:
            ++failed;
            error = true;
            break;
        }
    }
    std::cout << passed << " passed, " << failed << " failed, " << skipped << " skipped"
              << std::endl;
    if (error)
    {
        return 2;
    }
    if (failed > 0)
    {
        return 1;
    }
    return passed == 0 && skipped > 0 ? 77 : 0;
}
