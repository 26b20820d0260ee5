/* SPDX-License-Identifier: GPL-2.0-only */
#include "ns3/tcp-fsm-lab-scenario.h"

#include "ns3/double.h"
#include "ns3/inet-socket-address.h"
#include "ns3/internet-stack-helper.h"
#include "ns3/ipv4-address-helper.h"
#include "ns3/ipv4-global-routing-helper.h"
#include "ns3/log.h"
#include "ns3/packet.h"
#include "ns3/point-to-point-helper.h"
#include "ns3/pointer.h"
#include "ns3/simulator.h"
#include "ns3/string.h"
#include "ns3/tcp-fsm-helper.h"
#include "ns3/tcp-fsm-socket.h"
#include "ns3/tcp-fsm-transition-record.h"
#include "ns3/tcp-socket-factory.h"
#include "ns3/uinteger.h"

#include <algorithm>
#include <map>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("TcpFsmLabScenario");

const char*
TcpFsmLabCloseName(TcpFsmLabClose c)
{
    switch (c)
    {
    case TcpFsmLabClose::CLIENT:
        return "client";
    case TcpFsmLabClose::SERVER:
        return "server";
    case TcpFsmLabClose::SIMULTANEOUS:
        return "simultaneous";
    case TcpFsmLabClose::HALF:
        return "half";
    }
    return "?";
}

/**
 * The client and server applications of every connection. Sockets are found by pointer;
 * every socket is kept until Release() so that callbacks never see a freed one.
 */
class TcpFsmLabApps
{
  public:
    TcpFsmLabApps(const TcpFsmLabConfig& config, std::vector<TcpFsmLabConnection>& connections)
      : m_config(config)
      , m_connections(connections)
    {}

    void Listen(Ptr<Node> server);
    void Start(uint32_t k, Ptr<Node> client, Ipv4Address clientIp, Ipv4Address serverIp);
    void Release();

    std::function<void(const TcpFsmLabConnection&)> m_startCallback;
    uint64_t m_bytesSent{0};
    uint64_t m_bytesReceived{0};

  private:
    struct Client
    {
        Ptr<Socket> socket;
        uint32_t conn{0};
        bool allQueued{false};
    };

    struct Server
    {
        Ptr<Socket> socket;
        std::string peer; ///< the client's address:port
        uint64_t received{0};
        uint64_t sent{0};
        bool eof{false};
        bool closed{false};
        bool replying{false};
        bool coordinated{false};
        uint32_t emptyTx{0}; ///< GetTxAvailable() with nothing queued
    };

    /// Queue as much of the remaining bytes as fits; true when all are queued.
    bool Fill(Ptr<Socket> s, uint64_t total, uint64_t& sent);
    /// Read what is there; true at end of stream.
    bool Drain(Ptr<Socket> s, uint64_t& received);

    /// --fastopen: SendTo(MSG_FASTOPEN) instead of Connect(); false when it failed.
    bool OpenFastOpen(Ptr<Socket> s, TcpFsmLabConnection& conn, const Address& server);
    void Connected(Ptr<Socket> s);
    void ConnectFailed(Ptr<Socket> s);
    void ClientSend(Ptr<Socket> s, uint32_t available);
    void ClientRecv(Ptr<Socket> s);
    void ClientNormalClose(Ptr<Socket> s);
    void ClientErrorClose(Ptr<Socket> s);
    void ClientAllQueued(Client& c);
    void ClientEndOfStream(Client& c);
    void CloseClient(Client& c);

    void Accept(Ptr<Socket> s, const Address& from);
    void ServerRecv(Ptr<Socket> s);
    void ServerSend(Ptr<Socket> s, uint32_t available);
    void ServerPeerClosed(Ptr<Socket> s);
    void ServerProgress(Server& sv);
    void CloseServer(Server& sv);

    const TcpFsmLabConfig& m_config;
    std::vector<TcpFsmLabConnection>& m_connections;
    std::vector<Ptr<Socket>> m_listeners;
    std::map<Socket*, Client> m_clients;
    std::map<Socket*, Server> m_servers;
    std::map<std::string, Socket*> m_clientByAddress; ///< open clients by "addr:port"
    std::map<std::string, uint32_t> m_connByClient;   ///< the last connection of "addr:port"
};

bool
TcpFsmLabApps::Fill(Ptr<Socket> s, uint64_t total, uint64_t& sent)
{
    while (sent < total)
    {
        uint64_t n = std::min<uint64_t>({s->GetTxAvailable(), total - sent, 65536});
        if (n == 0)
        {
            return false;
        }
        int r = s->Send(Create<Packet>(static_cast<uint32_t>(n)));
        if (r <= 0)
        {
            return false;
        }
        sent += r;
        m_bytesSent += r;
    }
    return true;
}

