/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Scripted peers, part 2 (internal): the engine that runs one script. Its timeline
 * (lines, segments, skips) is in tcp-fsm-script-runner.cc, its syscall layer (file
 * descriptors, blocking calls, socket options) in tcp-fsm-script-syscalls.cc.
 */
#ifndef TCP_FSM_SCRIPT_ENGINE_H
#define TCP_FSM_SCRIPT_ENGINE_H

#include "ns3/event-id.h"
#include "ns3/ipv4-interface.h"
#include "ns3/ipv4-route.h"
#include "ns3/node.h"
#include "ns3/packet.h"
#include "ns3/socket.h"
#include "ns3/tcp-fsm-script-runner.h"
#include "ns3/tcp-fsm-script-stack.h"
#include "ns3/tcp-header.h"

#include <deque>
#include <map>
#include <memory>
#include <set>
#include <string>

namespace ns3
{

/// A segment the stack sent, as captured below its L4.
struct TcpFsmScriptCaptured
{
    int64_t timeNs{0};
    TcpHeader header;
    uint32_t payload{0};
    uint32_t isn{0}; ///< our ISN when it was sent (the base of its sequence number)
    uint8_t ecn{0};  ///< the IP header's ECN field (RFC 3168 5), from the socket's TOS tag
};

/// What a syscall returned.
struct TcpFsmScriptReturned
{
    int64_t value{0};
    std::string error; ///< errno name when value < 0
};

/**
 * \ingroup tcp-fsm
 * \brief Runs one script in a fresh simulation (see TcpFsmScriptRunner).
 */
class TcpFsmScriptEngine
{
  public:
    TcpFsmScriptEngine(const TcpFsmScript& script, const TcpFsmScriptRunOptions& options);
    TcpFsmScriptResult Run();

  private:
    using Line = TcpFsmScriptLine;
    using Returned = TcpFsmScriptReturned;

    /// A file descriptor of the script.
    struct Descriptor
    {
        Ptr<Socket> socket;
        bool linger0{false};     ///< SO_LINGER {onoff=1, linger=0}: close() aborts
        bool nonBlocking{false}; ///< O_NONBLOCK
        /// A blocking Fast Open call (sendto MSG_FASTOPEN, the write after a deferred connect)
        /// waits for the handshake its SYN started: the bytes the SYN took (-1: none waits).
        int64_t synTaken{-1};
        bool inq{false}; ///< TCP_INQ: recvmsg() reports the bytes left (TCP_CM_INQ)
    };

    /// Wake-ups a socket gave (Linux's sk_data_ready, sk_write_space, sk_state_change), for
    /// edge-triggered epoll items.
    struct Wakeups
    {
        uint64_t in{0};
        uint64_t out{0};
        uint64_t state{0};
        bool noSpace{false}; ///< a write found the send buffer full (Linux SOCK_NOSPACE)
    };

    /// A descriptor watched by an epoll instance.
    struct EpollItem
    {
        uint32_t events{0}; ///< the interest, EPOLLERR|EPOLLHUP and the mode bits included
        bool ready{false};  ///< on the ready list
        bool fired{false};  ///< EPOLLONESHOT reported: disarmed until EPOLL_CTL_MOD
        Wakeups seen;       ///< the socket's wake-ups already taken
        uint64_t seenErr{0};
    };

    using Epoll = std::map<int32_t, EpollItem>;

    /// A syscall that blocks until an event (accept, connect, read, write).
    struct Pending
    {
        std::size_t line{0};
        bool stalls{false}; ///< no A...B range: the script waits for it
    };

    // ---- timeline (tcp-fsm-script-runner.cc)
    bool ApplyProfileAndAttributes();
    void Setup();
    void Teardown();
    void WriteTrace();
    void WriteGraph(const std::string& csv);
    int64_t Now() const;
    void ScheduleLine(std::size_t i);
    void ExecuteLine(std::size_t i);
    void LineDone(std::size_t i);
    void Fail(const Line& line, const std::string& what);
    void Skip(const Line& line, const std::string& feature);
    std::string States() const;
    static std::string At(int64_t ns);
    std::string Expected(const Line& line) const;
    std::string Show(const TcpFsmScriptCaptured& c) const;
    void Capture(Ptr<Packet> packet, Ipv4Address, Ipv4Address, uint8_t, Ptr<Ipv4Route>);
    void SegmentWhileWaiting();
    void Deadline();
    bool NothingUnexpected(const Line& line);
    /// Forget captured segments of connections other than the one under test (packetdrill
    /// sniffs only the socket under test).
    void DropForeign();
    /// As packetdrill, numbers in a line with SYN are in the script's space (the ISNs it
    /// wrote), in other lines relative to the ISN. The base of our sequence numbers (and of
    /// the acks the peer sends) in a line with or without SYN:
    uint32_t OurSeqBase(uint32_t isn, bool syn) const;
    /// The base of the peer's sequence numbers (and of the acks we send).
    uint32_t PeerAckBase(bool syn) const;
    void MatchOutbound(const Line& line);
    void Inbound(const Line& line);
    void CheckState(const Line& line);
    /// "" when the runner and the model can run this line; else the feature it needs.
    std::string Lacking(const Line& line) const;
    void Shell(const Line& line);
    void Python(const Line& line);
    void Note(const std::string& note);

