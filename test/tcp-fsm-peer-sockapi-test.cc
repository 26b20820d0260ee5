/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Scripted-peer tests (the peer: tcp-fsm-peer-fixture.h) of the Linux socket-API features:
 * keepalive (RFC 1122 4.2.3.6) through its table rows, TCP_USER_TIMEOUT, TCP_CORK and
 * MSG_MORE, urgent data (RFC 9293 3.8.5, RFC 6093) sent and received in and out of line,
 * TCP_INFO, SO_ERROR and the Linux errno of failed calls, SIOCOUTQ/SIOCOUTQNSD, SO_LINGER.
 */
#include "tcp-fsm-peer-fixture.h"

#include "ns3/boolean.h"
#include "ns3/nstime.h"

using namespace ns3;
using namespace ns3::test;
namespace Errno = ns3::TcpFsmLinuxErrno;

namespace
{

constexpr uint8_t URG = TcpHeader::URG;

class SockApiTest : public PeerTest
{
  protected:
    /// The peer sends data bytes (ACK set, ack relative to our ISS), with URG and the urgent
    /// pointer when urgent > 0.
    void InjectData(const std::string& bytes, uint32_t seq, uint32_t ackRel, uint16_t urgent = 0)
    {
        const uint16_t src = m_peerPort;
        const uint16_t dst = m_ourPort;
        const uint32_t ack = m_iss + ackRel;
        Do(
            [=]()
            {
                TcpHeader h;
                h.SetSourcePort(src);
                h.SetDestinationPort(dst);
                h.SetFlags(ACK | (urgent > 0 ? URG : 0));
                h.SetSequenceNumber(SequenceNumber32(seq));
                h.SetAckNumber(SequenceNumber32(ack));
                h.SetWindowSize(65535);
                h.SetUrgentPointer(urgent);
                Ptr<Packet> p
                    = Create<Packet>(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size());
                p->AddHeader(h);
                Deliver(p);
            });
    }

    /// m_sock->Send() of size bytes with flags, inside the simulation.
    int SendBytes(uint32_t size, uint32_t flags = 0)
    {
        int rc = -2;
        Do(
            [&]()
            {
                rc = m_sock->Send(Create<Packet>(size), flags);
            });
        return rc;
    }

    /// m_sock->Recv(maxSize, flags) as a string ("<null>" for nullptr), inside the simulation.
    std::string RecvText(uint32_t maxSize, uint32_t flags = 0)
    {
        std::string out = "<null>";
        Do(
            [&]()
            {
                Ptr<Packet> p = m_sock->Recv(maxSize, flags);
                if (p)
                {
                    out.assign(p->GetSize(), '\0');
                    p->CopyData(reinterpret_cast<uint8_t*>(&out[0]), p->GetSize());
                }
            });
        return out;
    }

    void Set(const std::string& name, const AttributeValue& value)
    {
        Do(
            [&]()
            {
                m_sock->SetAttribute(name, value);
            });
    }
};

} // namespace

// ---- keepalive (RFC 1122 4.2.3.6) --------------------------------------------------------------

TEST_F(SockApiTest, KeepAliveProbesAfterIdleThenEveryIntervalThenResetsWithEtimedout)
{
    ASSERT_NO_FATAL_FAILURE(MakeEstablished(Open::ACTIVE));
    m_sock->SetAttribute("KeepAliveIdle", TimeValue(Seconds(10)));
    m_sock->SetAttribute("KeepAliveInterval", TimeValue(Seconds(2)));
    m_sock->SetAttribute("KeepAliveCount", UintegerValue(3));
    const Time start = Simulator::Now() + MilliSeconds(1);
    Set("KeepAlive", BooleanValue(true)); // SO_KEEPALIVE: a full idle period from now
    EXPECT_QUIET_FOR(Seconds(9.9));

    std::vector<Time> probes;
    for (int i = 0; i < 3; ++i)
    {
        Run(Seconds(i == 0 ? 0.2 : 2));
        ASSERT_EQ(m_sent.size(), 1u);
        probes.push_back(m_sent[0].time);
        // <SEQ=SND.NXT-1><ACK=RCV.NXT><CTL=ACK>, no data
        EXPECT_SENT({{ACK, 0, kPeerIsn + 1}});
        EXPECT_EDGES({{S::ESTABLISHED, S::ESTABLISHED, E::TIMEOUT_KEEPALIVE}});
    }
    EXPECT_EQ(probes[0] - start, Seconds(10));
    EXPECT_EQ(probes[1] - probes[0], Seconds(2));
    EXPECT_EQ(probes[2] - probes[1], Seconds(2));
    EXPECT_EQ(m_sock->GetTcpInfo().tcpi_probes, 3);

    Run(Seconds(2));
    EXPECT_SENT({{RST | ACK, 1, kPeerIsn + 1}});
    EXPECT_EDGES({{S::ESTABLISHED, S::CLOSED, E::TIMEOUT_KEEPALIVE_GIVE_UP}});
    EXPECT_EQ(m_sock->GetEndReason(), TcpFsmEndReason::TIMED_OUT);
    EXPECT_EQ(m_errorCloseCount, 1);
    EXPECT_EQ(m_sock->GetSocketError(true), Errno::kEtimedout);
    EXPECT_EQ(m_sock->GetSocketError(true), 0); // SO_ERROR clears it
    EXPECT_QUIET_FOR(Seconds(100));
}

