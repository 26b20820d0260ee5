/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The scripted peer of the peer tests (tcp-fsm-peer-*-test.cc): ONE TcpFsmSocket on one node,
 * driven segment by segment.
 *
 * The node (10.0.0.1) runs tcp-fsm; there is no second stack. The L4's IPv4 down
 * target is replaced by a capture, so every segment the socket sends is recorded
 * (flags, seq, ack, window, payload size, time) and goes nowhere. The fictitious
 * peer 10.0.0.2 is the test: it builds TCP headers and hands them to
 * TcpFsmL4Protocol::Receive. Each test asserts "exactly these segments, then
 * nothing", and the (from, to, cause) edges of the node's StateTransition trace.
 *
 * Sequence numbers: ours are relative to our ISS (taken from the first SYN or
 * SYN+ACK captured); the peer's are absolute, with the peer's ISN kPeerIsn.
 */
#ifndef TCP_FSM_PEER_FIXTURE_H
#define TCP_FSM_PEER_FIXTURE_H

#include "ns3/boolean.h"
#include "ns3/config.h"
#include "ns3/inet-socket-address.h"
#include "ns3/internet-stack-helper.h"
#include "ns3/ipv4-address-generator.h"
#include "ns3/ipv4-address-helper.h"
#include "ns3/ipv4-header.h"
#include "ns3/ipv4-interface.h"
#include "ns3/ipv4-route.h"
#include "ns3/node.h"
#include "ns3/nstime.h"
#include "ns3/packet.h"
#include "ns3/simple-net-device-helper.h"
#include "ns3/simulator.h"
#include "ns3/tcp-fsm-helper.h"
#include "ns3/tcp-fsm-l4-protocol.h"
#include "ns3/tcp-fsm-socket.h"
#include "ns3/tcp-header.h"
#include "ns3/tcp-socket-factory.h"
#include "ns3/uinteger.h"

#include <algorithm>
#include <functional>
#include <gtest/gtest.h>
#include <sstream>
#include <string>
#include <vector>

