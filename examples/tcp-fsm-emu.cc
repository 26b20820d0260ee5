/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * tcp-fsm-emu: tcp-fsm against the Linux kernel's TCP, through a TAP device.
 *
 *   Linux TCP (this namespace) --- TAP --tap (host side: --host-addr/--prefix)
 *                                   |  FdNetDevice, real time
 *                                  ns-3 node running tcp-fsm (--model-addr)
 *
 * The program opens /dev/net/tun, creates an Ethernet TAP device (IFF_TAP | IFF_NO_PI), gives
 * its host side --host-addr/--prefix, brings it up and hands the descriptor to an FdNetDevice
 * on an ns-3 node that runs tcp-fsm (TcpFsmHelper) with --model-addr, under ns-3's real-time
 * simulator with checksums on (Linux checks them). The device disappears when the program ends.
 * It must run in a network namespace made for the purpose; it refuses the root namespace (the
 * one of process 1) unless --allow-root-netns is given, and uses only the addresses given.
 *
 *   ip netns add tcpfsm
 *   ip netns exec tcpfsm build/bin/tcp-fsm-emu --mode=server --port=5001 --bytes=1000 &
 *   ip netns exec tcpfsm python3 -c 'import socket; s = socket.create_connection(
 *       ("10.99.0.2", 5001)); s.sendall(b"hello"); s.shutdown(1); print(s.recv(2000)[:9])'
 *   ip netns del tcpfsm
 *
 * --mode=server: the model listens on --model-addr:--port and serves --connections
 * connections (then closes the listener). --mode=client: the model opens --connections
 * connections to --connect=ADDR:PORT (an address of the TAP's subnet). Each connection:
 *   - sends --bytes bytes (byte i of the stream is (131 i + floor(i / 512)) mod 256) and reads
 *     everything the peer sends;
 *   - --close=model: once its bytes are queued and --expect bytes were received, the model
 *     closes (active close: FIN_WAIT_1 ... TIME_WAIT); --half-close: it only shuts down its
 *     sending direction, keeps reading until the peer's FIN, then closes;
 *   - --close=peer (default): the model closes when the peer's FIN arrived and its bytes are
 *     queued (passive close: CLOSE_WAIT, LAST_ACK); with --half-close it sends its --bytes
 *     only after the peer's FIN (data in CLOSE_WAIT);
 *   - --abort: instead of closing, the model aborts (RST) once its bytes are queued and
 *     --expect bytes were received.
 * --read-delay=T: the model reads nothing for T after the handshake (its window closes).
 * --loss=P loses each IPv4 frame with probability P, --delay=T delays every frame by T, in
 * each direction, inside the emulator. The run ends by itself when every connection is
 * CLOSED (TIME_WAIT lasts 2 * --msl, 1 s by default here), or at --duration (60 s).
 *
 * Standard output: every transition as it happens (unless --quiet), a line
 *   ready mode=... tap=... model=... host=.../... [port=...|connect=...]
 * when the TAP is up and the model listens (or is about to connect), one line per connection
 * at the end,
 *   connection N: socket=ID local=A:P peer=A:P sent=B sent_crc32=X received=B
 *   received_crc32=X end=REASON path=STATE,STATE,...
 * (CRC-32 as zlib's) and a last line "done: ...". --out=DIR writes DIR/transitions.csv,
 * state-counts.csv, segments.csv (TcpFsmTraceHelper), graph.dot and graph.graphml (the
 * transitions taken, as tcp-fsm-graph draws them); --pcap writes the TAP side's frames to
 * DIR/tap.pcap.
 *
 * Exit status: 0 when every connection was established and has ended; 1 when one could not
 * be established, the --duration ran out first, or the TAP device could not be set up; 2 for
 * a bad command line, and in the root network namespace without --allow-root-netns.
 */
#include "ns3/core-module.h"
#include "ns3/fd-net-device-module.h"
#include "ns3/internet-module.h"
#include "ns3/network-module.h"
#include "ns3/tcp-fsm-cli.h"
#include "ns3/tcp-fsm-helper.h"
#include "ns3/tcp-fsm-l4-protocol.h"
#include "ns3/tcp-fsm-socket.h"
#include "ns3/tcp-fsm-trace-helper.h"
#include "ns3/tcp-fsm-transition-graph.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <linux/if.h>
#include <linux/if_tun.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <limits>
#include <map>
#include <memory>
#include <set>
#include <sstream>
#include <vector>

using namespace ns3;

namespace {

const char* const PROGRAM = "tcp-fsm-emu";

/// Byte i of every stream the model sends.
uint8_t
PatternByte(uint64_t i)
{
    return static_cast<uint8_t>((i * 131 + (i >> 9)) & 0xff);
}

/// CRC-32 (the one of zlib, Ethernet and PNG), computed incrementally.
class Crc32
{
  public:
    void Add(const uint8_t* data, std::size_t length)
    {
        static const std::vector<uint32_t> table = MakeTable();
        for (std::size_t i = 0; i < length; ++i)
        {
            m_crc = table[(m_crc ^ data[i]) & 0xff] ^ (m_crc >> 8);
        }
    }

    uint32_t Value() const
    {
        return m_crc ^ 0xffffffffU;
    }

  private:
    static std::vector<uint32_t> MakeTable()
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

    uint32_t m_crc{0xffffffffU};
};

std::string
Hex32(uint32_t v)
{
    std::ostringstream os;
    os << std::hex << std::setw(8) << std::setfill('0') << v;
    return os.str();
}

struct Options
{
    std::string mode{"server"};
    uint64_t port{5001};
    std::string connect;
    std::string tap{"tcpfsm0"};
    std::string modelAddr{"10.99.0.2"};
    std::string hostAddr{"10.99.0.1"};
    uint64_t prefix{24};
    uint64_t bytes{0};
    uint64_t expect{0};
    std::string close{"peer"};
    bool halfClose{false};
    bool abort{false};
    uint64_t connections{1};
    double durationS{60};
    double mslS{1};
    std::string out;
    bool pcap{false};
    bool allowRootNetns{false};
    bool quiet{false};
    double loss{0};
    double readDelayS{0};
    double delayS{0};
};

// ---- the host side: network namespace check and the TAP device ------------------------------

/// The network namespace of the machine (of process 1), as the kernel numbers it since
/// Linux 6.x made it fixed (PROC_NET_INIT_INO); older kernels number it like any other.
const ino_t INIT_NET_INODE = 0xeffffff9U;

/**
 * Is this process in the machine's own network namespace? Sets `known` to false when that
 * cannot be told. The answer, in order: same namespace as process 1 (when /proc/1/ns/net can
 * be read: some sandboxes hide it even from root); the fixed number of the initial namespace;
 * a namespace made with `ip netns add` (mounted under /run/netns) is not the root one.
 */
bool
InRootNetns(bool& known)
{
    struct stat self
    {};

    struct stat other
    {};

    known = false;
    if (stat("/proc/self/ns/net", &self) != 0)
    {
        return false;
    }
    auto same = [&self, &other]()
    {
        return self.st_ino == other.st_ino && self.st_dev == other.st_dev;
    };
    if (stat("/proc/1/ns/net", &other) == 0)
    {
        known = true;
        return same();
    }
    if (self.st_ino == INIT_NET_INODE)
    {
        known = true;
        return true;
    }
    for (const char* dir : {"/run/netns", "/var/run/netns"})
    {
        std::error_code ec;
        for (const auto& entry : std::filesystem::directory_iterator(dir, ec))
        {
            if (stat(entry.path().c_str(), &other) == 0 && same())
            {
                known = true;
                return false;
            }
        }
    }
    return false;
}

[[noreturn]] void
SetupFailed(const std::string& what)
{
    std::cerr << PROGRAM << ": " << what << std::endl;
    std::exit(1);
}

/// Create the TAP device `name` (Ethernet frames, no packet information header); returns its
/// descriptor. The device lives as long as the descriptor.
int
CreateTap(const std::string& name)
{
    int fd = open("/dev/net/tun", O_RDWR | O_CLOEXEC);
    if (fd < 0)
    {
        SetupFailed("cannot open /dev/net/tun: " + std::string(std::strerror(errno))
                    + " (creating a TAP device needs root, or CAP_NET_ADMIN)");
    }
    struct ifreq ifr
    {};

    ifr.ifr_flags = IFF_TAP | IFF_NO_PI;
    std::strncpy(ifr.ifr_name, name.c_str(), IFNAMSIZ - 1);
    if (ioctl(fd, TUNSETIFF, &ifr) < 0)
    {
        SetupFailed("TUNSETIFF " + name + ": " + std::strerror(errno));
    }
    return fd;
}

/// Give the TAP's host side its IPv4 address and mask, turn IPv6 off on it (no router
/// solicitations or DAD to ignore), and bring it up. Returns its MAC address.
std::string
ConfigureTap(const std::string& name, Ipv4Address address, Ipv4Mask mask)
{
    int s = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (s < 0)
    {
        SetupFailed(std::string("socket: ") + std::strerror(errno));
    }
    auto request = [&name]()
    {
        struct ifreq ifr
        {};

        std::strncpy(ifr.ifr_name, name.c_str(), IFNAMSIZ - 1);
        return ifr;
    };
    auto setAddress = [&](unsigned long op, uint32_t value, const char* what)
    {
        struct ifreq ifr = request();
        struct sockaddr_in sin
        {};

        sin.sin_family = AF_INET;
        sin.sin_addr.s_addr = htonl(value);
        std::memcpy(&ifr.ifr_addr, &sin, sizeof(sin));
        if (ioctl(s, op, &ifr) < 0)
        {
            SetupFailed(std::string(what) + " " + name + ": " + std::strerror(errno));
        }
    };
    setAddress(SIOCSIFADDR, address.Get(), "SIOCSIFADDR");
    setAddress(SIOCSIFNETMASK, mask.Get(), "SIOCSIFNETMASK");

    std::ofstream(("/proc/sys/net/ipv6/conf/" + name + "/disable_ipv6").c_str()) << "1\n";

    struct ifreq ifr = request();
    if (ioctl(s, SIOCGIFFLAGS, &ifr) < 0)
    {
        SetupFailed("SIOCGIFFLAGS " + name + ": " + std::strerror(errno));
    }
    ifr.ifr_flags |= IFF_UP | IFF_RUNNING;
    if (ioctl(s, SIOCSIFFLAGS, &ifr) < 0)
    {
        SetupFailed("SIOCSIFFLAGS " + name + ": " + std::strerror(errno));
    }
    ifr = request();
    std::string mac = "?";
    if (ioctl(s, SIOCGIFHWADDR, &ifr) == 0)
    {
        std::ostringstream os;
        for (int i = 0; i < 6; ++i)
        {
            os << (i ? ":" : "") << std::hex << std::setw(2) << std::setfill('0')
               << (static_cast<unsigned>(ifr.ifr_hwaddr.sa_data[i]) & 0xff);
        }
        mac = os.str();
    }
    ::close(s);
    return mac;
}

// ---- the model's side: one connection ---------------------------------------------------------

/**
 * The FdNetDevice of the emulation, which can lose IPv4 frames at random in both directions
 * (--loss) and delay every frame (--delay, each way): frames the model sends are dropped or
 * held before they reach the TAP (the pcap shows them when they leave), frames from the TAP
 * after the pcap trace has seen them. ARP is never dropped.
 */
class EmuFdNetDevice : public FdNetDevice
{
  public:
    static TypeId GetTypeId()
    {
        static TypeId tid = TypeId("ns3::TcpFsmEmuFdNetDevice")
                                .SetParent<FdNetDevice>()
                                .SetGroupName("TcpFsm")
                                .AddConstructor<EmuFdNetDevice>();
        return tid;
    }

    void SetLoss(double probability)
    {
        m_loss = probability;
        m_rng = CreateObject<UniformRandomVariable>();
    }

    void SetDelay(Time delay)
    {
        m_delay = delay;
    }

    uint64_t GetTxDropped() const
    {
        return m_txDropped;
    }

    uint64_t GetRxDropped() const
    {
        return m_rxDropped;
    }

    bool SendFrom(Ptr<Packet> packet,
                  const Address& source,
                  const Address& dest,
                  uint16_t protocolNumber) override
    {
        if (protocolNumber == Ipv4L3Protocol::PROT_NUMBER && Lose())
        {
            ++m_txDropped;
            return true; // lost on the wire
        }
        if (m_delay.IsStrictlyPositive())
        {
            Simulator::Schedule(m_delay,
                                [this, packet, source, dest, protocolNumber]()
                                {
                                    FdNetDevice::SendFrom(packet, source, dest, protocolNumber);
                                });
            return true;
        }
        return FdNetDevice::SendFrom(packet, source, dest, protocolNumber);
    }

    void SetReceiveCallback(NetDevice::ReceiveCallback cb) override
    {
        m_up = cb;
        FdNetDevice::SetReceiveCallback(MakeCallback(&EmuFdNetDevice::Receive, this));
    }

  private:
    bool Lose()
    {
        return m_loss > 0 && m_rng->GetValue() < m_loss;
    }

    bool Receive(Ptr<NetDevice> device, Ptr<const Packet> p, uint16_t protocol, const Address& from)
    {
        if (protocol == Ipv4L3Protocol::PROT_NUMBER && Lose())
        {
            ++m_rxDropped;
            return true;
        }
        if (m_delay.IsStrictlyPositive())
        {
            Simulator::Schedule(m_delay,
                                [this, device, p, protocol, from]()
                                {
                                    m_up(device, p, protocol, from);
                                });
            return true;
        }
        return m_up(device, p, protocol, from);
    }

    NetDevice::ReceiveCallback m_up;
    double m_loss{0};
    Time m_delay;
    Ptr<UniformRandomVariable> m_rng;
    uint64_t m_txDropped{0};
    uint64_t m_rxDropped{0};
};

class Emulator;

/// What the model does on one connection (see the file header).
class EmuConnection
{
  public:
    EmuConnection(Emulator& emu, Ptr<TcpFsmSocket> socket, uint32_t number);
    /// Detaches the socket's callbacks from this object.
    ~EmuConnection();
    EmuConnection(const EmuConnection&) = delete;
    EmuConnection& operator=(const EmuConnection&) = delete;

    /// The connection is established (connected, or accepted).
    void Start();
    void Report(std::ostream& os,
                const std::vector<TcpFsmState>& path,
                const Address& local,
                const Address& peer) const;

    Ptr<TcpFsmSocket> GetSocket() const
    {
        return m_socket;
    }

    bool WasEstablished() const
    {
        return m_started;
    }

  private:
    void Connected(Ptr<Socket>);
    void ConnectFailed(Ptr<Socket>);
    void Sendable(Ptr<Socket>, uint32_t);
    void Readable(Ptr<Socket>);
    void Closed(Ptr<Socket>);
    /// --read-delay is over: read what has arrived.
    void StartReading();
    /// Do what is due: queue data, close, abort (called after every event).
    void Progress();
    void Fill();

    Emulator& m_emu;
    const Options& m_o;
    Ptr<TcpFsmSocket> m_socket;
    uint32_t m_number;
    bool m_started{false};
    bool m_sending{false};
    bool m_reading{true};
    bool m_closeIssued{false}; ///< Close(), ShutdownSend() or Abort() called by the model
    bool m_released{false};    ///< Close() or Abort() called: the application let go
    bool m_peerClosed{false};  ///< end of stream read
    uint64_t m_queued{0};
    uint64_t m_received{0};
    Crc32 m_sentCrc;
    Crc32 m_receivedCrc;
};

/// The emulation: the node, the TAP device, the connections, the end of the run.
class Emulator
{
  public:
    explicit Emulator(const Options& o)
      : m_o(o)
    {}

    int Run(int tapFd, Ipv4Address model, Ipv4Mask mask, Address peer);

    const Options& GetOptions() const
    {
        return m_o;
    }

  private:
    void Ready(const std::string& detail);
    void Accept(Ptr<Socket> s, const Address& from);
    void OpenClientConnections(Address peer);
    void Transition(const TcpFsmTransitionRecord& r);
    void Print(const TcpFsmTransitionRecord& r) const;
    void WriteGraph() const;

    const Options& m_o;
    Ptr<Node> m_node;
    Ptr<Socket> m_listener;
    std::vector<std::unique_ptr<EmuConnection>> m_connections;
    /// What the trace told of one socket.
    struct Track
    {
        std::vector<TcpFsmState> path; ///< the states it went through
        Address local;
        Address peer;
    };

    std::map<uint64_t, Track> m_tracks; ///< by socket id (connections, not the listener)
    std::set<uint64_t> m_ended;         ///< connection sockets CLOSED
    uint64_t m_listenerId{0};
    bool m_stopping{false};
    bool m_timedOut{false};
    TcpFsmTransitionGraph m_graph;
};

EmuConnection::EmuConnection(Emulator& emu, Ptr<TcpFsmSocket> socket, uint32_t number)
  : m_emu(emu)
  , m_o(emu.GetOptions())
  , m_socket(socket)
  , m_number(number)
{
    m_socket->SetConnectCallback(MakeCallback(&EmuConnection::Connected, this),
                                 MakeCallback(&EmuConnection::ConnectFailed, this));
    m_socket->SetSendCallback(MakeCallback(&EmuConnection::Sendable, this));
    m_socket->SetRecvCallback(MakeCallback(&EmuConnection::Readable, this));
    m_socket->SetCloseCallbacks(MakeCallback(&EmuConnection::Closed, this),
                                MakeCallback(&EmuConnection::Closed, this));
}

EmuConnection::~EmuConnection()
{
    m_socket->SetConnectCallback(MakeNullCallback<void, Ptr<Socket>>(),
                                 MakeNullCallback<void, Ptr<Socket>>());
    m_socket->SetSendCallback(MakeNullCallback<void, Ptr<Socket>, uint32_t>());
    m_socket->SetRecvCallback(MakeNullCallback<void, Ptr<Socket>>());
    m_socket->SetCloseCallbacks(MakeNullCallback<void, Ptr<Socket>>(),
                                MakeNullCallback<void, Ptr<Socket>>());
}

void
EmuConnection::Start()
{
    m_started = true;
    // With --close=peer --half-close, the model's data follows the peer's FIN.
    m_sending = !(m_o.close == "peer" && m_o.halfClose);
    if (m_o.readDelayS > 0)
    {
        // The application does not read for a while: the receive buffer fills and the
        // model's window closes; the peer has to probe it.
        m_reading = false;
        Simulator::Schedule(Seconds(m_o.readDelayS), &EmuConnection::StartReading, this);
    }
    Progress();
}

void
EmuConnection::StartReading()
{
    m_reading = true;
    Readable(m_socket);
}

void
EmuConnection::Connected(Ptr<Socket>)
{
    Start();
}

void
EmuConnection::ConnectFailed(Ptr<Socket>)
{
    // Reported at the end (end=refused or timed_out); the trace shows the edge.
}

void
EmuConnection::Sendable(Ptr<Socket>, uint32_t)
{
    Progress();
}

void
EmuConnection::Closed(Ptr<Socket>)
{}

void
EmuConnection::Readable(Ptr<Socket>)
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
EmuConnection::Fill()
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
            data[i] = PatternByte(m_queued + i);
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
EmuConnection::Progress()
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
EmuConnection::Report(std::ostream& os,
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

void
Emulator::Print(const TcpFsmTransitionRecord& r) const
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
Emulator::Transition(const TcpFsmTransitionRecord& r)
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
Emulator::Ready(const std::string& detail)
{
    std::cout << "ready mode=" << m_o.mode << " tap=" << m_o.tap << " model=" << m_o.modelAddr
              << " host=" << m_o.hostAddr << "/" << m_o.prefix << " " << detail << std::endl;
}

void
Emulator::Accept(Ptr<Socket> s, const Address&)
{
    Ptr<TcpFsmSocket> socket = DynamicCast<TcpFsmSocket>(s);
    m_connections.push_back(std::make_unique<EmuConnection>(
        *this, socket, static_cast<uint32_t>(m_connections.size() + 1)));
    if (m_connections.size() >= m_o.connections && m_listener)
    {
        m_listener->Close(); // served them all: further SYNs are refused
        m_listener = nullptr;
    }
    m_connections.back()->Start();
}

void
Emulator::OpenClientConnections(Address peer)
{
    for (uint64_t i = 0; i < m_o.connections; ++i)
    {
        Ptr<TcpFsmSocket> socket = DynamicCast<TcpFsmSocket>(
            Socket::CreateSocket(m_node, TcpSocketFactory::GetTypeId()));
        m_connections.push_back(
            std::make_unique<EmuConnection>(*this, socket, static_cast<uint32_t>(i + 1)));
        socket->Bind();
        socket->Connect(peer);
    }
}

void
Emulator::WriteGraph() const
{
    auto write = [this](const std::string& name, bool dot)
    {
        const std::string path = m_o.out + "/" + name;
        const std::string tmp = path + ".tmp";
        {
            std::ofstream os(tmp);
            if (dot)
            {
                m_graph.WriteDot(os);
            }
            else
            {
                m_graph.WriteGraphml(os);
            }
            if (!os)
            {
                std::cerr << PROGRAM << ": cannot write " << tmp << std::endl;
                return;
            }
        }
        std::rename(tmp.c_str(), path.c_str());
    };
    write("graph.dot", true);
    write("graph.graphml", false);
}

int
Emulator::Run(int tapFd, Ipv4Address model, Ipv4Mask mask, Address peer)
{
    m_node = CreateObject<Node>();
    FdNetDeviceHelper fd;
    fd.SetTypeId(EmuFdNetDevice::GetTypeId().GetName());
    Ptr<EmuFdNetDevice> device = DynamicCast<EmuFdNetDevice>(fd.Install(m_node).Get(0));
    device->SetFileDescriptor(tapFd);
    device->SetLoss(m_o.loss);
    device->SetDelay(Seconds(m_o.delayS));
    TcpFsmHelper().Install(m_node);
    Ptr<Ipv4> ipv4 = m_node->GetObject<Ipv4>();
    int32_t ifIndex = ipv4->AddInterface(device);
    ipv4->AddAddress(ifIndex, Ipv4InterfaceAddress(model, mask));
    ipv4->SetMetric(ifIndex, 1);
    ipv4->SetUp(ifIndex);

    std::unique_ptr<TcpFsmTraceHelper> trace;
    if (!m_o.out.empty())
    {
        trace = std::make_unique<TcpFsmTraceHelper>();
        trace->EnableTransitionsAll(m_o.out + "/transitions.csv");
        trace->EnableStateCountsAll(m_o.out + "/state-counts.csv", Seconds(1), true);
        trace->EnableSegmentsAll(m_o.out + "/segments.csv");
        if (m_o.pcap)
        {
            fd.EnablePcap(m_o.out + "/tap.pcap", device, true, true);
        }
    }
    TcpFsmHelper::GetL4(m_node)->TraceConnectWithoutContext(
        "StateTransition", MakeCallback(&Emulator::Transition, this));

    if (m_o.mode == "server")
    {
        m_listener = Socket::CreateSocket(m_node, TcpSocketFactory::GetTypeId());
        m_listener->SetAcceptCallback(MakeNullCallback<bool, Ptr<Socket>, const Address&>(),
                                      MakeCallback(&Emulator::Accept, this));
        const uint16_t port = static_cast<uint16_t>(m_o.port);
        if (m_listener->Bind(InetSocketAddress(model, port)) != 0)
        {
            SetupFailed("cannot bind the model's listener to port " + std::to_string(port));
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
    if (m_o.durationS > 0)
    {
        Simulator::Schedule(Seconds(m_o.durationS),
                            [this]()
                            {
                                m_timedOut = true;
                                Simulator::Stop();
                            });
    }

    Simulator::Run();

    int rc = 0;
    for (const auto& c : m_connections)
    {
        const uint64_t id = c->GetSocket()->GetSocketId();
        const Track& t = m_tracks[id];
        c->Report(std::cout, t.path, t.local, t.peer);
        if (!c->WasEstablished() || !m_ended.count(id))
        {
            rc = 1;
        }
    }
    if (m_connections.size() < m_o.connections)
    {
        rc = 1;
    }
    std::cout << "done: connections=" << m_connections.size() << " ended=" << m_ended.size()
              << " time=" << std::fixed << std::setprecision(3) << Simulator::Now().GetSeconds()
              << "s lost_to_linux=" << device->GetTxDropped()
              << " lost_from_linux=" << device->GetRxDropped()
              << (m_timedOut ? " duration-reached" : "") << std::endl;
    if (m_timedOut)
    {
        std::cerr << PROGRAM << ": --duration=" << m_o.durationS
                  << "s reached before every connection ended" << std::endl;
        rc = 1;
    }
    if (!m_o.out.empty())
    {
        WriteGraph();
    }
    m_listener = nullptr;
    m_connections.clear();
    Simulator::Destroy(); // flushes and closes the trace files, stops the device's reader
    m_node = nullptr;
    return rc;
}

bool
ParseIpv4(const std::string& text, Ipv4Address& out)
{
    struct in_addr a
    {};

    if (inet_pton(AF_INET, text.c_str(), &a) != 1)
    {
        return false;
    }
    out = Ipv4Address(ntohl(a.s_addr));
    return true;
}

} // namespace

int
main(int argc, char* argv[])
{
    TcpFsmCli cli(PROGRAM);
    cli.Declare("mode", TcpFsmCli::Kind::STRING, {"server", "client"});
    cli.Declare("port", TcpFsmCli::Kind::UINT);
    cli.Declare("connect", TcpFsmCli::Kind::STRING);
    cli.Declare("tap", TcpFsmCli::Kind::STRING);
    cli.Declare("model-addr", TcpFsmCli::Kind::STRING);
    cli.Declare("host-addr", TcpFsmCli::Kind::STRING);
    cli.Declare("prefix", TcpFsmCli::Kind::UINT);
    cli.Declare("bytes", TcpFsmCli::Kind::UINT);
    cli.Declare("expect", TcpFsmCli::Kind::UINT);
    cli.Declare("close", TcpFsmCli::Kind::STRING, {"model", "peer"});
    cli.Declare("half-close", TcpFsmCli::Kind::BOOL);
    cli.Declare("abort", TcpFsmCli::Kind::BOOL);
    cli.Declare("connections", TcpFsmCli::Kind::UINT);
    cli.Declare("duration", TcpFsmCli::Kind::TIME);
    cli.Declare("msl", TcpFsmCli::Kind::TIME);
    cli.Declare("out", TcpFsmCli::Kind::STRING);
    cli.Declare("pcap", TcpFsmCli::Kind::BOOL);
    cli.Declare("allow-root-netns", TcpFsmCli::Kind::BOOL);
    cli.Declare("quiet", TcpFsmCli::Kind::BOOL);
    cli.Declare("loss", TcpFsmCli::Kind::DOUBLE);
    cli.Declare("read-delay", TcpFsmCli::Kind::TIME);
    cli.Declare("delay", TcpFsmCli::Kind::TIME);
    cli.Check(argc, argv);

    // Before anything else touches the simulator: real time, and checksums (Linux checks them).
    GlobalValue::Bind("SimulatorImplementationType", StringValue("ns3::RealtimeSimulatorImpl"));
    GlobalValue::Bind("ChecksumEnabled", BooleanValue(true));
    // A full Ethernet segment (no TCP options after the handshake); the command line may
    // still change it (--ns3::TcpSocket::SegmentSize=...).
    Config::SetDefault("ns3::TcpSocket::SegmentSize", UintegerValue(1460));

    Options o;
    std::string duration = "60s";
    std::string msl = "1s";
    std::string readDelay = "0s";
    std::string delay = "0s";
    std::string loss = "0";
    CommandLine cmd(__FILE__);
    cmd.Usage("tcp-fsm against the Linux kernel's TCP through a TAP device (see the file "
              "header). Run it inside a network namespace: ip netns exec NS tcp-fsm-emu ...");
    cmd.AddValue("mode", "server (the model listens) or client (the model connects)", o.mode);
    cmd.AddValue("port", "server: the model's listening port", o.port);
    cmd.AddValue(
        "connect", "client: ADDR:PORT of the Linux server (on the TAP's subnet)", o.connect);
    cmd.AddValue("tap", "name of the TAP device to create", o.tap);
    cmd.AddValue("model-addr", "the model's IPv4 address", o.modelAddr);
    cmd.AddValue("host-addr", "the IPv4 address of the TAP's host side", o.hostAddr);
    cmd.AddValue("prefix", "prefix length of the TAP's subnet", o.prefix);
    cmd.AddValue("bytes", "bytes the model sends on each connection", o.bytes);
    cmd.AddValue("expect", "bytes the model reads before it closes or aborts", o.expect);
    cmd.AddValue("close", "who closes first: model or peer", o.close);
    cmd.AddValue("half-close", "the first to close only shuts down its sending side", o.halfClose);
    cmd.AddValue("abort", "the model aborts (RST) instead of closing", o.abort);
    cmd.AddValue("connections", "connections to serve (server) or open (client)", o.connections);
    cmd.AddValue("duration", "stop after this long at the latest (0: no limit)", duration);
    cmd.AddValue("msl", "the model's maximum segment lifetime (TIME_WAIT = 2 msl)", msl);
    cmd.AddValue("out", "directory for the traces, the graph and the pcap", o.out);
    cmd.AddValue("pcap", "write the TAP side's frames to OUT/tap.pcap", o.pcap);
    cmd.AddValue(
        "allow-root-netns", "run even in the machine's own network namespace", o.allowRootNetns);
    cmd.AddValue("quiet", "do not print the transitions as they happen", o.quiet);
    cmd.AddValue("loss", "probability of losing an IPv4 frame, each direction", loss);
    cmd.AddValue(
        "read-delay", "the model reads nothing for this long after the handshake", readDelay);
    cmd.AddValue("delay", "one-way delay added to every frame, each direction", delay);
    cmd.Parse(argc, argv);

    if (!TcpFsmCli::ParseTime(duration, o.durationS))
    {
        cli.Fail("--duration='" + duration + "' is not a time");
    }
    if (!TcpFsmCli::ParseTime(readDelay, o.readDelayS))
    {
        cli.Fail("--read-delay='" + readDelay + "' is not a time");
    }
    if (!TcpFsmCli::ParseTime(delay, o.delayS) || o.delayS > 10)
    {
        cli.Fail("--delay='" + delay + "' must be a time of at most 10 s");
    }
    if (!TcpFsmCli::ParseDouble(loss, o.loss) || o.loss < 0 || o.loss >= 1)
    {
        cli.Fail("--loss='" + loss + "' must be a probability in [0, 1)");
    }
    if (!TcpFsmCli::ParseTime(msl, o.mslS) || o.mslS <= 0)
    {
        cli.Fail("--msl='" + msl + "' must be a positive time");
    }
    if (o.tap.empty() || o.tap.size() >= IFNAMSIZ
        || o.tap.find_first_of("/ \t:") != std::string::npos)
    {
        cli.Fail("--tap='" + o.tap + "' is not a valid interface name (1 to "
                 + std::to_string(IFNAMSIZ - 1) + " characters, no '/', ':' or spaces)");
    }
    Ipv4Address model;
    Ipv4Address host;
    if (!ParseIpv4(o.modelAddr, model))
    {
        cli.Fail("--model-addr='" + o.modelAddr + "' is not an IPv4 address");
    }
    if (!ParseIpv4(o.hostAddr, host))
    {
        cli.Fail("--host-addr='" + o.hostAddr + "' is not an IPv4 address");
    }
    if (o.prefix < 8 || o.prefix > 30)
    {
        cli.Fail("--prefix=" + std::to_string(o.prefix) + " must be 8..30");
    }
    Ipv4Mask mask(("/" + std::to_string(o.prefix)).c_str());
    auto usable = [&mask](Ipv4Address a)
    {
        return a.Get() != a.CombineMask(mask).Get()
               && a.Get() != a.GetSubnetDirectedBroadcast(mask).Get();
    };
    if (model.CombineMask(mask) != host.CombineMask(mask))
    {
        cli.Fail("--model-addr=" + o.modelAddr + " and --host-addr=" + o.hostAddr
                 + " are not in one /" + std::to_string(o.prefix) + " subnet");
    }
    if (model == host || !usable(model) || !usable(host))
    {
        cli.Fail("--model-addr and --host-addr must be two different host addresses of the "
                 "subnet (not its network or broadcast address)");
    }
    if (o.connections == 0)
    {
        cli.Fail("--connections must be at least 1");
    }
    Address peer;
    if (o.mode == "server")
    {
        if (o.port == 0 || o.port > 65535)
        {
            cli.Fail("--port=" + std::to_string(o.port) + " must be 1..65535");
        }
        if (!o.connect.empty())
        {
            cli.Fail("--connect is for --mode=client");
        }
    }
    else
    {
        auto colon = o.connect.rfind(':');
        Ipv4Address to;
        uint64_t port = 0;
        if (o.connect.empty() || colon == std::string::npos
            || !ParseIpv4(o.connect.substr(0, colon), to)
            || !TcpFsmCli::ParseUint(o.connect.substr(colon + 1), port) || port == 0
            || port > 65535)
        {
            cli.Fail("--mode=client needs --connect=ADDR:PORT (an IPv4 address and a port), "
                     "got '"
                     + o.connect + "'");
        }
        if (to.CombineMask(mask) != model.CombineMask(mask) || to == model || !usable(to))
        {
            cli.Fail("--connect=" + o.connect + ": the address must be a host of the TAP's "
                     + "subnet other than the model (the emulator has no route beyond it)");
        }
        peer = InetSocketAddress(to, static_cast<uint16_t>(port));
    }
    if (o.pcap && o.out.empty())
    {
        cli.Fail("--pcap needs --out=DIR (it writes DIR/tap.pcap)");
    }
    if (o.abort && o.halfClose)
    {
        cli.Fail("--abort and --half-close exclude each other");
    }

    bool known = false;
    const bool root = InRootNetns(known);
    if ((root || !known) && !o.allowRootNetns)
    {
        std::cerr << PROGRAM << ": "
                  << (known ? "refusing to run in the root network namespace"
                            : "cannot tell whether this is the root network namespace "
                              "(/proc/1/ns/net cannot be read, and this is no namespace of "
                              "ip netns)")
                  << ": it would add a TAP device and an address to this machine's own network. "
                     "Run it in a namespace made for it (ip netns add NS; ip netns exec NS "
                  << PROGRAM << " ...), or give --allow-root-netns" << std::endl;
        return 2;
    }

    if (!o.out.empty())
    {
        std::error_code ec;
        std::filesystem::create_directories(o.out, ec);
        if (ec)
        {
            SetupFailed("cannot create --out=" + o.out + ": " + ec.message());
        }
    }
    Config::SetDefault("ns3::TcpFsmSocket::Msl", TimeValue(Seconds(o.mslS)));

    const int tapFd = CreateTap(o.tap);
    const std::string mac = ConfigureTap(o.tap, host, mask);
    if (!o.quiet)
    {
        std::cout << PROGRAM << ": TAP " << o.tap << " (" << mac << ") host side " << o.hostAddr
                  << "/" << o.prefix << ", model " << o.modelAddr << ", Msl " << o.mslS << " s"
                  << std::endl;
    }
    Emulator emu(o);
    const int rc = emu.Run(tapFd, model, mask, peer);
    if (fcntl(tapFd, F_GETFD) != -1)
    {
        ::close(tapFd); // the TAP device goes with it
    }
    return rc;
}
