/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * Tests over the transition table itself: the RFC's edges are there with the
 * right segment sent, the graph is connected as the RFC's is, keys are unique,
 * every (state, event) pair is either a row or explained, names round-trip.
 */
#include "ns3/tcp-fsm-transition-table.h"

#include <gtest/gtest.h>
#include <map>
#include <queue>
#include <set>

using namespace ns3;
using S = TcpSocket;
using E = TcpFsmEvent;
using X = TcpFsmSend;

namespace
{

struct Expected
{
    TcpFsmState from;
    E event;
    X send;
    TcpFsmState to;
    bool passive;
};

// Written from RFC 9293 Figure 5 and section 3.10 by hand, independently of the table:
// if a row is missing, or sends the wrong segment, or goes elsewhere, a test fails.
const std::vector<Expected> kRfcEdges = {
    {S::CLOSED, E::APP_PASSIVE_OPEN, X::NOTHING, S::LISTEN, false},
    {S::CLOSED, E::APP_ACTIVE_OPEN, X::SYN, S::SYN_SENT, false},
    {S::LISTEN, E::RCV_SYN, X::SYN_ACK, S::SYN_RCVD, false},
    {S::LISTEN, E::APP_SEND, X::SYN, S::SYN_SENT, false},
    {S::LISTEN, E::APP_CLOSE, X::NOTHING, S::CLOSED, false},
    {S::SYN_SENT, E::RCV_SYN_ACK, X::ACK, S::ESTABLISHED, false},
    {S::SYN_SENT, E::RCV_SYN, X::SYN_ACK, S::SYN_RCVD, false},
    {S::SYN_SENT, E::APP_CLOSE, X::NOTHING, S::CLOSED, false},
    {S::SYN_SENT, E::RCV_RST, X::NOTHING, S::CLOSED, false},
    {S::SYN_RCVD, E::RCV_ACK_OF_SYN, X::NOTHING, S::ESTABLISHED, true},
    {S::SYN_RCVD, E::RCV_SYN_ACK, X::ACK, S::ESTABLISHED, false},
    {S::SYN_RCVD, E::RCV_RST, X::NOTHING, S::LISTEN, true},
    {S::SYN_RCVD, E::RCV_RST, X::NOTHING, S::CLOSED, false},
    {S::SYN_RCVD, E::APP_CLOSE, X::FIN, S::FIN_WAIT_1, true},
    {S::ESTABLISHED, E::APP_CLOSE, X::FIN, S::FIN_WAIT_1, false},
    {S::ESTABLISHED, E::RCV_FIN, X::ACK, S::CLOSE_WAIT, false},
    {S::ESTABLISHED, E::RCV_RST, X::NOTHING, S::CLOSED, false},
    {S::ESTABLISHED, E::APP_ABORT, X::RST_ACK, S::CLOSED, false},
    {S::FIN_WAIT_1, E::RCV_ACK_OF_FIN, X::NOTHING, S::FIN_WAIT_2, false},
    {S::FIN_WAIT_1, E::RCV_FIN, X::ACK, S::CLOSING, false},
    {S::FIN_WAIT_1, E::RCV_FIN_ACK, X::ACK, S::TIME_WAIT, false},
    {S::FIN_WAIT_2, E::RCV_FIN, X::ACK, S::TIME_WAIT, false},
    {S::CLOSING, E::RCV_ACK_OF_FIN, X::NOTHING, S::TIME_WAIT, false},
    {S::TIME_WAIT, E::TIMEOUT_2MSL, X::NOTHING, S::CLOSED, false},
    {S::TIME_WAIT, E::RCV_FIN, X::ACK, S::TIME_WAIT, false},
    {S::CLOSE_WAIT, E::APP_CLOSE, X::FIN, S::LAST_ACK, false},
    {S::LAST_ACK, E::RCV_ACK_OF_FIN, X::NOTHING, S::CLOSED, false},
    {S::SYN_SENT, E::TIMEOUT_RETX, X::NOTHING, S::CLOSED, false},
    {S::FIN_WAIT_2, E::TIMEOUT_FIN_WAIT_2, X::NOTHING, S::CLOSED, false},
};

std::string
Name(const Expected& e)
{
    return std::string(TcpFsmStateName(e.from)) + "+" + TcpFsmEventName(e.event);
}

} // namespace

