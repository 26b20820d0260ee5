/* SPDX-License-Identifier: GPL-2.0-only */
#include "ns3/tcp-fsm-lab-facts.h"

#include "ns3/tcp-fsm-trace-csv.h"
#include "ns3/tcp-header.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace ns3
{

namespace
{

using S = TcpSocket;

std::string
Join(const std::vector<TcpFsmState>& path, const char* sep)
{
    std::string s;
    for (TcpFsmState st : path)
    {
        s += (s.empty() ? "" : sep) + std::string(TcpFsmStateName(st));
    }
    return s;
}

/// Seconds as a plain value with up to 9 decimals, trailing zeros removed ("60", "3.001").
std::string
Plain(Time t)
{
    char buf[48];
    std::snprintf(buf, sizeof(buf), "%.9f", t.GetSeconds());
    std::string s = buf;
    s.erase(s.find_last_not_of('0') + 1);
    if (!s.empty() && s.back() == '.')
    {
        s.pop_back();
    }
    return s;
}

} // namespace

std::string
TcpFsmLabFacts::Duration(Time t)
{
    char buf[48];
    double s = t.GetSeconds();
    double a = std::fabs(s);
    if (a == 0)
    {
        return "0 s";
    }
    if (a >= 1)
    {
        std::snprintf(buf, sizeof(buf), "%.3g s", s);
    }
    else if (a >= 1e-3)
    {
        std::snprintf(buf, sizeof(buf), "%.3g ms", s * 1e3);
    }
    else
    {
        std::snprintf(buf, sizeof(buf), "%.3g us", s * 1e6);
    }
    return buf;
}

TcpFsmLabFacts::TcpFsmLabFacts(const std::vector<TcpFsmTransitionRecord>& transitions,
                               const std::vector<TcpFsmSegmentRecord>& segments,
                               Time msl)
  : m_segments(segments)
  , m_msl(msl)
{
    std::vector<TcpFsmTransitionRecord> sorted = transitions;
    std::stable_sort(sorted.begin(),
                     sorted.end(),
                     [](const TcpFsmTransitionRecord& a, const TcpFsmTransitionRecord& b)
                     {
                         return a.time < b.time;
                     });
    for (const auto& r : sorted)
    {
        auto key = std::make_pair(r.nodeId, r.socketId);
        auto it = m_index.find(key);
        if (it == m_index.end())
        {
            it = m_index.emplace(key, static_cast<int>(m_sockets.size())).first;
            m_sockets.push_back(Socket{r.nodeId, r.socketId, "", "", {}});
        }
        Socket& s = m_sockets[static_cast<std::size_t>(it->second)];
        if (s.local.empty())
        {
            std::string local = TcpFsmFormatAddress(r.local);
            std::string peer = TcpFsmFormatAddress(r.peer);
            if (!local.empty() && !peer.empty())
            {
                s.local = local;
                s.peer = peer;
            }
        }
        s.transitions.push_back(r);
    }
    std::stable_sort(m_segments.begin(),
                     m_segments.end(),
                     [](const TcpFsmSegmentRecord& a, const TcpFsmSegmentRecord& b)
                     {
                         return a.time < b.time;
                     });
    for (std::size_t i = 0; i < m_sockets.size() && m_client < 0; ++i)
    {
        const auto& first = m_sockets[i].transitions.front();
        if (first.from == S::CLOSED && first.cause == TcpFsmEvent::APP_ACTIVE_OPEN)
        {
            m_client = static_cast<int>(i);
        }
    }
    if (m_client >= 0)
    {
        const Socket& c = m_sockets[static_cast<std::size_t>(m_client)];
        Time start = c.transitions.front().time;
        Time end = c.transitions.back().to == S::CLOSED ? c.transitions.back().time : Time::Max();
        for (std::size_t i = 0; i < m_sockets.size(); ++i)
        {
            const Socket& s = m_sockets[i];
            if (static_cast<int>(i) != m_client && s.local == c.peer && s.peer == c.local
                && s.transitions.front().time <= end
                && (s.transitions.back().to != S::CLOSED || s.transitions.back().time >= start))
            {
                m_server = static_cast<int>(i);
                break;
            }
        }
    }
}

const std::vector<TcpFsmLabFacts::Socket>&
TcpFsmLabFacts::GetSockets() const
{
    return m_sockets;
}

int
TcpFsmLabFacts::Client() const
{
    return m_client;
}

int
TcpFsmLabFacts::Server() const
{
    return m_server;
}

int
TcpFsmLabFacts::Find(uint32_t node, uint64_t id) const
{
    auto it = m_index.find({node, id});
    return it == m_index.end() ? -1 : it->second;
}

std::vector<TcpFsmLabFacts::Stay>
TcpFsmLabFacts::Stays(int socket) const
{
    std::vector<Stay> stays;
    if (socket < 0)
    {
        return stays;
    }
    const auto& t = m_sockets[static_cast<std::size_t>(socket)].transitions;
    for (std::size_t i = 0; i < t.size(); ++i)
    {
        Stay s;
        s.state = t[i].to;
        s.enter = t[i].time;
        if (i + 1 < t.size())
        {
            s.leave = t[i + 1].time;
            s.ended = true;
        }
        if (s.state != S::CLOSED)
        {
            stays.push_back(s);
        }
    }
    return stays;
}

std::vector<TcpFsmState>
TcpFsmLabFacts::Path(int socket) const
{
    std::vector<TcpFsmState> path;
    if (socket < 0)
    {
        return path;
    }
    const auto& t = m_sockets[static_cast<std::size_t>(socket)].transitions;
    path.push_back(t.front().from);
    for (const auto& r : t)
    {
        path.push_back(r.to);
    }
    return path;
}

long
TcpFsmLabFacts::SocketsThrough(TcpFsmState st) const
{
    return std::count_if(m_sockets.begin(),
                         m_sockets.end(),
                         [st](const Socket& s)
                         {
                             return std::any_of(s.transitions.begin(),
                                                s.transitions.end(),
                                                [st](const TcpFsmTransitionRecord& r)
                                                {
                                                    return r.to == st;
                                                });
                         });
}

std::vector<TcpFsmStateVisits>
TcpFsmLabFacts::Visits() const
{
    std::vector<TcpFsmStateVisits> out(kTcpFsmStateCount);
    std::vector<double> sum(kTcpFsmStateCount, 0);
    for (std::size_t i = 0; i < m_sockets.size(); ++i)
    {
        for (const Stay& s : Stays(static_cast<int>(i)))
        {
            if (!s.ended)
            {
                continue;
            }
            auto& v = out[static_cast<std::size_t>(s.state)];
            double d = (s.leave - s.enter).GetSeconds();
            v.minS = v.visits == 0 ? d : std::min(v.minS, d);
            v.maxS = v.visits == 0 ? d : std::max(v.maxS, d);
            v.visits++;
            sum[static_cast<std::size_t>(s.state)] += d;
        }
    }
    std::vector<TcpFsmStateVisits> shown;
    for (std::size_t i = 0; i < out.size(); ++i)
    {
        if (out[i].visits > 0)
        {
            out[i].state = TcpFsmStateAt(i);
            out[i].meanS = sum[i] / static_cast<double>(out[i].visits);
            shown.push_back(out[i]);
        }
    }
    return shown;
}

long
TcpFsmLabFacts::SegmentsSent(int socket, uint8_t flags) const
{
    long n = 0;
    for (const auto& s : m_segments)
    {
        if (s.sent && s.flags == flags && (socket < 0 || Find(s.nodeId, s.socketId) == socket))
        {
            ++n;
        }
    }
    return n;
}

long
TcpFsmLabFacts::SegmentsWith(uint8_t flag) const
{
    return std::count_if(m_segments.begin(),
                         m_segments.end(),
                         [flag](const auto& s)
                         {
                             return s.sent && (s.flags & flag);
                         });
}

uint64_t
TcpFsmLabFacts::BytesIn(int socket, TcpFsmState st, bool sent) const
{
    uint64_t bytes = 0;
    if (socket < 0)
    {
        return 0;
    }
    const Socket& k = m_sockets[static_cast<std::size_t>(socket)];
    for (const Stay& s : Stays(socket))
    {
        if (s.state != st)
        {
            continue;
        }
        Time leave = s.ended ? s.leave : Time::Max();
        for (const auto& seg : m_segments)
        {
            if (seg.sent == sent && seg.nodeId == k.node && seg.socketId == k.id
                && seg.time >= s.enter && seg.time <= leave)
            {
                bytes += seg.length;
            }
        }
    }
    return bytes;
}

long
TcpFsmLabFacts::Peak(uint32_t node, TcpFsmState st) const
{
    std::vector<std::pair<Time, int>> changes; // +1 enter, -1 leave; leaves first at a tie
    for (const Socket& k : m_sockets)
    {
        if (k.node != node)
        {
            continue;
        }
        for (const auto& r : k.transitions)
        {
            if (r.to == st)
            {
                changes.emplace_back(r.time, 1);
            }
            if (r.from == st)
            {
                changes.emplace_back(r.time, -1);
            }
        }
    }
    std::sort(changes.begin(), changes.end());
    long now = 0;
    long peak = 0;
    for (const auto& c : changes)
    {
        now += c.second;
        peak = std::max(peak, now);
    }
    return peak;
}

std::string
TcpFsmLabFacts::Name(int socket) const
{
    if (socket < 0)
    {
        return "(not traced)";
    }
    const Socket& s = m_sockets[static_cast<std::size_t>(socket)];
    std::string role = socket == m_client ? "the client " : socket == m_server ? "the server " : "";
    return role + "(node " + std::to_string(s.node) + " socket " + std::to_string(s.id) + ")";
}

TcpFsmLabQuestion
TcpFsmLabFacts::StayQuestion(const std::string& who, int socket, TcpFsmState st) const
{
    TcpFsmLabQuestion q;
    q.id = "stay_" + who + "_" + TcpFsmStateName(st);
    q.question = "How long did the " + who + " stay in " + TcpFsmStateName(st) + "?";
    std::vector<std::string> values;
    std::string words;
    for (const auto& s : Stays(socket))
    {
        if (s.state == st && s.ended)
        {
            values.push_back(Plain(s.leave - s.enter));
            words += (words.empty() ? "" : ", then ") + Duration(s.leave - s.enter) + " (from "
                     + Plain(s.enter) + " s to " + Plain(s.leave) + " s)";
        }
    }
    for (const auto& v : values)
    {
        q.value += (q.value.empty() ? "" : " ") + v;
    }
    q.answer = values.empty() ? "It never stayed in " + std::string(TcpFsmStateName(st))
                                    + " (or never left it)."
                              : Name(socket) + ": " + words + ".";
    if (values.empty())
    {
        q.value = "none";
    }
    return q;
}

std::vector<TcpFsmLabPoint>
TcpFsmLabFacts::Points() const
{
    std::vector<TcpFsmLabPoint> p;
    auto visits = Visits();
    auto visitOf = [&visits](TcpFsmState s)
    {
        for (const auto& v : visits)
        {
            if (v.state == s)
            {
                return v;
            }
        }
        return TcpFsmStateVisits{s, 0, 0, 0, 0};
    };
    auto edgeCount = [this](TcpFsmState from, TcpFsmEvent cause, TcpFsmState to)
    {
        long n = 0;
        for (const auto& k : m_sockets)
        {
            for (const auto& r : k.transitions)
            {
                n += r.from == from && r.cause == cause && r.to == to;
            }
        }
        return n;
    };
    // 1. The eleven states.
    std::vector<TcpFsmState> seen;
    for (std::size_t i = 0; i < kTcpFsmStateCount; ++i)
    {
        TcpFsmState s = TcpFsmStateAt(i);
        if (SocketsThrough(s) > 0)
        {
            seen.push_back(s);
        }
    }
    p.push_back({1,
                 "The diagram's 11 states",
                 !seen.empty(),
                 "This run entered " + std::to_string(seen.size())
                     + " of the 11 states: " + Join(seen, ", ") + "."});
    // 2. Three-way handshake.
    long syn = SegmentsSent(-1, TcpHeader::SYN);
    long synAck = SegmentsSent(-1, TcpHeader::SYN | TcpHeader::ACK);
    long estab = edgeCount(S::SYN_RCVD, TcpFsmEvent::RCV_ACK_OF_SYN, S::ESTABLISHED);
    p.push_back({2,
                 "Three-way handshake",
                 syn > 0 && synAck > 0 && estab > 0,
                 std::to_string(syn) + " SYN, " + std::to_string(synAck)
                     + " SYN+ACK sent; the final ACK moved " + std::to_string(estab)
                     + " server socket(s) SYN_RCVD -> ESTABLISHED."});
    // 3. Teardown, half-close.
    long active = SocketsThrough(S::FIN_WAIT_1);
    long passive = SocketsThrough(S::CLOSE_WAIT);
    std::string half;
    for (std::size_t i = 0; i < m_sockets.size(); ++i)
    {
        if (BytesIn(static_cast<int>(i), S::CLOSE_WAIT, true) > 0)
        {
            half = " Half-close: " + Name(static_cast<int>(i)) + " sent "
                   + std::to_string(BytesIn(static_cast<int>(i), S::CLOSE_WAIT, true))
                   + " bytes after receiving the peer's FIN (in CLOSE_WAIT).";
            break;
        }
    }
    p.push_back({3,
                 "Four-segment teardown (active and passive close)",
                 active > 0 && passive > 0,
                 std::to_string(active) + " active close(s) (FIN_WAIT_1), "
                     + std::to_string(passive) + " passive close(s) (CLOSE_WAIT); "
                     + std::to_string(SegmentsWith(TcpHeader::FIN)) + " segments carried FIN."
                     + half});
    // 4. SYN_RCVD.
    auto v = visitOf(S::SYN_RCVD);
    p.push_back({4,
                 "SYN_RCVD: the server's child before the final ACK",
                 SocketsThrough(S::SYN_RCVD) > 0,
                 SocketsThrough(S::SYN_RCVD) > 0
                     ? "SYN_RCVD seen: " + std::to_string(SocketsThrough(S::SYN_RCVD))
                           + " socket(s); stays " + Duration(Seconds(v.minS)) + " to "
                           + Duration(Seconds(v.maxS)) + "."
                     : "No socket entered SYN_RCVD (lab 02 keeps a server there)."});
    v = visitOf(S::SYN_SENT);
    p.push_back({5,
                 "SYN_SENT: the client waiting for segment 2",
                 SocketsThrough(S::SYN_SENT) > 0,
                 SocketsThrough(S::SYN_SENT) > 0
                     ? std::to_string(SocketsThrough(S::SYN_SENT))
                           + " socket(s) in SYN_SENT, mean stay " + Duration(Seconds(v.meanS))
                           + "; " + std::to_string(syn) + " SYN(s) sent in all."
                     : "No active open in this run."});
    auto fw1 = visitOf(S::FIN_WAIT_1);
    long fw2 = SocketsThrough(S::FIN_WAIT_2);
    p.push_back({6,
                 "FIN_WAIT_1 is brief, FIN_WAIT_2 is often seen",
                 fw1.visits > 0,
                 fw1.visits > 0 ? "FIN_WAIT_1 mean stay " + Duration(Seconds(fw1.meanS)) + "; "
                                      + std::to_string(fw2) + " socket(s) reached FIN_WAIT_2."
                                : "No socket closed actively."});
    auto tw = visitOf(S::TIME_WAIT);
    long direct = edgeCount(S::FIN_WAIT_1, TcpFsmEvent::RCV_FIN_ACK, S::TIME_WAIT);
    std::string twText;
    if (tw.visits > 0)
    {
        bool same = tw.maxS - tw.minS < 1e-6;
        twText = "TIME_WAIT lasted "
                 + (same ? Duration(Seconds(tw.meanS)) + " each"
                         : Duration(Seconds(tw.minS)) + " to " + Duration(Seconds(tw.maxS)))
                 + " (" + std::to_string(tw.visits) + " visit(s))";
        if (m_msl.IsStrictlyPositive() && same
            && std::fabs(tw.meanS - 2 * m_msl.GetSeconds()) < 1e-6)
        {
            twText += " = 2 x MSL = 2 x " + Duration(m_msl);
        }
        twText += ".";
    }
    else
    {
        twText = "No TIME_WAIT stay ended in this run.";
    }
    if (direct > 0)
    {
        twText += " FIN_WAIT_1 -> TIME_WAIT directly (FIN and ACK in one segment): "
                  + std::to_string(direct) + " time(s).";
    }
    p.push_back({7, "TIME_WAIT lasts 2 x MSL", tw.visits > 0, twText});
    long closing = SocketsThrough(S::CLOSING);
    p.push_back({8,
                 "CLOSING: a simultaneous close",
                 closing > 0,
                 closing > 0 ? "CLOSING reached by " + std::to_string(closing)
                                   + " socket(s): both sides closed at once."
                             : "No socket entered CLOSING (lab 04 shows it)."});
    std::vector<std::string> other;
    auto note = [&](TcpFsmState f, TcpFsmEvent e, TcpFsmState t, const std::string& what)
    {
        long n = edgeCount(f, e, t);
        if (n > 0)
        {
            other.push_back(what + " x" + std::to_string(n));
        }
    };
    note(S::SYN_SENT, TcpFsmEvent::RCV_SYN, S::SYN_RCVD, "simultaneous open");
    note(S::CLOSE_WAIT, TcpFsmEvent::APP_CLOSE, S::LAST_ACK, "passive close");
    note(S::SYN_RCVD, TcpFsmEvent::RCV_RST, S::LISTEN, "RST: SYN_RCVD -> LISTEN");
    note(S::SYN_SENT, TcpFsmEvent::RCV_RST, S::CLOSED, "refused (RST in SYN_SENT)");
    note(S::ESTABLISHED, TcpFsmEvent::RCV_RST, S::CLOSED, "reset by the peer");
    note(S::ESTABLISHED, TcpFsmEvent::APP_ABORT, S::CLOSED, "abort");
    note(S::SYN_SENT, TcpFsmEvent::TIMEOUT_RETX, S::CLOSED, "SYN retransmission give-up");
    note(S::SYN_RCVD, TcpFsmEvent::TIMEOUT_RETX, S::CLOSED, "SYN+ACK give-up");
    note(S::TIME_WAIT, TcpFsmEvent::TIMEOUT_2MSL, S::CLOSED, "2MSL timeout");
    std::string others;
    for (const auto& o : other)
    {
        others += (others.empty() ? "" : "; ") + o;
    }
    p.push_back({9,
                 "The other edges (simultaneous open, RST, timeouts)",
                 !other.empty(),
                 other.empty() ? "None of them in this run." : others + "."});
    return p;
}

std::vector<TcpFsmLabQuestion>
TcpFsmLabFacts::Questions(const std::string& lab) const
{
    std::vector<TcpFsmLabQuestion> q;
    auto path = [this](const std::string& who, int socket)
    {
        TcpFsmLabQuestion x;
        x.id = "path_" + who;
        x.question = "Which states did the " + who + "'s socket go through, in order?";
        x.value = socket < 0 ? "none" : Join(Path(socket), " ");
        x.answer = socket < 0 ? "The " + who + " is not traced in this run."
                              : Name(socket) + ": " + Join(Path(socket), " -> ") + ".";
        return x;
    };
    auto through = [this](TcpFsmState s)
    {
        TcpFsmLabQuestion x;
        x.id = std::string("sockets_through_") + TcpFsmStateName(s);
        x.question = std::string("How many sockets passed through ") + TcpFsmStateName(s) + "?";
        x.value = std::to_string(SocketsThrough(s));
        x.answer = x.value + " socket(s) entered " + TcpFsmStateName(s) + ".";
        return x;
    };
    auto sent = [this](const std::string& what, uint8_t flags)
    {
        TcpFsmLabQuestion x;
        x.id = "sent_" + TcpFsmTraceCsv::FormatFlags(flags);
        x.question = "How many " + what + " segments were sent (retransmissions included)?";
        x.value = std::to_string(SegmentsSent(-1, flags));
        x.answer = x.value + " segment(s) with exactly the flags "
                   + TcpFsmTraceCsv::FormatFlags(flags) + ".";
        return x;
    };
    auto last = [this](const std::string& who, int socket)
    {
        TcpFsmLabQuestion x;
        x.id = "last_" + who;
        x.question = "Which event ended the " + who + "'s connection (its last transition)?";
        if (socket < 0)
        {
            x.value = "none";
            x.answer = "The " + who + " is not traced in this run.";
            return x;
        }
        const auto& r = m_sockets[static_cast<std::size_t>(socket)].transitions.back();
        x.value = TcpFsmEventName(r.cause);
        x.answer = Name(socket) + ": " + TcpFsmStateName(r.from) + " -> " + TcpFsmStateName(r.to)
                   + " by " + x.value + " at " + Plain(r.time) + " s.";
        return x;
    };
    const int c = m_client;
    const int s = m_server;
    if (lab == "01-normal-open-close")
    {
        q = {path("client", c),
             path("server", s),
             sent("SYN", TcpHeader::SYN),
             StayQuestion("client", c, S::TIME_WAIT),
             sent("FIN+ACK", TcpHeader::FIN | TcpHeader::ACK)};
    }
    else if (lab == "02-lost-handshake-ack")
    {
        q = {sent("SYN+ACK", TcpHeader::SYN | TcpHeader::ACK),
             StayQuestion("server", s, S::SYN_RCVD),
             last("server", s),
             path("client", c)};
    }
    else if (lab == "03-simultaneous-open")
    {
        TcpFsmLabQuestion cause;
        cause.id = "cause_client_SYN_SENT_SYN_RCVD";
        cause.question = "Which event moved the client from SYN_SENT to SYN_RCVD?";
        cause.value = "none";
        if (c >= 0)
        {
            for (const auto& r : m_sockets[static_cast<std::size_t>(c)].transitions)
            {
                if (r.from == S::SYN_SENT && r.to == S::SYN_RCVD)
                {
                    cause.value = TcpFsmEventName(r.cause);
                    break;
                }
            }
        }
        cause.answer
            = cause.value == "none"
                  ? "It did not go from SYN_SENT to SYN_RCVD."
                  : cause.value + ": the peer's own SYN crossed ours (a simultaneous open).";
        q = {path("client", c), cause, StayQuestion("client", c, S::SYN_RCVD), last("client", c)};
    }
    else if (lab == "04-simultaneous-close")
    {
        q = {through(S::CLOSING),
             through(S::TIME_WAIT),
             through(S::FIN_WAIT_2),
             StayQuestion("client", c, S::CLOSING),
             StayQuestion("server", s, S::TIME_WAIT)};
    }
    else if (lab == "05-fin-wait-1-fin-ack")
    {
        q = {path("client", c),
             StayQuestion("client", c, S::FIN_WAIT_1),
             through(S::FIN_WAIT_2),
             sent("FIN+ACK", TcpHeader::FIN | TcpHeader::ACK)};
    }
    else if (lab == "06-half-close")
    {
        TcpFsmLabQuestion tx;
        tx.id = "bytes_server_tx_CLOSE_WAIT";
        tx.question = "How many bytes of data did the server send while in CLOSE_WAIT?";
        tx.value = std::to_string(BytesIn(s, S::CLOSE_WAIT, true));
        tx.answer = tx.value + " bytes, after the client's FIN had arrived.";
        TcpFsmLabQuestion rx;
        rx.id = "bytes_client_rx_FIN_WAIT_2";
        rx.question = "How many bytes of data did the client receive while in FIN_WAIT_2?";
        rx.value = std::to_string(BytesIn(c, S::FIN_WAIT_2, false));
        rx.answer = rx.value + " bytes: its own direction was closed, the other still open.";
        q = {StayQuestion("client", c, S::FIN_WAIT_2), tx, rx, path("server", s)};
    }
    else if (lab == "07-time-wait-pileup")
    {
        TcpFsmLabQuestion peak;
        peak.id = "peak_client_TIME_WAIT";
        peak.question = "What was the largest number of the client host's sockets in "
                        "TIME_WAIT at once?";
        uint32_t node = c >= 0 ? m_sockets[static_cast<std::size_t>(c)].node : 0;
        peak.value = std::to_string(Peak(node, S::TIME_WAIT));
        peak.answer = peak.value + " sockets on node " + std::to_string(node) + ".";
        q = {peak, through(S::TIME_WAIT), StayQuestion("client", c, S::TIME_WAIT)};
    }
    else if (lab == "08-syn-loss")
    {
        TcpFsmLabQuestion times;
        times.id = "syn_times";
        times.question = "At what times did the client send its SYNs?";
        for (const auto& seg : m_segments)
        {
            if (seg.sent && seg.flags == TcpHeader::SYN && c >= 0
                && Find(seg.nodeId, seg.socketId) == c)
            {
                times.value += (times.value.empty() ? "" : " ") + Plain(seg.time);
            }
        }
        times.answer = "At " + times.value + " s: each retransmission waits twice as long.";
        q = {sent("SYN", TcpHeader::SYN),
             times,
             StayQuestion("client", c, S::SYN_SENT),
             last("client", c)};
    }
    else if (lab == "09-rst")
    {
        TcpFsmLabQuestion rst;
        rst.id = "sent_RST";
        rst.question = "How many segments carrying RST were sent?";
        rst.value = std::to_string(SegmentsWith(TcpHeader::RST));
        rst.answer = rst.value + " segment(s) with the RST flag.";
        q = {rst, last("client", c), last("server", s), through(S::TIME_WAIT)};
    }
    else
    {
        q = {path("client", c), through(S::TIME_WAIT), StayQuestion("client", c, S::FIN_WAIT_2)};
    }
    return q;
}

} // namespace ns3
