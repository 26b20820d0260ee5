/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * The socket error queue (Linux MSG_ERRQUEUE) as far as MSG_ZEROCOPY needs it: every send
 * with MSG_ZEROCOPY on a socket with SO_ZEROCOPY takes the next notification id; when the
 * peer has acknowledged all of its bytes, the id is reported on the error queue, and a
 * report that continues the one at the queue's tail widens that report instead of adding
 * one (Linux: [ee_info, ee_data] is a range of ids).
 */
#ifndef TCP_FSM_ERROR_QUEUE_H
#define TCP_FSM_ERROR_QUEUE_H

#include "ns3/sequence-number.h"

#include <cstdint>
#include <list>

namespace ns3
{

/**
 * \ingroup tcp-fsm
 * \brief One error-queue message: the fields of Linux's struct sock_extended_err.
 */
struct TcpFsmErrorQueueEntry
{
    static constexpr uint8_t kOriginZerocopy = 5;     ///< SO_EE_ORIGIN_ZEROCOPY
    static constexpr uint8_t kCodeCopied = 1;         ///< SO_EE_CODE_ZEROCOPY_COPIED
    uint32_t eeErrno{0};                              ///< ee_errno
    uint8_t origin{0};                                ///< ee_origin
    uint8_t type{0};                                  ///< ee_type
    uint8_t code{0};                                  ///< ee_code
    static constexpr uint8_t kOriginTimestamping = 4; ///< SO_EE_ORIGIN_TIMESTAMPING
    static constexpr uint32_t kEnomsg = 42;           ///< ee_errno of a timestamp (ENOMSG)
    uint32_t info{0};    ///< ee_info: for zerocopy, the first id of the range; SCM_TSTAMP_*
    uint32_t data{0};    ///< ee_data: for zerocopy, the last id of the range; the byte's key
    bool hasTime{false}; ///< a timestamp report (a SCM_TIMESTAMPING control message)
    int64_t timeNs{0};   ///< its software timestamp (0 without SOF_TIMESTAMPING_SOFTWARE)
};

/**
 * \ingroup tcp-fsm
 * \brief SO_ZEROCOPY / MSG_ZEROCOPY completions and the error queue that reports them.
 *
 * The simulation copies every payload into its packets, so each completion says
 * SO_EE_CODE_ZEROCOPY_COPIED, as Linux says when the device could not take the pages.
 */
class TcpFsmZerocopy
{
  public:
    /// SO_ZEROCOPY on or off (a MSG_ZEROCOPY send without it is an ordinary send).
    void SetEnabled(bool on);
    bool IsEnabled() const;
    /// What an accepted connection inherits from its listener: the option, no sends.
    TcpFsmZerocopy Inherited() const;
    /**
     * A MSG_ZEROCOPY send of at least one byte was queued; its last byte ends before end.
     * It takes the next notification id (ids count from 0, one per such send).
     */
    void Sent(SequenceNumber32 end);
    /// The peer acknowledged everything before ack: completed sends are reported.
    void Acked(SequenceNumber32 ack);

    /// Sends not yet acknowledged (Acked has work): a test inlined in the ACK path.
    bool HasPending() const
    {
        return !m_pending.empty();
    }
    /// recvmsg(MSG_ERRQUEUE): the oldest message; false when the queue is empty (EAGAIN).
    bool Pop(TcpFsmErrorQueueEntry& entry);
    /// The messages waiting (poll/epoll report EPOLLERR while there are any).
    std::size_t QueueSize() const;
    /// How often a completion woke the error queue up (Linux sk_error_report), for epoll.
    uint64_t GetWakeups() const;
    /// Add a message of another kind (a transmit timestamp) at the tail; wakes the queue.
    void Report(const TcpFsmErrorQueueEntry& entry);

  private:
    struct Pending
    {
        SequenceNumber32 end; ///< the send's bytes end before this
        uint32_t id;          ///< its notification id
    };

    bool m_enabled{false};
    uint32_t m_nextId{0};
    std::list<Pending> m_pending;
    std::list<TcpFsmErrorQueueEntry> m_queue;
    uint64_t m_wakeups{0};
};

/**
 * \ingroup tcp-fsm
 * \brief SO_TIMESTAMPING's transmit timestamps (Linux Documentation/networking/timestamping):
 * for the last byte of each send, a report when it is handed to the device (SCHED: queued for
 * transmission, SND: sent; one instant in the simulation) and when the peer acknowledges it
 * (ACK), on the error queue.
 */
class TcpFsmTxTimestamping
{
  public:
    static constexpr uint32_t kTxSoftware = 2;     ///< SOF_TIMESTAMPING_TX_SOFTWARE: SND
    static constexpr uint32_t kSoftware = 16;      ///< SOF_TIMESTAMPING_SOFTWARE: report the time
    static constexpr uint32_t kOptId = 128;        ///< SOF_TIMESTAMPING_OPT_ID: keys per byte
    static constexpr uint32_t kTxSched = 256;      ///< SOF_TIMESTAMPING_TX_SCHED: SCHED
    static constexpr uint32_t kTxAck = 512;        ///< SOF_TIMESTAMPING_TX_ACK: ACK
    static constexpr uint32_t kAllFlags = 0x1ffff; ///< SOF_TIMESTAMPING_MASK (Linux 6.x)
    static constexpr uint32_t kSched = 1;          ///< SCM_TSTAMP_SCHED
    static constexpr uint32_t kSnd = 0;            ///< SCM_TSTAMP_SND
    static constexpr uint32_t kAck = 2;            ///< SCM_TSTAMP_ACK

    /// setsockopt(SO_TIMESTAMPING): the flags; OPT_ID keys count bytes from writeSeq.
    void SetFlags(uint32_t flags, SequenceNumber32 writeSeq);
    uint32_t GetFlags() const;
    /// A send was queued; its last byte is the one before end.
    void Queued(SequenceNumber32 end);
    /// [start, end) left for the first time at now: SCHED and SND of the bytes in it.
    void Transmitted(SequenceNumber32 start,
                     SequenceNumber32 end,
                     int64_t nowNs,
                     TcpFsmZerocopy& queue);
    /// The peer acknowledged everything before ack: ACK reports.
    void Acked(SequenceNumber32 ack, int64_t nowNs, TcpFsmZerocopy& queue);

    /// Timestamped sends not yet acknowledged (Transmitted, Acked have work).
    bool HasPending() const
    {
        return !m_pending.empty();
    }

  private:
    struct Pending
    {
        SequenceNumber32 last; ///< the send's last byte
        uint32_t key;          ///< ee_data
        bool transmitted;      ///< SCHED/SND reported
    };

    void Report(uint32_t what, uint32_t key, int64_t nowNs, TcpFsmZerocopy& queue) const;

    uint32_t m_flags{0};
    SequenceNumber32 m_keyBase{0};
    std::list<Pending> m_pending;
};

} // namespace ns3

#endif /* TCP_FSM_ERROR_QUEUE_H */
