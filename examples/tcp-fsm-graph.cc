/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * tcp-fsm-graph: turn transition traces (TcpFsmTraceHelper's CSV) into a graph of the
 * transitions taken, its coverage of the transition table, and a ladder diagram.
 *
 *   tcp-fsm-graph [--per-socket|--per-node] [--coverage]
 *                 [--ladder=NODE:SOCKET --segments=SEGMENTS.csv] -o OUTDIR TRACE.csv...
 *
 * Writes OUTDIR/graph.dot and OUTDIR/graph.graphml for all the traces together, plus
 * graph.svg and graph.png when Graphviz's `dot` is installed; with --coverage also
 * OUTDIR/coverage.txt (and the table rows never taken are drawn dashed grey); with
 * --per-node / --per-socket the same files for each node (OUTDIR/node-N/) or socket
 * (OUTDIR/node-N-socket-S/); with --ladder, OUTDIR/ladder.svg, the time-sequence diagram of
 * that socket's connection (and ladder.png when librsvg's rsvg-convert is installed). Every
 * file is written whole or not at all (a temporary name, then rename). Example, after
 * build/bin/tcp-fsm-trace-example --dir=out:
 *
 *   $ tcp-fsm-graph --coverage --ladder=0:1 --segments=out/segments.csv -o out/graph \
 *         out/transitions.csv
 *   read 41 transitions of 7 sockets from 1 file
 *   wrote out/graph/graph.dot
 *   ...
 *
 * Exit status: 0 done; 1 an input file is malformed or an output cannot be written;
 * 2 bad command line.
 */
#include "ns3/tcp-fsm-ladder.h"
#include "ns3/tcp-fsm-trace-csv.h"
#include "ns3/tcp-fsm-transition-graph.h"

#include <spawn.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>
#include <sys/wait.h>

extern char** environ;

using namespace ns3;

