/* SPDX-License-Identifier: GPL-2.0-only */
#include "ns3/tcp-fsm-lab-report.h"

#include "ns3/callback.h"
#include "ns3/node.h"
#include "ns3/tcp-fsm-l4-protocol.h"
#include "ns3/tcp-fsm-lab-facts.h"
#include "ns3/tcp-fsm-ladder.h"
#include "ns3/tcp-fsm-trace-csv.h"
#include "ns3/tcp-fsm-transition-graph.h"

#include <algorithm>
#include <cstdio>
#include <map>
#include <ostream>
#include <sstream>

namespace ns3
{

namespace
{

std::string
SecondsText(Time t)
{
    char buf[32];
    std::snprintf(buf, sizeof(buf), "%.6f", t.GetSeconds());
    return buf;
}

/// The page's script: the connection picker. Without it every ladder stays visible.
const char* const kScript = R"(<script>
(function () {
  var pick = document.getElementById('conn');
  var ladders = document.querySelectorAll('div.ladder');
  function show() {
    for (var i = 0; i < ladders.length; i++) {
      ladders[i].hidden = ladders[i].getAttribute('data-conn') !== pick.value;
    }
  }
  if (pick) {
    pick.addEventListener('change', show);
    var m = /conn=(\d+)/.exec(location.hash);
    if (m) { pick.value = m[1]; }
    show();
  }
  // report.html#check: pick every connection in turn and log what is drawn (the browser test).
  if (!/check/.test(location.hash)) { return; }
  function size(svg) {
    var r = svg.getBoundingClientRect();
    return r.width > 0 && r.height > 0;
  }
  var bad = [];
  var graph = document.querySelector('#graph ~ div.figure svg');
  if (graph && !size(graph)) { bad.push('graph has no size'); }
  var options = pick ? pick.options : [];
  for (var k = 0; k < options.length; k++) {
    pick.value = options[k].value;
    pick.dispatchEvent(new Event('change'));
    var shown = [];
    for (var i = 0; i < ladders.length; i++) {
      if (!ladders[i].hidden) { shown.push(ladders[i]); }
    }
    if (shown.length !== 1 || shown[0].getAttribute('data-conn') !== options[k].value) {
      bad.push('picking ' + options[k].value + ' shows ' + shown.length + ' ladders');
    } else if (!size(shown[0].querySelector('svg'))) {
      bad.push('ladder ' + options[k].value + ' has no size');
    }
  }
  console.log('tcp-fsm-check: ' + (bad.length ? 'FAIL ' + bad.join('; ')
                                              : 'ok ' + options.length + ' ladders'));
})();
</script>
)";

/// One connection's records and the socket to select it by.
struct Connection
{
    int primary{-1}; ///< index in the facts' sockets
    std::string key;
};

} // namespace

void
TcpFsmLabRecorder::Attach(NodeContainer fsmNodes)
{
    for (uint32_t i = 0; i < fsmNodes.GetN(); ++i)
    {
        Ptr<TcpFsmL4Protocol> l4 = fsmNodes.Get(i)->GetObject<TcpFsmL4Protocol>();
        l4->TraceConnectWithoutContext("StateTransition",
                                       MakeCallback(&TcpFsmLabRecorder::OnTransition, this));
        l4->TraceConnectWithoutContext("SegmentTx",
                                       MakeCallback(&TcpFsmLabRecorder::OnSegment, this));
        l4->TraceConnectWithoutContext("SegmentRx",
                                       MakeCallback(&TcpFsmLabRecorder::OnSegment, this));
    }
}

void
TcpFsmLabRecorder::OnTransition(const TcpFsmTransitionRecord& r)
{
    transitions.push_back(r);
}

void
TcpFsmLabRecorder::OnSegment(const TcpFsmSegmentRecord& r)
{
    segments.push_back(r);
}

std::string
TcpFsmLabReport::Escape(const std::string& s)
{
    return TcpFsmXmlEscape(s); // one escaper for the SVGs and the page
}

