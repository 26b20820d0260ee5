/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "tcp-fsm-time-wait-table.h"

#include "tcp-fsm-branch.h"

#include "ns3/log.h"
#include "ns3/simulator.h"

#include <absl/container/node_hash_set.h>
#include <absl/hash/hash.h>
#include <algorithm>
#include <deque>
#include <memory_resource>
#include <vector>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("TcpFsmTimeWaitTable");

namespace
{

/// The tuple's hash, mixed: Abseil's table takes its control byte from the low 7 bits and
/// the probe position from the others, and TcpFsmTupleHash (boost::hash_combine, made for
/// prime bucket counts) leaves the low bits the same for tuples that differ in their ports.
/// Transparent: a lookup by tuple builds no record.
struct RecordHash
{
    using is_transparent = void;

    std::size_t operator()(const TcpFsmTuple& t) const noexcept
    {
        return absl::HashOf(TcpFsmTupleHash()(t));
    }

    std::size_t operator()(const TcpFsmTimeWaitRecord& r) const noexcept
    {
        return (*this)(r.tuple);
    }
};

struct RecordEqual
{
    using is_transparent = void;

    static const TcpFsmTuple& Key(const TcpFsmTuple& t)
    {
        return t;
    }

    static const TcpFsmTuple& Key(const TcpFsmTimeWaitRecord& r)
    {
        return r.tuple;
    }

    template<class A, class B>
    bool operator()(const A& a, const B& b) const
    {
        return Key(a) == Key(b);
    }
};

} // namespace

struct TcpFsmTimeWaitTable::Impl
{
    struct Pending
    {
        Time expires;
        TcpFsmTimeWaitRecord* record; ///< stable: the set's nodes do not move
    };

    /// The entries of one wait length, in expiry order.
    struct Queue
    {
        Time duration;
        std::deque<Pending> entries;
    };

    /// The nodes' memory: 80 bytes a record (the general allocator's would be 96).
    std::pmr::unsynchronized_pool_resource pool;
    absl::node_hash_set<TcpFsmTimeWaitRecord,
                        RecordHash,
                        RecordEqual,
                        std::pmr::polymorphic_allocator<TcpFsmTimeWaitRecord>>
        records{0, RecordHash(), RecordEqual(), &pool};
    std::vector<Queue> queues; ///< one per wait length, in the order first used

    /// The queue whose front expires first (the first such queue on a tie), or nullptr.
    Queue* Earliest()
    {
        Queue* earliest = nullptr;
        for (auto& q : queues)
        {
            if (!q.entries.empty()
                && (!earliest || q.entries.front().expires < earliest->entries.front().expires))
            {
                earliest = &q;
            }
        }
        return earliest;
    }
};

TcpFsmTimeWaitTable::TcpFsmTimeWaitTable()
  : m_impl(std::make_unique<Impl>())
{}

TcpFsmTimeWaitTable::~TcpFsmTimeWaitTable()
{
    m_event.Cancel();
}

void
TcpFsmTimeWaitTable::SetExpiryCallback(Callback<void, const TcpFsmTimeWaitRecord&> cb)
{
    m_expired = cb;
}

// what a TIME_WAIT endpoint costs: this, a slot pointer and a control byte, a queue entry
static_assert(sizeof(TcpFsmTimeWaitRecord) <= 80, "a TIME_WAIT record grew past 80 bytes");

TcpFsmTimeWaitRecord*
TcpFsmTimeWaitTable::Live(const TcpFsmTuple& tuple) const
{
    auto it = m_impl->records.find(tuple);
    if (it == m_impl->records.end() || it->removed)
    {
        return nullptr;
    }
    // a set's elements are const because they are keys: only the tuple is, never changed
    return const_cast<TcpFsmTimeWaitRecord*>(&*it);
}

