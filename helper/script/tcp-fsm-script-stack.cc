/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Scripted peers, part 3: the two stacks a script runs against.
 *
 * tcp-fsm: TcpFsmHelper installs it; the node's TcpFsmL4Protocol StateTransition
 * trace reports every socket from its birth (listener children included), with
 * the cause. SO_ERROR is the socket's GetSocketError(); SO_LINGER {1, 0} is Abort().
 *
 * ns-3: InternetStackHelper installs TcpL4Protocol and TcpSocketBase. States come
 * from each socket's State trace. A listener's child does not inherit State
 * sinks, but it does inherit Tx sinks: the first segment an unknown socket sends
 * is its SYN+ACK, sent by TcpSocketBase::CompleteFork just after LISTEN ->
 * SYN_RCVD, so that edge is recorded then and the child's State trace followed
 * from there. SO_ERROR is what the application was told (connection failed,
 * error close: ECONNREFUSED / ECONNRESET when it happened while a RST was being
 * delivered, ETIMEDOUT otherwise; normal close: 0).
 */
#include "ns3/tcp-fsm-script-stack.h"

#include "ns3/boolean.h"
#include "ns3/config.h"
#include "ns3/double.h"
#include "ns3/inet-socket-address.h"
#include "ns3/internet-stack-helper.h"
#include "ns3/nstime.h"
#include "ns3/simulator.h"
#include "ns3/string.h"
#include "ns3/tcp-fsm-helper.h"
#include "ns3/tcp-fsm-l4-protocol.h"
#include "ns3/tcp-fsm-linux-errno.h"
#include "ns3/tcp-fsm-socket.h"
#include "ns3/tcp-l4-protocol.h"
#include "ns3/tcp-socket-base.h"
#include "ns3/uinteger.h"

#include <algorithm>
#include <cstdlib>
#include <map>
#include <ostream>

namespace ns3
{

const char*
TcpFsmScriptErrnoName(Socket::SocketErrno e)
{
    switch (e)
    {
    case Socket::ERROR_NOTERROR:
        return "0";
    case Socket::ERROR_ISCONN:
        return "EISCONN";
    case Socket::ERROR_NOTCONN:
        return "ENOTCONN";
    case Socket::ERROR_MSGSIZE:
        return "EMSGSIZE";
    case Socket::ERROR_AGAIN:
        return "EAGAIN";
    case Socket::ERROR_SHUTDOWN:
        return "EPIPE";
    case Socket::ERROR_OPNOTSUPP:
        return "EOPNOTSUPP";
    case Socket::ERROR_AFNOSUPPORT:
        return "EAFNOSUPPORT";
    case Socket::ERROR_INVAL:
        return "EINVAL";
    case Socket::ERROR_BADF:
        return "EBADF";
    case Socket::ERROR_NOROUTETOHOST:
        return "EHOSTUNREACH";
    case Socket::ERROR_NODEV:
        return "ENODEV";
    case Socket::ERROR_ADDRNOTAVAIL:
        return "EADDRNOTAVAIL";
    case Socket::ERROR_ADDRINUSE:
        return "EADDRINUSE";
    case Socket::SOCKET_ERRNO_LAST:
        break;
    }
    return "EIO";
}

void
TcpFsmScriptStackAdapter::Record(const TcpFsmScriptTransition& t)
{
    m_transitions.push_back(t);
    if (m_log)
    {
        *m_log << TcpFsmScriptFormatTime(t.timeNs) << "  socket " << t.socket << "  "
               << TcpFsmStateName(t.from) << " -> " << TcpFsmStateName(t.to);
        if (!t.cause.empty())
        {
            *m_log << "  " << t.cause;
        }
        *m_log << "\n";
    }
}

namespace
{

/// An attribute of the script checked against TcpFsmSocket.
struct CheckedAttribute
{
    std::string declaredBy; ///< the TypeId that declares it (ns3::TcpSocket, ns3::TcpFsmSocket)
    Ptr<AttributeValue> value;
};

/**
 * Is the text a well-formed value of this attribute value type? ns-3's parsers of numbers and
 * times abort the program on malformed text instead of failing, so the text is checked first.
 */
bool
WellFormed(const std::string& type, const std::string& text)
{
    if (text.empty())
    {
        return false;
    }
    const char* begin = text.c_str();
    char* end = nullptr;
    if (type == "ns3::UintegerValue")
    {
        return std::all_of(text.begin(),
                           text.end(),
                           [](char c)
                           {
                               return c >= '0' && c <= '9';
                           });
    }
    if (type == "ns3::IntegerValue")
    {
        std::strtoll(begin, &end, 10);
        return end != begin && *end == '\0';
    }
    if (type == "ns3::DoubleValue")
    {
        std::strtod(begin, &end);
        return end != begin && *end == '\0';
    }
    if (type == "ns3::TimeValue")
    {
        std::strtod(begin, &end);
        if (end == begin)
        {
            return false;
        }
        const std::string unit(end);
        for (const char* u : {"", "s", "ms", "us", "ns", "ps", "fs", "min", "h", "d", "y"})
        {
            if (unit == u)
            {
                return true;
            }
        }
        return false;
    }
    return true; // Boolean, Enum, String, ...: their parsers report errors themselves
}

CheckedAttribute
CheckAttribute(const TcpFsmScriptAttribute& a)
{
    TypeId tid = TcpFsmSocket::GetTypeId();
    TypeId::AttributeInformation info;
    if (!tid.LookupAttributeByName(a.name, &info))
    {
        throw TcpFsmScriptError(a.where,
                                "unknown attribute '" + a.name
                                    + "': ns3::TcpFsmSocket and ns3::TcpSocket have no attribute "
                                      "of that name");
    }
    CheckedAttribute c;
    if (WellFormed(info.checker->GetValueTypeName(), a.value))
    {
        c.value = info.checker->CreateValidValue(StringValue(a.value));
    }
    if (!c.value)
    {
        TcpFsmScriptLocation w = a.where;
        w.column += static_cast<uint32_t>(a.name.size() + 1);
        throw TcpFsmScriptError(w,
                                "bad value '" + a.value + "' for attribute " + a.name + " ("
                                    + info.checker->GetUnderlyingTypeInformation() + ")");
    }
    for (TypeId t = tid;; t = t.GetParent())
    {
        for (std::size_t i = 0; i < t.GetAttributeN(); ++i)
        {
            if (t.GetAttribute(i).name == a.name)
            {
                c.declaredBy = t.GetName();
                return c;
            }
        }
        if (t == t.GetParent())
        {
            break;
        }
    }
    c.declaredBy = tid.GetName();
    return c;
}

} // namespace

void
TcpFsmScriptCheckAttribute(const TcpFsmScriptAttribute& attribute)
{
    CheckAttribute(attribute);
}

namespace
{

// ---- tcp-fsm ------------------------------------------------------------------------------------

class FsmAdapter : public TcpFsmScriptStackAdapter
{
  public:
    std::string ApplyAttributes(const std::vector<TcpFsmScriptAttribute>& attributes) override
    {
        for (const auto& a : attributes)
        {
            CheckedAttribute c = CheckAttribute(a);
            Config::SetDefault(c.declaredBy + "::" + a.name, *c.value);
        }
        return "";
    }

