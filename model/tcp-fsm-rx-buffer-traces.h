/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * What ns-3 code reaches through a TCP socket's "RxBuffer" attribute: the trace source
 * NextRxSequence (RCV.NXT), with ns-3's name and meaning, so that Config paths such as
 * /NodeList/N/$ns3::TcpL4Protocol/SocketList/M/RxBuffer/NextRxSequence connect on a tcp-fsm
 * socket. The socket's reassembly buffer (TcpFsmRxBuffer) stays a plain class; this small
 * Object is created only when the attribute is first read.
 */
#ifndef TCP_FSM_RX_BUFFER_TRACES_H
#define TCP_FSM_RX_BUFFER_TRACES_H

#include "ns3/object.h"
#include "ns3/sequence-number.h"
#include "ns3/traced-value.h"

namespace ns3
{

/**
 * \ingroup tcp-fsm
 * \brief The trace sources of a tcp-fsm socket's receive buffer, as ns-3's TcpRxBuffer names
 * them.
 *
 * NextRxSequence is RCV.NXT (RFC 9293): the next sequence number the socket expects from its
 * peer; it becomes IRS + 1 when the peer's SYN is accepted, moves with every in-order byte
 * and counts the peer's FIN once it is reached, as in ns-3's TcpRxBuffer. The socket writes
 * it through TcpFsmSocket::SetRcvNxt() whenever RCV.NXT changes.
 */
class TcpFsmRxBufferTraces : public Object
{
  public:
    /// \returns the object TypeId
    static TypeId GetTypeId();

    /// \param rcvNxt RCV.NXT when the object is created
    explicit TcpFsmRxBufferTraces(SequenceNumber32 rcvNxt = SequenceNumber32(0));

    /// \param rcvNxt the new RCV.NXT (fires NextRxSequence if it changed)
    void SetNextRxSequence(SequenceNumber32 rcvNxt)
    {
        m_nextRxSequence = rcvNxt;
    }

    /// \returns RCV.NXT as last set
    SequenceNumber32 GetNextRxSequence() const
    {
        return m_nextRxSequence;
    }

  private:
    TracedValue<SequenceNumber32> m_nextRxSequence; ///< RCV.NXT
};

} // namespace ns3

#endif // TCP_FSM_RX_BUFFER_TRACES_H
