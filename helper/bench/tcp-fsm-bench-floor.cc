/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "ns3/tcp-fsm-bench-floor.h"

#include "ns3/ipv4-header.h"
#include "ns3/ipv4-l3-protocol.h"
#include "ns3/ipv4-route.h"
#include "ns3/ipv4-routing-protocol.h"
#include "ns3/ipv4.h"
#include "ns3/log.h"
#include "ns3/node.h"
#include "ns3/packet.h"
#include "ns3/simulator.h"
#include "ns3/tcp-header.h"

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("TcpFsmBenchFloor");
NS_OBJECT_ENSURE_REGISTERED(TcpFsmBenchFloorHeader);
NS_OBJECT_ENSURE_REGISTERED(TcpFsmBenchFloor);

// ---- header ---------------------------------------------------------------------------

TypeId
TcpFsmBenchFloorHeader::GetTypeId()
{
    static TypeId tid = TypeId("ns3::TcpFsmBenchFloorHeader")
                            .SetParent<Header>()
                            .SetGroupName("TcpFsm")
                            .AddConstructor<TcpFsmBenchFloorHeader>();
    return tid;
}

TypeId
TcpFsmBenchFloorHeader::GetInstanceTypeId() const
{
    return GetTypeId();
}

uint32_t
TcpFsmBenchFloorHeader::GetSerializedSize() const
{
    return m_length;
}

void
TcpFsmBenchFloorHeader::Serialize(Buffer::Iterator start) const
{
    Buffer::Iterator i = start;
    i.WriteHtonU16(m_sourcePort);
    i.WriteHtonU16(m_destinationPort);
    i.WriteHtonU32(m_connection);
    i.WriteHtonU16(m_step);
    i.WriteU8(m_length);
    i.WriteU8(0, m_length - 11);
}

uint32_t
TcpFsmBenchFloorHeader::Deserialize(Buffer::Iterator start)
{
    Buffer::Iterator i = start;
    m_sourcePort = i.ReadNtohU16();
    m_destinationPort = i.ReadNtohU16();
    m_connection = i.ReadNtohU32();
    m_step = i.ReadNtohU16();
    m_length = i.ReadU8();
    return m_length;
}

void
TcpFsmBenchFloorHeader::Print(std::ostream& os) const
{
    os << m_sourcePort << " > " << m_destinationPort << " connection " << m_connection << " step "
       << m_step << " (" << unsigned(m_length) << " bytes)";
}

// ---- the floor L4 ---------------------------------------------------------------------

TypeId
TcpFsmBenchFloor::GetTypeId()
{
    static TypeId tid = TypeId("ns3::TcpFsmBenchFloor")
                            .SetParent<IpL4Protocol>()
                            .SetGroupName("TcpFsm")
                            .AddConstructor<TcpFsmBenchFloor>();
    return tid;
}

void
TcpFsmBenchFloor::SetSchedule(std::shared_ptr<const std::vector<TcpFsmBenchFloorStep>> steps)
{
    m_steps = std::move(steps);
    m_next.assign(m_steps ? m_steps->size() + 1 : 1, {});
    for (uint32_t k = 0; m_steps && k < m_steps->size(); ++k)
    {
        m_next[(*m_steps)[k].trigger + 1].push_back(k);
    }
}

void
TcpFsmBenchFloor::SetCompleteCallback(Callback<void, uint32_t> cb)
{
    m_complete = cb;
}

void
TcpFsmBenchFloor::Start(uint32_t connection, Ipv4Address server, uint16_t port)
{
    const auto localPort = static_cast<uint16_t>(49152 + connection % 16384);
    Follow(-1, connection, server, localPort, port);
}