    void Install(Ptr<Node> node) override
    {
        TcpFsmHelper().Install(node);
        m_l4 = TcpFsmHelper::GetL4(node);
        m_l4->TraceConnectWithoutContext("StateTransition",
                                         MakeCallback(&FsmAdapter::OnTransition, this));
    }

    Ptr<IpL4Protocol> GetL4() const override
    {
        return m_l4;
    }

    void Adopt(Ptr<Socket>) override
    {
        // The L4's trace sees every socket of the node.
    }

    TcpFsmState StateOf(Ptr<Socket> socket) const override
    {
        Ptr<TcpFsmSocket> s = DynamicCast<TcpFsmSocket>(socket);
        return s ? Lookup(s->GetSocketId()) : TcpSocket::CLOSED;
    }

    TcpFsmState ConnState() const override
    {
        return m_conn ? Lookup(m_conn) : TcpSocket::CLOSED;
    }

    void SetConn(Ptr<Socket> socket) override
    {
        if (Ptr<TcpFsmSocket> s = DynamicCast<TcpFsmSocket>(socket))
        {
            m_conn = s->GetSocketId();
        }
    }

    std::string AbortSupport() const override
    {
        return "";
    }

    int Abort(Ptr<Socket> socket) override
    {
        Ptr<TcpFsmSocket> s = DynamicCast<TcpFsmSocket>(socket);
        return s ? s->Abort() : -1;
    }

    void SetBacklog(Ptr<Socket> socket, uint32_t backlog) override
    {
        socket->SetAttribute("Backlog",
                             UintegerValue(std::min<uint32_t>(std::max(backlog, 1U), 65535)));
    }

    std::string SoError(Ptr<Socket> socket) const override
    {
        // getsockopt(SO_ERROR): the model's pending error, as Linux's errno (read and cleared).
        Ptr<TcpFsmSocket> s = DynamicCast<TcpFsmSocket>(socket);
        const int e = s ? s->GetSocketError(true) : 0;
        return e == 0 ? "0" : TcpFsmLinuxErrno::Name(e);
    }

    void SetInjecting(const TcpHeader*) override
    {
        // tcp-fsm's records carry their cause.
    }

    void Release() override
    {
        m_l4 = nullptr;
    }

