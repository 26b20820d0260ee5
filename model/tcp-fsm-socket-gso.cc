/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * TcpFsmSocket: the shape of what a Linux sender hands its device.
 *   - GsoMaxSegments: new data leaves in super-segments of several MSS, as Linux hands a
 *     TSO/GSO-capable device (packetdrill's tun device) one packet per TSO skb. Each one
 *     counts as its MSS-sized segments (in-flight and the window are in bytes already;
 *     tcpi_segs_out and tcpi_data_segs_out count the segments).
 *   - MinshallNagle: Nagle holds a short segment only while an earlier short segment is
 *     unacknowledged (Minshall's variant, Linux's tcp_minshall_check()).
 *   - DetectLostRetransmit: a retransmission at the head is lost when the peer SACKs a
 *     segment sent after it (RFC 8985 6.2 with a zero reordering window, as Linux's RACK
 *     once ReTxThreshold segments are SACKed or in recovery): it is sent again.
 */
#include "tcp-fsm-socket.h"

#include "ns3/log.h"
#include "ns3/packet.h"
#include "ns3/simulator.h"

#include <algorithm>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("TcpFsmSocketGso");

uint32_t
TcpFsmGsoSegments(const TcpFsmGsoInput& in)
{
    if (in.mss == 0 || in.maxSegments <= 1)
    {
        return 1;
    }
    // Linux tcp_tso_autosize(): the pacing rate's 1/1024 s, plus the device's 64 KB halved
    // for every 512 us of minimum RTT; no more than 64 KB.
    uint64_t bytes = in.pacingRate >> 10;
    const uint64_t halvings = in.minRttUs >> 9;
    if (halvings < 32)
    {
        bytes += kTcpFsmGsoMaxSize >> halvings;
    }
    bytes = std::min<uint64_t>(bytes, kTcpFsmGsoMaxSize);
    uint64_t segs = std::max<uint64_t>(bytes / in.mss, in.minSegments);
    segs = std::min<uint64_t>(segs, in.maxSegments);
    // Linux tcp_cwnd_test(): half the congestion window at most, and what is left of it.
    const uint32_t cwndSegs = in.cwnd / in.mss;
    const uint32_t flightSegs = (in.pipe + in.mss - 1) / in.mss;
    const uint32_t left = cwndSegs > flightSegs ? cwndSegs - flightSegs : 1;
    segs = std::min<uint64_t>({segs, std::max<uint32_t>(cwndSegs / 2, 1), left});
    return static_cast<uint32_t>(std::max<uint64_t>(segs, 1));
}

uint32_t
TcpFsmSocket::GsoSegmentBytes(uint32_t pipe) const
{
    if (m_gsoMaxSegments <= 1)
    {
        return m_mss;
    }
    TcpFsmGsoInput in;
    in.mss = m_mss;
    in.maxSegments = m_gsoMaxSegments;
    in.minSegments = m_gsoMinSegments;
    in.cwnd = m_cc->m_cWnd.Get();
    in.pipe = pipe;
    // Linux's pacing rate (tcp_update_pacing_rate), whether or not anything paces: cwnd (or
    // what is in flight, if more) per smoothed RTT, times the slow-start ratio while cwnd is
    // below half ssthresh, else the congestion-avoidance ratio. No RTT yet: unlimited.
    const Time srtt = m_rto.GetSrtt();
    if (m_rto.HasSample() && srtt.IsStrictlyPositive())
    {
        const uint32_t cwnd = m_cc->m_cWnd.Get();
        const bool early = cwnd < m_cc->m_ssThresh.Get() / 2;
        // tcp_pacing_ss_ratio 200 and tcp_pacing_ca_ratio 120 unless the state has its own
        const uint16_t ss = m_cc->m_pacingSsRatio > 0 ? m_cc->m_pacingSsRatio : 200;
        const uint16_t ca = m_cc->m_pacingCaRatio > 0 ? m_cc->m_pacingCaRatio : 120;
        const double ratio = (early ? ss : ca) / 100.0;
        in.pacingRate = static_cast<uint64_t>(std::max(cwnd, pipe) * ratio / srtt.GetSeconds());
    }
    if (m_rto.HasSample())
    {
        in.minRttUs = static_cast<uint64_t>(m_rto.GetMinRtt().GetMicroSeconds());
    }
    return TcpFsmGsoSegments(in) * m_mss;
}

uint32_t
TcpFsmSocket::GsoLength(SequenceNumber32 next, uint32_t room, uint32_t pipe, uint32_t avail)
{
    // The caller found room for a full segment of new data; how much more goes in one.
    const uint32_t outstanding = next - m_txBuffer->HeadSequence();
    const uint32_t wnd = PeerWindow() > outstanding ? PeerWindow() - outstanding : 0;
    uint32_t len = std::min(GsoSegmentBytes(pipe), wnd);
    if (room < len)
    {
        len = room - room % m_mss; // the congestion window in whole segments, as Linux's
    }
    len = std::max(std::min(len, avail), m_mss);
    const uint32_t partial = len % m_mss;
    // Linux tcp_mss_split_point(): a short last segment rides along only where Nagle would
    // send it on its own; otherwise the super-segment ends at the last full one.
    if (len > m_mss && partial > 0
        && HoldSmallSegment(partial, avail - (len - partial), m_finPending))
    {
        len -= partial;
    }
    return len;
}

Ptr<Packet>
TcpFsmSocket::GsoBuild(SequenceNumber32 seq, uint32_t len, bool startOfTransmission)
{
    // The scoreboard keeps one item per MSS, as Linux splits a TSO skb where a SACK block or
    // a retransmission needs it: SACK blocks and loss marks map onto MSS-sized pieces.
    Ptr<Packet> p = Create<Packet>();
    for (uint32_t done = 0; done < len;)
    {
        TcpTxItem* item = m_txBuffer->CopyFromSequence(std::min(m_mss, len - done), seq + done);
        m_rateOps->SkbSent(item, startOfTransmission && done == 0);
        Ptr<Packet> piece = item->GetPacketCopy();
        if (piece->GetSize() == 0)
        {
            break;
        }
        p->AddAtEnd(piece);
        done += piece->GetSize();
    }
    return p;
}

bool
TcpFsmSocket::SmallSegmentOutstanding() const
{
    // Linux tcp_minshall_check(): the last short segment sent is not yet acknowledged.
    return m_gso.smallOut && m_gso.sndSml > m_tcb.sndUna && m_gso.sndSml <= m_tcb.sndMax;
}

void
TcpFsmSocket::GsoNoteSent(SequenceNumber32 seq, uint32_t len, bool retransmission)
{
    if (len == 0)
    {
        return;
    }
    if (!retransmission && len % m_mss != 0)
    {
        // Linux tcp_minshall_update(): new data whose last segment is short.
        m_gso.smallOut = true;
        m_gso.sndSml = seq + len;
    }
    if (retransmission && seq == m_txBuffer->HeadSequence())
    {
        m_gso.headRexmit = true;
        m_gso.headRexmitSeq = seq;
        m_gso.headRexmitTime = Simulator::Now();
    }
}

void
TcpFsmSocket::GsoSacked(TcpTxItem* item)
{
    // Linux tcp_rack_advance(): a SACK of a retransmitted segment faster than the minimum
    // RTT may be for its first transmission; it says nothing about when it was sent.
    const Time since = Simulator::Now() - item->GetLastSent();
    if (!(item->IsRetrans() && m_rto.HasSample() && since < m_rto.GetMinRtt()))
    {
        m_gso.newestSacked = std::max(m_gso.newestSacked, item->GetLastSent());
    }
    m_rateOps->SkbDelivered(item);
}

void
TcpFsmSocket::LostRetransmitCheck(uint32_t sackedNow)
{
    m_gso.lostNow = false;
    const Time newest = m_gso.newestSacked;
    m_gso.newestSacked = Time(-1);
    if (!m_detectLostRetransmit || sackedNow == 0 || !m_gso.headRexmit
        || m_gso.headRexmitSeq != m_txBuffer->HeadSequence() || !m_txBuffer->IsHeadRetransmitted())
    {
        return;
    }
    // RFC 8985 6.2: lost when a segment sent later is delivered and the reordering window
    // has passed; Linux's window is zero in recovery or once ReTxThreshold segments are
    // SACKed. Segments sent at the same instant count as sent later: they are above the head
    // (RACK's tie-break by sequence number).
    const auto state = m_cc->m_congState.Get();
    const bool noReorderWindow = state == TcpSocketState::CA_RECOVERY
                                 || state == TcpSocketState::CA_LOSS
                                 || m_txBuffer->GetSacked() >= m_retxThresh * m_mss;
    if (!noReorderWindow || newest < m_gso.headRexmitTime)
    {
        return;
    }
    NS_LOG_INFO("the retransmission at " << m_gso.headRexmitSeq << " sent at "
                                         << m_gso.headRexmitTime.As(Time::S) << " is lost");
    m_txBuffer->MarkHeadAsLost(); // clears its retransmitted mark: NextSeg() names it again
    m_gso.headRexmit = false;
    m_gso.lostNow = true;
}

void
TcpFsmSocket::LostRetransmitResend(uint32_t delivered)
{
    if (!m_gso.lostNow)
    {
        return;
    }
    m_gso.lostNow = false;
    if (m_txBuffer->IsHeadRetransmitted())
    {
        return; // the ACK's own recovery sent it already
    }
    const auto state = m_cc->m_congState.Get();
    if (state == TcpSocketState::CA_OPEN || state == TcpSocketState::CA_DISORDER)
    {
        CcEnterRecovery(delivered, "lost_retransmit"); // Linux: FLAG_LOST_RETRANS -> Recovery
        return;
    }
    RetransmitHead();
}

} // namespace ns3
