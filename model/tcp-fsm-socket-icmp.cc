/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * TcpFsmSocket: ICMP errors about our segments (RFC 1122 4.2.3.9, RFC 1191, RFC 5927), as
 * Linux's tcp_v4_err() treats them. TcpFsmL4Protocol::ReceiveIcmp finds the connection by the
 * echoed header's 4-tuple and hands over the type, code, information field and the echoed
 * sequence number.
 *
 * Fragmentation needed (RFC 1191): the path MTU falls; SegmentSize (the MSS we advertise and
 * send with) and the connection's MSS follow it, and what was lost is sent again at once
 * (Linux tcp_simple_retransmit): our SYN after a SYN that carried Fast Open data, or the first
 * unacknowledged segment. The state does not change, so no table row is involved.
 * The other errors are soft here (RFC 1122 4.2.3.9: they do not abort a connection); they are
 * counted by TcpFsmL4Protocol.
 */
#include "tcp-fsm-l4-protocol.h"
#include "tcp-fsm-socket.h"

#include "ns3/ipv4.h"
#include "ns3/ipv6.h"
#include "ns3/log.h"

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("TcpFsmSocketIcmp");

namespace
{
constexpr uint8_t kDestUnreach = 3;  ///< ICMPv4 destination unreachable
constexpr uint8_t kFragNeeded = 4;   ///< its code "fragmentation needed and DF set"
constexpr uint8_t kPacketTooBig = 2; ///< ICMPv6 packet too big (RFC 8201)
constexpr uint32_t kMinPmtu = 552;   ///< Linux ip_rt_min_pmtu: a smaller report is raised to it
} // namespace

uint32_t
TcpFsmSocket::DeviceMtu() const
{
    if (!m_node)
    {
        return 0;
    }
    if (m_tuple.family == 4)
    {
        Ptr<Ipv4> ipv4 = m_node->GetObject<Ipv4>();
        const int32_t i = ipv4 ? ipv4->GetInterfaceForAddress(m_tuple.LocalV4()) : -1;
        return i >= 0 ? ipv4->GetMtu(i) : 0;
    }
    Ptr<Ipv6> ipv6 = m_node->GetObject<Ipv6>();
    const int32_t i = ipv6 ? ipv6->GetInterfaceForAddress(m_tuple.LocalV6()) : -1;
    return i >= 0 ? ipv6->GetMtu(i) : 0;
}

TcpFsmIcmpOutcome
TcpFsmSocket::ReceiveIcmp(uint8_t type, uint8_t code, uint32_t info, SequenceNumber32 seq)
{
    NS_LOG_FUNCTION(this << +type << +code << info << seq);
    Ptr<TcpFsmSocket> self(this);
    if (m_state == CLOSED || m_state == LISTEN || m_state == TIME_WAIT)
    {
        return TcpFsmIcmpOutcome::IGNORED;
    }
    // RFC 5927 4.1: the echoed sequence number must be one we sent and that is not yet
    // acknowledged (Linux: SND.UNA <= seq <= SND.NXT); else the message is ignored.
    if (seq < m_tcb.sndUna || seq > m_tcb.sndMax)
    {
        return TcpFsmIcmpOutcome::OUT_OF_WINDOW;
    }
    const bool fragNeeded
        = m_tuple.family == 4 ? type == kDestUnreach && code == kFragNeeded : type == kPacketTooBig;
    if (!fragNeeded)
    {
        return TcpFsmIcmpOutcome::SOFT_ERROR;
    }
    IcmpFragmentationNeeded(info);
    return TcpFsmIcmpOutcome::FRAG_NEEDED;
}

void
TcpFsmSocket::IcmpFragmentationNeeded(uint32_t nextHopMtu)
{
    // RFC 1191 / Linux __ip_rt_update_pmtu: a next-hop MTU below the minimum is raised to it,
    // and only a smaller path MTU than the one in use counts.
    const uint32_t header = m_tuple.family == 4 ? 40 : 60;
    const uint32_t inUse = m_pathMtu > 0 ? m_pathMtu : DeviceMtu();
    const uint32_t mtu = std::max(nextHopMtu, m_tuple.family == 4 ? kMinPmtu : 1280u);
    if (inUse > 0 && mtu >= inUse)
    {
        return;
    }
    m_pathMtu = mtu;
    // SegmentSize is the MSS we advertise in a SYN and never exceed (ns-3: "may be adjusted
    // based on MTU discovery"); the connection's MSS follows once it is known (Linux
    // tcp_sync_mss).
    m_segmentSize = std::min(m_segmentSize, mtu - header);
    const uint32_t oldMss = m_mss;
    if (TcpFsmTransitionTable::Info(m_state).synchronized)
    {
        const uint32_t optionBytes = m_tsOn ? 12 : 0;
        const uint32_t mss = std::min(m_segmentSize, m_peerMss);
        m_mss = std::min(m_mss, std::max<uint32_t>(1, mss > optionBytes ? mss - optionBytes : 1));
        m_cc->m_segmentSize = m_mss;
        m_txBuffer->SetSegmentSize(m_mss);
    }
    // Linux tcp_simple_retransmit: the segments larger than the new MSS are lost; the first
    // goes again at once (the others follow as the window allows). A SYN with Fast Open data is
    // lost as a whole: the SYN goes again alone (its data waits for the SYN+ACK, RFC 7413 4.2.2),
    // with the new MSS, without the option.
    if (m_state == SYN_SENT && m_fo.synData > 0)
    {
        m_rttPending = false; // Karn's rule
        ++m_retransmissions;
        SendSyn(false);
        return;
    }
    if (TcpFsmTransitionTable::Info(m_state).synchronized && m_mss < oldMss
        && m_tcb.sndUna < m_tcb.sndMax && m_txBuffer->SizeFromSequence(m_tcb.sndUna) > 0)
    {
        m_rttPending = false;
        ++m_retransmissions;
        RetransmitHead();
    }
}

} // namespace ns3
