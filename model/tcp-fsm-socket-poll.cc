/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * TcpFsmSocket: readiness (poll(2), epoll(7)) as Linux's tcp_poll() computes it, from the
 * socket's state, its queues, its shutdown directions and its errors.
 */
#include "tcp-fsm-poll.h"
#include "tcp-fsm-socket.h"

namespace ns3
{

bool
TcpFsmSocket::ReceiveShutdown() const
{
    // Linux's RCV_SHUTDOWN: shutdown(SHUT_RD), the peer's FIN in sequence (every state
    // below is entered on it), or the end of the connection (tcp_done shuts both ways).
    return m_shutdownRecv || m_state == CLOSE_WAIT || m_state == LAST_ACK || m_state == CLOSING
           || m_state == TIME_WAIT || m_endReason != TcpFsmEndReason::NONE;
}

bool
TcpFsmSocket::SendShutdown() const
{
    // Linux's SEND_SHUTDOWN: shutdown(SHUT_WR), or the end of the connection.
    return m_shutdownSend || m_endReason != TcpFsmEndReason::NONE;
}

uint32_t
TcpFsmSocket::GetPollEvents() const
{
    using P = TcpFsmPoll;
    uint32_t events = 0;
    if (m_state == LISTEN)
    {
        // A listener is readable when a connection waits for accept(). ns-3 hands each
        // connection to the application at once (NotifyNewConnectionCreated): that queue is
        // the application's, so the listener itself reports only its error.
        return m_soError != 0 ? P::ERR : 0;
    }
    const bool rcvShut = ReceiveShutdown();
    const bool sndShut = SendShutdown();
    // POLLHUP is for both directions shut (or no connection at all): after the peer's FIN
    // alone a writer must still be able to wait for POLLOUT.
    if ((rcvShut && sndShut) || m_state == CLOSED)
    {
        events |= P::HUP;
    }
    if (rcvShut)
    {
        events |= P::IN | P::RDNORM | P::RDHUP;
    }
    // A connected socket, or a Fast Open child the application holds in SYN_RCVD; a
    // SYN_SENT socket reads and writes nothing yet.
    if (m_state != SYN_SENT && (m_state != SYN_RCVD || m_fo.accepted))
    {
        // An urgent byte at the read position does not count as data to read (it is read
        // out of band), unless SO_OOBINLINE.
        uint32_t target = 1;
        if (m_urg.state != UrgState::NONE && m_urg.seq == ReadSequence() && !m_oobInline)
        {
            ++target;
        }
        if (m_rxBuffer.Available() >= target)
        {
            events |= P::IN | P::RDNORM;
        }
        // sk_stream_is_writeable(): free space of at least half of what is queued.
        // (The buffer's own room: GetTxAvailable() is 0 where a send fails, e.g. CLOSED, but
        // Linux still reports a fresh socket writable.)
        const uint32_t avail = m_txBuffer ? m_txBuffer->Available() : m_sndBufSize;
        const uint32_t queued = m_sndBufSize > avail ? m_sndBufSize - avail : 0;
        if (sndShut || (avail > 0 && avail >= queued / 2))
        {
            events |= P::OUT | P::WRNORM;
        }
        if (m_urg.state == UrgState::VALID)
        {
            events |= P::PRI;
        }
    }
    else if (m_state == SYN_SENT && IsFastOpenDeferred())
    {
        // TCP_FASTOPEN_CONNECT: the SYN waits for the first write, so the socket is writable.
        events |= P::OUT | P::WRNORM;
    }
    if (m_soError != 0 || GetErrorQueueSize() > 0)
    {
        events |= P::ERR;
    }
    return events;
}

} // namespace ns3
