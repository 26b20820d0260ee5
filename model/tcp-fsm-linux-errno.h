/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * Linux errno numbers, as tcp-fsm reports them for the socket calls (SO_ERROR, the errno of a
 * failed call). ns-3's Socket::SocketErrno has no ECONNREFUSED, ECONNRESET, EPIPE,
 * ETIMEDOUT, EINPROGRESS, EALREADY..., and a script written against Linux compares numbers
 * and names, so the model keeps Linux's values (x86-64 and every other Linux architecture
 * share them). The constants are named kEconnrefused etc. (the <cerrno> macros would clash), and
 * their values are Linux's on any host.
 *
 * TcpFsmSocket::GetSocketError() (SO_ERROR) is set when the connection ends badly:
 * ECONNREFUSED (RST answering our SYN), ECONNRESET (RST in a synchronized state), EPIPE (RST
 * in CLOSE_WAIT, as Linux), ETIMEDOUT (retransmissions, TCP_USER_TIMEOUT or keepalive gave
 * up); a failing Send() or Recv() reports the pending error once and clears it, as Linux.
 * TcpFsmSocket::GetLastLinuxErrno() is the errno of the last failed call: Connect() on a
 * connecting socket is EALREADY, on a connected one EISCONN; Send() after the connection
 * ended returns the pending error once, then EPIPE; Send() on a never-connected socket is
 * EPIPE (Linux), and Recv() on one ENOTCONN; Recv(kMsgOob) is EINVAL without urgent data (or
 * with OobInline) and EAGAIN before the urgent byte arrives. Connect() returning 0 means "in
 * progress" (a non-blocking caller reports EINPROGRESS).
 */
#ifndef TCP_FSM_LINUX_ERRNO_H
#define TCP_FSM_LINUX_ERRNO_H

#include "ns3/socket.h"

#include <string>

namespace ns3
{

/// \ingroup tcp-fsm
/// Linux errno values used by the model (asm-generic/errno-base.h, asm-generic/errno.h).
namespace TcpFsmLinuxErrno
{
constexpr int kNone = 0;
constexpr int kEperm = 1;
constexpr int kEnoent = 2;
constexpr int kEintr = 4;
constexpr int kEbadf = 9;
constexpr int kEagain = 11; ///< also EWOULDBLOCK
constexpr int kEnomem = 12;
constexpr int kEfault = 14;
constexpr int kEnodev = 19;
constexpr int kEinval = 22;
constexpr int kEpipe = 32;
constexpr int kEnoprotoopt = 92;
constexpr int kEopnotsupp = 95;
constexpr int kEafnosupport = 97;
constexpr int kEmsgsize = 90;
constexpr int kEaddrinuse = 98;
constexpr int kEaddrnotavail = 99;
constexpr int kEnetunreach = 101;
constexpr int kEconnaborted = 103;
constexpr int kEconnreset = 104;
constexpr int kEisconn = 106;
constexpr int kEnotconn = 107;
constexpr int kEtimedout = 110;
constexpr int kEconnrefused = 111;
constexpr int kEhostunreach = 113;
constexpr int kEalready = 114;
constexpr int kEinprogress = 115;

/// "ECONNREFUSED" for 111 ; "E<n>" when unknown.
std::string Name(int linuxErrno);
/// The value of a name ("ECONNRESET", "EWOULDBLOCK" = EAGAIN); false when the model does not
/// know it.
bool FromName(const std::string& name, int& out);
/// Linux's strerror() text ("Connection refused"), as packetdrill prints it; "" when unknown.
const char* Text(int linuxErrno);
/**
 * The Linux errno for an ns-3 SocketErrno:
 * ERROR_NOTERROR 0, ERROR_ISCONN EISCONN, ERROR_NOTCONN ENOTCONN, ERROR_MSGSIZE EMSGSIZE,
 * ERROR_AGAIN EAGAIN, ERROR_SHUTDOWN EPIPE, ERROR_OPNOTSUPP EOPNOTSUPP, ERROR_AFNOSUPPORT
 * EAFNOSUPPORT, ERROR_INVAL EINVAL, ERROR_BADF EBADF, ERROR_NOROUTETOHOST EHOSTUNREACH,
 * ERROR_NODEV ENODEV, ERROR_ADDRNOTAVAIL EADDRNOTAVAIL, ERROR_ADDRINUSE EADDRINUSE.
 */
int FromSocketErrno(Socket::SocketErrno e);
} // namespace TcpFsmLinuxErrno

} // namespace ns3

#endif /* TCP_FSM_LINUX_ERRNO_H */
