/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "tcp-fsm-fastopen.h"

#include "ns3/log.h"
#include "ns3/node.h"
#include "ns3/random-variable-stream.h"

#include <sodium.h>

#include <cstdio>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("TcpFsmFastOpen");
NS_OBJECT_ENSURE_REGISTERED(TcpFsmFastOpenOption);
NS_OBJECT_ENSURE_REGISTERED(TcpFsmFastOpenNode);

// ---- the option --------------------------------------------------------------------------------

TypeId
TcpFsmFastOpenOption::GetTypeId()
{
    static TypeId tid = TypeId("ns3::TcpFsmFastOpenOption")
                            .SetParent<TcpOption>()
                            .SetGroupName("TcpFsm")
                            .AddConstructor<TcpFsmFastOpenOption>();
    return tid;
}

TypeId
TcpFsmFastOpenOption::GetInstanceTypeId() const
{
    return GetTypeId();
}

TcpFsmFastOpenOption::TcpFsmFastOpenOption(const TcpFsmFastOpenCookie& cookie, bool experimental)
  : m_cookie(cookie)
  , m_experimental(experimental)
{}

uint32_t
TcpFsmFastOpenOption::OptionLength() const
{
    return (m_experimental ? 4 : 2) + static_cast<uint32_t>(m_cookie.size());
}

void
TcpFsmFastOpenOption::Print(std::ostream& os) const
{
    os << (m_experimental ? "FOEXP " : "FO ") << TcpFsmCookieHex(m_cookie);
}

void
TcpFsmFastOpenOption::Serialize(Buffer::Iterator i) const
{
    i.WriteU8(GetWireKind());
    i.WriteU8(static_cast<uint8_t>(OptionLength()));
    if (m_experimental)
    {
        i.WriteHtonU16(TcpFsmFastOpen::OPTION_EXP_MAGIC);
    }
    for (uint8_t b : m_cookie)
    {
        i.WriteU8(b);
    }
    for (uint32_t pad = OptionLength(); pad < GetSerializedSize(); ++pad)
    {
        i.WriteU8(TcpOption::NOP);
    }
}

uint32_t
TcpFsmFastOpenOption::Deserialize(Buffer::Iterator i)
{
    const uint8_t kind = i.ReadU8();
    const uint8_t len = i.ReadU8();
    if ((kind != TcpFsmFastOpen::OPTION_KIND && kind != TcpFsmFastOpen::OPTION_KIND_EXP)
        || len < (kind == TcpFsmFastOpen::OPTION_KIND ? 2 : 4))
    {
        return 0;
    }
    m_experimental = kind == TcpFsmFastOpen::OPTION_KIND_EXP;
    uint32_t cookieLen = len - 2u;
    if (m_experimental)
    {
        if (i.ReadNtohU16() != TcpFsmFastOpen::OPTION_EXP_MAGIC)
        {
            return 0;
        }
        cookieLen -= 2;
    }
    m_cookie.assign(cookieLen, 0);
    for (auto& b : m_cookie)
    {
        b = i.ReadU8();
    }
    return len;
}

uint8_t
TcpFsmFastOpenOption::GetKind() const
{
    return TcpOption::NOP; // see the class description
}

uint32_t
TcpFsmFastOpenOption::GetSerializedSize() const
{
    const uint32_t len = OptionLength();
    return len % 4 == 2 ? len + 2 : len; // Linux's two NOPs after a cookie option
}

uint8_t
TcpFsmFastOpenOption::GetWireKind() const
{
    return m_experimental ? TcpFsmFastOpen::OPTION_KIND_EXP : TcpFsmFastOpen::OPTION_KIND;
}

const TcpFsmFastOpenCookie&
TcpFsmFastOpenOption::GetCookie() const
{
    return m_cookie;
}

bool
TcpFsmFastOpenOption::IsExperimental() const
{
    return m_experimental;
}

namespace
{

/// The option's bytes as they were on the wire (ns-3 keeps an unknown option's bytes).
bool
ReadOne(const TcpHeader& h, uint8_t kind, TcpFsmFastOpenSeen& seen)
{
    for (const auto& option : h.GetOptionList())
    {
        if (option->GetKind() != kind)
        {
            continue;
        }
        const uint32_t size = option->GetSerializedSize();
        if (size < 2 || size > 40)
        {
            continue;
        }
        Buffer buffer;
        buffer.AddAtStart(size);
        option->Serialize(buffer.Begin());
        TcpFsmFastOpenOption parsed;
        if (parsed.Deserialize(buffer.Begin()) == 0)
        {
            continue;
        }
        const std::size_t n = parsed.GetCookie().size();
        // RFC 7413 4.1.1: a cookie of 4 to 16 bytes (Linux also wants an even length),
        // or none at all (a request).
        if (n != 0 && (n < TcpFsmFastOpen::COOKIE_MIN || n > TcpFsmFastOpen::COOKIE_MAX || n % 2))
        {
            continue;
        }
        seen.present = true;
        seen.experimental = parsed.IsExperimental();
        seen.cookie = parsed.GetCookie();
        return true;
    }
    return false;
}

} // namespace

TcpFsmFastOpenSeen
TcpFsmReadFastOpenOption(const TcpHeader& h)
{
    TcpFsmFastOpenSeen seen;
    if (!ReadOne(h, TcpFsmFastOpen::OPTION_KIND, seen))
    {
        ReadOne(h, TcpFsmFastOpen::OPTION_KIND_EXP, seen);
    }
    return seen;
}