TEST(TransitionTable, EveryRfcEdgeIsPresentWithItsSegmentAndTarget)
{
    for (const auto& want : kRfcEdges)
    {
        const TcpFsmTransition* t
            = TcpFsmTransitionTable::Find(want.from, want.event, want.passive);
        ASSERT_NE(t, nullptr) << Name(want);
        EXPECT_EQ(t->send, want.send) << Name(want);
        EXPECT_EQ(t->to, want.to) << Name(want);
    }
}

TEST(TransitionTable, FinWait1FinAckGoesStraightToTimeWaitNotThroughClosing)
{
    const auto* t = TcpFsmTransitionTable::Find(S::FIN_WAIT_1, E::RCV_FIN_ACK);
    ASSERT_NE(t, nullptr);
    EXPECT_EQ(t->to, S::TIME_WAIT);
    EXPECT_EQ(TcpFsmTransitionTable::Label(*t), "rcv FIN+ACK / snd ACK");
    EXPECT_TRUE(t->inDiagram);
}

TEST(TransitionTable, EverySegmentEventThatEndsAConnectionTellsWhy)
{
    for (const auto& row : TcpFsmTransitionTable::Rows())
    {
        if (row.to == S::CLOSED)
        {
            EXPECT_TRUE(
                row.action == TcpFsmAction::END_NORMAL || row.action == TcpFsmAction::END_REFUSED
                || row.action == TcpFsmAction::END_RESET || row.action == TcpFsmAction::END_TIMEOUT
                || row.action == TcpFsmAction::END_ABORT)
                << TcpFsmTransitionTable::Describe(row);
        }
        if (row.to == S::ESTABLISHED && row.from != S::ESTABLISHED)
        {
            // RESEND_SYN_DATA is CONNECTED plus sending the SYN's data again (RFC 7413).
            EXPECT_TRUE(row.action == TcpFsmAction::CONNECTED
                        || row.action == TcpFsmAction::RESEND_SYN_DATA)
                << TcpFsmTransitionTable::Describe(row);
        }
    }
}

// RFC 1122 4.2.3.6, written by hand: keepalive probes an idle connection with nothing
// outstanding (ESTABLISHED, CLOSE_WAIT, FIN_WAIT_2) without leaving the state, and a
// connection whose probes all went unanswered is reset and ends with ETIMEDOUT.
TEST(TransitionTable, KeepAliveProbesInPlaceAndGivesUpWithAReset)
{
    for (TcpFsmState s : {S::ESTABLISHED, S::CLOSE_WAIT, S::FIN_WAIT_2})
    {
        const auto* probe = TcpFsmTransitionTable::Find(s, E::TIMEOUT_KEEPALIVE);
        ASSERT_NE(probe, nullptr) << TcpFsmStateName(s);
        EXPECT_EQ(probe->to, s);
        EXPECT_EQ(probe->send, X::PROBE);
        EXPECT_EQ(probe->action, TcpFsmAction::NONE);
        EXPECT_EQ(TcpFsmTransitionTable::Label(*probe), "keepalive timeout / snd probe");
        const auto* giveUp = TcpFsmTransitionTable::Find(s, E::TIMEOUT_KEEPALIVE_GIVE_UP);
        ASSERT_NE(giveUp, nullptr) << TcpFsmStateName(s);
        EXPECT_EQ(giveUp->to, S::CLOSED);
        EXPECT_EQ(giveUp->send, X::RST_ACK);
        EXPECT_EQ(giveUp->action, TcpFsmAction::END_TIMEOUT);
    }
    for (TcpFsmState s : {S::CLOSED,
                          S::LISTEN,
                          S::SYN_SENT,
                          S::SYN_RCVD,
                          S::FIN_WAIT_1,
                          S::CLOSING,
                          S::LAST_ACK,
                          S::TIME_WAIT})
    {
        EXPECT_EQ(TcpFsmTransitionTable::Find(s, E::TIMEOUT_KEEPALIVE), nullptr);
        EXPECT_NE(TcpFsmTransitionTable::WhyNoRow(s, E::TIMEOUT_KEEPALIVE_GIVE_UP), nullptr);
    }
}

