/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * What the lab tests share: the two addresses of the lab's client and server, and flag
 * shorthands.
 */
#ifndef TCP_FSM_LAB_FIXTURE_H
#define TCP_FSM_LAB_FIXTURE_H

#include "ns3/ipv4-address.h"
#include "ns3/tcp-header.h"

#include <cstdint>

namespace ns3
{
namespace labtest
{

inline const Ipv4Address kClient("10.1.1.1");
inline const Ipv4Address kServer("10.1.1.2");
constexpr uint8_t kSyn = TcpHeader::SYN;
constexpr uint8_t kAck = TcpHeader::ACK;
constexpr uint8_t kFin = TcpHeader::FIN;

} // namespace labtest
} // namespace ns3

#endif /* TCP_FSM_LAB_FIXTURE_H */