bool
TcpFsmLabApps::Drain(Ptr<Socket> s, uint64_t& received)
{
    while (Ptr<Packet> p = s->Recv())
    {
        if (p->GetSize() == 0)
        {
            return true; // tcp-fsm: end of stream
        }
        received += p->GetSize();
        m_bytesReceived += p->GetSize();
    }
    return false;
}

void
TcpFsmLabApps::Listen(Ptr<Node> server)
{
    Ptr<Socket> l = Socket::CreateSocket(server, TcpSocketFactory::GetTypeId());
    l->Bind(InetSocketAddress(Ipv4Address::GetAny(), m_config.port));
    l->SetAcceptCallback(MakeNullCallback<bool, Ptr<Socket>, const Address&>(),
                         MakeCallback(&TcpFsmLabApps::Accept, this));
    if (Ptr<TcpFsmSocket> fsm = DynamicCast<TcpFsmSocket>(l); fsm && m_config.fastOpen)
    {
        fsm->SetAttribute("FastOpen",
                          UintegerValue(TcpFsmFastOpen::CLIENT | TcpFsmFastOpen::SERVER));
        fsm->SetFastOpenQueueLength(128); // TCP_FASTOPEN
    }
    m_listeners.push_back(l);
    Simulator::Schedule(m_config.listenAt - Simulator::Now(),
                        [l]()
                        {
                            l->Listen();
                        });
}

void
TcpFsmLabApps::Start(uint32_t k, Ptr<Node> client, Ipv4Address clientIp, Ipv4Address serverIp)
{
    TcpFsmLabConnection& conn = m_connections[k];
    Ptr<Socket> s = Socket::CreateSocket(client, TcpSocketFactory::GetTypeId());
    Client& c = m_clients[PeekPointer(s)];
    c.socket = s;
    c.conn = k;
    s->SetConnectCallback(MakeCallback(&TcpFsmLabApps::Connected, this),
                          MakeCallback(&TcpFsmLabApps::ConnectFailed, this));
    s->SetRecvCallback(MakeCallback(&TcpFsmLabApps::ClientRecv, this));
    s->SetSendCallback(MakeCallback(&TcpFsmLabApps::ClientSend, this));
    s->SetCloseCallbacks(MakeCallback(&TcpFsmLabApps::ClientNormalClose, this),
                         MakeCallback(&TcpFsmLabApps::ClientErrorClose, this));
    if (Ptr<TcpFsmSocket> fsm = DynamicCast<TcpFsmSocket>(s))
    {
        conn.clientSocketId = fsm->GetSocketId();
    }
    conn.started = true;
    conn.connectAt = Simulator::Now();
    // No Bind() first: tcp-fsm then picks a local port free for this 4-tuple, not one free
    // for every peer, as a real stack does for connect().
    Address local;
    const Address server = InetSocketAddress(serverIp, m_config.port);
    // --fastopen: SendTo(MSG_FASTOPEN) opens (RFC 7413: the SYN carries the first bytes, or
    // asks for a cookie); otherwise Connect().
    const bool opened = m_config.fastOpen && DynamicCast<TcpFsmSocket>(s)
                            ? OpenFastOpen(s, conn, server)
                            : s->Connect(server) == 0;
    if (!opened || s->GetSockName(local) != 0)
    {
        NS_LOG_WARN("connection " << k << ": Connect() failed, errno " << s->GetErrno());
        conn.appFailure = "local"; // e.g. no free local port (EADDRNOTAVAIL)
        return;
    }
    conn.clientAddress = TcpFsmFormatAddress(
        InetSocketAddress(clientIp, InetSocketAddress::ConvertFrom(local).GetPort()));
    m_clientByAddress[conn.clientAddress] = PeekPointer(s);
    m_connByClient[conn.clientAddress] = k;
    if (m_startCallback)
    {
        m_startCallback(conn);
    }
}

bool
TcpFsmLabApps::OpenFastOpen(Ptr<Socket> s, TcpFsmLabConnection& conn, const Address& server)
{
    const uint32_t first = static_cast<uint32_t>(std::min<uint64_t>(m_config.bytes, 65536));
    const int taken = s->SendTo(Create<Packet>(first), TcpFsmFastOpen::MSG_FASTOPEN, server);
    if (taken > 0)
    {
        conn.bytesSent += taken;
        m_bytesSent += taken;
    }
    return taken >= 0;
}

