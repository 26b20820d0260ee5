/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * TcpFsmTcpInfo: the fields of Linux's struct tcp_info (include/uapi/linux/tcp.h) that the
 * model can fill, with Linux's names, units and numbering, for getsockopt(TCP_INFO).
 */
#ifndef TCP_FSM_TCP_INFO_H
#define TCP_FSM_TCP_INFO_H

#include "tcp-fsm-event.h"

#include "ns3/nstime.h"

#include <cstdint>

namespace ns3
{

/// Linux's TCP states (include/net/tcp_states.h), as tcpi_state reports them.
enum class TcpFsmLinuxState : uint8_t
{
    ESTABLISHED = 1,
    SYN_SENT = 2,
    SYN_RECV = 3,
    FIN_WAIT1 = 4,
    FIN_WAIT2 = 5,
    TIME_WAIT = 6,
    CLOSE = 7,
    CLOSE_WAIT = 8,
    LAST_ACK = 9,
    LISTEN = 10,
    CLOSING = 11,
};

/// Linux's number for an RFC 9293 state (CLOSED -> TCP_CLOSE 7, ESTABLISHED -> 1, ...).
TcpFsmLinuxState TcpFsmToLinuxState(TcpFsmState s);

/// tcpi_ca_state values (Linux's enum tcp_ca_state).
enum class TcpFsmLinuxCaState : uint8_t
{
    OPEN = 0,
    DISORDER = 1,
    CWR = 2,
    RECOVERY = 3,
    LOSS = 4,
};

/// tcpi_options bits (TCPI_OPT_*).
constexpr uint8_t kTcpiOptTimestamps = 1;
constexpr uint8_t kTcpiOptSack = 2;
constexpr uint8_t kTcpiOptWscale = 4;
constexpr uint8_t kTcpiOptEcn = 8;
constexpr uint8_t kTcpiOptEcnSeen = 16;
constexpr uint8_t kTcpiOptSynData = 32;

/// tcpi_snd_ssthresh when no threshold is set (TCP_INFINITE_SSTHRESH).
constexpr uint32_t kTcpInfiniteSsthresh = 0x7fffffff;

/**
 * \ingroup tcp-fsm
 * \brief A snapshot of a connection in Linux's struct tcp_info terms (TcpFsmSocket::GetTcpInfo).
 *
 * Same names and units as Linux: times marked _us in microseconds (rto, ato, rtt, rttvar,
 * min_rtt), last_* in milliseconds since the event, windows in segments (snd_cwnd,
 * snd_ssthresh), the rest in bytes or counts. Fields the model has no meaning for stay 0 and
 * are listed as such: sacked, fackets, reordering, rcv_rtt, pacing_rate, max_pacing_rate,
 * delivery_rate, busy_time, rwnd_limited, sndbuf_limited, delivered_ce, dsack_dups,
 * reord_seen, rehash, fastopen_client_fail, delivery_rate_app_limited. The options bits for
 * timestamps and SACK are set only once the model negotiates them.
 */
struct TcpFsmTcpInfo
{
    uint8_t tcpi_state{0}; ///< Linux state number (TcpFsmLinuxState)
    uint8_t tcpi_ca_state{
        0}; ///< TcpFsmLinuxCaState: OPEN, RECOVERY (fast recovery), LOSS (after an RTO)
    uint8_t tcpi_retransmits{0}; ///< consecutive retransmission timeouts of the current segment
    uint8_t tcpi_probes{0};      ///< unanswered zero-window or keepalive probes
    uint8_t tcpi_backoff{0};     ///< RTO backoff exponent
    uint8_t tcpi_options{0};     ///< kTcpiOpt* bits negotiated on the SYNs
    uint8_t tcpi_snd_wscale{0};  ///< the peer's window shift (0 without window scaling)
    uint8_t tcpi_rcv_wscale{0};  ///< our window shift (0 without window scaling)
    uint8_t tcpi_delivery_rate_app_limited{0}; ///< 0: not modelled
    uint8_t tcpi_fastopen_client_fail{0};      ///< 0: not modelled

    uint32_t tcpi_rto{0};     ///< current RTO, backoff included, microseconds
    uint32_t tcpi_ato{0};     ///< delayed-ACK timeout (DelAckTimeout), microseconds
    uint32_t tcpi_snd_mss{0}; ///< segment size we send (min of SegmentSize and the peer's MSS)
    uint32_t tcpi_rcv_mss{0}; ///< largest segment received so far (the MSS we advertised before)