void
TcpFsmTimeWaitTable::Push(TcpFsmTimeWaitRecord& record, Time duration)
{
    ++record.pending;
    auto& queues = m_impl->queues;
    auto q = std::find_if(queues.begin(),
                          queues.end(),
                          [duration](const Impl::Queue& candidate)
                          {
                              return candidate.duration == duration;
                          });
    if (q == queues.end())
    {
        q = queues.insert(queues.end(), Impl::Queue{duration, {}});
    }
    const Time expires = Simulator::Now() + duration;
    q->entries.push_back({expires, &record});
    if (TCP_FSM_UNLIKELY(expires.GetTimeStep() < static_cast<int64_t>(m_event.GetTs()))
        && m_event.IsRunning())
    {
        // a shorter wait than any before it: expire earlier than the event planned
        Simulator::Remove(m_event);
    }
    Schedule();
}

void
TcpFsmTimeWaitTable::Insert(TcpFsmTimeWaitRecord record, Time duration)
{
    auto [it, added] = m_impl->records.insert(record);
    auto& stored = const_cast<TcpFsmTimeWaitRecord&>(*it);
    if (!added)
    {
        // the tuple's earlier record (removed, or still waiting): this one replaces it, and
        // its queue entries become stale
        if (stored.removed)
        {
            ++m_live;
        }
        const uint16_t pending = stored.pending;
        stored = record;
        stored.pending = pending;
    }
    else
    {
        ++m_live;
    }
    stored.removed = false;
    m_peak = std::max(m_peak, m_live);
    NS_LOG_LOGIC("TIME_WAIT " << record.tuple.Describe() << " until "
                              << (Simulator::Now() + duration).As(Time::S));
    Push(stored, duration);
}

const TcpFsmTimeWaitRecord*
TcpFsmTimeWaitTable::Find(const TcpFsmTuple& tuple) const
{
    return Live(tuple);
}

void
TcpFsmTimeWaitTable::Restart(const TcpFsmTuple& tuple, Time duration)
{
    if (TcpFsmTimeWaitRecord* r = Live(tuple))
    {
        Push(*r, duration);
    }
}

void
TcpFsmTimeWaitTable::SetTsRecent(const TcpFsmTuple& tuple, uint32_t tsRecent)
{
    if (TcpFsmTimeWaitRecord* r = Live(tuple))
    {
        r->tsRecent = tsRecent;
    }
}

void
TcpFsmTimeWaitTable::Remove(const TcpFsmTuple& tuple)
{
    TcpFsmTimeWaitRecord* r = Live(tuple);
    if (!r)
    {
        return;
    }
    r->removed = true; // freed when its newest queue entry comes up
    if (--m_live == 0)
    {
        Clear();
    }
}

void
TcpFsmTimeWaitTable::Clear()
{
    m_impl->queues.clear();
    m_impl->records.clear();
    m_live = 0;
    m_event.Cancel();
}

std::size_t
TcpFsmTimeWaitTable::Size() const
{
    return m_live;
}

std::size_t
TcpFsmTimeWaitTable::Peak() const
{
    return m_peak;
}

void
TcpFsmTimeWaitTable::Schedule()
{
    const Impl::Queue* earliest = m_event.IsRunning() ? nullptr : m_impl->Earliest();
    if (!earliest)
    {
        return;
    }
    Time delay = std::max(Time(0), earliest->entries.front().expires - Simulator::Now());
    m_event = Simulator::Schedule(delay, &TcpFsmTimeWaitTable::Expire, this);
}

void
TcpFsmTimeWaitTable::Expire()
{
    const Time now = Simulator::Now();
    for (Impl::Queue* q = m_impl->Earliest(); q && q->entries.front().expires <= now;
         q = m_impl->Earliest())
    {
        TcpFsmTimeWaitRecord* r = q->entries.front().record;
        q->entries.pop_front();
        if (--r->pending > 0)
        {
            continue; // restarted or replaced: a later entry stands for it
        }
        TcpFsmTimeWaitRecord record = *r;
        m_impl->records.erase(record.tuple);
        if (record.removed)
        {
            continue;
        }
        --m_live;
        if (!m_expired.IsNull())
        {
            m_expired(record);
        }
    }
    Schedule();
}

} // namespace ns3
