/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "tcp-fsm-sack.h"

#include <algorithm>

namespace ns3
{

void
TcpFsmSackList::AddOutOfOrder(SequenceNumber32 left, SequenceNumber32 right)
{
    if (!(left < right))
    {
        return;
    }
    // Merge every block the new data touches or overlaps into one, which goes first.
    TcpFsmSackBlock merged{left, right};
    TcpFsmSackBlocks rest;
    for (const auto& b : m_blocks)
    {
        if (b.right < merged.left || merged.right < b.left)
        {
            rest.push_back(b);
            continue;
        }
        merged.left = std::min(merged.left, b.left);
        merged.right = std::max(merged.right, b.right);
    }
    rest.insert(rest.begin(), merged);
    m_blocks.swap(rest);
}

void
TcpFsmSackList::SetDuplicate(SequenceNumber32 left, SequenceNumber32 right)
{
    if (!(left < right))
    {
        return;
    }
    m_hasDuplicate = true;
    m_duplicate = {left, right};
}

void
TcpFsmSackList::Advance(SequenceNumber32 rcvNxt)
{
    m_blocks.erase(std::remove_if(m_blocks.begin(),
                                  m_blocks.end(),
                                  [rcvNxt](const TcpFsmSackBlock& b)
                                  {
                                      return b.left < rcvNxt;
                                  }),
                   m_blocks.end());
}

bool
TcpFsmSackList::Covers(SequenceNumber32 left, SequenceNumber32 right) const
{
    return std::any_of(m_blocks.begin(),
                       m_blocks.end(),
                       [&](const TcpFsmSackBlock& b)
                       {
                           return b.left <= left && right <= b.right;
                       });
}

TcpFsmSackBlocks
TcpFsmSackList::TakeForAck(uint32_t max)
{
    TcpFsmSackBlocks out;
    if (m_hasDuplicate && max > 0)
    {
        out.push_back(m_duplicate);
        m_hasDuplicate = false;
    }
    for (const auto& b : m_blocks)
    {
        if (out.size() >= max)
        {
            break;
        }
        if (!out.empty() && out.front() == b)
        {
            continue; // the D-SACK block repeats a held block (RFC 2883 4.2.2)
        }
        out.push_back(b);
    }
    return out;
}

void
TcpFsmSackList::Clear()
{
    m_blocks.clear();
    m_hasDuplicate = false;
}

} // namespace ns3