TEST_F(SockApiTest, KeepAliveAnswerRestartsTheIdleTime)
{
    Config::SetDefault("ns3::TcpFsmSocket::KeepAlive", BooleanValue(true));
    Config::SetDefault("ns3::TcpFsmSocket::KeepAliveIdle", TimeValue(Seconds(10)));
    Config::SetDefault("ns3::TcpFsmSocket::KeepAliveInterval", TimeValue(Seconds(2)));
    Config::SetDefault("ns3::TcpFsmSocket::KeepAliveCount", UintegerValue(1));
    ASSERT_NO_FATAL_FAILURE(MakeEstablished(Open::PASSIVE)); // inherited from the listener
    Run(Seconds(10));
    EXPECT_SENT({{ACK, 0, kPeerIsn + 1}});
    EXPECT_EDGES({{S::ESTABLISHED, S::ESTABLISHED, E::TIMEOUT_KEEPALIVE}});

    Inject(ACK, kPeerIsn + 1, 1); // the peer answers: alive
    const Time answered = Simulator::Now();
    EXPECT_SENT({});
    EXPECT_QUIET_FOR(Seconds(9.9) - (Simulator::Now() - answered));
    Run(Seconds(0.2)); // KeepAliveCount = 1 would have given up at 12 s without the answer
    EXPECT_SENT({{ACK, 0, kPeerIsn + 1}});
    EXPECT_EDGES({{S::ESTABLISHED, S::ESTABLISHED, E::TIMEOUT_KEEPALIVE}});
    EXPECT_EQ(m_sock->GetState(), S::ESTABLISHED);
}

TEST_F(SockApiTest, KeepAliveWaitsWhileDataIsOutstanding)
{
    Config::SetDefault("ns3::TcpFsmSocket::MinRto", TimeValue(Seconds(20)));
    ASSERT_NO_FATAL_FAILURE(MakeEstablished(Open::ACTIVE));
    m_sock->SetAttribute("KeepAliveIdle", TimeValue(Seconds(10)));
    Set("KeepAlive", BooleanValue(true));
    ASSERT_EQ(SendBytes(100), 100);
    EXPECT_SENT({{PSH | ACK, 1, kPeerIsn + 1, 100}});
    // The retransmission timer watches the peer; no probe while data is unacknowledged.
    Run(Seconds(15));
    EXPECT_SENT({});
    EXPECT_EDGES({});
}

// ---- TCP_USER_TIMEOUT (RFC 5482, Linux) ---------------------------------------------------------

TEST_F(SockApiTest, UserTimeoutAbortsUnacknowledgedDataOnTime)
{
    ASSERT_NO_FATAL_FAILURE(MakeEstablished(Open::ACTIVE));
    m_sock->SetAttribute("UserTimeout", TimeValue(MilliSeconds(2500)));
    ASSERT_EQ(SendBytes(100), 100);
    ASSERT_EQ(m_sent.size(), 1u);
    const Time first = m_sent[0].time;
    EXPECT_SENT({{PSH | ACK, 1, kPeerIsn + 1, 100}});
    Run(Seconds(1)); // RTO 1 s (MinRto): one retransmission
    EXPECT_SENT({{PSH | ACK, 1, kPeerIsn + 1, 100}});
    Run(Seconds(3));
    // The next RTO (2 s) is cut to the 1.5 s left: the connection gives up 2.5 s after the
    // first transmission, without a RST (Linux tcp_write_err), through the retransmission
    // give-up row.
    EXPECT_SENT({});
    ASSERT_EQ(m_edges.size(), 1u);
    EXPECT_EQ(m_edges[0].time - first, MilliSeconds(2500));
    EXPECT_EDGES({{S::ESTABLISHED, S::CLOSED, E::TIMEOUT_RETX}});
    EXPECT_EQ(m_sock->GetSocketError(false), Errno::kEtimedout);
    // write() then reports the pending error once, then EPIPE (Linux).
    EXPECT_EQ(SendBytes(10), -1);
    EXPECT_EQ(m_sock->GetLastLinuxErrno(), Errno::kEtimedout);
    EXPECT_EQ(SendBytes(10), -1);
    EXPECT_EQ(m_sock->GetLastLinuxErrno(), Errno::kEpipe);
}

