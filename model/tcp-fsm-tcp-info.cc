/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * TCP_INFO: TcpFsmSocket::GetTcpInfo() and the counters behind it.
 */
#include "tcp-fsm-tcp-info.h"

#include "tcp-fsm-socket.h"

#include "ns3/simulator.h"

#include <algorithm>

namespace ns3
{

TcpFsmLinuxState
TcpFsmToLinuxState(TcpFsmState s)
{
    switch (s)
    {
    case TcpSocket::CLOSED:
        return TcpFsmLinuxState::CLOSE;
    case TcpSocket::LISTEN:
        return TcpFsmLinuxState::LISTEN;
    case TcpSocket::SYN_SENT:
        return TcpFsmLinuxState::SYN_SENT;
    case TcpSocket::SYN_RCVD:
        return TcpFsmLinuxState::SYN_RECV;
    case TcpSocket::ESTABLISHED:
        return TcpFsmLinuxState::ESTABLISHED;
    case TcpSocket::CLOSE_WAIT:
        return TcpFsmLinuxState::CLOSE_WAIT;
    case TcpSocket::LAST_ACK:
        return TcpFsmLinuxState::LAST_ACK;
    case TcpSocket::FIN_WAIT_1:
        return TcpFsmLinuxState::FIN_WAIT1;
    case TcpSocket::FIN_WAIT_2:
        return TcpFsmLinuxState::FIN_WAIT2;
    case TcpSocket::CLOSING:
        return TcpFsmLinuxState::CLOSING;
    case TcpSocket::TIME_WAIT:
        return TcpFsmLinuxState::TIME_WAIT;
    case TcpSocket::LAST_STATE:
        break;
    }
    return TcpFsmLinuxState::CLOSE;
}

namespace
{

uint32_t
Micro(Time t)
{
    return static_cast<uint32_t>(std::clamp<int64_t>(t.GetMicroSeconds(), 0, UINT32_MAX));
}

uint32_t
MilliSince(Time then)
{
    const Time d = Simulator::Now() - then;
    return static_cast<uint32_t>(std::clamp<int64_t>(d.GetMilliSeconds(), 0, UINT32_MAX));
}

} // namespace

void
TcpFsmSocket::CountSent(const TcpHeader& h, uint32_t payload)
{
    // A GSO super-segment (GsoMaxSegments) counts as its MSS-sized segments, as Linux's pcount.
    const uint32_t segs
        = m_gsoMaxSegments > 1 && payload > m_mss ? (payload + m_mss - 1) / m_mss : 1;
    m_counters.segsOut += segs;
    if (payload > 0)
    {
        m_counters.dataSegsOut += segs;
        m_counters.bytesSent += payload;
        m_counters.lastDataSent = Simulator::Now();
        if (h.GetSequenceNumber() < m_tcb.sndMax)
        {
            m_counters.bytesRetrans += payload;
        }
    }
}

void
TcpFsmSocket::CountReceived(const TcpHeader& h, uint32_t payload)
{
    // The peer is alive: keepalive's idle time restarts and probes are answered (Linux
    // resets icsk_probes_out on an ACK); a window above zero ends zero-window probing.
    const Time now = Simulator::Now();
    m_lastRx = now;
    m_probesOut = 0;
    if (h.GetWindowSize() > 0)
    {
        m_probeStamp = Time(-1);
    }
    ++m_counters.segsIn;
    if (h.GetFlags() & TcpHeader::ACK)
    {
        m_counters.lastAckRecv = now;
    }
    if ((m_state == SYN_SENT && (h.GetFlags() & TcpHeader::SYN))
        || (m_state == SYN_RCVD && (h.GetFlags() & TcpHeader::ACK)))
    {
        // Linux starts the receive clock when the connection is established (lrcvtime in
        // tcp_finish_connect() and for a listener's child).
        m_counters.lastDataRecv = now;
    }
    if (payload > 0)
    {
        ++m_counters.dataSegsIn;
        m_counters.lastDataRecv = now;
        m_counters.rcvMss = std::max(m_counters.rcvMss, payload);
        if (m_tcb.synchronized && h.GetSequenceNumber() > m_tcb.rcvNxt)
        {
            ++m_counters.rcvOooPack;
        }
    }
}

TcpFsmTcpInfo
TcpFsmSocket::GetTcpInfo() const
{
    TcpFsmTcpInfo i;
    const uint32_t mss = std::max<uint32_t>(1, m_mss);
    const uint32_t outstanding = m_tcb.sndMax - m_tcb.sndUna;
    const bool afterRto = m_retries > 0 && outstanding > 0;

    i.tcpi_state = static_cast<uint8_t>(TcpFsmToLinuxState(m_state));
    // ns-3's TcpCongState_t has Linux's numbering (tcp_ca_state): Open 0 ... Loss 4.
    const auto caState = m_cc->m_congState.Get();
    i.tcpi_ca_state = static_cast<uint8_t>(
        afterRto && caState == TcpSocketState::CA_OPEN ? TcpFsmLinuxCaState::LOSS
        : caState < TcpSocketState::CA_LAST_STATE      ? static_cast<TcpFsmLinuxCaState>(caState)
                                                       : TcpFsmLinuxCaState::OPEN);
    i.tcpi_retransmits = static_cast<uint8_t>(std::min<uint32_t>(m_retries, 255));
    i.tcpi_probes = static_cast<uint8_t>(std::min<uint32_t>(m_probesOut, 255));
    i.tcpi_backoff = static_cast<uint8_t>(std::min<uint32_t>(m_rto.GetBackoffCount(), 255));
    if (m_fo.synDataAcked)
    {
        i.tcpi_options |= kTcpiOptSynData; // RFC 7413: the SYN's data was acknowledged
    }
    if (m_tsOn)
    {
        i.tcpi_options |= kTcpiOptTimestamps;
    }
    if (m_sackOn)
    {
        i.tcpi_options |= kTcpiOptSack;
    }
    if (WindowScaled())
    {
        i.tcpi_options |= kTcpiOptWscale;
        i.tcpi_snd_wscale = m_sndWindShift;
        i.tcpi_rcv_wscale = m_rcvWindShift;
    }

    i.tcpi_rto = Micro(m_rto.Get());
    i.tcpi_ato = Micro(m_delAckTimeout);
    i.tcpi_snd_mss = m_mss;
    i.tcpi_rcv_mss = m_counters.rcvMss > 0 ? m_counters.rcvMss : std::min<uint32_t>(m_mss, 536);

    i.tcpi_unacked = (outstanding + mss - 1) / mss;
    // The scoreboard (ns-3's TcpTxBuffer, RFC 6675): Linux's sacked_out, lost_out, retrans_out.
    // ns-3.37's TcpTxBuffer counts them in bytes; TCP_INFO in segments.
    const bool board = m_txBuffer && outstanding > 0;
    auto segments = [mss](uint32_t bytes)
    {
        return (bytes + mss - 1) / mss;
    };
    i.tcpi_sacked = board ? segments(m_txBuffer->GetSacked()) : 0; // Reno: dup ACKs, as Linux
    i.tcpi_lost
        = std::max(board ? segments(m_txBuffer->GetLost()) : 0, afterRto ? i.tcpi_unacked : 0);
    i.tcpi_retrans
        = std::max(board ? segments(m_txBuffer->GetRetransmitsCount()) : 0, afterRto ? 1u : 0u);

    i.tcpi_last_data_sent = MilliSince(m_counters.lastDataSent);
    i.tcpi_last_data_recv = MilliSince(m_counters.lastDataRecv);
    i.tcpi_last_ack_recv = MilliSince(m_counters.lastAckRecv);

    i.tcpi_pmtu = m_mss + (m_tuple.family == 6 ? 60 : 40);
    i.tcpi_rcv_ssthresh = AdvertisedWindow();
    i.tcpi_rtt = Micro(m_rto.GetSrtt());
    i.tcpi_rttvar = Micro(m_rto.GetRttVar());
    i.tcpi_snd_ssthresh = m_cc->m_ssThresh.Get() >= kTcpInfiniteSsthresh
                              ? kTcpInfiniteSsthresh
                              : m_cc->m_ssThresh.Get() / mss;
    i.tcpi_snd_cwnd = m_cc->m_cWnd.Get() / mss;
    i.tcpi_advmss = std::min<uint32_t>(m_segmentSize, 65495);
    i.tcpi_rcv_space = m_rcvBufSize;
    i.tcpi_total_retrans = m_retransmissions;

    // RFC 4898 tcpEStatsAppHCThruOctetsAcked / ...Received: the SYN and FIN do not count.
    if (m_tcb.sndUna > m_tcb.iss + 1)
    {
        uint64_t acked = m_tcb.sndUna - (m_tcb.iss + 1);
        if (m_tcb.OurFinAcked())
        {
            --acked;
        }
        i.tcpi_bytes_acked = acked;
    }
    if (m_tcb.synchronized && m_tcb.rcvNxt > m_tcb.irs + 1)
    {
        uint64_t received = m_tcb.rcvNxt - (m_tcb.irs + 1);
        if (m_rxBuffer.FinConsumed())
        {
            --received;
        }
        i.tcpi_bytes_received = received;
    }
    i.tcpi_segs_out = m_counters.segsOut;
    i.tcpi_segs_in = m_counters.segsIn;
    i.tcpi_notsent_bytes = GetTxUnsent();
    i.tcpi_min_rtt = Micro(m_rto.GetMinRtt());
    i.tcpi_data_segs_in = m_counters.dataSegsIn;
    i.tcpi_data_segs_out = m_counters.dataSegsOut;
    // Segments delivered: the SYN once acknowledged (with the data a Fast Open SYN carried:
    // one packet, as Linux counts it), then the data in MSS units.
    const uint64_t inSyn
        = m_fo.synDataAcked ? std::min<uint64_t>(m_fo.synData, i.tcpi_bytes_acked) : 0;
    i.tcpi_delivered = static_cast<uint32_t>((m_tcb.sndUna > m_tcb.iss ? 1 : 0)
                                             + (i.tcpi_bytes_acked - inSyn + mss - 1) / mss);
    i.tcpi_bytes_sent = m_counters.bytesSent;
    i.tcpi_bytes_retrans = m_counters.bytesRetrans;
    i.tcpi_rcv_ooopack = m_counters.rcvOooPack;
    i.tcpi_snd_wnd = m_tcb.sndWnd;
    i.tcpi_rcv_wnd = AdvertisedWindow();
    return i;
}

} // namespace ns3
