/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A single-threaded ns-3 simulator implementation whose clock can be put back to zero once
 * no event is pending (Rewind()). The "segments" fuzz target keeps one node, its IPv4 stack
 * and its TcpFsmL4Protocol across inputs (building them costs most of an input's run) and
 * rewinds the clock between inputs, so that every input starts at time 0 exactly as in a
 * fresh process: the ISN's clock, TSval and every timer see the same times, and a finding
 * replays alone.
 *
 * Select it before the simulator is first used:
 *   GlobalValue::Bind("SimulatorImplementationType",
 *                     StringValue("ns3::TcpFsmFuzzSimulatorImpl"));
 */
#ifndef TCP_FSM_FUZZ_SIMULATOR_H
#define TCP_FSM_FUZZ_SIMULATOR_H

#include "ns3/event-id.h"
#include "ns3/event-impl.h"
#include "ns3/make-event.h"
#include "ns3/map-scheduler.h"
#include "ns3/object-factory.h"
#include "ns3/scheduler.h"
#include "ns3/simulator-impl.h"
#include "ns3/simulator.h"

#include <cstdint>
#include <limits>
#include <list>

namespace ns3
{
namespace fuzz
{

class RewindableSimulatorImpl : public SimulatorImpl
{
  public:
    static TypeId GetTypeId()
    {
        static TypeId tid = TypeId("ns3::TcpFsmFuzzSimulatorImpl")
                                .SetParent<SimulatorImpl>()
                                .SetGroupName("TcpFsm")
                                .AddConstructor<RewindableSimulatorImpl>();
        return tid;
    }

    RewindableSimulatorImpl()
      : m_events(CreateObject<MapScheduler>())
    {}

    /// Pending events (Stop() events included).
    bool Pending() const
    {
        return !m_events->IsEmpty();
    }

    /**
     * Put the clock back to 0. Only with no event pending (false otherwise, nothing done).
     * Every EventId handed out before stays expired.
     */
    bool Rewind()
    {
        if (!m_events->IsEmpty())
        {
            return false;
        }
        m_now = 0;
        m_currentUid = 0;
        m_currentContext = Simulator::NO_CONTEXT;
        if (m_nextUid > std::numeric_limits<uint32_t>::max() / 2)
        {
            m_nextUid = kFirstUid; // no EventId of that age can still be held
        }
        m_firstLiveUid = m_nextUid;
        return true;
    }

    // ---- SimulatorImpl ----------------------------------------------------------------------

    void Destroy() override
    {
        while (!m_destroy.empty())
        {
            Ptr<EventImpl> ev = m_destroy.front().PeekEventImpl();
            m_destroy.pop_front();
            if (!ev->IsCancelled())
            {
                ev->Invoke();
            }
        }
    }

    bool IsFinished() const override
    {
        return m_events->IsEmpty() || m_stop;
    }

    void Stop() override
    {
        m_stop = true;
    }

    void Stop(const Time& delay) override
    {
        Schedule(delay, MakeEvent(&RewindableSimulatorImpl::StopNow, this));
    }

    EventId Schedule(const Time& delay, EventImpl* event) override
    {
        return Insert(delay, m_currentContext, event);
    }

    void ScheduleWithContext(uint32_t context, const Time& delay, EventImpl* event) override
    {
        Insert(delay, context, event);
    }

    EventId ScheduleNow(EventImpl* event) override
    {
        return Insert(Time(0), m_currentContext, event);
    }

    EventId ScheduleDestroy(EventImpl* event) override
    {
        EventId id(Ptr<EventImpl>(event, false), m_now, 0xffffffff, kDestroyUid);
        m_destroy.push_back(id);
        return id;
    }

    void Remove(const EventId& id) override
    {
        if (id.GetUid() == kDestroyUid)
        {
            m_destroy.remove(id);
            return;
        }
        if (IsExpired(id))
        {
            return;
        }
        Scheduler::Event ev;
        ev.impl = id.PeekEventImpl();
        ev.key.m_ts = id.GetTs();
        ev.key.m_uid = id.GetUid();
        ev.key.m_context = id.GetContext();
        m_events->Remove(ev);
        ev.impl->Cancel();
        ev.impl->Unref(); // the schedule's reference
    }

    void Cancel(const EventId& id) override
    {
        if (!IsExpired(id))
        {
            id.PeekEventImpl()->Cancel();
        }
    }

    bool IsExpired(const EventId& id) const override
    {
        if (id.GetUid() == kDestroyUid)
        {
            for (const EventId& d : m_destroy)
            {
                if (d == id)
                {
                    return id.PeekEventImpl() == nullptr || id.PeekEventImpl()->IsCancelled();
                }
            }
            return true;
        }
        return id.PeekEventImpl() == nullptr || id.GetUid() < m_firstLiveUid || id.GetTs() < m_now
               || (id.GetTs() == m_now && id.GetUid() <= m_currentUid)
               || id.PeekEventImpl()->IsCancelled();
    }

    void Run() override
    {
        m_stop = false;
        while (!m_events->IsEmpty() && !m_stop)
        {
            Scheduler::Event next = m_events->RemoveNext();
            m_now = next.key.m_ts;
            m_currentUid = next.key.m_uid;
            m_currentContext = next.key.m_context;
            ++m_eventCount;
            next.impl->Invoke();
            next.impl->Unref();
        }
    }

    Time Now() const override
    {
        return TimeStep(m_now);
    }

    Time GetDelayLeft(const EventId& id) const override
    {
        return IsExpired(id) ? TimeStep(0) : TimeStep(id.GetTs() - m_now);
    }

    Time GetMaximumSimulationTime() const override
    {
        return TimeStep(std::numeric_limits<int64_t>::max());
    }

    void SetScheduler(ObjectFactory schedulerFactory) override
    {
        Ptr<Scheduler> next = schedulerFactory.Create<Scheduler>();
        while (!m_events->IsEmpty())
        {
            next->Insert(m_events->RemoveNext());
        }
        m_events = next;
    }

    uint32_t GetSystemId() const override
    {
        return 0;
    }

    uint32_t GetContext() const override
    {
        return m_currentContext;
    }

    uint64_t GetEventCount() const override
    {
        return m_eventCount;
    }

  protected:
    void DoDispose() override
    {
        while (!m_events->IsEmpty())
        {
            m_events->RemoveNext().impl->Unref();
        }
        m_destroy.clear();
        SimulatorImpl::DoDispose();
    }

  private:
    static constexpr uint32_t kDestroyUid = 2; ///< as ns-3 marks destroy events
    static constexpr uint32_t kFirstUid = 4;

    void StopNow()
    {
        m_stop = true;
    }

    EventId Insert(const Time& delay, uint32_t context, EventImpl* event)
    {
        NS_ASSERT_MSG(delay.IsPositive(), "an event scheduled in the past");
        Scheduler::Event ev;
        ev.impl = event; // the schedule holds the reference the caller made
        ev.key.m_ts = m_now + static_cast<uint64_t>(delay.GetTimeStep());
        ev.key.m_uid = m_nextUid++;
        ev.key.m_context = context;
        m_events->Insert(ev);
        return EventId(event, ev.key.m_ts, ev.key.m_context, ev.key.m_uid);
    }

    Ptr<Scheduler> m_events;
    std::list<EventId> m_destroy;
    bool m_stop{false};
    uint64_t m_now{0};
    uint32_t m_nextUid{kFirstUid};
    uint32_t m_firstLiveUid{kFirstUid};
    uint32_t m_currentUid{0};
    uint32_t m_currentContext{Simulator::NO_CONTEXT};
    uint64_t m_eventCount{0};
};

NS_OBJECT_ENSURE_REGISTERED(RewindableSimulatorImpl);

} // namespace fuzz
} // namespace ns3

#endif /* TCP_FSM_FUZZ_SIMULATOR_H */
