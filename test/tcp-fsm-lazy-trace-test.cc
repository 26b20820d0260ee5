/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The TcpSocketState's traces (CongestionWindow, CongStateTransition, ...) are wired to a
 * socket only when a sink is connected (TcpFsmCcTraceAccessor) or a listener's child inherits
 * the listener's sinks. Both ways must deliver the same calls as before the wiring was lazy:
 * a sink on the listener sees its children's windows, a sink connected to a child in the
 * accept callback sees them too, and a socket nobody traces still transfers its data.
 * A listener's transition and Rx sinks reach its children the same way.
 * Also: a Tx sink that keeps the packets it is given sees them as sent, without the header
 * the L4 adds in place to a packet no one else holds.
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
#include <vector>

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

// A listener's child takes the listener's sinks of every trace source (as ns-3's
// TcpSocketBase copies them), not only those the TcpSocketState feeds: its transitions and
// its segments reach a sink connected to the listener before the SYN arrived.
TEST(LazyCcTraces, ListenerTransitionAndSegmentSinksReachTheChildren)
{
    Net net;
    Ptr<Socket> listener = Socket::CreateSocket(net.nodes.Get(1), TcpSocketFactory::GetTypeId());
    std::vector<TcpFsmTransitionRecord> records;
    uint64_t received = 0;
    ASSERT_TRUE(listener->TraceConnectWithoutContext("StateTransition",
                                                     Callback<void, const TcpFsmTransitionRecord&>(
                                                         [&](const TcpFsmTransitionRecord& r)
                                                         {
                                                             records.push_back(r);
                                                         })));
    ASSERT_TRUE(listener->TraceConnectWithoutContext(
        "Rx",
        Callback<void, Ptr<const Packet>, const TcpHeader&, Ptr<const TcpSocket>>(
            [&](Ptr<const Packet> p, const TcpHeader&, Ptr<const TcpSocket> s)
            {
                if (s != listener) // the listener's own: the SYN
                {
                    received += p->GetSize();
                }
            })));
    net.ConnectSendClose(listener);
    EXPECT_EQ(received, 20000u); // every byte, at the child
    uint32_t established = 0;
    uint32_t closeWait = 0;
    for (const auto& r : records)
    {
        established += r.from == TcpSocket::SYN_RCVD && r.to == TcpSocket::ESTABLISHED;
        closeWait += r.from == TcpSocket::ESTABLISHED && r.to == TcpSocket::CLOSE_WAIT;
    }
    EXPECT_EQ(established, 1u); // the child's handshake
    EXPECT_EQ(closeWait, 1u);   // and the client's FIN (the child is never closed here)
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

// The L4 puts a segment's header into the socket's packet when no one else holds it, and
// into a copy otherwise: a Tx sink that keeps the packets must see payloads only, as the
// trace promises (and as ns-3's TcpSocketBase, whose L4 always copies), while the wire
// carries the same segments either way.
TEST(TxTraceSinks, KeptPacketsStayWithoutTheHeader)
{
    uint64_t wireBytes[2] = {0, 0}; // client MacTx bytes: sink keeping packets, and not
    for (int keep = 0; keep < 2; ++keep)
    {
        Net net;
        Ptr<Socket> listener
            = Socket::CreateSocket(net.nodes.Get(1), TcpSocketFactory::GetTypeId());
        Ptr<Socket> client = Socket::CreateSocket(net.nodes.Get(0), TcpSocketFactory::GetTypeId());
        std::vector<Ptr<const Packet>> kept;
        uint64_t traced = 0;
        ASSERT_TRUE(client->TraceConnectWithoutContext(
            "Tx",
            Callback<void, Ptr<const Packet>, const TcpHeader&, Ptr<const TcpSocket>>(
                [&](Ptr<const Packet> p, const TcpHeader&, Ptr<const TcpSocket>)
                {
                    traced += p->GetSize();
                    if (keep)
                    {
                        kept.push_back(p);
                    }
                })));
        net.nodes.Get(0)->GetDevice(0)->TraceConnectWithoutContext(
            "MacTx",
            Callback<void, Ptr<const Packet>>(
                [&](Ptr<const Packet> p)
                {
                    wireBytes[keep] += p->GetSize();
                }));
        net.ConnectSendClose(listener, client);
        EXPECT_EQ(traced, 20000u); // every payload byte once (no loss on this link)
        if (keep)
        {
            ASSERT_FALSE(kept.empty());
            uint64_t keptBytes = 0;
            for (const auto& p : kept)
            {
                keptBytes += p->GetSize();
            }
            EXPECT_EQ(keptBytes, 20000u); // no header went into a packet the sink holds
        }
    }
    EXPECT_GT(wireBytes[0], 20000u);
    EXPECT_EQ(wireBytes[0], wireBytes[1]);
}
