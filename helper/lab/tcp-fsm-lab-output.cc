/* SPDX-License-Identifier: GPL-2.0-only */
#include "ns3/tcp-fsm-lab-output.h"

#include <fcntl.h>
#include <spawn.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <sstream>
#include <sys/stat.h>
#include <sys/wait.h>

extern char** environ;

namespace ns3
{

TcpFsmLabOutputDir::TcpFsmLabOutputDir(std::string out)
  : m_out(std::move(out))
{
    while (m_out.size() > 1 && m_out.back() == '/')
    {
        m_out.pop_back();
    }
}

TcpFsmLabOutputDir::~TcpFsmLabOutputDir()
{
    if (!m_tmp.empty())
    {
        std::error_code ec;
        std::filesystem::remove_all(m_tmp, ec);
    }
}

const std::string&
TcpFsmLabOutputDir::Out() const
{
    return m_out;
}

std::string
TcpFsmLabOutputDir::Path(const std::string& name) const
{
    return m_tmp + "/" + name;
}

bool
TcpFsmLabOutputDir::Create(std::string& error)
{
    std::error_code ec;
    std::filesystem::path parent = std::filesystem::path(m_out).parent_path();
    if (!parent.empty())
    {
        std::filesystem::create_directories(parent, ec);
        if (ec)
        {
            error = "cannot create " + parent.string() + ": " + ec.message();
            return false;
        }
    }
    if (std::filesystem::exists(m_out, ec) && !std::filesystem::is_directory(m_out, ec))
    {
        error = m_out + " exists and is not a directory";
        return false;
    }
    std::string tmpl = m_out + ".tmp-XXXXXX";
    if (!mkdtemp(tmpl.data()))
    {
        error = "cannot create " + tmpl + ": " + std::strerror(errno);
        return false;
    }
    m_tmp = tmpl;
    // mkdtemp makes it private; the finished directory gets the usual permissions.
    mode_t mask = umask(0);
    umask(mask);
    chmod(m_tmp.c_str(), 0777 & ~mask);
    return true;
}

bool
TcpFsmLabOutputDir::Commit(std::string& error)
{
    std::error_code ec;
    if (std::filesystem::exists(m_out, ec))
    {
        // Swap both names at once, then delete the old contents under the temporary name.
        if (renameat2(AT_FDCWD, m_tmp.c_str(), AT_FDCWD, m_out.c_str(), RENAME_EXCHANGE) == 0)
        {
            std::filesystem::remove_all(m_tmp, ec);
            m_tmp.clear();
            return true;
        }
        std::string old = m_out + ".old-XXXXXX";
        if (!mkdtemp(old.data()) || std::rename(m_out.c_str(), (old + "/d").c_str()) != 0)
        {
            error = "cannot replace " + m_out + ": " + std::strerror(errno);
            return false;
        }
        if (std::rename(m_tmp.c_str(), m_out.c_str()) != 0)
        {
            error = "cannot rename " + m_tmp + " to " + m_out + ": " + std::strerror(errno);
            std::rename((old + "/d").c_str(), m_out.c_str());
            std::filesystem::remove_all(old, ec);
            return false;
        }
        std::filesystem::remove_all(old, ec);
        m_tmp.clear();
        return true;
    }
    if (std::rename(m_tmp.c_str(), m_out.c_str()) != 0)
    {
        error = "cannot rename " + m_tmp + " to " + m_out + ": " + std::strerror(errno);
        return false;
    }
    m_tmp.clear();
    return true;
}

/// The path of a program in PATH, or "" when it is not installed.
std::string
TcpFsmFindProgram(const std::string& name)
{
    const char* path = std::getenv("PATH");
    std::istringstream dirs(path ? path : "");
    std::string dir;
    while (std::getline(dirs, dir, ':'))
    {
        std::string candidate = (dir.empty() ? std::string(".") : dir) + "/" + name;
        if (access(candidate.c_str(), X_OK) == 0)
        {
            return candidate;
        }
    }
    return "";
}

/// Run a program and wait; true when it exited with status 0.
bool
TcpFsmRunProgram(std::vector<std::string> args)
{
    std::vector<char*> argv;
    for (auto& a : args)
    {
        argv.push_back(a.data());
    }
    argv.push_back(nullptr);
    pid_t pid = 0;
    if (posix_spawn(&pid, argv[0], nullptr, nullptr, argv.data(), environ) != 0)
    {
        return false;
    }
    int status = 0;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
    {}
    return WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

} // namespace ns3
