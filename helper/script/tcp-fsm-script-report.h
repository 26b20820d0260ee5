/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Scripted peers, part 4: what a run tells. The one-line result of a file, the transition CSV, and
 * the side-by-side table of tcp-fsm and ns-3 (tcp-fsm-script --compare).
 */
#ifndef TCP_FSM_SCRIPT_REPORT_H
#define TCP_FSM_SCRIPT_REPORT_H

#include "ns3/tcp-fsm-script-runner.h"

#include <ostream>
#include <string>
#include <vector>

namespace ns3
{

/// The line a file gets in tcp-fsm-script's output: "FILE: pass" or the failure.
std::string TcpFsmScriptResultLine(const std::string& file, const TcpFsmScriptResult& result);

/// The CSV header of transition traces: time,node,socket,local,peer,from,to,cause,flags,seq,ack
const char* TcpFsmScriptCsvHeader();

/**
 * \brief Write the transitions as CSV (one row per state change).
 * \return false, with error set, when the file cannot be written
 */
bool TcpFsmScriptWriteCsv(const std::string& path,
                          const std::vector<TcpFsmScriptTransition>& transitions,
                          std::string& error);

/// One script run against both stacks.
struct TcpFsmScriptComparison
{
    std::string file;
    TcpFsmScriptResult fsm;
    TcpFsmScriptResult ns3;
};

/**
 * \brief The side-by-side table (Markdown): script, fsm result, ns3 result, first difference.
 *
 * "first difference" is the message of the stack that failed (both when both did),
 * without the file name.
 */
void TcpFsmScriptWriteComparison(std::ostream& os, const std::vector<TcpFsmScriptComparison>& rows);

} // namespace ns3

#endif /* TCP_FSM_SCRIPT_REPORT_H */
