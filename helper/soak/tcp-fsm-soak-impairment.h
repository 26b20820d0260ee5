/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef TCP_FSM_SOAK_IMPAIRMENT_H
#define TCP_FSM_SOAK_IMPAIRMENT_H

#include "ns3/error-model.h"
#include "ns3/nstime.h"
#include "ns3/random-variable-stream.h"

#include <cstdint>
#include <unordered_set>

namespace ns3
{

class PointToPointNetDevice;

/**
 * \ingroup tcp-fsm
 * \brief A receive error model of a point-to-point device that impairs a link the way the
 * soak (tcp-fsm-soak) needs: Gilbert-Elliott loss (a good and a bad state, each with its
 * loss probability), corruption (one bit of the TCP header or payload flipped, the packet
 * delivered: the receiver's checksum must catch it), duplication and reordering with delay
 * jitter (a copy, or the packet itself, handed to the device again after a random delay)
 * and the link down (every packet lost).
 *
 * Install it as the device's ReceiveErrorModel, then SetDevice(): duplicates and delayed
 * packets go back through PointToPointNetDevice::Receive, and this model lets them pass.
 * Packets are PPP frames (2 bytes) carrying IPv4 (20 bytes) and TCP.
 */
class TcpFsmSoakImpairment : public ErrorModel
{
  public:
    static TypeId GetTypeId();
    TcpFsmSoakImpairment();

    /// The device whose Receive() gets the duplicated and delayed packets.
    void SetDevice(Ptr<PointToPointNetDevice> device);
    /// The link is down (everything lost) or up.
    void SetLinkDown(bool down);
    /// Use these streams for the model's random variables; the number used.
    int64_t AssignStreams(int64_t stream);

    /// What the model did so far.
    struct Counts
    {
        uint64_t packets{0};    ///< packets seen (re-deliveries not counted)
        uint64_t lost{0};       ///< lost by Gilbert-Elliott
        uint64_t linkDown{0};   ///< lost while the link was down
        uint64_t corrupted{0};  ///< delivered with one bit flipped
        uint64_t duplicated{0}; ///< delivered twice
        uint64_t delayed{0};    ///< delivered late (jitter; may reorder)
    };

    const Counts& GetCounts() const;

  private:
    bool DoCorrupt(Ptr<Packet> p) override;
    void DoReset() override;
    void Redeliver(Ptr<Packet> p);

    double m_goodToBad; ///< per packet, probability of entering the bad state
    double m_badToGood; ///< per packet, probability of leaving it
    double m_lossGood;  ///< loss probability in the good state
    double m_lossBad;   ///< loss probability in the bad state
    double m_corrupt;   ///< probability of flipping a bit
    double m_duplicate; ///< probability of a second copy
    double m_delay;     ///< probability of delaying the packet
    Time m_maxJitter;   ///< a delayed packet or a copy arrives up to this much later
    bool m_bad{false};
    bool m_down{false};
    Ptr<UniformRandomVariable> m_rng;
    Ptr<PointToPointNetDevice> m_device;
    std::unordered_set<const Packet*> m_passing; ///< re-deliveries: let them through
    Counts m_counts;
};

} // namespace ns3

#endif /* TCP_FSM_SOAK_IMPAIRMENT_H */