namespace ns3
{
namespace test
{

using S = TcpSocket;
using E = TcpFsmEvent;

inline constexpr uint8_t FIN = TcpHeader::FIN;
inline constexpr uint8_t SYN = TcpHeader::SYN;
inline constexpr uint8_t RST = TcpHeader::RST;
inline constexpr uint8_t PSH = TcpHeader::PSH;
inline constexpr uint8_t ACK = TcpHeader::ACK;

inline const Ipv4Address kUs("10.0.0.1");
inline const Ipv4Address kPeer("10.0.0.2");
/// Our listener's port, and the port we connect to.
inline constexpr uint16_t kServerPort = 80;
/// The peer's port when it opens to our listener.
inline constexpr uint16_t kPeerClientPort = 5000;
/// The peer's initial sequence number.
inline constexpr uint32_t kPeerIsn = 1000;

/// A segment our node sent, as captured below IPv4's down target.
struct Sent
{
    Ipv4Address src;
    Ipv4Address dst;
    uint16_t srcPort;
    uint16_t dstPort;
    uint8_t flags;
    uint32_t seq;
    uint32_t ack;
    uint16_t window;
    uint32_t size;
    Time time;
    uint16_t urgentPointer; ///< meaningful when flags has URG
};

/// An expected segment: seq relative to our ISS (unless stated), ack absolute.
struct Want
{
    uint8_t flags;
    uint32_t seq;
    uint32_t ack;
    uint32_t size{0};
};

/// An edge of the StateTransition trace.
struct Edge
{
    TcpFsmState from;
    TcpFsmState to;
    TcpFsmEvent cause;
};

/// A record of the StateTransition trace.
struct Seen
{
    uint64_t socketId;
    TcpFsmState from;
    TcpFsmState to;
    TcpFsmEvent cause;
    Time time;
};

enum class Open
{
    ACTIVE,
    PASSIVE,
};

inline std::string
Flags(uint8_t flags)
{
    return flags == 0 ? std::string("none") : TcpHeader::FlagsToString(flags);
}

inline std::string
EdgeName(TcpFsmState from, TcpFsmState to, TcpFsmEvent cause)
{
    return std::string(TcpFsmStateName(from)) + " -> " + TcpFsmStateName(to) + " ("
           + TcpFsmEventName(cause) + ")";
}

// The fixture's checks, with the caller's line in the failure message.
#define EXPECT_SENT(...)               \
    do                                 \
    {                                  \
        SCOPED_TRACE("segments sent"); \
        ExpectSent(__VA_ARGS__);       \
    }                                  \
    while (false)
#define EXPECT_EDGES(...)             \
    do                                \
    {                                 \
        SCOPED_TRACE("edges traced"); \
        ExpectEdges(__VA_ARGS__);     \
    }                                 \
    while (false)
#define EXPECT_DROPS(...)             \
    do                                \
    {                                 \
        SCOPED_TRACE("drops traced"); \
        ExpectDrops(__VA_ARGS__);     \
    }                                 \
    while (false)
#define EXPECT_QUIET_FOR(d)           \
    do                                \
    {                                 \
        SCOPED_TRACE("quiet period"); \
        ExpectQuietFor(d);            \
    }                                 \
    while (false)

/**
 * The scripted peer. Socket calls and injections run inside the simulation:
 * Do() schedules them 1 ms from now and runs the simulator for one step (10 ms).
 */
class PeerTest : public ::testing::Test
{
  protected:
    void SetUp() override
    {
        Ipv4AddressGenerator::Reset();
        m_node = CreateObject<Node>();
        SimpleNetDeviceHelper devices;
        NetDeviceContainer devs = devices.Install(m_node);
        TcpFsmHelper().Install(m_node);
        Ipv4AddressHelper addresses("10.0.0.0", "255.255.255.0");
        addresses.Assign(devs); // 10.0.0.1/24
        m_l4 = TcpFsmHelper::GetL4(m_node);
        ASSERT_NE(m_l4, nullptr);
        // The scripts expect RFC 5681/6582 NewReno, not the L4's default (ns-3's TcpCubic).
        m_l4->SetAttribute("SocketType", TypeIdValue(TcpNewReno::GetTypeId()));
        m_l4->SetDownTarget(MakeCallback(&PeerTest::Capture, this));
        m_l4->TraceConnectWithoutContext("StateTransition",
                                         MakeCallback(&PeerTest::OnTransition, this));
        m_l4->TraceConnectWithoutContext("Drop", MakeCallback(&PeerTest::OnDrop, this));
    }

    void TearDown() override
    {
        m_sock = nullptr;
        m_listener = nullptr;
        m_accepted = nullptr;
        m_l4 = nullptr;
        m_node = nullptr;
        Simulator::Destroy();
        Config::Reset();
    }

    // ---- the capture, the traces, the application callbacks ------------------------------------

    void Capture(Ptr<Packet> packet,
                 Ipv4Address src,
                 Ipv4Address dst,
                 uint8_t protocol,
                 Ptr<Ipv4Route> /* route */)
    {
        EXPECT_EQ(protocol, 6);
        Ptr<Packet> copy = packet->Copy();
        TcpHeader h;
        copy->RemoveHeader(h);
        OnSent(packet, h);
        m_sent.push_back({src,
                          dst,
                          h.GetSourcePort(),
                          h.GetDestinationPort(),
                          h.GetFlags(),
                          h.GetSequenceNumber().GetValue(),
                          h.GetAckNumber().GetValue(),
                          h.GetWindowSize(),
                          copy->GetSize(),
                          Simulator::Now(),
                          h.GetUrgentPointer()});
    }

    /// A fixture that records more of each segment sent (its options, its IP ECN field)
    /// overrides this: the whole packet as the node sent it, and its TCP header.
    virtual void OnSent(Ptr<const Packet> /* packet */, const TcpHeader& /* header */) {}

    void OnTransition(const TcpFsmTransitionRecord& r)
    {
        m_edges.push_back({r.socketId, r.from, r.to, r.cause, r.time});
    }

    void OnDrop(const TcpHeader& /* h */, const std::string& reason)
    {
        m_drops.push_back(reason);
    }

    void Connected(Ptr<Socket>)
    {
        ++m_connectedCount;
    }

    void ConnectFailed(Ptr<Socket>)
    {
        ++m_connectFailedCount;
    }

    void NormalClose(Ptr<Socket>)
    {
        ++m_normalCloseCount;
    }

    void ErrorClose(Ptr<Socket>)
    {
        ++m_errorCloseCount;
    }

