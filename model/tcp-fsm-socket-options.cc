/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * TcpFsmSocket, options: RFC 7323 timestamps (negotiation, TSval/TSecr, TS.Recent, RTT
 * samples; PAWS itself is in the classifier), RFC 2018 SACK (negotiation, the receiver's
 * blocks with RFC 2883 D-SACK, the peer's blocks kept for the sender), the options written on
 * every segment in Linux's layout, Linux's delayed-ACK engine (ATO, quick-ack mode), and the
 * Profile attribute.
 */
#include "tcp-fsm-l4-protocol.h"
#include "tcp-fsm-socket.h"

#include "ns3/ipv4.h"
#include "ns3/ipv6.h"
#include "ns3/log.h"
#include "ns3/simulator.h"
#include "ns3/string.h"

#include <algorithm>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("TcpFsmSocketOptions");

// ---- the profile --------------------------------------------------------------------------------

TcpFsmProfile
TcpFsmSocket::GetProfile() const
{
    return m_profile;
}

int
TcpFsmSocket::GetProfileAttribute() const
{
    return static_cast<int>(m_profile);
}

void
TcpFsmSocket::SetProfile(TcpFsmProfile profile)
{
    m_profile = profile;
    if (m_constructed)
    {
        ApplyProfile(false); // set on a live socket: every value of the profile
    }
}

void
TcpFsmSocket::NotifyConstructionCompleted()
{
    TcpSocket::NotifyConstructionCompleted();
    m_constructed = true;
    if (m_profile != TcpFsmProfile::RFC)
    {
        ApplyProfile(true);
    }
}

void
TcpFsmSocket::ApplyProfile(bool onlyDefaults)
{
    const TypeId tid = GetInstanceTypeId();
    const bool isLinux = m_profile == TcpFsmProfile::LINUX;
    for (const auto& s : TcpFsmProfileSettings())
    {
        TypeId::AttributeInformation info;
        if (!tid.LookupAttributeByName(s.attribute, &info))
        {
            continue;
        }
        if (onlyDefaults)
        {
            // Explicit: Config::SetDefault replaced the initial value object, or a
            // construction argument gave another value than the initial one.
            if (info.initialValue != info.originalInitialValue)
            {
                continue;
            }
            Ptr<AttributeValue> now = info.checker->Create();
            GetAttribute(s.attribute, *now);
            if (now->SerializeToString(info.checker)
                != info.initialValue->SerializeToString(info.checker))
            {
                continue;
            }
        }
        SetAttribute(s.attribute, StringValue(isLinux ? s.linuxValue : s.rfc));
    }
    // SegmentSize: Linux's MSS comes from the device MTU (chosen when the tuple is known).
    bool segmentSizeDefault = true;
    TypeId::AttributeInformation info;
    if (onlyDefaults && tid.LookupAttributeByName("SegmentSize", &info))
    {
        Ptr<AttributeValue> now = info.checker->Create();
        GetAttribute("SegmentSize", *now);
        segmentSizeDefault = info.initialValue == info.originalInitialValue
                             && now->SerializeToString(info.checker)
                                    == info.initialValue->SerializeToString(info.checker);
    }
    if (!isLinux && !onlyDefaults)
    {
        SetAttribute("SegmentSize", UintegerValue(536));
    }
    m_mssFromMtu = isLinux && segmentSizeDefault;
}

void
TcpFsmSocket::ChooseSegmentSize()
{
    if (!m_mssFromMtu || !m_node)
    {
        return;
    }
    // RFC 9293 3.7.1 / RFC 879: MSS = MTU - 20 (IPv4) - 20 (TCP); IPv6's header is 40 bytes.
    uint32_t mtu = 0;
    if (m_tuple.family == 4)
    {
        Ptr<Ipv4> ipv4 = m_node->GetObject<Ipv4>();
        const int32_t i = ipv4 ? ipv4->GetInterfaceForAddress(m_tuple.LocalV4()) : -1;
        if (i >= 0)
        {
            mtu = ipv4->GetMtu(i) > 40 ? ipv4->GetMtu(i) - 40 : 0;
        }
    }
    else
    {
        Ptr<Ipv6> ipv6 = m_node->GetObject<Ipv6>();
        const int32_t i = ipv6 ? ipv6->GetInterfaceForAddress(m_tuple.LocalV6()) : -1;
        if (i >= 0)
        {
            mtu = ipv6->GetMtu(i) > 60 ? ipv6->GetMtu(i) - 60 : 0;
        }
    }
    if (mtu > 0)
    {
        m_segmentSize = std::min<uint32_t>(mtu, 65495);
    }
}

// ---- accessors ----------------------------------------------------------------------------------

bool
TcpFsmSocket::TimestampsOn() const
{
    return m_tsOn;
}

bool
TcpFsmSocket::SackOn() const
{
    return m_sackOn;
}

uint32_t
TcpFsmSocket::GetTsRecent() const
{
    return m_tsRecent;
}

uint32_t
TcpFsmSocket::GetTsValue() const
{
    return TcpFsmTsValue(Simulator::Now(), m_tsOffset);
}

const TcpFsmSackBlocks&
TcpFsmSocket::GetPeerSackBlocks() const
{
    return m_peerSack;
}

const TcpFsmSackBlocks&
TcpFsmSocket::GetSackBlocks() const
{
    return m_sackList.Blocks();
}

const TcpFsmRto&
TcpFsmSocket::GetRto() const
{
    return m_rto;
}

// ---- writing ------------------------------------------------------------------------------------

void
TcpFsmSocket::WriteOptions(TcpHeader& h, uint8_t flags)
{
    TcpFsmTxOptions o;
    if (flags & TcpHeader::SYN)
    {
        // RFC 7323 2.2, 3.2 and RFC 2018 2: offered on a SYN; answered on a SYN+ACK only
        // when the peer's SYN offered them.
        const bool synAck = (flags & TcpHeader::ACK) != 0;
        o.mss = true;
        o.mssValue = static_cast<uint16_t>(std::min<uint32_t>(m_segmentSize, 65495));
        o.windowScale = m_windowScaling && (!synAck || m_peerWindowScale);
        o.shift = OurWindowShift();
        o.sackPermitted = m_sack && (!synAck || m_peerSackPermitted);
        o.timestamp = m_timestamp && (!synAck || m_peerTimestamp);
        o.tsEcr = synAck ? m_tsRecent : 0; // RFC 7323 3.2: TSecr is zero on a SYN
    }
    else
    {
        o.timestamp = m_tsOn; // RFC 7323 3.2: on every segment once negotiated (RST too)
        o.tsEcr = m_tsRecent;
        if (m_sackOn && (flags & TcpHeader::ACK) && !(flags & TcpHeader::RST)
            && !m_sackList.Empty())
        {
            o.sack = m_sackList.TakeForAck(TcpFsmMaxSackBlocks(m_tsOn));
        }
    }
    if (o.timestamp)
    {
        o.tsVal = GetTsValue();
        if ((flags & TcpHeader::SYN) && !(flags & TcpHeader::ACK) && !m_synTsValSent)
        {
            m_synTsValSent = true; // retransmissions keep the first SYN's (Linux)
            m_synTsVal = o.tsVal;
        }
    }
    TcpFsmWriteOptions(h, o);
    if (flags & TcpHeader::ACK)
    {
        m_lastAckSent = m_tcb.rcvNxt;
    }
}

// ---- reading ------------------------------------------------------------------------------------

void
TcpFsmSocket::NegotiateOptions(const TcpFsmRxOptions& o)
{
    m_peerTimestamp = o.hasTimestamp;
    m_peerSackPermitted = o.sackPermitted;
    // In SYN_SENT we offered them if the attribute is on; a listener accepts what the peer
    // offers if the attribute is on. An option in a SYN+ACK we did not offer is ignored.
    m_tsOn = m_timestamp && o.hasTimestamp;
    m_sackOn = m_sack && o.sackPermitted;
    m_tsRecent = m_tsOn ? o.tsVal : 0; // RFC 7323 4.3 (1): TS.Recent from the SYN
    m_sackList.Clear();
    m_peerSack.clear();
}

void
TcpFsmSocket::PrepareOptions(const TcpHeader& h, TcpFsmSegment& seg)
{
    if (!m_tsOn && !m_sackOn && !m_timestamp && !m_sack)
    {
        m_rxOptions = TcpFsmRxOptions();
        return;
    }
    m_rxOptions = TcpFsmReadOptions(h);
    seg.tsEcr = m_rxOptions.hasTimestamp ? m_rxOptions.tsEcr : 0; // SYN_SENT's TSecr check
    if (m_tsOn && m_rxOptions.hasTimestamp)
    {
        seg.hasTimestamp = true;
        seg.tsVal = m_rxOptions.tsVal;
    }
    m_tcb.tsOn = m_tsOn;
    m_tcb.tsRecent = m_tsRecent;
}

void
TcpFsmSocket::AcceptedOptions(const TcpFsmSegment& seg)
{
    // RFC 7323 4.3 (2): TS.Recent takes SEG.TSval when SEG.TSval >= TS.Recent and
    // SEG.SEQ <= Last.ACK.sent (Linux: seq not after rcv_wup).
    if (m_tsOn && m_rxOptions.hasTimestamp && seg.seq <= m_lastAckSent
        && !TcpFsmPawsRejects(m_rxOptions.tsVal, m_tsRecent))
    {
        m_tsRecent = m_rxOptions.tsVal;
    }
    if (m_sackOn && seg.Has(TcpHeader::ACK))
    {
        m_peerSack = m_rxOptions.sack; // the sender's scoreboard reads these (helper "cc")
    }
}

bool
TcpFsmSocket::TimestampRttSample()
{
    if (!m_tsOn || !m_rxOptions.hasTimestamp || m_rxOptions.tsEcr == 0)
    {
        return false;
    }
    const Time rtt = TcpFsmTsRtt(Simulator::Now(), m_tsOffset, m_rxOptions.tsEcr);
    if (rtt.IsNegative())
    {
        return false; // an echo of a TSval we never sent
    }
    m_rto.Sample(rtt);
    return true;
}

void
TcpFsmSocket::NoteDataForSack(SequenceNumber32 seq, uint32_t len, SequenceNumber32 before)
{
    if (!m_sackOn || len == 0)
    {
        return;
    }
    const SequenceNumber32 end = seq + len;
    if (seq < before)
    {
        // RFC 2883 4.1.1: a duplicate below RCV.NXT, reported as a D-SACK block.
        m_sackList.SetDuplicate(seq, std::min(end, before));
    }
    else if (seq > before)
    {
        if (m_sackList.Covers(seq, end))
        {
            m_sackList.SetDuplicate(seq, end); // RFC 2883 4.1.2: out of order, held already
        }
        else
        {
            // What the buffer holds: up to the right edge of the window.
            const SequenceNumber32 edge
                = before + m_rxBuffer.GetCapacity() - m_rxBuffer.Available();
            m_sackList.AddOutOfOrder(seq, std::min(end, edge));
        }
    }
    m_sackList.Advance(m_tcb.rcvNxt);
}

// ---- delayed ACK (Linux's ATO and quick-ack mode) -----------------------------------------------

void
TcpFsmSocket::NoteDataArrival()
{
    const Time now = Simulator::Now();
    if (m_delAckMinTimeout.IsZero() && m_quickAcks == 0)
    {
        return; // Profile=rfc: one fixed DelAckTimeout
    }
    const Time floor = m_delAckMinTimeout;
    // Linux's tcp_incr_quickack: min(QuickAcks, window / (2 * MSS), at least 2) ACKs at once.
    auto enterQuickAck = [this]()
    {
        const uint32_t byWindow = AdvertisedWindow() / (2 * std::max<uint32_t>(1, m_mss));
        const uint32_t quick = std::min(m_quickAcks, byWindow == 0 ? 2u : byWindow);
        m_quickAcksLeft = std::max(m_quickAcksLeft, quick);
    };
    if (!m_atoStarted)
    {
        m_atoStarted = true; // the first data: quick-ack mode, ATO at its floor
        m_ato = floor;
        enterQuickAck();
    }
    else
    {
        const Time gap = now - m_lastDataRx;
        if (gap <= floor / 2)
        {
            m_ato = m_ato / 2 + floor / 2;
        }
        else if (gap < m_ato)
        {
            m_ato = std::min(m_ato / 2 + gap, m_rto.Get());
        }
        else if (gap > m_rto.Get())
        {
            enterQuickAck(); // a long pause: quick-ack mode again
        }
    }
    m_lastDataRx = now;
}

void
TcpFsmSocket::NoteDataSent()
{
    // Linux's tcp_event_data_sent(): data sent within ATO of the last arrival is a reply.
    // m_ato stays 0 (never a reply) until data arrives or a blocked writer's handshake ends.
    if (m_quickAcks > 0 && Simulator::Now() - m_lastDataRx < m_ato)
    {
        m_pingpong = true;
    }
}

bool
TcpFsmSocket::TakeQuickAck()
{
    if (m_quickAcksLeft == 0 || m_pingpong)
    {
        return false;
    }
    --m_quickAcksLeft;
    return true;
}

Time
TcpFsmSocket::DelayedAckDelay() const
{
    if (m_delAckMinTimeout.IsZero())
    {
        return m_delAckTimeout;
    }
    // The ATO, at most DelAckTimeout and at most the smoothed RTT (never below the floor).
    Time ato = std::max(m_ato, m_delAckMinTimeout);
    Time cap = m_delAckTimeout;
    if (m_rto.HasSample())
    {
        cap = std::min(cap, std::max(m_rto.GetSrtt(), m_delAckMinTimeout));
    }
    return std::min(ato, cap);
}

} // namespace ns3