TEST_F(SockApiTest, UserTimeoutAppliesToZeroWindowProbing)
{
    ASSERT_NO_FATAL_FAILURE(MakeEstablished(Open::ACTIVE));
    m_sock->SetAttribute("UserTimeout", TimeValue(Seconds(10)));
    m_sock->SetAttribute("PersistTimeout", TimeValue(Seconds(1)));
    InjectRaw(m_peerPort, m_ourPort, ACK, kPeerIsn + 1, m_iss + 1, 0, 0); // window closes
    ASSERT_EQ(SendBytes(100), 100);
    EXPECT_SENT({});
    // Probes go out and are answered with a zero window: the peer is alive, yet the user
    // timeout counts from the first probe (Linux tcp_probe_timer) and ends the connection.
    for (int i = 0; i < 12 && m_sock->GetState() != S::CLOSED; ++i)
    {
        Run(Seconds(1));
        if (!m_sent.empty())
        {
            InjectRaw(m_peerPort, m_ourPort, ACK, kPeerIsn + 1, m_iss + 1, 0, 0);
        }
    }
    EXPECT_EQ(m_sock->GetState(), S::CLOSED);
    EXPECT_EQ(m_sock->GetEndReason(), TcpFsmEndReason::TIMED_OUT);
    EXPECT_EQ(m_sock->GetSocketError(true), Errno::kEtimedout);
}

// ---- TCP_CORK, MSG_MORE, Nagle ------------------------------------------------------------------

TEST_F(SockApiTest, CorkHoldsPartialSegmentsAndUncorkSendsThem)
{
    ASSERT_NO_FATAL_FAILURE(MakeEstablished(Open::ACTIVE));
    Set("Cork", BooleanValue(true));
    ASSERT_EQ(SendBytes(40), 40);
    ASSERT_EQ(SendBytes(40), 40);
    EXPECT_SENT({});
    EXPECT_EQ(m_sock->GetTxQueued(), 80u);
    EXPECT_EQ(m_sock->GetTxUnsent(), 80u);
    Set("Cork", BooleanValue(false));
    EXPECT_SENT({{PSH | ACK, 1, kPeerIsn + 1, 80}});
    EXPECT_EQ(m_sock->GetTxQueued(), 80u); // sent, not yet acknowledged (SIOCOUTQ)
    EXPECT_EQ(m_sock->GetTxUnsent(), 0u);
    Inject(ACK, kPeerIsn + 1, 81);
    EXPECT_EQ(m_sock->GetTxQueued(), 0u);
}

TEST_F(SockApiTest, CorkSendsFullSegmentsAndTheRestAfterTheCorkTimer)
{
    ASSERT_NO_FATAL_FAILURE(MakeEstablished(Open::ACTIVE)); // MSS 536
    Set("Cork", BooleanValue(true));
    ASSERT_EQ(SendBytes(600), 600);
    EXPECT_SENT({{ACK, 1, kPeerIsn + 1, 536}});
    Inject(ACK, kPeerIsn + 1, 537);
    const Time acked = Simulator::Now();
    EXPECT_SENT({});
    // Nothing in flight: Linux's probe timer sends the held 64 bytes after max(RTO, 200 ms).
    EXPECT_QUIET_FOR(Seconds(0.95) - (Simulator::Now() - acked));
    Run(Seconds(0.1));
    EXPECT_SENT({{PSH | ACK, 537, kPeerIsn + 1, 64}});
}