    void DataReady(Ptr<Socket>)
    {
        ++m_recvNotifications; // the test reads (or leaves unread) by itself
    }

    void Accepted(Ptr<Socket> s, const Address&)
    {
        ++m_acceptedCount;
        m_accepted = DynamicCast<TcpFsmSocket>(s);
    }

    Ptr<TcpFsmSocket> NewSocket()
    {
        Ptr<Socket> s = Socket::CreateSocket(m_node, TcpSocketFactory::GetTypeId());
        Ptr<TcpFsmSocket> t = DynamicCast<TcpFsmSocket>(s);
        EXPECT_NE(t, nullptr);
        t->SetConnectCallback(MakeCallback(&PeerTest::Connected, this),
                              MakeCallback(&PeerTest::ConnectFailed, this));
        t->SetCloseCallbacks(MakeCallback(&PeerTest::NormalClose, this),
                             MakeCallback(&PeerTest::ErrorClose, this));
        t->SetRecvCallback(MakeCallback(&PeerTest::DataReady, this));
        t->SetAcceptCallback(MakeNullCallback<bool, Ptr<Socket>, const Address&>(),
                             MakeCallback(&PeerTest::Accepted, this));
        return t;
    }

    // ---- driving the simulation ----------------------------------------------------------------

    /// Run the simulator for d.
    void Run(Time d)
    {
        Simulator::Stop(d);
        Simulator::Run();
    }

    /// Run f inside the simulation, 1 ms from now, then let one step (10 ms) pass.
    void Do(std::function<void()> f)
    {
        Simulator::Schedule(MilliSeconds(1), f);
        Run(kStep);
    }

    /// Call an application function of socket s (Close, ShutdownSend, Abort, Listen)
    /// inside the simulation; its return value.
    int Call(Ptr<TcpFsmSocket> s, int (TcpFsmSocket::*method)())
    {
        int rc = -2;
        Do(
            [&]()
            {
                rc = (PeekPointer(s)->*method)();
            });
        return rc;
    }

    /// s->Connect() to the peer's port 80, inside the simulation; its return value.
    int Connect(Ptr<TcpFsmSocket> s)
    {
        int rc = -2;
        Do(
            [&]()
            {
                rc = s->Connect(InetSocketAddress(kPeer, kServerPort));
            });
        return rc;
    }

    /// m_sock->Recv(maxSize), inside the simulation.
    Ptr<Packet> Read(uint32_t maxSize)
    {
        Ptr<Packet> p;
        Do(
            [&]()
            {
                p = m_sock->Recv(maxSize, 0);
            });
        return p;
    }

    /// The peer sends a segment on the connection under test: ack is relative to our ISS.
    void Inject(uint8_t flags, uint32_t seq, uint32_t ackRel, uint32_t payload = 0)
    {
        const uint32_t ack = (flags & ACK) ? m_iss + ackRel : 0;
        InjectRaw(m_peerPort, m_ourPort, flags, seq, ack, payload);
    }

    /// The peer sends a segment with absolute numbers and explicit ports.
    void InjectRaw(uint16_t srcPort,
                   uint16_t dstPort,
                   uint8_t flags,
                   uint32_t seq,
                   uint32_t ack,
                   uint32_t payload = 0,
                   uint16_t window = 65535)
    {
        Do(
            [=]()
            {
                TcpHeader h;
                h.SetSourcePort(srcPort);
                h.SetDestinationPort(dstPort);
                h.SetFlags(flags);
                h.SetSequenceNumber(SequenceNumber32(seq));
                h.SetAckNumber(SequenceNumber32(ack));
                h.SetWindowSize(window);
                Ptr<Packet> p = Create<Packet>(payload);
                p->AddHeader(h);
                Deliver(p);
            });
    }

    /// Hand raw bytes to the L4 as an IPv4 payload from the peer (inside the simulation).
    void InjectBytes(const std::vector<uint8_t>& bytes)
    {
        Do(
            [=]()
            {
                Deliver(Create<Packet>(bytes.data(), bytes.size()));
            });
    }

    void Deliver(Ptr<Packet> p)
    {
        Ipv4Header ip;
        ip.SetSource(kPeer);
        ip.SetDestination(kUs);
        ip.SetProtocol(6);
        ip.SetPayloadSize(p->GetSize());
        m_l4->Receive(p, ip, nullptr);
    }

