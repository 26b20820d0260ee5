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
 *
 * This file keeps the command line, the emulated wire (an FdNetDevice with --loss and
 * --delay) and the run; the host side (namespace check, TAP device and its address) is
 * TcpFsmEmuTap (helper/emu/tcp-fsm-emu-tap.h), the model's application and its connection
 * reports TcpFsmEmuApp (helper/emu/tcp-fsm-emu-app.h).
 */
#include "ns3/core-module.h"
#include "ns3/fd-net-device-module.h"
#include "ns3/internet-module.h"
#include "ns3/network-module.h"
#include "ns3/tcp-fsm-cli.h"
#include "ns3/tcp-fsm-emu-app.h"
#include "ns3/tcp-fsm-emu-tap.h"
#include "ns3/tcp-fsm-helper.h"
#include "ns3/tcp-fsm-trace-helper.h"
#include "ns3/tcp-fsm-transition-graph.h"

#include <fcntl.h>
#include <unistd.h>

#include <arpa/inet.h>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <memory>
#include <string>

using namespace ns3;

namespace
{

const char* const PROGRAM = "tcp-fsm-emu";

[[noreturn]] void
SetupFailed(const std::string& what)
{
    std::cerr << PROGRAM << ": " << what << std::endl;
    std::exit(1);
}

// ---- the emulated wire: the model's FdNetDevice ------------------------------------------------

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

// ---- the run -----------------------------------------------------------------------------------

/// Write the transitions taken, as tcp-fsm-graph draws them, to DIR/graph.dot and
/// DIR/graph.graphml.
void
WriteGraph(const std::string& dir, const TcpFsmTransitionGraph& graph)
{
    auto write = [&dir, &graph](const std::string& name, bool dot)
    {
        const std::string path = dir + "/" + name;
        const std::string tmp = path + ".tmp";
        {
            std::ofstream os(tmp);
            if (dot)
            {
                graph.WriteDot(os);
            }
            else
            {
                graph.WriteGraphml(os);
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

/**
 * The emulation: a node running tcp-fsm on an FdNetDevice over the TAP's descriptor, the
 * model's application (TcpFsmEmuApp), the traces of --out, the run until every connection
 * has ended or --duration, and the reports. Returns the exit status.
 */
int
RunEmulation(const TcpFsmEmuOptions& o, int tapFd, Ipv4Address model, Ipv4Mask mask, Address peer)
{
    Ptr<Node> node = CreateObject<Node>();
    FdNetDeviceHelper fd;
    fd.SetTypeId(EmuFdNetDevice::GetTypeId().GetName());
    Ptr<EmuFdNetDevice> device = DynamicCast<EmuFdNetDevice>(fd.Install(node).Get(0));
    device->SetFileDescriptor(tapFd);
    device->SetLoss(o.loss);
    device->SetDelay(Seconds(o.delayS));
    TcpFsmHelper().Install(node);
    Ptr<Ipv4> ipv4 = node->GetObject<Ipv4>();
    int32_t ifIndex = ipv4->AddInterface(device);
    ipv4->AddAddress(ifIndex, Ipv4InterfaceAddress(model, mask));
    ipv4->SetMetric(ifIndex, 1);
    ipv4->SetUp(ifIndex);

    std::unique_ptr<TcpFsmTraceHelper> trace;
    if (!o.out.empty())
    {
        trace = std::make_unique<TcpFsmTraceHelper>();
        trace->EnableTransitionsAll(o.out + "/transitions.csv");
        trace->EnableStateCountsAll(o.out + "/state-counts.csv", Seconds(1), true);
        trace->EnableSegmentsAll(o.out + "/segments.csv");
        if (o.pcap)
        {
            fd.EnablePcap(o.out + "/tap.pcap", device, true, true);
        }
    }

    TcpFsmEmuApp app(o);
    std::string error;
    if (!app.Start(node, model, peer, error))
    {
        SetupFailed(error);
    }
    bool timedOut = false;
    if (o.durationS > 0)
    {
        Simulator::Schedule(Seconds(o.durationS),
                            [&timedOut]()
                            {
                                timedOut = true;
                                Simulator::Stop();
                            });
    }

    Simulator::Run();

    int rc = app.Report(std::cout) ? 0 : 1;
    std::cout << "done: connections=" << app.GetConnectionCount()
              << " ended=" << app.GetEndedCount() << " time=" << std::fixed << std::setprecision(3)
              << Simulator::Now().GetSeconds() << "s lost_to_linux=" << device->GetTxDropped()
              << " lost_from_linux=" << device->GetRxDropped()
              << (timedOut ? " duration-reached" : "") << std::endl;
    if (timedOut)
    {
        std::cerr << PROGRAM << ": --duration=" << o.durationS
                  << "s reached before every connection ended" << std::endl;
        rc = 1;
    }
    if (!o.out.empty())
    {
        WriteGraph(o.out, app.GetGraph());
    }
    app.Release();
    Simulator::Destroy(); // flushes and closes the trace files, stops the device's reader
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

    TcpFsmEmuOptions o;
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
    if (o.tap.empty() || o.tap.size() > TcpFsmEmuTap::MaxNameLength()
        || o.tap.find_first_of("/ \t:") != std::string::npos)
    {
        cli.Fail("--tap='" + o.tap + "' is not a valid interface name (1 to "
                 + std::to_string(TcpFsmEmuTap::MaxNameLength())
                 + " characters, no '/', ':' or spaces)");
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
    const bool root = TcpFsmEmuTap::InRootNetns(known);
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

    std::string error;
    const int tapFd = TcpFsmEmuTap::Create(o.tap, error);
    if (tapFd < 0)
    {
        SetupFailed(error);
    }
    std::string mac;
    if (!TcpFsmEmuTap::Configure(o.tap, host, mask, mac, error))
    {
        SetupFailed(error);
    }
    if (!o.quiet)
    {
        std::cout << PROGRAM << ": TAP " << o.tap << " (" << mac << ") host side " << o.hostAddr
                  << "/" << o.prefix << ", model " << o.modelAddr << ", Msl " << o.mslS << " s"
                  << std::endl;
    }
    const int rc = RunEmulation(o, tapFd, model, mask, peer);
    if (fcntl(tapFd, F_GETFD) != -1)
    {
        ::close(tapFd); // the TAP device goes with it
    }
    return rc;
}
