/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * The receiver's SACK blocks (RFC 2018 4, RFC 2883): which out-of-order data is held above
 * RCV.NXT, most recently changed block first, and the one-shot D-SACK block for a duplicate.
 * No socket state: the socket reports arrivals and RCV.NXT, and asks for the blocks of the
 * next ACK.
 */
#ifndef TCP_FSM_SACK_H
#define TCP_FSM_SACK_H

#include "tcp-fsm-options.h"

namespace ns3
{

/**
 * \ingroup tcp-fsm
 * \brief Receiver-side SACK block list (RFC 2018 4, with RFC 2883 D-SACK).
 *
 * RFC 2018 4: the first block reports the data that triggered the ACK; the others repeat
 * the most recently reported blocks. Blocks never overlap, and blocks at or below RCV.NXT
 * are forgotten as RCV.NXT passes them.
 */
class TcpFsmSackList
{
  public:
    /// Out-of-order data [left, right) was received (held above RCV.NXT).
    void AddOutOfOrder(SequenceNumber32 left, SequenceNumber32 right);
    /// RFC 2883: [left, right) arrived again; report it first in the next ACK only.
    void SetDuplicate(SequenceNumber32 left, SequenceNumber32 right);
    /// RCV.NXT moved to rcvNxt: forget blocks it passed.
    void Advance(SequenceNumber32 rcvNxt);
    /// Is [left, right) already held (inside one block)?
    bool Covers(SequenceNumber32 left, SequenceNumber32 right) const;
    /// The blocks for the next ACK, at most max: the D-SACK block first (then forgotten),
    /// then the most recent blocks.
    TcpFsmSackBlocks TakeForAck(uint32_t max);
    /// The blocks held, most recent first (no D-SACK).
    const TcpFsmSackBlocks& Blocks() const
    {
        return m_blocks;
    }

    bool Empty() const
    {
        return m_blocks.empty() && !m_hasDuplicate;
    }

    void Clear();

  private:
    TcpFsmSackBlocks m_blocks; ///< most recent first, disjoint
    bool m_hasDuplicate{false};
    TcpFsmSackBlock m_duplicate;
};

} // namespace ns3

#endif /* TCP_FSM_SACK_H */
