/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "tcp-fsm-l4-protocol.h"

#include "tcp-fsm-segment-classifier.h"
#include "tcp-fsm-socket-factory.h"
#include "tcp-fsm-socket.h"
#include "tcp-fsm-transition-table.h"

#include "ns3/abort.h"
#include "ns3/boolean.h"
#include "ns3/ipv4-route.h"
#include "ns3/ipv4-routing-protocol.h"
#include "ns3/ipv4.h"
#include "ns3/ipv6-route.h"
#include "ns3/ipv6-routing-protocol.h"
#include "ns3/ipv6.h"
#include "ns3/log.h"
#include "ns3/node.h"
#include "ns3/object-vector.h"
#include "ns3/packet.h"
#include "ns3/simulator.h"
#include "ns3/tcp-header.h"
#include "ns3/tcp-option.h"
#include "ns3/trace-source-accessor.h"
#include "ns3/type-id.h"
#include "ns3/uinteger.h"

#include <algorithm>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("TcpFsmL4Protocol");
NS_OBJECT_ENSURE_REGISTERED(TcpFsmL4Protocol);

namespace
{

/**
 * The checker of TcpFsmL4Protocol's SocketList: ObjectVectorValue's checker in all it does,
 * but not an ObjectPtrContainerChecker by type. ns-3's Config resolver follows every
 * attribute named SocketList along the TypeId chain whose checker is a container checker,
 * and reads each with GetAttribute(name), which finds this class's SocketList first: with a
 * container checker here too, a path through SocketList would be followed twice (every
 * Config::Connect made twice). The base's SocketList entry alone leads the resolver here.
 */
class SocketListChecker : public AttributeChecker
{
  public:
    SocketListChecker()
      : m_vector(MakeObjectVectorChecker<TcpFsmSocket>())
    {}

    bool Check(const AttributeValue& value) const override
    {
        return m_vector->Check(value);
    }

    std::string GetValueTypeName() const override
    {
        return m_vector->GetValueTypeName();
    }

    bool HasUnderlyingTypeInformation() const override
    {
        return m_vector->HasUnderlyingTypeInformation();
    }

    std::string GetUnderlyingTypeInformation() const override
    {
        return m_vector->GetUnderlyingTypeInformation();
    }

    Ptr<AttributeValue> Create() const override
    {
        return m_vector->Create();
    }

    bool Copy(const AttributeValue& source, AttributeValue& destination) const override
    {
        return m_vector->Copy(source, destination);
    }

  private:
    Ptr<const AttributeChecker> m_vector;
};

} // namespace

