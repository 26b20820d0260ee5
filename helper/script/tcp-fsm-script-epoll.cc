/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Scripted peers, part 2f: readiness and the error queue. epoll_create/epoll_ctl/epoll_wait
 * over the sockets' readiness as Linux's tcp_poll() computes it (readable, writable, error,
 * hang-up), with edge-triggered and one-shot items woken by what the socket reported
 * (data, room after a full buffer, a state change, an error-queue message); and
 * recvmsg(MSG_ERRQUEUE), which reads the model's error queue (TcpFsmSocket::RecvErrorQueue)
 * and compares the control message the script expects.
 */
#include "ns3/tcp-fsm-script-engine.h"
#include "ns3/tcp-fsm-socket.h"
#include "ns3/uinteger.h"

namespace ns3
{

namespace
{

int64_t
Sym(const char* name)
{
    int64_t v = 0;
    TcpFsmScriptSymbolValue(name, v);
    return v;
}

/// A value of the script, with run_all.py's IPv4 -D names for the error-queue message.
bool
Value(const TcpFsmScriptExpr* e, int64_t& out)
{
    if (!e)
    {
        return false;
    }
    if (e->kind == TcpFsmScriptExpr::Kind::WORD && e->text == "CMSG_LEVEL_IP")
    {
        out = Sym("SOL_IP");
        return true;
    }
    if (e->kind == TcpFsmScriptExpr::Kind::WORD && e->text == "CMSG_TYPE_RECVERR")
    {
        out = Sym("IP_RECVERR");
        return true;
    }
    return e->Evaluate(out);
}

} // namespace

uint32_t
TcpFsmScriptEngine::PollMask(Ptr<Socket> s) const
{
    uint32_t mask = 0;
    const TcpFsmState st = m_stack->StateOf(s);
    Ptr<TcpFsmSocket> fsm = DynamicCast<TcpFsmSocket>(s);
    if (st == TcpSocket::LISTEN)
    {
        // A listener is readable with a connection to accept: ns-3 hands connections to the
        // application, and this queue is the script's (accept() reads it).
        auto q = m_acceptQueues.find(PeekPointer(s));
        mask = q != m_acceptQueues.end() && !q->second.empty() ? Sym("EPOLLIN") | Sym("EPOLLRDNORM")
                                                               : 0;
        return mask | (fsm ? fsm->GetPollEvents() : 0);
    }
    if (fsm)
    {
        return fsm->GetPollEvents(); // the model's readiness (Linux tcp_poll())
    }
    // ns-3's TcpSocketBase has no readiness query: Linux tcp_poll() in its terms.
    const bool finIn = st == TcpSocket::CLOSE_WAIT || st == TcpSocket::LAST_ACK
                       || st == TcpSocket::CLOSING || st == TcpSocket::TIME_WAIT;
    if (st == TcpSocket::CLOSED)
    {
        mask |= Sym("EPOLLHUP");
    }
    if (finIn || st == TcpSocket::CLOSED)
    {
        mask |= Sym("EPOLLIN") | Sym("EPOLLRDNORM") | Sym("EPOLLRDHUP");
    }
    if (st != TcpSocket::SYN_SENT && st != TcpSocket::SYN_RCVD && st != TcpSocket::CLOSED)
    {
        if (s->GetRxAvailable() > 0)
        {
            mask |= Sym("EPOLLIN") | Sym("EPOLLRDNORM");
        }
        // sk_stream_is_writeable(): the free space is at least half the queued bytes.
        UintegerValue sndBuf;
        s->GetAttribute("SndBufSize", sndBuf);
        const uint64_t avail = s->GetTxAvailable();
        const uint64_t queued = sndBuf.Get() > avail ? sndBuf.Get() - avail : 0;
        if (avail > 0 && avail >= queued / 2)
        {
            mask |= Sym("EPOLLOUT") | Sym("EPOLLWRNORM");
        }
    }
    if (fsm && (fsm->GetErrorQueueSize() > 0 || fsm->GetSocketError(false) != 0))
    {
        mask |= Sym("EPOLLERR");
    }
    return mask;
}

bool
TcpFsmScriptEngine::EpollCall(const TcpFsmScriptCall& call,
                              Returned& r,
                              std::string& got,
                              std::string& skip)
{
    const auto& a = call.args;
    if (call.name == "epoll_create")
    {
        int32_t fd = 3;
        while (m_fds.count(fd) || m_epolls.count(fd))
        {
            ++fd;
        }
        if (!call.resultAny && call.result >= 3 && !m_fds.count(call.result)
            && !m_epolls.count(call.result))
        {
            fd = static_cast<int32_t>(call.result);
        }
        m_epolls[fd];
        r.value = fd;
        return true;
    }
    int64_t epfd = -1;
    if (a.empty() || !a[0].Evaluate(epfd) || !m_epolls.count(epfd))
    {
        r = {-1, "EBADF"};
        return true;
    }
    Epoll& ep = m_epolls[epfd];
    const uint32_t always = Sym("EPOLLERR") | Sym("EPOLLHUP");
    const uint32_t modes = Sym("EPOLLET") | Sym("EPOLLONESHOT") | Sym("EPOLLEXCLUSIVE");
    if (call.name == "epoll_ctl")
    {
        int64_t op = 0;
        int64_t fd = -1;
        int64_t events = 0;
        if (a.size() < 4 || !a[1].Evaluate(op) || !a[2].Evaluate(fd)
            || (a[3].Field("events") && !a[3].Field("events")->Evaluate(events)))
        {
            skip = "epoll_ctl() with arguments " + call.name;
            return true;
        }
        auto f = m_fds.find(static_cast<int32_t>(fd));
        if (f == m_fds.end())
        {
            r = {-1, "EBADF"};
            return true;
        }
        Ptr<Socket> s = f->second.socket;
        if (op == Sym("EPOLL_CTL_DEL"))
        {
            r = ep.erase(fd) ? Returned{0, ""} : Returned{-1, "ENOENT"};
            return true;
        }
        const bool add = op == Sym("EPOLL_CTL_ADD");
        if (add == (ep.count(fd) > 0))
        {
            r = {-1, add ? "EEXIST" : "ENOENT"};
            return true;
        }
        // ep_insert()/ep_modify(): EPOLLERR and EPOLLHUP always count; the item goes on the
        // ready list when the socket is ready now.
        EpollItem& item = ep[fd];
        item.events = static_cast<uint32_t>(events) | always;
        item.fired = false;
        item.seen = m_wakeups[PeekPointer(s)];
        Ptr<TcpFsmSocket> fsm = DynamicCast<TcpFsmSocket>(s);
        item.seenErr = fsm ? fsm->GetErrorQueueWakeups() : 0;
        item.ready = (PollMask(s) & item.events & ~modes) != 0;
        return true;
    }
    if (call.name != "epoll_wait")
    {
        skip = "the syscall " + call.name + "()";
        return true;
    }
    int64_t maxEvents = 0;
    int64_t timeout = 0;
    if (a.size() < 4 || !a[2].Evaluate(maxEvents) || !a[3].Evaluate(timeout) || maxEvents <= 0)
    {
        r = {-1, "EINVAL"};
        return true;
    }
    int64_t reported = 0;
    for (auto& [fd, item] : ep)
    {
        auto f = m_fds.find(fd);
        if (f == m_fds.end())
        {
            continue;
        }
        Ptr<Socket> s = f->second.socket;
        Ptr<TcpFsmSocket> fsm = DynamicCast<TcpFsmSocket>(s);
        const Wakeups& now = m_wakeups[PeekPointer(s)];
        const uint64_t errNow = fsm ? fsm->GetErrorQueueWakeups() : 0;
        // ep_poll_callback(): a wake-up whose events the item asks for (or that names none)
        // puts it on the ready list; a disarmed one-shot item takes none.
        if (!item.fired)
        {
            item.ready |= now.state != item.seen.state || errNow != item.seenErr
                          || (now.in != item.seen.in && (item.events & Sym("EPOLLIN")))
                          || (now.out != item.seen.out && (item.events & Sym("EPOLLOUT")));
        }
        item.seen = now;
        item.seenErr = errNow;
        if (!item.ready || reported >= maxEvents)
        {
            continue;
        }
        const uint32_t mask = PollMask(s) & item.events & ~modes;
        item.ready = false;
        if (mask == 0)
        {
            continue;
        }
        ++reported;
        if (item.events & Sym("EPOLLONESHOT"))
        {
            item.fired = true;
        }
        else if (!(item.events & Sym("EPOLLET")))
        {
            item.ready = true; // level-triggered: it stays ready
        }
        int64_t want = 0;
        const TcpFsmScriptExpr* e = a[1].Field("events");
        if (e && e->Evaluate(want) && static_cast<uint32_t>(want) != mask)
        {
            got = "events " + std::to_string(mask) + " (expected " + e->ToString() + ")";
        }
    }
    if (reported == 0 && timeout != 0)
    {
        skip = "epoll_wait() with a timeout";
        return true;
    }
    r.value = reported;
    return true;
}

bool
TcpFsmScriptEngine::ErrorQueueRecv(
    const TcpFsmScriptCall& call, Ptr<Socket> s, Returned& r, std::string& got, std::string& skip)
{
    Ptr<TcpFsmSocket> fsm = DynamicCast<TcpFsmSocket>(s);
    if (!fsm || call.kind != TcpFsmScriptCallKind::RECVMSG)
    {
        skip = "the error queue (MSG_ERRQUEUE)";
        return true;
    }
    TcpFsmErrorQueueEntry e;
    if (!fsm->RecvErrorQueue(e))
    {
        r = {-1, "EAGAIN"};
        return true;
    }
    r.value = 0; // the message is in the control data; no bytes
    const TcpFsmScriptExpr* control = call.args[1].Field("msg_control");
    if (!control || control->kind != TcpFsmScriptExpr::Kind::LIST)
    {
        return true;
    }
    const std::string actual
        = "{ee_errno=" + std::to_string(e.eeErrno) + ", ee_origin=" + std::to_string(e.origin)
          + ", ee_type=" + std::to_string(e.type) + ", ee_code=" + std::to_string(e.code)
          + ", ee_info=" + std::to_string(e.info) + ", ee_data=" + std::to_string(e.data) + "}";
    // A timestamp comes with its time first (SOL_SOCKET/SCM_TIMESTAMPING, software time in
    // scm_sec/scm_nsec), then the error (IP_RECVERR).
    const std::size_t messages = e.hasTime ? 2 : 1;
    const std::string when = "{scm_sec=" + std::to_string(e.timeNs / 1000000000)
                             + ", scm_nsec=" + std::to_string(e.timeNs % 1000000000) + "}";
    if (control->items.size() != messages)
    {
        got = (e.hasTime ? "two control messages " + when + " " : "one control message ") + actual;
        return true;
    }
    if (e.hasTime)
    {
        const TcpFsmScriptExpr& t = control->items[0];
        int64_t level = 0;
        int64_t type = 0;
        if (!Value(t.Field("cmsg_level"), level) || level != Sym("SOL_SOCKET")
            || !Value(t.Field("cmsg_type"), type) || type != Sym("SCM_TIMESTAMPING"))
        {
            got = "a control message SOL_SOCKET/SCM_TIMESTAMPING " + when + ", then " + actual;
            return true;
        }
        const TcpFsmScriptExpr* data = t.Field("cmsg_data");
        const std::pair<const char*, int64_t> times[] = {
            {"scm_sec", e.timeNs / 1000000000},
            {"scm_nsec", e.timeNs % 1000000000},
        };
        for (const auto& [name, value] : times)
        {
            int64_t want = 0;
            const TcpFsmScriptExpr* f = data ? data->Field(name) : nullptr;
            // packetdrill allows its tolerance around a timestamp, as around any event.
            if (f && f->kind != TcpFsmScriptExpr::Kind::ELLIPSIS && Value(f, want)
                && std::llabs(want - value)
                       > (std::string(name) == "scm_nsec" ? m_script.toleranceNs : 0))
            {
                got = "the timestamp " + when + " of " + actual;
                return true;
            }
        }
    }
    const TcpFsmScriptExpr& m = control->items[messages - 1];
    int64_t level = 0;
    int64_t type = 0;
    if (!Value(m.Field("cmsg_level"), level) || level != Sym("SOL_IP")
        || !Value(m.Field("cmsg_type"), type) || type != Sym("IP_RECVERR"))
    {
        got = "a control message SOL_IP/IP_RECVERR " + actual;
        return true;
    }
    const TcpFsmScriptExpr* data = m.Field("cmsg_data");
    const std::pair<const char*, int64_t> fields[] = {{"ee_errno", e.eeErrno},
                                                      {"ee_origin", e.origin},
                                                      {"ee_type", e.type},
                                                      {"ee_code", e.code},
                                                      {"ee_info", e.info},
                                                      {"ee_data", e.data}};
    for (const auto& [name, value] : fields)
    {
        int64_t want = 0;
        const TcpFsmScriptExpr* f = data ? data->Field(name) : nullptr;
        if (f && f->kind != TcpFsmScriptExpr::Kind::ELLIPSIS && Value(f, want) && want != value)
        {
            got = "the error-queue message " + actual;
            return true;
        }
    }
    return true;
}

} // namespace ns3