  private:
    TcpFsmState Lookup(uint64_t id) const
    {
        auto it = m_state.find(id);
        return it == m_state.end() ? TcpSocket::CLOSED : it->second;
    }

    void OnTransition(const TcpFsmTransitionRecord& r)
    {
        // A connection with the scripted peer is born when a socket with that peer leaves
        // CLOSED or LISTEN (a listener's child, a connect(), a sendto() on a listener).
        if (InetSocketAddress::IsMatchingType(r.peer)
            && InetSocketAddress::ConvertFrom(r.peer).GetIpv4() == TcpFsmScriptAddresses::Remote()
            && (r.from == TcpSocket::CLOSED || r.from == TcpSocket::LISTEN) && r.socketId != m_conn)
        {
            m_conn = r.socketId;
        }
        m_state[r.socketId] = r.to;
        TcpFsmScriptTransition t;
        t.timeNs = r.time.GetNanoSeconds();
        t.node = r.nodeId;
        t.socket = r.socketId;
        t.local = TcpFsmFormatAddress(r.local);
        t.peer = TcpFsmFormatAddress(r.peer);
        t.from = r.from;
        t.to = r.to;
        t.cause = TcpFsmEventName(r.cause);
        t.hasSegment = r.hasSegment;
        t.flags = r.flags;
        t.seq = r.seq;
        t.ack = r.ack;
        Record(t);
    }

    Ptr<TcpFsmL4Protocol> m_l4;
    std::map<uint64_t, TcpFsmState> m_state;
    uint64_t m_conn{0};
};

// ---- ns-3's TcpSocketBase -----------------------------------------------------------------------

class Ns3Adapter : public TcpFsmScriptStackAdapter
{
  public:
    std::string ApplyAttributes(const std::vector<TcpFsmScriptAttribute>& attributes) override
    {
        std::string lacking;
        for (const auto& a : attributes)
        {
            CheckedAttribute c = CheckAttribute(a); // the script must be valid for tcp-fsm
            if (c.declaredBy == "ns3::TcpSocket")
            {
                Config::SetDefault(c.declaredBy + "::" + a.name, *c.value); // shared by both
                continue;
            }
            if (a.name == "Msl") // ns-3 names it MaxSegLifetime, in seconds
            {
                Ptr<TimeValue> t = DynamicCast<TimeValue>(c.value);
                Config::SetDefault("ns3::TcpSocketBase::MaxSegLifetime",
                                   DoubleValue(t->Get().GetSeconds()));
                continue;
            }
            TypeId::AttributeInformation info;
            Ptr<AttributeValue> v;
            if (TcpSocketBase::GetTypeId().LookupAttributeByName(a.name, &info)
                && WellFormed(info.checker->GetValueTypeName(), a.value))
            {
                v = info.checker->CreateValidValue(StringValue(a.value));
            }
            if (v && Config::SetDefaultFailSafe("ns3::TcpSocketBase::" + a.name, *v))
            {
                continue;
            }
            if (lacking.empty())
            {
                lacking = a.where.FileLine() + ": --attr=" + a.name + "=" + a.value
                          + ": ns-3's TcpSocketBase has no attribute " + a.name
                          + " (the script was not run)";
            }
        }
        return lacking;
    }

    void Install(Ptr<Node> node) override
    {
        InternetStackHelper stack;
        stack.Install(node);
        m_l4 = node->GetObject<TcpL4Protocol>();
    }

    Ptr<IpL4Protocol> GetL4() const override
    {
        return m_l4;
    }

    void Adopt(Ptr<Socket> socket) override
    {
        Socket* key = PeekPointer(socket);
        if (m_state.find(key) == m_state.end())
        {
            Watch(socket, TcpSocket::CLOSED);
            socket->TraceConnectWithoutContext("Tx", MakeCallback(&Ns3Adapter::OnTx, this));
        }
        socket->SetConnectCallback(MakeBoundCallback(&Ns3Adapter::OnConnected, this),
                                   MakeBoundCallback(&Ns3Adapter::OnConnectFailed, this));
        socket->SetCloseCallbacks(MakeBoundCallback(&Ns3Adapter::OnNormalClose, this),
                                  MakeBoundCallback(&Ns3Adapter::OnErrorClose, this));
    }

    TcpFsmState StateOf(Ptr<Socket> socket) const override
    {
        auto it = m_state.find(PeekPointer(socket));
        return it == m_state.end() ? TcpSocket::CLOSED : it->second.state;
    }

    TcpFsmState ConnState() const override
    {
        return m_conn ? StateOf(m_conn) : TcpSocket::CLOSED;
    }

    void SetConn(Ptr<Socket> socket) override
    {
        m_conn = socket;
    }

    std::string AbortSupport() const override
    {
        return "ns-3's TcpSocketBase has no abortive close (no SO_LINGER, no Abort())";
    }

