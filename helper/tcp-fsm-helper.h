/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef TCP_FSM_HELPER_H
#define TCP_FSM_HELPER_H

#include "ns3/internet-stack-helper.h"
#include "ns3/node-container.h"

namespace ns3
{

class TcpFsmL4Protocol;

/**
 * \ingroup tcp-fsm
 * \brief Makes tcp-fsm the TCP of some nodes.
 *
 * Use it INSTEAD of InternetStackHelper::Install on those nodes: it installs the
 * whole Internet stack (IPv4, IPv6, routing as configured on the InternetStackHelper
 * given to it) with TcpFsmL4Protocol as protocol 6. Applications there that ask for
 * ns3::TcpSocketFactory get TcpFsmSocket objects; other nodes keep ns-3's TCP.
 * Installing on a node that already has an Internet stack is refused with a message
 * (ns-3 cannot remove its TCP from a node); installing InternetStackHelper after it
 * is refused by ns-3 itself ("existing Ipv4 object").
 *
 * One difference from the bare SetTcp line: the sockets start from ns3::TcpFsmSocket's own
 * attribute values (Profile rfc: no SACK, no timestamps), not from ns3::TcpSocketBase's
 * Sack, Timestamp, WindowScaling, ... (TcpFsmL4Protocol's TcpSocketBaseDefaults is set
 * false, unless its default was changed). SocketType and RecoveryType, the L4's own
 * attributes, apply on both ways.
 */
class TcpFsmHelper
{
  public:
    TcpFsmHelper();
    /// Use this InternetStackHelper's settings (routing, IPv4/IPv6 switches) for the stack.
    explicit TcpFsmHelper(const InternetStackHelper& stack);

    void Install(Ptr<Node> node) const;
    void Install(NodeContainer nodes) const;
    void InstallAll() const;

    /**
     * Fix the random streams of tcp-fsm on these nodes (the ISN secrets of RFC 6528),
     * so that two simulations in one process draw the same ISNs.
     * \return the number of streams used
     */
    static int64_t AssignStreams(NodeContainer nodes, int64_t stream);

    /// The node's TcpFsmL4Protocol, or nullptr when the node does not run tcp-fsm.
    static Ptr<TcpFsmL4Protocol> GetL4(Ptr<Node> node);

  private:
    InternetStackHelper m_stack;
};

} // namespace ns3

#endif /* TCP_FSM_HELPER_H */