TypeId
TcpFsmL4Protocol::GetTypeId()
{
    // SocketList is registered while the parent is still IpL4Protocol: ns-3 refuses an
    // attribute whose name a parent already has, and ns3::TcpL4Protocol has a SocketList
    // (of TcpSocketBase objects). Lookups by name start at the object's own TypeId, so this
    // one is found first; then the parent becomes ns3::TcpL4Protocol, which makes
    // GetObject<TcpL4Protocol>() and `$ns3::TcpL4Protocol` in Config paths find this class.
    static TypeId tid
        = TypeId("ns3::TcpFsmL4Protocol")
              .SetParent<IpL4Protocol>()
              .AddAttribute("SocketList",
                            "This node's live tcp-fsm sockets, in creation order (what "
                            "ns3::TcpL4Protocol's SocketList is for ns-3's TCP)",
                            TypeId::ATTR_GET,
                            ObjectVectorValue(),
                            MakeObjectVectorAccessor(&TcpFsmL4Protocol::GetSocketListSize,
                                                     &TcpFsmL4Protocol::GetListedSocket),
                            Create<SocketListChecker>())
              .SetParent<TcpL4Protocol>()
              .SetGroupName("TcpFsm")
              .AddConstructor<TcpFsmL4Protocol>()
              .AddAttribute("SocketClass",
                            "The socket class created for applications (a TcpFsmSocket "
                            "subclass). The congestion control is ns3::TcpL4Protocol's "
                            "SocketType, as for ns-3's TCP.",
                            TypeIdValue(TcpFsmSocket::GetTypeId()),
                            MakeTypeIdAccessor(&TcpFsmL4Protocol::m_socketTypeId),
                            MakeTypeIdChecker())
              .AddAttribute(
                  "TcpSocketBaseDefaults",
                  "New sockets take ns-3's TCP socket defaults, the values of "
                  "ns3::TcpSocketBase's Sack, Timestamp, WindowScaling, UseEcn, MinRto, "
                  "ReTxThreshold and LimitedTransmit (ns-3.37: SACK, timestamps and window "
                  "scaling on), except where the tcp-fsm socket's own were given "
                  "(Config::SetDefault on ns3::TcpFsmSocket, a Profile that sets them); "
                  "false: ns3::TcpFsmSocket's values (Profile rfc: no SACK, no timestamps). "
                  "TcpFsmHelper sets false unless this default was changed",
                  BooleanValue(true),
                  MakeBooleanAccessor(&TcpFsmL4Protocol::SetTcpSocketBaseDefaults,
                                      &TcpFsmL4Protocol::GetTcpSocketBaseDefaults),
                  MakeBooleanChecker())
              .AddAttribute("EphemeralPortFirst",
                            "First port of the ephemeral range",
                            UintegerValue(49152),
                            MakeUintegerAccessor(&TcpFsmL4Protocol::m_ephemeralFirst),
                            MakeUintegerChecker<uint16_t>(1, 65535))
              .AddAttribute("EphemeralPortLast",
                            "Last port of the ephemeral range",
                            UintegerValue(65535),
                            MakeUintegerAccessor(&TcpFsmL4Protocol::m_ephemeralLast),
                            MakeUintegerChecker<uint16_t>(1, 65535))
              .AddAttribute("DropCount",
                            "Segments dropped so far, by any reason (read-only; per reason: "
                            "GetDropCounts() or the Drop trace)",
                            TypeId::ATTR_GET,
                            UintegerValue(0),
                            MakeUintegerAccessor(&TcpFsmL4Protocol::GetDropCount),
                            MakeUintegerChecker<uint64_t>())
              .AddTraceSource("StateTransition",
                              "Every transition of every socket of this node, from its birth",
                              MakeTraceSourceAccessor(&TcpFsmL4Protocol::m_transitionTrace),
                              "ns3::TcpFsmTransitionTracedCallback")
              .AddTraceSource("SegmentTx",
                              "Every segment this node's tcp-fsm sends (TcpFsmSegmentRecord)",
                              MakeTraceSourceAccessor(&TcpFsmL4Protocol::m_segmentTxTrace),
                              "ns3::TcpFsmSegmentTracedCallback")
              .AddTraceSource("SegmentRx",
                              "Every well-formed segment this node's tcp-fsm receives",
                              MakeTraceSourceAccessor(&TcpFsmL4Protocol::m_segmentRxTrace),
                              "ns3::TcpFsmSegmentTracedCallback")
              .AddTraceSource("Drop",
                              "A segment dropped, with the reason",
                              MakeTraceSourceAccessor(&TcpFsmL4Protocol::m_dropTrace),
                              "ns3::TcpFsmL4Protocol::DropTracedCallback");
    return tid;
}

TcpFsmL4Protocol::TcpFsmL4Protocol()
{
    NS_LOG_FUNCTION(this);
    m_timeWait.SetExpiryCallback(MakeCallback(&TcpFsmL4Protocol::TimeWaitExpired, this));
    m_isnRng = CreateObject<UniformRandomVariable>();
}

uint32_t
TcpFsmL4Protocol::NextIsnSecret()
{
    return m_isnRng->GetInteger(0, UINT32_MAX);
}

int64_t
TcpFsmL4Protocol::AssignStreams(int64_t stream)
{
    m_isnRng->SetStream(stream);
    return 1;
}

TcpFsmL4Protocol::~TcpFsmL4Protocol()
{
    NS_LOG_FUNCTION(this);
}

void
TcpFsmL4Protocol::DoDispose()
{
    NS_LOG_FUNCTION(this);
    // Break the reference cycles (socket -> L4 -> socket) before the node goes.
    auto connections = std::move(m_connections);
    m_connections.clear();
    for (auto& entry : connections)
    {
        entry.second->Dispose();
    }
    auto listeners = std::move(m_listeners);
    m_listeners.clear();
    for (auto& entry : listeners)
    {
        for (auto& l : entry.second)
        {
            l.socket->Dispose();
        }
    }
    m_timeWait.Clear();
    m_prototype = nullptr;
    m_node = nullptr;
    m_downTarget.Nullify();
    m_downTarget6.Nullify();
    m_ipv4 = nullptr;
    m_ipv6 = nullptr;
    m_socketList.clear();
    m_socketListHoles = 0;
    TcpL4Protocol::DoDispose();
}

