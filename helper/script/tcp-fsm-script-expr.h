/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Scripted peers, part 1c: the expressions of syscall arguments and results:
 * numbers, symbols (MSG_*, SOL_*, TCP_*, E*, ...), '...', strings, NULL,
 * [arrays], {structs}, calls (inet_addr("..."), htons(N)) and '|' '+' '-'.
 */
#ifndef TCP_FSM_SCRIPT_EXPR_H
#define TCP_FSM_SCRIPT_EXPR_H

#include <cstdint>
#include <string>
#include <vector>

namespace ns3
{

class TcpFsmScriptCursor;

/**
 * \ingroup tcp-fsm
 * \brief One expression of a syscall line, as written.
 */
struct TcpFsmScriptExpr
{
    enum class Kind : uint8_t
    {
        INTEGER,  ///< 42, 0x2a, -1
        WORD,     ///< a symbol: O_NONBLOCK, EPOLLIN, ...
        ELLIPSIS, ///< '...': anything
        STRING,   ///< "text" (text without quotes)
        NULL_PTR, ///< NULL
        LIST,     ///< [a, b, ...]
        STRUCT,   ///< {name=value, value, ...}
        CALL,     ///< name(args): inet_addr("..."), htons(N), msg_iov(1) in a struct name
        BINARY,   ///< items[0] text items[1], text one of | & + - << >>
    };

    Kind kind{Kind::INTEGER};
    int64_t value{0};                    ///< INTEGER
    std::string text;                    ///< WORD, STRING, CALL name, BINARY operator
    std::vector<TcpFsmScriptExpr> items; ///< LIST, STRUCT values, CALL arguments, BINARY
    std::vector<std::string> names;      ///< STRUCT: the name of each value ("" when none)
    std::size_t pos{0};                  ///< where it starts in the line

    /// The expression as it could be written again (for messages).
    std::string ToString() const;
    /**
     * Its integer value: integers, known symbols, htons(), inet_addr() and operators.
     * \return false when it has none (an unknown symbol, '...', a struct)
     */
    bool Evaluate(int64_t& out) const;
    /// The value of a struct field by name (nullptr when absent or not a struct).
    const TcpFsmScriptExpr* Field(const std::string& name) const;
};

/**
 * \brief Parse one expression at the cursor.
 * \throws TcpFsmScriptError at the cursor for what is not an expression
 */
TcpFsmScriptExpr TcpFsmScriptParseExpr(TcpFsmScriptCursor& cursor);

/**
 * \brief The value of a symbol packetdrill scripts use (Linux's numbers, from its headers:
 * socket levels and options, MSG_*, O_*, F_*, SHUT_*, POLL*, EPOLL*, SIOC*, errno names,
 * address families, socket types, protocols).
 * \return false when the name is unknown
 */
bool TcpFsmScriptSymbolValue(const std::string& name, int64_t& value);

/// The errno name of a Linux errno value ("" when unknown).
std::string TcpFsmScriptErrnoNameOf(int64_t value);

} // namespace ns3

#endif /* TCP_FSM_SCRIPT_EXPR_H */
