/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * TCP options as tcp-fsm reads and writes them: MSS (RFC 9293 3.7.1), window scale and
 * timestamps (RFC 7323), SACK-permitted and SACK blocks (RFC 2018, RFC 2883). Writing
 * follows Linux's layout byte for byte (the layout packetdrill scripts expect):
 *
 *   SYN, SYN+ACK  mss | sackOK,TS (both) | nop,nop,TS | nop,nop,sackOK | nop,wscale
 *   other         nop,nop,TS | nop,nop,sack blocks
 *
 * ns-3's TcpHeader keeps options in the order they are appended and pads the end with EOL
 * only when the length is not a multiple of 4; every layout above is, so the bytes on the
 * wire are Linux's. Pure functions: no socket state.
 */
#ifndef TCP_FSM_OPTIONS_H
#define TCP_FSM_OPTIONS_H

#include "ns3/nstime.h"
#include "ns3/sequence-number.h"
#include "ns3/tcp-header.h"

#include <cstdint>
#include <vector>

namespace ns3
{

/// One SACK block: [left, right), as RFC 2018 3 (right is one past the last byte).
struct TcpFsmSackBlock
{
    SequenceNumber32 left{0};
    SequenceNumber32 right{0};

    bool operator==(const TcpFsmSackBlock& o) const
    {
        return left == o.left && right == o.right;
    }
};

/// SACK blocks in the order they appear in the option (the first is the most recent).
using TcpFsmSackBlocks = std::vector<TcpFsmSackBlock>;

/// The options tcp-fsm reads from an arriving segment.
struct TcpFsmRxOptions
{
    bool hasMss{false};
    uint16_t mss{0};
    bool hasWindowScale{false};
    uint8_t windowScale{0}; ///< as received (the caller clamps to 14)
    bool sackPermitted{false};
    bool hasTimestamp{false};
    uint32_t tsVal{0};
    uint32_t tsEcr{0};
    TcpFsmSackBlocks sack; ///< the SACK option's blocks (empty when absent)
};

/// Read the options of a header.
TcpFsmRxOptions TcpFsmReadOptions(const TcpHeader& h);

/// The shift of a window scale option as the segment had it. ns-3's reader keeps a shift
/// above 14 (RFC 7323 2.3: the receiver uses 14), but TcpOptionWinScale::GetScale() asserts
/// one of at most 14 in ns-3 builds with asserts (an ns-3 source tree's default build): an
/// arriving SYN must not stop the simulation, so the shift is read without it. windowScale
/// must be a TcpOptionWinScale (kind TcpOption::WINSCALE).
uint8_t TcpFsmWindowShift(const TcpOption& windowScale);

/**
 * The header whose first offset bytes are raw (offset: the data offset in bytes, checked by
 * the caller against the packet), as TcpHeader::Deserialize reads it, without making each
 * option through an ObjectFactory: the kinds tcp-fsm reads (NOP, MSS, window scale,
 * SACK-permitted, timestamps, SACK) with their lengths, filling the option space exactly.
 * False, h untouched, for anything else (EOL, unknown kinds, a header that already has
 * options): the caller then deserializes with ns-3. No checksum: the caller asks ns-3 when
 * checksums are on.
 */
bool TcpFsmReadHeader(const uint8_t* raw, uint32_t offset, TcpHeader& h);

/// The options to write on one segment.
struct TcpFsmTxOptions
{
    bool mss{false}; ///< SYN, SYN+ACK: the MSS option
    uint16_t mssValue{0};
    bool windowScale{false};
    uint8_t shift{0};
    bool sackPermitted{false};
    bool timestamp{false};
    uint32_t tsVal{0};
    uint32_t tsEcr{0};
    TcpFsmSackBlocks sack; ///< blocks to report (the caller limits their number)
};

/// Append the options to h in Linux's layout (see the file comment).
void TcpFsmWriteOptions(TcpHeader& h, const TcpFsmTxOptions& o);

/// The most SACK blocks that fit next to the other options (Linux: 3 with timestamps, 4
/// without; RFC 2018 3).
constexpr uint32_t
TcpFsmMaxSackBlocks(bool timestamps)
{
    return timestamps ? 3 : 4;
}

/// RFC 7323 5.3 R1 (PAWS): a TSval older than TS.Recent (modulo 2^32) is rejected.
constexpr bool
TcpFsmPawsRejects(uint32_t tsVal, uint32_t tsRecent)
{
    return static_cast<int32_t>(tsVal - tsRecent) < 0;
}

/**
 * \brief The RFC 7323 timestamp clock of a connection: 1 ms ticks (Linux's tcp_ts_tick is
 * 1 ms) from the simulation clock plus a per-connection offset (RFC 7323 5.4, as Linux's
 * tsoffset), so that TSval does not reveal the host's uptime.
 */
inline uint32_t
TcpFsmTsValue(Time now, uint32_t offset)
{
    return static_cast<uint32_t>(now.GetMilliSeconds()) + offset;
}

/// The RTT a TSecr measures at now (RFC 7323 4.1): now's TSval - TSecr, in ms ticks.
inline Time
TcpFsmTsRtt(Time now, uint32_t offset, uint32_t tsEcr)
{
    return MilliSeconds(static_cast<int32_t>(TcpFsmTsValue(now, offset) - tsEcr));
}

} // namespace ns3

#endif /* TCP_FSM_OPTIONS_H */
