/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Scripted peers, part 3: what the shell lines of a packetdrill script mean for the
 * model. `../common/defaults.sh`, `sysctl -q net.ipv4.X=V` and `set_sysctls.py
 * /proc/sys/net/ipv4/X=V` become attribute settings of ns3::TcpFsmSocket (by name:
 * tcp_timestamps -> Timestamp, tcp_sack -> Sack, ...); sysctls without a model meaning
 * are listed; any other command is something the model cannot do.
 */
#ifndef TCP_FSM_SCRIPT_SYSCTL_H
#define TCP_FSM_SCRIPT_SYSCTL_H

#include <string>
#include <vector>

namespace ns3
{

/// One attribute a sysctl sets.
struct TcpFsmScriptSetting
{
    std::string sysctl;    ///< "tcp_sack=1", as the script wrote it
    std::string attribute; ///< "Sack": an attribute of ns3::TcpFsmSocket or ns3::TcpSocket
    std::string value;     ///< its value, in the attribute's syntax ("true", "200ms", "6")
    std::string feature;   ///< the model feature it needs ("SACK (RFC 2018)")
    /// The value asks for behaviour (tcp_sack=1): without the attribute the script cannot
    /// run; false when it asks for its absence (tcp_sack=0) or a number Linux uses anyway.
    bool needed{true};
};

/**
 * \ingroup tcp-fsm
 * \brief What one shell line means.
 */
struct TcpFsmScriptShellEffect
{
    std::vector<TcpFsmScriptSetting> settings; ///< in the order written
    std::vector<std::string> ignored; ///< sysctls and set-up commands without a model meaning
    std::string unsupported;          ///< a command the model cannot do ("" when none)
    /// The script's own files (for open() and sendfile()), in the order written: a path and
    /// its size in zero bytes (`dd if=/dev/zero of=PATH bs=B count=N`), -1 when removed
    /// (`rm -f PATH`).
    std::vector<std::pair<std::string, int64_t>> files;
    /// Initial values of the congestion control's attributes (Linux's module parameters,
    /// `echo V > /sys/module/tcp_cubic/parameters/NAME`): "ns3::TcpCubic::NAME" and the value.
    std::vector<std::pair<std::string, std::string>> ccDefaults;
};

/**
 * \brief Interpret a shell line (the text between the backticks).
 * \param scriptDir the script's directory: `../common/defaults.sh` is read from there when
 *        it exists, else its documented settings are used
 */
TcpFsmScriptShellEffect TcpFsmScriptInterpretShell(const std::string& command,
                                                   const std::string& scriptDir);

} // namespace ns3

#endif /* TCP_FSM_SCRIPT_SYSCTL_H */