std::string
TcpFsmLabReport::InlineSvg(const std::string& svg, const std::string& idPrefix)
{
    auto start = svg.find("<svg");
    if (start == std::string::npos)
    {
        return "";
    }
    std::string body = svg.substr(start);
    // Comments inside the drawing (Graphviz writes some) are of no use in the page.
    std::string out;
    std::size_t pos = 0;
    while (true)
    {
        auto c = body.find("<!--", pos);
        if (c == std::string::npos)
        {
            out += body.substr(pos);
            break;
        }
        out += body.substr(pos, c - pos);
        auto e = body.find("-->", c);
        if (e == std::string::npos)
        {
            break;
        }
        pos = e + 3;
    }
    std::string result;
    result.reserve(out.size() + 256);
    for (std::size_t i = 0; i < out.size(); ++i)
    {
        result += out[i];
        if (out[i] != '"' && out[i] != '#')
        {
            continue;
        }
        for (const char* marker : {" id=\"", "url(#", "href=\"#"})
        {
            std::size_t n = std::char_traits<char>::length(marker);
            if (i + 1 >= n && out.compare(i + 1 - n, n, marker) == 0)
            {
                result += idPrefix;
            }
        }
    }
    return result;
}

void
TcpFsmLabReport::WriteHead(std::ostream& os, const std::string& title)
{
    os << "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
       << "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
       << "<title>" << Escape(title) << "</title>\n"
       << "<style>\n"
          "body{font-family:Helvetica,Arial,sans-serif;margin:0 auto;max-width:1000px;"
          "padding:1em 1.5em;color:#222;line-height:1.4}\n"
          "h1{font-size:1.6em;margin-bottom:.2em}h2{border-bottom:2px solid #1f5fbf;"
          "padding-bottom:.15em;margin-top:1.6em}\n"
          "table{border-collapse:collapse;margin:.5em 0}td,th{border:1px solid #ccc;"
          "padding:.25em .6em;text-align:left;vertical-align:top}th{background:#eef3fb}\n"
          "td.n{text-align:right;font-variant-numeric:tabular-nums}\n"
          "code,pre{font-family:'DejaVu Sans Mono',Menlo,Consolas,monospace;font-size:.92em}\n"
          "pre{background:#f5f5f5;padding:.5em;overflow-x:auto;white-space:pre-wrap}\n"
          "ul.points{list-style:none;padding-left:0}ul.points li{margin:.35em 0}\n"
          ".yes{color:#1b7a1b;font-weight:bold}.no{color:#999;font-weight:bold}\n"
          "details{margin:.2em 0 .8em 1em}summary{cursor:pointer;color:#1f5fbf}\n"
          ".figure{overflow-x:auto;border:1px solid #ddd;margin:.5em 0}\n"
          ".figure svg{display:block;max-width:none;height:auto}\n"
          ".note{color:#666;font-size:.9em}\n"
          "</style>\n</head>\n<body>\n";
}