TEST_F(SockApiTest, UncorkPushesWhatNagleWouldHold)
{
    ASSERT_NO_FATAL_FAILURE(MakeEstablished(Open::ACTIVE));
    m_sock->SetAttribute("TcpNoDelay", BooleanValue(false));
    ASSERT_EQ(SendBytes(100), 100);
    EXPECT_SENT({{PSH | ACK, 1, kPeerIsn + 1, 100}});
    ASSERT_EQ(SendBytes(40), 40); // Nagle: held while 100 bytes are unacknowledged
    EXPECT_SENT({});
    Set("Cork", BooleanValue(true));
    Set("Cork", BooleanValue(false)); // Linux: uncork pushes, Nagle or not
    EXPECT_SENT({{PSH | ACK, 101, kPeerIsn + 1, 40}});
}

TEST_F(SockApiTest, MsgMoreHoldsUntilTcpNoDelayPushes)
{
    ASSERT_NO_FATAL_FAILURE(MakeEstablished(Open::ACTIVE));
    m_sock->SetAttribute("TcpNoDelay", BooleanValue(false));
    ASSERT_EQ(SendBytes(40, TcpFsmSocket::kMsgMore), 40);
    ASSERT_EQ(SendBytes(40, TcpFsmSocket::kMsgMore), 40);
    EXPECT_SENT({});
    Set("TcpNoDelay", BooleanValue(true)); // Linux: setting TCP_NODELAY pushes
    EXPECT_SENT({{PSH | ACK, 1, kPeerIsn + 1, 80}});
}

// ---- urgent data (RFC 9293 3.8.5, RFC 6093) ----------------------------------------------------

TEST_F(SockApiTest, MsgOobSendsUrgWithThePointerAfterTheLastUrgentByte)
{
    ASSERT_NO_FATAL_FAILURE(MakeEstablished(Open::ACTIVE));
    ASSERT_EQ(SendBytes(5, TcpFsmSocket::kMsgOob), 5);
    ASSERT_EQ(m_sent.size(), 1u);
    EXPECT_EQ(m_sent[0].urgentPointer, 5); // SND.UP = 6: one past the urgent byte at 5
    EXPECT_SENT({{URG | PSH | ACK, 1, kPeerIsn + 1, 5}});
    ASSERT_EQ(SendBytes(10), 10); // still unacknowledged: later segments point back to it
    ASSERT_EQ(m_sent.size(), 1u);
    EXPECT_EQ(m_sent[0].urgentPointer, 0); // seq 6 is at SND.UP: not urgent
    EXPECT_SENT({{PSH | ACK, 6, kPeerIsn + 1, 10}});
    Inject(ACK, kPeerIsn + 1, 16);
    ASSERT_EQ(SendBytes(3), 3);
    EXPECT_SENT({{PSH | ACK, 16, kPeerIsn + 1, 3}});
}

TEST_F(SockApiTest, UrgentByteIsReadOutOfBandAndSkippedInTheStream)
{
    ASSERT_NO_FATAL_FAILURE(MakeEstablished(Open::ACTIVE));
    EXPECT_EQ(RecvText(1, TcpFsmSocket::kMsgOob), "<null>");
    EXPECT_EQ(m_sock->GetLastLinuxErrno(), Errno::kEinval); // no urgent data
    InjectData("abc", kPeerIsn + 1, 1, 3); // urgent pointer 3: 'c' is the urgent byte
    EXPECT_EQ(RecvText(100), "ab");        // a read stops at the mark
    EXPECT_TRUE(m_sock->AtUrgentMark());
    EXPECT_EQ(RecvText(1, TcpFsmSocket::kMsgOob | TcpFsmSocket::kMsgPeek), "c");
    EXPECT_EQ(RecvText(1, TcpFsmSocket::kMsgOob), "c");
    EXPECT_EQ(RecvText(1, TcpFsmSocket::kMsgOob), "<null>");
    EXPECT_EQ(m_sock->GetLastLinuxErrno(), Errno::kEinval); // already read
    InjectData("de", kPeerIsn + 4, 1);
    EXPECT_EQ(RecvText(100), "de"); // 'c' is not in the stream
    EXPECT_FALSE(m_sock->AtUrgentMark());
}

TEST_F(SockApiTest, UrgentByteNotYetArrivedIsEagain)
{
    ASSERT_NO_FATAL_FAILURE(MakeEstablished(Open::ACTIVE));
    InjectData("ab", kPeerIsn + 1, 1, 5); // the urgent byte is at kPeerIsn + 5
    EXPECT_EQ(RecvText(1, TcpFsmSocket::kMsgOob), "<null>");
    EXPECT_EQ(m_sock->GetLastLinuxErrno(), Errno::kEagain);
    EXPECT_EQ(RecvText(100), "ab");
    InjectData("cdef", kPeerIsn + 3, 1);
    EXPECT_EQ(RecvText(1, TcpFsmSocket::kMsgOob), "e");
    EXPECT_EQ(RecvText(100), "cd");
    EXPECT_EQ(RecvText(100), "f");
}

