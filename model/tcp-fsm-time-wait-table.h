/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * Compact TIME_WAIT records. A connection the application has closed is
 * handed here when it enters TIME_WAIT: its socket, buffers and timers are
 * freed, and what TIME_WAIT still needs (the 4-tuple, SND.NXT, RCV.NXT, the
 * expiry time) costs a small record. One simulator event serves the whole
 * table: records expire in order from a FIFO queue.
 */
#ifndef TCP_FSM_TIME_WAIT_TABLE_H
#define TCP_FSM_TIME_WAIT_TABLE_H

#include "tcp-fsm-tuple.h"

#include "ns3/callback.h"
#include "ns3/event-id.h"
#include "ns3/nstime.h"
#include "ns3/sequence-number.h"

#include <deque>
#include <unordered_map>

namespace ns3
{

/// What TIME_WAIT needs to remember of a connection.
struct TcpFsmTimeWaitRecord
{
    TcpFsmTuple tuple;
    uint64_t socketId{0};
    SequenceNumber32 sndNxt{0}; ///< one past our FIN
    SequenceNumber32 rcvNxt{0}; ///< one past the peer's FIN
    uint32_t rcvWnd{0};
    uint8_t rcvWindShift{0}; ///< RFC 7323: our window shift, when scaling is in effect
    bool rfc1337{true};      ///< the connection's Rfc1337 attribute
    bool tsOn{false};        ///< RFC 7323 timestamps in use: PAWS, and TS on our ACKs
    uint32_t tsRecent{0};    ///< RFC 7323 TS.Recent
    uint32_t tsOffset{0};    ///< our TSval clock's offset
    Time twoMsl;             ///< the connection's 2*Msl (a retransmitted FIN restarts this wait)
    Time expires;
};

/**
 * \ingroup tcp-fsm
 * \brief The TIME_WAIT records of one node.
 */
class TcpFsmTimeWaitTable
{
  public:
    TcpFsmTimeWaitTable() = default;
    ~TcpFsmTimeWaitTable();
    TcpFsmTimeWaitTable(const TcpFsmTimeWaitTable&) = delete;
    TcpFsmTimeWaitTable& operator=(const TcpFsmTimeWaitTable&) = delete;

    /// Called for each record whose 2MSL expired, after it left the table.
    void SetExpiryCallback(Callback<void, const TcpFsmTimeWaitRecord&> cb);
    /// Add a record that expires after duration.
    void Insert(TcpFsmTimeWaitRecord record, Time duration);
    /// The record of a tuple, or nullptr.
    const TcpFsmTimeWaitRecord* Find(const TcpFsmTuple& tuple) const;
    /// Restart the 2MSL wait of a tuple (a retransmitted FIN).
    void Restart(const TcpFsmTuple& tuple, Time duration);
    /// RFC 7323 4.3: a tuple's TS.Recent after an acceptable segment.
    void SetTsRecent(const TcpFsmTuple& tuple, uint32_t tsRecent);
    /// Remove a record now (RST with RFC 1337 protection off); no expiry callback.
    void Remove(const TcpFsmTuple& tuple);
    /// Remove everything (node disposal); no callbacks.
    void Clear();
    std::size_t Size() const;
    std::size_t Peak() const;

  private:
    void Schedule();
    void Expire();

    std::unordered_map<TcpFsmTuple, TcpFsmTimeWaitRecord, TcpFsmTupleHash> m_records;
    struct Pending
    {
        Time expires;
        TcpFsmTuple tuple;
    };

    std::deque<Pending> m_queue; ///< in expiry order (every wait has the same length, 2*Msl)
    EventId m_event;
    Callback<void, const TcpFsmTimeWaitRecord&> m_expired;
    std::size_t m_peak{0};
};

} // namespace ns3

#endif /* TCP_FSM_TIME_WAIT_TABLE_H */
