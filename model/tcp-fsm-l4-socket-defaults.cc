/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * TcpFsmL4Protocol, what it hands to the sockets it creates: the socket itself (copied from a
 * prototype made with the current defaults), ns3::TcpL4Protocol's SocketType and RecoveryType,
 * and, with TcpSocketBaseDefaults, ns-3's TCP socket defaults (ns3::TcpSocketBase's Sack,
 * Timestamp, WindowScaling, UseEcn, MinRto, ReTxThreshold, LimitedTransmit) where the
 * tcp-fsm socket's own were not set.
 */
#include "tcp-fsm-l4-protocol.h"
#include "tcp-fsm-profile.h"
#include "tcp-fsm-socket.h"

#include "ns3/abort.h"
#include "ns3/log.h"
#include "ns3/object-factory.h"
#include "ns3/tcp-socket-base.h"

#include <cstring>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("TcpFsmL4SocketDefaults");

namespace
{

/**
 * The attributes that ns-3's TCP socket class and tcp-fsm's share, name for name, with the
 * same value type and meaning: with TcpSocketBaseDefaults, a socket of the L4 takes
 * ns3::TcpSocketBase's value (its current default, as ns-3's TcpL4Protocol's sockets do).
 * ns-3.37's defaults: Sack, Timestamp, WindowScaling true; UseEcn Off; MinRto 1 s;
 * ReTxThreshold 3; LimitedTransmit true (the last four equal tcp-fsm's own).
 */
constexpr const char* kSharedAttributes[] = {
    "Sack",
    "Timestamp",
    "WindowScaling",
    "UseEcn",
    "MinRto",
    "ReTxThreshold",
    "LimitedTransmit",
};

/// The current default values of every attribute of tid and its parents. They are held (not
/// just their addresses), so a replaced value cannot be freed and its address reused.
void
CollectDefaults(TypeId tid, std::vector<Ptr<const AttributeValue>>& out)
{
    for (; tid != Object::GetTypeId(); tid = tid.GetParent())
    {
        for (std::size_t i = 0; i < tid.GetAttributeN(); ++i)
        {
            out.push_back(tid.GetAttribute(i).initialValue);
        }
    }
}

/// Does Profile `profile` give attribute `name` a value of its own?
bool
ProfileSets(TcpFsmProfile profile, const char* name)
{
    if (profile == TcpFsmProfile::RFC)
    {
        return false; // rfc is the attributes' own defaults
    }
    for (const auto& s : TcpFsmProfileSettings())
    {
        if (std::strcmp(s.attribute, name) == 0)
        {
            return true;
        }
    }
    return false;
}

} // namespace

void
TcpFsmL4Protocol::SetTcpSocketBaseDefaults(bool on)
{
    m_socketBaseDefaults = on;
    m_prototype = nullptr; // made again with (or without) them
}

bool
TcpFsmL4Protocol::GetTcpSocketBaseDefaults() const
{
    return m_socketBaseDefaults;
}

void
TcpFsmL4Protocol::ApplyTcpSocketBaseDefaults(TcpFsmSocket& socket) const
{
    const TypeId base = TcpSocketBase::GetTypeId();
    const TypeId own = socket.GetInstanceTypeId();
    for (const char* name : kSharedAttributes)
    {
        TypeId::AttributeInformation mine;
        TypeId::AttributeInformation theirs;
        if (!own.LookupAttributeByName(name, &mine) || !base.LookupAttributeByName(name, &theirs))
        {
            continue;
        }
        // The tcp-fsm socket's own value wins when it was given: Config::SetDefault on
        // ns3::TcpFsmSocket::<name> (its initial value object replaced), or a Profile that
        // sets it (Profile=linux: Sack, Timestamp, WindowScaling, MinRto).
        if (mine.initialValue != mine.originalInitialValue
            || ProfileSets(socket.GetProfile(), name))
        {
            continue;
        }
        NS_ABORT_MSG_UNLESS(
            socket.SetAttributeFailSafe(name, *theirs.initialValue),
            "TcpFsmL4Protocol: ns3::TcpSocketBase::"
                << name << " = " << theirs.initialValue->SerializeToString(theirs.checker)
                << " is not a valid ns3::TcpFsmSocket::" << name
                << " (set ns3::TcpFsmSocket::" << name << " or TcpSocketBaseDefaults=false)");
    }
}