void
TcpFsmBenchFloor::Follow(
    int32_t trigger, uint32_t connection, Ipv4Address peer, uint16_t localPort, uint16_t peerPort)
{
    for (uint32_t k : m_next[trigger + 1])
    {
        const Time& delay = (*m_steps)[k].delay;
        if (delay.IsZero())
        {
            SendStep(connection, k, peer, localPort, peerPort);
        }
        else
        {
            Simulator::Schedule(
                delay, &TcpFsmBenchFloor::SendStep, this, connection, k, peer, localPort, peerPort);
        }
    }
}

void
TcpFsmBenchFloor::SendStep(
    uint32_t connection, uint32_t step, Ipv4Address peer, uint16_t localPort, uint16_t peerPort)
{
    const TcpFsmBenchFloorStep& s = (*m_steps)[step];
    Ptr<Packet> p = Create<Packet>(s.payloadBytes);
    TcpFsmBenchFloorHeader h;
    h.m_sourcePort = localPort;
    h.m_destinationPort = peerPort;
    h.m_connection = connection;
    h.m_step = static_cast<uint16_t>(step);
    h.m_length = static_cast<uint8_t>(s.headerBytes);
    p->AddHeader(h);
    ++m_txPackets;
    m_txBytes += s.headerBytes + s.payloadBytes;
    Ipv4Header ip;
    ip.SetDestination(peer);
    ip.SetProtocol(PROT_NUMBER);
    Ptr<Ipv4Route> route;
    Ptr<Ipv4> ipv4 = m_node->GetObject<Ipv4>();
    if (ipv4 && ipv4->GetRoutingProtocol())
    {
        Socket::SocketErrno err;
        route = ipv4->GetRoutingProtocol()->RouteOutput(p, ip, nullptr, err);
    }
    if (route && !m_downTarget.IsNull())
    {
        m_downTarget(p, route->GetSource(), peer, PROT_NUMBER, route);
    }
}

uint64_t
TcpFsmBenchFloor::GetTxPackets() const
{
    return m_txPackets;
}

uint64_t
TcpFsmBenchFloor::GetTxBytes() const
{
    return m_txBytes;
}

int
TcpFsmBenchFloor::GetProtocolNumber() const
{
    return PROT_NUMBER;
}

enum IpL4Protocol::RxStatus
TcpFsmBenchFloor::Receive(Ptr<Packet> p, const Ipv4Header& header, Ptr<Ipv4Interface>)
{
    TcpFsmBenchFloorHeader h;
    if (!m_steps || p->GetSize() < 11)
    {
        return IpL4Protocol::RX_ENDPOINT_UNREACH;
    }
    p->PeekHeader(h);
    if (h.m_step >= m_steps->size())
    {
        return IpL4Protocol::RX_ENDPOINT_UNREACH;
    }
    if (h.m_step + 1u == m_steps->size() && !m_complete.IsNull())
    {
        m_complete(h.m_connection);
    }
    Follow(h.m_step, h.m_connection, header.GetSource(), h.m_destinationPort, h.m_sourcePort);
    return IpL4Protocol::RX_OK;
}

enum IpL4Protocol::RxStatus
TcpFsmBenchFloor::Receive(Ptr<Packet>, const Ipv6Header&, Ptr<Ipv6Interface>)
{
    return IpL4Protocol::RX_ENDPOINT_UNREACH; // the bench is IPv4 only
}

void
TcpFsmBenchFloor::SetDownTarget(IpL4Protocol::DownTargetCallback cb)
{
    m_downTarget = cb;
}

void
TcpFsmBenchFloor::SetDownTarget6(IpL4Protocol::DownTargetCallback6 cb)
{
    m_downTarget6 = cb;
}

IpL4Protocol::DownTargetCallback
TcpFsmBenchFloor::GetDownTarget() const
{
    return m_downTarget;
}

IpL4Protocol::DownTargetCallback6
TcpFsmBenchFloor::GetDownTarget6() const
{
    return m_downTarget6;
}

void
TcpFsmBenchFloor::NotifyNewAggregate()
{
    if (!m_node)
    {
        m_node = GetObject<Node>();
    }
    Ptr<Ipv4> ipv4 = GetObject<Ipv4>();
    if (ipv4 && m_downTarget.IsNull())
    {
        ipv4->Insert(this);
        SetDownTarget(MakeCallback(&Ipv4::Send, ipv4));
    }
    IpL4Protocol::NotifyNewAggregate();
}

