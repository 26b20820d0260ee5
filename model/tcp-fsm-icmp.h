/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * What became of an ICMP error that reached tcp-fsm (TcpFsmL4Protocol::ReceiveIcmp,
 * TcpFsmSocket::ReceiveIcmp).
 */
#ifndef TCP_FSM_ICMP_H
#define TCP_FSM_ICMP_H

#include <cstdint>

namespace ns3
{

/**
 * \ingroup tcp-fsm
 * \brief The outcome of an ICMP error for TCP; also the key of
 * TcpFsmL4Protocol::GetIcmpCountFor().
 */
enum class TcpFsmIcmpOutcome : uint8_t
{
    NO_CONNECTION, ///< the echoed header matches no connection of this node
    IGNORED,       ///< the connection's state does not act on ICMP (LISTEN, CLOSED, TIME_WAIT)
    OUT_OF_WINDOW, ///< the echoed sequence number is outside SND.UNA..SND.NXT (RFC 5927 4.1)
    SOFT_ERROR,    ///< an error that does not abort the connection (RFC 1122 4.2.3.9)
    FRAG_NEEDED,   ///< fragmentation needed / packet too big: the path MTU fell (RFC 1191, 8201)
};

/// "no_connection", "ignored", "out_of_window", "soft_error", "frag_needed".
inline const char*
TcpFsmIcmpOutcomeName(TcpFsmIcmpOutcome o)
{
    switch (o)
    {
    case TcpFsmIcmpOutcome::NO_CONNECTION:
        return "no_connection";
    case TcpFsmIcmpOutcome::IGNORED:
        return "ignored";
    case TcpFsmIcmpOutcome::OUT_OF_WINDOW:
        return "out_of_window";
    case TcpFsmIcmpOutcome::SOFT_ERROR:
        return "soft_error";
    case TcpFsmIcmpOutcome::FRAG_NEEDED:
        return "frag_needed";
    }
    return "unknown";
}

} // namespace ns3

#endif /* TCP_FSM_ICMP_H */