namespace
{

const char* const kUsage
    = "usage: tcp-fsm-graph [--per-socket|--per-node] [--coverage]\n"
      "                     [--ladder=NODE:SOCKET --segments=SEGMENTS.csv] -o OUTDIR "
      "TRACE.csv...\n";

struct Options
{
    bool perSocket{false};
    bool perNode{false};
    bool coverage{false};
    bool ladder{false};
    uint32_t ladderNode{0};
    uint64_t ladderSocket{0};
    std::string segments;
    std::string outDir;
    std::vector<std::string> traces;
};

[[noreturn]] void
BadUsage(const std::string& message)
{
    std::cerr << "tcp-fsm-graph: " << message << "\n" << kUsage;
    std::exit(2);
}

[[noreturn]] void
Fail(const std::string& message)
{
    std::cerr << "tcp-fsm-graph: " << message << "\n";
    std::exit(1);
}

bool
ParseNodeSocket(const std::string& text, uint32_t& node, uint64_t& socket)
{
    auto colon = text.find(':');
    if (colon == std::string::npos || colon == 0 || colon + 1 == text.size()
        || text.find_first_not_of("0123456789:") != std::string::npos
        || text.find(':', colon + 1) != std::string::npos)
    {
        return false;
    }
    try
    {
        unsigned long long n = std::stoull(text.substr(0, colon));
        unsigned long long s = std::stoull(text.substr(colon + 1));
        if (n > UINT32_MAX)
        {
            return false;
        }
        node = static_cast<uint32_t>(n);
        socket = s;
    }
    catch (const std::exception&)
    {
        return false;
    }
    return true;
}

Options
ParseCommandLine(int argc, char* argv[])
{
    Options o;
    bool optionsEnded = false;
    for (int i = 1; i < argc; ++i)
    {
        std::string arg = argv[i];
        if (optionsEnded || arg.empty() || arg[0] != '-' || arg == "-")
        {
            o.traces.push_back(arg);
            continue;
        }
        std::string name = arg;
        std::string value;
        bool hasValue = false;
        if (arg.compare(0, 2, "--") == 0 && arg.find('=') != std::string::npos)
        {
            name = arg.substr(0, arg.find('='));
            value = arg.substr(arg.find('=') + 1);
            hasValue = true;
        }
        auto needValue = [&](const std::string& option)
        {
            if (!hasValue)
            {
                if (i + 1 >= argc)
                {
                    BadUsage(option + " needs a value");
                }
                value = argv[++i];
            }
            if (value.empty())
            {
                BadUsage(option + " needs a non-empty value");
            }
        };
        auto noValue = [&](const std::string& option)
        {
            if (hasValue)
            {
                BadUsage(option + " takes no value");
            }
        };
        if (name == "--")
        {
            optionsEnded = true;
        }
        else if (name == "-h" || name == "--help")
        {
            std::cout << kUsage;
            std::exit(0);
        }
        else if (name == "-o" || name == "--output")
        {
            needValue("-o");
            o.outDir = value;
        }
        else if (name.compare(0, 2, "-o") == 0 && name.size() > 2 && name[1] == 'o')
        {
            o.outDir = name.substr(2); // -oDIR
        }
        else if (name == "--per-socket")
        {
            noValue(name);
            o.perSocket = true;
        }
        else if (name == "--per-node")
        {
            noValue(name);
            o.perNode = true;
        }
        else if (name == "--coverage")
        {
            noValue(name);
            o.coverage = true;
        }
        else if (name == "--ladder")
        {
            needValue(name);
            if (!ParseNodeSocket(value, o.ladderNode, o.ladderSocket))
            {
                BadUsage("--ladder=" + value + ": expected NODE:SOCKET, e.g. --ladder=0:1");
            }
            o.ladder = true;
        }
        else if (name == "--segments")
        {
            needValue(name);
            o.segments = value;
        }
        else
        {
            BadUsage("unknown option '" + name + "'");
        }
    }
    if (o.perSocket && o.perNode)
    {
        BadUsage("--per-socket and --per-node exclude each other");
    }
    if (o.outDir.empty())
    {
        BadUsage("-o OUTDIR is required");
    }
    if (o.traces.empty())
    {
        BadUsage("no TRACE.csv file given");
    }
    if (o.ladder && o.segments.empty())
    {
        BadUsage("--ladder needs --segments=SEGMENTS.csv (TcpFsmTraceHelper::EnableSegments)");
    }
    if (!o.ladder && !o.segments.empty())
    {
        BadUsage("--segments is only used with --ladder=NODE:SOCKET");
    }
    return o;
}

/// Write the whole file or nothing: a temporary name in the same directory, then rename(2).
void
WriteFile(const std::string& path, const std::string& content)
{
    std::string tmp = path + ".tmp" + std::to_string(getpid());
    {
        std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
        out << content;
        out.close();
        if (!out)
        {
            std::remove(tmp.c_str());
            Fail("cannot write " + path + ": " + std::strerror(errno));
        }
    }
    if (std::rename(tmp.c_str(), path.c_str()) != 0)
    {
        int e = errno;
        std::remove(tmp.c_str());
        Fail("cannot write " + path + ": " + std::strerror(e));
    }
    std::cout << "wrote " << path << "\n";
}

/// The path of a program in PATH, or "" when it is not installed.
std::string
FindProgram(const std::string& name)
{
    const char* path = std::getenv("PATH");
    std::istringstream dirs(path ? path : "");
    std::string dir;
    while (std::getline(dirs, dir, ':'))
    {
        std::string candidate = (dir.empty() ? std::string(".") : dir) + "/" + name;
        if (access(candidate.c_str(), X_OK) == 0)
        {
            return candidate;
        }
    }
    return "";
}

/**
 * Run a converter that writes its output to the file named by the argument "OUT" in args;
 * the output is written to a temporary name and renamed, so it is whole or absent.
 */
void
Convert(std::vector<std::string> args, const std::string& out)
{
    std::string tmp = out + ".tmp" + std::to_string(getpid());
    std::string command;
    std::vector<char*> argv;
    for (auto& a : args)
    {
        if (a == "OUT")
        {
            a = tmp;
        }
        command += (command.empty() ? "" : " ") + a;
        argv.push_back(a.data());
    }
    argv.push_back(nullptr);
    pid_t pid = 0;
    int rc = posix_spawn(&pid, args[0].c_str(), nullptr, nullptr, argv.data(), environ);
    if (rc != 0)
    {
        Fail("cannot run " + args[0] + ": " + std::strerror(rc));
    }
    int status = 0;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
    {}
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0 || std::rename(tmp.c_str(), out.c_str()))
    {
        std::remove(tmp.c_str());
        Fail(command + " failed");
    }
    std::cout << "wrote " << out << "\n";
}