void
TcpFsmBenchFloor::DoDispose()
{
    m_node = nullptr;
    m_downTarget.Nullify();
    m_downTarget6.Nullify();
    m_complete.Nullify();
    IpL4Protocol::DoDispose();
}

// ---- recorder -------------------------------------------------------------------------

void
TcpFsmBenchFloorRecorder::Attach(Ptr<Node> client, Ptr<Node> server, uint16_t serverPort)
{
    m_serverPort = serverPort;
    for (bool clientNode : {true, false})
    {
        Ptr<Ipv4L3Protocol> ip = (clientNode ? client : server)->GetObject<Ipv4L3Protocol>();
        NS_ABORT_MSG_IF(!ip, "TcpFsmBenchFloorRecorder: a node without IPv4");
        for (bool tx : {true, false})
        {
            ip->TraceConnectWithoutContext(
                tx ? "Tx" : "Rx",
                Callback<void, Ptr<const Packet>, Ptr<Ipv4>, uint32_t>(
                    [this, clientNode, tx](Ptr<const Packet> p, Ptr<Ipv4>, uint32_t)
                    {
                        Trace(clientNode, tx, p);
                    }));
        }
    }
}

void
TcpFsmBenchFloorRecorder::Trace(bool clientNode, bool tx, Ptr<const Packet> packet)
{
    Ptr<Packet> p = packet->Copy();
    Ipv4Header ip;
    p->RemoveHeader(ip);
    if (ip.GetProtocol() != 6 || ip.GetFragmentOffset() != 0)
    {
        return;
    }
    TcpHeader tcp;
    p->RemoveHeader(tcp);
    const bool fromClient = tx == clientNode;
    const uint16_t serverPort = fromClient ? tcp.GetDestinationPort() : tcp.GetSourcePort();
    if (serverPort != m_serverPort)
    {
        return;
    }
    m_seen.push_back({packet->GetUid(),
                      fromClient,
                      tx,
                      Simulator::Now(),
                      tcp.GetSerializedSize(),
                      p->GetSize()});
}

std::vector<TcpFsmBenchFloorStep>
TcpFsmBenchFloorRecorder::Steps(Time start, std::string& error) const
{
    std::vector<TcpFsmBenchFloorStep> steps;
    std::map<uint64_t, uint32_t> stepOfUid;
    // the last packet each side received so far (step index and time), -1 = none
    int32_t lastRx[2] = {-1, -1};
    Time lastRxAt[2] = {start, start};
    for (const Seen& s : m_seen)
    {
        const int side = s.fromClient ? 0 : 1; // the sender (tx) or the sender of what arrived
        if (s.tx)
        {
            if (!s.fromClient && lastRx[1] < 0)
            {
                error = "the server sent before it received anything";
                return {};
            }
            TcpFsmBenchFloorStep step;
            step.fromClient = s.fromClient;
            step.headerBytes = s.headerBytes;
            step.payloadBytes = s.payloadBytes;
            step.trigger = lastRx[side];
            step.delay = s.at - lastRxAt[side];
            stepOfUid[s.uid] = static_cast<uint32_t>(steps.size());
            steps.push_back(step);
        }
        else
        {
            auto it = stepOfUid.find(s.uid);
            if (it == stepOfUid.end())
            {
                continue; // sent before the recording started
            }
            const int receiver = 1 - side;
            lastRx[receiver] = static_cast<int32_t>(it->second);
            lastRxAt[receiver] = s.at;
        }
    }
    if (steps.empty())
    {
        error = "no TCP packet was recorded";
    }
    else if (steps.size() > 65535)
    {
        error = "more than 65535 packets in one connection";
        steps.clear();
    }
    return steps;
}

} // namespace ns3
