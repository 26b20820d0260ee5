/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * report.html: one self-contained page per lab run (and per sweep) that a student opens from
 * the output folder: scenario, teaching points, questions with answers, state graph, one
 * ladder per connection, transition table, time in state, drops and retransmissions.
 */
#ifndef TCP_FSM_LAB_REPORT_H
#define TCP_FSM_LAB_REPORT_H

#include "ns3/node-container.h"
#include "ns3/nstime.h"
#include "ns3/tcp-fsm-transition-record.h"

#include <iosfwd>
#include <string>
#include <utility>
#include <vector>

namespace ns3
{

/// What a lab report is made of.
struct TcpFsmLabReportInput
{
    std::string title{"tcp-fsm lab report"};
    std::string lab;     ///< course lab name ("04-simultaneous-close"), "" for none
    std::string command; ///< the command that made the run
    /// The set-up, as (name, value) rows: topology, delay, loss, drops, who closes ...
    std::vector<std::pair<std::string, std::string>> scenario;
    /// Counts of the run (drops, retransmissions ...), as (name, value) rows.
    std::vector<std::pair<std::string, std::string>> results;
    std::vector<TcpFsmTransitionRecord> transitions;
    std::vector<TcpFsmSegmentRecord> segments;
    Time msl;              ///< the MSL in force (0: unknown)
    std::string graphSvg;  ///< the state graph as drawn by Graphviz (an SVG document), or ""
    std::string graphNote; ///< why there is no graph when graphSvg is empty
    std::vector<std::string> files; ///< raw files next to report.html, linked
    bool fold{true};                ///< fold runs of data segments in the ladders
};

/**
 * \ingroup tcp-fsm
 * \brief Keeps every transition and segment record of tcp-fsm nodes for the report.
 */
class TcpFsmLabRecorder
{
  public:
    /// Connect to the StateTransition, SegmentTx and SegmentRx traces of these nodes.
    void Attach(NodeContainer fsmNodes);
    std::vector<TcpFsmTransitionRecord> transitions;
    std::vector<TcpFsmSegmentRecord> segments;

  private:
    void OnTransition(const TcpFsmTransitionRecord& r);
    void OnSegment(const TcpFsmSegmentRecord& r);
};

/**
 * \ingroup tcp-fsm
 * \brief Writes report.html: plain HTML with inline CSS and SVG, and a few lines of inline
 * script for the connection picker (without script every ladder is shown). Answers sit in
 * <details> elements (a toggle that needs no script). Every text from the trace or the
 * command line is HTML-escaped.
 */
class TcpFsmLabReport
{
  public:
    static void Write(std::ostream& os, const TcpFsmLabReportInput& in);
    /// Escape &, <, >, " and ' for HTML text and attribute values.
    static std::string Escape(const std::string& s);
    /// An SVG document without its XML declaration, DOCTYPE and comments, ready to inline;
    /// every id (and its url(#id) / href="#id" uses) gets the prefix.
    static std::string InlineSvg(const std::string& svg, const std::string& idPrefix);
    /// The page's style sheet and its head, shared with the sweep report.
    static void WriteHead(std::ostream& os, const std::string& title);
};

} // namespace ns3

#endif /* TCP_FSM_LAB_REPORT_H */
