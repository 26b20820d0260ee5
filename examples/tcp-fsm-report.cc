/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * tcp-fsm-report: report.html from trace files, for runs that tcp-fsm-lab did not make
 * (a tcp-fsm-script --trace-dir run, a simulation with TcpFsmTraceHelper).
 *
 *   tcp-fsm-report --transitions=FILE [--segments=FILE] [--lab=NAME] [--msl=T] [--unfold]
 *                  [--title=TEXT] --out=FILE
 *
 * Reads the transition CSV (and the segment CSV when given: without it the ladders show the
 * states only), draws the state graph with Graphviz's dot when it is installed, and writes
 * the page to FILE (through a temporary file renamed at the end).
 * Exit status: 0 written; 1 a file cannot be read or written; 2 a bad option.
 */
#include "ns3/core-module.h"
#include "ns3/tcp-fsm-cli.h"
#include "ns3/tcp-fsm-lab-output.h"
#include "ns3/tcp-fsm-lab-report.h"
#include "ns3/tcp-fsm-trace-csv.h"
#include "ns3/tcp-fsm-transition-graph.h"

#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

using namespace ns3;

namespace
{

[[noreturn]] void
Fail(const std::string& message)
{
    std::cerr << "tcp-fsm-report: " << message << std::endl;
    std::exit(1);
}

} // namespace

int
main(int argc, char* argv[])
{
    TcpFsmCli cli("tcp-fsm-report");
    cli.Declare("transitions", TcpFsmCli::Kind::STRING);
    cli.Declare("segments", TcpFsmCli::Kind::STRING);
    cli.Declare("lab", TcpFsmCli::Kind::STRING);
    cli.Declare("msl", TcpFsmCli::Kind::TIME);
    cli.Declare("unfold", TcpFsmCli::Kind::BOOL);
    cli.Declare("title", TcpFsmCli::Kind::STRING);
    cli.Declare("out", TcpFsmCli::Kind::STRING);
    cli.Check(argc, argv);
    std::string transitions;
    std::string segments;
    std::string lab;
    std::string msl = "0s";
    bool unfold = false;
    std::string title = "tcp-fsm report";
    std::string out;
    CommandLine cmd(__FILE__);
    cmd.Usage("Writes report.html from a transition CSV (and a segment CSV). Exit status: 0 "
              "written, 1 a file cannot be read or written, 2 bad option.");
    cmd.AddValue("transitions", "the transition CSV (TcpFsmTraceHelper's format)", transitions);
    cmd.AddValue("segments", "the segment CSV (optional)", segments);
    cmd.AddValue("lab", "course lab name: its questions", lab);
    cmd.AddValue("msl", "the MSL of the run (TIME_WAIT is checked against 2 x MSL)", msl);
    cmd.AddValue("unfold", "draw every data segment in the ladders", unfold);
    cmd.AddValue("title", "the page's title", title);
    cmd.AddValue("out", "the HTML file to write", out);
    cmd.Parse(argc, argv);
    if (transitions.empty() || out.empty())
    {
        cli.Fail("--transitions=FILE and --out=FILE are required");
    }
    double mslSeconds = 0;
    TcpFsmCli::ParseTime(msl, mslSeconds);

    TcpFsmLabReportInput in;
    in.title = title;
    in.lab = lab;
    in.command = "tcp-fsm-report";
    for (int i = 1; i < argc; ++i)
    {
        in.command += std::string(" ") + argv[i];
    }
    in.msl = Seconds(mslSeconds);
    in.fold = !unfold;
    std::string error;
    if (!TcpFsmTraceCsv::ReadTransitions(transitions, in.transitions, error))
    {
        Fail(error);
    }
    if (!segments.empty() && !TcpFsmTraceCsv::ReadSegments(segments, in.segments, error))
    {
        Fail(error);
    }
    const auto base = std::filesystem::path(out).parent_path();
    auto relative = [&base](const std::string& f)
    {
        return std::filesystem::relative(std::filesystem::absolute(f),
                                         std::filesystem::absolute(base.empty() ? "." : base))
            .string();
    };
    in.scenario
        = {{"transitions", relative(transitions)},
           {"segments",
            segments.empty() ? "not given: the ladders show states only" : relative(segments)}};
    in.files.push_back(relative(transitions));
    if (!segments.empty())
    {
        in.files.push_back(relative(segments));
    }
    TcpFsmTransitionGraph graph;
    for (const auto& r : in.transitions)
    {
        graph.Add(r);
    }
    const std::string dot = TcpFsmFindProgram("dot");
    if (dot.empty())
    {
        in.graphNote = "Graphviz's dot is not installed";
    }
    else
    {
        std::string tmp = out + ".graph-" + std::to_string(getpid());
        {
            std::ofstream os(tmp + ".dot");
            graph.WriteDot(os, false);
        }
        if (TcpFsmRunProgram({dot, "-Tsvg", "-o", tmp + ".svg", tmp + ".dot"}))
        {
            std::ifstream is(tmp + ".svg");
            std::ostringstream text;
            text << is.rdbuf();
            in.graphSvg = text.str();
        }
        else
        {
            in.graphNote = "Graphviz's dot failed";
        }
        std::remove((tmp + ".dot").c_str());
        std::remove((tmp + ".svg").c_str());
    }
    const std::string tmp = out + ".tmp-" + std::to_string(getpid());
    {
        std::ofstream os(tmp, std::ios::binary | std::ios::trunc);
        TcpFsmLabReport::Write(os, in);
        os.close();
        if (!os)
        {
            std::remove(tmp.c_str());
            Fail("cannot write " + out);
        }
    }
    if (std::rename(tmp.c_str(), out.c_str()) != 0)
    {
        std::remove(tmp.c_str());
        Fail("cannot write " + out);
    }
    std::cout << "tcp-fsm-report: wrote " << out << "\n";
    return 0;
}
