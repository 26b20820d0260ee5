/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Scripted peers, part 2c: packetdrill's %{ ... }% blocks, which check tcp_info fields
 * with Python. The runner runs no Python: it evaluates the small subset these blocks are
 * written in (assert, print, assignments; integers, names, arithmetic, bit operations,
 * chained comparisons, and/or/not) over the model's TCP_INFO (TcpFsmSocket::GetTcpInfo).
 * Anything else, and a field the model leaves unmodelled, is reported as what is lacking.
 */
#ifndef TCP_FSM_SCRIPT_PYTHON_H
#define TCP_FSM_SCRIPT_PYTHON_H

#include "ns3/tcp-fsm-tcp-info.h"

#include <cstdint>
#include <map>
#include <string>

namespace ns3
{

/**
 * \brief The value of a tcp_info field by its Linux name ("tcpi_snd_cwnd").
 * \return false when the struct has no such field or the model leaves it unmodelled
 */
bool TcpFsmScriptTcpInfoField(const TcpFsmTcpInfo& info, const std::string& name, int64_t& value);

/// The outcome of a Python block.
struct TcpFsmScriptPythonResult
{
    bool ok{true};       ///< every assert held
    std::string failed;  ///< the assert that did not hold, with the values of its names
    std::string lacking; ///< what the subset or the model lacks ("" when it could run)
};

/**
 * \brief Run a block's code against a tcp_info snapshot.
 * \param variables the script's Python variables, kept from block to block
 */
TcpFsmScriptPythonResult TcpFsmScriptRunPython(const std::string& code,
                                               const TcpFsmTcpInfo& info,
                                               std::map<std::string, int64_t>& variables);

} // namespace ns3

#endif /* TCP_FSM_SCRIPT_PYTHON_H */