TEST_F(SockApiTest, OobInlineKeepsTheUrgentByteInTheStream)
{
    ASSERT_NO_FATAL_FAILURE(MakeEstablished(Open::ACTIVE));
    m_sock->SetAttribute("OobInline", BooleanValue(true));
    InjectData("abc", kPeerIsn + 1, 1, 3);
    EXPECT_EQ(RecvText(100), "ab"); // the read still stops at the mark (SIOCATMARK)
    EXPECT_TRUE(m_sock->AtUrgentMark());
    EXPECT_EQ(RecvText(1, TcpFsmSocket::kMsgOob), "<null>");
    EXPECT_EQ(m_sock->GetLastLinuxErrno(), Errno::kEinval); // SO_OOBINLINE: EINVAL
    InjectData("de", kPeerIsn + 4, 1);
    EXPECT_EQ(RecvText(100), "cde");
}

// ---- TCP_INFO
// -------------------------------------------------------------------------------------

TEST_F(SockApiTest, TcpInfoAfterAKnownExchange)
{
    ASSERT_NO_FATAL_FAILURE(MakeEstablished(Open::ACTIVE));
    TcpFsmTcpInfo i = m_sock->GetTcpInfo();
    EXPECT_EQ(i.tcpi_state, 1); // TCP_ESTABLISHED
    EXPECT_EQ(i.tcpi_snd_mss, 536u);
    EXPECT_EQ(i.tcpi_advmss, 536u);
    EXPECT_EQ(i.tcpi_options & kTcpiOptWscale, 0); // the peer's SYN+ACK had no wscale
    EXPECT_EQ(i.tcpi_snd_cwnd, 10u);
    EXPECT_EQ(i.tcpi_snd_ssthresh, kTcpInfiniteSsthresh);
    EXPECT_EQ(i.tcpi_rto, 1000000u); // MinRto 1 s
    EXPECT_GT(i.tcpi_rtt, 0u);       // the handshake's sample

    ASSERT_EQ(SendBytes(100), 100);
    i = m_sock->GetTcpInfo();
    EXPECT_EQ(i.tcpi_unacked, 1u);
    EXPECT_EQ(i.tcpi_bytes_acked, 0u);
    Inject(ACK, kPeerIsn + 1, 101);
    const Time dataAt = Simulator::Now() + MilliSeconds(1); // Do() runs it 1 ms from now
    InjectData(std::string(50, 'x'), kPeerIsn + 1, 101);
    Run(Seconds(1)); // the delayed ACK goes out
    i = m_sock->GetTcpInfo();
    EXPECT_EQ(i.tcpi_unacked, 0u);
    EXPECT_EQ(i.tcpi_bytes_acked, 100u);
    EXPECT_EQ(i.tcpi_bytes_received, 50u);
    EXPECT_EQ(i.tcpi_bytes_sent, 100u);
    EXPECT_EQ(i.tcpi_segs_out, 4u); // SYN, ACK, data, delayed ACK
    EXPECT_EQ(i.tcpi_segs_in, 3u);  // SYN+ACK, ACK, data
    EXPECT_EQ(i.tcpi_data_segs_out, 1u);
    EXPECT_EQ(i.tcpi_data_segs_in, 1u);
    EXPECT_EQ(i.tcpi_total_retrans, 0u);
    EXPECT_EQ(i.tcpi_rcv_mss, 50u);
    EXPECT_EQ(i.tcpi_last_data_recv, (Simulator::Now() - dataAt).GetMilliSeconds());
    EXPECT_EQ(i.tcpi_snd_wnd, 65535u);
    EXPECT_EQ(i.tcpi_delivered, 2u); // the SYN and one data segment

    Inject(FIN | ACK, kPeerIsn + 51, 101);
    EXPECT_EQ(m_sock->GetTcpInfo().tcpi_state, 8);            // TCP_CLOSE_WAIT
    EXPECT_EQ(m_sock->GetTcpInfo().tcpi_bytes_received, 50u); // the FIN is no data
}

// ---- SO_ERROR and errno -------------------------------------------------------------------------

