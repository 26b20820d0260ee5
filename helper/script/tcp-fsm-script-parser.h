/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Scripted peers, part 1: the script language (packetdrill's, plus the project's
 * --attr header lines and state assertions) turned into a list of typed lines.
 * Syntax errors are reported as FILE:LINE:COLUMN with what was expected there.
 */
#ifndef TCP_FSM_SCRIPT_PARSER_H
#define TCP_FSM_SCRIPT_PARSER_H

#include "ns3/tcp-fsm-event.h"
#include "ns3/tcp-fsm-script-expr.h"

#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

namespace ns3
{

/**
 * \ingroup tcp-fsm
 * \brief A place in a script (1-based line and column).
 */
struct TcpFsmScriptLocation
{
    std::string file;
    uint32_t line{0};
    uint32_t column{0};

    /// "FILE:LINE:COLUMN"
    std::string ToString() const;
    /// "FILE:LINE"
    std::string FileLine() const;
};

/**
 * \ingroup tcp-fsm
 * \brief A script that cannot be run: a syntax error, an unsupported syscall or option,
 * an unknown attribute. what() is "FILE:LINE:COLUMN: message".
 */
class TcpFsmScriptError : public std::runtime_error
{
  public:
    TcpFsmScriptError(const TcpFsmScriptLocation& where, const std::string& message);
    /// Where the error is.
    const TcpFsmScriptLocation& Where() const;
    /// The message without the location.
    const std::string& Message() const;

  private:
    TcpFsmScriptLocation m_where;
    std::string m_message;
};

/// A TCP option written in a segment line.
struct TcpFsmScriptOption
{
    enum class Kind : uint8_t
    {
        MSS,     ///< "mss N"
        NOP,     ///< "nop" (ns-3 pads options itself: never compared)
        WSCALE,  ///< "wscale N"
        SACK_OK, ///< "sackOK"
        TS,      ///< "TS val N ecr N"
        SACK,    ///< "sack A:B C:D ..." (blocks relative to the receiver's ISN)
        EOL,     ///< "eol"
        FO,      ///< "FO [cookie]": TCP Fast Open (RFC 7413, kind 34)
        FOEXP,   ///< "FOEXP [cookie]": experimental TCP Fast Open (kind 254)
        MD5,     ///< "md5 hex": TCP MD5 signature (RFC 2385)
    };

    Kind kind{Kind::NOP};
    uint32_t value{0};                                 ///< mss, wscale, TS val
    uint32_t echo{0};                                  ///< TS ecr
    std::vector<std::pair<uint32_t, uint32_t>> blocks; ///< sack
    std::string data;                                  ///< FO/FOEXP cookie, md5 digest (hex)
};

/**
 * \ingroup tcp-fsm
 * \brief An inbound (`<`) or outbound (`>`) segment line.
 *
 * Inbound: sequence numbers relative to the scripted peer's ISN, ack relative to
 * the socket's ISN. Outbound: the other way round.
 */
struct TcpFsmScriptSegment
{
    /// How the options of an outbound segment are compared.
    enum class Options : uint8_t
    {
        NOT_WRITTEN, ///< no <...> list: options are not compared
        LIST,        ///< <mss 536, wscale 7>: compared (nop ignored)
        PREFIX,      ///< <mss 536, ...>: these first, then any others
        ANY,         ///< <...>: not compared
    };

