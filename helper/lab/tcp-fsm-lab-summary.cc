/* SPDX-License-Identifier: GPL-2.0-only */
#include "ns3/tcp-fsm-lab-summary.h"

#include "ns3/callback.h"
#include "ns3/node.h"
#include "ns3/tcp-fsm-l4-protocol.h"
#include "ns3/tcp-fsm-ladder.h"
#include "ns3/tcp-fsm-trace-helper.h"
#include "ns3/tcp-header.h"

#include <algorithm>
#include <cmath>
#include <iomanip>
#include <nlohmann/json.hpp>
#include <ostream>
#include <sstream>

namespace ns3
{

namespace
{

const char* const kCountKeys[] = {
    "connections_attempted",
    "connections_established",
    "connections_completed",
    "connections_failed",
    "failed_refused",
    "failed_reset",
    "failed_timed_out",
    "failed_aborted",
    "bytes_sent",
    "bytes_received",
};

const char* const kQuantileNames[] = {"min", "median", "p95", "max"};

/// sequence-number comparison modulo 2^32: a < b
bool
SeqLess(uint32_t a, uint32_t b)
{
    return static_cast<int32_t>(a - b) < 0;
}

const char*
ReasonOf(TcpFsmAction action)
{
    switch (action)
    {
    case TcpFsmAction::END_NORMAL:
        return "normal";
    case TcpFsmAction::END_REFUSED:
        return "refused";
    case TcpFsmAction::END_RESET:
    case TcpFsmAction::RETURN_TO_LISTEN:
        return "reset";
    case TcpFsmAction::END_TIMEOUT:
        return "timed_out";
    case TcpFsmAction::END_ABORT:
        return "aborted";
    case TcpFsmAction::NONE:
    case TcpFsmAction::SPAWN_CHILD:
    case TcpFsmAction::CONNECTED:
    case TcpFsmAction::PEER_CLOSED:
    case TcpFsmAction::RESTART_2MSL:
    case TcpFsmAction::FASTOPEN_ACCEPT:
    case TcpFsmAction::RESEND_SYN_DATA:
        break;
    }
    return "";
}

/// A time for people: "20.147 ms", "60.021 s", "-" when undefined.
std::string
HumanTime(std::optional<double> s)
{
    if (!s)
    {
        return "-";
    }
    std::ostringstream os;
    os << std::fixed << std::setprecision(3);
    if (std::fabs(*s) < 1.0)
    {
        os << *s * 1e3 << " ms";
    }
    else
    {
        os << *s << " s";
    }
    return os.str();
}

std::string
Count(std::optional<double> v)
{
    if (!v)
    {
        return "-";
    }
    std::ostringstream os;
    os << std::fixed << std::setprecision(0) << *v;
    return os.str();
}

} // namespace

TcpFsmLabSummary::TcpFsmLabSummary() = default;

const std::vector<std::string>&
TcpFsmLabSummary::MetricKeys()
{
    static const std::vector<std::string> keys = []()
    {
        std::vector<std::string> k(std::begin(kCountKeys), std::end(kCountKeys));
        for (const char* what : {"setup_time", "teardown_time", "ttfb"})
        {
            for (const char* q : kQuantileNames)
            {
                k.push_back(std::string(what) + "_" + q + "_s");
            }
        }
        k.push_back("time_wait_mean_s");
        for (const char* r : {"retx_syn", "retx_synack", "retx_fin", "retx_data"})
        {
            k.push_back(r);
        }
        for (TcpFsmState s : TcpFsmTraceHelper::StateCountColumns())
        {
            k.push_back(std::string("peak_") + TcpFsmStateName(s));
        }
        for (const char* r : {"anomalies", "sim_s", "wall_s"})
        {
            k.push_back(r);
        }
        return k;
    }();
    return keys;
}

std::optional<double>
TcpFsmLabSummary::Get(const TcpFsmLabMetrics& m, const std::string& key)
{
    for (const auto& metric : m)
    {
        if (metric.key == key)
        {
            return metric.value;
        }
    }
    return std::nullopt;
}

void
TcpFsmLabSummary::Attach(NodeContainer fsmNodes)
{
    for (uint32_t i = 0; i < fsmNodes.GetN(); ++i)
    {
        Ptr<TcpFsmL4Protocol> l4 = fsmNodes.Get(i)->GetObject<TcpFsmL4Protocol>();
        if (!l4)
        {
            continue;
        }
        l4->TraceConnectWithoutContext("StateTransition",
                                       MakeCallback(&TcpFsmLabSummary::AddTransition, this));
        l4->TraceConnectWithoutContext("SegmentTx",
                                       MakeCallback(&TcpFsmLabSummary::AddSegment, this));
        l4->TraceConnectWithoutContext("SegmentRx",
                                       MakeCallback(&TcpFsmLabSummary::AddSegment, this));
    }
}

void
TcpFsmLabSummary::SetLadderConnection(const std::string& client, const std::string& server)
{
    if (m_ladderClient.empty())
    {
        m_ladderClient = client;
        m_ladderServer = server;
    }
}

bool
TcpFsmLabSummary::IsLadder(const Address& local, const Address& peer) const
{
    if (m_ladderClient.empty())
    {
        return false;
    }
    const std::string l = TcpFsmFormatAddress(local);
    const std::string p = TcpFsmFormatAddress(peer);
    return (l == m_ladderClient && p == m_ladderServer)
           || (l == m_ladderServer && p == m_ladderClient);
}

void
TcpFsmLabSummary::AddTransition(const TcpFsmTransitionRecord& r)
{
    m_graph.Add(r);
    if (m_ladderClient.empty() && r.cause == TcpFsmEvent::APP_ACTIVE_OPEN)
    {
        SetLadderConnection(TcpFsmFormatAddress(r.local), TcpFsmFormatAddress(r.peer));
    }
    if (IsLadder(r.local, r.peer))
    {
        m_ladderTransitions.push_back(r);
    }
    auto [it, isNew] = m_sockets.try_emplace(Key(r.nodeId, r.socketId));
    Socket& s = it->second;
    if (isNew)
    {
        s.born = r.time;
    }
    if (s.peer.empty() && !r.peer.IsInvalid())
    {
        s.local = TcpFsmFormatAddress(r.local);
        s.peer = TcpFsmFormatAddress(r.peer);
    }
    const TcpFsmTransition* row = TcpFsmTransitionGraph::FindRow(r.from, r.cause, r.to);
    const bool ends
        = r.to == TcpSocket::CLOSED || (row && row->action == TcpFsmAction::RETURN_TO_LISTEN);
    if (s.counted)
    {
        --m_counts[static_cast<std::size_t>(s.state)];
    }
    s.counted = !ends;
    s.state = r.to;
    if (s.counted)
    {
        const auto i = static_cast<std::size_t>(r.to);
        m_peaks[i] = std::max(m_peaks[i], ++m_counts[i]);
    }
    if (r.to == TcpSocket::TIME_WAIT && !s.inTimeWait)
    {
        s.inTimeWait = true;
        s.timeWaitAt = r.time;
    }
    else if (r.to != TcpSocket::TIME_WAIT && s.inTimeWait)
    {
        s.inTimeWait = false;
        m_timeWaitTotal += (r.time - s.timeWaitAt).GetSeconds();
        ++m_timeWaitStays;
    }
    if (ends && !s.closed)
    {
        s.closed = true;
        s.closedAt = r.time;
        s.endReason = row ? ReasonOf(row->action) : "";
    }
}

void
TcpFsmLabSummary::AddSegment(const TcpFsmSegmentRecord& r)
{
    if (IsLadder(r.local, r.peer))
    {
        m_ladderSegments.push_back(r);
    }
    if (!r.sent || r.socketId == 0)
    {
        return;
    }
    Socket& s = m_sockets[Key(r.nodeId, r.socketId)];
    const bool syn = r.flags & TcpHeader::SYN;
    const bool ack = r.flags & TcpHeader::ACK;
    if (syn && !ack && s.syns++ > 0)
    {
        ++m_retxSyn;
    }
    if (syn && ack && s.synAcks++ > 0)
    {
        ++m_retxSynAck;
    }
    if (r.flags & TcpHeader::FIN)
    {
        if (s.fins++ > 0)
        {
            ++m_retxFin;
        }
        if (!s.finSent)
        {
            s.finSent = true;
            s.firstFin = r.time;
        }
    }
    if (r.length > 0 && !syn)
    {
        const uint32_t end = r.seq + r.length;
        if (s.dataSent && SeqLess(r.seq, s.dataEnd))
        {
            ++m_retxData;
        }
        if (!s.dataSent || SeqLess(s.dataEnd, end))
        {
            s.dataEnd = end;
        }
        s.dataSent = true;
    }
}

std::array<std::optional<double>, 4>
TcpFsmLabSummary::Quantiles(std::vector<double> v)
{
    if (v.empty())
    {
        return {};
    }
    std::sort(v.begin(), v.end());
    const std::size_t n = v.size();
    const double median = n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
    std::size_t rank = static_cast<std::size_t>(std::ceil(0.95 * double(n)));
    rank = std::max<std::size_t>(rank, 1);
    return {v.front(), median, v[rank - 1], v.back()};
}

TcpFsmLabMetrics
TcpFsmLabSummary::Compute(const std::vector<TcpFsmLabConnection>& connections,
                          uint64_t bytesSent,
                          uint64_t bytesReceived,
                          double simS,
                          double wallS) const
{
    // Server ends by (node, local, peer), in order of birth.
    std::map<std::tuple<uint32_t, std::string, std::string>, std::vector<const Socket*>> ends;
    for (const auto& [key, s] : m_sockets)
    {
        if (!s.peer.empty())
        {
            ends[{key.first, s.local, s.peer}].push_back(&s);
        }
    }
    for (auto& [key, list] : ends)
    {
        std::stable_sort(list.begin(),
                         list.end(),
                         [](const Socket* a, const Socket* b)
                         {
                             return a->born < b->born;
                         });
    }

    std::map<std::string, double> count;
    std::vector<double> setup;
    std::vector<double> teardown;
    std::vector<double> ttfb; // time to first byte at the server, from the client's open
    for (const auto& c : connections)
    {
        if (!c.started)
        {
            continue;
        }
        count["connections_attempted"]++;
        if (c.established)
        {
            count["connections_established"]++;
            setup.push_back((c.establishedAt - c.connectAt).GetSeconds());
        }
        if (c.serverFirstByte)
        {
            ttfb.push_back((c.serverFirstByteAt - c.connectAt).GetSeconds());
        }
        const Socket* client = nullptr;
        std::string reason;
        if (c.appFailure == "local")
        {
            reason = "local"; // failed, for none of the four reasons
        }
        else if (c.clientFsm)
        {
            auto it = m_sockets.find(Key(c.clientNode, c.clientSocketId));
            client = it == m_sockets.end() ? nullptr : &it->second;
            reason = client && client->closed ? client->endReason : "";
        }
        else if (!c.appFailure.empty())
        {
            reason = c.appFailure;
        }
        else if (c.established && c.clientClosed)
        {
            reason = "normal";
        }
        if (reason == "normal")
        {
            count["connections_completed"]++;
        }
        else if (!reason.empty())
        {
            count["connections_failed"]++;
            if (reason != "local")
            {
                count["failed_" + reason]++;
            }
        }
        // The server's end: the first child born for this 4-tuple at or after the connect.
        const Socket* server = nullptr;
        auto e = ends.find({c.serverNode, c.serverAddress, c.clientAddress});
        if (e != ends.end())
        {
            for (const Socket* s : e->second)
            {
                if (s->born >= c.connectAt)
                {
                    server = s;
                    break;
                }
            }
        }
        if (client && server && client->closed && server->closed
            && (client->finSent || server->finSent))
        {
            Time first = client->finSent ? client->firstFin : server->firstFin;
            if (server->finSent && server->firstFin < first)
            {
                first = server->firstFin;
            }
            teardown.push_back((std::max(client->closedAt, server->closedAt) - first).GetSeconds());
        }
    }
    count["bytes_sent"] = double(bytesSent);
    count["bytes_received"] = double(bytesReceived);

    TcpFsmLabMetrics m;
    for (const char* k : kCountKeys)
    {
        m.push_back({k, count[k], true});
    }
    const auto s = Quantiles(setup);
    const auto t = Quantiles(teardown);
    for (std::size_t i = 0; i < 4; ++i)
    {
        m.push_back({std::string("setup_time_") + kQuantileNames[i] + "_s", s[i], false});
    }
    for (std::size_t i = 0; i < 4; ++i)
    {
        m.push_back({std::string("teardown_time_") + kQuantileNames[i] + "_s", t[i], false});
    }
    const auto f = Quantiles(ttfb);
    for (std::size_t i = 0; i < 4; ++i)
    {
        m.push_back({std::string("ttfb_") + kQuantileNames[i] + "_s", f[i], false});
    }
    std::optional<double> tw;
    if (m_timeWaitStays > 0)
    {
        tw = m_timeWaitTotal / double(m_timeWaitStays);
    }
    m.push_back({"time_wait_mean_s", tw, false});
    m.push_back({"retx_syn", double(m_retxSyn), true});
    m.push_back({"retx_synack", double(m_retxSynAck), true});
    m.push_back({"retx_fin", double(m_retxFin), true});
    m.push_back({"retx_data", double(m_retxData), true});
    for (TcpFsmState st : TcpFsmTraceHelper::StateCountColumns())
    {
        m.push_back({std::string("peak_") + TcpFsmStateName(st),
                     double(m_peaks[static_cast<std::size_t>(st)]),
                     true});
    }
    long anomalies = 0;
    for (const auto& a : m_graph.Coverage().anomalies)
    {
        anomalies += a.count;
    }
    m.push_back({"anomalies", double(anomalies), true});
    m.push_back({"sim_s", simS, false});
    m.push_back({"wall_s", wallS, false});
    return m;
}

std::string
TcpFsmLabSummary::JsonString(const std::string& s)
{
    // nlohmann-json's escaping; bytes that are not UTF-8 become U+FFFD instead of throwing.
    return nlohmann::json(s).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

void
TcpFsmLabSummary::WriteJson(std::ostream& os,
                            const TcpFsmLabMetrics& metrics,
                            const std::vector<std::pair<std::string, std::string>>& parameters,
                            uint64_t seed,
                            uint64_t run)
{
    // ordered_json keeps the keys in the order of MetricKeys(); numbers are written as the
    // shortest text that reads back as the same double, integral values without a fraction.
    nlohmann::ordered_json j = nlohmann::ordered_json::object();
    for (const auto& metric : metrics)
    {
        if (!metric.value || !std::isfinite(*metric.value))
        {
            j[metric.key] = nullptr;
        }
        else if (metric.integer
                 || (std::trunc(*metric.value) == *metric.value && std::fabs(*metric.value) < 1e15))
        {
            // integral: "60", not nlohmann's "60.0" (summary.json has always written it so)
            j[metric.key] = static_cast<int64_t>(std::llround(*metric.value));
        }
        else
        {
            j[metric.key] = *metric.value;
        }
    }
    nlohmann::ordered_json p = nlohmann::ordered_json::object();
    for (const auto& [key, value] : parameters)
    {
        p[key] = value;
    }
    j["parameters"] = std::move(p);
    j["seed"] = seed;
    j["run"] = run;
    os << j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
}

void
TcpFsmLabSummary::Print(std::ostream& os,
                        const TcpFsmLabMetrics& m,
                        const std::vector<std::pair<std::string, std::string>>& extra)
{
    auto v = [&m](const std::string& key)
    {
        return Get(m, key);
    };
    auto line = [&os](const std::string& label) -> std::ostream&
    {
        return os << "  " << std::left << std::setw(20) << label << std::right;
    };
    const double open = v("connections_attempted").value_or(0)
                        - v("connections_completed").value_or(0)
                        - v("connections_failed").value_or(0);
    line("connections") << "attempted " << Count(v("connections_attempted")) << ", established "
                        << Count(v("connections_established")) << ", completed "
                        << Count(v("connections_completed")) << ", failed "
                        << Count(v("connections_failed")) << ", open at the end " << Count(open)
                        << "\n";
    line("  failed because") << "refused " << Count(v("failed_refused")) << ", reset "
                             << Count(v("failed_reset")) << ", timed out "
                             << Count(v("failed_timed_out")) << ", aborted "
                             << Count(v("failed_aborted")) << "\n";
    line("application bytes") << "sent " << Count(v("bytes_sent")) << " B, received "
                              << Count(v("bytes_received")) << " B\n";
    for (const char* what : {"setup_time", "teardown_time"})
    {
        std::string label = what == std::string("setup_time") ? "setup time" : "teardown time";
        line(label);
        for (std::size_t i = 0; i < 4; ++i)
        {
            const std::string text
                = HumanTime(v(std::string(what) + "_" + kQuantileNames[i] + "_s"));
            os << kQuantileNames[i] << " " << text
               << (i < 3 ? std::string(text.size() < 12 ? 12 - text.size() : 1, ' ') : "\n");
        }
    }
    line("time in TIME_WAIT") << "mean " << HumanTime(v("time_wait_mean_s")) << "\n";
    line("retransmissions") << "SYN " << Count(v("retx_syn")) << ", SYN+ACK "
                            << Count(v("retx_synack")) << ", FIN " << Count(v("retx_fin"))
                            << ", data " << Count(v("retx_data")) << " segments\n";
    line("peak sockets") << "(at once, all tcp-fsm nodes together)\n";
    int column = 0;
    for (TcpFsmState st : TcpFsmTraceHelper::StateCountColumns())
    {
        os << (column == 0 ? "    " : "") << std::left << std::setw(12) << TcpFsmStateName(st)
           << std::right << std::setw(6) << Count(v(std::string("peak_") + TcpFsmStateName(st)))
           << (column == 3 || st == TcpSocket::LAST_ACK ? "\n" : "    ");
        column = (column + 1) % 4;
    }
    for (const auto& [label, text] : extra)
    {
        line(label) << text << "\n";
    }
    line("anomalies") << Count(v("anomalies")) << " (transitions that are no row of the table)\n";
    line("duration") << HumanTime(v("sim_s")) << " simulated, " << HumanTime(v("wall_s"))
                     << " wall clock\n";
}

const TcpFsmTransitionGraph&
TcpFsmLabSummary::GetGraph() const
{
    return m_graph;
}

uint64_t
TcpFsmLabSummary::GetTransitionCount() const
{
    return static_cast<uint64_t>(m_graph.GetTransitionCount());
}

bool
TcpFsmLabSummary::WriteLadder(std::ostream& os, std::string& error) const
{
    // Draw from the client's socket when it is traced, else from the server's.
    const TcpFsmTransitionRecord* pick = nullptr;
    for (const auto& r : m_ladderTransitions)
    {
        const std::string local = TcpFsmFormatAddress(r.local);
        if (local == m_ladderClient)
        {
            pick = &r;
            break;
        }
        if (!pick && local == m_ladderServer)
        {
            pick = &r;
        }
    }
    if (!pick)
    {
        error = "no tcp-fsm end of the first connection was traced";
        return false;
    }
    TcpFsmLadder ladder(m_ladderTransitions, m_ladderSegments);
    if (!ladder.Select(pick->nodeId, pick->socketId, error))
    {
        return false;
    }
    ladder.WriteSvg(os);
    return true;
}

} // namespace ns3