bool
TcpFsmL4Protocol::PrototypeCurrent() const
{
    // Config::SetDefault replaces an attribute's initial value object, and the TypeId then
    // lets go of the one it held: the reference count of a value held here drops below what
    // it was when the prototype was made. Counting references is O(attributes) without
    // copying each TypeId::AttributeInformation (its strings), which cost more than a
    // connection's handshake; any other change of a count (a copy held elsewhere) only
    // remakes the prototype, which is always correct.
    for (std::size_t i = 0; i < m_prototypeDefaults.size(); ++i)
    {
        if (m_prototypeDefaults[i]->GetReferenceCount() != m_prototypeRefs[i])
        {
            return false;
        }
    }
    return !m_prototypeDefaults.empty();
}

Ptr<Socket>
TcpFsmL4Protocol::CreateSocket()
{
    // Constructing a socket through its TypeId sets ~25 attributes by name, which costs more
    // than a connection's whole handshake: sockets are copied from a prototype made with the
    // current defaults (remade whenever a default changes, ns3::TcpSocketBase's included).
    // Subclasses are built directly.
    Ptr<TcpFsmSocket> socket;
    if (m_socketTypeId == TcpFsmSocket::GetTypeId())
    {
        if (!m_prototype || !PrototypeCurrent())
        {
            ObjectFactory factory;
            factory.SetTypeId(m_socketTypeId);
            m_prototype = factory.Create<TcpFsmSocket>();
            m_prototypeDefaults.clear();
            CollectDefaults(m_socketTypeId, m_prototypeDefaults);
            if (m_socketBaseDefaults)
            {
                ApplyTcpSocketBaseDefaults(*m_prototype);
                CollectDefaults(TcpSocketBase::GetTypeId(), m_prototypeDefaults);
            }
            m_prototypeRefs.clear();
            for (const auto& value : m_prototypeDefaults)
            {
                m_prototypeRefs.push_back(value->GetReferenceCount());
            }
        }
        socket = m_prototype->CloneFresh();
    }
    else
    {
        ObjectFactory factory;
        factory.SetTypeId(m_socketTypeId);
        socket = factory.Create<TcpFsmSocket>();
        NS_ABORT_MSG_IF(
            !socket, "TcpFsmL4Protocol: attribute SocketClass must name a TcpFsmSocket subclass");
        if (m_socketBaseDefaults)
        {
            ApplyTcpSocketBaseDefaults(*socket);
        }
    }
    socket->SetNode(m_node);
    socket->SetTcp(this);
    return socket;
}

namespace
{

/// The accessor of the ns3::TcpL4Protocol attribute `name`, looked up once: GetAttribute(name)
/// searches the TypeId's attributes by string for every socket.
Ptr<const AttributeAccessor>
BaseAccessor(const std::string& name)
{
    TypeId::AttributeInformation info;
    const bool found = TcpL4Protocol::GetTypeId().LookupAttributeByName(name, &info);
    NS_ABORT_MSG_UNLESS(found, "ns3::TcpL4Protocol has no attribute " << name);
    return info.accessor;
}

TypeId
ReadTypeId(const ObjectBase* object, const AttributeAccessor& accessor)
{
    TypeIdValue v;
    accessor.Get(object, v);
    return v.Get();
}

} // namespace

TypeId
TcpFsmL4Protocol::GetCongestionTypeId() const
{
    // The base's attribute: ns-3's meaning and default.
    static const Ptr<const AttributeAccessor> accessor = BaseAccessor("SocketType");
    return ReadTypeId(this, *accessor);
}

TypeId
TcpFsmL4Protocol::GetRecoveryTypeId() const
{
    static const Ptr<const AttributeAccessor> accessor = BaseAccessor("RecoveryType");
    return ReadTypeId(this, *accessor);
}

} // namespace ns3