void
TcpFsmLabApps::Connected(Ptr<Socket> s)
{
    Client& c = m_clients[PeekPointer(s)];
    TcpFsmLabConnection& conn = m_connections[c.conn];
    conn.established = true;
    conn.establishedAt = Simulator::Now();
    ClientSend(s, 0);
}

void
TcpFsmLabApps::ConnectFailed(Ptr<Socket> s)
{
    TcpFsmLabConnection& conn = m_connections[m_clients[PeekPointer(s)].conn];
    if (!conn.clientFsm)
    {
        conn.appFailure = "timed_out"; // ns-3's TCP: its SYN retries ran out
    }
    m_clientByAddress.erase(conn.clientAddress);
}

void
TcpFsmLabApps::ClientSend(Ptr<Socket> s, uint32_t)
{
    Client& c = m_clients[PeekPointer(s)];
    TcpFsmLabConnection& conn = m_connections[c.conn];
    if (!conn.established || conn.clientClosed || c.allQueued)
    {
        return;
    }
    if (Fill(s, m_config.bytes, conn.bytesSent))
    {
        c.allQueued = true;
        ClientAllQueued(c);
    }
}

void
TcpFsmLabApps::ClientAllQueued(Client& c)
{
    switch (m_config.close)
    {
    case TcpFsmLabClose::CLIENT:
        CloseClient(c); // active close: the FIN follows the data
        break;
    case TcpFsmLabClose::HALF:
        c.socket->ShutdownSend(); // half-close: FIN after the data, keep receiving
        break;
    case TcpFsmLabClose::SERVER:
    case TcpFsmLabClose::SIMULTANEOUS:
        break; // wait for the server
    }
}

void
TcpFsmLabApps::ClientRecv(Ptr<Socket> s)
{
    Client& c = m_clients[PeekPointer(s)];
    TcpFsmLabConnection& conn = m_connections[c.conn];
    if (Drain(s, conn.bytesReceived))
    {
        ClientEndOfStream(c);
    }
}

void
TcpFsmLabApps::ClientNormalClose(Ptr<Socket> s)
{
    // ns-3's TCP reports the peer's FIN here; tcp-fsm an orderly end the client had not
    // closed yet. Either way, the server's stream has ended.
    Client& c = m_clients[PeekPointer(s)];
    Drain(s, m_connections[c.conn].bytesReceived);
    ClientEndOfStream(c);
}

void
TcpFsmLabApps::ClientErrorClose(Ptr<Socket> s)
{
    TcpFsmLabConnection& conn = m_connections[m_clients[PeekPointer(s)].conn];
    if (!conn.clientFsm)
    {
        conn.appFailure = "reset";
    }
    m_clientByAddress.erase(conn.clientAddress);
}

void
TcpFsmLabApps::ClientEndOfStream(Client& c)
{
    TcpFsmLabConnection& conn = m_connections[c.conn];
    conn.endOfStream = true;
    if (!conn.clientClosed)
    {
        CloseClient(c);
    }
}

void
TcpFsmLabApps::CloseClient(Client& c)
{
    TcpFsmLabConnection& conn = m_connections[c.conn];
    conn.clientClosed = true;
    m_clientByAddress.erase(conn.clientAddress);
    c.socket->Close();
}

void
TcpFsmLabApps::Accept(Ptr<Socket> s, const Address& from)
{
    Server& sv = m_servers[PeekPointer(s)];
    sv.socket = s;
    sv.peer = TcpFsmFormatAddress(from);
    sv.emptyTx = s->GetTxAvailable();
    s->SetRecvCallback(MakeCallback(&TcpFsmLabApps::ServerRecv, this));
    s->SetSendCallback(MakeCallback(&TcpFsmLabApps::ServerSend, this));
    s->SetCloseCallbacks(MakeCallback(&TcpFsmLabApps::ServerPeerClosed, this),
                         MakeCallback(&TcpFsmLabApps::ServerPeerClosed, this));
    ServerRecv(s); // data may have come with the segment that completed the handshake
}

void
TcpFsmLabApps::ServerRecv(Ptr<Socket> s)
{
    Server& sv = m_servers[PeekPointer(s)];
    const uint64_t before = sv.received;
    if (Drain(s, sv.received))
    {
        sv.eof = true;
    }
    if (before == 0 && sv.received > 0)
    {
        // Time to first byte at the server (the lab's setup-latency metric).
        auto it = m_connByClient.find(sv.peer);
        if (it != m_connByClient.end())
        {
            TcpFsmLabConnection& conn = m_connections[it->second];
            conn.serverFirstByte = true;
            conn.serverFirstByteAt = Simulator::Now();
        }
    }
    ServerProgress(sv);
}

