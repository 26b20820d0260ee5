/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef TCP_FSM_CLI_H
#define TCP_FSM_CLI_H

#include <string>
#include <vector>

namespace ns3
{

/**
 * \ingroup tcp-fsm
 * \brief Strict checking of a program's command line before ns-3's CommandLine parses it.
 *
 * ns-3's CommandLine exits with status 1 on an unknown option and aborts on some bad
 * values; tcp-fsm's programs promise one line naming the option and exit status 2.
 * Declare the options (with their kind and, for strings, the accepted values), call
 * Check(argc, argv), then let CommandLine parse. Attribute paths (--ns3::Type::Attr=...)
 * and ns-3's own --Print* / --help options are left to CommandLine.
 */
class TcpFsmCli
{
  public:
    enum class Kind
    {
        STRING, ///< any text, or one of the given choices
        UINT,   ///< a whole number >= 0
        DOUBLE, ///< a number
        TIME,   ///< a time: a number with s, ms, us, ns, min or h (plain numbers are seconds)
        BOOL,   ///< true/false/1/0 (a bare --name means true)
    };

    explicit TcpFsmCli(std::string program);
    /// Declare --name of this kind; for STRING, choices (when given) are the only values accepted.
    void Declare(const std::string& name, Kind kind, std::vector<std::string> choices = {});
    /// Allow positional arguments (files).
    void AllowPositional(bool allow);
    /// Print "PROGRAM: message" on stderr and exit with status 2.
    [[noreturn]] void Fail(const std::string& message) const;
    /// Check argv; on the first problem, Fail() with the option named.
    void Check(int argc, char** argv) const;
    /// The positional arguments of argv (after Check).
    std::vector<std::string> Positional(int argc, char** argv) const;

    /// Parse helpers, also for values read elsewhere (sweep parameters).
    static bool ParseUint(const std::string& text, uint64_t& out);
    static bool ParseDouble(const std::string& text, double& out);
    static bool ParseTime(const std::string& text, double& seconds);

  private:
    struct Option
    {
        std::string name;
        Kind kind;
        std::vector<std::string> choices;
    };

    std::string m_program;
    std::vector<Option> m_options;
    bool m_positional{false};
};

} // namespace ns3

#endif /* TCP_FSM_CLI_H */
