/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The TcpSocketState's traces (CongestionWindow, CongStateTransition, ...) are wired to a
 * socket only when a sink is connected (TcpFsmCcTraceAccessor) or a listener's child inherits
 * the listener's sinks. Both ways must deliver the same calls as before the wiring was lazy:
 * a sink on the listener sees its children's windows, a sink connected to a child in the
 * accept callback sees them too, and a socket nobody traces still transfers its data.
 */
#include "tcp-fsm-two-nodes-fixture.h"

#include "ns3/applications-module.h"
#include "ns3/core-module.h"
#include "ns3/internet-module.h"
#include "ns3/network-module.h"
#include "ns3/point-to-point-module.h"
#include "ns3/tcp-fsm-helper.h"
#include "ns3/tcp-fsm-socket.h"

#include <gtest/gtest.h>

using namespace ns3;

namespace
{

using Net = TcpFsmTwoNodes;

void
Count(uint32_t* calls, uint32_t /* oldValue */, uint32_t /* newValue */)
{
    ++*calls;
}

} // namespace

TEST(LazyCcTraces, ListenerSinksReachTheChildren)
{
    Net net;
    Ptr<Socket> listener = Socket::CreateSocket(net.nodes.Get(1), TcpSocketFactory::GetTypeId());
    uint32_t cwnd = 0;
    ASSERT_TRUE(
        listener->TraceConnectWithoutContext("CongestionWindow", MakeBoundCallback(&Count, &cwnd)));
    net.ConnectSendClose(listener);
    EXPECT_GT(cwnd, 0u); // the child's window was set when it reached ESTABLISHED
}

TEST(LazyCcTraces, ChildSinksConnectedInTheAcceptCallback)
{
    Net net;
    Ptr<Socket> listener = Socket::CreateSocket(net.nodes.Get(1), TcpSocketFactory::GetTypeId());
    uint32_t accepted = 0;
    uint32_t flight = 0;
    listener->SetAcceptCallback(MakeNullCallback<bool, Ptr<Socket>, const Address&>(),
                                Callback<void, Ptr<Socket>, const Address&>(
                                    [&](Ptr<Socket> child, const Address&)
                                    {
                                        ++accepted;
                                        child->TraceConnectWithoutContext(
                                            "BytesInFlight", MakeBoundCallback(&Count, &flight));
                                        child->Send(Create<Packet>(5000)); // the child sends
                                    }));
    net.ConnectSendClose(listener);
    EXPECT_EQ(accepted, 1u);
    EXPECT_GT(flight, 0u); // wired when the sink was connected to the running child
}

TEST(LazyCcTraces, AClientTracedBeforeConnectSeesItsWindowAndPipe)
{
    Net net;
    Ptr<Socket> listener = Socket::CreateSocket(net.nodes.Get(1), TcpSocketFactory::GetTypeId());
    Ptr<Socket> client = Socket::CreateSocket(net.nodes.Get(0), TcpSocketFactory::GetTypeId());
    uint32_t cwnd = 0;
    uint32_t flight = 0;
    ASSERT_TRUE(
        client->TraceConnectWithoutContext("CongestionWindow", MakeBoundCallback(&Count, &cwnd)));
    ASSERT_TRUE(
        client->TraceConnectWithoutContext("BytesInFlight", MakeBoundCallback(&Count, &flight)));
    net.ConnectSendClose(listener, client);
    EXPECT_GT(cwnd, 1u);   // set at ESTABLISHED, then grown by the ACKs (slow start)
    EXPECT_GT(flight, 0u); // the pipe rose and fell
}
