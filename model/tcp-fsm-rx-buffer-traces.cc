/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "tcp-fsm-rx-buffer-traces.h"

#include "ns3/log.h"
#include "ns3/trace-source-accessor.h"

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("TcpFsmRxBufferTraces");
NS_OBJECT_ENSURE_REGISTERED(TcpFsmRxBufferTraces);

TypeId
TcpFsmRxBufferTraces::GetTypeId()
{
    static TypeId tid
        = TypeId("ns3::TcpFsmRxBufferTraces")
              .SetParent<Object>()
              .SetGroupName("TcpFsm")
              .AddTraceSource("NextRxSequence",
                              "RCV.NXT: the next sequence number expected from the peer "
                              "(as ns3::TcpRxBuffer's NextRxSequence)",
                              MakeTraceSourceAccessor(&TcpFsmRxBufferTraces::m_nextRxSequence),
                              "ns3::SequenceNumber32TracedValueCallback");
    return tid;
}

TcpFsmRxBufferTraces::TcpFsmRxBufferTraces(SequenceNumber32 rcvNxt)
  : m_nextRxSequence(rcvNxt)
{
    NS_LOG_FUNCTION(this << rcvNxt);
}

} // namespace ns3
