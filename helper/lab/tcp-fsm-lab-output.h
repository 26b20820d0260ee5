/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * tcp-fsm-lab's output directory, written under a temporary name and renamed when complete,
 * and running the external programs that draw pictures (Graphviz).
 */
#ifndef TCP_FSM_LAB_OUTPUT_H
#define TCP_FSM_LAB_OUTPUT_H

#include <string>
#include <vector>

namespace ns3
{

/**
 * \ingroup tcp-fsm
 * \brief An output directory that is never half written.
 *
 * Create() makes DIR.tmp-XXXXXX next to DIR (and DIR's parents); files are written there
 * (Path()); Commit() renames it to DIR, swapping it atomically with an existing DIR, which is
 * then removed. Until Commit(), DIR is untouched; the destructor removes an uncommitted
 * temporary directory.
 */
class TcpFsmLabOutputDir
{
  public:
    /// \param out DIR, relative to the working directory or absolute
    explicit TcpFsmLabOutputDir(std::string out);
    ~TcpFsmLabOutputDir();
    TcpFsmLabOutputDir(const TcpFsmLabOutputDir&) = delete;
    TcpFsmLabOutputDir& operator=(const TcpFsmLabOutputDir&) = delete;

    /// DIR, without trailing slashes.
    const std::string& Out() const;
    /// Create DIR.tmp-XXXXXX (and DIR's parents); false with a message on error (e.g. DIR
    /// exists and is not a directory).
    bool Create(std::string& error);
    /// A file in the temporary directory.
    std::string Path(const std::string& name) const;
    /// Replace DIR by the finished temporary directory; false with a message on error.
    bool Commit(std::string& error);

  private:
    std::string m_out;
    std::string m_tmp;
};

/// The path of a program in PATH, or "" when it is not installed.
std::string TcpFsmFindProgram(const std::string& name);
/// Run a program (args[0] its path) and wait; true when it exited with status 0.
bool TcpFsmRunProgram(std::vector<std::string> args);

} // namespace ns3

#endif /* TCP_FSM_LAB_OUTPUT_H */
