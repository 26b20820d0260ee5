/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Time-sequence ("ladder") diagrams of one connection, as SVG, from the
 * transition and segment traces.
 */
#ifndef TCP_FSM_LADDER_H
#define TCP_FSM_LADDER_H

#include "ns3/nstime.h"
#include "ns3/tcp-fsm-transition-record.h"

#include <cstdint>
#include <iosfwd>
#include <string>
#include <vector>

namespace ns3
{

/// Escape &, <, >, " and ' for XML/SVG/HTML text and attribute values.
std::string TcpFsmXmlEscape(const std::string& s);

/**
 * \ingroup tcp-fsm
 * \brief The ladder diagram of one connection: two vertical time axes (the two ends), one
 * arrow per segment, each end's state written beside its axis where it changes.
 *
 * Built from transition records (TcpFsmTransitionRecord, live or read back from the
 * transition CSV) and segment records (TcpFsmSegmentRecord, the SegmentTx/SegmentRx traces
 * or the segment CSV). Select() picks a connection by one of its sockets; the other end is
 * the socket with the mirrored addresses whose life overlaps it (and may be untraced, e.g.
 * ns-3's own TCP). A segment sent by one end is matched with the first later segment
 * received by the other end that has the same flags, sequence and acknowledgment numbers and
 * length; a segment sent and never received is drawn as an arrow that stops short, with a
 * cross. Sequence and acknowledgment numbers are shown relative to each end's ISN (the
 * sequence number of its SYN). The active opener is drawn on the left. Time runs down;
 * idle gaps are compressed and marked with their length.
 *
 * Folding (the default): a run of two or more data segments sent one way, with the pure
 * ACKs the other way among them, is drawn as one band labelled with the count and the byte
 * range. The handshake, FIN, RST, retransmitted and lost segments and the ACKs of a FIN are
 * never folded. Every label is horizontal monospace text; rows are pushed down until no two
 * labels' boxes (0.6 em a character, from 0.8 em above the baseline to 0.25 em below)
 * overlap.
 */
class TcpFsmLadder
{
  public:
    /// One segment of the diagram.
    struct Arrow
    {
        bool fromLeft{true};       ///< sent by the left end
        Time sent;                 ///< time it was sent (estimated when senderUnknown)
        Time received;             ///< time it was received (estimated when lost)
        bool lost{false};          ///< sent, never received by the traced other end
        bool senderUnknown{false}; ///< received, the sender's trace has no such segment
        uint8_t flags{0};
        uint32_t seq{0};    ///< relative to the sender's ISN when known
        uint32_t ack{0};    ///< relative to the receiver's ISN when known
        uint32_t length{0}; ///< payload bytes
        std::string label;  ///< "SYN|ACK seq=0 ack=1 len=0"
    };

    /// A state change of one end.
    struct StateMark
    {
        bool left{true};
        Time time;
        TcpFsmState state{TcpSocket::CLOSED};
        std::string cause; ///< event name; empty for the state the trace starts in
    };

    /**
     * \param transitions transition records (any nodes, any order)
     * \param segments segment records (any nodes, any order)
     */
    TcpFsmLadder(std::vector<TcpFsmTransitionRecord> transitions,
                 std::vector<TcpFsmSegmentRecord> segments);

    /**
     * \brief Choose the connection of this socket.
     * \return false with a message when the trace has no such socket, or the socket never had
     * a peer (a listener)
     */
    bool Select(uint32_t nodeId, uint64_t socketId, std::string& error);

    /// A run of data segments drawn as one band (arrows [first, last] in send order).
    struct Band
    {
        bool fromLeft{true};   ///< the data flow from the left end
        std::size_t first{0};  ///< index in GetArrows() of the first arrow folded
        std::size_t last{0};   ///< ... and of the last
        uint32_t segments{0};  ///< data segments folded
        uint32_t acks{0};      ///< pure ACKs the other way folded
        uint32_t firstByte{0}; ///< relative sequence number of the first byte
        uint32_t endByte{0};   ///< ... and one past the last byte
        Time start;            ///< first sent
        Time end;              ///< last data segment received
    };

    /// Fold runs of data segments into bands (true, the default) or draw every segment.
    void SetFold(bool fold);
    /// The bands WriteSvg() draws (none when folding is off).
    std::vector<Band> GetBands() const;

    /// The SVG document (after a successful Select()).
    void WriteSvg(std::ostream& os) const;
    /**
     * \brief For an SVG inlined in HTML: no XML declaration, and every id (arrow heads)
     * starts with the prefix, so that several ladders can share a page.
     */
    void SetInline(const std::string& idPrefix);

    /// The segments, in the order they were sent.
    const std::vector<Arrow>& GetArrows() const;
    /// The state changes of both ends, in time order.
    const std::vector<StateMark>& GetStates() const;
    /// "node 0 socket 1 10.1.1.1:49153" for the left (true) or right end.
    std::string EndName(bool left) const;

  private:
    struct End
    {
        bool traced{false}; ///< transitions of this end are in the trace
        uint32_t node{0};
        uint64_t socket{0};
        std::string local;
        std::string peer;
        Time start;
        Time end;
        std::vector<TcpFsmTransitionRecord> transitions;
    };

    /// The other end of a, from the transitions; traced == false when none.
    End FindPeer(const End& a) const;
    /// The segments of an end (its node, its addresses, its lifetime); any node other than
    /// notNode when the end is not traced.
    std::vector<TcpFsmSegmentRecord> SegmentsOf(const End& e, bool sent, uint32_t notNode) const;
    void BuildArrows();

    std::vector<TcpFsmTransitionRecord> m_transitions;
    std::vector<TcpFsmSegmentRecord> m_segments;
    End m_left;
    End m_right;
    bool m_rolesKnown{false}; ///< which end opened actively is known
    Time m_delay;             ///< one-way delay estimate (median of the matched segments)
    std::vector<Arrow> m_arrows;
    std::vector<StateMark> m_states;
    bool m_fold{true};
    bool m_inline{false};
    std::string m_idPrefix;
};

} // namespace ns3

#endif /* TCP_FSM_LADDER_H */