    // ---- TCP Fast Open (tcp-fsm-script-fastopen.cc)
    /// The cookies of FO/FOEXP lines: -D names replaced by their value (run_all.py's IPv4
    /// TFO_COOKIE unless the script defines it); false (an ERROR result) for a bad cookie.
    bool ResolveCookies();
    /**
     * A write the Fast Open paths or Linux's wait for the handshake decide (sendto/sendmsg
     * with MSG_FASTOPEN, the first write after a deferred connect, a write while the
     * handshake runs). \param handled set when this call took the line
     * \return false when the call blocks
     */
    bool FastOpenWrite(
        Descriptor& d, const TcpFsmScriptCall& call, Returned& r, bool nonBlocking, bool& handled);
    /// setsockopt TCP_FASTOPEN, TCP_FASTOPEN_CONNECT, TCP_FASTOPEN_KEY, TCP_FASTOPEN_NO_COOKIE;
    /// "" or the feature a skip needs. \param handled set when the option is one of them
    std::string FastOpenOption(Descriptor& d,
                               const TcpFsmScriptCall& call,
                               Returned& r,
                               bool& handled);
    /// `ip tcp_metrics flush ...`: the node forgets its servers' Fast Open cookies (Linux
    /// keeps them in the TCP metrics). \return false when the command is not that one
    bool FastOpenShell(const std::string& command);

    // ---- syscalls (tcp-fsm-script-syscalls.cc)
    void Syscall(const Line& line);
    /// Try a call; false when it would block (a blocking descriptor and nothing yet).
    bool TryCall(const Line& line, Returned& r, std::string& got, std::string& skip, bool retry);
    void Finish(const Line& line, const Returned& r, const std::string& got, int64_t startedNs);
    void RetryPending();
    void Watch(Ptr<Socket> s);
    void Wake();
    int32_t NewFd(const TcpFsmScriptCall& call) const;
    void Connected(const Ptr<Socket>& s);
    std::string SetOption(Descriptor& d, const TcpFsmScriptCall& call, Returned& r);
    std::string GetOption(Descriptor& d, const TcpFsmScriptCall& call, std::string& got);
    // ---- readiness and the error queue (tcp-fsm-script-epoll.cc)
    /// epoll_create, epoll_ctl, epoll_wait. \return true (these calls never block here)
    bool EpollCall(const TcpFsmScriptCall& call, Returned& r, std::string& got, std::string& skip);
    /// Linux tcp_poll()'s mask for the socket (EPOLLIN, EPOLLOUT, EPOLLERR, EPOLLHUP, ...).
    uint32_t PollMask(Ptr<Socket> s) const;
    /// recvmsg(MSG_ERRQUEUE): the model's error-queue message against the script's.
    bool ErrorQueueRecv(const TcpFsmScriptCall& call,
                        Ptr<Socket> s,
                        Returned& r,
                        std::string& got,
                        std::string& skip);
    // ---- poll() and ICMP lines (tcp-fsm-script-poll.cc, tcp-fsm-script-icmp.cc)
    /// poll(): the model's readiness of each descriptor. \return false while it blocks
    bool PollCall(const Line& line, Returned& r, std::string& got, std::string& skip);
    /// "" when an ICMP line can run (type and code set from its names); else what it needs.
    std::string IcmpLacking(const Line& line, uint8_t& type, uint8_t& code) const;
    /// An inbound ICMP line: into the node's ICMP, echoing a segment of the connection.
    void InboundIcmp(const Line& line);
    std::map<std::size_t, int64_t> m_pollDeadlines; ///< blocked poll() lines: timeout (ns, -1)
    static Returned Errno(Ptr<Socket> s, const char* otherwise = "EIO");
    static Returned Rc(Ptr<Socket> s, int rc);
    static bool AcceptRequest(TcpFsmScriptEngine*, Ptr<Socket>, const Address&);
    static void NewConnection(TcpFsmScriptEngine* self,
                              Socket* listener,
                              Ptr<Socket> child,
                              const Address&);

