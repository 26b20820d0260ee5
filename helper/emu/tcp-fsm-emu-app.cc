/* SPDX-License-Identifier: GPL-2.0-only */
#include "ns3/tcp-fsm-emu-app.h"

#include "ns3/callback.h"
#include "ns3/inet-socket-address.h"
#include "ns3/nstime.h"
#include "ns3/packet.h"
#include "ns3/simulator.h"
#include "ns3/tcp-fsm-helper.h"
#include "ns3/tcp-fsm-l4-protocol.h"
#include "ns3/tcp-header.h"
#include "ns3/tcp-socket-factory.h"

#include <algorithm>
#include <iomanip>
#include <iostream>
#include <limits>
#include <sstream>

namespace ns3
{

namespace
{

std::string
Hex32(uint32_t v)
{
    std::ostringstream os;
    os << std::hex << std::setw(8) << std::setfill('0') << v;
    return os.str();
}

std::vector<uint32_t>
MakeCrc32Table()
{
    std::vector<uint32_t> table(256);
    for (uint32_t n = 0; n < 256; ++n)
    {
        uint32_t c = n;
        for (int k = 0; k < 8; ++k)
        {
            c = (c & 1) ? 0xedb88320U ^ (c >> 1) : c >> 1;
        }
        table[n] = c;
    }
    return table;
}

} // namespace

uint8_t
TcpFsmEmuPatternByte(uint64_t i)
{
    return static_cast<uint8_t>((i * 131 + (i >> 9)) & 0xff);
}

// ---- TcpFsmEmuConnection ---------------------------------------------------------------------

void
TcpFsmEmuConnection::Crc32::Add(const uint8_t* data, std::size_t length)
{
    static const std::vector<uint32_t> table = MakeCrc32Table();
    for (std::size_t i = 0; i < length; ++i)
    {
        m_crc = table[(m_crc ^ data[i]) & 0xff] ^ (m_crc >> 8);
    }
}

uint32_t
TcpFsmEmuConnection::Crc32::Value() const
{
    return m_crc ^ 0xffffffffU;
}

TcpFsmEmuConnection::TcpFsmEmuConnection(const TcpFsmEmuOptions& o,
                                         Ptr<TcpFsmSocket> socket,
                                         uint32_t number)
  : m_o(o)
  , m_socket(socket)
  , m_number(number)
{
    m_socket->SetConnectCallback(MakeCallback(&TcpFsmEmuConnection::Connected, this),
                                 MakeCallback(&TcpFsmEmuConnection::ConnectFailed, this));
    m_socket->SetSendCallback(MakeCallback(&TcpFsmEmuConnection::Sendable, this));
    m_socket->SetRecvCallback(MakeCallback(&TcpFsmEmuConnection::Readable, this));
    m_socket->SetCloseCallbacks(MakeCallback(&TcpFsmEmuConnection::Closed, this),
                                MakeCallback(&TcpFsmEmuConnection::Closed, this));
}

TcpFsmEmuConnection::~TcpFsmEmuConnection()
{
    m_socket->SetConnectCallback(MakeNullCallback<void, Ptr<Socket>>(),
                                 MakeNullCallback<void, Ptr<Socket>>());
    m_socket->SetSendCallback(MakeNullCallback<void, Ptr<Socket>, uint32_t>());
    m_socket->SetRecvCallback(MakeNullCallback<void, Ptr<Socket>>());
    m_socket->SetCloseCallbacks(MakeNullCallback<void, Ptr<Socket>>(),
                                MakeNullCallback<void, Ptr<Socket>>());
}

void
TcpFsmEmuConnection::Start()
{
    m_started = true;
    // With --close=peer --half-close, the model's data follows the peer's FIN.
    m_sending = !(m_o.close == "peer" && m_o.halfClose);
    if (m_o.readDelayS > 0)
    {
        // The application does not read for a while: the receive buffer fills and the
        // model's window closes; the peer has to probe it.
        m_reading = false;
        Simulator::Schedule(Seconds(m_o.readDelayS), &TcpFsmEmuConnection::StartReading, this);
    }
    Progress();
}

void
TcpFsmEmuConnection::StartReading()
{
    m_reading = true;
    Readable(m_socket);
}

void
TcpFsmEmuConnection::Connected(Ptr<Socket>)
{
    Start();
}

void
TcpFsmEmuConnection::ConnectFailed(Ptr<Socket>)
{
    // Reported at the end (end=refused or timed_out); the trace shows the edge.
}

void
TcpFsmEmuConnection::Sendable(Ptr<Socket>, uint32_t)
{
    Progress();
}

void
TcpFsmEmuConnection::Closed(Ptr<Socket>)
{}

void
TcpFsmEmuConnection::Readable(Ptr<Socket>)
{
    if (!m_reading)
    {
        return;
    }
    while (Ptr<Packet> p = m_socket->Recv(std::numeric_limits<uint32_t>::max(), 0))
    {
        if (p->GetSize() == 0)
        {
            m_peerClosed = true; // end of stream: the peer's FIN
            m_socket->SetRecvCallback(MakeNullCallback<void, Ptr<Socket>>());
            break;
        }
        std::vector<uint8_t> data(p->GetSize());
        p->CopyData(data.data(), data.size());
        m_receivedCrc.Add(data.data(), data.size());
        m_received += data.size();
    }
    Progress();
}

void
TcpFsmEmuConnection::Fill()
{
    while (m_queued < m_o.bytes)
    {
        uint32_t room = m_socket->GetTxAvailable();
        if (room == 0)
        {
            return; // Sendable() calls again when the buffer drains
        }
        uint64_t n = std::min<uint64_t>({room, m_o.bytes - m_queued, 65536});
        std::vector<uint8_t> data(n);
        for (uint64_t i = 0; i < n; ++i)
        {
            data[i] = TcpFsmEmuPatternByte(m_queued + i);
        }
        int sent = m_socket->Send(Create<Packet>(data.data(), static_cast<uint32_t>(n)), 0);
        if (sent <= 0)
        {
            return;
        }
        m_sentCrc.Add(data.data(), static_cast<std::size_t>(sent));
        m_queued += static_cast<uint64_t>(sent);
    }
}

void
TcpFsmEmuConnection::Progress()
{
    if (!m_started || m_released)
    {
        return;
    }
    if (m_sending)
    {
        Fill();
    }
    const bool allQueued = m_queued == m_o.bytes;
    if (!m_closeIssued && (m_o.abort || m_o.close == "model") && m_sending && allQueued
        && m_received >= m_o.expect)
    {
        m_closeIssued = true;
        if (m_o.abort)
        {
            m_released = true;
            m_socket->Abort();
            return;
        }
        if (m_o.halfClose)
        {
            m_socket->ShutdownSend(); // FIN_WAIT_1; keep reading until the peer's FIN
        }
        else
        {
            m_released = true;
            m_socket->Close();
            return;
        }
    }
    if (m_peerClosed)
    {
        if (!m_sending)
        {
            m_sending = true; // --close=peer --half-close: our data goes now, in CLOSE_WAIT
            Fill();
        }
        if (m_queued == m_o.bytes)
        {
            m_closeIssued = true;
            m_released = true;
            m_socket->Close(); // passive close (FIN after the data), or release after shutdown
        }
    }
}

void
TcpFsmEmuConnection::Report(std::ostream& os,
                            const std::vector<TcpFsmState>& path,
                            const Address& local,
                            const Address& peer) const
{
    std::string end = TcpFsmEndReasonName(m_socket->GetEndReason());
    const std::size_t n = path.size();
    if (m_socket->GetEndReason() == TcpFsmEndReason::NONE && n >= 2
        && path[n - 2] == TcpSocket::TIME_WAIT && path[n - 1] == TcpSocket::CLOSED)
    {
        // Closed by the application, its TIME_WAIT went to the L4's table, which ended it:
        // the socket object itself is not told any more.
        end = TcpFsmEndReasonName(TcpFsmEndReason::NORMAL);
    }
    os << "connection " << m_number << ": socket=" << m_socket->GetSocketId()
       << " local=" << TcpFsmFormatAddress(local) << " peer=" << TcpFsmFormatAddress(peer)
       << " sent=" << m_queued << " sent_crc32=" << Hex32(m_sentCrc.Value())
       << " received=" << m_received << " received_crc32=" << Hex32(m_receivedCrc.Value())
       << " end=" << end << " path=";
    for (std::size_t i = 0; i < path.size(); ++i)
    {
        os << (i ? "," : "") << TcpFsmStateName(path[i]);
    }
    os << "\n";
}

// ---- TcpFsmEmuApp ----------------------------------------------------------------------------

TcpFsmEmuApp::TcpFsmEmuApp(const TcpFsmEmuOptions& o)
  : m_o(o)
{}

TcpFsmEmuApp::~TcpFsmEmuApp() = default;

bool
TcpFsmEmuApp::Start(Ptr<Node> node, Ipv4Address model, const Address& peer, std::string& error)
{
    m_node = node;
    TcpFsmHelper::GetL4(m_node)->TraceConnectWithoutContext(
        "StateTransition", MakeCallback(&TcpFsmEmuApp::Transition, this));

    if (m_o.mode == "server")
    {
        m_listener = Socket::CreateSocket(m_node, TcpSocketFactory::GetTypeId());
        m_listener->SetAcceptCallback(MakeNullCallback<bool, Ptr<Socket>, const Address&>(),
                                      MakeCallback(&TcpFsmEmuApp::Accept, this));
        const uint16_t port = static_cast<uint16_t>(m_o.port);
        if (m_listener->Bind(InetSocketAddress(model, port)) != 0)
        {
            error = "cannot bind the model's listener to port " + std::to_string(port);
            return false;
        }
        Simulator::Schedule(MilliSeconds(10),
                            [this, port]()
                            {
                                m_listener->Listen();
                                Ready("port=" + std::to_string(port));
                            });
    }
    else
    {
        Simulator::Schedule(MilliSeconds(10),
                            [this, peer]()
                            {
                                Ready("connect=" + m_o.connect);
                                OpenClientConnections(peer);
                            });
    }
    return true;
}

bool
TcpFsmEmuApp::Report(std::ostream& os) const
{
    static const Track none;
    bool complete = true;
    for (const auto& c : m_connections)
    {
        const uint64_t id = c->GetSocket()->GetSocketId();
        auto it = m_tracks.find(id);
        const Track& t = it == m_tracks.end() ? none : it->second;
        c->Report(os, t.path, t.local, t.peer);
        if (!c->WasEstablished() || !m_ended.count(id))
        {
            complete = false;
        }
    }
    return complete && m_connections.size() >= m_o.connections;
}

std::size_t
TcpFsmEmuApp::GetConnectionCount() const
{
    return m_connections.size();
}

std::size_t
TcpFsmEmuApp::GetEndedCount() const
{
    return m_ended.size();
}

const TcpFsmTransitionGraph&
TcpFsmEmuApp::GetGraph() const
{
    return m_graph;
}

void
TcpFsmEmuApp::Release()
{
    m_listener = nullptr;
    m_connections.clear();
}

void
TcpFsmEmuApp::Print(const TcpFsmTransitionRecord& r) const
{
    if (m_o.quiet)
    {
        return;
    }
    std::cout << std::fixed << std::setprecision(6) << std::setw(11) << r.time.GetSeconds()
              << " s  socket " << r.socketId << "  " << std::left << std::setw(11)
              << TcpFsmStateName(r.from) << " -> " << std::setw(11) << TcpFsmStateName(r.to) << " "
              << TcpFsmEventName(r.cause);
    if (r.hasSegment)
    {
        std::cout << "  [" << TcpHeader::FlagsToString(r.flags) << "]";
    }
    std::cout << std::right << std::endl;
}

void
TcpFsmEmuApp::Transition(const TcpFsmTransitionRecord& r)
{
    Print(r);
    m_graph.Add(r);
    if (r.from == TcpSocket::CLOSED && r.to == TcpSocket::LISTEN)
    {
        m_listenerId = r.socketId;
        return;
    }
    if (r.socketId == m_listenerId)
    {
        return;
    }
    Track& t = m_tracks[r.socketId];
    if (t.path.empty())
    {
        t.path.push_back(r.from);
    }
    if (r.to != t.path.back())
    {
        t.path.push_back(r.to);
    }
    if (!r.local.IsInvalid())
    {
        t.local = r.local;
    }
    if (!r.peer.IsInvalid())
    {
        t.peer = r.peer;
    }
    if (r.to == TcpSocket::CLOSED && m_ended.insert(r.socketId).second
        && m_ended.size() >= m_o.connections && !m_stopping)
    {
        // Every connection has ended. A moment for the last frame to leave, then stop.
        m_stopping = true;
        Simulator::Schedule(MilliSeconds(100), &Simulator::Stop);
    }
}

void
TcpFsmEmuApp::Ready(const std::string& detail)
{
    std::cout << "ready mode=" << m_o.mode << " tap=" << m_o.tap << " model=" << m_o.modelAddr
              << " host=" << m_o.hostAddr << "/" << m_o.prefix << " " << detail << std::endl;
}

void
TcpFsmEmuApp::Accept(Ptr<Socket> s, const Address&)
{
    Ptr<TcpFsmSocket> socket = DynamicCast<TcpFsmSocket>(s);
    m_connections.push_back(std::make_unique<TcpFsmEmuConnection>(
        m_o, socket, static_cast<uint32_t>(m_connections.size() + 1)));
    if (m_connections.size() >= m_o.connections && m_listener)
    {
        m_listener->Close(); // served them all: further SYNs are refused
        m_listener = nullptr;
    }
    m_connections.back()->Start();
}

void
TcpFsmEmuApp::OpenClientConnections(Address peer)
{
    for (uint64_t i = 0; i < m_o.connections; ++i)
    {
        Ptr<TcpFsmSocket> socket = DynamicCast<TcpFsmSocket>(
            Socket::CreateSocket(m_node, TcpSocketFactory::GetTypeId()));
        m_connections.push_back(
            std::make_unique<TcpFsmEmuConnection>(m_o, socket, static_cast<uint32_t>(i + 1)));
        socket->Bind();
        socket->Connect(peer);
    }
}

} // namespace ns3
