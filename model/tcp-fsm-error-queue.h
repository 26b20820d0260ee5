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
#include <deque>

namespace ns3
{

/**
 * \ingroup tcp-fsm
 * \brief One error-queue message: the fields of Linux's struct sock_extended_err.
 */
struct TcpFsmErrorQueueEntry
{
    static constexpr uint8_t kOriginZerocopy = 5; ///< SO_EE_ORIGIN_ZEROCOPY
    static constexpr uint8_t kCodeCopied = 1;     ///< SO_EE_CODE_ZEROCOPY_COPIED
    uint32_t eeErrno{0};                          ///< ee_errno
    uint8_t origin{0};                            ///< ee_origin
    uint8_t type{0};                              ///< ee_type
    uint8_t code{0};                              ///< ee_code
    uint32_t info{0}; ///< ee_info: for zerocopy, the first id of the range
    uint32_t data{0}; ///< ee_data: for zerocopy, the last id of the range
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
    /// recvmsg(MSG_ERRQUEUE): the oldest message; false when the queue is empty (EAGAIN).
    bool Pop(TcpFsmErrorQueueEntry& entry);
    /// The messages waiting (poll/epoll report EPOLLERR while there are any).
    std::size_t QueueSize() const;
    /// How often a completion woke the error queue up (Linux sk_error_report), for epoll.
    uint64_t GetWakeups() const;

  private:
    struct Pending
    {
        SequenceNumber32 end; ///< the send's bytes end before this
        uint32_t id;          ///< its notification id
    };

    bool m_enabled{false};
    uint32_t m_nextId{0};
    std::deque<Pending> m_pending;
    std::deque<TcpFsmErrorQueueEntry> m_queue;
    uint64_t m_wakeups{0};
};

} // namespace ns3

#endif /* TCP_FSM_ERROR_QUEUE_H */
