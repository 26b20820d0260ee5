/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * One seed of tcp-fsm-soak: a client node and a server node, both tcp-fsm, joined by a
 * point-to-point link whose two receive error models (TcpFsmSoakImpairment) lose (random
 * and bursty, Gilbert-Elliott), corrupt (checksums on), duplicate, delay (jitter, hence
 * reordering) and drop everything while the link is down. The link goes down in the middle
 * of some handshakes and of some closes.
 *
 * The client opens the seed's connections one after the other (churn, many at once); each
 * writes a 4-byte connection id and a request, then shuts down its sending side, and reads
 * the server's response until the end of the stream; the server reads the id and the
 * request until the end of the stream while it writes the response, then closes. Both
 * directions carry a byte pattern known to the reader (a function of connection, direction
 * and offset), so the reader compares every byte with what the writer wrote: a byte read
 * twice, ahead of its place or that nobody wrote is a failure, and so are missing bytes at a
 * normal end (no error the application saw). Every socket's last traced state must be
 * CLOSED when the simulation ends.
 */
#include "ns3/tcp-fsm-soak.h"

#include "ns3/config.h"
#include "ns3/double.h"
#include "ns3/inet-socket-address.h"
#include "ns3/ipv4-address-generator.h"
#include "ns3/ipv4-address-helper.h"
#include "ns3/log.h"
#include "ns3/node-container.h"
#include "ns3/packet.h"
#include "ns3/point-to-point-helper.h"
#include "ns3/point-to-point-net-device.h"
#include "ns3/random-variable-stream.h"
#include "ns3/rng-seed-manager.h"
#include "ns3/simulator.h"
#include "ns3/string.h"
#include "ns3/tcp-fsm-helper.h"
#include "ns3/tcp-fsm-l4-protocol.h"
#include "ns3/tcp-fsm-soak-impairment.h"
#include "ns3/tcp-fsm-socket.h"
#include "ns3/tcp-socket-factory.h"
#include "ns3/uinteger.h"

#include <map>
#include <sstream>
#include <unordered_map>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("TcpFsmSoak");

namespace
{

constexpr uint16_t kPort = 9;
constexpr uint32_t kIdBytes = 4;

/// murmur3's finaliser: a word of the pattern.
uint32_t
Mix(uint32_t x)
{
    x ^= x >> 16;
    x *= 0x85ebca6bu;
    x ^= x >> 13;
    x *= 0xc2b2ae35u;
    x ^= x >> 16;
    return x;
}

/// The byte at offset k of connection id's stream in direction dir (0: request, 1: response).
uint8_t
PatternByte(uint64_t seed, uint32_t id, uint32_t dir, uint64_t k)
{
    const uint32_t word = Mix(uint32_t(seed * 0x9e3779b1u) ^ Mix(id * 2 + dir) ^ uint32_t(k / 4));
    return uint8_t(word >> (24 - 8 * (k % 4)));
}

struct Side
{
    uint64_t expected{0}; ///< bytes the writer writes
    uint64_t received{0}; ///< bytes read and checked
    bool eof{false};      ///< the end of the stream was read
    bool error{false};    ///< the application was told of an error, or gave up waiting
    Time progress;        ///< when this end last read or wrote
};

struct Conn
{
    uint32_t id{0};
    Ptr<Socket> client;
    Ptr<Socket> server;
    uint64_t requestSent{0};  ///< id bytes included
    uint64_t responseSent{0}; ///< by the server
    bool shutdown{false};
    bool closedByServer{false};
    bool closedByClient{false};
    bool failed{false}; ///< a mismatch was counted
    bool done{false};   ///< both ends have finished (end of stream or error)
    Side atServer;      ///< the request, read by the server
    Side atClient;      ///< the response, read by the client
};

class SoakRun
{
  public:
    SoakRun(uint64_t seed, const TcpFsmSoakConfig& config)
      : m_seed(seed)
      , m_config(config)
    {}

    TcpFsmSoakResult Run();

  private:
    void Build();
    void StartConnection(uint32_t id);
    void Flap(Time after);
    void SetLinkDown(bool down);

