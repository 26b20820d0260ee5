/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A buffered file writer for trace files that only ever writes whole rows,
 * also when the program is interrupted by SIGINT or SIGTERM.
 */
#ifndef TCP_FSM_TRACE_WRITER_H
#define TCP_FSM_TRACE_WRITER_H

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

namespace ns3
{

/**
 * \ingroup tcp-fsm
 * \brief Appends rows (lines) to a file through a fixed buffer; the file only ever grows by
 * whole rows.
 *
 * A row enters the buffer completely before it counts as written, and the buffer is handed
 * to write(2) as a whole. While any writer is open, handlers for SIGINT and SIGTERM are
 * installed (once per process, chained to the previous handlers): they write the rows
 * buffered by every open writer with write(2) and re-raise the signal with its previous
 * disposition. The handler only reads already-formatted bytes and atomics, so a signal that
 * arrives while a row is being added or while the buffer is being written neither loses the
 * rows before it nor writes anything twice (it compares the file offset, from lseek(2), with
 * the offset the buffer starts at). A signal ignored when the first writer opens stays ignored.
 */
class TcpFsmRowWriter
{
  public:
    /// \param capacity bytes buffered before a write(2) (rows longer than this are written alone)
    explicit TcpFsmRowWriter(std::size_t capacity = 64 * 1024);
    /// Flushes and closes.
    ~TcpFsmRowWriter();
    TcpFsmRowWriter(const TcpFsmRowWriter&) = delete;
    TcpFsmRowWriter& operator=(const TcpFsmRowWriter&) = delete;

    /**
     * \brief Create or truncate the file.
     * \param path the file
     * \param error receives "cannot open PATH for writing: REASON" on failure
     * \return false on failure
     */
    bool Open(const std::string& path, std::string& error);
    /// Append one row; an end of line is added. Ignored when the writer is not open.
    void WriteRow(const std::string& row);
    /// Write the buffered rows to the file.
    void Flush();
    /// Flush, then close the file. Rows written afterwards are ignored.
    void Close();
    /// Is the file open?
    bool IsOpen() const;
    /// The path given to Open().
    const std::string& GetPath() const;
    /// Rows accepted since Open().
    uint64_t GetRowCount() const;

    /// Flush every open writer of the process (what the signal handler does, but not from one).
    static void FlushAll();

  private:
    /// Write buffer bytes [skip, committed) and forget them; from the program, not a handler.
    void WriteBuffer();
    /// The signal-handler path: write what the file does not have yet.
    void FlushFromSignal();
    static void OnSignal(int sig);
    static void InstallHandlers();
    bool Register();
    void Unregister();

    std::string m_path;
    std::unique_ptr<char[]> m_buffer;
    std::size_t m_capacity;
    std::atomic<int> m_fd{-1};
    std::atomic<std::size_t> m_committed{0}; ///< bytes of whole rows in m_buffer
    std::atomic<int64_t> m_base{0};          ///< file offset of m_buffer[0]
    uint64_t m_rows{0};
    int m_slot{-1};
};

} // namespace ns3

#endif /* TCP_FSM_TRACE_WRITER_H */
