/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * TcpFsmSocket's memory: a Boost.Pool of blocks of sizeof(TcpFsmSocket). A lifecycle
 * benchmark makes two sockets per connection (the client's and the listener's child) and
 * destroys them a few milliseconds later; from malloc, a block this large cost 2,000 to
 * 5,000 instructions once the heap was fragmented, from the pool a few dozen. Freed blocks
 * stay in the pool (the peak number of live sockets, not of connections). Under
 * AddressSanitizer the pool is off, so that a use after free is still caught.
 */
#include "tcp-fsm-socket.h"

#include <boost/pool/singleton_pool.hpp>
#include <new>

namespace ns3
{

namespace
{

#if defined(__SANITIZE_ADDRESS__)
constexpr bool kPooled = false;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
constexpr bool kPooled = false;
#else
constexpr bool kPooled = true;
#endif
#else
constexpr bool kPooled = true;
#endif

struct TcpFsmSocketPoolTag
{};

static_assert(alignof(TcpFsmSocket) <= __STDCPP_DEFAULT_NEW_ALIGNMENT__,
              "the pool's blocks come from operator new[]: default alignment only");

using SocketPool = boost::singleton_pool<TcpFsmSocketPoolTag, sizeof(TcpFsmSocket)>;

} // namespace

void*
TcpFsmSocket::operator new(std::size_t size)
{
    if (!kPooled || size != sizeof(TcpFsmSocket))
    {
        return ::operator new(size);
    }
    void* p = SocketPool::malloc();
    if (p == nullptr)
    {
        throw std::bad_alloc();
    }
    return p;
}

void
TcpFsmSocket::operator delete(void* p, std::size_t size)
{
    if (p == nullptr)
    {
        return;
    }
    if (!kPooled || size != sizeof(TcpFsmSocket))
    {
        ::operator delete(p); // unsized: clang < 19 has no sized delete by default
        return;
    }
    SocketPool::free(p);
}

} // namespace ns3
