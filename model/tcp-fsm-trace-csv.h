/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The CSV formats of tcp-fsm's trace files: one row per StateTransition record
 * (the transition trace) and one row per SegmentTx/SegmentRx record (the
 * segment trace). Written by TcpFsmTraceHelper, read back by the transition
 * graph, the ladder diagram and the tcp-fsm-graph tool. Reading is strict: a
 * malformed line is an error that names FILE:LINE.
 */
#ifndef TCP_FSM_TRACE_CSV_H
#define TCP_FSM_TRACE_CSV_H

#include "tcp-fsm-transition-record.h"

#include "ns3/address.h"
#include "ns3/nstime.h"

#include <cstdint>
#include <string>
#include <vector>

namespace ns3
{

/**
 * \ingroup tcp-fsm
 * \brief Formatting and strict parsing of the transition and segment CSV files.
 *
 * Transition CSV: `time,node,socket,local,peer,from,to,cause,flags,seq,ack`
 * - time: simulation time in seconds with 9 decimals (nanoseconds), e.g. `1.010074000`;
 * - node, socket: node id and the socket id (unique within the node for the run);
 * - local, peer: `addr:port`, IPv6 as `[addr]:port`, empty when unknown;
 * - from, to: RFC state names (`FIN_WAIT_1`);
 * - cause: the table event (`rcv_fin_ack`, `app_close`, `timeout_2msl`, ...);
 * - flags, seq, ack: the flags (`SYN|ACK`) and raw sequence and acknowledgment numbers of
 *   the segment that caused the transition; all three empty when the cause is not a segment.
 *
 * Segment CSV: `time,node,socket,local,peer,dir,flags,seq,ack,len,win`, dir being `tx` or
 * `rx` (socket 0: the segment belonged to no socket).
 */
class TcpFsmTraceCsv
{
  public:
    /// "time,node,socket,local,peer,from,to,cause,flags,seq,ack"
    static const char* TransitionHeader();
    /// "time,node,socket,local,peer,dir,flags,seq,ack,len,win"
    static const char* SegmentHeader();

    /// Seconds with exactly 9 decimals, without floating point: "241.043885000".
    static std::string FormatTime(Time t);
    /// "SYN|ACK" (ns-3's flag names, '|' between them), "" for no flag.
    static std::string FormatFlags(uint8_t flags);
    /// One transition row, without the end of line.
    static std::string FormatTransition(const TcpFsmTransitionRecord& r);
    /// One segment row, without the end of line.
    static std::string FormatSegment(const TcpFsmSegmentRecord& r);

    /**
     * \brief Parse one transition row (no end of line).
     * \param line the row
     * \param r receives the record
     * \param error receives what is wrong (without file and line)
     * \return false when the row is malformed
     */
    static bool ParseTransition(const std::string& line,
                                TcpFsmTransitionRecord& r,
                                std::string& error);
    /// Parse one segment row; as ParseTransition().
    static bool ParseSegment(const std::string& line, TcpFsmSegmentRecord& r, std::string& error);

    /**
     * \brief Read a whole transition CSV file (header checked, every row strict).
     * \param path the file
     * \param out the records are appended here (nothing is appended on error)
     * \param error "FILE:LINE: what is wrong" on error
     * \return false on error
     */
    static bool ReadTransitions(const std::string& path,
                                std::vector<TcpFsmTransitionRecord>& out,
                                std::string& error);
    /// Read a whole segment CSV file; as ReadTransitions().
    static bool ReadSegments(const std::string& path,
                             std::vector<TcpFsmSegmentRecord>& out,
                             std::string& error);

    /// Parse "10.1.1.1:80" or "[2001:db8::1]:80" (empty text: empty address).
    static bool ParseAddress(const std::string& text, Address& out);
    /// Parse "SYN|ACK" (empty text: no flag).
    static bool ParseFlags(const std::string& text, uint8_t& out);
    /// Parse "1.5", "1.010074000" (at most 9 decimals) as a time in seconds.
    static bool ParseTime(const std::string& text, Time& out);
};

} // namespace ns3

#endif /* TCP_FSM_TRACE_CSV_H */
