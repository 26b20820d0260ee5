/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Scripted peers, part 5: segment lines and real segments. The header an inbound
 * line sends, the comparison of an outbound line with what the stack sent, and
 * segments written in script notation.
 */
#ifndef TCP_FSM_SCRIPT_SEGMENT_H
#define TCP_FSM_SCRIPT_SEGMENT_H

#include "ns3/tcp-fsm-script-parser.h"
#include "ns3/tcp-header.h"

#include <cstdint>
#include <string>

namespace ns3
{

/**
 * \brief The header of an inbound line (its payload is seg.len zero bytes).
 * \param peerIsn added to START (the scripted peer's ISN)
 * \param ourIsn added to the ack number (the socket's ISN; 0 while it has none)
 */
TcpHeader TcpFsmScriptInboundHeader(const TcpFsmScriptSegment& seg,
                                    uint16_t sourcePort,
                                    uint16_t destinationPort,
                                    uint32_t peerIsn,
                                    uint32_t ourIsn);

/**
 * \brief Compare an outbound line with a segment the stack sent (its time apart).
 *
 * Flags exactly, PSH aside; START relative to seqBase and LEN; ack (relative to
 * ackBase), win and options only when the line writes them (nop never compared,
 * TS by presence only).
 * \return "" when they match, else what differs: "flags differ", "ack differs", ...
 */
std::string TcpFsmScriptCompareSegment(const TcpFsmScriptSegment& want,
                                       const TcpHeader& header,
                                       uint32_t payload,
                                       uint32_t seqBase,
                                       uint32_t ackBase);

/**
 * \brief A segment in script notation: `> S. 0:0(0) ack 1 win 65535 <mss 536>`.
 * \param direction '<' or '>'
 * \param seqBase subtracted from the sequence number (the sender's ISN)
 * \param ackBase subtracted from the ack number (the receiver's ISN)
 */
std::string TcpFsmScriptFormatSegment(
    char direction, const TcpHeader& header, uint32_t payload, uint32_t seqBase, uint32_t ackBase);

} // namespace ns3

#endif /* TCP_FSM_SCRIPT_SEGMENT_H */