void
TcpFsmL4Protocol::NotifyNewAggregate()
{
    Ptr<Node> node = this->GetObject<Node>();
    Ptr<Ipv4> ipv4 = this->GetObject<Ipv4>();
    Ptr<Ipv6> ipv6 = node ? node->GetObject<Ipv6>() : nullptr;
    if (!m_node && node && (ipv4 || ipv6))
    {
        SetNode(node);
        Ptr<TcpFsmSocketFactory> factory = CreateObject<TcpFsmSocketFactory>();
        factory->SetTcp(this);
        node->AggregateObject(factory);
    }
    if (ipv4 && !m_ipv4)
    {
        m_ipv4 = ipv4;
    }
    if (ipv6 && !m_ipv6)
    {
        m_ipv6 = ipv6;
    }
    if (ipv4 && m_downTarget.IsNull())
    {
        ipv4->Insert(this);
        SetDownTarget(MakeCallback(&Ipv4::Send, ipv4));
    }
    if (ipv6 && m_downTarget6.IsNull())
    {
        ipv6->Insert(this);
        SetDownTarget6(MakeCallback(&Ipv6::Send, ipv6));
    }
    // Not TcpL4Protocol::NotifyNewAggregate(): it would aggregate ns-3's TcpSocketFactoryImpl
    // and insert the base into Ipv4/Ipv6 as protocol 6 (this class is the only one there).
    IpL4Protocol::NotifyNewAggregate();
}

void
TcpFsmL4Protocol::SetNode(Ptr<Node> node)
{
    m_node = node;
}

Ptr<Node>
TcpFsmL4Protocol::GetNode() const
{
    return m_node;
}

void
TcpFsmL4Protocol::ListSocket(TcpFsmSocket* socket)
{
    // Socket ids grow with each SetTcp, so appending keeps the list sorted by id.
    NS_ASSERT(m_socketList.empty() || m_socketList.back().first < socket->GetSocketId());
    m_socketList.emplace_back(socket->GetSocketId(), socket);
}

void
TcpFsmL4Protocol::UnlistSocket(TcpFsmSocket* socket)
{
    auto it = std::lower_bound(m_socketList.begin(),
                               m_socketList.end(),
                               socket->GetSocketId(),
                               [](const std::pair<uint64_t, TcpFsmSocket*>& e, uint64_t id)
                               {
                                   return e.first < id;
                               });
    if (it == m_socketList.end() || it->second != socket)
    {
        return;
    }
    it->second = nullptr;
    if (++m_socketListHoles > 64 && m_socketListHoles * 2 > m_socketList.size())
    {
        CompactSocketList();
    }
}

void
TcpFsmL4Protocol::CompactSocketList() const
{
    if (m_socketListHoles == 0)
    {
        return;
    }
    m_socketList.erase(std::remove_if(m_socketList.begin(),
                                      m_socketList.end(),
                                      [](const std::pair<uint64_t, TcpFsmSocket*>& e)
                                      {
                                          return e.second == nullptr;
                                      }),
                       m_socketList.end());
    m_socketListHoles = 0;
}

std::size_t
TcpFsmL4Protocol::GetSocketListSize() const
{
    CompactSocketList();
    return m_socketList.size();
}

Ptr<TcpFsmSocket>
TcpFsmL4Protocol::GetListedSocket(std::size_t i) const
{
    CompactSocketList();
    return i < m_socketList.size() ? Ptr<TcpFsmSocket>(m_socketList[i].second) : nullptr;
}

int
TcpFsmL4Protocol::GetProtocolNumber() const
{
    return PROT_NUMBER;
}

uint64_t
TcpFsmL4Protocol::NextSocketId()
{
    return m_nextSocketId++;
}

void
TcpFsmL4Protocol::NotifyTransition(const TcpFsmTransitionRecord& record)
{
    m_transitionTrace(record);
}

Ptr<Ipv4>
TcpFsmL4Protocol::NodeIpv4() const
{
    return m_ipv4 ? m_ipv4 : (m_node ? m_node->GetObject<Ipv4>() : nullptr);
}

Ptr<Ipv6>
TcpFsmL4Protocol::NodeIpv6() const
{
    return m_ipv6 ? m_ipv6 : (m_node ? m_node->GetObject<Ipv6>() : nullptr);
}

bool
TcpFsmL4Protocol::TransitionTraced() const
{
    return !m_transitionTrace.IsEmpty();
}

void
TcpFsmL4Protocol::NotifyDrop(Ptr<const Packet> packet, const TcpHeader& header, const char* reason)
{
    ++m_drops;
    ++m_dropsByReason[reason];
    NS_LOG_LOGIC("drop " << header << " len " << (packet ? packet->GetSize() : 0) << ": "
                         << reason);
    m_dropTrace(header, reason);
}

bool
TcpFsmL4Protocol::ReservePort(uint16_t& port)
{
    if (port == 0)
    {
        const uint32_t range = m_ephemeralLast >= m_ephemeralFirst
                                   ? uint32_t(m_ephemeralLast - m_ephemeralFirst) + 1
                                   : 1;
        for (uint32_t i = 0; i < range; ++i)
        {
            uint16_t candidate = m_nextEphemeral;
            m_nextEphemeral = candidate >= m_ephemeralLast ? m_ephemeralFirst : candidate + 1;
            if (candidate < m_ephemeralFirst || candidate > m_ephemeralLast)
            {
                continue;
            }
            if (!m_reservedPorts.count(candidate) && !m_listeners.count(candidate))
            {
                port = candidate;
                ++m_reservedPorts[port];
                return true;
            }
        }
        return false;
    }
    if (m_reservedPorts.count(port) || m_listeners.count(port))
    {
        return false;
    }
    ++m_reservedPorts[port];
    return true;
}

