/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Fuzz target "segments": the fuzzer's bytes decode to a series of events against ONE
 * TcpFsmSocket (opened actively or passively) on one node whose IPv4 down target is a
 * capture: a fictitious peer's segments (any flags, sequence and acknowledgment numbers near
 * and far from the window, any option bytes including malformed lengths and data offsets,
 * any payload), time advancing (so every timer can fire), and the application's calls (send,
 * recv, close, shutdown, abort, listen, connect).
 *
 * After every event the invariants are checked; a violation aborts (a crash for libFuzzer):
 *  - every socket's state is one of the eleven, and every traced change (from, cause, to)
 *    is a row of TcpFsmTransitionTable;
 *  - SND.UNA <= SND.NXT (the RFC's SND.NXT is the TCB's sndMax), and RCV.NXT only moves
 *    forward;
 *  - the application receives each byte at most once and in order: the peer's payload byte
 *    at sequence number s is Pattern(s) (and the option bytes, when the data offset lies),
 *    so every byte read must be a byte the peer sent at the sequence number it stands for
 *    (IRS + 1 + bytes read before it).
 * The node, its IPv4 stack and its TcpFsmL4Protocol are built once and kept across inputs
 * (building them was most of an input's cost). Between inputs every socket the input made
 * or accepted is aborted, the listener closed, and the simulator run until no event is
 * left; then the node must hold no connection and no TIME_WAIT record (a violation
 * otherwise: a socket stuck forever), and the clock is put back to 0
 * (tcp-fsm-fuzz-simulator.h), the node's random stream fixed again and the ephemeral port
 * range is a single port: every input runs as it would in a fresh process, so a finding
 * replays alone (tcp-fsm-fuzz-replay; with TCP_FSM_FUZZ_DIGEST set each input prints a digest
 * of what the node sent, which a ctest compares). LeakSanitizer (libFuzzer's -detect_leaks) reports
 * any socket or packet an input leaked.
 */
#include "tcp-fsm-fuzz-input.h"
#include "tcp-fsm-fuzz-simulator.h"

#include "ns3/global-value.h"
#include "ns3/inet-socket-address.h"
#include "ns3/internet-stack-helper.h"
#include "ns3/ipv4-address-helper.h"
#include "ns3/ipv4-header.h"
#include "ns3/ipv4-interface.h"
#include "ns3/ipv4-route.h"
#include "ns3/node.h"
#include "ns3/packet.h"
#include "ns3/simple-net-device-helper.h"
#include "ns3/simulator.h"
#include "ns3/string.h"
#include "ns3/tcp-fsm-helper.h"
#include "ns3/tcp-fsm-l4-protocol.h"
#include "ns3/tcp-fsm-socket.h"
#include "ns3/tcp-fsm-transition-table.h"
#include "ns3/tcp-header.h"
#include "ns3/tcp-socket-factory.h"
#include "ns3/uinteger.h"

#include <algorithm>
#include <boost/icl/interval_set.hpp>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <map>
#include <set>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

using namespace ns3;
using ns3::fuzz::FuzzInput;
using ns3::fuzz::RewindableSimulatorImpl;

namespace
{

const Ipv4Address kUs("10.0.0.1");
const Ipv4Address kPeer("10.0.0.2");
constexpr uint16_t kServerPort = 80;
constexpr uint16_t kPeerPort = 5000;
constexpr uint32_t kPeerIsn = 1000;
/// Events per input (the rest of a longer input is ignored).
constexpr int kMaxEvents = 200;
/// 2^32: sequence-number intervals are kept as 64-bit numbers below it.
constexpr uint64_t kWrap = uint64_t(1) << 32;

/// The peer's payload byte at sequence number s.
uint8_t
Pattern(uint32_t s)
{
    return static_cast<uint8_t>((s * 2654435761u) >> 24);
}

[[noreturn]] void
Violation(const std::string& what)
{
    ns3::fuzz::Finding("tcp-fsm-fuzz-segments", "invariant violated: " + what);
}

class SegmentsRun;

/// TCP_FSM_FUZZ_DIGEST set: print a digest of the segments the node sent after each input
/// (ctest's tcp-fsm-fuzz-segments-replays-alone compares one process with one per input).
bool
DigestWanted()
{
    static const bool wanted = std::getenv("TCP_FSM_FUZZ_DIGEST") != nullptr;
    return wanted;
}

/// What is kept across inputs: the simulator, the node and its TCP.
struct World
{
    Ptr<RewindableSimulatorImpl> sim;
    Ptr<Node> node;
    Ptr<TcpFsmL4Protocol> l4;
    SegmentsRun* run{nullptr}; ///< the input running now
};

World& TheWorld();

class SegmentsRun
{
  public:
    SegmentsRun(const uint8_t* data, std::size_t size)
      : m_in(data, size)
    {}

    void Execute()
    {
        Setup();
        const uint8_t mode = m_in.U8();
        m_active = (mode & 1) == 0;
        if (m_active)
        {
            m_sock = NewSocket();
            m_ourPort = 0;
            m_peerPortOfTest = kServerPort;
            Do(
                [this]()
                {
                    m_sock->Connect(InetSocketAddress(kPeer, kServerPort));
                });
        }
        else
        {
            m_listener = NewSocket();
            m_ourPort = kServerPort;
            m_peerPortOfTest = kPeerPort;
            Do(
                [this]()
                {
                    m_listener->Bind(InetSocketAddress(Ipv4Address::GetAny(), kServerPort));
                    m_listener->Listen();
                });
        }
        Check();
        for (int i = 0; i < kMaxEvents && !m_in.Empty(); ++i)
        {
            Event();
            Check();
        }
        // Let every timer run out (TIME_WAIT, retransmissions, FIN_WAIT_2), reading all.
        Do(
            [this]()
            {
                ReadAll();
            });
        Run(Seconds(4000));
        Check();
        Teardown();
    }

    // ---- what the node sends, and its transitions ------------------------------------------

    void Capture(Ptr<Packet> packet, Ipv4Address, Ipv4Address, uint8_t, Ptr<Ipv4Route>)
    {
        CaptureSegment(packet);
    }

    void OnTransition(const TcpFsmTransitionRecord& r)
    {
        CheckTransition(r);
    }

  private:
    void Setup()
    {
        World& w = TheWorld();
        w.run = this;
        m_node = w.node;
        m_l4 = w.l4;
        m_l4->AssignStreams(1); // the same ISN secrets for every input
    }

    /// Abort what the input left, let every timer run out, check that nothing is left of
    /// the connection, and put the clock back to 0.
    void Teardown()
    {
        for (const Ptr<TcpFsmSocket>& s : m_sockets)
        {
            Do(
                [s]()
                {
                    s->Abort();
                });
        }
        if (m_listener)
        {
            Do(
                [this]()
                {
                    m_listener->Close();
                });
        }
        m_sock = nullptr;
        m_listener = nullptr;
        m_sockets.clear();
        World& w = TheWorld();
        Run(Seconds(100000));
        if (w.sim->Pending())
        {
            Violation("events still pending 100000 s after every socket was aborted");
        }
        if (m_l4->GetConnectionCount() != 0)
        {
            Violation(std::to_string(m_l4->GetConnectionCount())
                      + " connection(s) still registered after every socket was aborted");
        }
        if (m_l4->GetTimeWaitTable().Size() != 0)
        {
            Violation("a TIME_WAIT record outlived its 2 MSL");
        }
        if (DigestWanted())
        {
            std::fprintf(stderr, "digest %016llx\n", static_cast<unsigned long long>(m_digest));
        }
        w.sim->Rewind();
        w.run = nullptr;
        m_l4 = nullptr;
        m_node = nullptr;
    }

    Ptr<TcpFsmSocket> NewSocket()
    {
        Ptr<TcpFsmSocket> s = DynamicCast<TcpFsmSocket>(
            Socket::CreateSocket(m_node, TcpSocketFactory::GetTypeId()));
        s->SetAcceptCallback(MakeNullCallback<bool, Ptr<Socket>, const Address&>(),
                             MakeCallback(&SegmentsRun::Accepted, this));
        m_sockets.push_back(s);
        return s;
    }

    void Accepted(Ptr<Socket> s, const Address&)
    {
        Ptr<TcpFsmSocket> t = DynamicCast<TcpFsmSocket>(s);
        if (t != m_sock)
        {
            m_sockets.push_back(t);
            m_sock = t;
            ResetOracle();
        }
    }

    void ResetOracle()
    {
        m_delivered = 0;
        m_outOfLine = {0};
        m_haveRcvNxt = false;
    }

    void CaptureSegment(Ptr<Packet> packet)
    {
        if (DigestWanted())
        {
            // FNV-1a over what the node sent and when: equal digests, equal behaviour.
            std::vector<uint8_t> bytes(packet->GetSize());
            packet->CopyData(bytes.data(), bytes.size());
            const int64_t ns = Simulator::Now().GetNanoSeconds();
            bytes.insert(bytes.end(),
                         reinterpret_cast<const uint8_t*>(&ns),
                         reinterpret_cast<const uint8_t*>(&ns) + sizeof(ns));
            for (uint8_t b : bytes)
            {
                m_digest = (m_digest ^ b) * 1099511628211ULL;
            }
        }
        Ptr<Packet> copy = packet->Copy();
        TcpHeader h;
        copy->RemoveHeader(h);
        if (m_ourPort == 0 && (h.GetFlags() & TcpHeader::SYN))
        {
            m_ourPort = h.GetSourcePort(); // the active socket's ephemeral port
        }
        if (h.GetSourcePort() != m_ourPort || h.GetDestinationPort() != m_peerPortOfTest)
        {
            return;
        }
        const uint8_t f = h.GetFlags();
        const uint32_t len
            = copy->GetSize() + ((f & TcpHeader::SYN) ? 1 : 0) + ((f & TcpHeader::FIN) ? 1 : 0);
        const SequenceNumber32 end = h.GetSequenceNumber() + len;
        if (!m_sawOurs || end > m_ourMax)
        {
            m_ourMax = end;
        }
        if (f & TcpHeader::ACK)
        {
            m_ourAck = h.GetAckNumber().GetValue();
        }
        m_sawOurs = true;
    }

    void CheckTransition(const TcpFsmTransitionRecord& r)
    {
        if (r.from >= TcpSocket::LAST_STATE || r.to >= TcpSocket::LAST_STATE)
        {
            Violation("a transition names a state outside the eleven");
        }
        const TcpFsmTransition* active = TcpFsmTransitionTable::Find(r.from, r.cause, false);
        const TcpFsmTransition* passive = TcpFsmTransitionTable::Find(r.from, r.cause, true);
        if (!(active && active->to == r.to) && !(passive && passive->to == r.to))
        {
            Violation("transition " + r.Describe() + " is not a row of the table");
        }
    }

    // ---- driving ---------------------------------------------------------------------------

    void Run(Time d)
    {
        Simulator::Stop(d);
        Simulator::Run();
    }

    void Do(std::function<void()> f)
    {
        Simulator::Schedule(MilliSeconds(1), f);
        Run(MilliSeconds(10));
    }

    void Event()
    {
        switch (m_in.U8() % 8)
        {
        case 0:
        case 1:
        case 2:
            Segment();
            break;
        case 3:
        {
            // Let time pass: 1 us to about 35 minutes, so every timer can fire.
            const uint8_t e = m_in.U8() % 32;
            Run(MicroSeconds(int64_t(1) << e));
            break;
        }
        case 4:
        {
            const uint32_t n = m_in.U16() % 8192;
            Do(
                [this, n]()
                {
                    if (m_sock)
                    {
                        m_sock->Send(Create<Packet>(n), 0);
                    }
                });
            break;
        }
        case 5:
        {
            const uint32_t n = m_in.U16();
            Do(
                [this, n]()
                {
                    Read(n);
                });
            break;
        }
        case 6:
            AppCall(m_in.U8() % 8);
            break;
        default:
            Do(
                [this]()
                {
                    ReadAll();
                });
            break;
        }
    }

    void AppCall(uint8_t which)
    {
        Do(
            [this, which]()
            {
                Ptr<TcpFsmSocket> s = (which & 1) && m_listener ? m_listener : m_sock;
                if (!s)
                {
                    return;
                }
                switch (which >> 1)
                {
                case 0:
                    s->Close();
                    break;
                case 1:
                    s->ShutdownSend();
                    break;
                case 2:
                    s->ShutdownRecv();
                    break;
                default:
                    s->Abort();
                    break;
                }
            });
    }

    /// A segment from the peer: flags, numbers, window, options and payload from the input.
    void Segment()
    {
        const uint8_t flags = m_in.U8();
        const uint8_t how = m_in.U8();
        const uint32_t seqRef = m_sawOurs && m_ourAck ? m_ourAck : kPeerIsn + 1;
        const uint32_t ackRef = m_sawOurs ? m_ourMax.GetValue() : 0;
        const uint32_t seq = Number(how & 3, seqRef);
        const uint32_t ack = Number((how >> 2) & 3, ackRef);
        const uint16_t window = m_in.U16();
        std::vector<uint8_t> options = m_in.Bytes(m_in.U8() % 48);
        const uint32_t payloadLen = (how & 0x40) ? m_in.U16() % 1500 : m_in.U8() % 64;
        const bool otherPort = (how & 0x80) && (m_in.U8() & 1);

        // Our own serialisation, so that malformed option lengths and offsets reach the wire.
        std::vector<uint8_t> raw(20);
        const uint16_t srcPort = otherPort ? uint16_t(m_peerPortOfTest + 1) : m_peerPortOfTest;
        const uint16_t dstPort = m_ourPort ? m_ourPort : kServerPort;
        auto put16 = [&](std::size_t at, uint16_t v)
        {
            raw[at] = uint8_t(v >> 8);
            raw[at + 1] = uint8_t(v);
        };
        auto put32 = [&](std::size_t at, uint32_t v)
        {
            put16(at, uint16_t(v >> 16));
            put16(at + 2, uint16_t(v));
        };
        put16(0, srcPort);
        put16(2, dstPort);
        put32(4, seq);
        put32(8, ack);
        raw.insert(raw.end(), options.begin(), options.end());
        while (raw.size() % 4)
        {
            raw.push_back(0);
        }
        uint8_t offsetWords = uint8_t(raw.size() / 4);
        if (how & 0x20)
        {
            offsetWords = m_in.U8() & 0x0f; // a data offset that may lie
        }
        raw[12] = uint8_t(offsetWords << 4) | (m_in.U8() & 0x0f); // reserved bits, NS
        raw[13] = flags;
        put16(14, window);
        const uint16_t urgentPointer = m_in.U16();
        put16(18, urgentPointer);
        if ((flags & TcpHeader::URG) && urgentPointer > 0 && !otherPort)
        {
            // The last urgent octet (Linux, RFC 6093): the socket takes it out of line
            // (MSG_OOB), so the stream the application reads may skip it.
            m_urgent.insert(seq + urgentPointer - 1u);
        }
        const std::size_t payloadStart = raw.size();
        for (uint32_t i = 0; i < payloadLen; ++i)
        {
            // The payload starts at seq, or at seq + 1 after a SYN.
            raw.push_back(Pattern(seq + ((flags & TcpHeader::SYN) ? 1 : 0) + i));
        }
        // What the peer sent at each sequence number: the data begins where the data offset
        // says (option bytes are data when the offset lies short of them).
        const std::size_t dataStart = offsetWords * 4u;
        if (!otherPort && dataStart >= 20 && dataStart <= raw.size())
        {
            RecordSent(seq + ((flags & TcpHeader::SYN) ? 1 : 0), raw, dataStart, payloadStart);
        }
        Do(
            [this, raw]()
            {
                Ptr<Packet> p = Create<Packet>(raw.data(), raw.size());
                Ipv4Header ip;
                ip.SetSource(kPeer);
                ip.SetDestination(kUs);
                ip.SetProtocol(6);
                ip.SetPayloadSize(p->GetSize());
                m_l4->Receive(p, ip, nullptr);
            });
    }

    /**
     * Records what the peer sent in one segment: raw[dataStart, end) at sequence numbers
     * first, first + 1, ... The option bytes that the data offset makes data (dataStart <
     * payloadStart) are kept one by one; the payload, byte i being Pattern(first + i) by
     * construction, lands at first + (payloadStart + i - dataStart), so the byte at sequence
     * number s is Pattern(s + shift) with shift = dataStart - payloadStart (0 when the offset
     * tells the truth): one interval per segment instead of a map node per byte, which was
     * most of an input's cost.
     */
    void RecordSent(uint32_t first,
                    const std::vector<uint8_t>& raw,
                    std::size_t dataStart,
                    std::size_t payloadStart)
    {
        for (std::size_t k = dataStart; k < payloadStart && k < raw.size(); ++k)
        {
            std::string& seen = m_otherSent[first + uint32_t(k - dataStart)];
            if (seen.find(char(raw[k])) == std::string::npos)
            {
                seen.push_back(char(raw[k]));
            }
        }
        const std::size_t from = std::max(dataStart, payloadStart);
        if (from >= raw.size())
        {
            return;
        }
        const uint32_t shift = uint32_t(dataStart) - uint32_t(payloadStart);
        const uint64_t s = first + uint32_t(from - dataStart);
        const uint64_t end = s + (raw.size() - from); // may pass 2^32: split there
        auto& sent = m_payloadSent[shift];
        sent.add(boost::icl::interval<uint64_t>::right_open(s, std::min(end, kWrap)));
        if (end > kWrap)
        {
            sent.add(boost::icl::interval<uint64_t>::right_open(0, end - kWrap));
        }
    }

    /// Did the peer send anything at sequence number s?
    bool SentAt(uint32_t s) const
    {
        for (const auto& [shift, sent] : m_payloadSent)
        {
            if (boost::icl::contains(sent, uint64_t(s)))
            {
                return true;
            }
        }
        return m_otherSent.find(s) != m_otherSent.end();
    }

    /// A sequence or acknowledgment number: near ref, far from it, anywhere, or ref itself.
    uint32_t Number(uint8_t kind, uint32_t ref)
    {
        switch (kind)
        {
        case 0:
            return ref + uint32_t(int32_t(int8_t(m_in.U8())));
        case 1:
            return ref + uint32_t(int32_t(int16_t(m_in.U16())) * 16);
        case 2:
            return m_in.U32();
        default:
            return ref;
        }
    }

    // ---- the application's reads: the data oracle --------------------------------------------

    void Read(uint32_t maxSize)
    {
        if (!m_sock)
        {
            return;
        }
        Ptr<Packet> p = m_sock->Recv(maxSize, 0);
        if (!p || p->GetSize() == 0)
        {
            return;
        }
        std::vector<uint8_t> bytes(p->GetSize());
        p->CopyData(bytes.data(), bytes.size());
        const uint32_t first = m_sock->GetTcb().irs.GetValue() + 1;
        for (uint8_t b : bytes)
        {
            // Which urgent octets the stream skipped so far is not always known from the
            // bytes: a byte read may be the one the peer sent at s (nothing skipped) and also
            // the one at s + 1 (the urgent octet at s skipped), when segments with lying data
            // offsets put several values at one sequence number. So every count of skipped
            // octets that explains the bytes read so far is kept; none left is a violation.
            std::set<uint64_t> next;
            bool sentAtAny = false;
            for (uint64_t skipped : m_outOfLine)
            {
                uint32_t s = first + uint32_t(m_delivered + skipped);
                while (true)
                {
                    sentAtAny = sentAtAny || SentAt(s);
                    if (Sent(s, b))
                    {
                        next.insert(skipped);
                    }
                    // An urgent octet the peer marked may be missing from the stream (taken
                    // out of line, or dropped for a newer one as Linux does), nothing else.
                    if (!m_urgent.count(s))
                    {
                        break;
                    }
                    ++skipped;
                    ++s;
                }
            }
            if (next.empty())
            {
                const uint32_t s = first + uint32_t(m_delivered + *m_outOfLine.begin());
                if (!sentAtAny)
                {
                    Violation("the application read byte " + std::to_string(m_delivered)
                              + " (sequence number " + std::to_string(s)
                              + ") which the peer never sent");
                }
                Violation("the application read byte " + std::to_string(m_delivered)
                          + " out of order or twice (sequence number " + std::to_string(s) + ")");
            }
            m_outOfLine = std::move(next);
            ++m_delivered;
        }
    }

    /// Did the peer send byte b at sequence number s?
    bool Sent(uint32_t s, uint8_t b) const
    {
        for (const auto& [shift, sent] : m_payloadSent)
        {
            if (b == Pattern(s + shift) && boost::icl::contains(sent, uint64_t(s)))
            {
                return true;
            }
        }
        auto sent = m_otherSent.find(s);
        return sent != m_otherSent.end() && sent->second.find(char(b)) != std::string::npos;
    }

    void ReadAll()
    {
        for (int i = 0; i < 64 && m_sock && m_sock->GetRxAvailable() > 0; ++i)
        {
            Read(UINT32_MAX);
        }
    }

    // ---- the invariants after every event ----------------------------------------------------

    void Check()
    {
        for (Ptr<TcpFsmSocket> s : {m_sock, m_listener})
        {
            if (s && s->GetState() >= TcpSocket::LAST_STATE)
            {
                Violation("a socket's state is outside the eleven");
            }
        }
        if (!m_sock)
        {
            return;
        }
        const TcpFsmState st = m_sock->GetState();
        const TcpFsmTcb& tcb = m_sock->GetTcb();
        if (st != TcpSocket::CLOSED && st != TcpSocket::LISTEN && tcb.sndUna > tcb.sndMax)
        {
            Violation("SND.UNA > SND.NXT in " + std::string(TcpFsmStateName(st)));
        }
        if (st != TcpSocket::CLOSED && st != TcpSocket::LISTEN && st != TcpSocket::SYN_SENT)
        {
            if (m_haveRcvNxt && tcb.rcvNxt < m_rcvNxt)
            {
                Violation("RCV.NXT moved backwards in " + std::string(TcpFsmStateName(st)));
            }
            m_rcvNxt = tcb.rcvNxt;
            m_haveRcvNxt = true;
        }
    }

    FuzzInput m_in;
    bool m_active{true};
    Ptr<Node> m_node;
    Ptr<TcpFsmL4Protocol> m_l4;
    Ptr<TcpFsmSocket> m_sock;                 ///< the connection under test
    Ptr<TcpFsmSocket> m_listener;             ///< passive runs
    std::vector<Ptr<TcpFsmSocket>> m_sockets; ///< every socket made or accepted
    uint16_t m_ourPort{0};
    uint16_t m_peerPortOfTest{0};
    bool m_sawOurs{false};
    SequenceNumber32 m_ourMax{0}; ///< one past the highest sequence number we sent
    uint32_t m_ourAck{0};         ///< the last acknowledgment number we sent
    /// The bytes the peer sent at each sequence number (more than one when a sequence number
    /// was sent again with other content), in two parts (RecordSent): by shift, the sequence
    /// numbers s (intervals below 2^32) at which the peer sent Pattern(s + shift); and the
    /// option bytes read as data, one by one.
    std::map<uint32_t, boost::icl::interval_set<uint64_t>> m_payloadSent;
    std::unordered_map<uint32_t, std::string> m_otherSent;
    uint64_t m_digest{14695981039346656037ULL}; ///< of the segments sent (TCP_FSM_FUZZ_DIGEST)
    uint64_t m_delivered{0};
    /// The numbers of urgent octets the stream may have skipped (read out of line) so far.
    std::set<uint64_t> m_outOfLine{0};
    /// Sequence numbers of the urgent octets the peer marked (URG, SEG.SEQ + SEG.UP - 1).
    std::unordered_set<uint32_t> m_urgent;
    bool m_haveRcvNxt{false};
    SequenceNumber32 m_rcvNxt{0};
};

void
CaptureToRun(Ptr<Packet> p, Ipv4Address src, Ipv4Address dst, uint8_t proto, Ptr<Ipv4Route> r)
{
    if (TheWorld().run)
    {
        TheWorld().run->Capture(p, src, dst, proto, r);
    }
}

void
TransitionToRun(const TcpFsmTransitionRecord& r)
{
    if (TheWorld().run)
    {
        TheWorld().run->OnTransition(r);
    }
}

World&
TheWorld()
{
    static World* world = []()
    {
        // Before anything touches the simulator: the implementation that can rewind.
        GlobalValue::Bind("SimulatorImplementationType",
                          StringValue("ns3::TcpFsmFuzzSimulatorImpl"));
        auto* w = new World;
        w->sim = DynamicCast<RewindableSimulatorImpl>(Simulator::GetImplementation());
        if (!w->sim)
        {
            Violation("the rewindable simulator could not be installed");
        }
        w->node = CreateObject<Node>();
        SimpleNetDeviceHelper devices;
        NetDeviceContainer devs = devices.Install(w->node);
        TcpFsmHelper().Install(w->node);
        Ipv4AddressHelper addresses("10.0.0.0", "255.255.255.0");
        addresses.Assign(devs);
        w->l4 = TcpFsmHelper::GetL4(w->node);
        // One ephemeral port: the active socket's port (and so its ISN) is the same for
        // every input.
        w->l4->SetAttribute("EphemeralPortLast", UintegerValue(49152));
        w->l4->SetDownTarget(MakeCallback(&CaptureToRun));
        w->l4->TraceConnectWithoutContext("StateTransition", MakeCallback(&TransitionToRun));
        return w;
    }();
    return *world;
}

} // namespace

extern "C" int
LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size)
{
    if (size > 4096)
    {
        return 0;
    }
    SegmentsRun(data, size).Execute();
    return 0;
}