    // ---- expectations --------------------------------------------------------------------------

    std::string Show(const Sent& s, bool relative) const
    {
        std::ostringstream os;
        os << "\n    " << s.time.As(Time::MS) << " " << s.src << ":" << s.srcPort << " > " << s.dst
           << ":" << s.dstPort << " [" << Flags(s.flags) << "] seq=" << (relative ? "+" : "")
           << (s.seq - (relative ? m_iss : 0)) << " ack=" << s.ack << " win=" << s.window
           << " len=" << s.size;
        return os.str();
    }

    /**
     * Exactly these segments were sent since the last check (then forget them).
     * \param relative seq is relative to our ISS (false: absolute)
     */
    void ExpectSent(const std::vector<Want>& want, bool relative = true)
    {
        std::string got;
        for (const auto& s : m_sent)
        {
            got += Show(s, relative);
        }
        EXPECT_EQ(m_sent.size(), want.size()) << "segments sent:" << got;
        for (std::size_t i = 0; i < std::min(m_sent.size(), want.size()); ++i)
        {
            const Sent& s = m_sent[i];
            const uint32_t seq = relative ? s.seq - m_iss : s.seq;
            EXPECT_EQ(Flags(s.flags), Flags(want[i].flags)) << "segment " << i << got;
            EXPECT_EQ(seq, want[i].seq) << "segment " << i << got;
            EXPECT_EQ(s.ack, want[i].ack) << "segment " << i << got;
            EXPECT_EQ(s.size, want[i].size) << "segment " << i << got;
            EXPECT_EQ(s.src, kUs) << "segment " << i << got;
            EXPECT_EQ(s.dst, kPeer) << "segment " << i << got;
            EXPECT_EQ(s.srcPort, m_ourPort) << "segment " << i << got;
            EXPECT_EQ(s.dstPort, m_peerPort) << "segment " << i << got;
        }
        m_sent.clear();
    }

    /// Exactly these edges were traced since the last check (then forget them).
    void ExpectEdges(const std::vector<Edge>& want)
    {
        std::string got;
        for (const auto& e : m_edges)
        {
            got += "\n    " + EdgeName(e.from, e.to, e.cause) + " at "
                   + std::to_string(e.time.GetSeconds()) + " s, socket "
                   + std::to_string(e.socketId);
        }
        EXPECT_EQ(m_edges.size(), want.size()) << "edges traced:" << got;
        for (std::size_t i = 0; i < std::min(m_edges.size(), want.size()); ++i)
        {
            EXPECT_EQ(EdgeName(m_edges[i].from, m_edges[i].to, m_edges[i].cause),
                      EdgeName(want[i].from, want[i].to, want[i].cause))
                << "edge " << i << got;
        }
        m_edges.clear();
    }

    /// Exactly these drop reasons were traced since the last check (then forget them).
    void ExpectDrops(const std::vector<std::string>& want)
    {
        EXPECT_EQ(m_drops, want);
        m_drops.clear();
    }

    /// Nothing is sent and no edge is taken during d.
    void ExpectQuietFor(Time d)
    {
        Run(d);
        EXPECT_SENT({});
        EXPECT_EDGES({});
    }

    // ---- reaching a state through real exchanges -----------------------------------------------

    /// CLOSED -> SYN_SENT: Connect() to the peer's port 80; our ISS is taken from the SYN.
    void ActiveConnect()
    {
        m_sock = NewSocket();
        const int rc = Connect(m_sock);
        ASSERT_EQ(rc, 0);
        ASSERT_EQ(m_sent.size(), 1u);
        ASSERT_EQ(m_sent[0].flags, SYN);
        m_iss = m_sent[0].seq;
        m_ourPort = m_sent[0].srcPort;
        m_peerPort = kServerPort;
        EXPECT_SENT({{SYN, 0, 0}});
        EXPECT_EDGES({{S::CLOSED, S::SYN_SENT, E::APP_ACTIVE_OPEN}});
        m_ourNxt = 1;
    }

