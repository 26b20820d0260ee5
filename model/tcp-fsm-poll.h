/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * The readiness bits of TcpFsmSocket::GetPollEvents(): poll(2)'s and epoll(7)'s events,
 * with Linux's values (POLLIN and EPOLLIN are the same bit, and so on).
 */
#ifndef TCP_FSM_POLL_H
#define TCP_FSM_POLL_H

#include <cstdint>

namespace ns3
{

/**
 * \ingroup tcp-fsm
 * \brief poll()/epoll readiness bits, Linux's numbering (<poll.h>, <sys/epoll.h>).
 */
struct TcpFsmPoll
{
    static constexpr uint32_t IN = 0x0001;     ///< POLLIN: a read would not block
    static constexpr uint32_t PRI = 0x0002;    ///< POLLPRI: an urgent byte is to be read
    static constexpr uint32_t OUT = 0x0004;    ///< POLLOUT: a write would not block
    static constexpr uint32_t ERR = 0x0008;    ///< POLLERR: a pending error or error-queue message
    static constexpr uint32_t HUP = 0x0010;    ///< POLLHUP: both directions shut, or CLOSED
    static constexpr uint32_t NVAL = 0x0020;   ///< POLLNVAL: not an open descriptor (poll())
    static constexpr uint32_t RDNORM = 0x0040; ///< POLLRDNORM: as IN for TCP
    static constexpr uint32_t WRNORM = 0x0100; ///< POLLWRNORM: as OUT for TCP
    static constexpr uint32_t RDHUP = 0x2000;  ///< POLLRDHUP: the receive direction is shut
};

} // namespace ns3

#endif /* TCP_FSM_POLL_H */
