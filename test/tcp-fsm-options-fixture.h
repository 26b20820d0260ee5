/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The scripted peer of the options tests (tcp-fsm-options-test.cc): PeerTest
 * (tcp-fsm-peer-fixture.h) plus the TCP options of every segment sent (their wire bytes and
 * their values) and segments injected with options.
 */
#ifndef TCP_FSM_OPTIONS_FIXTURE_H
#define TCP_FSM_OPTIONS_FIXTURE_H

#include "tcp-fsm-peer-fixture.h"

#include "ns3/buffer.h"
#include "ns3/enum.h"
#include "ns3/integer.h"
#include "ns3/string.h"
#include "ns3/tcp-fsm-options.h"
#include "ns3/tcp-option-rfc793.h"
#include "ns3/tcp-option-sack-permitted.h"
#include "ns3/tcp-option-sack.h"
#include "ns3/tcp-option-ts.h"
#include "ns3/tcp-option-winscale.h"

#include <cstdio>

namespace ns3
{
namespace test
{

/// Options for an injected segment, in the order written (as a packetdrill option list).
class Opts
{
  public:
    Opts& Mss(uint16_t v)
    {
        Ptr<TcpOptionMSS> o = CreateObject<TcpOptionMSS>();
        o->SetMSS(v);
        m_list.push_back(o);
        return *this;
    }

    Opts& Nop()
    {
        m_list.push_back(CreateObject<TcpOptionNOP>());
        return *this;
    }

    Opts& SackOk()
    {
        m_list.push_back(CreateObject<TcpOptionSackPermitted>());
        return *this;
    }

    Opts& Ws(uint8_t shift)
    {
        Ptr<TcpOptionWinScale> o = CreateObject<TcpOptionWinScale>();
        o->SetScale(shift);
        m_list.push_back(o);
        return *this;
    }

    Opts& Ts(uint32_t val, uint32_t ecr)
    {
        Ptr<TcpOptionTS> o = CreateObject<TcpOptionTS>();
        o->SetTimestamp(val);
        o->SetEcho(ecr);
        m_list.push_back(o);
        return *this;
    }

    Opts& Sack(std::vector<std::pair<uint32_t, uint32_t>> blocks)
    {
        Ptr<TcpOptionSack> o = CreateObject<TcpOptionSack>();
        for (const auto& b : blocks)
        {
            o->AddSackBlock({SequenceNumber32(b.first), SequenceNumber32(b.second)});
        }
        m_list.push_back(o);
        return *this;
    }

    void AppendTo(TcpHeader& h) const
    {
        for (const auto& o : m_list)
        {
            h.AppendOption(o);
        }
    }

  private:
    std::vector<Ptr<const TcpOption>> m_list;
};

/// The options part of a segment we sent.
struct SentOptions
{
    std::string bytes; ///< the option bytes on the wire, as hex, e.g. "0101080a..."
    TcpFsmRxOptions values;
};

class OptionsTest : public PeerTest
{
  protected:
    void SetUp() override
    {
        PeerTest::SetUp();
        // SimpleNetDevice's MTU is 65535 by default: make it Ethernet's, as packetdrill's tun.
        for (uint32_t i = 0; i < m_node->GetNDevices(); ++i)
        {
            if (m_node->GetDevice(i)->GetMtu() > 1500)
            {
                m_node->GetDevice(i)->SetMtu(1500);
            }
        }
    }

    /// The option bytes (hex) and the options read back of every segment we send.
    void OnSent(Ptr<const Packet>, const TcpHeader& h) override
    {
        Buffer b;
        b.AddAtStart(h.GetSerializedSize());
        h.Serialize(b.Begin());
        std::vector<uint8_t> raw(h.GetSerializedSize());
        b.CopyData(raw.data(), raw.size());
        std::string hex;
        for (std::size_t i = 20; i < raw.size(); ++i)
        {
            char two[3];
            std::snprintf(two, sizeof(two), "%02x", raw[i]);
            hex += two;
        }
        m_options.push_back({hex, TcpFsmReadOptions(h)});
    }

    /// The peer sends a segment with options (ack relative to our ISS, as Inject()).
    void InjectOpts(uint8_t flags,
                    uint32_t seq,
                    uint32_t ackRel,
                    const Opts& opts,
                    uint32_t payload = 0,
                    uint16_t window = 65535)
    {
        const uint32_t ack = (flags & ACK) ? m_iss + ackRel : 0;
        const uint16_t srcPort = m_peerPort;
        const uint16_t dstPort = m_ourPort;
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
                opts.AppendTo(h);
                Ptr<Packet> p = Create<Packet>(payload);
                p->AddHeader(h);
                Deliver(p);
            });
    }

    /// Send bytes from the socket under test.
    void Write(uint32_t bytes)
    {
        Do(
            [=]()
            {
                m_sock->Send(Create<Packet>(bytes), 0);
            });
    }

    /// Hex of a 32-bit value, as it appears on the wire.
    static std::string Hex32(uint32_t v)
    {
        char s[9];
        std::snprintf(s, sizeof(s), "%08x", v);
        return s;
    }

    /// Everything sockets are created with from now on: Profile=linux.
    static void LinuxProfile()
    {
        Config::SetDefault("ns3::TcpFsmSocket::Profile", StringValue("linux"));
    }

    std::vector<SentOptions> m_options; ///< one per segment sent, in order
};

} // namespace test
} // namespace ns3

#endif /* TCP_FSM_OPTIONS_FIXTURE_H */
