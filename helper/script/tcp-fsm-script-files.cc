/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Scripted peers, part 2g: the script's own files. A shell line may make a file of zero bytes
 * (`dd if=/dev/zero of=PATH ...`) or remove one (`rm -f PATH`); open() gives a descriptor for
 * it and sendfile() hands its bytes to the socket as a write of that many bytes would (what
 * the socket accepts, sends and returns is the model's). Nothing touches the real file system.
 */
#include "ns3/tcp-fsm-script-engine.h"
#include "ns3/tcp-fsm-socket.h"

namespace ns3
{

bool
TcpFsmScriptEngine::FileCall(
    const Line& line, Returned& r, std::string& got, std::string& skip, bool retry)
{
    const TcpFsmScriptCall& call = line.call;
    const auto& a = call.args;
    if (call.name == "open")
    {
        int64_t flags = 0;
        if (a.empty() || a[0].kind != TcpFsmScriptExpr::Kind::STRING)
        {
            r = {-1, "EFAULT"};
            return true;
        }
        if (a.size() > 1 && a[1].Evaluate(flags) && (flags & 3) != 0)
        {
            skip = "a file opened for writing (open() with " + a[1].ToString() + ")";
            return true;
        }
        if (!m_files.count(a[0].text))
        {
            r = {-1, "ENOENT"};
            return true;
        }
        const int32_t fd = NewFd(call);
        m_openFiles[fd] = a[0].text;
        r.value = fd;
        return true;
    }
    if (call.name == "pipe")
    {
        // pipe([R, W]): the descriptors as the script names them (else the lowest free).
        if (a.size() != 1 || a[0].kind != TcpFsmScriptExpr::Kind::LIST || a[0].items.size() != 2)
        {
            r = {-1, "EFAULT"};
            return true;
        }
        for (std::size_t end = 0; end < 2; ++end)
        {
            TcpFsmScriptCall named = call;
            int64_t fd = -1;
            named.resultAny = !a[0].items[end].Evaluate(fd);
            named.result = fd;
            m_openFiles[NewFd(named)] = end == 0 ? kPipeRead : kPipeWrite;
        }
        r.value = 0;
        return true;
    }
    if (call.name == "splice")
    {
        return Splice(line, r, got, skip, retry);
    }
    // sendfile(OUT, IN, [OFFSET] or NULL, COUNT)
    int64_t out = -1;
    int64_t in = -1;
    int64_t count = 0;
    int64_t offset = 0;
    if (a.size() != 4 || !a[0].Evaluate(out) || !a[1].Evaluate(in) || !a[3].Evaluate(count))
    {
        r = {-1, "EINVAL"};
        return true;
    }
    if (a[2].kind == TcpFsmScriptExpr::Kind::LIST && a[2].items.size() == 1)
    {
        a[2].items[0].Evaluate(offset);
    }
    auto file = m_openFiles.find(static_cast<int32_t>(in));
    if (file == m_openFiles.end() || !m_fds.count(static_cast<int32_t>(out)))
    {
        r = {-1, "EBADF"};
        return true;
    }
    const int64_t size = m_files.count(file->second) ? m_files[file->second] : 0;
    const int64_t n = std::max<int64_t>(0, std::min(count, size - offset));
    if (n == 0)
    {
        r.value = 0; // at the end of the file
        return true;
    }
    Line write = line;
    write.call.kind = TcpFsmScriptCallKind::WRITE;
    write.call.name = "write";
    write.call.fd = static_cast<int32_t>(out);
    write.call.count = static_cast<uint32_t>(n);
    write.call.flags = 0;
    write.call.nullBuffer = false;
    return TryCall(write, r, got, skip, retry);
}

bool
TcpFsmScriptEngine::Splice(
    const Line& line, Returned& r, std::string& got, std::string& skip, bool retry)
{
    // splice(IN, NULL, OUT, NULL, LEN, FLAGS) from a socket into a pipe. The pipe only counts
    // what it holds (Linux's default capacity, 16 pages).
    const TcpFsmScriptCall& call = line.call;
    const auto& a = call.args;
    int64_t in = -1;
    int64_t out = -1;
    int64_t len = 0;
    int64_t flags = 0;
    if (a.size() != 6 || !a[0].Evaluate(in) || !a[2].Evaluate(out) || !a[4].Evaluate(len)
        || !a[5].Evaluate(flags))
    {
        r = {-1, "EINVAL"};
        return true;
    }
    auto pipe = m_openFiles.find(static_cast<int32_t>(out));
    auto socket = m_fds.find(static_cast<int32_t>(in));
    if (socket == m_fds.end() || pipe == m_openFiles.end() || pipe->second != kPipeWrite
        || a[1].kind != TcpFsmScriptExpr::Kind::NULL_PTR)
    {
        skip = "splice() other than from a socket into a pipe";
        return true;
    }
    Ptr<TcpFsmSocket> fsm = DynamicCast<TcpFsmSocket>(socket->second.socket);
    if (!fsm)
    {
        skip = "splice() (the urgent mark of ns-3's TCP)";
        return true;
    }
    const int64_t room = kPipeCapacity - m_pipeBytes;
    Line read = line;
    read.call.kind = TcpFsmScriptCallKind::READ;
    read.call.name = "splice"; // a read with kReadSock (LackingFlags lets only splice pass it)
    read.call.fd = static_cast<int32_t>(in);
    read.call.count = static_cast<uint32_t>(std::max<int64_t>(0, std::min(len, room)));
    // splice() reads as Linux's tcp_read_sock(): the socket stops at the urgent mark and
    // returns 0 bytes at it (TcpFsmSocket::kReadSock).
    read.call.flags = TcpFsmSocket::kReadSock;
    read.call.nullBuffer = false;
    if ((flags & 2) != 0) // SPLICE_F_NONBLOCK
    {
        const bool was = socket->second.nonBlocking;
        socket->second.nonBlocking = true;
        const bool done = TryCall(read, r, got, skip, retry);
        socket->second.nonBlocking = was;
        m_pipeBytes += std::max<int64_t>(0, r.value);
        return done;
    }
    const bool done = TryCall(read, r, got, skip, retry);
    if (done)
    {
        m_pipeBytes += std::max<int64_t>(0, r.value);
    }
    return done;
}

} // namespace ns3