    uint32_t tcpi_unacked{0}; ///< segments sent and not acknowledged (Linux packets_out)
    uint32_t tcpi_sacked{0};  ///< segments SACKed (scoreboard; without SACK: dup ACKs, as Linux)
    uint32_t tcpi_lost{0};    ///< segments deemed lost (scoreboard; all outstanding after an RTO)
    uint32_t tcpi_retrans{0}; ///< segments retransmitted and still outstanding (scoreboard)
    uint32_t tcpi_fackets{0}; ///< 0: obsolete in Linux too

    uint32_t tcpi_last_data_sent{0}; ///< ms since the last segment with data was sent
    uint32_t tcpi_last_ack_sent{0};  ///< 0: Linux leaves it 0 as well
    uint32_t tcpi_last_data_recv{0}; ///< ms since the last segment with data arrived
    uint32_t tcpi_last_ack_recv{0};  ///< ms since the last acceptable ACK arrived

    uint32_t tcpi_pmtu{0};         ///< path MTU: snd_mss + 40 (IPv4) or + 60 (IPv6)
    uint32_t tcpi_rcv_ssthresh{0}; ///< the window we offer (no receive-window clamping here)
    uint32_t tcpi_rtt{0};          ///< smoothed RTT, microseconds
    uint32_t tcpi_rttvar{0};       ///< RTT variation, microseconds
    uint32_t tcpi_snd_ssthresh{
        0}; ///< slow-start threshold in segments; kTcpInfiniteSsthresh when unset
    uint32_t tcpi_snd_cwnd{0};   ///< congestion window in segments
    uint32_t tcpi_advmss{0};     ///< MSS we advertised on our SYN
    uint32_t tcpi_reordering{0}; ///< 0: not modelled (Linux starts at 3)

    uint32_t tcpi_rcv_rtt{0};   ///< 0: not modelled
    uint32_t tcpi_rcv_space{0}; ///< receive buffer space (RcvBufSize)

    uint32_t tcpi_total_retrans{0}; ///< retransmitted segments over the connection's life

    uint64_t tcpi_pacing_rate{0};     ///< 0: no pacing
    uint64_t tcpi_max_pacing_rate{0}; ///< 0: no pacing
    uint64_t tcpi_bytes_acked{0};     ///< bytes of data the peer acknowledged (RFC 4898)
    uint64_t tcpi_bytes_received{0};  ///< bytes of data received in order (RFC 4898)
    uint32_t tcpi_segs_out{0};        ///< segments sent, retransmissions and pure ACKs included
    uint32_t tcpi_segs_in{0};         ///< segments received for this connection

    uint32_t tcpi_notsent_bytes{0}; ///< queued bytes never sent (SIOCOUTQNSD)
    uint32_t tcpi_min_rtt{0};       ///< lowest RTT sample, microseconds (0 before a sample)
    uint32_t tcpi_data_segs_in{0};  ///< segments received carrying data
    uint32_t tcpi_data_segs_out{0}; ///< segments sent carrying data

    uint64_t tcpi_delivery_rate{0}; ///< 0: not modelled

    uint64_t tcpi_busy_time{0};      ///< 0: not modelled
    uint64_t tcpi_rwnd_limited{0};   ///< 0: not modelled
    uint64_t tcpi_sndbuf_limited{0}; ///< 0: not modelled

    uint32_t tcpi_delivered{0};    ///< segments delivered (acknowledged), SYN included as Linux
    uint32_t tcpi_delivered_ce{0}; ///< 0: no ECN yet

    uint64_t tcpi_bytes_sent{0};    ///< data bytes sent, retransmissions included
    uint64_t tcpi_bytes_retrans{0}; ///< data bytes retransmitted
    uint32_t tcpi_dsack_dups{0};    ///< 0: no D-SACK
    uint32_t tcpi_reord_seen{0};    ///< 0: not modelled

    uint32_t tcpi_rcv_ooopack{0}; ///< out-of-order segments received
    uint32_t tcpi_snd_wnd{0};     ///< the peer's window (SND.WND, bytes, scaled)
    uint32_t tcpi_rcv_wnd{0};     ///< the window we advertise (RCV.WND, bytes)
    uint32_t tcpi_rehash{0};      ///< 0: not modelled
};

/// The counters a socket keeps for TcpFsmTcpInfo (everything else is derived from its state).
struct TcpFsmTcpInfoCounters
{
    uint32_t segsOut{0};
    uint32_t segsIn{0};
    uint32_t dataSegsOut{0};
    uint32_t dataSegsIn{0};
    uint64_t bytesSent{0};
    uint64_t bytesRetrans{0};
    uint32_t rcvOooPack{0};
    uint32_t rcvMss{0};
    Time lastDataSent{0};
    Time lastDataRecv{0};
    Time lastAckRecv{0};
};

} // namespace ns3

#endif /* TCP_FSM_TCP_INFO_H */