void
MakeDir(const std::string& dir)
{
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    if (ec)
    {
        Fail("cannot create directory " + dir + ": " + ec.message());
    }
}

/// graph.dot, graph.graphml, [coverage.txt], [graph.svg, graph.png] in dir.
void
WriteGraphFiles(const std::string& dir,
                const TcpFsmTransitionGraph& graph,
                const Options& o,
                const std::string& dot)
{
    MakeDir(dir);
    std::ostringstream dotText;
    graph.WriteDot(dotText, o.coverage);
    WriteFile(dir + "/graph.dot", dotText.str());
    std::ostringstream graphml;
    graph.WriteGraphml(graphml);
    WriteFile(dir + "/graph.graphml", graphml.str());
    if (o.coverage)
    {
        std::ostringstream coverage;
        graph.WriteCoverage(coverage);
        WriteFile(dir + "/coverage.txt", coverage.str());
    }
    if (!dot.empty())
    {
        Convert({dot, "-Tsvg", "-o", "OUT", dir + "/graph.dot"}, dir + "/graph.svg");
        Convert({dot, "-Tpng", "-o", "OUT", dir + "/graph.dot"}, dir + "/graph.png");
    }
}

} // namespace

int
main(int argc, char* argv[])
{
    Options o = ParseCommandLine(argc, argv);

    std::vector<TcpFsmTransitionRecord> records;
    for (const auto& path : o.traces)
    {
        std::string error;
        if (!TcpFsmTraceCsv::ReadTransitions(path, records, error))
        {
            Fail(error);
        }
    }
    TcpFsmTransitionGraph all;
    std::map<uint32_t, TcpFsmTransitionGraph> perNode;
    std::map<std::pair<uint32_t, uint64_t>, TcpFsmTransitionGraph> perSocket;
    for (const auto& r : records)
    {
        all.Add(r);
        if (o.perNode)
        {
            perNode[r.nodeId].Add(r);
        }
        if (o.perSocket)
        {
            perSocket[{r.nodeId, r.socketId}].Add(r);
        }
    }
    std::cout << "read " << records.size() << " transitions of " << all.Sockets().size()
              << " sockets from " << o.traces.size() << " file" << (o.traces.size() == 1 ? "" : "s")
              << "\n";

    std::string dot = FindProgram("dot");
    WriteGraphFiles(o.outDir, all, o, dot);
    for (const auto& [node, graph] : perNode)
    {
        WriteGraphFiles(o.outDir + "/node-" + std::to_string(node), graph, o, dot);
    }
    for (const auto& [key, graph] : perSocket)
    {
        WriteGraphFiles(o.outDir + "/node-" + std::to_string(key.first) + "-socket-"
                            + std::to_string(key.second),
                        graph,
                        o,
                        dot);
    }
    if (o.ladder)
    {
        std::vector<TcpFsmSegmentRecord> segments;
        std::string error;
        if (!TcpFsmTraceCsv::ReadSegments(o.segments, segments, error))
        {
            Fail(error);
        }
        TcpFsmLadder ladder(records, segments);
        if (!ladder.Select(o.ladderNode, o.ladderSocket, error))
        {
            Fail("--ladder=" + std::to_string(o.ladderNode) + ":" + std::to_string(o.ladderSocket)
                 + ": " + error);
        }
        std::ostringstream svg;
        ladder.WriteSvg(svg);
        WriteFile(o.outDir + "/ladder.svg", svg.str());
        std::string rsvg = FindProgram("rsvg-convert");
        if (!rsvg.empty())
        {
            Convert({rsvg, "-o", "OUT", o.outDir + "/ladder.svg"}, o.outDir + "/ladder.png");
        }
        else
        {
            std::cout << "rsvg-convert is not installed (librsvg2-bin): ladder.png was not made; "
                         "ladder.svg opens in any web browser\n";
        }
    }
    if (o.coverage)
    {
        TcpFsmCoverage c = all.Coverage();
        std::cout << "coverage: " << c.taken.size() << " of " << c.referenceEdges
                  << " table rows taken, " << c.anomalies.size()
                  << " transitions not in the table\n";
    }
    if (dot.empty())
    {
        std::cout << "Graphviz 'dot' is not installed (not found in PATH): graph.svg and "
                     "graph.png were not made; install graphviz, or run "
                     "'dot -Tsvg graph.dot -o graph.svg' elsewhere\n";
    }
    return 0;
}