void
TcpFsmLabApps::ServerPeerClosed(Ptr<Socket> s)
{
    Server& sv = m_servers[PeekPointer(s)];
    Drain(s, sv.received);
    sv.eof = true;
    ServerProgress(sv);
}

void
TcpFsmLabApps::ServerSend(Ptr<Socket> s, uint32_t)
{
    ServerProgress(m_servers[PeekPointer(s)]);
}

void
TcpFsmLabApps::ServerProgress(Server& sv)
{
    if (sv.closed)
    {
        return;
    }
    const bool allRead = sv.received >= m_config.bytes;
    switch (m_config.close)
    {
    case TcpFsmLabClose::CLIENT:
        break;
    case TcpFsmLabClose::SERVER:
        if (allRead)
        {
            CloseServer(sv); // active close by the server
            return;
        }
        break;
    case TcpFsmLabClose::SIMULTANEOUS:
        if (allRead && !sv.coordinated)
        {
            // Both applications close at this instant: the two FINs cross.
            sv.coordinated = true;
            auto it = m_clientByAddress.find(sv.peer);
            CloseServer(sv);
            if (it != m_clientByAddress.end())
            {
                CloseClient(m_clients[it->second]);
            }
            return;
        }
        break;
    case TcpFsmLabClose::HALF:
        if (sv.eof)
        {
            // CLOSE_WAIT: the client's direction is closed, ours is still open. Close
            // once every byte sent back is acknowledged, so that the data flows in
            // CLOSE_WAIT (and the client's FIN_WAIT_2), not behind a queued FIN.
            sv.replying = true;
            if (Fill(sv.socket, m_config.bytes, sv.sent)
                && sv.socket->GetTxAvailable() >= sv.emptyTx)
            {
                CloseServer(sv);
            }
            return;
        }
        break;
    }
    if (sv.eof)
    {
        CloseServer(sv); // passive close at end of stream
    }
}

void
TcpFsmLabApps::CloseServer(Server& sv)
{
    sv.closed = true;
    sv.socket->Close();
}

void
TcpFsmLabApps::Release()
{
    for (auto& [p, c] : m_clients)
    {
        c.socket->SetRecvCallback(MakeNullCallback<void, Ptr<Socket>>());
    }
    m_clientByAddress.clear();
    m_clients.clear();
    m_servers.clear();
    m_listeners.clear();
}

// ---- TcpFsmLabScenario --------------------------------------------------------------------------

TcpFsmLabScenario::TcpFsmLabScenario(const TcpFsmLabConfig& config)
  : m_config(config)
  , m_dropper(std::make_shared<TcpFsmSegmentDropper>(config.drops))
{}

TcpFsmLabScenario::~TcpFsmLabScenario() = default;

void
TcpFsmLabScenario::SetStartCallback(std::function<void(const TcpFsmLabConnection&)> cb)
{
    m_startCallback = std::move(cb);
}

