/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * TcpFsmSocket: errors as Linux reports them (SO_ERROR, the errno of a failed call) and the
 * ioctl queue sizes (SIOCOUTQ, SIOCOUTQNSD).
 */
#include "tcp-fsm-socket.h"

#include "ns3/log.h"

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("TcpFsmSocketErrors");

using namespace TcpFsmLinuxErrno;

int
TcpFsmSocket::Fail(enum SocketErrno ns3Errno, int linuxErrno)
{
    m_errno = ns3Errno;
    m_linuxErrno = linuxErrno;
    return -1;
}

int
TcpFsmSocket::GetLastLinuxErrno() const
{
    return m_linuxErrno;
}

int
TcpFsmSocket::GetSocketError(bool clear)
{
    int e = m_soError;
    if (clear)
    {
        m_soError = kNone;
    }
    return e;
}

void
TcpFsmSocket::SetEndError(const TcpFsmTransition& row)
{
    // Linux: tcp_reset() and tcp_write_err() set sk_err; an abort by the application does not.
    switch (row.action)
    {
    case TcpFsmAction::END_REFUSED:
        m_soError = kEconnrefused;
        break;
    case TcpFsmAction::END_RESET:
        // Linux's tcp_reset(): EPIPE in CLOSE_WAIT (the peer had closed), else ECONNRESET.
        m_soError = row.from == CLOSE_WAIT ? kEpipe : kEconnreset;
        break;
    case TcpFsmAction::END_TIMEOUT:
        m_soError = kEtimedout;
        break;
    case TcpFsmAction::NONE:
    case TcpFsmAction::SPAWN_CHILD:
    case TcpFsmAction::CONNECTED:
    case TcpFsmAction::PEER_CLOSED:
    case TcpFsmAction::RESTART_2MSL:
    case TcpFsmAction::RETURN_TO_LISTEN:
    case TcpFsmAction::END_NORMAL:
    case TcpFsmAction::END_ABORT:
    case TcpFsmAction::FASTOPEN_ACCEPT:
    case TcpFsmAction::RESEND_SYN_DATA:
        break;
    }
}

uint32_t
TcpFsmSocket::GetTxQueued() const
{
    // Linux tcp_ioctl SIOCOUTQ: write_seq - snd_una (queued data, sent or not; no FIN).
    return m_txBuffer->Size();
}

uint32_t
TcpFsmSocket::GetTxUnsent() const
{
    // Linux SIOCOUTQNSD: write_seq - snd_nxt.
    return m_txBuffer->SizeFromSequence(m_tcb.sndMax);
}

} // namespace ns3