    /// A listener on port 80 (CLOSED -> LISTEN).
    void StartListener()
    {
        m_listener = NewSocket();
        int bound = -2;
        Do(
            [&]()
            {
                bound = m_listener->Bind(InetSocketAddress(Ipv4Address::GetAny(), kServerPort));
            });
        ASSERT_EQ(bound, 0);
        ASSERT_EQ(Call(m_listener, &TcpFsmSocket::Listen), 0);
        m_ourPort = kServerPort;
        m_peerPort = kPeerClientPort;
        EXPECT_SENT({});
        EXPECT_EDGES({{S::CLOSED, S::LISTEN, E::APP_PASSIVE_OPEN}});
    }

    /// The peer's SYN (ISN isn) to the listener: a child in SYN_RCVD answers SYN+ACK.
    void SynToListener(uint32_t isn = kPeerIsn)
    {
        Inject(SYN, isn, 0);
        ASSERT_EQ(m_sent.size(), 1u);
        ASSERT_EQ(m_sent[0].flags, SYN | ACK);
        m_iss = m_sent[0].seq; // the child's ISS
        EXPECT_SENT({{SYN | ACK, 0, isn + 1}});
        EXPECT_EDGES({{S::LISTEN, S::SYN_RCVD, E::RCV_SYN}});
        m_ourNxt = 1;
        m_peerNxt = isn + 1;
    }

    /// Take a connection to ESTABLISHED: m_sock is then the connection, m_ourNxt == 1,
    /// m_peerNxt == kPeerIsn + 1.
    void MakeEstablished(Open open)
    {
        if (open == Open::ACTIVE)
        {
            ASSERT_NO_FATAL_FAILURE(ActiveConnect());
            Inject(SYN | ACK, kPeerIsn, 1);
            EXPECT_SENT({{ACK, 1, kPeerIsn + 1}});
            EXPECT_EDGES({{S::SYN_SENT, S::ESTABLISHED, E::RCV_SYN_ACK}});
            ASSERT_EQ(m_connectedCount, 1);
        }
        else
        {
            ASSERT_NO_FATAL_FAILURE(StartListener());
            ASSERT_NO_FATAL_FAILURE(SynToListener());
            Inject(ACK, kPeerIsn + 1, 1);
            EXPECT_SENT({});
            EXPECT_EDGES({{S::SYN_RCVD, S::ESTABLISHED, E::RCV_ACK_OF_SYN}});
            ASSERT_EQ(m_acceptedCount, 1);
            ASSERT_NE(m_accepted, nullptr);
            m_sock = m_accepted;
        }
        ASSERT_EQ(m_sock->GetState(), S::ESTABLISHED);
        m_ourNxt = 1;
        m_peerNxt = kPeerIsn + 1;
        m_drops.clear();
    }