// Written from RFC 7413 4.2.2 (and Linux's TCP_FASTOPEN_CONNECT) by hand.
TEST(TransitionTable, FastOpenEdgesArePresentWithTheirSegmentTargetAndAction)
{
    struct FastOpenEdge
    {
        TcpFsmState from;
        E event;
        X send;
        TcpFsmState to;
        TcpFsmAction action;
    };
    const std::vector<FastOpenEdge> edges = {
        {S::CLOSED, E::APP_ACTIVE_OPEN_DATA, X::SYN_DATA, S::SYN_SENT, TcpFsmAction::NONE},
        {S::CLOSED, E::APP_ACTIVE_OPEN_DEFERRED, X::NOTHING, S::SYN_SENT, TcpFsmAction::CONNECTED},
        {S::SYN_SENT, E::APP_SEND_SYN_DATA, X::SYN_DATA, S::SYN_SENT, TcpFsmAction::NONE},
        {S::LISTEN, E::RCV_SYN_FASTOPEN, X::SYN_ACK, S::SYN_RCVD, TcpFsmAction::FASTOPEN_ACCEPT},
        {S::SYN_SENT, E::RCV_SYN_ACK_DATA_ACKED, X::ACK, S::ESTABLISHED, TcpFsmAction::CONNECTED},
        {S::SYN_SENT,
         E::RCV_SYN_ACK_DATA_NOT_ACKED,
         X::NOTHING,
         S::ESTABLISHED,
         TcpFsmAction::RESEND_SYN_DATA},
    };
    for (const auto& e : edges)
    {
        const TcpFsmTransition* row = TcpFsmTransitionTable::Find(e.from, e.event, false);
        ASSERT_NE(row, nullptr) << TcpFsmStateName(e.from) << "+" << TcpFsmEventName(e.event);
        EXPECT_EQ(row->send, e.send) << TcpFsmTransitionTable::Describe(*row);
        EXPECT_EQ(row->to, e.to) << TcpFsmTransitionTable::Describe(*row);
        EXPECT_EQ(row->action, e.action) << TcpFsmTransitionTable::Describe(*row);
        EXPECT_NE(std::string(row->rfc).find("RFC 7413"), std::string::npos);
        EXPECT_FALSE(row->inDiagram);
        // Fast Open edges exist only where RFC 7413 puts them.
        for (std::size_t s = 0; s < kTcpFsmStateCount; ++s)
        {
            if (TcpFsmStateAt(s) != e.from)
            {
                EXPECT_EQ(TcpFsmTransitionTable::Find(TcpFsmStateAt(s), e.event, false), nullptr);
                EXPECT_EQ(TcpFsmTransitionTable::Find(TcpFsmStateAt(s), e.event, true), nullptr);
            }
        }
    }
    EXPECT_STREQ(TcpFsmSendLabel(X::SYN_DATA), "SYN+data");
}

TEST(TransitionTable, ResetFastOpenChildClosesWithEconnresetInsteadOfListen)
{
    // RFC 7413: the application holds a Fast Open child, so its reset cannot return to LISTEN.
    const TcpFsmTransition* row
        = TcpFsmTransitionTable::Find(S::SYN_RCVD, E::RCV_RST_FASTOPEN, true);
    ASSERT_NE(row, nullptr);
    EXPECT_EQ(row->to, S::CLOSED);
    EXPECT_EQ(row->send, X::NOTHING);
    EXPECT_EQ(row->action, TcpFsmAction::END_RESET);
    EXPECT_NE(std::string(row->rfc).find("RFC 7413"), std::string::npos);
    EXPECT_EQ(TcpFsmTransitionTable::Find(S::SYN_RCVD, E::RCV_RST_FASTOPEN, false), nullptr);
    EXPECT_EQ(TcpFsmTransitionTable::Find(S::ESTABLISHED, E::RCV_RST_FASTOPEN, true), nullptr);
}