    TcpFsmScript m_script; ///< a copy: ResolveCookies() writes the -D values in
    TcpFsmScriptRunOptions m_options;
    std::unique_ptr<TcpFsmScriptStackAdapter> m_stack;
    TcpFsmScriptResult m_result;
    Ptr<Node> m_node;
    Ptr<Ipv4Interface> m_interface;
    std::map<int32_t, Descriptor> m_fds;
    std::map<Socket*, std::deque<Ptr<Socket>>> m_acceptQueues;
    std::map<Socket*, Wakeups> m_wakeups;   ///< per socket, for epoll
    std::map<int32_t, Epoll> m_epolls;      ///< epoll descriptors
    uint32_t m_partialWriteLine{0};         ///< the blocking write that queued part of its bytes
    uint32_t m_partialWritten{0};           ///< how many it queued so far
    std::map<std::string, int64_t> m_files; ///< the script's files (shell lines): zero bytes
    std::map<int32_t, std::string> m_openFiles; ///< descriptors of open()ed files
    /// open() and sendfile() on the script's files (the payload of sendfile is the model's).
    bool FileCall(const Line& line, Returned& r, std::string& got, std::string& skip, bool retry);
    /// splice() from a socket into a pipe (tcp-fsm-script-files.cc).
    bool Splice(const Line& line, Returned& r, std::string& got, std::string& skip, bool retry);
    static constexpr const char* kPipeRead = "|pipe (read end)";
    static constexpr const char* kPipeWrite = "|pipe (write end)";
    static constexpr int64_t kPipeCapacity = 65536; ///< Linux: 16 pages
    int64_t m_pipeBytes{0};                         ///< what the script's pipes hold
    std::deque<TcpFsmScriptCaptured> m_out;
    std::set<std::string> m_noted;
    std::deque<Pending> m_pending;
    Ptr<Socket> m_underTest;                 ///< the socket %{ }% blocks read tcp_info from
    std::map<std::string, int64_t> m_pyVars; ///< the Python variables of %{ }% blocks
    uint32_t m_ourIsn{0};
    /// START of the outbound SYN line last matched: the script's name for our ISN (packetdrill
    /// maps the socket's ISN to whatever the script writes there; lines without SYN count
    /// from 0).
    uint32_t m_scriptIsn{0};
    /// START of the inbound SYN line last sent: the peer's ISN as the script writes it. As in
    /// packetdrill, a SYN's sequence number (and the ack of our SYN+ACK) is absolute, later
    /// ones are relative to it.
    uint32_t m_peerScriptIsn{0};
    uint16_t m_localPort{TcpFsmScriptAddresses::kListenPort};
    uint16_t m_remotePort{TcpFsmScriptAddresses::kRemotePort};
    Ptr<Socket> m_portListener; ///< the listener the peer's m_remotePort opened to
    std::size_t m_current{0};
    bool m_waiting{false};
    bool m_matchPending{false};
    bool m_wakePending{false};
    bool m_failed{false};
    bool m_finished{false};
    EventId m_deadline;

    // ---- TS ecr mapping of upstream scripts (as packetdrill; tcp-fsm-script-wire.cc) ----
    /// Outbound line matched: remember which TSval the stack sent for the script's TSval.
    void LearnTsVal(const TcpFsmScriptSegment& want, const TcpHeader& sent);
    /// The TS ecr of an inbound line in the stack's TSval space.
    TcpFsmScriptSegment MapTsEcr(const TcpFsmScriptSegment& s) const;
    /// A new connection under test (socket(), or a SYN to a listener): a new TSval clock.
    void ForgetTsVals();
    std::map<uint32_t, uint32_t> m_tsVals; ///< script TSval -> the TSval the stack sent
    bool m_tsBaseKnown{false};             ///< the first outbound TS pair of the connection
    uint32_t m_tsScriptBase{0};            ///< its TSval as the script writes it
    uint32_t m_tsActualBase{0};            ///< its TSval as the stack sent it
};

} // namespace ns3

#endif /* TCP_FSM_SCRIPT_ENGINE_H */
