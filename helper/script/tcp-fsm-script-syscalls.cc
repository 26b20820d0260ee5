/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Scripted peers, part 2b: the syscall layer. File descriptors over ns-3 sockets,
 * as a Linux process sees them: blocking unless O_NONBLOCK (the project's own
 * scripts: non-blocking, as they were written), a blocking call waits in simulated
 * time for the event that completes it (a connection to accept, the handshake,
 * data, room in the send buffer), socket options set the model's attributes by
 * name. What the model does not have is a skip naming it, never an answer made up
 * here: segments, errors and data all come from the socket.
 */
#include "ns3/inet-socket-address.h"
#include "ns3/simulator.h"
#include "ns3/string.h"
#include "ns3/tcp-fsm-linux-errno.h"
#include "ns3/tcp-fsm-script-engine.h"
#include "ns3/tcp-fsm-script-python.h"
#include "ns3/tcp-fsm-socket.h"
#include "ns3/tcp-socket-factory.h"
#include "ns3/uinteger.h"

#include <algorithm>

namespace ns3
{

namespace
{

using Call = TcpFsmScriptCallKind;

int64_t
Symbol(const char* name)
{
    int64_t v = 0;
    TcpFsmScriptSymbolValue(name, v);
    return v;
}

/// The send/recv flags the syscall layer handles; else the feature a flag needs.
std::string
LackingFlags(const TcpFsmScriptCall& call, bool sending, bool model)
{
    struct Flag
    {
        const char* name;
        const char* feature;
    };

    static const Flag kFlags[] = {
        {"MSG_FASTOPEN", "TCP Fast Open (RFC 7413, MSG_FASTOPEN)"},
        {"MSG_ZEROCOPY", "zerocopy (MSG_ZEROCOPY)"},
        {"MSG_OOB", "urgent data (MSG_OOB, RFC 9293 3.8.5)"},
        {"MSG_MORE", "MSG_MORE (corking one call)"},
        {"MSG_EOR", "MSG_EOR (record boundaries)"},
        {"MSG_PEEK", "MSG_PEEK"},
        {"MSG_WAITALL", "MSG_WAITALL"},
        {"MSG_TRUNC", "MSG_TRUNC"},
        {"MSG_ERRQUEUE", "the error queue (MSG_ERRQUEUE)"},
    };
    int64_t rest = call.flags & ~(Symbol("MSG_DONTWAIT") | Symbol("MSG_NOSIGNAL"));
    if (model)
    {
        // TcpFsmSocket takes these, with Linux's values (kMsgOob, kMsgMore, kMsgPeek,
        // TcpFsmFastOpen::MSG_FASTOPEN).
        rest &= ~(sending ? (Symbol("MSG_OOB") | Symbol("MSG_MORE") | Symbol("MSG_FASTOPEN")
                             | Symbol("MSG_ZEROCOPY") | Symbol("MSG_EOR"))
                          : (Symbol("MSG_OOB") | Symbol("MSG_PEEK") | Symbol("MSG_ERRQUEUE")));
        if (!sending && call.name == "splice")
        {
            rest &= ~static_cast<int64_t>(TcpFsmSocket::kReadSock); // splice()'s own read
        }
    }
    for (const auto& f : kFlags)
    {
        const int64_t bit = Symbol(f.name);
        if (rest & bit)
        {
            return f.feature;
        }
    }
    if (rest != 0)
    {
        return std::string(sending ? "send" : "recv") + " flags " + call.flagsText;
    }
    return "";
}

/// A recvmsg msg_control of one TCP_CM_INQ message: its cmsg_data.
bool
InqMessage(const TcpFsmScriptExpr& control, int64_t& value)
{
    if (control.kind != TcpFsmScriptExpr::Kind::LIST || control.items.size() != 1)
    {
        return false;
    }
    const TcpFsmScriptExpr& m = control.items[0];
    const TcpFsmScriptExpr* level = m.Field("cmsg_level");
    const TcpFsmScriptExpr* type = m.Field("cmsg_type");
    const TcpFsmScriptExpr* data = m.Field("cmsg_data");
    int64_t l = 0;
    int64_t t = 0;
    return level && type && data && level->Evaluate(l) && l == Symbol("SOL_TCP")
           && type->Evaluate(t) && t == Symbol("TCP_CM_INQ") && data->Evaluate(value);
}

} // namespace

TcpFsmScriptReturned
TcpFsmScriptEngine::Errno(Ptr<Socket> s, const char* otherwise)
{
    Returned r;
    r.value = -1;
    if (Ptr<TcpFsmSocket> fsm = DynamicCast<TcpFsmSocket>(s))
    {
        // The model's errno in Linux's terms (ECONNRESET, EPIPE, ETIMEDOUT, ...).
        const int e = fsm->GetLastLinuxErrno();
        r.error = e != 0 ? TcpFsmLinuxErrno::Name(e) : otherwise;
        return r;
    }
    r.error = TcpFsmScriptErrnoName(s->GetErrno());
    if (r.error == "0")
    {
        r.error = otherwise;
    }
    return r;
}

TcpFsmScriptReturned
TcpFsmScriptEngine::Rc(Ptr<Socket> s, int rc)
{
    return rc >= 0 ? Returned{rc, ""} : Errno(s);
}

bool
TcpFsmScriptEngine::AcceptRequest(TcpFsmScriptEngine*, Ptr<Socket>, const Address&)
{
    return true;
}

void
TcpFsmScriptEngine::NewConnection(TcpFsmScriptEngine* self,
                                  Socket* listener,
                                  Ptr<Socket> child,
                                  const Address&)
{
    self->m_stack->Adopt(child);
    self->m_acceptQueues[listener].push_back(child);
    ++self->m_wakeups[listener].in; // Linux: the listener's sk_data_ready
    self->Wake();
}

void
TcpFsmScriptEngine::Connected(const Ptr<Socket>& s)
{
    m_stack->SetConn(s);
    m_remotePort = TcpFsmScriptAddresses::kListenPort;
    Address local;
    if (s->GetSockName(local) == 0 && InetSocketAddress::IsMatchingType(local))
    {
        m_localPort = InetSocketAddress::ConvertFrom(local).GetPort();
    }
}

int32_t
TcpFsmScriptEngine::NewFd(const TcpFsmScriptCall& call) const
{
    // As packetdrill: the script names its descriptors (the live process may hold others),
    // so socket() = 4 makes descriptor 4 when it is free.
    if (!call.resultAny && call.result >= 0 && call.result <= INT32_MAX
        && !m_fds.count(static_cast<int32_t>(call.result))
        && !m_epolls.count(static_cast<int32_t>(call.result))
        && !m_openFiles.count(static_cast<int32_t>(call.result)))
    {
        return static_cast<int32_t>(call.result);
    }
    int32_t fd = 3; // else the lowest free descriptor from 3, as POSIX allocates them
    while (m_fds.count(fd) || m_epolls.count(fd) || m_openFiles.count(fd))
    {
        ++fd;
    }
    return fd;
}

void
TcpFsmScriptEngine::Watch(Ptr<Socket> s)
{
    // Any news from the socket may complete a blocked call.
    // The counts are the wake-ups edge-triggered epoll items take (tcp-fsm-script-epoll.cc).
    auto wake = [this](Ptr<Socket> s)
    {
        ++m_wakeups[PeekPointer(s)].state;
        Wake();
    };
    s->SetRecvCallback(Callback<void, Ptr<Socket>>(
        [this](Ptr<Socket> s)
        {
            ++m_wakeups[PeekPointer(s)].in;
            Wake();
        }));
    s->SetSendCallback(Callback<void, Ptr<Socket>, uint32_t>(
        [this](Ptr<Socket> s, uint32_t)
        {
            // Linux sk_stream_write_space(): only a writer that found no room is woken.
            Wakeups& w = m_wakeups[PeekPointer(s)];
            if (w.noSpace && (PollMask(s) & Symbol("EPOLLOUT")))
            {
                w.noSpace = false;
                ++w.out;
            }
            Wake();
        }));
    if (m_options.stack == TcpFsmScriptStack::FSM)
    {
        // (ns-3's adapter keeps these for SO_ERROR; there, segments and data wake instead.)
        s->SetConnectCallback(Callback<void, Ptr<Socket>>(wake), Callback<void, Ptr<Socket>>(wake));
        s->SetCloseCallbacks(Callback<void, Ptr<Socket>>(wake), Callback<void, Ptr<Socket>>(wake));
    }
}

void
TcpFsmScriptEngine::Wake()
{
    if (m_pending.empty() || m_wakePending)
    {
        return;
    }
    m_wakePending = true;
    Simulator::ScheduleNow(&TcpFsmScriptEngine::RetryPending, this);
}

void
TcpFsmScriptEngine::RetryPending()
{
    m_wakePending = false;
    for (std::size_t k = 0; k < m_pending.size() && !m_failed;)
    {
        const Pending p = m_pending[k];
        const Line& line = m_script.lines[p.line];
        Returned r;
        std::string got;
        std::string skip;
        if (!TryCall(line, r, got, skip, true))
        {
            ++k;
            continue;
        }
        m_pending.erase(m_pending.begin() + static_cast<std::ptrdiff_t>(k));
        if (!skip.empty())
        {
            Skip(line, skip);
            return;
        }
        Finish(line, r, got, line.timeNs);
        if (p.stalls)
        {
            LineDone(p.line);
        }
        else if (m_finished && m_pending.empty() && !m_failed)
        {
            Simulator::Stop();
        }
    }
}

void
TcpFsmScriptEngine::Syscall(const Line& line)
{
    const std::size_t index = m_current;
    Returned r;
    std::string got;
    std::string skip;
    const bool done = TryCall(line, r, got, skip, false);
    if (!skip.empty())
    {
        Skip(line, skip);
        return;
    }
    if (done)
    {
        Finish(line, r, got, Now());
        LineDone(index);
        return;
    }
    const bool stalls = line.blockingEndNs < 0;
    m_pending.push_back({index, stalls});
    if (!stalls)
    {
        // A call A...B blocks until B: the script goes on meanwhile; past B it has failed.
        const int64_t by = line.blockingEndNs + m_script.toleranceNs + 1;
        Simulator::Schedule(NanoSeconds(std::max<int64_t>(0, by - Now())),
                            [this, index]()
                            {
                                for (const auto& p : m_pending)
                                {
                                    if (p.line == index)
                                    {
                                        const Line& l = m_script.lines[index];
                                        Fail(l,
                                             Expected(l) + " returning by " + At(l.blockingEndNs)
                                                 + ", but it still blocks at " + At(Now()));
                                    }
                                }
                            });
        LineDone(index);
    }
}

void
TcpFsmScriptEngine::Finish(const Line& line,
                           const Returned& r,
                           const std::string& mismatch,
                           int64_t)
{
    const TcpFsmScriptCall& call = line.call;
    std::string got = mismatch;
    if (got.empty() && !call.resultAny
        && (r.value != call.result || (!call.resultErrno.empty() && r.error != call.resultErrno)))
    {
        got = std::to_string(r.value) + (r.error.empty() ? "" : " " + r.error);
    }
    if (got.empty() && line.blockingEndNs >= 0
        && std::abs(Now() - line.blockingEndNs) > m_script.toleranceNs)
    {
        got = "a return at " + At(Now()) + " (expected at " + At(line.blockingEndNs) + ")";
    }
    if (!got.empty())
    {
        Fail(line, Expected(line) + ", got " + got);
    }
}

bool
TcpFsmScriptEngine::TryCall(
    const Line& line, Returned& r, std::string& got, std::string& skip, bool retry)
{
    const TcpFsmScriptCall& call = line.call;
    switch (call.kind)
    {
    case Call::SOCKET:
    {
        int64_t type = 0;
        if (call.args[1].Evaluate(type) && type != Symbol("SOCK_STREAM"))
        {
            skip = "a socket of type " + call.args[1].ToString() + " (the model is TCP)";
            return true;
        }
        if (call.args[0].kind == TcpFsmScriptExpr::Kind::WORD && call.args[0].text == "AF_INET6")
        {
            skip = "IPv6 in the script runner (AF_INET6)";
            return true;
        }
        Ptr<Socket> s = Socket::CreateSocket(m_node, TcpSocketFactory::GetTypeId());
        m_stack->Adopt(s);
        const int32_t fd = NewFd(call);
        m_fds[fd].socket = s;
        m_fds[fd].nonBlocking = m_script.ownDialect; // the project's scripts never block
        Watch(s);
        m_underTest = s;
        ForgetTsVals();
        r.value = fd;
        return true;
    }
    case Call::POLL:
        return PollCall(line, r, got, skip);
    case Call::OTHER:
        if (call.name.compare(0, 6, "epoll_") == 0)
        {
            return EpollCall(call, r, got, skip);
        }
        if (call.name == "open" || call.name == "sendfile" || call.name == "pipe"
            || call.name == "splice")
        {
            return FileCall(line, r, got, skip, retry);
        }
        skip = "the syscall " + call.name + "()";
        return true;
    default:
        break;
    }
    if (call.kind == Call::CLOSE && (m_epolls.erase(call.fd) > 0 || m_openFiles.erase(call.fd) > 0))
    {
        r.value = 0;
        return true;
    }
    auto it = m_fds.find(call.fd);
    if (it == m_fds.end())
    {
        r = {-1, "EBADF"};
        return true;
    }
    Descriptor& d = it->second;
    Ptr<Socket> s = d.socket;
    const bool nonBlocking = d.nonBlocking || (call.flags & Symbol("MSG_DONTWAIT"));
    const uint32_t modelFlags = static_cast<uint32_t>(
        call.flags
        & (Symbol("MSG_OOB") | Symbol("MSG_MORE") | Symbol("MSG_PEEK") | Symbol("MSG_ZEROCOPY")
           | Symbol("MSG_EOR") | static_cast<int64_t>(TcpFsmSocket::kReadSock)));
    const Address peer
        = InetSocketAddress(TcpFsmScriptAddresses::Remote(), TcpFsmScriptAddresses::kListenPort);
    switch (call.kind)
    {
    case Call::SOCKET:
    case Call::POLL:
    case Call::OTHER:
        break;
    case Call::BIND:
        r = Rc(
            s,
            s->Bind(InetSocketAddress(Ipv4Address::GetAny(), TcpFsmScriptAddresses::kListenPort)));
        if (r.value == 0)
        {
            m_localPort = TcpFsmScriptAddresses::kListenPort;
        }
        break;
    case Call::LISTEN:
        m_stack->SetBacklog(s, call.count);
        s->SetAcceptCallback(
            MakeBoundCallback(&TcpFsmScriptEngine::AcceptRequest, this),
            MakeBoundCallback(&TcpFsmScriptEngine::NewConnection, this, PeekPointer(s)));
        r = Rc(s, s->Listen());
        break;
    case Call::ACCEPT:
    {
        auto& queue = m_acceptQueues[PeekPointer(s)];
        if (queue.empty())
        {
            if (!nonBlocking)
            {
                return false;
            }
            r = {-1, "EAGAIN"};
            break;
        }
        if (!call.resultAny && call.result >= 3 && call.result <= INT32_MAX
            && m_fds.count(static_cast<int32_t>(call.result)))
        {
            // As packetdrill: accept() may name a descriptor the script still holds (it never
            // closed it); the older socket stays open under a descriptor the script cannot name.
            int32_t hidden = 1000;
            while (m_fds.count(hidden))
            {
                ++hidden;
            }
            m_fds[hidden] = m_fds[static_cast<int32_t>(call.result)];
            m_fds.erase(static_cast<int32_t>(call.result));
        }
        const int32_t fd = NewFd(call);
        m_fds[fd].socket = queue.front();
        m_fds[fd].nonBlocking = m_script.ownDialect; // Linux: O_NONBLOCK is not inherited
        Watch(queue.front());
        m_underTest = queue.front();
        queue.pop_front();
        r.value = fd;
        break;
    }
    case Call::CONNECT:
        if (retry)
        {
            const TcpFsmState st = m_stack->StateOf(s);
            if (st == TcpSocket::SYN_SENT || st == TcpSocket::SYN_RCVD)
            {
                return false;
            }
            const std::string error = m_stack->SoError(s);
            r = error == "0" ? Returned{0, ""} : Returned{-1, error};
            break;
        }
        r = Rc(s, s->Connect(peer));
        if (r.value == 0)
        {
            Connected(s);
            Ptr<TcpFsmSocket> fsm = DynamicCast<TcpFsmSocket>(s);
            if (fsm && fsm->IsFastOpenDeferred())
            {
                break; // TCP_FASTOPEN_CONNECT with a cookie: 0 at once, the SYN waits for data
            }
            if (!nonBlocking)
            {
                return false; // blocks until the handshake ends
            }
            r = {-1, "EINPROGRESS"}; // non-blocking: the SYN is on its way
        }
        break;
    case Call::WRITE:
    case Call::WRITEV:
    case Call::SEND:
    case Call::SENDTO:
    case Call::SENDMSG:
    {
        skip = LackingFlags(call, true, static_cast<bool>(DynamicCast<TcpFsmSocket>(s)));
        if (!skip.empty())
        {
            return true;
        }
        if (call.nullBuffer && call.count > 0)
        {
            r = {-1, "EFAULT"}; // the kernel cannot copy from NULL
            break;
        }
        bool handled = false;
        const bool done = FastOpenWrite(d, call, r, nonBlocking, handled);
        if (handled)
        {
            return done;
        }
        const bool listening = m_stack->StateOf(s) == TcpSocket::LISTEN;
        // A blocking write that found room for part of its bytes has queued them already.
        const uint32_t already = retry && m_partialWriteLine == line.where.line
                                     ? std::min(m_partialWritten, call.count)
                                     : 0;
        m_partialWriteLine = 0;
        int rc = call.kind == Call::SENDTO && listening
                     ? s->SendTo(Create<Packet>(call.count), modelFlags, peer)
                     : s->Send(Create<Packet>(call.count - already), modelFlags);
        if (rc < 0 && s->GetErrno() == Socket::ERROR_MSGSIZE)
        {
            // Not enough room in the send buffer: Linux writes what fits and, blocking, sleeps
            // until there is room for more (sk_stream_wait_memory); the call returns when all
            // is queued. Bytes with a meaning per send (MSG_EOR, MSG_ZEROCOPY, MSG_OOB) wait
            // to be queued at once.
            const uint32_t room = s->GetTxAvailable();
            if (!nonBlocking)
            {
                const bool plain = modelFlags == 0 && !(call.kind == Call::SENDTO && listening);
                uint32_t queued = already;
                if (plain && room > 0 && s->Send(Create<Packet>(room), 0) > 0)
                {
                    queued += room;
                }
                if (queued > 0)
                {
                    m_partialWriteLine = line.where.line;
                    m_partialWritten = queued;
                }
                return false;
            }
            m_wakeups[PeekPointer(s)].noSpace = true;
            rc = room > 0 ? s->Send(Create<Packet>(room), modelFlags) : -1;
            if (room == 0)
            {
                r = {-1, "EAGAIN"};
                break;
            }
        }
        r = Rc(s, rc);
        if (r.value >= 0)
        {
            r.value += already;
        }
        if (r.value >= 0 && call.kind == Call::SENDTO && listening)
        {
            Connected(s);
        }
        break;
    }
    case Call::READ:
    case Call::READV:
    case Call::RECV:
    case Call::RECVFROM:
    case Call::RECVMSG:
    {
        skip = LackingFlags(call, false, static_cast<bool>(DynamicCast<TcpFsmSocket>(s)));
        if (skip.empty() && (call.flags & Symbol("MSG_ERRQUEUE")))
        {
            return ErrorQueueRecv(call, s, r, got, skip);
        }
        bool wantInq = false; // msg_control=[{SOL_TCP, TCP_CM_INQ, N}]
        int64_t inqExpected = 0;
        if (call.kind == Call::RECVMSG)
        {
            for (std::size_t i = 0; i < call.args[1].names.size(); ++i)
            {
                const auto& item = call.args[1].items[i];
                if (call.args[1].names[i] != "msg_control"
                    || (item.kind == TcpFsmScriptExpr::Kind::LIST && item.items.empty()))
                {
                    continue;
                }
                wantInq = InqMessage(item, inqExpected);
                if (!wantInq)
                {
                    skip = "ancillary data (recvmsg msg_control: timestamps, ...)";
                }
            }
        }
        if (!skip.empty())
        {
            return true;
        }
        if (call.nullBuffer && call.count > 0)
        {
            r = {-1, "EFAULT"};
            break;
        }
        Ptr<Packet> p = s->Recv(call.count, modelFlags);
        if (!p && s->GetErrno() == Socket::ERROR_AGAIN && !nonBlocking)
        {
            return false; // blocks until data, end of stream or an error
        }
        r = p ? Returned{p->GetSize(), ""} : Errno(s, "EAGAIN");
        if (wantInq && p)
        {
            // Linux tcp_inq_hint(): the bytes left to read; 1 when none are left and the
            // peer's FIN has arrived. No control message without TCP_INQ.
            const TcpFsmState st = m_stack->StateOf(s);
            const bool finIn = st == TcpSocket::CLOSE_WAIT || st == TcpSocket::LAST_ACK
                               || st == TcpSocket::CLOSING || st == TcpSocket::TIME_WAIT;
            int64_t inq = s->GetRxAvailable();
            inq = inq == 0 && finIn ? 1 : inq;
            if (!d.inq)
            {
                got = "no TCP_CM_INQ message (TCP_INQ is off)";
            }
            else if (inq != inqExpected)
            {
                got = "TCP_CM_INQ " + std::to_string(inq);
            }
        }
        break;
    }
    case Call::SHUTDOWN:
    {
        int rc = 0;
        if (call.shutWrite && s->ShutdownSend() != 0)
        {
            rc = -1;
        }
        if (call.shutRead && s->ShutdownRecv() != 0)
        {
            rc = -1;
        }
        r = Rc(s, rc);
        break;
    }
    case Call::CLOSE:
        if (d.linger0)
        {
            m_stack->Abort(s); // SO_LINGER {onoff=1, linger=0}: an abortive close
        }
        // Linux (inet_csk_listen_stop): a closing listener resets the children on its accept
        // queue; the model handed them to the application (this queue) already.
        for (const Ptr<Socket>& child : m_acceptQueues[PeekPointer(s)])
        {
            m_stack->Abort(child);
        }
        m_acceptQueues.erase(PeekPointer(s));
        r = Rc(s, s->Close());
        m_fds.erase(it);
        break;
    case Call::SETSOCKOPT:
        skip = SetOption(d, call, r);
        break;
    case Call::GETSOCKOPT:
        skip = GetOption(d, call, got);
        break;
    case Call::FCNTL:
        if (call.flags == Symbol("F_GETFL"))
        {
            r.value = Symbol("O_RDWR") | (d.nonBlocking ? Symbol("O_NONBLOCK") : 0);
        }
        else if (call.flags == Symbol("F_SETFL") && call.hasOptionValue)
        {
            d.nonBlocking = (call.optionValue & Symbol("O_NONBLOCK")) != 0;
        }
        else
        {
            skip = "fcntl(" + call.flagsText + ")";
        }
        break;
    case Call::IOCTL:
        if (call.flags == Symbol("SIOCINQ"))
        {
            const int64_t inq = s->GetRxAvailable();
            if (call.hasOptionValue && call.optionValue != inq)
            {
                got = "SIOCINQ [" + std::to_string(inq) + "]";
            }
        }
        else if (call.flagsText == "SIOCOUTQ" || call.flagsText == "TIOCOUTQ"
                 || call.flagsText == "SIOCOUTQNSD")
        {
            Ptr<TcpFsmSocket> fsm = DynamicCast<TcpFsmSocket>(s);
            if (!fsm)
            {
                skip = "ioctl(" + call.flagsText + ") (ns-3's TCP has no queue sizes)";
                break;
            }
            const int64_t q
                = call.flagsText == "SIOCOUTQNSD" ? fsm->GetTxUnsent() : fsm->GetTxQueued();
            if (call.hasOptionValue && call.optionValue != q)
            {
                got = call.flagsText + " [" + std::to_string(q) + "]";
            }
        }
        else
        {
            skip = "ioctl(" + call.flagsText + ")";
        }
        break;
    }
    return true;
}

} // namespace ns3