TEST(TransitionTable, NewSynEndsTimeWait)
{
    // RFC 9293 3.6.1 (MAY-2): TIME_WAIT ends on a new SYN; the listener takes it (no reply here).
    const TcpFsmTransition* row = TcpFsmTransitionTable::Find(S::TIME_WAIT, E::RCV_SYN);
    ASSERT_NE(row, nullptr);
    EXPECT_EQ(row->to, S::CLOSED);
    EXPECT_EQ(row->send, X::NOTHING);
    EXPECT_EQ(row->action, TcpFsmAction::END_NORMAL);
    EXPECT_NE(std::string(row->rfc).find("RFC 9293 3.6.1"), std::string::npos);
    // The other synchronized states still answer a SYN with a challenge ACK (no row).
    EXPECT_EQ(TcpFsmTransitionTable::Find(S::ESTABLISHED, E::RCV_SYN), nullptr);
}

TEST(TransitionTable, EveryStateIsReachableFromClosed)
{
    std::set<TcpFsmState> seen{S::CLOSED};
    std::queue<TcpFsmState> todo;
    todo.push(S::CLOSED);
    while (!todo.empty())
    {
        auto s = todo.front();
        todo.pop();
        for (const auto& row : TcpFsmTransitionTable::Rows())
        {
            if (row.from == s && seen.insert(row.to).second)
            {
                todo.push(row.to);
            }
        }
    }
    EXPECT_EQ(seen.size(), kTcpFsmStateCount);
}

TEST(TransitionTable, EveryStateCanReachClosed)
{
    std::set<TcpFsmState> reach{S::CLOSED};
    bool grew = true;
    while (grew)
    {
        grew = false;
        for (const auto& row : TcpFsmTransitionTable::Rows())
        {
            if (reach.count(row.to) && reach.insert(row.from).second)
            {
                grew = true;
            }
        }
    }
    EXPECT_EQ(reach.size(), kTcpFsmStateCount);
}

TEST(TransitionTable, NoTwoRowsShareAKey)
{
    std::map<std::tuple<int, int, int>, int> keys;
    for (const auto& row : TcpFsmTransitionTable::Rows())
    {
        for (int passive = 0; passive < 2; ++passive)
        {
            bool applies = row.origin == TcpFsmOrigin::ANY
                           || (row.origin == TcpFsmOrigin::PASSIVE) == (passive == 1);
            if (applies)
            {
                auto k = std::make_tuple(int(row.from), int(row.event), passive);
                EXPECT_EQ(keys[k]++, 0) << TcpFsmTransitionTable::Describe(row);
            }
        }
    }
}

TEST(TransitionTable, FindReturnsTheRowItIndexes)
{
    for (const auto& row : TcpFsmTransitionTable::Rows())
    {
        bool passive = row.origin == TcpFsmOrigin::PASSIVE;
        EXPECT_EQ(TcpFsmTransitionTable::Find(row.from, row.event, passive), &row)
            << TcpFsmTransitionTable::Describe(row);
    }
}

TEST(TransitionTable, EveryStateEventPairIsARowOrExplainedExactlyOnce)
{
    for (std::size_t s = 0; s < kTcpFsmStateCount; ++s)
    {
        for (std::size_t e = 0; e < kTcpFsmEventCount; ++e)
        {
            auto st = TcpFsmStateAt(s);
            auto ev = TcpFsmEventAt(e);
            bool hasRow = TcpFsmTransitionTable::Find(st, ev, false)
                          || TcpFsmTransitionTable::Find(st, ev, true);
            int explained = 0;
            for (const auto& nr : TcpFsmTransitionTable::NoRows())
            {
                if (nr.event == ev && (nr.states & (1u << s)))
                {
                    ++explained;
                }
            }
            std::string pair = std::string(TcpFsmStateName(st)) + "+" + TcpFsmEventName(ev);
            EXPECT_EQ(explained, hasRow ? 0 : 1) << pair;
            EXPECT_EQ(TcpFsmTransitionTable::WhyNoRow(st, ev) == nullptr, hasRow) << pair;
        }
    }
}

