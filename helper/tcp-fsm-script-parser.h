/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Scripted peers, part 1: the script language (a subset of packetdrill's syntax,
 * plus state assertions) turned into a list of typed lines. Syntax errors are
 * reported as FILE:LINE:COLUMN with what was expected there.
 */
#ifndef TCP_FSM_SCRIPT_PARSER_H
#define TCP_FSM_SCRIPT_PARSER_H

#include "ns3/tcp-fsm-event.h"

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
    };

    Kind kind{Kind::NOP};
    uint32_t value{0}; ///< mss, wscale, TS val
    uint32_t echo{0};  ///< TS ecr
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

    uint8_t flags{0};  ///< TcpHeader flags; '.' is ACK
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

/// The syscalls a script may make.
enum class TcpFsmScriptCallKind : uint8_t
{
    SOCKET,
    BIND,
    LISTEN,
    ACCEPT,
    CONNECT,
    WRITE,  ///< write(FD, ..., N)
    SEND,   ///< send(FD, ..., N, 0)
    SENDTO, ///< sendto(FD, ..., N, 0, ..., ...): to the scripted peer
    READ,   ///< read(FD, ..., N)
    RECV,   ///< recv(FD, ..., N, 0)
    SHUTDOWN,
    CLOSE,
    SETSOCKOPT,
    GETSOCKOPT,
    FCNTL,
};

/// The socket options of setsockopt/getsockopt a script may use.
enum class TcpFsmScriptSockopt : uint8_t
{
    NONE,
    SO_REUSEADDR_OPT, ///< accepted, no effect
    TCP_NODELAY_OPT,  ///< the socket's TcpNoDelay attribute
    SO_LINGER_OPT,    ///< {onoff=1, linger=0}: close() aborts
    SO_ERROR_OPT,     ///< getsockopt only: why the connection ended
};

/**
 * \ingroup tcp-fsm
 * \brief A syscall line: `connect(3, ..., ...) = -1 EINPROGRESS (...)`.
 */
struct TcpFsmScriptCall
{
    TcpFsmScriptCallKind kind{TcpFsmScriptCallKind::SOCKET};
    std::string name;  ///< as written: "write", "send", ...
    int32_t fd{-1};    ///< the descriptor argument (not for socket())
    uint32_t count{0}; ///< write/send/sendto/read/recv byte count; listen backlog
    bool shutRead{false};
    bool shutWrite{false};
    TcpFsmScriptSockopt option{TcpFsmScriptSockopt::NONE};
    int64_t optionValue{0};    ///< TCP_NODELAY value, SO_LINGER onoff
    int64_t optionLinger{0};   ///< SO_LINGER linger
    std::string expectedError; ///< getsockopt SO_ERROR: "0", "ECONNREFUSED", ...
    int64_t result{0};         ///< the value after '='
    std::string resultErrno;   ///< "EAGAIN" when written after a negative result
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
    };

    Kind kind{Kind::SYSCALL};
    TcpFsmScriptLocation where; ///< the line (column 1)
    int64_t timeNs{0};          ///< absolute script time
    std::string text;           ///< the line after its time, for messages
    TcpFsmScriptCall call;
    TcpFsmScriptSegment segment;
    TcpFsmScriptStateCheck state;
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
    int64_t toleranceNs{1000000}; ///< --tolerance_usecs (default 1000 us)
    std::vector<TcpFsmScriptAttribute> attributes;
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