void
TcpFsmL4Protocol::ReleasePort(uint16_t port)
{
    auto it = m_reservedPorts.find(port);
    if (it != m_reservedPorts.end() && --it->second == 0)
    {
        m_reservedPorts.erase(it);
    }
}

bool
TcpFsmL4Protocol::AddListener(Ptr<TcpFsmSocket> socket, const TcpFsmTuple& local)
{
    auto& list = m_listeners[local.localPort];
    for (const auto& l : list)
    {
        if (l.local.family == local.family
            && (l.local.localAddr == local.localAddr || l.local.LocalIsAny() || local.LocalIsAny()))
        {
            return false;
        }
    }
    list.push_back({local, socket});
    return true;
}

void
TcpFsmL4Protocol::RemoveListener(TcpFsmSocket* socket, const TcpFsmTuple& local)
{
    auto it = m_listeners.find(local.localPort);
    if (it == m_listeners.end())
    {
        return;
    }
    auto& list = it->second;
    for (auto l = list.begin(); l != list.end(); ++l)
    {
        if (PeekPointer(l->socket) == socket)
        {
            Ptr<TcpFsmSocket> keep = l->socket; // the caller may hold no other reference
            list.erase(l);
            if (list.empty())
            {
                m_listeners.erase(it);
            }
            return;
        }
    }
}

bool
TcpFsmL4Protocol::AddConnection(Ptr<TcpFsmSocket> socket, const TcpFsmTuple& tuple)
{
    if (TupleInUse(tuple))
    {
        return false;
    }
    m_connections.emplace(tuple, socket);
    return true;
}

void
TcpFsmL4Protocol::RemoveConnection(const TcpFsmTuple& tuple)
{
    auto it = m_connections.find(tuple);
    if (it != m_connections.end())
    {
        m_connections.erase(it); // callers hold their own reference while they finish
    }
}

bool
TcpFsmL4Protocol::TupleInUse(const TcpFsmTuple& tuple) const
{
    return m_connections.count(tuple) || m_timeWait.Find(tuple);
}

bool
TcpFsmL4Protocol::AllocateEphemeral(TcpFsmTuple& tuple)
{
    const uint32_t range = m_ephemeralLast >= m_ephemeralFirst
                               ? uint32_t(m_ephemeralLast - m_ephemeralFirst) + 1
                               : 1;
    for (uint32_t i = 0; i < range; ++i)
    {
        uint16_t candidate = m_nextEphemeral;
        m_nextEphemeral = candidate >= m_ephemeralLast ? m_ephemeralFirst : candidate + 1;
        if (candidate < m_ephemeralFirst || candidate > m_ephemeralLast)
        {
            continue;
        }
        tuple.localPort = candidate;
        if (!m_reservedPorts.count(candidate) && !m_listeners.count(candidate)
            && !TupleInUse(tuple))
        {
            return true;
        }
    }
    tuple.localPort = 0;
    return false;
}

void
TcpFsmL4Protocol::EnterTimeWait(const TcpFsmTimeWaitRecord& record)
{
    m_timeWait.Insert(record, record.twoMsl);
}

const TcpFsmTimeWaitTable&
TcpFsmL4Protocol::GetTimeWaitTable() const
{
    return m_timeWait;
}

std::size_t
TcpFsmL4Protocol::GetConnectionCount() const
{
    return m_connections.size();
}

uint64_t
TcpFsmL4Protocol::GetDropCount() const
{
    return m_drops;
}

uint64_t
TcpFsmL4Protocol::GetDropCountFor(const std::string& reason) const
{
    auto it = m_dropsByReason.find(reason);
    return it == m_dropsByReason.end() ? 0 : it->second;
}

const std::map<std::string, uint64_t>&
TcpFsmL4Protocol::GetDropCounts() const
{
    return m_dropsByReason;
}

uint64_t
TcpFsmL4Protocol::GetRstForUnknownCount() const
{
    return m_rstForUnknown;
}

void
TcpFsmL4Protocol::SetDownTarget(IpL4Protocol::DownTargetCallback cb)
{
    m_downTarget = cb;
}

void
TcpFsmL4Protocol::SetDownTarget6(IpL4Protocol::DownTargetCallback6 cb)
{
    m_downTarget6 = cb;
}

IpL4Protocol::DownTargetCallback
TcpFsmL4Protocol::GetDownTarget() const
{
    return m_downTarget;
}

IpL4Protocol::DownTargetCallback6
TcpFsmL4Protocol::GetDownTarget6() const
{
    return m_downTarget6;
}

} // namespace ns3
