/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "tcp-fsm-linux-errno.h"

#include <array>
#include <cstring>

namespace ns3
{
namespace TcpFsmLinuxErrno
{

namespace
{

struct ErrnoInfo
{
    int value;
    const char* name;
    const char* text;
};

constexpr std::array<ErrnoInfo, 26> kErrnos = {{
    {kEperm, "EPERM", "Operation not permitted"},
    {kEnoent, "ENOENT", "No such file or directory"},
    {kEintr, "EINTR", "Interrupted system call"},
    {kEbadf, "EBADF", "Bad file descriptor"},
    {kEagain, "EAGAIN", "Resource temporarily unavailable"},
    {kEnomem, "ENOMEM", "Cannot allocate memory"},
    {kEfault, "EFAULT", "Bad address"},
    {kEnodev, "ENODEV", "No such device"},
    {kEinval, "EINVAL", "Invalid argument"},
    {kEpipe, "EPIPE", "Broken pipe"},
    {kEmsgsize, "EMSGSIZE", "Message too long"},
    {kEnoprotoopt, "ENOPROTOOPT", "Protocol not available"},
    {kEopnotsupp, "EOPNOTSUPP", "Operation not supported"},
    {kEafnosupport, "EAFNOSUPPORT", "Address family not supported by protocol"},
    {kEaddrinuse, "EADDRINUSE", "Address already in use"},
    {kEaddrnotavail, "EADDRNOTAVAIL", "Cannot assign requested address"},
    {kEnetunreach, "ENETUNREACH", "Network is unreachable"},
    {kEconnaborted, "ECONNABORTED", "Software caused connection abort"},
    {kEconnreset, "ECONNRESET", "Connection reset by peer"},
    {kEisconn, "EISCONN", "Transport endpoint is already connected"},
    {kEnotconn, "ENOTCONN", "Transport endpoint is not connected"},
    {kEtimedout, "ETIMEDOUT", "Connection timed out"},
    {kEconnrefused, "ECONNREFUSED", "Connection refused"},
    {kEhostunreach, "EHOSTUNREACH", "No route to host"},
    {kEalready, "EALREADY", "Operation already in progress"},
    {kEinprogress, "EINPROGRESS", "Operation now in progress"},
}};

const ErrnoInfo*
Find(int value)
{
    for (const auto& e : kErrnos)
    {
        if (e.value == value)
        {
            return &e;
        }
    }
    return nullptr;
}

} // namespace

std::string
Name(int linuxErrno)
{
    const ErrnoInfo* e = Find(linuxErrno);
    return e ? e->name : "E" + std::to_string(linuxErrno);
}

bool
FromName(const std::string& name, int& out)
{
    if (name == "EWOULDBLOCK")
    {
        out = kEagain;
        return true;
    }
    if (name == "ENOTSUP")
    {
        out = kEopnotsupp;
        return true;
    }
    for (const auto& e : kErrnos)
    {
        if (name == e.name)
        {
            out = e.value;
            return true;
        }
    }
    return false;
}

const char*
Text(int linuxErrno)
{
    const ErrnoInfo* e = Find(linuxErrno);
    return e ? e->text : "";
}

int
FromSocketErrno(Socket::SocketErrno e)
{
    switch (e)
    {
    case Socket::ERROR_NOTERROR:
        return kNone;
    case Socket::ERROR_ISCONN:
        return kEisconn;
    case Socket::ERROR_NOTCONN:
        return kEnotconn;
    case Socket::ERROR_MSGSIZE:
        return kEmsgsize;
    case Socket::ERROR_AGAIN:
        return kEagain;
    case Socket::ERROR_SHUTDOWN:
        return kEpipe;
    case Socket::ERROR_OPNOTSUPP:
        return kEopnotsupp;
    case Socket::ERROR_AFNOSUPPORT:
        return kEafnosupport;
    case Socket::ERROR_INVAL:
        return kEinval;
    case Socket::ERROR_BADF:
        return kEbadf;
    case Socket::ERROR_NOROUTETOHOST:
        return kEhostunreach;
    case Socket::ERROR_NODEV:
        return kEnodev;
    case Socket::ERROR_ADDRNOTAVAIL:
        return kEaddrnotavail;
    case Socket::ERROR_ADDRINUSE:
        return kEaddrinuse;
    case Socket::SOCKET_ERRNO_LAST:
        break;
    }
    return kEinval;
}

} // namespace TcpFsmLinuxErrno
} // namespace ns3