    void ClientConnected(Ptr<Socket> s);
    void ClientFailed(Ptr<Socket> s);
    void ClientSend(Ptr<Socket> s, uint32_t);
    void ClientRecv(Ptr<Socket> s);
    void ServerAccept(Ptr<Socket> s, const Address&);
    void ServerSend(Ptr<Socket> s, uint32_t);
    void ServerRecv(Ptr<Socket> s);
    void ServerError(Ptr<Socket> s);
    void Nothing(Ptr<Socket>) {}

    bool PeerClosed(Ptr<Socket> s) const;
    /// Compare bytes read at offset k with the pattern; false (and the failure counted) on a
    /// mismatch.
    bool Check(Conn& c, uint32_t dir, uint64_t k, const uint8_t* b, std::size_t n);
    void MaybeDone(Conn& c);
    /// The applications' receive timeout: an end without progress for idleSeconds closes
    /// its socket and counts the connection as ended with an error (as an application with
    /// SO_RCVTIMEO would); then the socket's own timers must take it to CLOSED.
    void Watchdog(uint32_t id);
    void GiveUp(Conn& c, bool client);
    void OnTransition(const TcpFsmTransitionRecord& r);
    /// "; client FIN_WAIT_2 (none); server CLOSED (timed_out)"
    std::string Ends(const Conn& c) const;

