/* SPDX-License-Identifier: GPL-2.0-only */
#include "ns3/tcp-fsm-trace-writer.h"

#include "ns3/log.h"

#include <fcntl.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <csignal>
#include <cstring>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("TcpFsmRowWriter");

namespace
{

static_assert(std::atomic<std::size_t>::is_always_lock_free, "the signal handler reads atomics");
static_assert(std::atomic<int64_t>::is_always_lock_free, "the signal handler reads atomics");
static_assert(std::atomic<int>::is_always_lock_free, "the signal handler reads atomics");

/// Writers the signal handler flushes. More open writers than slots are not flushed on signals.
constexpr std::size_t kSlots = 64;
std::array<std::atomic<TcpFsmRowWriter*>, kSlots> g_writers{};

constexpr std::array<int, 2> kSignals = {SIGINT, SIGTERM};
struct sigaction g_previous[kSignals.size()];
bool g_handlersInstalled = false;

/// write(2) all of [data, data + n), retrying on EINTR and partial writes.
bool
WriteAll(int fd, const char* data, std::size_t n)
{
    while (n > 0)
    {
        ssize_t w = ::write(fd, data, n);
        if (w < 0)
        {
            if (errno == EINTR)
            {
                continue;
            }
            return false;
        }
        data += w;
        n -= static_cast<std::size_t>(w);
    }
    return true;
}

} // namespace

TcpFsmRowWriter::TcpFsmRowWriter(std::size_t capacity)
  : m_buffer(new char[capacity > 0 ? capacity : 1])
  , m_capacity(capacity > 0 ? capacity : 1)
{}

TcpFsmRowWriter::~TcpFsmRowWriter()
{
    Close();
}

bool
TcpFsmRowWriter::Open(const std::string& path, std::string& error)
{
    Close();
    int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0)
    {
        error = "cannot open '" + path + "' for writing: " + std::strerror(errno);
        return false;
    }
    m_path = path;
    m_rows = 0;
    m_committed.store(0);
    m_base.store(0);
    m_fd.store(fd);
    if (!Register())
    {
        NS_LOG_WARN("more than " << kSlots << " trace files open: " << path
                                 << " is not flushed on SIGINT/SIGTERM");
    }
    InstallHandlers();
    return true;
}

void
TcpFsmRowWriter::WriteRow(const std::string& row)
{
    if (m_fd.load() < 0)
    {
        return;
    }
    std::size_t need = row.size() + 1;
    std::size_t used = m_committed.load();
    if (used + need > m_capacity)
    {
        WriteBuffer();
        used = 0;
    }
    ++m_rows;
    if (need > m_capacity)
    {
        // A row longer than the buffer goes out alone, in one write(2) when the kernel allows.
        std::string line = row + '\n';
        int fd = m_fd.load();
        if (WriteAll(fd, line.data(), line.size()))
        {
            m_base.fetch_add(static_cast<int64_t>(line.size()));
        }
        else
        {
            NS_LOG_ERROR("write to " << m_path << " failed: " << std::strerror(errno));
        }
        return;
    }
    std::memcpy(m_buffer.get() + used, row.data(), row.size());
    m_buffer[used + row.size()] = '\n';
    m_committed.store(used + need); // only now does the signal handler see the row
}

void
TcpFsmRowWriter::WriteBuffer()
{
    int fd = m_fd.load();
    std::size_t n = m_committed.load();
    if (fd < 0 || n == 0)
    {
        return;
    }
    if (!WriteAll(fd, m_buffer.get(), n))
    {
        NS_LOG_ERROR("write to " << m_path << " failed: " << std::strerror(errno));
    }
    // Order matters for the signal handler: once committed is 0 it writes nothing; between the
    // write and this store it finds the file offset already past the buffer and skips it.
    m_committed.store(0);
    m_base.fetch_add(static_cast<int64_t>(n));
}

void
TcpFsmRowWriter::Flush()
{
    WriteBuffer();
}

void
TcpFsmRowWriter::Close()
{
    if (m_fd.load() < 0)
    {
        return;
    }
    WriteBuffer();
    Unregister();
    int fd = m_fd.exchange(-1);
    ::close(fd);
}

bool
TcpFsmRowWriter::IsOpen() const
{
    return m_fd.load() >= 0;
}

const std::string&
TcpFsmRowWriter::GetPath() const
{
    return m_path;
}

uint64_t
TcpFsmRowWriter::GetRowCount() const
{
    return m_rows;
}

void
TcpFsmRowWriter::FlushAll()
{
    for (auto& slot : g_writers)
    {
        if (TcpFsmRowWriter* w = slot.load())
        {
            w->Flush();
        }
    }
}

void
TcpFsmRowWriter::FlushFromSignal()
{
    int fd = m_fd.load();
    if (fd < 0)
    {
        return;
    }
    std::size_t committed = m_committed.load();
    int64_t base = m_base.load();
    off_t offset = ::lseek(fd, 0, SEEK_CUR);
    if (offset < 0)
    {
        return;
    }
    // The file already holds [base, offset): an interrupted WriteBuffer() got that far.
    auto skip = static_cast<std::size_t>(offset > base ? offset - base : 0);
    if (skip < committed)
    {
        WriteAll(fd, m_buffer.get() + skip, committed - skip);
    }
}

void
TcpFsmRowWriter::OnSignal(int sig)
{
    int savedErrno = errno;
    for (auto& slot : g_writers)
    {
        if (TcpFsmRowWriter* w = slot.load())
        {
            w->FlushFromSignal();
        }
    }
    for (std::size_t i = 0; i < kSignals.size(); ++i)
    {
        if (kSignals[i] == sig)
        {
            ::sigaction(sig, &g_previous[i], nullptr);
        }
    }
    errno = savedErrno;
    // Blocked while this handler runs; delivered with the previous disposition on return.
    ::raise(sig);
}

void
TcpFsmRowWriter::InstallHandlers()
{
    if (g_handlersInstalled)
    {
        return;
    }
    g_handlersInstalled = true;
    for (std::size_t i = 0; i < kSignals.size(); ++i)
    {
        struct sigaction current;
        ::sigaction(kSignals[i], nullptr, &current);
        g_previous[i] = current;
        if (current.sa_handler == SIG_IGN)
        {
            continue; // e.g. started with nohup: keep ignoring
        }
        struct sigaction act;
        std::memset(&act, 0, sizeof(act));
        act.sa_handler = &TcpFsmRowWriter::OnSignal;
        sigemptyset(&act.sa_mask);
        for (int other : kSignals)
        {
            sigaddset(&act.sa_mask, other); // one handler at a time
        }
        act.sa_flags = SA_RESTART;
        ::sigaction(kSignals[i], &act, nullptr);
    }
}

bool
TcpFsmRowWriter::Register()
{
    for (std::size_t i = 0; i < kSlots; ++i)
    {
        TcpFsmRowWriter* expected = nullptr;
        if (g_writers[i].compare_exchange_strong(expected, this))
        {
            m_slot = static_cast<int>(i);
            return true;
        }
    }
    return false;
}

void
TcpFsmRowWriter::Unregister()
{
    if (m_slot >= 0)
    {
        g_writers[static_cast<std::size_t>(m_slot)].store(nullptr);
        m_slot = -1;
    }
}

} // namespace ns3