    /**
     * Take the connection to a state through the exchanges of the RFC's diagram:
     * FIN_WAIT_1, FIN_WAIT_2, CLOSING and TIME_WAIT by Close() (active close), CLOSE_WAIT
     * and LAST_ACK by the peer's FIN first. Every step is checked; the records are
     * then cleared, so a test sees only what it does itself.
     */
    void Reach(TcpFsmState target, Open open = Open::ACTIVE)
    {
        switch (target)
        {
        case S::SYN_SENT:
            ASSERT_NO_FATAL_FAILURE(ActiveConnect());
            break;
        case S::SYN_RCVD:
            ASSERT_NO_FATAL_FAILURE(StartListener());
            ASSERT_NO_FATAL_FAILURE(SynToListener());
            break;
        case S::ESTABLISHED:
            ASSERT_NO_FATAL_FAILURE(MakeEstablished(open));
            break;
        case S::FIN_WAIT_1:
            ASSERT_NO_FATAL_FAILURE(MakeEstablished(open));
            Call(m_sock, &TcpFsmSocket::Close);
            EXPECT_SENT({{FIN | ACK, 1, kPeerIsn + 1}});
            EXPECT_EDGES({{S::ESTABLISHED, S::FIN_WAIT_1, E::APP_CLOSE}});
            m_ourNxt = 2;
            break;
        case S::FIN_WAIT_2:
            ASSERT_NO_FATAL_FAILURE(Reach(S::FIN_WAIT_1, open));
            Inject(ACK, kPeerIsn + 1, 2);
            EXPECT_SENT({});
            EXPECT_EDGES({{S::FIN_WAIT_1, S::FIN_WAIT_2, E::RCV_ACK_OF_FIN}});
            break;
        case S::CLOSING:
            ASSERT_NO_FATAL_FAILURE(Reach(S::FIN_WAIT_1, open));
            Inject(FIN | ACK, kPeerIsn + 1, 1);
            EXPECT_SENT({{ACK, 2, kPeerIsn + 2}});
            EXPECT_EDGES({{S::FIN_WAIT_1, S::CLOSING, E::RCV_FIN}});
            m_peerNxt = kPeerIsn + 2;
            break;
        case S::TIME_WAIT:
            ASSERT_NO_FATAL_FAILURE(Reach(S::FIN_WAIT_2, open));
            Inject(FIN | ACK, kPeerIsn + 1, 2);
            EXPECT_SENT({{ACK, 2, kPeerIsn + 2}});
            EXPECT_EDGES({{S::FIN_WAIT_2, S::TIME_WAIT, E::RCV_FIN}});
            m_peerNxt = kPeerIsn + 2;
            break;
        case S::CLOSE_WAIT:
            ASSERT_NO_FATAL_FAILURE(MakeEstablished(open));
            Inject(FIN | ACK, kPeerIsn + 1, 1);
            EXPECT_SENT({{ACK, 1, kPeerIsn + 2}});
            EXPECT_EDGES({{S::ESTABLISHED, S::CLOSE_WAIT, E::RCV_FIN}});
            m_peerNxt = kPeerIsn + 2;
            break;
        case S::LAST_ACK:
            ASSERT_NO_FATAL_FAILURE(Reach(S::CLOSE_WAIT, open));
            Call(m_sock, &TcpFsmSocket::Close);
            EXPECT_SENT({{FIN | ACK, 1, kPeerIsn + 2}});
            EXPECT_EDGES({{S::CLOSE_WAIT, S::LAST_ACK, E::APP_CLOSE}});
            m_ourNxt = 2;
            break;
        case S::CLOSED:
        case S::LISTEN:
        case S::LAST_STATE:
            FAIL() << "Reach() does not go to " << TcpFsmStateName(target);
        }
        ASSERT_FALSE(HasFailure()) << "could not reach " << TcpFsmStateName(target);
        if (target != S::SYN_RCVD) // a child in SYN_RCVD is not handed out: no m_sock
        {
            ASSERT_EQ(m_sock->GetState(), target);
            EXPECT_EQ(m_sock->GetTcb().sndMax - SequenceNumber32(m_iss), m_ourNxt);
            if (target != S::SYN_SENT)
            {
                EXPECT_EQ(m_sock->GetTcb().rcvNxt, SequenceNumber32(m_peerNxt));
            }
        }
        m_sent.clear();
        m_edges.clear();
        m_drops.clear();
    }

    /// The time of the last traced edge (from, to).
    Time EdgeTime(TcpFsmState from, TcpFsmState to) const
    {
        for (auto it = m_edges.rbegin(); it != m_edges.rend(); ++it)
        {
            if (it->from == from && it->to == to)
            {
                return it->time;
            }
        }
        return Time(-1);
    }

    const Time kStep = MilliSeconds(10);

    Ptr<Node> m_node;
    Ptr<TcpFsmL4Protocol> m_l4;
    Ptr<TcpFsmSocket> m_sock;     ///< the connection under test
    Ptr<TcpFsmSocket> m_listener; ///< the listener, in passive tests
    Ptr<TcpFsmSocket> m_accepted; ///< the last child handed to the accept callback
    std::vector<Sent> m_sent;
    std::vector<Seen> m_edges;
    std::vector<std::string> m_drops;
    uint32_t m_iss{0};      ///< our ISS (the connection under test)
    uint16_t m_ourPort{0};  ///< our port on the connection under test
    uint16_t m_peerPort{0}; ///< the peer's port
    uint32_t m_ourNxt{0};   ///< our SND.NXT, relative to m_iss
    uint32_t m_peerNxt{0};  ///< the peer's next sequence number (absolute)
    int m_connectedCount{0};
    int m_connectFailedCount{0};
    int m_normalCloseCount{0};
    int m_errorCloseCount{0};
    int m_recvNotifications{0};
    int m_acceptedCount{0};
};

} // namespace test
} // namespace ns3

#endif /* TCP_FSM_PEER_FIXTURE_H */