void
TcpFsmLabScenario::Build(int64_t stream)
{
    const uint32_t n = m_config.clients;
    m_clients.Create(n);
    m_servers.Create(n);
    if (m_config.dumbbell)
    {
        m_routers.Create(2);
    }

    TcpFsmHelper fsm;
    InternetStackHelper ns3Stack;
    for (uint32_t i = 0; i < n; ++i)
    {
        m_config.clientFsm ? fsm.Install(m_clients.Get(i)) : ns3Stack.Install(m_clients.Get(i));
        m_config.serverFsm ? fsm.Install(m_servers.Get(i)) : ns3Stack.Install(m_servers.Get(i));
    }
    ns3Stack.Install(m_routers);
    TcpFsmHelper::AssignStreams(GetFsmNodes(), stream);

    PointToPointHelper bottleneck;
    bottleneck.SetDeviceAttribute("DataRate", DataRateValue(m_config.rate));
    bottleneck.SetChannelAttribute("Delay", TimeValue(m_config.delay));
    std::vector<Ipv4Address> clientIp(n);
    std::vector<Ipv4Address> serverIp(n);
    NetDeviceContainer core;
    if (!m_config.dumbbell)
    {
        core = bottleneck.Install(m_clients.Get(0), m_servers.Get(0));
        Ipv4AddressHelper a("10.1.1.0", "255.255.255.0");
        Ipv4InterfaceContainer ifs = a.Assign(core);
        clientIp[0] = ifs.GetAddress(0);
        serverIp[0] = ifs.GetAddress(1);
    }
    else
    {
        PointToPointHelper access;
        access.SetDeviceAttribute("DataRate",
                                  DataRateValue(DataRate(m_config.rate.GetBitRate() * 10)));
        access.SetChannelAttribute("Delay", TimeValue(MilliSeconds(1)));
        for (uint32_t i = 0; i < n; ++i)
        {
            std::string net = std::to_string(i + 1);
            Ipv4AddressHelper left(("10.1." + net + ".0").c_str(), "255.255.255.0");
            clientIp[i]
                = left.Assign(access.Install(m_clients.Get(i), m_routers.Get(0))).GetAddress(0);
            Ipv4AddressHelper right(("10.2." + net + ".0").c_str(), "255.255.255.0");
            serverIp[i]
                = right.Assign(access.Install(m_servers.Get(i), m_routers.Get(1))).GetAddress(0);
        }
        core = bottleneck.Install(m_routers.Get(0), m_routers.Get(1));
        Ipv4AddressHelper a("10.3.1.0", "255.255.255.0");
        a.Assign(core);
        Ipv4GlobalRoutingHelper::PopulateRoutingTables();
    }
    for (uint32_t d = 0; d < core.GetN(); ++d)
    {
        Ptr<TcpFsmDropErrorModel> em = CreateObject<TcpFsmDropErrorModel>();
        em->SetAttribute("ErrorRate", DoubleValue(m_config.loss));
        em->SetDropper(m_dropper);
        em->AssignStreams(stream + 50 + d);
        core.Get(d)->SetAttribute("ReceiveErrorModel", PointerValue(em));
        m_errorModels.push_back(em);
    }

    m_connectionList.clear();
    for (uint32_t k = 0; k < m_config.connections; ++k)
    {
        TcpFsmLabConnection c;
        c.index = k;
        c.clientNode = m_clients.Get(k % n)->GetId();
        c.serverNode = m_servers.Get(k % n)->GetId();
        c.serverAddress = TcpFsmFormatAddress(InetSocketAddress(serverIp[k % n], m_config.port));
        c.clientFsm = m_config.clientFsm;
        m_connectionList.push_back(c);
    }
    m_apps = std::make_unique<TcpFsmLabApps>(m_config, m_connectionList);
    m_apps->m_startCallback = m_startCallback;
    if (m_config.listen)
    {
        for (uint32_t i = 0; i < n; ++i)
        {
            m_apps->Listen(m_servers.Get(i));
        }
    }
    for (uint32_t k = 0; k < m_config.connections; ++k)
    {
        Simulator::Schedule(m_config.start + m_config.interval * k,
                            &TcpFsmLabApps::Start,
                            m_apps.get(),
                            k,
                            m_clients.Get(k % n),
                            clientIp[k % n],
                            serverIp[k % n]);
    }
}

NodeContainer
TcpFsmLabScenario::GetFsmNodes() const
{
    NodeContainer nodes;
    if (m_config.clientFsm)
    {
        nodes.Add(m_clients);
    }
    if (m_config.serverFsm)
    {
        nodes.Add(m_servers);
    }
    return nodes;
}

const std::vector<TcpFsmLabConnection>&
TcpFsmLabScenario::GetConnections() const
{
    return m_connectionList;
}

uint64_t
TcpFsmLabScenario::GetBytesSent() const
{
    uint64_t sent = m_apps ? m_apps->m_bytesSent : 0;
    return sent;
}

uint64_t
TcpFsmLabScenario::GetBytesReceived() const
{
    return m_apps ? m_apps->m_bytesReceived : 0;
}

Time
TcpFsmLabScenario::GetLastStart() const
{
    uint32_t last = m_config.connections > 0 ? m_config.connections - 1 : 0;
    return m_config.start + m_config.interval * last;
}

uint64_t
TcpFsmLabScenario::GetTargetedDrops() const
{
    return m_dropper->GetDropped();
}

uint64_t
TcpFsmLabScenario::GetRandomDrops() const
{
    uint64_t n = 0;
    for (const auto& em : m_errorModels)
    {
        n += em->GetRandomDrops();
    }
    return n;
}

void
TcpFsmLabScenario::Release()
{
    if (m_apps)
    {
        m_apps->Release();
    }
    for (const auto& em : m_errorModels)
    {
        em->SetDropper(nullptr);
    }
}

} // namespace ns3