    uint8_t flags{0};       ///< TcpHeader flags; '.' is ACK, E ECE, W CWR, U URG, '-' none
    bool icmp{false};       ///< an ICMP line (`< icmp unreachable frag_needed mtu 1200 [0:10(10)]`)
    std::string icmpType;   ///< ICMP line: the type as written (unreachable, ...)
    std::string icmpCode;   ///< the code as written ("" when none; a -D name before it is resolved)
    int64_t icmpMtu{-1};    ///< "mtu N" (-1 when not written)
    bool icmpEchoed{false}; ///< [START:END(LEN)]: the echoed segment's sequence and length
    std::string ipInfo;     ///< "[ect0]", "(tos 0x2)", ...: the IP fields written ("" when none)
    static constexpr int8_t kEcnNotWritten = -1; ///< no [...]: the ECN field is not compared
    static constexpr int8_t kEct01 = 4;          ///< [ect01]: ECT(0) or ECT(1)
    /// The IP ECN field of [noecn] 0, [ect1] 1, [ect0] 2, [ce] 3, [ect01] kEct01
    int8_t ecn{kEcnNotWritten};
    bool hasUrg{false};
    uint32_t urg{0};   ///< "urg N": the urgent pointer
    uint32_t start{0}; ///< START of START:END(LEN)
    uint32_t end{0};   ///< END
    uint32_t len{0};   ///< LEN: payload bytes
    bool hasAck{false};
    uint32_t ack{0};
    bool hasWin{false};
    uint32_t win{65535};
    Options options{Options::NOT_WRITTEN};
    std::vector<TcpFsmScriptOption> optionList;
};

/// The syscalls of packetdrill's language.
enum class TcpFsmScriptCallKind : uint8_t
{
    SOCKET,
    BIND,
    LISTEN,
    ACCEPT,
    CONNECT,
    WRITE,    ///< write(FD, ..., N)
    WRITEV,   ///< writev(FD, [{..., N}, ...], COUNT)
    SEND,     ///< send(FD, ..., N, FLAGS)
    SENDTO,   ///< sendto(FD, ..., N, FLAGS, ..., ...): to the scripted peer
    SENDMSG,  ///< sendmsg(FD, {msg_iov(N)=[{..., N}], ...}, FLAGS)
    READ,     ///< read(FD, ..., N)
    READV,    ///< readv(FD, [{..., N}, ...], COUNT)
    RECV,     ///< recv(FD, ..., N, FLAGS)
    RECVFROM, ///< recvfrom(FD, ..., N, FLAGS, ..., ...)
    RECVMSG,  ///< recvmsg(FD, {msg_iov(N)=[{..., N}], ...}, FLAGS)
    SHUTDOWN,
    CLOSE,
    SETSOCKOPT,
    GETSOCKOPT,
    FCNTL,
    IOCTL,
    POLL,
    OTHER, ///< a syscall the language knows that the runner does not model (epoll_*, ...)
};

/**
 * \ingroup tcp-fsm
 * \brief A syscall line: `connect(3, ..., ...) = -1 EINPROGRESS (...)`.
 */
struct TcpFsmScriptCall
{
    TcpFsmScriptCallKind kind{TcpFsmScriptCallKind::SOCKET};
    std::string name;                   ///< as written: "write", "send", ...
    std::vector<TcpFsmScriptExpr> args; ///< every argument, as written
    int32_t fd{-1};                     ///< the descriptor argument (not for socket(), poll())
    uint32_t count{0};      ///< the byte count (all buffers of an iovec); listen backlog
    bool nullBuffer{false}; ///< the buffer argument is NULL (EFAULT)
    int64_t flags{0};       ///< MSG_* of send/recv; the command of fcntl/ioctl
    std::string flagsText;  ///< the flags or command as written
    bool shutRead{false};
    bool shutWrite{false};
    std::string level;          ///< setsockopt/getsockopt level, as written: "SOL_SOCKET"
    std::string optionName;     ///< setsockopt/getsockopt option, as written: "TCP_NODELAY"
    bool hasOptionValue{false}; ///< the value is an int ([N] or N)
    int64_t optionValue{0};     ///< that int; SO_LINGER onoff
    int64_t optionLinger{0};    ///< SO_LINGER linger
    std::string expectedError;  ///< getsockopt SO_ERROR: "0", "ECONNREFUSED", ...
    bool resultAny{false};      ///< "= ...": any result
    int64_t result{0};          ///< the value after '='
    std::string resultErrno;    ///< "EAGAIN" when written after a negative result
};

/**
 * \ingroup tcp-fsm
 * \brief A state assertion: `state(4) = ESTABLISHED` or `state(conn) = TIME_WAIT`.
 */
struct TcpFsmScriptStateCheck
{
    bool conn{false}; ///< the connection with the scripted peer (else fd)
    int32_t fd{-1};
    TcpFsmState state{TcpSocket::CLOSED};
};

/**
 * \ingroup tcp-fsm
 * \brief One event line of a script, its time resolved to absolute nanoseconds.
 */
struct TcpFsmScriptLine
{
    enum class Kind : uint8_t
    {
        SYSCALL,
        INBOUND,  ///< `<`: the scripted peer sends
        OUTBOUND, ///< `>`: the socket must send
        STATE,    ///< `state(...) = STATE`
        SHELL,    ///< a `shell command` (text without the backticks)
        PYTHON,   ///< a %{ Python block }% (text without the marks)
    };

    Kind kind{Kind::SYSCALL};
    TcpFsmScriptLocation where; ///< the line (column 1)
    int64_t timeNs{0};          ///< absolute script time (the start of a range)
    int64_t timeEndNs{0};       ///< the end of a range `A~B` (timeNs when none)
    bool anyTime{false};        ///< `*`: any time after the previous line
    int64_t blockingEndNs{-1};  ///< a syscall `A...B`: blocks until B (-1: no range)
    std::string text;           ///< the line after its time, for messages
    TcpFsmScriptCall call;
    TcpFsmScriptSegment segment;
    TcpFsmScriptStateCheck state;
};

/// A header option line: `--name=value`, `--name` or `-D NAME=VALUE`.
struct TcpFsmScriptHeaderOption
{
    std::string name;  ///< "tolerance_usecs", "local_ip", "define" (for -D), ...
    std::string value; ///< "" when none
    TcpFsmScriptLocation where;
};

/// A `--attr=Name=Value` header line.
struct TcpFsmScriptAttribute
{
    std::string name;
    std::string value;
    TcpFsmScriptLocation where; ///< the column of Name
};

/**
 * \ingroup tcp-fsm
 * \brief A parsed script.
 */
struct TcpFsmScript
{
    std::string file;
    int64_t toleranceNs{4000000}; ///< --tolerance_usecs (default 4000 us, as packetdrill)
    double tolerancePercent{0};   ///< --tolerance_percent: of the time since the previous line
    std::vector<TcpFsmScriptHeaderOption> options; ///< every header option but --attr
    std::vector<TcpFsmScriptAttribute> attributes;
    /// The project's own dialect (an --attr line or a state() line): today's model defaults;
    /// else an upstream packetdrill script: the Linux profile.
    bool ownDialect{false};
    std::vector<TcpFsmScriptLine> lines;
};

/**
 * \ingroup tcp-fsm
 * \brief Parses scripts; every method throws TcpFsmScriptError on a malformed script.
 */
class TcpFsmScriptParser
{
  public:
    /// Parse the file at path (named path in messages); an unreadable file is an error at 0:0.
    static TcpFsmScript ParseFile(const std::string& path);
    /// Parse text, naming it file in messages.
    static TcpFsmScript ParseText(const std::string& text, const std::string& file);
};

/// Packetdrill's notation of flags: "S.", "F.", "R", "P.", "FP." (S, F, R, P, then '.' for ACK).
std::string TcpFsmScriptFlagsToString(uint8_t flags);

/// "1.500000" (seconds with six decimals) for a time in nanoseconds.
std::string TcpFsmScriptFormatTime(int64_t ns);

} // namespace ns3

#endif /* TCP_FSM_SCRIPT_PARSER_H */
