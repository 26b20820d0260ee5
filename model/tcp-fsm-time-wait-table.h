/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * Compact TIME_WAIT records. A connection the application has closed is
 * handed here when it enters TIME_WAIT: its socket, buffers and timers are
 * freed, and what TIME_WAIT still needs (the 4-tuple, SND.NXT, RCV.NXT, the
 * expiry time) costs a small record. One simulator event serves the whole
 * table: records expire in order from a FIFO queue per wait length.
 */
#ifndef TCP_FSM_TIME_WAIT_TABLE_H
#define TCP_FSM_TIME_WAIT_TABLE_H

#include "tcp-fsm-tuple.h"

#include "ns3/callback.h"
#include "ns3/event-id.h"
#include "ns3/nstime.h"
#include "ns3/sequence-number.h"

#include <memory>

namespace ns3
{

/// What TIME_WAIT needs to remember of a connection (80 bytes: the fields are ordered so
/// that the small ones fill the tuple's padding).
struct TcpFsmTimeWaitRecord
{
    TcpFsmTuple tuple;
    uint8_t rcvWindShift{0};    ///< RFC 7323: our window shift, when scaling is in effect
    bool rfc1337{true};         ///< the connection's Rfc1337 attribute
    bool tsOn{false};           ///< RFC 7323 timestamps in use: PAWS, and TS on our ACKs
    bool removed{false};        ///< the table's own: removed, freed when its last wait ends
    uint16_t pending{0};        ///< the table's own: its entries in the expiry queue
    SequenceNumber32 sndNxt{0}; ///< one past our FIN
    SequenceNumber32 rcvNxt{0}; ///< one past the peer's FIN
    uint32_t rcvWnd{0};
    uint32_t tsRecent{0}; ///< RFC 7323 TS.Recent
    uint32_t tsOffset{0}; ///< our TSval clock's offset
    uint64_t socketId{0};
    Time twoMsl; ///< the connection's 2*Msl (a retransmitted FIN restarts this wait)
};

/**
 * The TIME_WAIT records of one node, keyed by their 4-tuple, and their expiry: one FIFO of
 * (expiry time, record) entries per wait length (sockets of a node share one 2*Msl unless
 * an application set another), each in expiry order, served together by one simulator
 * event; records of equal expiry time in different FIFOs expire in the order the FIFOs were
 * first used. A restarted wait adds an entry, and only a record's newest entry expires it.
 *
 * The records are the nodes of an open-addressing hash set (Abseil's node_hash_set, its
 * nodes from a pool): a lookup of a tuple that is not there, the common case (a new
 * connection's ephemeral port, a SYN to a listener), reads one group of control bytes
 * instead of walking a chain of nodes, which in a table of 100,000 records are cache
 * misses each. Per record: the 80-byte node (no second copy of the tuple as a key), a slot
 * pointer and a control byte at a load between 7/16 and 7/8, and a 16-byte queue entry.
 */
class TcpFsmTimeWaitTable
{
  public:
    TcpFsmTimeWaitTable();
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
    /// Records in TIME_WAIT now.
    std::size_t Size() const;
    /// The most records at once.
    std::size_t Peak() const;

  private:
    struct Impl; ///< the records' hash set and the expiry queues (an implementation detail)

    /// The live (not removed) record of a tuple, or nullptr. Only the tuple is a key: the
    /// other fields may change in place.
    TcpFsmTimeWaitRecord* Live(const TcpFsmTuple& tuple) const;
    void Push(TcpFsmTimeWaitRecord& record, Time duration);
    void Schedule();
    void Expire();

    std::unique_ptr<Impl> m_impl;
    EventId m_event;
    Callback<void, const TcpFsmTimeWaitRecord&> m_expired;
    std::size_t m_live{0};
    std::size_t m_peak{0};
};

} // namespace ns3

#endif /* TCP_FSM_TIME_WAIT_TABLE_H */