    int Abort(Ptr<Socket>) override
    {
        return -1;
    }

    void SetBacklog(Ptr<Socket>, uint32_t) override
    {
        // ns-3's TcpSocketBase has no listen backlog.
    }

    std::string SoError(Ptr<Socket> socket) const override
    {
        auto it = m_state.find(PeekPointer(socket));
        return it == m_state.end() ? "0" : it->second.error;
    }

    void SetInjecting(const TcpHeader* header) override
    {
        m_injecting = header != nullptr;
        if (header)
        {
            m_header = *header;
        }
    }

    void Release() override
    {
        m_conn = nullptr;
        for (auto& entry : m_state)
        {
            entry.second.socket = nullptr;
        }
        m_l4 = nullptr;
    }

  private:
    struct Watched
    {
        Ptr<Socket> socket;
        uint64_t id{0};
        TcpFsmState state{TcpSocket::CLOSED};
        std::string error{"0"};
    };

    void Watch(Ptr<Socket> socket, TcpFsmState state)
    {
        Watched& w = m_state[PeekPointer(socket)];
        w.socket = socket;
        w.id = ++m_lastId;
        w.state = state;
        socket->TraceConnectWithoutContext(
            "State", MakeBoundCallback(&Ns3Adapter::OnState, this, PeekPointer(socket)));
    }

    void Transition(Socket* s, TcpFsmState from, TcpFsmState to)
    {
        Watched& w = m_state[s];
        if (!w.socket)
        {
            return; // released: the simulation is being destroyed
        }
        w.state = to;
        TcpFsmScriptTransition t;
        t.timeNs = Simulator::Now().GetNanoSeconds();
        t.node = w.socket->GetNode()->GetId();
        t.socket = w.id;
        Address a;
        if (w.socket->GetSockName(a) == 0)
        {
            t.local = TcpFsmFormatAddress(a);
        }
        if (w.socket->GetPeerName(a) == 0)
        {
            t.peer = TcpFsmFormatAddress(a);
        }
        t.from = from;
        t.to = to;
        if (m_injecting)
        {
            t.hasSegment = true;
            t.flags = m_header.GetFlags();
            t.seq = m_header.GetSequenceNumber().GetValue();
            t.ack = m_header.GetAckNumber().GetValue();
        }
        Record(t);
    }

    static void OnState(Ns3Adapter* self,
                        Socket* s,
                        TcpSocket::TcpStates_t from,
                        TcpSocket::TcpStates_t to)
    {
        self->Transition(s, from, to);
    }

    void OnTx(Ptr<const Packet>, const TcpHeader&, Ptr<const TcpSocketBase> sender)
    {
        Socket* s = const_cast<TcpSocketBase*>(PeekPointer(sender));
        if (m_state.find(s) != m_state.end())
        {
            return;
        }
        // A listener's child, sending its SYN+ACK right after LISTEN -> SYN_RCVD.
        Ptr<Socket> child(s);
        Watch(child, TcpSocket::LISTEN);
        Transition(s, TcpSocket::LISTEN, TcpSocket::SYN_RCVD);
        m_conn = child;
    }

    void SetError(Socket* s, const char* error)
    {
        auto it = m_state.find(s);
        if (it != m_state.end())
        {
            it->second.error = error;
        }
    }

    bool InjectingRst() const
    {
        return m_injecting && (m_header.GetFlags() & TcpHeader::RST);
    }

    static void OnConnected(Ns3Adapter* self, Ptr<Socket> s)
    {
        self->SetError(PeekPointer(s), "0");
    }

    static void OnConnectFailed(Ns3Adapter* self, Ptr<Socket> s)
    {
        self->SetError(PeekPointer(s), self->InjectingRst() ? "ECONNREFUSED" : "ETIMEDOUT");
    }

    static void OnNormalClose(Ns3Adapter* self, Ptr<Socket> s)
    {
        self->SetError(PeekPointer(s), "0");
    }

    static void OnErrorClose(Ns3Adapter* self, Ptr<Socket> s)
    {
        self->SetError(PeekPointer(s), self->InjectingRst() ? "ECONNRESET" : "ETIMEDOUT");
    }

    Ptr<TcpL4Protocol> m_l4;
    std::map<Socket*, Watched> m_state;
    uint64_t m_lastId{0};
    Ptr<Socket> m_conn;
    bool m_injecting{false};
    TcpHeader m_header;
};

} // namespace

std::unique_ptr<TcpFsmScriptStackAdapter>
TcpFsmScriptStackAdapter::Create(TcpFsmScriptStack stack)
{
    switch (stack)
    {
    case TcpFsmScriptStack::FSM:
        return std::make_unique<FsmAdapter>();
    case TcpFsmScriptStack::NS3:
        return std::make_unique<Ns3Adapter>();
    }
    return nullptr;
}

} // namespace ns3
