/* SPDX-License-Identifier: GPL-2.0-only */
#include "tcp-fsm-trace-csv.h"

#include "ns3/inet-socket-address.h"
#include "ns3/inet6-socket-address.h"
#include "ns3/log.h"
#include "ns3/tcp-header.h"

#include <arpa/inet.h>
#include <cerrno>
#include <cstring>
#include <fstream>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("TcpFsmTraceCsv");

namespace
{

constexpr std::size_t kTransitionFields = 11;
constexpr std::size_t kSegmentFields = 11;

std::vector<std::string>
SplitFields(const std::string& line)
{
    std::vector<std::string> fields;
    std::string::size_type start = 0;
    while (true)
    {
        auto comma = line.find(',', start);
        if (comma == std::string::npos)
        {
            fields.push_back(line.substr(start));
            return fields;
        }
        fields.push_back(line.substr(start, comma - start));
        start = comma + 1;
    }
}

/// Unsigned decimal without sign, spaces or leading '+', fitting in max.
bool
ParseUnsigned(const std::string& text, uint64_t max, uint64_t& out)
{
    if (text.empty() || text.size() > 20)
    {
        return false;
    }
    uint64_t v = 0;
    for (char c : text)
    {
        if (c < '0' || c > '9')
        {
            return false;
        }
        uint64_t digit = static_cast<uint64_t>(c - '0');
        if (v > (max - digit) / 10)
        {
            return false;
        }
        v = v * 10 + digit;
    }
    out = v;
    return true;
}

void
AppendAddress(std::string& row, const Address& a)
{
    row += TcpFsmFormatAddress(a);
}

/// Common part of both formats: time,node,socket,local,peer
std::string
CommonPrefix(Time t, uint32_t node, uint64_t socket, const Address& local, const Address& peer)
{
    std::string row = TcpFsmTraceCsv::FormatTime(t);
    row += ',';
    row += std::to_string(node);
    row += ',';
    row += std::to_string(socket);
    row += ',';
    AppendAddress(row, local);
    row += ',';
    AppendAddress(row, peer);
    return row;
}

/// Parses the common prefix; fields must have at least 5 entries.
bool
ParsePrefix(const std::vector<std::string>& f,
            Time& time,
            uint32_t& node,
            uint64_t& socket,
            Address& local,
            Address& peer,
            std::string& error)
{
    uint64_t v = 0;
    if (!TcpFsmTraceCsv::ParseTime(f[0], time))
    {
        error = "time '" + f[0] + "' is not a number of seconds with at most 9 decimals";
        return false;
    }
    if (!ParseUnsigned(f[1], UINT32_MAX, v))
    {
        error = "node '" + f[1] + "' is not a node id";
        return false;
    }
    node = static_cast<uint32_t>(v);
    if (!ParseUnsigned(f[2], UINT64_MAX, socket))
    {
        error = "socket '" + f[2] + "' is not a socket id";
        return false;
    }
    if (!TcpFsmTraceCsv::ParseAddress(f[3], local))
    {
        error = "local '" + f[3] + "' is not addr:port or [addr]:port";
        return false;
    }
    if (!TcpFsmTraceCsv::ParseAddress(f[4], peer))
    {
        error = "peer '" + f[4] + "' is not addr:port or [addr]:port";
        return false;
    }
    return true;
}

bool
ParseSeq(const std::string& text, const char* what, uint32_t& out, std::string& error)
{
    uint64_t v = 0;
    if (!ParseUnsigned(text, UINT32_MAX, v))
    {
        error = std::string(what) + " '" + text + "' is not a 32-bit sequence number";
        return false;
    }
    out = static_cast<uint32_t>(v);
    return true;
}

/**
 * Reads a CSV file line by line: the first line must be the header, every other line a
 * row that parse() accepts, and the file must end with an end of line (a trace written by
 * tcp-fsm never ends with half a row). Records are appended to out only when the whole file
 * is good.
 */
template<typename Record, typename Parse>
bool
ReadCsv(const std::string& path,
        const char* header,
        Parse parse,
        std::vector<Record>& out,
        std::string& error)
{
    std::ifstream in(path, std::ios::binary);
    if (!in)
    {
        error = path + ": cannot open: " + std::strerror(errno);
        return false;
    }
    std::string content((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (in.bad())
    {
        error = path + ": read error";
        return false;
    }
    if (content.empty())
    {
        error = path + ":1: empty file, expected the header '" + header + "'";
        return false;
    }
    std::vector<Record> records;
    std::size_t lineNo = 0;
    std::string::size_type pos = 0;
    while (pos < content.size())
    {
        ++lineNo;
        auto eol = content.find('\n', pos);
        std::string where = path + ":" + std::to_string(lineNo) + ": ";
        if (eol == std::string::npos)
        {
            error = where + "incomplete last line (no end of line): a truncated trace";
            return false;
        }
        std::string line = content.substr(pos, eol - pos);
        pos = eol + 1;
        if (!line.empty() && line.back() == '\r')
        {
            line.pop_back();
        }
        if (lineNo == 1)
        {
            if (line != header)
            {
                error = where + "expected the header '" + std::string(header) + "', found '" + line
                        + "'";
                return false;
            }
            continue;
        }
        if (line.empty())
        {
            error = where + "empty line";
            return false;
        }
        Record r;
        std::string what;
        if (!parse(line, r, what))
        {
            error = where + what;
            return false;
        }
        records.push_back(r);
    }
    out.insert(out.end(), records.begin(), records.end());
    return true;
}

} // namespace

const char*
TcpFsmTraceCsv::TransitionHeader()
{
    return "time,node,socket,local,peer,from,to,cause,flags,seq,ack";
}

const char*
TcpFsmTraceCsv::SegmentHeader()
{
    return "time,node,socket,local,peer,dir,flags,seq,ack,len,win";
}

std::string
TcpFsmTraceCsv::FormatTime(Time t)
{
    int64_t ns = t.GetNanoSeconds();
    std::string sign;
    uint64_t mag = static_cast<uint64_t>(ns);
    if (ns < 0)
    {
        sign = "-";
        mag = static_cast<uint64_t>(-(ns + 1)) + 1;
    }
    char frac[16];
    std::snprintf(frac, sizeof(frac), "%09llu", static_cast<unsigned long long>(mag % 1000000000));
    return sign + std::to_string(mag / 1000000000) + "." + frac;
}

std::string
TcpFsmTraceCsv::FormatFlags(uint8_t flags)
{
    return flags ? TcpHeader::FlagsToString(flags, "|") : std::string();
}

std::string
TcpFsmTraceCsv::FormatTransition(const TcpFsmTransitionRecord& r)
{
    std::string row = CommonPrefix(r.time, r.nodeId, r.socketId, r.local, r.peer);
    row += ',';
    row += TcpFsmStateName(r.from);
    row += ',';
    row += TcpFsmStateName(r.to);
    row += ',';
    row += TcpFsmEventName(r.cause);
    row += ',';
    if (r.hasSegment)
    {
        row += FormatFlags(r.flags);
        row += ',';
        row += std::to_string(r.seq);
        row += ',';
        row += std::to_string(r.ack);
    }
    else
    {
        row += ",,";
    }
    return row;
}

std::string
TcpFsmTraceCsv::FormatSegment(const TcpFsmSegmentRecord& r)
{
    std::string row = CommonPrefix(r.time, r.nodeId, r.socketId, r.local, r.peer);
    row += r.sent ? ",tx," : ",rx,";
    row += FormatFlags(r.flags);
    row += ',';
    row += std::to_string(r.seq);
    row += ',';
    row += std::to_string(r.ack);
    row += ',';
    row += std::to_string(r.length);
    row += ',';
    row += std::to_string(r.window);
    return row;
}

bool
TcpFsmTraceCsv::ParseTransition(const std::string& line,
                                TcpFsmTransitionRecord& r,
                                std::string& error)
{
    std::vector<std::string> f = SplitFields(line);
    if (f.size() != kTransitionFields)
    {
        error = std::to_string(f.size()) + " fields, expected " + std::to_string(kTransitionFields)
                + " (" + TransitionHeader() + ")";
        return false;
    }
    TcpFsmTransitionRecord rec;
    if (!ParsePrefix(f, rec.time, rec.nodeId, rec.socketId, rec.local, rec.peer, error))
    {
        return false;
    }
    if (!TcpFsmStateFromName(f[5], rec.from))
    {
        error = "from '" + f[5] + "' is not a state name";
        return false;
    }
    if (!TcpFsmStateFromName(f[6], rec.to))
    {
        error = "to '" + f[6] + "' is not a state name";
        return false;
    }
    if (!TcpFsmEventFromName(f[7], rec.cause))
    {
        error = "cause '" + f[7] + "' is not an event name (see TcpFsmEventName)";
        return false;
    }
    rec.hasSegment = !f[9].empty() || !f[10].empty() || !f[8].empty();
    if (rec.hasSegment)
    {
        if (f[9].empty() || f[10].empty())
        {
            error = "flags, seq and ack must be all present or all empty";
            return false;
        }
        if (!ParseFlags(f[8], rec.flags))
        {
            error = "flags '" + f[8] + "' are not TCP flags like SYN|ACK";
            return false;
        }
        if (!ParseSeq(f[9], "seq", rec.seq, error) || !ParseSeq(f[10], "ack", rec.ack, error))
        {
            return false;
        }
    }
    r = rec;
    return true;
}

bool
TcpFsmTraceCsv::ParseSegment(const std::string& line, TcpFsmSegmentRecord& r, std::string& error)
{
    std::vector<std::string> f = SplitFields(line);
    if (f.size() != kSegmentFields)
    {
        error = std::to_string(f.size()) + " fields, expected " + std::to_string(kSegmentFields)
                + " (" + SegmentHeader() + ")";
        return false;
    }
    TcpFsmSegmentRecord rec;
    if (!ParsePrefix(f, rec.time, rec.nodeId, rec.socketId, rec.local, rec.peer, error))
    {
        return false;
    }
    if (f[5] != "tx" && f[5] != "rx")
    {
        error = "dir '" + f[5] + "' is neither tx nor rx";
        return false;
    }
    rec.sent = f[5] == "tx";
    if (!ParseFlags(f[6], rec.flags))
    {
        error = "flags '" + f[6] + "' are not TCP flags like SYN|ACK";
        return false;
    }
    if (!ParseSeq(f[7], "seq", rec.seq, error) || !ParseSeq(f[8], "ack", rec.ack, error))
    {
        return false;
    }
    uint64_t v = 0;
    if (!ParseUnsigned(f[9], UINT32_MAX, v))
    {
        error = "len '" + f[9] + "' is not a payload length";
        return false;
    }
    rec.length = static_cast<uint32_t>(v);
    if (!ParseUnsigned(f[10], UINT16_MAX, v))
    {
        error = "win '" + f[10] + "' is not a 16-bit window";
        return false;
    }
    rec.window = static_cast<uint16_t>(v);
    r = rec;
    return true;
}

bool
TcpFsmTraceCsv::ReadTransitions(const std::string& path,
                                std::vector<TcpFsmTransitionRecord>& out,
                                std::string& error)
{
    return ReadCsv(path, TransitionHeader(), &TcpFsmTraceCsv::ParseTransition, out, error);
}

bool
TcpFsmTraceCsv::ReadSegments(const std::string& path,
                             std::vector<TcpFsmSegmentRecord>& out,
                             std::string& error)
{
    return ReadCsv(path, SegmentHeader(), &TcpFsmTraceCsv::ParseSegment, out, error);
}

bool
TcpFsmTraceCsv::ParseAddress(const std::string& text, Address& out)
{
    if (text.empty())
    {
        out = Address();
        return true;
    }
    std::string host;
    std::string port;
    bool v6 = text.front() == '[';
    if (v6)
    {
        auto close = text.find("]:");
        if (close == std::string::npos)
        {
            return false;
        }
        host = text.substr(1, close - 1);
        port = text.substr(close + 2);
    }
    else
    {
        auto colon = text.rfind(':');
        if (colon == std::string::npos)
        {
            return false;
        }
        host = text.substr(0, colon);
        port = text.substr(colon + 1);
    }
    uint64_t p = 0;
    if (!ParseUnsigned(port, UINT16_MAX, p))
    {
        return false;
    }
    if (v6)
    {
        uint8_t buf[16];
        if (inet_pton(AF_INET6, host.c_str(), buf) != 1)
        {
            return false;
        }
        out = Inet6SocketAddress(Ipv6Address(buf), static_cast<uint16_t>(p));
        return true;
    }
    in_addr a4{};
    if (inet_pton(AF_INET, host.c_str(), &a4) != 1)
    {
        return false;
    }
    out = InetSocketAddress(Ipv4Address(ntohl(a4.s_addr)), static_cast<uint16_t>(p));
    return true;
}

bool
TcpFsmTraceCsv::ParseFlags(const std::string& text, uint8_t& out)
{
    uint8_t flags = 0;
    if (text.empty())
    {
        out = 0;
        return true;
    }
    std::string::size_type start = 0;
    while (start <= text.size())
    {
        auto bar = text.find('|', start);
        std::string name
            = text.substr(start, bar == std::string::npos ? std::string::npos : bar - start);
        bool known = false;
        for (unsigned bit = 0; bit < 8; ++bit)
        {
            auto mask = static_cast<uint8_t>(1u << bit);
            if (name == TcpHeader::FlagsToString(mask))
            {
                flags |= mask;
                known = true;
                break;
            }
        }
        if (!known)
        {
            return false;
        }
        if (bar == std::string::npos)
        {
            break;
        }
        start = bar + 1;
    }
    out = flags;
    return true;
}

bool
TcpFsmTraceCsv::ParseTime(const std::string& text, Time& out)
{
    std::string digits = text;
    bool negative = !digits.empty() && digits.front() == '-';
    if (negative)
    {
        digits.erase(0, 1);
    }
    auto dot = digits.find('.');
    std::string whole = digits.substr(0, dot);
    std::string frac = dot == std::string::npos ? std::string() : digits.substr(dot + 1);
    if (dot != std::string::npos && frac.empty())
    {
        return false;
    }
    uint64_t seconds = 0;
    uint64_t fraction = 0;
    if (!ParseUnsigned(whole, 9000000000ULL, seconds) || frac.size() > 9
        || (!frac.empty() && !ParseUnsigned(frac, 999999999ULL, fraction)))
    {
        return false;
    }
    for (std::size_t i = frac.size(); i < 9; ++i)
    {
        fraction *= 10;
    }
    auto ns = static_cast<int64_t>(seconds * 1000000000ULL + fraction);
    out = NanoSeconds(negative ? -ns : ns);
    return true;
}

} // namespace ns3
