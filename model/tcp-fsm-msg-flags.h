/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * The Send()/Recv() flags TcpFsmSocket takes (a base of TcpFsmSocket, so that they read
 * TcpFsmSocket::kMsgOob and so on). The MSG_* ones have Linux's values, as a script written
 * against Linux passes them through; kReadSock is the model's own.
 */
#ifndef TCP_FSM_MSG_FLAGS_H
#define TCP_FSM_MSG_FLAGS_H

#include <cstdint>

namespace ns3
{

/// \ingroup tcp-fsm
/// Flags of TcpFsmSocket::Send() and TcpFsmSocket::Recv().
struct TcpFsmMsgFlags
{
    /// MSG_OOB, with Linux's value, for Send() and Recv() flags.
    static constexpr uint32_t kMsgOob = 1;
    /// MSG_PEEK, with Linux's value: Recv(max, kMsgOob | kMsgPeek) leaves the urgent byte unread.
    static constexpr uint32_t kMsgPeek = 2;
    /// MSG_MORE, with Linux's value: Send() holds a partial segment as TCP_CORK does, until the
    /// next push (a Send() without it, an ACK, uncork, TcpNoDelay) or the cork timer.
    static constexpr uint32_t kMsgMore = 0x8000;
    /// Send() flag MSG_ZEROCOPY (Linux's value): with SO_ZEROCOPY on, report the send's
    /// completion on the error queue (see TcpFsmZerocopy).
    static constexpr uint32_t kMsgZerocopy = 0x4000000;
    /// Send() flag MSG_EOR (Linux's value): the data ends a record; no segment carries
    /// bytes of this record and of later ones (Linux: the skb is not coalesced further).
    static constexpr uint32_t kMsgEor = 0x80;
    /**
     * Recv() flag of the model (no Linux MSG_ value; Linux's MSG_CMSG_COMPAT bit, which user
     * space never passes): read as Linux's tcp_read_sock() does for splice() and the other
     * in-kernel readers: stop at the urgent mark and, at it, return an empty packet (0 bytes,
     * no error) instead of stepping over the out-of-band octet as recv() does.
     */
    static constexpr uint32_t kReadSock = 0x80000000;
};

} // namespace ns3

#endif /* TCP_FSM_MSG_FLAGS_H */