void
TcpFsmLabReport::Write(std::ostream& os, const TcpFsmLabReportInput& in)
{
    TcpFsmLabFacts facts(in.transitions, in.segments, in.msl);
    WriteHead(os, in.title + (in.lab.empty() ? "" : ": " + in.lab));
    os << "<h1>" << Escape(in.title) << (in.lab.empty() ? "" : ": lab " + Escape(in.lab))
       << "</h1>\n";
    if (!in.command.empty())
    {
        os << "<pre>" << Escape(in.command) << "</pre>\n";
    }
    os << "<p class=\"note\">Sections: <a href=\"#scenario\">scenario</a> · <a "
          "href=\"#points\">teaching points</a> · <a href=\"#questions\">questions</a> · <a "
          "href=\"#graph\">state graph</a> · <a href=\"#ladders\">ladders</a> · <a "
          "href=\"#transitions\">transitions</a> · <a href=\"#times\">time in state</a> · <a "
          "href=\"#counts\">drops and retransmissions</a> · <a href=\"#files\">raw "
          "files</a></p>\n";

    // Scenario.
    os << "<h2 id=\"scenario\">Scenario</h2>\n<table>\n";
    for (const auto& [name, value] : in.scenario)
    {
        os << "<tr><th>" << Escape(name) << "</th><td>" << Escape(value) << "</td></tr>\n";
    }
    os << "</table>\n";

    // Teaching points.
    os << "<h2 id=\"points\">Teaching points this run shows</h2>\n"
       << "<p class=\"note\">The points of the classic state diagram (RFC 793 Figure 6, "
          "Stevens Figure 18.12), checked against this run's trace.</p>\n<ul class=\"points\">\n";
    for (const TcpFsmLabPoint& p : facts.Points())
    {
        os << "<li data-point=\"" << p.number << "\" data-shown=\"" << (p.shown ? "yes" : "no")
           << "\"><span class=\"" << (p.shown ? "yes\">&#10004; shown" : "no\">&#8211; not shown")
           << "</span> <b>" << p.number << ". " << Escape(p.title) << "</b>: " << Escape(p.evidence)
           << "</li>\n";
    }
    os << "</ul>\n";

    // Questions.
    os << "<h2 id=\"questions\">Questions</h2>\n"
       << "<p class=\"note\">Answer from the ladders, the tables and the CSV files first; each "
          "answer below is computed from this run's trace.</p>\n<ol>\n";
    for (const TcpFsmLabQuestion& q : facts.Questions(in.lab))
    {
        os << "<li>" << Escape(q.question) << "\n<details><summary>Answer</summary>"
           << "<span class=\"answer\" data-question=\"" << Escape(q.id) << "\" data-value=\""
           << Escape(q.value) << "\">" << Escape(q.answer) << "</span></details></li>\n";
    }
    os << "</ol>\n";

    // State graph.
    os << "<h2 id=\"graph\">State graph</h2>\n";
    std::string graph = InlineSvg(in.graphSvg, "g-");
    if (graph.empty())
    {
        os << "<p class=\"note\">No drawing of the state graph: "
           << Escape(in.graphNote.empty() ? "Graphviz's dot is not installed" : in.graphNote)
           << ". The graph is in <a href=\"graph.dot\">graph.dot</a> (draw it with "
              "<code>dot -Tsvg graph.dot</code>).</p>\n";
    }
    else
    {
        os << "<p class=\"note\">Each box: the state, how many times sockets entered it, and "
              "how long one visit lasted (the same for every visit, or the mean and the range). "
              "Each arrow: the event / what is sent, and how many times it was taken (&#215;N). "
              "Blue: the client's normal path; green: the server's; black: other rows of the "
              "table; red: not in the table.</p>\n<div class=\"figure\">\n"
           << graph << "</div>\n";
    }

    // Ladders, one per connection.
    os << "<h2 id=\"ladders\">Ladder diagrams</h2>\n";
    const auto& sockets = facts.GetSockets();
    std::map<std::string, std::vector<int>> byKey;
    for (std::size_t i = 0; i < sockets.size(); ++i)
    {
        const auto& s = sockets[i];
        if (!s.local.empty())
        {
            byKey[std::min(s.local, s.peer) + " " + std::max(s.local, s.peer)].push_back(
                static_cast<int>(i));
        }
    }
    std::vector<Connection> connections;
    for (std::size_t i = 0; i < sockets.size(); ++i)
    {
        const auto& s = sockets[i];
        if (s.local.empty())
        {
            continue;
        }
        std::string key = std::min(s.local, s.peer) + " " + std::max(s.local, s.peer);
        bool active = s.transitions.front().cause == TcpFsmEvent::APP_ACTIVE_OPEN;
        bool anyActive
            = std::any_of(byKey[key].begin(),
                          byKey[key].end(),
                          [&](int k)
                          {
                              return sockets[static_cast<std::size_t>(k)].transitions.front().cause
                                     == TcpFsmEvent::APP_ACTIVE_OPEN;
                          });
        if (active || (!anyActive && byKey[key].front() == static_cast<int>(i)))
        {
            connections.push_back({static_cast<int>(i), key});
        }
    }
    // The records of each address pair, gathered once.
    std::map<std::string, std::vector<TcpFsmTransitionRecord>> tByKey;
    std::map<std::string, std::vector<TcpFsmSegmentRecord>> sByKey;
    for (const auto& [key, list] : byKey)
    {
        for (int k : list)
        {
            const auto& t = sockets[static_cast<std::size_t>(k)].transitions;
            tByKey[key].insert(tByKey[key].end(), t.begin(), t.end());
        }
    }
    for (const auto& seg : in.segments)
    {
        std::string a = TcpFsmFormatAddress(seg.local);
        std::string b = TcpFsmFormatAddress(seg.peer);
        auto it = tByKey.find(std::min(a, b) + " " + std::max(a, b));
        if (it != tByKey.end())
        {
            sByKey[it->first].push_back(seg);
        }
    }
    if (connections.empty())
    {
        os << "<p class=\"note\">No connection of a traced socket: no ladder.</p>\n";
    }
    else
    {
        os << "<p class=\"note\">One ladder per connection; time runs down, the active opener "
              "on the left. "
           << (in.fold ? "Runs of data segments are folded into blue bands (count and byte "
                         "range); the handshake, FIN, RST, retransmitted and lost segments are "
                         "drawn one by one. <code>--unfold</code> draws every segment."
                       : "Every segment is drawn (<code>--unfold</code>).")
           << "</p>\n<p><label for=\"conn\">Connection: </label><select id=\"conn\">\n";
        for (std::size_t c = 0; c < connections.size(); ++c)
        {
            const auto& s = sockets[static_cast<std::size_t>(connections[c].primary)];
            auto path = facts.Path(connections[c].primary);
            os << "<option value=\"" << c + 1 << "\">" << c + 1 << ": " << Escape(s.local)
               << " &#8594; " << Escape(s.peer) << " (node " << s.node << " socket " << s.id
               << ", ends " << TcpFsmStateName(path.back()) << " by "
               << TcpFsmEventName(s.transitions.back().cause) << ")</option>\n";
        }
        os << "</select></p>\n";
        for (std::size_t c = 0; c < connections.size(); ++c)
        {
            const auto& s = sockets[static_cast<std::size_t>(connections[c].primary)];
            TcpFsmLadder ladder(tByKey[connections[c].key], sByKey[connections[c].key]);
            ladder.SetFold(in.fold);
            std::string error;
            os << "<div class=\"ladder\" data-conn=\"" << c + 1 << "\">\n";
            if (!ladder.Select(s.node, s.id, error))
            {
                os << "<p class=\"note\">No ladder: " << Escape(error) << "</p>\n";
            }
            else
            {
                ladder.SetInline("l" + std::to_string(c + 1) + "-");
                os << "<div class=\"figure\">\n";
                ladder.WriteSvg(os);
                os << "</div>\n";
            }
            os << "</div>\n";
        }
    }

    // The transition table of the run.
    TcpFsmTransitionGraph g;
    for (const auto& r : in.transitions)
    {
        g.Add(r);
    }
    os << "<h2 id=\"transitions\">Transitions taken</h2>\n"
       << "<p class=\"note\">Every (state, event, state) this run took, with the row of the "
          "transition table it follows.</p>\n<table>\n<tr><th>from</th><th>event</th>"
          "<th>to</th><th>times</th><th>first (s)</th><th>last (s)</th><th>the table's row</th>"
          "<th>RFC</th></tr>\n";
    for (const TcpFsmGraphEdge& e : g.Edges())
    {
        if (e.count == 0)
        {
            continue;
        }
        const TcpFsmTransition* row = TcpFsmTransitionGraph::FindRow(e.from, e.cause, e.to);
        os << "<tr><td>" << TcpFsmStateName(e.from) << "</td><td>"
           << Escape(TcpFsmEventName(e.cause)) << "</td><td>" << TcpFsmStateName(e.to)
           << "</td><td class=\"n\">" << e.count << "</td><td class=\"n\">"
           << SecondsText(NanoSeconds(e.firstNs)) << "</td><td class=\"n\">"
           << SecondsText(NanoSeconds(e.lastNs)) << "</td><td>"
           << (row ? Escape(TcpFsmTransitionTable::Label(*row)) : "<b>not in the table</b>")
           << "</td><td>" << (row ? Escape(row->rfc) : "") << "</td></tr>\n";
    }
    os << "</table>\n";

    // Time in state, per visit.
    os << "<h2 id=\"times\">Time in state, per visit</h2>\n"
       << "<p class=\"note\">One visit: from the transition into the state to the transition "
          "out of it, for every socket (a stay still open when the run ended is not "
          "counted).</p>\n<table>\n<tr><th>state</th><th>visits</th><th>mean</th><th>min</th>"
          "<th>max</th></tr>\n";
    for (const TcpFsmStateVisits& v : facts.Visits())
    {
        os << "<tr><td>" << TcpFsmStateName(v.state) << "</td><td class=\"n\">" << v.visits
           << "</td><td class=\"n\">" << TcpFsmLabFacts::Duration(ns3::Seconds(v.meanS))
           << "</td><td class=\"n\">" << TcpFsmLabFacts::Duration(ns3::Seconds(v.minS))
           << "</td><td class=\"n\">" << TcpFsmLabFacts::Duration(ns3::Seconds(v.maxS))
           << "</td></tr>\n";
    }
    os << "</table>\n";

    // Drops and retransmissions.
    os << "<h2 id=\"counts\">Drops and retransmissions</h2>\n<table>\n";
    for (const auto& [name, value] : in.results)
    {
        os << "<tr><th>" << Escape(name) << "</th><td>" << Escape(value) << "</td></tr>\n";
    }
    os << "</table>\n";

    // Raw files.
    os << "<h2 id=\"files\">Raw files</h2>\n<ul>\n";
    for (const auto& f : in.files)
    {
        os << "<li><a href=\"" << Escape(f) << "\">" << Escape(f) << "</a></li>\n";
    }
    os << "</ul>\n" << kScript << "</body>\n</html>\n";
}

} // namespace ns3
