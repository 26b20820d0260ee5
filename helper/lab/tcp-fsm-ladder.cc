/* SPDX-License-Identifier: GPL-2.0-only */
#include "ns3/tcp-fsm-ladder.h"

#include "ns3/log.h"
#include "ns3/tcp-fsm-trace-csv.h"
#include "ns3/tcp-header.h"

#include <algorithm>
#include <map>
#include <ostream>
#include <tuple>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("TcpFsmLadder");

namespace
{

using SegKey = std::tuple<uint8_t, uint32_t, uint32_t, uint32_t>;

SegKey
KeyOf(const TcpFsmSegmentRecord& s)
{
    return SegKey(s.flags, s.seq, s.ack, s.length);
}

bool
ByTime(const TcpFsmSegmentRecord& a, const TcpFsmSegmentRecord& b)
{
    return a.time < b.time;
}

} // namespace

TcpFsmLadder::TcpFsmLadder(std::vector<TcpFsmTransitionRecord> transitions,
                           std::vector<TcpFsmSegmentRecord> segments)
  : m_transitions(std::move(transitions))
  , m_segments(std::move(segments))
{
    std::stable_sort(m_transitions.begin(),
                     m_transitions.end(),
                     [](const TcpFsmTransitionRecord& a, const TcpFsmTransitionRecord& b)
                     {
                         return a.time < b.time;
                     });
    std::stable_sort(m_segments.begin(), m_segments.end(), ByTime);
}

const std::vector<TcpFsmLadder::Arrow>&
TcpFsmLadder::GetArrows() const
{
    return m_arrows;
}

const std::vector<TcpFsmLadder::StateMark>&
TcpFsmLadder::GetStates() const
{
    return m_states;
}

std::string
TcpFsmLadder::EndName(bool left) const
{
    const End& e = left ? m_left : m_right;
    if (!e.traced)
    {
        return e.local + " (not traced)";
    }
    return "node " + std::to_string(e.node) + " socket " + std::to_string(e.socket) + "  "
           + e.local;
}

bool
TcpFsmLadder::Select(uint32_t nodeId, uint64_t socketId, std::string& error)
{
    End a;
    a.node = nodeId;
    a.socket = socketId;
    for (const auto& r : m_transitions)
    {
        if (r.nodeId == nodeId && r.socketId == socketId)
        {
            a.transitions.push_back(r);
            std::string local = TcpFsmFormatAddress(r.local);
            std::string peer = TcpFsmFormatAddress(r.peer);
            if (a.local.empty() && !local.empty() && !peer.empty())
            {
                a.local = local;
                a.peer = peer;
            }
        }
    }
    if (a.transitions.empty())
    {
        error = "no transition of node " + std::to_string(nodeId) + " socket "
                + std::to_string(socketId) + " in the trace";
        return false;
    }
    if (a.local.empty())
    {
        error = "node " + std::to_string(nodeId) + " socket " + std::to_string(socketId)
                + " never had a peer (a listener?): choose a socket of a connection";
        return false;
    }
    a.traced = true;
    a.start = a.transitions.front().time;
    a.end = a.transitions.back().to == TcpSocket::CLOSED ? a.transitions.back().time : Time::Max();
    End b = FindPeer(a);
    // The active opener on the left, as in textbooks.
    bool aPassive = a.transitions.front().from == TcpSocket::LISTEN;
    bool bActive = b.traced && b.transitions.front().from == TcpSocket::CLOSED
                   && b.transitions.front().cause == TcpFsmEvent::APP_ACTIVE_OPEN;
    bool aActive = a.transitions.front().cause == TcpFsmEvent::APP_ACTIVE_OPEN;
    bool bPassive = b.traced && b.transitions.front().from == TcpSocket::LISTEN;
    m_rolesKnown = aPassive || bActive || aActive || bPassive;
    if (aPassive || bActive)
    {
        m_left = b;
        m_right = a;
    }
    else
    {
        m_left = a;
        m_right = b;
    }
    m_states.clear();
    for (const End* e : {&m_left, &m_right})
    {
        bool left = e == &m_left;
        for (std::size_t i = 0; i < e->transitions.size(); ++i)
        {
            const auto& r = e->transitions[i];
            if (i == 0)
            {
                m_states.push_back({left, r.time, r.from, ""});
            }
            m_states.push_back({left, r.time, r.to, TcpFsmEventName(r.cause)});
        }
    }
    std::stable_sort(m_states.begin(),
                     m_states.end(),
                     [](const StateMark& x, const StateMark& y)
                     {
                         return x.time < y.time;
                     });
    BuildArrows();
    return true;
}

