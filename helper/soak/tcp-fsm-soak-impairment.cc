/* SPDX-License-Identifier: GPL-2.0-only */
#include "ns3/tcp-fsm-soak-impairment.h"

#include "ns3/double.h"
#include "ns3/log.h"
#include "ns3/packet.h"
#include "ns3/point-to-point-net-device.h"
#include "ns3/simulator.h"

#include <vector>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("TcpFsmSoakImpairment");
NS_OBJECT_ENSURE_REGISTERED(TcpFsmSoakImpairment);

namespace
{
/// PPP (2 bytes) and IPv4 (20 bytes) precede the TCP header: bits flipped after them leave
/// the IPv4 header intact, so the segment reaches TCP, whose checksum must refuse it.
constexpr uint32_t kTcpStart = 22;
} // namespace

TypeId
TcpFsmSoakImpairment::GetTypeId()
{
    static TypeId tid
        = TypeId("ns3::TcpFsmSoakImpairment")
              .SetParent<ErrorModel>()
              .SetGroupName("TcpFsm")
              .AddConstructor<TcpFsmSoakImpairment>()
              .AddAttribute("GoodToBad",
                            "Gilbert-Elliott: per packet, probability of entering the bad state",
                            DoubleValue(0.0),
                            MakeDoubleAccessor(&TcpFsmSoakImpairment::m_goodToBad),
                            MakeDoubleChecker<double>(0, 1))
              .AddAttribute("BadToGood",
                            "Gilbert-Elliott: per packet, probability of leaving the bad state",
                            DoubleValue(1.0),
                            MakeDoubleAccessor(&TcpFsmSoakImpairment::m_badToGood),
                            MakeDoubleChecker<double>(0, 1))
              .AddAttribute("LossGood",
                            "Loss probability in the good state",
                            DoubleValue(0.0),
                            MakeDoubleAccessor(&TcpFsmSoakImpairment::m_lossGood),
                            MakeDoubleChecker<double>(0, 1))
              .AddAttribute("LossBad",
                            "Loss probability in the bad state",
                            DoubleValue(0.5),
                            MakeDoubleAccessor(&TcpFsmSoakImpairment::m_lossBad),
                            MakeDoubleChecker<double>(0, 1))
              .AddAttribute("Corrupt",
                            "Probability of flipping one bit of the TCP header or payload",
                            DoubleValue(0.0),
                            MakeDoubleAccessor(&TcpFsmSoakImpairment::m_corrupt),
                            MakeDoubleChecker<double>(0, 1))
              .AddAttribute("Duplicate",
                            "Probability of delivering a packet twice",
                            DoubleValue(0.0),
                            MakeDoubleAccessor(&TcpFsmSoakImpairment::m_duplicate),
                            MakeDoubleChecker<double>(0, 1))
              .AddAttribute("Delay",
                            "Probability of delaying a packet by up to MaxJitter (reordering)",
                            DoubleValue(0.0),
                            MakeDoubleAccessor(&TcpFsmSoakImpairment::m_delay),
                            MakeDoubleChecker<double>(0, 1))
              .AddAttribute("MaxJitter",
                            "Largest extra delay of a delayed or duplicated packet",
                            TimeValue(MilliSeconds(10)),
                            MakeTimeAccessor(&TcpFsmSoakImpairment::m_maxJitter),
                            MakeTimeChecker());
    return tid;
}

TcpFsmSoakImpairment::TcpFsmSoakImpairment()
  : m_rng(CreateObject<UniformRandomVariable>())
{}

void
TcpFsmSoakImpairment::SetDevice(Ptr<PointToPointNetDevice> device)
{
    m_device = device;
}

void
TcpFsmSoakImpairment::SetLinkDown(bool down)
{
    m_down = down;
}

int64_t
TcpFsmSoakImpairment::AssignStreams(int64_t stream)
{
    m_rng->SetStream(stream);
    return 1;
}

const TcpFsmSoakImpairment::Counts&
TcpFsmSoakImpairment::GetCounts() const
{
    return m_counts;
}

bool
TcpFsmSoakImpairment::DoCorrupt(Ptr<Packet> p)
{
    if (m_passing.erase(PeekPointer(p)))
    {
        return false; // a re-delivery of ours
    }
    ++m_counts.packets;
    if (m_down)
    {
        ++m_counts.linkDown;
        return true;
    }
    // Gilbert-Elliott: move between the states, then lose with the state's probability.
    m_bad = m_bad ? m_rng->GetValue() >= m_badToGood : m_rng->GetValue() < m_goodToBad;
    if (m_rng->GetValue() < (m_bad ? m_lossBad : m_lossGood))
    {
        ++m_counts.lost;
        return true;
    }
    if (m_rng->GetValue() < m_corrupt && p->GetSize() > kTcpStart)
    {
        std::vector<uint8_t> bytes(p->GetSize());
        p->CopyData(bytes.data(), bytes.size());
        const uint32_t at = kTcpStart + m_rng->GetInteger(0, bytes.size() - kTcpStart - 1);
        bytes[at] ^= uint8_t(1u << m_rng->GetInteger(0, 7));
        p->RemoveAtEnd(p->GetSize());
        p->AddAtEnd(Create<Packet>(bytes.data(), bytes.size()));
        ++m_counts.corrupted;
    }
    if (m_device && m_rng->GetValue() < m_duplicate)
    {
        ++m_counts.duplicated;
        Ptr<Packet> copy = p->Copy();
        Simulator::Schedule(Seconds(m_rng->GetValue(0, m_maxJitter.GetSeconds())),
                            &TcpFsmSoakImpairment::Redeliver,
                            this,
                            copy);
    }
    if (m_device && m_rng->GetValue() < m_delay)
    {
        ++m_counts.delayed;
        Ptr<Packet> late = p->Copy();
        Simulator::Schedule(Seconds(m_rng->GetValue(0, m_maxJitter.GetSeconds())),
                            &TcpFsmSoakImpairment::Redeliver,
                            this,
                            late);
        return true; // the original is "lost"; its copy arrives late
    }
    return false;
}

void
TcpFsmSoakImpairment::Redeliver(Ptr<Packet> p)
{
    if (!m_device)
    {
        return;
    }
    m_passing.insert(PeekPointer(p));
    m_device->Receive(p);
    m_passing.erase(PeekPointer(p));
}

void
TcpFsmSoakImpairment::DoReset()
{
    m_bad = false;
}

} // namespace ns3
