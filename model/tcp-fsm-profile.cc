/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "tcp-fsm-profile.h"

namespace ns3
{

const std::vector<TcpFsmProfileSetting>&
TcpFsmProfileSettings()
{
    // clang-format off
    static const std::vector<TcpFsmProfileSetting> settings{
        // attribute            rfc        linux      where Linux's number comes from
        {"ConnTimeout",         "3s",      "1s",      "TCP_TIMEOUT_INIT (RFC 6298 2.1's 1 s)"},
        {"ConnCount",           "6",       "6",       "net.ipv4.tcp_syn_retries"},
        {"SynAckRetries",       "-1",      "5",       "net.ipv4.tcp_synack_retries"},
        {"DataRetries",         "6",       "15",      "net.ipv4.tcp_retries2"},
        {"MinRto",              "1s",      "200ms",   "TCP_RTO_MIN"},
        {"MaxRto",              "60s",     "120s",    "TCP_RTO_MAX"},
        {"DelAckTimeout",       "200ms",   "200ms",   "TCP_DELACK_MAX"},
        {"DelAckMinTimeout",    "0s",      "40ms",    "TCP_ATO_MIN"},
        {"QuickAcks",           "0",       "16",      "TCP_MAX_QUICKACKS"},
        {"DelAckCount",         "2",       "2",       "ACK every second full segment"},
        {"Msl",                 "120s",    "30s",     "TCP_TIMEWAIT_LEN 60 s = 2 * Msl"},
        {"FinWait2Timeout",     "0s",      "60s",     "net.ipv4.tcp_fin_timeout"},
        {"InitialCwnd",         "10",      "10",      "TCP_INIT_CWND (RFC 6928)"},
        {"SndBufSize",          "131072",  "16384",   "net.ipv4.tcp_wmem[1]"},
        {"RcvBufSize",          "131072",  "131072",  "net.ipv4.tcp_rmem[1]"},
        {"RcvBufMax",           "0",       "6291456", "net.ipv4.tcp_rmem[2] (window scale)"},
        {"TcpNoDelay",          "true",    "false",   "Nagle on unless TCP_NODELAY"},
        {"WindowScaling",       "true",    "true",    "net.ipv4.tcp_window_scaling"},
        {"Timestamp",           "false",   "true",    "net.ipv4.tcp_timestamps"},
        {"Sack",                "false",   "true",    "net.ipv4.tcp_sack"},
        {"AckUnsentReply",      "true",    "false",   "tcp_ack(): ACK of unsent data, discard"},
        {"MinshallNagle",       "false",   "true",    "tcp_nagle_check(): tcp_minshall_check()"},
        {"DetectLostRetransmit", "false",  "true",    "RACK (net.ipv4.tcp_recovery 1)"},
        {"SynAckTsEcrCheck",    "false",   "true",    "tcp_rcv_synsent_state_process(): TSecr"},
    };
    // clang-format on
    return settings;
}

const char*
TcpFsmProfileName(TcpFsmProfile p)
{
    switch (p)
    {
    case TcpFsmProfile::RFC:
        return "rfc";
    case TcpFsmProfile::LINUX:
        return "linux";
    }
    return "?";
}

} // namespace ns3