TcpFsmLadder::End
TcpFsmLadder::FindPeer(const End& a) const
{
    std::map<std::pair<uint32_t, uint64_t>, End> candidates;
    for (const auto& r : m_transitions)
    {
        if (r.nodeId == a.node && r.socketId == a.socket)
        {
            continue;
        }
        if (TcpFsmFormatAddress(r.local) == a.peer && TcpFsmFormatAddress(r.peer) == a.local)
        {
            End& e = candidates[{r.nodeId, r.socketId}];
            e.node = r.nodeId;
            e.socket = r.socketId;
            e.local = a.peer;
            e.peer = a.local;
        }
    }
    for (auto& [key, e] : candidates)
    {
        for (const auto& r : m_transitions)
        {
            if (r.nodeId == e.node && r.socketId == e.socket)
            {
                e.transitions.push_back(r);
            }
        }
        e.start = e.transitions.front().time;
        e.end = e.transitions.back().to == TcpSocket::CLOSED ? e.transitions.back().time
                                                             : Time::Max();
        if (e.start <= a.end && e.end >= a.start) // lives overlap: the same connection
        {
            e.traced = true;
            return e;
        }
    }
    End untraced;
    untraced.local = a.peer;
    untraced.peer = a.local;
    untraced.start = a.start;
    untraced.end = a.end;
    return untraced;
}

std::vector<TcpFsmSegmentRecord>
TcpFsmLadder::SegmentsOf(const End& e, bool sent, uint32_t notNode) const
{
    std::vector<TcpFsmSegmentRecord> out;
    for (const auto& s : m_segments)
    {
        bool node = e.traced ? s.nodeId == e.node : s.nodeId != notNode;
        if (node && s.sent == sent && s.time >= e.start && s.time <= e.end
            && TcpFsmFormatAddress(s.local) == e.local && TcpFsmFormatAddress(s.peer) == e.peer)
        {
            out.push_back(s);
        }
    }
    return out;
}

