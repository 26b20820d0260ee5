/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * TcpFsmSocket: the trace sources that ns-3's TcpSocketState feeds (CongestionWindow, RTT,
 * CongState, ...) are connected to it only when someone listens. Making the ten forwarding
 * Callbacks for every socket (and destroying them) cost about 30,000 instructions per
 * socket, for sockets that nobody traces.
 */
#include "tcp-fsm-socket.h"

#include "ns3/trace-source-accessor.h"

namespace ns3
{

/**
 * The accessor of a trace source that the TcpSocketState feeds: ns-3's own accessor, after
 * TcpFsmSocket::ConnectCcTraces() has wired the TcpSocketState's TracedValues to the socket.
 */
class TcpFsmCcTraceAccessor : public TraceSourceAccessor
{
  public:
    explicit TcpFsmCcTraceAccessor(Ptr<const TraceSourceAccessor> inner)
      : m_inner(inner)
    {}

    bool ConnectWithoutContext(ObjectBase* obj, const CallbackBase& cb) const override
    {
        Wire(obj);
        return m_inner->ConnectWithoutContext(obj, cb);
    }

    bool Connect(ObjectBase* obj, std::string context, const CallbackBase& cb) const override
    {
        Wire(obj);
        return m_inner->Connect(obj, context, cb);
    }

    bool DisconnectWithoutContext(ObjectBase* obj, const CallbackBase& cb) const override
    {
        return m_inner->DisconnectWithoutContext(obj, cb);
    }

    bool Disconnect(ObjectBase* obj, std::string context, const CallbackBase& cb) const override
    {
        return m_inner->Disconnect(obj, context, cb);
    }

  private:
    static void Wire(ObjectBase* obj)
    {
        if (auto socket = dynamic_cast<TcpFsmSocket*>(obj))
        {
            socket->ConnectCcTraces();
        }
    }

    Ptr<const TraceSourceAccessor> m_inner;
};

Ptr<const TraceSourceAccessor>
TcpFsmSocket::WrapCcTraceAccessor(Ptr<const TraceSourceAccessor> inner)
{
    return Create<TcpFsmCcTraceAccessor>(inner);
}

bool
TcpFsmSocket::CcTracesWanted() const
{
    return !m_cWndTrace.IsEmpty() || !m_cWndInflTrace.IsEmpty() || !m_ssThTrace.IsEmpty()
           || !m_congStateTrace.IsEmpty() || !m_congStateTransitionTrace.IsEmpty()
           || !m_ecnStateTrace.IsEmpty() || !m_nextTxSequenceTrace.IsEmpty()
           || !m_highTxMarkTrace.IsEmpty() || !m_bytesInFlightTrace.IsEmpty()
           || !m_lastRttTrace.IsEmpty() || !m_pacingRateTrace.IsEmpty();
}

bool
TcpFsmSocket::HasTraceSinks() const
{
    return !m_transitionTrace.IsEmpty() || !m_txTrace.IsEmpty() || !m_rxTrace.IsEmpty()
           || CcTracesWanted();
}

void
TcpFsmSocket::CopyTraceSinks(const TcpFsmSocket& listener)
{
    m_transitionTrace = listener.m_transitionTrace;
    m_cWndTrace = listener.m_cWndTrace;
    m_cWndInflTrace = listener.m_cWndInflTrace;
    m_ssThTrace = listener.m_ssThTrace;
    m_congStateTrace = listener.m_congStateTrace;
    m_congStateTransitionTrace = listener.m_congStateTransitionTrace;
    m_ecnStateTrace = listener.m_ecnStateTrace;
    m_nextTxSequenceTrace = listener.m_nextTxSequenceTrace;
    m_highTxMarkTrace = listener.m_highTxMarkTrace;
    m_bytesInFlightTrace = listener.m_bytesInFlightTrace;
    m_lastRttTrace = listener.m_lastRttTrace;
    m_pacingRateTrace = listener.m_pacingRateTrace;
    m_txTrace = listener.m_txTrace;
    m_rxTrace = listener.m_rxTrace;
}

void
TcpFsmSocket::ConnectCcTraces()
{
    if (m_ccTracesConnected)
    {
        return;
    }
    m_ccTracesConnected = true;
    // Straight to the TracedValues (no lookup of the trace source by name).
    m_cc->m_cWnd.ConnectWithoutContext(MakeCallback(&TcpFsmSocket::TraceCwnd, this));
    m_cc->m_cWndInfl.ConnectWithoutContext(MakeCallback(&TcpFsmSocket::TraceCwndInfl, this));
    m_cc->m_ssThresh.ConnectWithoutContext(MakeCallback(&TcpFsmSocket::TraceSsThresh, this));
    m_cc->m_congState.ConnectWithoutContext(MakeCallback(&TcpFsmSocket::TraceCongState, this));
    m_cc->m_ecnState.ConnectWithoutContext(MakeCallback(&TcpFsmSocket::TraceEcnState, this));
    m_cc->m_nextTxSequence.ConnectWithoutContext(MakeCallback(&TcpFsmSocket::TraceNextTx, this));
    m_cc->m_highTxMark.ConnectWithoutContext(MakeCallback(&TcpFsmSocket::TraceHighTx, this));
    m_cc->m_bytesInFlight.ConnectWithoutContext(
        MakeCallback(&TcpFsmSocket::TraceBytesInFlight, this));
    m_cc->m_lastRtt.ConnectWithoutContext(MakeCallback(&TcpFsmSocket::TraceRtt, this));
    m_cc->m_pacingRate.ConnectWithoutContext(MakeCallback(&TcpFsmSocket::TracePacingRate, this));
}

} // namespace ns3