// ---- key and cookie ----------------------------------------------------------------------------

bool
TcpFsmParseFastOpenKey(const std::string& text, TcpFsmFastOpenKey& out)
{
    // Exactly four groups of 1 to 8 hex digits separated by '-'.
    TcpFsmFastOpenKey key{};
    std::size_t pos = 0;
    for (int word = 0; word < 4; ++word)
    {
        std::size_t end = pos;
        while (end < text.size() && std::isxdigit(static_cast<unsigned char>(text[end])))
        {
            ++end;
        }
        if (end == pos || end - pos > 8)
        {
            return false;
        }
        const uint32_t v
            = static_cast<uint32_t>(std::stoul(text.substr(pos, end - pos), nullptr, 16));
        for (int b = 0; b < 4; ++b)
        {
            key[word * 4 + b] = static_cast<uint8_t>(v >> (8 * b)); // little-endian, as Linux
        }
        pos = end;
        if (word < 3)
        {
            if (pos >= text.size() || text[pos] != '-')
            {
                return false;
            }
            ++pos;
        }
    }
    if (pos != text.size())
    {
        return false;
    }
    out = key;
    return true;
}

std::string
TcpFsmFormatFastOpenKey(const TcpFsmFastOpenKey& key)
{
    std::string s;
    char word[10];
    for (int w = 0; w < 4; ++w)
    {
        uint32_t v = 0;
        for (int b = 3; b >= 0; --b)
        {
            v = (v << 8) | key[w * 4 + b];
        }
        std::snprintf(word, sizeof(word), w < 3 ? "%08x-" : "%08x", v);
        s += word;
    }
    return s;
}

TcpFsmFastOpenCookie
TcpFsmFastOpenCookieFor(const TcpFsmFastOpenKey& key, const TcpFsmTuple& t)
{
    static_assert(crypto_shorthash_siphash24_BYTES == TcpFsmFastOpen::COOKIE_SIZE);
    static_assert(crypto_shorthash_siphash24_KEYBYTES == sizeof(TcpFsmFastOpenKey));
    // The SYN's source (the client, our peer) then its destination (us).
    const std::size_t n = t.family == 4 ? 4 : 16;
    uint8_t input[32];
    std::copy_n(t.peerAddr.begin(), n, input);
    std::copy_n(t.localAddr.begin(), n, input + n);
    TcpFsmFastOpenCookie cookie(TcpFsmFastOpen::COOKIE_SIZE);
    crypto_shorthash_siphash24(cookie.data(), input, 2 * n, key.data());
    return cookie;
}

std::string
TcpFsmCookieHex(const TcpFsmFastOpenCookie& cookie)
{
    static const char* digits = "0123456789abcdef";
    std::string s;
    for (uint8_t b : cookie)
    {
        s += digits[b >> 4];
        s += digits[b & 0xf];
    }
    return s;
}

// ---- the node's state --------------------------------------------------------------------------

TypeId
TcpFsmFastOpenNode::GetTypeId()
{
    static TypeId tid = TypeId("ns3::TcpFsmFastOpenNode")
                            .SetParent<Object>()
                            .SetGroupName("TcpFsm")
                            .AddConstructor<TcpFsmFastOpenNode>();
    return tid;
}

Ptr<TcpFsmFastOpenNode>
TcpFsmFastOpenNode::Get(Ptr<Node> node)
{
    if (!node)
    {
        return nullptr;
    }
    Ptr<TcpFsmFastOpenNode> state = node->GetObject<TcpFsmFastOpenNode>();
    if (!state)
    {
        state = CreateObject<TcpFsmFastOpenNode>();
        node->AggregateObject(state);
    }
    return state;
}

const TcpFsmFastOpenKey&
TcpFsmFastOpenNode::GetKey()
{
    if (!m_haveKey)
    {
        // Like Linux's key drawn at first use; from ns-3's random stream, so a run with the
        // same seed and run number gets the same key.
        Ptr<UniformRandomVariable> rng = CreateObject<UniformRandomVariable>();
        for (auto& b : m_key)
        {
            b = static_cast<uint8_t>(rng->GetInteger(0, 255));
        }
        m_haveKey = true;
    }
    return m_key;
}

std::string
TcpFsmFastOpenNode::KeyOf(const TcpFsmTuple& t)
{
    std::string k(1, static_cast<char>(t.family));
    k.append(t.peerAddr.begin(), t.peerAddr.begin() + (t.family == 4 ? 4 : 16));
    return k;
}

TcpFsmFastOpenNode::Entry&
TcpFsmFastOpenNode::Lookup(const TcpFsmTuple& t)
{
    return m_cache[KeyOf(t)];
}

const TcpFsmFastOpenNode::Entry*
TcpFsmFastOpenNode::Find(const TcpFsmTuple& t) const
{
    auto it = m_cache.find(KeyOf(t));
    return it == m_cache.end() ? nullptr : &it->second;
}

void
TcpFsmFastOpenNode::Forget(const TcpFsmTuple& t)
{
    m_cache.erase(KeyOf(t));
}

std::size_t
TcpFsmFastOpenNode::Size() const
{
    return m_cache.size();
}

void
TcpFsmFastOpenNode::Clear()
{
    m_cache.clear();
}

} // namespace ns3
