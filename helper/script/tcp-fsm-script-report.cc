/* SPDX-License-Identifier: GPL-2.0-only */
#include "ns3/tcp-fsm-script-report.h"

#include "ns3/tcp-fsm-trace-csv.h"

#include <fstream>
#include <sstream>

namespace ns3
{

std::string
TcpFsmScriptResultLine(const std::string& file, const TcpFsmScriptResult& r)
{
    switch (r.status)
    {
    case TcpFsmScriptResult::Status::PASS:
        return file + ": pass";
    case TcpFsmScriptResult::Status::FAIL:
    case TcpFsmScriptResult::Status::SKIP:
    case TcpFsmScriptResult::Status::ERROR:
        break;
    }
    return r.message;
}

const char*
TcpFsmScriptCsvHeader()
{
    return TcpFsmTraceCsv::TransitionHeader();
}

bool
TcpFsmScriptWriteCsv(const std::string& path,
                     const std::vector<TcpFsmScriptTransition>& transitions,
                     std::string& error)
{
    std::ofstream out(path);
    if (!out)
    {
        error = "cannot write " + path;
        return false;
    }
    out << TcpFsmScriptCsvHeader() << "\n";
    for (const auto& t : transitions)
    {
        out << TcpFsmTraceCsv::FormatTime(NanoSeconds(t.timeNs)) << ',' << t.node << ',' << t.socket
            << ',' << t.local << ',' << t.peer << ',' << TcpFsmStateName(t.from) << ','
            << TcpFsmStateName(t.to) << ',' << t.cause << ',';
        if (t.hasSegment)
        {
            out << TcpFsmTraceCsv::FormatFlags(t.flags) << ',' << t.seq << ',' << t.ack;
        }
        else
        {
            out << ",,";
        }
        out << "\n";
    }
    out.flush();
    if (!out)
    {
        error = "cannot write " + path;
        return false;
    }
    return true;
}

namespace
{

/// The message without its "FILE:" prefix; '|' escaped for a Markdown cell.
std::string
Cell(const std::string& file, const TcpFsmScriptResult& r)
{
    std::string m = r.message;
    if (m.compare(0, file.size() + 1, file + ":") == 0)
    {
        m = "line " + m.substr(file.size() + 1);
    }
    std::string out;
    for (char c : m)
    {
        if (c == '|')
        {
            out += '\\';
        }
        out += c;
    }
    return out;
}

std::string
Verdict(const TcpFsmScriptResult& r)
{
    switch (r.status)
    {
    case TcpFsmScriptResult::Status::PASS:
        return "pass";
    case TcpFsmScriptResult::Status::FAIL:
        return "FAIL (line " + std::to_string(r.line) + ")";
    case TcpFsmScriptResult::Status::SKIP:
        return "skip";
    case TcpFsmScriptResult::Status::ERROR:
        return "ERROR";
    }
    return "?";
}

bool
Passed(const TcpFsmScriptResult& r)
{
    return r.status == TcpFsmScriptResult::Status::PASS;
}

} // namespace

void
TcpFsmScriptWriteComparison(std::ostream& os, const std::vector<TcpFsmScriptComparison>& rows)
{
    os << "| script | fsm | ns3 | first difference |\n";
    os << "|---|---|---|---|\n";
    for (const auto& row : rows)
    {
        std::string diff;
        if (!Passed(row.fsm) && !Passed(row.ns3))
        {
            diff = "fsm: " + Cell(row.file, row.fsm) + "; ns3: " + Cell(row.file, row.ns3);
        }
        else if (!Passed(row.fsm))
        {
            diff = "fsm: " + Cell(row.file, row.fsm);
        }
        else if (!Passed(row.ns3))
        {
            diff = Cell(row.file, row.ns3);
        }
        os << "| `" << row.file << "` | " << Verdict(row.fsm) << " | " << Verdict(row.ns3) << " | "
           << diff << " |\n";
    }
}

} // namespace ns3