TEST(TransitionTable, StateInfoMatchesTheRowsThatLeaveEachState)
{
    for (const auto& row : TcpFsmTransitionTable::Rows())
    {
        const auto& info = TcpFsmTransitionTable::Info(row.from);
        // Our FIN is acknowledged only in states where one was sent.
        if (row.event == E::RCV_ACK_OF_FIN || row.event == E::RCV_FIN_ACK)
        {
            EXPECT_TRUE(info.ourFinSent) << TcpFsmTransitionTable::Describe(row);
        }
        if (row.send == X::FIN)
        {
            EXPECT_FALSE(info.ourFinSent) << TcpFsmTransitionTable::Describe(row);
            EXPECT_TRUE(TcpFsmTransitionTable::Info(row.to).ourFinSent);
        }
        if (row.event == E::RCV_FIN && row.to != row.from)
        {
            EXPECT_TRUE(info.acceptsData) << TcpFsmTransitionTable::Describe(row);
            EXPECT_FALSE(TcpFsmTransitionTable::Info(row.to).acceptsData);
        }
    }
    EXPECT_EQ(TcpFsmTransitionTable::Info(S::TIME_WAIT).timer, TcpFsmEntryTimer::TWO_MSL);
    EXPECT_FALSE(TcpFsmTransitionTable::Info(S::SYN_RCVD).synchronized);
    EXPECT_TRUE(TcpFsmTransitionTable::Info(S::CLOSE_WAIT).appMaySend);
}

TEST(TransitionTable, DiagramEdgesAreTheClassicOnes)
{
    std::size_t inDiagram = 0;
    for (const auto& row : TcpFsmTransitionTable::Rows())
    {
        inDiagram += row.inDiagram ? 1 : 0;
        EXPECT_NE(std::string(row.rfc).find("RFC"), std::string::npos);
        EXPECT_GT(std::string(row.comment).size(), 10u);
    }
    // RFC 9293 Figure 5 draws 20 edges (LISTEN's SEND and SYN_RCVD's RST to LISTEN included);
    // Stevens' Figure 18.12 adds FIN_WAIT_1 --rcv FIN+ACK--> TIME_WAIT.
    EXPECT_EQ(inDiagram, 21u);
}

TEST(TransitionTableNames, EventNamesRoundTrip)
{
    std::set<std::string> names;
    for (std::size_t i = 0; i < kTcpFsmEventCount; ++i)
    {
        E e = TcpFsmEventAt(i);
        E back{};
        ASSERT_TRUE(TcpFsmEventFromName(TcpFsmEventName(e), back)) << TcpFsmEventName(e);
        EXPECT_EQ(back, e);
        EXPECT_TRUE(names.insert(TcpFsmEventName(e)).second);
    }
    E unused{};
    EXPECT_FALSE(TcpFsmEventFromName("rcv_nothing", unused));
}

TEST(TransitionTableNames, StateNamesRoundTripAndMatchNs3)
{
    for (std::size_t i = 0; i < kTcpFsmStateCount; ++i)
    {
        TcpFsmState s = TcpFsmStateAt(i);
        EXPECT_STREQ(TcpFsmStateName(s), TcpSocket::TcpStateName[i]);
        TcpFsmState back{};
        ASSERT_TRUE(TcpFsmStateFromName(TcpFsmStateName(s), back));
        EXPECT_EQ(back, s);
    }
    TcpFsmState s{};
    EXPECT_TRUE(TcpFsmStateFromName("FIN-WAIT-1", s));
    EXPECT_EQ(s, S::FIN_WAIT_1);
    EXPECT_TRUE(TcpFsmStateFromName("SYN-RECEIVED", s));
    EXPECT_EQ(s, S::SYN_RCVD);
    EXPECT_FALSE(TcpFsmStateFromName("ESTABLISH", s));
}

TEST(TransitionTableNames, LabelsReadLikeTheDiagram)
{
    const auto* t = TcpFsmTransitionTable::Find(S::ESTABLISHED, E::RCV_FIN);
    ASSERT_NE(t, nullptr);
    EXPECT_EQ(TcpFsmTransitionTable::Label(*t), "rcv FIN / snd ACK");
    t = TcpFsmTransitionTable::Find(S::CLOSED, E::APP_PASSIVE_OPEN);
    ASSERT_NE(t, nullptr);
    EXPECT_EQ(TcpFsmTransitionTable::Label(*t), "passive open");
    EXPECT_EQ(TcpFsmTransitionTable::Describe(*t), "CLOSED --app_passive_open--> LISTEN");
}
