/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Scripted peers, part 1a: a script's text cut into logical lines. Comments go
 * (// to the end of the line, C comments anywhere); a construct that spans
 * physical lines becomes one logical line: open brackets, a `shell command`, a
 * %{ Python block }%.
 */
#ifndef TCP_FSM_SCRIPT_LINES_H
#define TCP_FSM_SCRIPT_LINES_H

#include "ns3/tcp-fsm-script-cursor.h"

#include <string>
#include <vector>

namespace ns3
{

/**
 * \ingroup tcp-fsm
 * \brief One logical line of a script: its text (comments removed, tabs as spaces,
 * physical line breaks inside brackets as spaces; inside a shell command or a Python
 * block they stay '\n') and where each piece of it comes from.
 */
struct TcpFsmScriptLogicalLine
{
    std::string text;
    std::vector<TcpFsmScriptSpan> spans;
    uint32_t line{0}; ///< the physical line it starts on
};

/**
 * \brief Cut a script into logical lines (blank ones left out).
 * \throws TcpFsmScriptError for an unterminated comment, string, shell command or Python block
 */
std::vector<TcpFsmScriptLogicalLine> TcpFsmScriptSplitLines(const std::string& text,
                                                            const std::string& file);

} // namespace ns3

#endif /* TCP_FSM_SCRIPT_LINES_H */