void
TcpFsmLadder::BuildArrows()
{
    m_arrows.clear();
    struct Pending
    {
        Arrow arrow;
        bool estimateReceived;
        bool estimateSent;
    };

    struct Direction
    {
        bool fromLeft;
        bool receiverSeen; ///< the receiver's segments are traced: unmatched means lost
        std::map<SegKey,
                 std::pair<std::vector<TcpFsmSegmentRecord>, std::vector<TcpFsmSegmentRecord>>>
            byKey; ///< (sent, received), each in time order
    };

    std::vector<Direction> directions;
    for (bool fromLeft : {true, false})
    {
        const End& sender = fromLeft ? m_left : m_right;
        const End& receiver = fromLeft ? m_right : m_left;
        uint32_t senderNode = sender.traced ? sender.node : UINT32_MAX;
        uint32_t receiverNode = receiver.traced ? receiver.node : UINT32_MAX;
        Direction d;
        d.fromLeft = fromLeft;
        std::vector<TcpFsmSegmentRecord> rx = SegmentsOf(receiver, false, senderNode);
        d.receiverSeen = !rx.empty() || !SegmentsOf(receiver, true, senderNode).empty();
        for (const auto& t : SegmentsOf(sender, true, receiverNode))
        {
            d.byKey[KeyOf(t)].first.push_back(t);
        }
        for (const auto& r : rx)
        {
            d.byKey[KeyOf(r)].second.push_back(r);
        }
        directions.push_back(std::move(d));
    }
    // The one-way delay, from segments sent once and received once.
    std::vector<Time> delays;
    for (const auto& d : directions)
    {
        for (const auto& [key, txRx] : d.byKey)
        {
            if (txRx.first.size() == 1 && txRx.second.size() == 1
                && txRx.second[0].time >= txRx.first[0].time)
            {
                delays.push_back(txRx.second[0].time - txRx.first[0].time);
            }
        }
    }
    m_delay = MilliSeconds(10);
    if (!delays.empty())
    {
        std::sort(delays.begin(), delays.end());
        m_delay = std::max(delays[delays.size() / 2], MicroSeconds(1));
    }
    // Identical segments (retransmissions, duplicate ACKs): each one received is matched, in
    // order, with the copy sent before it whose delay is closest to the typical one; the
    // copies left over were lost.
    std::vector<Pending> pending;
    for (const auto& d : directions)
    {
        for (const auto& [key, txRx] : d.byKey)
        {
            const auto& tx = txRx.first;
            const auto& rx = txRx.second;
            std::vector<int> matchOf(tx.size(), -1);
            std::size_t next = 0; // first copy not yet passed over
            for (std::size_t j = 0; j < rx.size(); ++j)
            {
                int best = -1;
                for (std::size_t i = next; i < tx.size() && tx[i].time <= rx[j].time; ++i)
                {
                    Time off = rx[j].time - tx[i].time - m_delay;
                    Time bestOff
                        = best < 0 ? Time::Max()
                                   : rx[j].time - tx[static_cast<std::size_t>(best)].time - m_delay;
                    if (best < 0 || Abs(off) < Abs(bestOff))
                    {
                        best = static_cast<int>(i);
                    }
                }
                if (best < 0)
                {
                    Pending p{Arrow(), false, true};
                    p.arrow.fromLeft = d.fromLeft;
                    p.arrow.received = rx[j].time;
                    p.arrow.senderUnknown = true;
                    p.arrow.flags = rx[j].flags;
                    p.arrow.seq = rx[j].seq;
                    p.arrow.ack = rx[j].ack;
                    p.arrow.length = rx[j].length;
                    pending.push_back(p);
                    continue;
                }
                matchOf[static_cast<std::size_t>(best)] = static_cast<int>(j);
                next = static_cast<std::size_t>(best) + 1;
            }
            for (std::size_t i = 0; i < tx.size(); ++i)
            {
                Pending p{Arrow(), matchOf[i] < 0, false};
                p.arrow.fromLeft = d.fromLeft;
                p.arrow.sent = tx[i].time;
                p.arrow.flags = tx[i].flags;
                p.arrow.seq = tx[i].seq;
                p.arrow.ack = tx[i].ack;
                p.arrow.length = tx[i].length;
                if (matchOf[i] >= 0)
                {
                    p.arrow.received = rx[static_cast<std::size_t>(matchOf[i])].time;
                }
                else
                {
                    p.arrow.lost = d.receiverSeen;
                }
                pending.push_back(p);
            }
        }
    }
    std::stable_sort(pending.begin(),
                     pending.end(),
                     [](const Pending& x, const Pending& y)
                     {
                         Time tx = x.estimateSent ? x.arrow.received : x.arrow.sent;
                         Time ty = y.estimateSent ? y.arrow.received : y.arrow.sent;
                         return tx < ty;
                     });
    // Relative numbers: each end's ISN is the sequence number of the first SYN it sent.
    bool haveIsn[2] = {false, false};
    uint32_t isn[2] = {0, 0};
    for (const auto& p : pending)
    {
        int side = p.arrow.fromLeft ? 0 : 1;
        if ((p.arrow.flags & TcpHeader::SYN) && !haveIsn[side])
        {
            haveIsn[side] = true;
            isn[side] = p.arrow.seq;
        }
    }
    for (auto& p : pending)
    {
        Arrow& a = p.arrow;
        if (p.estimateReceived)
        {
            a.received = a.sent + m_delay;
        }
        if (p.estimateSent)
        {
            a.sent = a.received - m_delay;
        }
        int side = a.fromLeft ? 0 : 1;
        if (haveIsn[side])
        {
            a.seq -= isn[side];
        }
        if (haveIsn[1 - side])
        {
            a.ack -= isn[1 - side];
        }
        a.label = TcpFsmTraceCsv::FormatFlags(a.flags) + " seq=" + std::to_string(a.seq);
        if (a.flags & TcpHeader::ACK)
        {
            a.label += " ack=" + std::to_string(a.ack);
        }
        a.label += " len=" + std::to_string(a.length);
        m_arrows.push_back(a);
    }
    std::stable_sort(m_arrows.begin(),
                     m_arrows.end(),
                     [](const Arrow& x, const Arrow& y)
                     {
                         return x.sent < y.sent;
                     });
}

} // namespace ns3
