/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * TCP Fast Open (RFC 7413) building blocks of tcp-fsm: the Fast Open option (kind 34 and
 * the experimental kind 254 with magic 0xF989), the server's cookie (SipHash-2-4 of the
 * two addresses, as Linux computes it, through libsodium), the key in Linux's sysctl
 * format, and the per-node state: the server's default key and the client's cookie cache.
 * The socket's Fast Open paths are in tcp-fsm-socket-fastopen.cc.
 */
#ifndef TCP_FSM_FASTOPEN_H
#define TCP_FSM_FASTOPEN_H

#include "tcp-fsm-tuple.h"

#include "ns3/nstime.h"
#include "ns3/object.h"
#include "ns3/tcp-header.h"
#include "ns3/tcp-option.h"

#include <array>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace ns3
{

class Node;

/// The bits of the FastOpen attribute: Linux's net.ipv4.tcp_fastopen values.
namespace TcpFsmFastOpen
{
/// TFO_CLIENT_ENABLE: sendto(MSG_FASTOPEN) and TCP_FASTOPEN_CONNECT use Fast Open.
constexpr uint32_t CLIENT = 0x1;
/// TFO_SERVER_ENABLE: listeners with a Fast Open queue (TCP_FASTOPEN) accept it.
constexpr uint32_t SERVER = 0x2;
/// TFO_CLIENT_NO_COOKIE: the client sends data in its SYN without a cookie.
constexpr uint32_t CLIENT_NO_COOKIE = 0x4;
/// TFO_SERVER_COOKIE_NOT_REQD: the server accepts SYN data without a cookie.
constexpr uint32_t SERVER_COOKIE_NOT_REQD = 0x200;
/// TFO_SERVER_WO_SOCKOPT1: every listener has a Fast Open queue of its backlog's length.
constexpr uint32_t SERVER_WO_SOCKOPT = 0x400;
/// Every bit the model acts on; others are accepted and ignored (as old kernels do).
constexpr uint32_t MODELLED
    = CLIENT | SERVER | CLIENT_NO_COOKIE | SERVER_COOKIE_NOT_REQD | SERVER_WO_SOCKOPT;
/// The flag of SendTo() that opens a connection with data in the SYN (Linux's MSG_FASTOPEN).
constexpr uint32_t MSG_FASTOPEN = 0x20000000;
/// RFC 7413 4.1.1: the option's kind.
constexpr uint8_t OPTION_KIND = 34;
/// The experimental option used before kind 34 was assigned (RFC 6994 shared kind).
constexpr uint8_t OPTION_KIND_EXP = 254;
/// The experimental option's magic number.
constexpr uint16_t OPTION_EXP_MAGIC = 0xF989;
/// Linux's cookie: 8 bytes (a 64-bit SipHash).
constexpr std::size_t COOKIE_SIZE = 8;
/// RFC 7413 4.1.1: a cookie has 4 to 16 bytes.
constexpr std::size_t COOKIE_MIN = 4;
constexpr std::size_t COOKIE_MAX = 16;
} // namespace TcpFsmFastOpen

/// A Fast Open cookie: empty in a cookie request.
using TcpFsmFastOpenCookie = std::vector<uint8_t>;

/// The 128-bit cookie key, in the byte order siphash reads it (TCP_FASTOPEN_KEY's bytes).
using TcpFsmFastOpenKey = std::array<uint8_t, 16>;

/**
 * \ingroup tcp-fsm
 * \brief The Fast Open option in a segment we send (RFC 7413 4.1.1).
 *
 * Layout: kind 34, length, cookie; or kind 254, length, magic 0xF989, cookie. As Linux
 * does, two NOPs follow when the option's length is not a multiple of 4, so that what
 * follows stays aligned.
 *
 * ns-3.37's TcpHeader::AppendOption() refuses kinds it does not know (it accepts only
 * END, NOP, MSS, WINSCALE, SACKPERMITTED, SACK, TS), so GetKind() reports NOP: the header
 * then carries the option and serializes our bytes. On the receiving side ns-3 parses
 * kind 34/254 as a TcpOptionUnknown; TcpFsmReadFastOpenOption() reads it from there.
 */
class TcpFsmFastOpenOption : public TcpOption
{
  public:
    static TypeId GetTypeId();
    TypeId GetInstanceTypeId() const override;
    TcpFsmFastOpenOption() = default;
    /// \param cookie the cookie (empty: a cookie request) \param experimental kind 254
    TcpFsmFastOpenOption(const TcpFsmFastOpenCookie& cookie, bool experimental);

    void Print(std::ostream& os) const override;
    void Serialize(Buffer::Iterator start) const override;
    uint32_t Deserialize(Buffer::Iterator start) override;
    /// NOP, see the class description; GetWireKind() is the kind on the wire.
    uint8_t GetKind() const override;
    uint32_t GetSerializedSize() const override;

    uint8_t GetWireKind() const;
    const TcpFsmFastOpenCookie& GetCookie() const;
    bool IsExperimental() const;

  private:
    uint32_t OptionLength() const;
    TcpFsmFastOpenCookie m_cookie;
    bool m_experimental{false};
};

/// What a received segment's Fast Open option said.
struct TcpFsmFastOpenSeen
{
    bool present{false};      ///< a well-formed Fast Open option (34, or 254 with the magic)
    bool experimental{false}; ///< it was kind 254
    TcpFsmFastOpenCookie cookie;
};

/**
 * Read the Fast Open option of a received header (kind 34 first, then 254 with its
 * magic). A malformed option (length below 2, a cookie of an odd length or beyond 16
 * bytes, or a 254 without the magic) counts as absent, as Linux ignores it.
 */
TcpFsmFastOpenSeen TcpFsmReadFastOpenOption(const TcpHeader& h);

/**
 * Parse a key in Linux's sysctl format, four 32-bit hex words "a1a1a1a1-b2b2b2b2-...":
 * each word is stored little-endian, as Linux stores it. False (and out untouched) on
 * anything else.
 */
bool TcpFsmParseFastOpenKey(const std::string& text, TcpFsmFastOpenKey& out);
/// The key in Linux's sysctl format.
std::string TcpFsmFormatFastOpenKey(const TcpFsmFastOpenKey& key);

/**
 * The server's cookie for a client, as Linux computes it: SipHash-2-4 keyed with the key
 * over the SYN's source address followed by its destination address (4 + 4 bytes for IPv4,
 * 16 + 16 for IPv6), the 64-bit result in little-endian byte order.
 * \param t the connection seen from the server (peer = the client)
 */
TcpFsmFastOpenCookie TcpFsmFastOpenCookieFor(const TcpFsmFastOpenKey& key, const TcpFsmTuple& t);

/// "3021b9d889017eeb"
std::string TcpFsmCookieHex(const TcpFsmFastOpenCookie& cookie);

/**
 * \ingroup tcp-fsm
 * \brief One connection's Fast Open state (both roles); all false/empty without Fast Open.
 */
struct TcpFsmFastOpenConn
{
    // ---- client
    bool optionPending{false};   ///< the next SYN carries the option (a cookie, or a request)
    bool sentOption{false};      ///< our SYN carried it: a cookie in the SYN+ACK is solicited
    TcpFsmFastOpenCookie cookie; ///< what the option carries (empty: a cookie request)
    bool experimental{false};    ///< use kind 254
    bool deferred{false};        ///< FastOpenConnect: the SYN waits for the first Send()
    bool withheld{false};        ///< recurring SYN-data losses: a regular SYN, without the option
    uint32_t synDataLimit{0};    ///< at most this many bytes in the SYN
    uint32_t synData{0};         ///< bytes our SYN carried
    bool synDataAcked{false}; ///< the SYN's data was acknowledged (TCPI_OPT_SYN_DATA; both roles)
    // ---- server (a child)
    bool synAckOption{false}; ///< the SYN+ACK carries synAckCookie
    TcpFsmFastOpenCookie synAckCookie;
    bool synAckExperimental{false};
    bool accepted{false}; ///< a Fast Open child: handed to the application in SYN_RCVD
    // ---- server (a listener)
    uint32_t pending{0}; ///< Fast Open children still in SYN_RCVD (the TFO queue)
};

/**
 * \ingroup tcp-fsm
 * \brief A node's Fast Open state, aggregated to the node on first use: the server's
 * default key (random, from ns-3's random stream, as Linux draws one at boot) and the
 * client's cookie cache per server address (Linux keeps it in the TCP metrics).
 */
class TcpFsmFastOpenNode : public Object
{
  public:
    static TypeId GetTypeId();
    /// The node's state, aggregated on first use.
    static Ptr<TcpFsmFastOpenNode> Get(Ptr<Node> node);

    /// One cached server.
    struct Entry
    {
        TcpFsmFastOpenCookie cookie; ///< empty: none yet
        bool experimental{false};    ///< the next SYN's option is kind 254
        /// Linux's try_exp: 0 nothing tried yet; 1 a kind 34 request went unanswered (the
        /// next request uses kind 254); 2 the kind 254 request went unanswered too (kind 34
        /// from then on). It only grows, until the entry is forgotten (tcp_metrics flush).
        uint8_t tryExp{0};
        uint16_t mss{0};     ///< the server's MSS from its SYN+ACK (0: unknown)
        uint32_t synLoss{0}; ///< SYNs with data lost in a row
        Time lastSynLoss;    ///< when the last one was
    };

    /// The node's default server key.
    const TcpFsmFastOpenKey& GetKey();
    /// The cache entry for the connection's server (its peer address; created empty).
    Entry& Lookup(const TcpFsmTuple& t);
    /// The entry for the connection's server, or nullptr when there is none.
    const Entry* Find(const TcpFsmTuple& t) const;
    /// Forget the connection's server.
    void Forget(const TcpFsmTuple& t);
    /// Number of servers cached.
    std::size_t Size() const;
    /// Forget every server (tests, labs).
    void Clear();

  private:
    static std::string KeyOf(const TcpFsmTuple& t);
    bool m_haveKey{false};
    TcpFsmFastOpenKey m_key{};
    std::map<std::string, Entry> m_cache;
};

} // namespace ns3

#endif /* TCP_FSM_FASTOPEN_H */