    uint64_t m_seed;
    TcpFsmSoakConfig m_config;
    TcpFsmSoakResult m_result;
    Ptr<UniformRandomVariable> m_rng;
    NodeContainer m_nodes;
    Ipv4Address m_serverAddress;
    Ptr<TcpFsmSoakImpairment> m_impair[2];
    int m_downCount{0};
    Time m_nextFlapAllowed{0};
    Ptr<Socket> m_listener;
    std::vector<Conn> m_conns;
    std::unordered_map<Socket*, uint32_t> m_byClient;
    std::unordered_map<Socket*, uint32_t> m_byServer;   ///< once the id is read
    std::unordered_map<Socket*, std::string> m_idBytes; ///< server: the id's bytes so far
    uint32_t m_done{0};
    std::map<std::pair<uint32_t, uint64_t>, TcpFsmState> m_lastState;
};

void
SoakRun::Build()
{
    Ipv4AddressGenerator::Reset();
    RngSeedManager::SetSeed(0x50a4);
    RngSeedManager::SetRun(m_seed);
    Config::SetDefault("ns3::TcpFsmSocket::Msl", TimeValue(Seconds(m_config.mslSeconds)));
    // Linux's tcp_retries2: a burst of the Gilbert-Elliott bad state may eat six
    // retransmissions in a row (ns-3's default), rarely fifteen.
    Config::SetDefault("ns3::TcpSocket::DataRetries", UintegerValue(15));
    m_rng = CreateObject<UniformRandomVariable>();
    m_rng->SetStream(1);

    m_nodes.Create(2);
    PointToPointHelper p2p;
    p2p.SetDeviceAttribute("DataRate", StringValue("20Mbps"));
    p2p.SetChannelAttribute("Delay", TimeValue(MilliSeconds(m_rng->GetInteger(1, 20))));
    NetDeviceContainer devs = p2p.Install(m_nodes);
    TcpFsmHelper().Install(m_nodes);
    Ipv4AddressHelper addresses("10.1.1.0", "255.255.255.0");
    Ipv4InterfaceContainer ifs = addresses.Assign(devs);
    m_serverAddress = ifs.GetAddress(1);

    for (uint32_t i = 0; i < 2; ++i)
    {
        // Each seed its own mix of impairments, the same for both directions.
        Ptr<TcpFsmSoakImpairment> m = CreateObject<TcpFsmSoakImpairment>();
        m->SetAttribute("GoodToBad", DoubleValue(m_rng->GetValue(0, 0.02)));
        m->SetAttribute("BadToGood", DoubleValue(m_rng->GetValue(0.2, 0.6)));
        m->SetAttribute("LossGood", DoubleValue(m_rng->GetValue(0, 0.02)));
        m->SetAttribute("LossBad", DoubleValue(m_rng->GetValue(0.2, 0.8)));
        m->SetAttribute("Corrupt", DoubleValue(m_rng->GetValue(0, 0.01)));
        m->SetAttribute("Duplicate", DoubleValue(m_rng->GetValue(0, 0.02)));
        m->SetAttribute("Delay", DoubleValue(m_rng->GetValue(0, 0.05)));
        m->SetAttribute("MaxJitter", TimeValue(MilliSeconds(m_rng->GetInteger(1, 20))));
        m->AssignStreams(10 + i);
        Ptr<PointToPointNetDevice> dev = DynamicCast<PointToPointNetDevice>(devs.Get(i));
        m->SetDevice(dev);
        dev->SetReceiveErrorModel(m);
        m_impair[i] = m;
    }
    for (uint32_t i = 0; i < 2; ++i)
    {
        Ptr<TcpFsmL4Protocol> l4 = TcpFsmHelper::GetL4(m_nodes.Get(i));
        l4->AssignStreams(20 + i);
        l4->TraceConnectWithoutContext("StateTransition",
                                       MakeCallback(&SoakRun::OnTransition, this));
    }

    m_listener = Socket::CreateSocket(m_nodes.Get(1), TcpSocketFactory::GetTypeId());
    m_listener->Bind(InetSocketAddress(Ipv4Address::GetAny(), kPort));
    m_listener->Listen();
    m_listener->SetAcceptCallback(MakeNullCallback<bool, Ptr<Socket>, const Address&>(),
                                  MakeCallback(&SoakRun::ServerAccept, this));

    m_conns.resize(m_config.connections);
    double t = 0.01;
    for (uint32_t id = 0; id < m_config.connections; ++id)
    {
        Conn& c = m_conns[id];
        c.id = id;
        c.atServer.expected = m_rng->GetInteger(0, m_config.maxBytes);
        c.atClient.expected = m_rng->GetInteger(0, m_config.maxBytes);
        t += m_rng->GetValue(0, 0.04); // about 50 new connections a second
        Simulator::Schedule(Seconds(t), &SoakRun::StartConnection, this, id);
    }
}

void
SoakRun::SetLinkDown(bool down)
{
    m_downCount += down ? 1 : -1;
    NS_LOG_INFO("seed " << m_seed << ": link " << (down ? "down" : "up") << " (" << m_downCount
                        << " outages)");
    for (auto& m : m_impair)
    {
        m->SetLinkDown(m_downCount > 0);
    }
}

void
SoakRun::Flap(Time after)
{
    // One outage at a time, and at least 10 s of link between outages: connections that
    // back off together would otherwise meet the next outage every time they retry.
    if (Simulator::Now() < m_nextFlapAllowed)
    {
        return;
    }
    ++m_result.flaps;
    const Time length = Seconds(m_rng->GetValue(0.2, 3));
    Simulator::Schedule(after, &SoakRun::SetLinkDown, this, true);
    Simulator::Schedule(after + length, &SoakRun::SetLinkDown, this, false);
    m_nextFlapAllowed = Simulator::Now() + after + length + Seconds(10);
}

void
SoakRun::StartConnection(uint32_t id)
{
    Conn& c = m_conns[id];
    c.client = Socket::CreateSocket(m_nodes.Get(0), TcpSocketFactory::GetTypeId());
    m_byClient[PeekPointer(c.client)] = id;
    c.client->SetConnectCallback(MakeCallback(&SoakRun::ClientConnected, this),
                                 MakeCallback(&SoakRun::ClientFailed, this));
    c.client->SetCloseCallbacks(MakeCallback(&SoakRun::Nothing, this),
                                MakeCallback(&SoakRun::ClientFailed, this));
    c.client->SetRecvCallback(MakeCallback(&SoakRun::ClientRecv, this));
    c.client->SetSendCallback(MakeCallback(&SoakRun::ClientSend, this));
    c.client->Bind();
    c.client->Connect(InetSocketAddress(m_serverAddress, kPort));
    c.atClient.progress = c.atServer.progress = Simulator::Now();
    Simulator::Schedule(Seconds(m_config.idleSeconds), &SoakRun::Watchdog, this, id);
    if (m_rng->GetValue() < 0.05)
    {
        Flap(MilliSeconds(m_rng->GetInteger(0, 40))); // in the middle of the handshake
    }
}

void
SoakRun::ClientConnected(Ptr<Socket> s)
{
    ClientSend(s, 0);
}

void
SoakRun::ClientFailed(Ptr<Socket> s)
{
    Conn& c = m_conns[m_byClient.at(PeekPointer(s))];
    if (!c.atClient.error)
    {
        c.atClient.error = true;
        NS_LOG_INFO("seed " << m_seed << " connection " << c.id << ": client error ("
                            << TcpFsmEndReasonName(DynamicCast<TcpFsmSocket>(s)->GetEndReason())
                            << "), " << c.requestSent << " bytes written, " << c.atClient.received
                            << " read");
        if (!c.closedByClient)
        {
            c.closedByClient = true;
            s->Close();
        }
        MaybeDone(c);
    }
}

void
SoakRun::ClientSend(Ptr<Socket> s, uint32_t)
{
    Conn& c = m_conns[m_byClient.at(PeekPointer(s))];
    const uint64_t total = kIdBytes + c.atServer.expected;
    uint8_t buf[4096];
    while (c.requestSent < total && !c.atClient.error)
    {
        const uint32_t room = s->GetTxAvailable();
        const uint32_t n = uint32_t(std::min<uint64_t>({total - c.requestSent, room, sizeof(buf)}));
        if (n == 0)
        {
            return; // wait for the send callback
        }
        for (uint32_t i = 0; i < n; ++i)
        {
            const uint64_t k = c.requestSent + i;
            buf[i] = k < kIdBytes ? uint8_t(c.id >> (24 - 8 * k))
                                  : PatternByte(m_seed, c.id, 0, k - kIdBytes);
        }
        const int sent = s->Send(buf, n, 0);
        if (sent <= 0)
        {
            return;
        }
        c.requestSent += uint32_t(sent);
        c.atClient.progress = Simulator::Now();
    }
    if (c.requestSent == total && !c.shutdown && !c.atClient.error)
    {
        c.shutdown = true;
        s->ShutdownSend();
        if (m_rng->GetValue() < 0.05)
        {
            Flap(MilliSeconds(m_rng->GetInteger(0, 40))); // in the middle of the close
        }
    }
}

bool
SoakRun::PeerClosed(Ptr<Socket> s) const
{
    const TcpFsmState st = DynamicCast<TcpFsmSocket>(s)->GetState();
    return st == TcpSocket::CLOSE_WAIT || st == TcpSocket::LAST_ACK || st == TcpSocket::CLOSING
           || st == TcpSocket::TIME_WAIT
           || (st == TcpSocket::CLOSED
               && DynamicCast<TcpFsmSocket>(s)->GetEndReason() == TcpFsmEndReason::NORMAL);
}

bool
SoakRun::Check(Conn& c, uint32_t dir, uint64_t k, const uint8_t* b, std::size_t n)
{
    for (std::size_t i = 0; i < n; ++i)
    {
        if (b[i] == PatternByte(m_seed, c.id, dir, k + i))
        {
            continue;
        }
        // Where do these bytes belong? Earlier: read twice; later: ahead of their place.
        const std::size_t w = std::min<std::size_t>(8, n - i);
        int64_t found = 0;
        for (int64_t d = 1; d <= 65536 && found == 0; ++d)
        {
            for (int64_t delta : {-d, d})
            {
                const int64_t at = int64_t(k + i) + delta;
                bool all = at >= 0;
                for (std::size_t j = 0; all && j < w; ++j)
                {
                    all = b[i + j] == PatternByte(m_seed, c.id, dir, uint64_t(at) + j);
                }
                if (all)
                {
                    found = delta;
                    break;
                }
            }
        }
        const char* what = found < 0 ? "duplicated" : found > 0 ? "reordered" : "corrupted";
        (found < 0 ? m_result.duplicated : found > 0 ? m_result.reordered : m_result.corrupted)++;
        c.failed = true;
        std::ostringstream os;
        os << "seed " << m_seed << " connection " << c.id << ": " << (dir ? "response" : "request")
           << " byte " << (k + i) << " " << what;
        m_result.notes.push_back(os.str());
        return false;
    }
    m_result.bytesChecked += n;
    return true;
}

void
SoakRun::ClientRecv(Ptr<Socket> s)
{
    Conn& c = m_conns[m_byClient.at(PeekPointer(s))];
    uint8_t buf[4096];
    int n;
    while ((n = s->Recv(buf, sizeof(buf), 0)) > 0)
    {
        if (!c.failed && Check(c, 1, c.atClient.received, buf, uint32_t(n)))
        {
            c.atClient.received += uint32_t(n);
            c.atClient.progress = Simulator::Now();
        }
    }
    if (!c.atClient.eof && PeerClosed(s))
    {
        c.atClient.eof = true;
        if (!c.closedByClient)
        {
            c.closedByClient = true;
            s->Close();
        }
        MaybeDone(c);
    }
}

void
SoakRun::ServerAccept(Ptr<Socket> s, const Address&)
{
    m_idBytes[PeekPointer(s)];
    s->SetRecvCallback(MakeCallback(&SoakRun::ServerRecv, this));
    s->SetSendCallback(MakeCallback(&SoakRun::ServerSend, this));
    s->SetCloseCallbacks(MakeCallback(&SoakRun::Nothing, this),
                         MakeCallback(&SoakRun::ServerError, this));
    ServerRecv(s); // data may have come with the handshake
}

void
SoakRun::ServerError(Ptr<Socket> s)
{
    auto it = m_byServer.find(PeekPointer(s));
    if (it == m_byServer.end())
    {
        return; // reset before its id arrived: the client side accounts for it
    }
    Conn& c = m_conns[it->second];
    if (!c.atServer.error)
    {
        c.atServer.error = true;
        if (!c.closedByServer)
        {
            c.closedByServer = true;
            s->Close();
        }
        MaybeDone(c);
    }
}

void
SoakRun::ServerRecv(Ptr<Socket> s)
{
    uint8_t buf[4096];
    int n;
    while ((n = s->Recv(buf, sizeof(buf), 0)) > 0)
    {
        const uint8_t* b = buf;
        auto it = m_byServer.find(PeekPointer(s));
        if (it == m_byServer.end())
        {
            std::string& id = m_idBytes[PeekPointer(s)];
            const int take = std::min<int>(n, int(kIdBytes - id.size()));
            id.append(reinterpret_cast<const char*>(b), take);
            b += take;
            n -= take;
            if (id.size() < kIdBytes)
            {
                continue;
            }
            const uint32_t v = (uint32_t(uint8_t(id[0])) << 24) | (uint32_t(uint8_t(id[1])) << 16)
                               | (uint32_t(uint8_t(id[2])) << 8) | uint8_t(id[3]);
            if (v >= m_conns.size() || m_conns[v].server)
            {
                ++m_result.corrupted;
                m_result.notes.push_back("seed " + std::to_string(m_seed)
                                         + ": a connection's id bytes name no connection ("
                                         + std::to_string(v) + ")");
                s->Close();
                return;
            }
            m_conns[v].server = s;
            it = m_byServer.emplace(PeekPointer(s), v).first;
            ServerSend(s, 0);
        }
        Conn& c = m_conns[it->second];
        if (n > 0 && !c.failed && Check(c, 0, c.atServer.received, b, uint32_t(n)))
        {
            c.atServer.received += uint32_t(n);
            c.atServer.progress = Simulator::Now();
        }
    }
    auto it = m_byServer.find(PeekPointer(s));
    if (it != m_byServer.end() && PeerClosed(s))
    {
        Conn& c = m_conns[it->second];
        if (!c.atServer.eof)
        {
            c.atServer.eof = true;
            ServerSend(s, 0); // closes once the response is written
            MaybeDone(c);
        }
    }
}

void
SoakRun::ServerSend(Ptr<Socket> s, uint32_t)
{
    auto it = m_byServer.find(PeekPointer(s));
    if (it == m_byServer.end())
    {
        return;
    }
    Conn& c = m_conns[it->second];
    uint8_t buf[4096];
    while (c.responseSent < c.atClient.expected && !c.atServer.error)
    {
        const uint32_t n = uint32_t(std::min<uint64_t>(
            {c.atClient.expected - c.responseSent, s->GetTxAvailable(), sizeof(buf)}));
        if (n == 0)
        {
            return;
        }
        for (uint32_t i = 0; i < n; ++i)
        {
            buf[i] = PatternByte(m_seed, c.id, 1, c.responseSent + i);
        }
        const int sent = s->Send(buf, n, 0);
        if (sent <= 0)
        {
            return;
        }
        c.responseSent += uint32_t(sent);
        c.atServer.progress = Simulator::Now();
    }
    if (c.responseSent == c.atClient.expected && c.atServer.eof && !c.closedByServer)
    {
        c.closedByServer = true;
        s->Close();
        if (m_rng->GetValue() < 0.05)
        {
            Flap(MilliSeconds(m_rng->GetInteger(0, 40))); // in the middle of the close
        }
    }
}

void
SoakRun::Watchdog(uint32_t id)
{
    Conn& c = m_conns[id];
    if (c.done)
    {
        return;
    }
    const Time idle = Seconds(m_config.idleSeconds);
    const Time now = Simulator::Now();
    const bool clientDone = c.atClient.eof || c.atClient.error;
    const bool serverDone = c.atServer.eof || c.atServer.error || !c.server;
    if (!clientDone && now - c.atClient.progress >= idle)
    {
        GiveUp(c, true);
    }
    if (!serverDone && now - c.atServer.progress >= idle)
    {
        GiveUp(c, false);
    }
    if (!c.done)
    {
        const Time next = std::min(c.atClient.progress, c.atServer.progress) + idle;
        Simulator::Schedule(std::max(next - now, Seconds(1)), &SoakRun::Watchdog, this, id);
    }
}

void
SoakRun::GiveUp(Conn& c, bool client)
{
    ++m_result.appTimeouts;
    NS_LOG_INFO("seed " << m_seed << " connection " << c.id << ": the "
                        << (client ? "client" : "server") << " gives up waiting" << Ends(c));
    Side& side = client ? c.atClient : c.atServer;
    side.error = true;
    bool& closed = client ? c.closedByClient : c.closedByServer;
    if (!closed)
    {
        closed = true;
        (client ? c.client : c.server)->Close();
    }
    MaybeDone(c);
}

void
SoakRun::MaybeDone(Conn& c)
{
    const bool clientDone = c.atClient.eof || c.atClient.error;
    const bool serverDone = c.atServer.eof || c.atServer.error || !c.server;
    if (!clientDone || !serverDone || c.done)
    {
        return;
    }
    c.done = true;
    if (++m_done == m_conns.size())
    {
        Simulator::Schedule(Seconds(1),
                            [this]()
                            {
                                m_listener->Close();
                            });
    }
}

std::string
SoakRun::Ends(const Conn& c) const
{
    std::string out;
    for (const auto& [name, s] :
         {std::make_pair("client", c.client), std::make_pair("server", c.server)})
    {
        Ptr<TcpFsmSocket> t = DynamicCast<TcpFsmSocket>(s);
        if (t)
        {
            out += std::string("; ") + name + " " + TcpFsmStateName(t->GetState()) + " ("
                   + TcpFsmEndReasonName(t->GetEndReason()) + ")";
        }
    }
    return out;
}

void
SoakRun::OnTransition(const TcpFsmTransitionRecord& r)
{
    m_lastState[{r.nodeId, r.socketId}] = r.to;
}

TcpFsmSoakResult
SoakRun::Run()
{
    Build();
    Simulator::Stop(Seconds(m_config.capSeconds));
    Simulator::Run();

    m_result.seeds = 1;
    m_result.connections = m_conns.size();
    for (const Conn& c : m_conns)
    {
        if (c.failed)
        {
            continue; // counted when it happened
        }
        if (c.atClient.error || c.atServer.error)
        {
            ++m_result.errors;
            continue;
        }
        const uint64_t missing = (c.atServer.expected - c.atServer.received)
                                 + (c.atClient.expected - c.atClient.received);
        if (missing == 0 && c.atClient.eof && c.atServer.eof)
        {
            ++m_result.completed;
            continue;
        }
        m_result.lost += missing;
        ++m_result.failures; // bytes missing, or no end of stream, and no error seen
        std::ostringstream os;
        os << "seed " << m_seed << " connection " << c.id << ": " << missing
           << " bytes missing without an error (request " << c.atServer.received << "/"
           << c.atServer.expected << (c.atServer.eof ? " eof" : "") << ", response "
           << c.atClient.received << "/" << c.atClient.expected << (c.atClient.eof ? " eof" : "")
           << ")" << Ends(c);
        m_result.notes.push_back(os.str());
    }
    // Every socket's last traced state is CLOSED; a child of the listener may instead have
    // gone back to LISTEN (SYN_RCVD -> LISTEN on a RST, RFC 9293 3.10.7.4): it is then
    // folded into its listener, which is closed.
    const uint64_t listenerId = DynamicCast<TcpFsmSocket>(m_listener)->GetSocketId();
    for (const auto& [key, state] : m_lastState)
    {
        const bool child = key.first == 1 && key.second != listenerId;
        if (state != TcpSocket::CLOSED && !(child && state == TcpSocket::LISTEN))
        {
            ++m_result.stuck;
            m_result.notes.push_back(
                "seed " + std::to_string(m_seed) + ": node " + std::to_string(key.first)
                + " socket " + std::to_string(key.second) + " stuck in " + TcpFsmStateName(state));
        }
    }
    for (uint32_t i = 0; i < 2; ++i)
    {
        // and the L4s hold no connection (a socket that never traced would hide here)
        const std::size_t live = TcpFsmHelper::GetL4(m_nodes.Get(i))->GetConnectionCount();
        if (live > 0 && m_result.stuck == 0)
        {
            m_result.stuck += live;
            m_result.notes.push_back("seed " + std::to_string(m_seed) + ": node "
                                     + std::to_string(i) + " still has " + std::to_string(live)
                                     + " connections");
        }
    }
    for (auto& m : m_impair)
    {
        const auto& k = m->GetCounts();
        m_result.netPackets += k.packets;
        m_result.netLost += k.lost;
        m_result.netLinkDown += k.linkDown;
        m_result.netCorrupted += k.corrupted;
        m_result.netDuplicated += k.duplicated;
        m_result.netDelayed += k.delayed;
        m->SetDevice(nullptr); // break the device <-> model cycle
    }
    for (uint32_t i = 0; i < 2; ++i)
    {
        for (const auto& [reason, count] : TcpFsmHelper::GetL4(m_nodes.Get(i))->GetDropCounts())
        {
            NS_LOG_INFO("seed " << m_seed << " node " << i << ": " << count << " dropped ("
                                << reason << ")");
        }
    }
    for (uint32_t i = 0; i < 2; ++i)
    {
        m_result.checksumDrops
            += TcpFsmHelper::GetL4(m_nodes.Get(i))->GetDropCountFor("bad_checksum");
    }
    m_result.failures
        += m_result.duplicated + m_result.reordered + m_result.corrupted + m_result.stuck;

    m_conns.clear();
    m_byClient.clear();
    m_byServer.clear();
    m_idBytes.clear();
    m_listener = nullptr;
    m_nodes = NodeContainer();
    m_impair[0] = m_impair[1] = nullptr;
    Simulator::Destroy();
    return m_result;
}

} // namespace

TcpFsmSoakResult
TcpFsmSoakRunSeed(uint64_t seed, const TcpFsmSoakConfig& config)
{
    return SoakRun(seed, config).Run();
}

} // namespace ns3
