/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Targeted segment drops for labs: "drop the first SYN+ACK", "drop the third segment of the
 * first handshake", "drop the second FIN". A spec (--drop=KIND:N) names a kind of segment and
 * which one of that kind to drop; an ErrorModel applies the specs (and a random loss rate) to
 * the segments a link delivers.
 */
#ifndef TCP_FSM_DROP_SPEC_H
#define TCP_FSM_DROP_SPEC_H

#include "ns3/error-model.h"
#include "ns3/random-variable-stream.h"

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <tuple>
#include <vector>

namespace ns3
{

class Ipv4Header;
class TcpHeader;

/// The kinds of segment a drop spec can name.
enum class TcpFsmSegmentKind : uint8_t
{
    SYN,     ///< "syn": a SYN without ACK (segment 1 of a handshake)
    SYN_ACK, ///< "synack": a SYN with ACK (segment 2)
    ACK3,    ///< "ack3": the first segment the opener sends after a SYN+ACK reached it (seg. 3)
    ACK,     ///< "ack": a pure ACK (no SYN, FIN, RST, no data)
    ACK_FIN, ///< "ackfin": the first pure ACK sent after a FIN reached that end (the ACK of a FIN)
    DATA,    ///< "data": a segment carrying data (retransmissions included)
    FIN,     ///< "fin": a segment carrying FIN
    RST,     ///< "rst": a segment carrying RST
    ANY,     ///< "any": every TCP segment
};

/// One rule: drop the segments number first..last (1-based, inclusive) of a kind.
struct TcpFsmDropRule
{
    TcpFsmSegmentKind kind{TcpFsmSegmentKind::ANY};
    uint64_t first{1};
    uint64_t last{1};

    bool operator==(const TcpFsmDropRule& o) const;
};

/**
 * \ingroup tcp-fsm
 * \brief The --drop=KIND:N[-M][,KIND:N...] syntax.
 *
 * KIND is one of syn, synack, ack3, ack, ackfin, data, fin, rst, any; N (>= 1) the number of
 * the segment of that kind to drop, counted over the link in both directions in the order
 * the segments reach its receivers, retransmissions included; N-M drops segments N to M.
 */
class TcpFsmDropSpec
{
  public:
    /**
     * \brief Parse one --drop value (one or more comma-separated rules) and append its rules.
     * \param text the value, e.g. "synack:1" or "syn:1-3,fin:2"
     * \param rules receives the rules (unchanged on error)
     * \param error what is wrong, e.g. "unknown kind 'sin' (kinds: syn, synack, ...)"
     * \return false when text is malformed
     */
    static bool Parse(const std::string& text,
                      std::vector<TcpFsmDropRule>& rules,
                      std::string& error);
    /// "syn", "synack", ...
    static const char* KindName(TcpFsmSegmentKind kind);
    /// "syn, synack, ack3, ack, ackfin, data, fin, rst, any"
    static std::string KindList();
    /// "synack:1", "syn:1-3"
    static std::string Format(const TcpFsmDropRule& rule);
};

/**
 * \ingroup tcp-fsm
 * \brief Counts the segments of each kind a link delivers and decides which to drop.
 *
 * One dropper serves both directions of a link (the ErrorModels of its two devices share
 * it), so that "the first SYN+ACK" means the first one on the link. Offer() counts a segment
 * under every kind it belongs to and says whether a rule drops it; Delivered() is told about
 * the segments that got through, which is what ack3 and ackfin depend on: a SYN+ACK that
 * reached the opener makes the opener's next segment on that connection an ack3, a FIN that
 * reached an end makes that end's next pure ACK an ackfin.
 */
class TcpFsmSegmentDropper
{
  public:
    explicit TcpFsmSegmentDropper(std::vector<TcpFsmDropRule> rules);

    /// The kinds this segment belongs to (ANY included).
    std::vector<TcpFsmSegmentKind> Classify(const Ipv4Header& ip,
                                            const TcpHeader& tcp,
                                            uint32_t payload) const;
    /// Count a segment offered to the link; true when a rule drops it.
    bool Offer(const Ipv4Header& ip, const TcpHeader& tcp, uint32_t payload);
    /// The segment reached the other end of the link.
    void Delivered(const Ipv4Header& ip, const TcpHeader& tcp, uint32_t payload);

    /// Segments of this kind offered so far.
    uint64_t GetCount(TcpFsmSegmentKind kind) const;
    /// Segments dropped by the rules so far.
    uint64_t GetDropped() const;
    const std::vector<TcpFsmDropRule>& GetRules() const;

  private:
    /// (source address, source port, destination address, destination port)
    using Direction = std::tuple<uint32_t, uint16_t, uint32_t, uint16_t>;
    static Direction Of(const Ipv4Header& ip, const TcpHeader& tcp);
    static Direction Reverse(const Direction& d);

    std::vector<TcpFsmDropRule> m_rules;
    std::map<TcpFsmSegmentKind, uint64_t> m_counts;
    uint64_t m_dropped{0};
    std::map<Direction, bool> m_expectAck3;   ///< this direction's next segment is an ack3
    std::map<Direction, bool> m_expectAckFin; ///< this direction's next pure ACK is an ackfin
};

/**
 * \ingroup tcp-fsm
 * \brief An ErrorModel for a PointToPointNetDevice's ReceiveErrorModel: drops the TCP/IPv4
 * segments a TcpFsmSegmentDropper picks, then each remaining TCP segment with probability
 * ErrorRate. Packets that are not TCP over IPv4 pass untouched.
 */
class TcpFsmDropErrorModel : public ErrorModel
{
  public:
    static TypeId GetTypeId();
    TcpFsmDropErrorModel();

    /// Share a dropper (may be null: random loss only).
    void SetDropper(std::shared_ptr<TcpFsmSegmentDropper> dropper);
    /// Fix the random stream of the loss; returns the number of streams used (1).
    int64_t AssignStreams(int64_t stream);
    /// Segments lost at random so far.
    uint64_t GetRandomDrops() const;

  private:
    bool DoCorrupt(Ptr<Packet> p) override;
    void DoReset() override;

    double m_rate{0};
    Ptr<UniformRandomVariable> m_rng;
    std::shared_ptr<TcpFsmSegmentDropper> m_dropper;
    uint64_t m_randomDrops{0};
};

} // namespace ns3

#endif /* TCP_FSM_DROP_SPEC_H */
