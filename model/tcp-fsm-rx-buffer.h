/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * The receive (reassembly) buffer of a tcp-fsm socket: in-order bytes
 * waiting for the application, out-of-order pieces waiting for a hole to be
 * filled, and where the peer's FIN sits. It knows nothing of connection states.
 */
#ifndef TCP_FSM_RX_BUFFER_H
#define TCP_FSM_RX_BUFFER_H

#include "ns3/packet.h"
#include "ns3/ptr.h"
#include "ns3/sequence-number.h"

#include <cstdint>
#include <list>
#include <map>

namespace ns3
{

/**
 * \ingroup tcp-fsm
 * \brief Receive buffer: reassembles the peer's byte stream by sequence number.
 *
 * Bytes at NextSequence() (RCV.NXT) and after it that arrive contiguously
 * become readable (Available()); bytes beyond a hole are kept as out-of-order
 * pieces until the hole is filled. Where segments overlap, the copy already
 * held wins. A segment is trimmed to the part inside
 * [NextSequence(), NextSequence() + GetCapacity() - Available()), and, once
 * the FIN's position is known, to the part before the FIN.
 *
 * Sequence numbers compare modulo 2^32 (wrap-around is handled); the capacity
 * is therefore limited to MaxCapacity() (2^30) bytes.
 */
class TcpFsmRxBuffer
{
  public:
    /**
     * \brief Create an empty buffer whose next sequence number is 0.
     * \param capacity the most bytes held, in order and out of order (clamped to MaxCapacity())
     */
    explicit TcpFsmRxBuffer(uint32_t capacity = 131072);

    /// \returns the largest capacity accepted (2^30 bytes)
    static constexpr uint32_t MaxCapacity()
    {
        return 1U << 30;
    }

    /**
     * \brief Change the capacity.
     *
     * Bytes already held are kept even if the new capacity is smaller.
     * \param bytes the new capacity (clamped to MaxCapacity())
     */
    void SetCapacity(uint32_t bytes);
    /// \returns the capacity in bytes
    uint32_t GetCapacity() const;

    /**
     * \brief Set RCV.NXT at the start of the connection (IRS + 1).
     *
     * Only valid while the buffer holds nothing and no FIN is known; otherwise
     * the call is ignored (and asserts in builds with asserts enabled).
     * \param seq the sequence number of the peer's first data byte
     */
    void SetNextSequence(SequenceNumber32 seq);
    /**
     * \returns RCV.NXT: the next in-order sequence number expected. It also
     *          counts the FIN once ConsumeFin() was called.
     */
    SequenceNumber32 NextSequence() const;

    /// \returns the receive window to advertise: GetCapacity() - Available() - OutOfOrderBytes(),
    /// at least 0
    uint32_t Window() const;
    /// \returns the number of in-order bytes ready for Read()
    uint32_t Available() const;
    /// \returns the number of bytes held beyond a hole
    uint32_t OutOfOrderBytes() const;

    /**
     * \brief Add a segment's payload.
     *
     * Bytes before NextSequence() (duplicates), at or beyond
     * NextSequence() + GetCapacity() - Available() (outside the buffer) and, if
     * the FIN's position is known, at or beyond the FIN are dropped. The rest is
     * stored; bytes already held (in an earlier out-of-order piece) are kept
     * and the new copy of them is ignored. NextSequence() then advances over
     * any contiguous run now starting at it.
     * \param payload the segment's data
     * \param seq the sequence number of the payload's first byte
     * \returns how far NextSequence() advanced (0 for duplicates and out-of-order data)
     */
    uint32_t Add(Ptr<const Packet> payload, SequenceNumber32 seq);

    /**
     * \brief Remove in-order bytes for the application.
     * \param maxBytes the most bytes wanted
     * \returns a new packet holding up to \p maxBytes bytes (empty when none are
     *          available). It carries no packet tags (byte tags stay with their bytes).
     */
    Ptr<Packet> Read(uint32_t maxBytes);

    /**
     * \brief Record the position of the peer's FIN.
     *
     * The FIN occupies the sequence number just after the peer's last data
     * byte. May be called for any segment carrying FIN, even out of order.
     * From then on no byte at or beyond \p finSeq is accepted, and
     * out-of-order bytes already held at or beyond it are dropped. The first
     * FIN position recorded is kept: a later call with another position, or
     * one before NextSequence() (bytes there were already accepted), is ignored.
     * \param finSeq the sequence number of the FIN
     */
    void SetFin(SequenceNumber32 finSeq);
    /// \returns true if the position of the FIN is known
    bool HasFin() const;
    /// \returns true if the FIN is known, all data before it has arrived, and it was not consumed
    /// yet
    bool FinReady() const;
    /**
     * \brief Take the FIN: NextSequence() advances by one past it.
     *
     * Precondition: FinReady(). Otherwise the call is ignored (and asserts in
     * builds with asserts enabled).
     */
    void ConsumeFin();
    /// \returns true once ConsumeFin() was called
    bool FinConsumed() const;

  private:
    /**
     * \param seq a sequence number
     * \returns seq - NextSequence() as a signed distance (modulo 2^32)
     */
    int64_t OffsetOf(SequenceNumber32 seq) const;

    /**
     * \brief Store bytes [begin, end) of the stream, given as offsets from
     * NextSequence(), that are not held already.
     * \param payload the segment's data
     * \param payloadOffset offset from NextSequence() of the payload's first byte
     * \param begin first offset to store (>= 0)
     * \param end offset after the last byte to store
     */
    void Store(Ptr<const Packet> payload, int64_t payloadOffset, int64_t begin, int64_t end);

    /// \brief Move the out-of-order pieces now contiguous with NextSequence() to the in-order
    /// queue. \returns the number of bytes NextSequence() advanced
    uint32_t Advance();

    /// Out-of-order pieces by first sequence number; they never overlap. All
    /// lie within 2^30 bytes after NextSequence(), where SequenceNumber32's
    /// modulo-2^32 operator< is a strict weak order.
    std::map<SequenceNumber32, Ptr<Packet>> m_outOfOrder;
    std::list<Ptr<Packet>> m_inOrder; //!< readable bytes, oldest first
    SequenceNumber32 m_next{0};       //!< RCV.NXT
    SequenceNumber32 m_finSeq{0};     //!< the FIN's sequence number, if m_hasFin
    uint32_t m_capacity;              //!< most bytes held
    uint32_t m_available{0};          //!< bytes in m_inOrder
    uint32_t m_outOfOrderBytes{0};    //!< bytes in m_outOfOrder
    bool m_hasFin{false};             //!< the FIN's position is known
    bool m_finConsumed{false};        //!< ConsumeFin() was called
};

} // namespace ns3

#endif /* TCP_FSM_RX_BUFFER_H */
