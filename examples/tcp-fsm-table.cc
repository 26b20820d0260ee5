/* SPDX-License-Identifier: GPL-2.0-only */

// tcp-fsm-table: print the transition table of tcp-fsm, derived from TcpFsmTransitionTable.
//
//   tcp-fsm-table [--format=rst|csv|dot|md]
//
// rst (the default) is what doc/transition-table.rst holds; a ctest test fails when that file
// no longer matches this program's output. Every format prints the rows grouped by from-state,
// then the (state, event) pairs that deliberately have no row, then the per-state facts; dot
// draws the rows only (classic-diagram edges solid, the others dashed).

#include "ns3/command-line.h"
#include "ns3/tcp-fsm-event.h"
#include "ns3/tcp-fsm-sweep-results.h" // TcpFsmCsvField: the one RFC 4180 quoting
#include "ns3/tcp-fsm-transition-table.h"

#include <cctype>
#include <iostream>
#include <string>
#include <vector>

using namespace ns3;

namespace
{

const char* const kRegenerate = "build/bin/tcp-fsm-table --format=rst > doc/transition-table.rst";

const char*
OriginName(TcpFsmOrigin o)
{
    switch (o)
    {
    case TcpFsmOrigin::ANY:
        return "any";
    case TcpFsmOrigin::PASSIVE:
        return "passive";
    case TcpFsmOrigin::ACTIVE:
        return "active";
    }
    return "?";
}

const char*
TimerName(TcpFsmEntryTimer t)
{
    switch (t)
    {
    case TcpFsmEntryTimer::NONE:
        return "none";
    case TcpFsmEntryTimer::RETRANSMIT:
        return "retransmit";
    case TcpFsmEntryTimer::FIN_WAIT_2:
        return "fin_wait_2";
    case TcpFsmEntryTimer::TWO_MSL:
        return "2msl";
    }
    return "?";
}

const char*
YesNo(bool b)
{
    return b ? "yes" : "no";
}

/// The states of a no-row entry, in state order, joined by ", ".
std::string
StateList(uint16_t mask)
{
    std::string out;
    for (std::size_t i = 0; i < kTcpFsmStateCount; ++i)
    {
        if (mask & (1u << i))
        {
            if (!out.empty())
            {
                out += ", ";
            }
            out += TcpFsmStateName(TcpFsmStateAt(i));
        }
    }
    return out;
}

/// The from-states in the order the table lists them (the order of the classic diagram).
std::vector<TcpFsmState>
FromStatesInRowOrder()
{
    std::vector<TcpFsmState> order;
    for (const auto& row : TcpFsmTransitionTable::Rows())
    {
        bool seen = false;
        for (auto s : order)
        {
            seen = seen || s == row.from;
        }
        if (!seen)
        {
            order.push_back(row.from);
        }
    }
    return order;
}

// ---- one table, rendered by every format -----------------------------------------------------

struct Table
{
    std::vector<std::string> header;
    std::vector<std::vector<std::string>> rows;
};

Table
RowsFrom(TcpFsmState from)
{
    Table t;
    t.header = {"from", "event", "origin", "label", "to", "RFC clause", "in diagram", "rule"};
    for (const auto& row : TcpFsmTransitionTable::Rows())
    {
        if (row.from != from)
        {
            continue;
        }
        t.rows.push_back({TcpFsmStateName(row.from),
                          TcpFsmEventName(row.event),
                          OriginName(row.origin),
                          TcpFsmTransitionTable::Label(row),
                          TcpFsmStateName(row.to),
                          row.rfc,
                          YesNo(row.inDiagram),
                          row.comment});
    }
    return t;
}

Table
NoRowTable()
{
    Table t;
    t.header = {"states", "event", "reason"};
    for (const auto& nr : TcpFsmTransitionTable::NoRows())
    {
        t.rows.push_back({StateList(nr.states), TcpFsmEventName(nr.event), nr.reason});
    }
    return t;
}

Table
StateTable()
{
    Table t;
    t.header = {"state",
                "synchronized",
                "app may send",
                "accepts data",
                "our FIN sent",
                "entry timer",
                "meaning"};
    for (std::size_t i = 0; i < kTcpFsmStateCount; ++i)
    {
        const auto& info = TcpFsmTransitionTable::Info(TcpFsmStateAt(i));
        t.rows.push_back({TcpFsmStateName(info.state),
                          YesNo(info.synchronized),
                          YesNo(info.appMaySend),
                          YesNo(info.acceptsData),
                          YesNo(info.ourFinSent),
                          TimerName(info.timer),
                          info.meaning});
    }
    return t;
}

/// Columns holding identifiers (state and event names, timers): rst and md show them as code.
bool
IsIdentifierColumn(const std::string& name)
{
    return name == "from" || name == "to" || name == "event" || name == "state" || name == "states"
           || name == "entry timer";
}

// ---- rst -------------------------------------------------------------------------------------

/// Backslash-escape what reStructuredText would read as inline markup or a reference.
std::string
RstText(const std::string& s)
{
    std::string out;
    for (std::size_t i = 0; i < s.size(); ++i)
    {
        char c = s[i];
        bool wordEnd = i + 1 == s.size() || !(std::isalnum(static_cast<unsigned char>(s[i + 1])));
        if (c == '\\' || c == '*' || c == '`' || c == '|' || (c == '_' && wordEnd))
        {
            out += '\\';
        }
        out += c;
    }
    return out;
}

std::string
RstCell(const std::string& column, const std::string& value)
{
    if (value.empty())
    {
        return "";
    }
    if (IsIdentifierColumn(column) && value != "none")
    {
        // One literal per name: "CLOSED, LISTEN" becomes ``CLOSED``, ``LISTEN``.
        std::string out;
        std::size_t start = 0;
        while (true)
        {
            std::size_t comma = value.find(", ", start);
            out += "``" + value.substr(start, comma - start) + "``";
            if (comma == std::string::npos)
            {
                return out;
            }
            out += ", ";
            start = comma + 2;
        }
    }
    return RstText(value);
}

void
RstHeading(std::ostream& os, const std::string& title, char underline)
{
    os << title << "\n" << std::string(title.size(), underline) << "\n\n";
}

void
RstTable(std::ostream& os, const std::string& caption, const Table& t)
{
    os << ".. list-table:: " << caption << "\n";
    os << "   :header-rows: 1\n\n";
    os << "   * - " << t.header[0] << "\n";
    for (std::size_t c = 1; c < t.header.size(); ++c)
    {
        os << "     - " << t.header[c] << "\n";
    }
    for (const auto& row : t.rows)
    {
        for (std::size_t c = 0; c < row.size(); ++c)
        {
            std::string cell = RstCell(t.header[c], row[c]);
            os << (c == 0 ? "   * -" : "     -") << (cell.empty() ? "" : " ") << cell << "\n";
        }
    }
    os << "\n";
}

void
PrintRst(std::ostream& os)
{
    os << ".. Generated by tcp-fsm-table from TcpFsmTransitionTable: do not edit.\n"
       << "   Regenerate with: " << kRegenerate << "\n\n";
    os << "Each row reads: in state *from*, on *event* (for connections of the given *origin*),\n"
       << "send what the *label* says after the slash and go to *to*. *In diagram* tells whether\n"
       << "the edge is drawn in the classic state diagram.\n\n";
    RstHeading(os, "Transitions", '#');
    for (auto from : FromStatesInRowOrder())
    {
        RstTable(os, std::string("From ") + TcpFsmStateName(from), RowsFrom(from));
    }
    RstHeading(os, "Pairs without a row", '#');
    os << "Every (state, event) pair that has no row above, with the reason. Together with the\n"
       << "rows they cover all " << kTcpFsmStateCount << " x " << kTcpFsmEventCount
       << " pairs exactly once.\n\n";
    RstTable(os, "(state, event) pairs without a row", NoRowTable());
    RstHeading(os, "States", '#');
    RstTable(os, "Per-state facts", StateTable());
}

// ---- md --------------------------------------------------------------------------------------

std::string
MdCell(const std::string& column, const std::string& value)
{
    std::string escaped;
    for (char c : value)
    {
        if (c == '|' || c == '*' || c == '_' || c == '`' || c == '\\' || c == '<' || c == '>')
        {
            escaped += '\\';
        }
        escaped += c;
    }
    if (IsIdentifierColumn(column) && !value.empty() && value != "none")
    {
        // Code spans need no escaping except for the pipe, which cannot occur in names.
        return "`" + value + "`";
    }
    return escaped;
}

void
MdTable(std::ostream& os, const Table& t)
{
    os << "|";
    for (const auto& h : t.header)
    {
        os << " " << h << " |";
    }
    os << "\n|";
    for (std::size_t c = 0; c < t.header.size(); ++c)
    {
        os << " --- |";
    }
    os << "\n";
    for (const auto& row : t.rows)
    {
        os << "|";
        for (std::size_t c = 0; c < row.size(); ++c)
        {
            os << " " << MdCell(t.header[c], row[c]) << " |";
        }
        os << "\n";
    }
    os << "\n";
}

void
PrintMd(std::ostream& os)
{
    os << "<!-- Generated by tcp-fsm-table --format=md from TcpFsmTransitionTable. -->\n\n";
    os << "## Transitions\n\n";
    for (auto from : FromStatesInRowOrder())
    {
        os << "### From " << TcpFsmStateName(from) << "\n\n";
        MdTable(os, RowsFrom(from));
    }
    os << "## Pairs without a row\n\n";
    MdTable(os, NoRowTable());
    os << "## States\n\n";
    MdTable(os, StateTable());
}

// ---- csv -------------------------------------------------------------------------------------

void
CsvTable(std::ostream& os, const Table& t)
{
    for (std::size_t c = 0; c < t.header.size(); ++c)
    {
        os << (c ? "," : "") << TcpFsmCsvField(t.header[c]);
    }
    os << "\n";
    for (const auto& row : t.rows)
    {
        for (std::size_t c = 0; c < row.size(); ++c)
        {
            os << (c ? "," : "") << TcpFsmCsvField(row[c]);
        }
        os << "\n";
    }
}

/// Three CSV tables separated by one empty line: transitions, pairs without a row, states.
void
PrintCsv(std::ostream& os)
{
    Table all;
    for (auto from : FromStatesInRowOrder())
    {
        Table t = RowsFrom(from);
        all.header = t.header;
        all.rows.insert(all.rows.end(), t.rows.begin(), t.rows.end());
    }
    CsvTable(os, all);
    os << "\n";
    CsvTable(os, NoRowTable());
    os << "\n";
    CsvTable(os, StateTable());
}

// ---- dot -------------------------------------------------------------------------------------

std::string
DotString(const std::string& s)
{
    std::string out = "\"";
    for (char c : s)
    {
        if (c == '"' || c == '\\')
        {
            out += '\\';
        }
        out += c;
    }
    return out + "\"";
}

void
PrintDot(std::ostream& os)
{
    os << "// Generated by tcp-fsm-table --format=dot from TcpFsmTransitionTable.\n"
       << "// Solid edges are drawn in the classic diagram, dashed ones are not.\n"
       << "digraph tcp_fsm {\n"
       << "  node [shape=box, style=rounded, fontname=\"Helvetica\"];\n"
       << "  edge [fontname=\"Helvetica\", fontsize=10];\n";
    for (std::size_t i = 0; i < kTcpFsmStateCount; ++i)
    {
        const auto& info = TcpFsmTransitionTable::Info(TcpFsmStateAt(i));
        os << "  " << TcpFsmStateName(info.state) << " [tooltip=" << DotString(info.meaning)
           << "];\n";
    }
    for (const auto& row : TcpFsmTransitionTable::Rows())
    {
        std::string label = TcpFsmTransitionTable::Label(row);
        if (row.origin != TcpFsmOrigin::ANY)
        {
            label += std::string(" (") + OriginName(row.origin) + " open)";
        }
        os << "  " << TcpFsmStateName(row.from) << " -> " << TcpFsmStateName(row.to)
           << " [label=" << DotString(label) << ", style=" << (row.inDiagram ? "solid" : "dashed")
           << ", tooltip=" << DotString(std::string(row.rfc) + ": " + row.comment) << "];\n";
    }
    os << "}\n";
}

} // namespace

int
main(int argc, char* argv[])
{
    std::string format = "rst";
    CommandLine cmd(__FILE__);
    cmd.Usage("Print the tcp-fsm transition table (rows, pairs without a row, per-state facts).\n"
              "The rst output is doc/transition-table.rst; regenerate it with\n  "
              + std::string(kRegenerate));
    cmd.AddValue("format", "output format: rst, csv, dot or md", format);
    cmd.Parse(argc, argv);

    if (format == "rst")
    {
        PrintRst(std::cout);
    }
    else if (format == "csv")
    {
        PrintCsv(std::cout);
    }
    else if (format == "dot")
    {
        PrintDot(std::cout);
    }
    else if (format == "md")
    {
        PrintMd(std::cout);
    }
    else
    {
        std::cerr << "tcp-fsm-table: invalid --format='" << format
                  << "' (accepted values: rst, csv, dot, md)" << std::endl;
        return 2;
    }
    std::cout.flush();
    return std::cout.good() ? 0 : 1;
}
