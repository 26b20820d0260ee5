/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Scripted peers, part 2h: poll(). `poll([{fd=4, events=POLLIN|POLLOUT, revents=POLLOUT}],
 * 1, 100) = 1`: each descriptor's revents is the model's readiness
 * (TcpFsmSocket::GetPollEvents(), Linux's tcp_poll()) filtered by its events (POLLERR and
 * POLLHUP always count); with nothing ready the call blocks until a socket reports news or
 * the timeout (milliseconds of simulated time; -1 waits for ever) passes, then returns 0.
 */
#include "ns3/simulator.h"
#include "ns3/tcp-fsm-poll.h"
#include "ns3/tcp-fsm-script-engine.h"

namespace ns3
{

namespace
{

/// The revents as packetdrill prints them ("POLLIN|POLLOUT", "0").
std::string
PollNames(uint32_t mask)
{
    static const std::pair<uint32_t, const char*> kNames[] = {
        {TcpFsmPoll::IN, "POLLIN"},
        {TcpFsmPoll::PRI, "POLLPRI"},
        {TcpFsmPoll::OUT, "POLLOUT"},
        {TcpFsmPoll::ERR, "POLLERR"},
        {TcpFsmPoll::HUP, "POLLHUP"},
        {TcpFsmPoll::NVAL, "POLLNVAL"},
        {TcpFsmPoll::RDNORM, "POLLRDNORM"},
        {TcpFsmPoll::WRNORM, "POLLWRNORM"},
        {TcpFsmPoll::RDHUP, "POLLRDHUP"},
    };
    std::string out;
    for (const auto& [bit, name] : kNames)
    {
        if (mask & bit)
        {
            out += (out.empty() ? "" : "|") + std::string(name);
            mask &= ~bit;
        }
    }
    if (mask != 0)
    {
        out += (out.empty() ? "" : "|") + std::to_string(mask);
    }
    return out.empty() ? "0" : out;
}

} // namespace

bool
TcpFsmScriptEngine::PollCall(const Line& line, Returned& r, std::string& got, std::string& skip)
{
    const auto& a = line.call.args;
    int64_t nfds = 0;
    int64_t timeoutMs = 0;
    if (a.size() < 3 || a[0].kind != TcpFsmScriptExpr::Kind::LIST || !a[1].Evaluate(nfds)
        || !a[2].Evaluate(timeoutMs))
    {
        skip = "poll() with these arguments (a [{fd=..., events=..., revents=...}] list, "
               "nfds, timeout)";
        return true;
    }
    if (nfds != static_cast<int64_t>(a[0].items.size()))
    {
        got = "nfds " + std::to_string(nfds) + " for a " + std::to_string(a[0].items.size())
              + "-element pollfd array";
        return true;
    }
    struct Entry
    {
        uint32_t revents{0};
        const TcpFsmScriptExpr* want{nullptr};
    };
    std::vector<Entry> entries;
    int64_t ready = 0;
    for (const TcpFsmScriptExpr& item : a[0].items)
    {
        int64_t fd = -1;
        int64_t events = 0;
        const TcpFsmScriptExpr* f = item.Field("fd");
        const TcpFsmScriptExpr* e = item.Field("events");
        if (!f || !e || !f->Evaluate(fd) || !e->Evaluate(events))
        {
            skip = "a pollfd without a known fd and events (" + item.ToString() + ")";
            return true;
        }
        Entry entry;
        entry.want = item.Field("revents");
        auto it = m_fds.find(static_cast<int32_t>(fd));
        if (fd < 0)
        {
            entry.revents = 0; // poll() skips negative descriptors
        }
        else if (it == m_fds.end())
        {
            entry.revents = TcpFsmPoll::NVAL;
        }
        else
        {
            entry.revents = PollMask(it->second.socket)
                            & (static_cast<uint32_t>(events) | TcpFsmPoll::ERR | TcpFsmPoll::HUP);
        }
        ready += entry.revents != 0 ? 1 : 0;
        entries.push_back(entry);
    }
    const std::size_t index = static_cast<std::size_t>(&line - &m_script.lines[0]);
    if (ready == 0 && timeoutMs != 0)
    {
        auto deadline = m_pollDeadlines.find(index);
        if (deadline == m_pollDeadlines.end())
        {
            // Nothing ready: wait, and look again when the timeout passes.
            const int64_t at = timeoutMs < 0 ? -1 : Now() + timeoutMs * 1000000;
            m_pollDeadlines[index] = at;
            if (at >= 0)
            {
                Simulator::Schedule(NanoSeconds(at - Now()), &TcpFsmScriptEngine::Wake, this);
            }
            return false;
        }
        if (deadline->second < 0 || Now() < deadline->second)
        {
            return false;
        }
    }
    m_pollDeadlines.erase(index);
    r.value = ready;
    for (std::size_t i = 0; i < entries.size() && got.empty(); ++i)
    {
        int64_t want = 0; // packetdrill: no revents written means 0
        if (entries[i].want && !entries[i].want->Evaluate(want))
        {
            continue; // '...'
        }
        if (static_cast<uint32_t>(want) != entries[i].revents)
        {
            got = "revents " + PollNames(entries[i].revents) + " for pollfd " + std::to_string(i)
                  + " (expected " + PollNames(static_cast<uint32_t>(want)) + ")";
        }
    }
    return true;
}

} // namespace ns3
