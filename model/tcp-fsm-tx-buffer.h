/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * The send buffer of a tcp-fsm socket: the bytes the application has handed
 * to the socket that the peer has not acknowledged yet (sent or unsent),
 * addressed by TCP sequence number. It knows nothing of connection states.
 */
#ifndef TCP_FSM_TX_BUFFER_H
#define TCP_FSM_TX_BUFFER_H

#include "ns3/packet.h"
#include "ns3/ptr.h"
#include "ns3/sequence-number.h"

#include <cstdint>
#include <deque>

namespace ns3
{

/**
 * \ingroup tcp-fsm
 * \brief Send buffer: application bytes from SND.UNA to the last queued byte.
 *
 * The bytes are kept as the packets the application wrote (one chunk per
 * Add()), never copied into one large buffer: CopyFrom() builds a segment's
 * payload by fragmenting only the chunks it covers, and DiscardUpTo() releases
 * chunks as cumulative acknowledgements arrive. Payload bytes, whether real
 * or ns-3's zero-filled virtual bytes, come out exactly as they went in.
 *
 * Sequence numbers compare modulo 2^32, so the buffer never holds more than
 * MaxCapacity() (2^30) bytes: every byte held is unambiguously "after" the head.
 */
class TcpFsmTxBuffer
{
  public:
    /**
     * \brief Create an empty buffer whose head sequence number is 0.
     * \param capacity the most bytes the buffer accepts (clamped to MaxCapacity())
     */
    explicit TcpFsmTxBuffer(uint32_t capacity = 131072);

    /// \returns the largest capacity accepted (2^30 bytes)
    static constexpr uint32_t MaxCapacity()
    {
        return 1U << 30;
    }

    /**
     * \brief Change the capacity.
     *
     * Shrinking below Size() keeps the bytes already held; Available() is then
     * 0 until enough of them are acknowledged.
     * \param bytes the new capacity (clamped to MaxCapacity())
     */
    void SetCapacity(uint32_t bytes);
    /// \returns the capacity in bytes
    uint32_t GetCapacity() const;

    /**
     * \brief Set the sequence number of the next byte to be added.
     *
     * Called once when the initial send sequence number is chosen (ISS + 1).
     * Only valid while the buffer is empty; on a non-empty buffer the call is
     * ignored (and asserts in builds with asserts enabled).
     * \param seq the sequence number of the first byte
     */
    void SetHeadSequence(SequenceNumber32 seq);
    /// \returns the sequence number of the first byte still held (SND.UNA)
    SequenceNumber32 HeadSequence() const;
    /// \returns the sequence number just after the last byte held
    SequenceNumber32 TailSequence() const;

    /// \returns the number of bytes held, sent-but-unacknowledged and unsent
    uint32_t Size() const;
    /// \returns GetCapacity() - Size(), or 0 if Size() exceeds the capacity
    uint32_t Available() const;

    /**
     * \brief Append a packet's bytes at the tail, all or nothing.
     *
     * The buffer keeps its own copy (ns-3 copy-on-write, cheap), so later
     * changes to \p p by the caller do not affect the queued bytes.
     * \param p the bytes to append
     * \returns true if all of \p p was queued (also for an empty packet),
     *          false (and nothing queued) if it does not fit in Available()
     */
    bool Add(Ptr<const Packet> p);

    /**
     * \param seq a sequence number
     * \returns TailSequence() - \p seq when \p seq lies in [HeadSequence(), TailSequence()),
     *          0 otherwise
     */
    uint32_t BytesFrom(SequenceNumber32 seq) const;

    /**
     * \brief Copy bytes out without removing them.
     * \param seq the sequence number of the first byte wanted
     * \param maxBytes the most bytes wanted
     * \returns a new packet holding bytes [seq, seq + min(maxBytes, BytesFrom(seq)));
     *          an empty packet when there are none. It carries no packet tags
     *          (byte tags stay with their bytes).
     */
    Ptr<Packet> CopyFrom(SequenceNumber32 seq, uint32_t maxBytes) const;

    /**
     * \brief Release the bytes before \p seq (a cumulative acknowledgement).
     *
     * A \p seq beyond TailSequence() is clamped to TailSequence(); a \p seq at
     * or before HeadSequence() changes nothing.
     * \param seq the first sequence number to keep
     * \returns the number of bytes released
     */
    uint32_t DiscardUpTo(SequenceNumber32 seq);

  private:
    /// One packet written by the application.
    struct Chunk
    {
        uint64_t begin;   ///< stream offset of the chunk's first byte
        Ptr<Packet> data; ///< the bytes (never modified once stored)
    };

    /**
     * \param seq a sequence number
     * \returns seq - HeadSequence() as a signed distance (modulo 2^32)
     */
    int64_t OffsetOf(SequenceNumber32 seq) const;

    std::deque<Chunk> m_chunks; //!< chunks in stream order; the first may be partly acknowledged
    uint64_t m_headOffset{0};   //!< stream offset of the head byte (counts bytes ever released)
    SequenceNumber32 m_head{0}; //!< sequence number of the head byte
    uint32_t m_size{0};         //!< bytes held
    uint32_t m_capacity;        //!< most bytes Add() accepts
};

} // namespace ns3

#endif /* TCP_FSM_TX_BUFFER_H */