TEST_F(SockApiTest, SoErrorAfterRefusedConnect)
{
    ASSERT_NO_FATAL_FAILURE(ActiveConnect());
    EXPECT_EQ(Connect(m_sock), -1);
    EXPECT_EQ(m_sock->GetLastLinuxErrno(), Errno::kEalready);
    Inject(RST | ACK, 0, 1);
    EXPECT_EDGES({{S::SYN_SENT, S::CLOSED, E::RCV_RST}});
    EXPECT_EQ(m_sock->GetSocketError(true), Errno::kEconnrefused);
    EXPECT_EQ(m_sock->GetSocketError(true), 0);
}

TEST_F(SockApiTest, SoErrorAndReadAfterReset)
{
    ASSERT_NO_FATAL_FAILURE(MakeEstablished(Open::ACTIVE));
    EXPECT_EQ(Connect(m_sock), -1);
    EXPECT_EQ(m_sock->GetLastLinuxErrno(), Errno::kEisconn);
    Inject(RST, kPeerIsn + 1, 0);
    EXPECT_EDGES({{S::ESTABLISHED, S::CLOSED, E::RCV_RST}});
    EXPECT_EQ(m_sock->GetSocketError(false), Errno::kEconnreset);
    // Linux: read() reports the error once, then end of stream; write() then EPIPE.
    EXPECT_EQ(RecvText(100), "<null>");
    EXPECT_EQ(m_sock->GetLastLinuxErrno(), Errno::kEconnreset);
    EXPECT_EQ(RecvText(100), "");
    EXPECT_EQ(SendBytes(10), -1);
    EXPECT_EQ(m_sock->GetLastLinuxErrno(), Errno::kEpipe);
}

TEST_F(SockApiTest, ResetInCloseWaitIsEpipe)
{
    ASSERT_NO_FATAL_FAILURE(Reach(S::CLOSE_WAIT));
    Inject(RST, kPeerIsn + 2, 0);
    EXPECT_EDGES({{S::CLOSE_WAIT, S::CLOSED, E::RCV_RST}});
    EXPECT_EQ(m_sock->GetSocketError(true), Errno::kEpipe); // Linux tcp_reset()
}

TEST_F(SockApiTest, CallsOnANeverConnectedSocket)
{
    m_sock = NewSocket();
    EXPECT_EQ(SendBytes(10), -1);
    EXPECT_EQ(m_sock->GetLastLinuxErrno(), Errno::kEpipe); // Linux: EPIPE, not ENOTCONN
    EXPECT_EQ(RecvText(10), "<null>");
    EXPECT_EQ(m_sock->GetLastLinuxErrno(), Errno::kEnotconn);
    EXPECT_EQ(m_sock->GetSocketError(true), 0);
    EXPECT_EQ(Errno::Name(Errno::kEconnrefused), "ECONNREFUSED");
    int v = 0;
    EXPECT_TRUE(Errno::FromName("EWOULDBLOCK", v));
    EXPECT_EQ(v, Errno::kEagain);
    EXPECT_FALSE(Errno::FromName("ENOSUCH", v));
    EXPECT_STREQ(Errno::Text(Errno::kEtimedout), "Connection timed out");
}

// ---- SO_LINGER ----------------------------------------------------------------------------------

TEST_F(SockApiTest, LingerCloseBlocksUntilTheFinIsAcknowledged)
{
    ASSERT_NO_FATAL_FAILURE(MakeEstablished(Open::ACTIVE));
    m_sock->SetAttribute("Linger", TimeValue(Seconds(5)));
    EXPECT_EQ(Call(m_sock, &TcpFsmSocket::Close), 0);
    EXPECT_SENT({{FIN | ACK, 1, kPeerIsn + 1}});
    EXPECT_TRUE(m_sock->CloseWouldBlock());
    Inject(ACK, kPeerIsn + 1, 2);
    EXPECT_FALSE(m_sock->CloseWouldBlock()); // FIN_WAIT_2: close() returns
}

TEST_F(SockApiTest, LingerExpiresWithoutAReset)
{
    ASSERT_NO_FATAL_FAILURE(MakeEstablished(Open::ACTIVE));
    m_sock->SetAttribute("Linger", TimeValue(Seconds(0.5)));
    EXPECT_EQ(Call(m_sock, &TcpFsmSocket::Close), 0);
    EXPECT_SENT({{FIN | ACK, 1, kPeerIsn + 1}});
    Run(Seconds(0.5));
    EXPECT_FALSE(m_sock->CloseWouldBlock());
    EXPECT_SENT({}); // Linux: the close goes on; no RST at the linger expiry
    EXPECT_EQ(m_sock->GetState(), S::FIN_WAIT_1);
}
