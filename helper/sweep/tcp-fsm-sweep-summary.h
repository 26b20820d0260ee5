/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef TCP_FSM_SWEEP_SUMMARY_H
#define TCP_FSM_SWEEP_SUMMARY_H

#include "ns3/tcp-fsm-sweep-grid.h"

#include <cstdint>
#include <map>
#include <string>

namespace ns3
{

/**
 * \ingroup tcp-fsm
 * \brief Reads a lab's summary.json: one flat JSON object whose top-level numbers (or nulls)
 * are the metrics.
 *
 * The whole text must be valid JSON (RFC 8259) and an object; nested values ("parameters")
 * are checked and skipped, as are top-level strings and booleans; "seed" and "run" are not
 * metrics. A metric maps to the number's JSON text as written, or "" for null.
 */
class TcpFsmSweepSummary
{
  public:
    /// Parse \p text; false and \p error ("byte N: ...") when it is not such an object.
    static bool Parse(const std::string& text,
                      std::map<std::string, std::string>& metrics,
                      std::string& error);
    /// Read and parse the file \p path (the error does not name the path).
    static bool Read(const std::string& path,
                     std::map<std::string, std::string>& metrics,
                     std::string& error);
};

/**
 * \ingroup tcp-fsm
 * \brief The outcome of one run: its metrics, or why it failed.
 */
struct TcpFsmSweepRunResult
{
    std::size_t point{0};                       ///< index of the grid point
    uint32_t run{0};                            ///< run number (the lab's --run)
    bool ok{false};                             ///< a valid summary.json
    std::map<std::string, std::string> metrics; ///< when ok: name -> number text ("" for null)
    int exitStatus{0};                          ///< as a shell reports it (128 + N: signal N)
    std::string error;                          ///< when failed: why, from its log
};

/// What the files of a run say about it.
enum class TcpFsmSweepRunState
{
    PENDING,  ///< never run, or interrupted: to be run
    FINISHED, ///< a valid summary.json
    FAILED,   ///< recorded as failed (a FAILED marker): run again only when asked
};

/**
 * Inspect the files of a run. A valid summary wins; then a FAILED marker; with
 * \p logMeansFailed (collecting), a log without either is a run that ended without a summary.
 * Fills \p result (point and run are left to the caller).
 */
TcpFsmSweepRunState TcpFsmSweepInspectRun(const TcpFsmSweepRunFiles& files,
                                          bool logMeansFailed,
                                          TcpFsmSweepRunResult& result);

/// Write the FAILED marker of a run ("exit_status=N"); false and \p error when it cannot.
bool TcpFsmSweepWriteFailedMarker(const TcpFsmSweepRunFiles& files,
                                  int exitStatus,
                                  std::string& error);

/**
 * Why a run failed, in one line: the last non-empty line of its standard error (\p logPath),
 * preceded by the signal that killed it (exit status 128 + N); "exit status N" when the log
 * is empty; for exit status 0, that there is no valid summary (\p summaryError says why).
 */
std::string TcpFsmSweepErrorText(int exitStatus,
                                 const std::string& logPath,
                                 const std::string& summaryError);

/// Write \p content to \p path through a temporary file in the same directory and rename(2).
bool TcpFsmWriteFileAtomic(const std::string& path, const std::string& content, std::string& error);

} // namespace ns3

#endif /* TCP_FSM_SWEEP_SUMMARY_H */
