/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * TcpFsmSocket, TCP Fast Open (RFC 7413). The client asks for a cookie with an empty
 * option in its SYN, caches the server's cookie per server address (per node), and then
 * opens with data in the SYN: SendTo(MSG_FASTOPEN) on a CLOSED socket, or FastOpenConnect
 * with Connect() and a first Send(). The server answers a cookie request with the cookie,
 * and a SYN with a valid cookie with a child that keeps the data, acknowledges it in the
 * SYN+ACK and is handed to the application in SYN_RCVD. Every change of state is a row of
 * the transition table; this file only decides which event a SYN or SYN+ACK is and what
 * the SYN carries.
 */
#include "tcp-fsm-l4-protocol.h"
#include "tcp-fsm-socket.h"

#include "ns3/log.h"
#include "ns3/simulator.h"
#include "ns3/tcp-option-rfc793.h"

#include <algorithm>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("TcpFsmSocketFastOpen");

namespace
{

/// Linux reserves the largest option space in a SYN with data (MAX_TCP_OPTION_SPACE).
constexpr uint32_t kSynOptionReserve = 40;
/// Linux never lets the MSS computed for SYN data fall below 48.
constexpr uint32_t kMinMss = 48;

} // namespace

// ---- the application's side ------------------------------------------------------------------

int
TcpFsmSocket::SetFastOpenConnect(bool on)
{
    // Linux do_tcp_setsockopt(): EOPNOTSUPP without the client bit, EINVAL after CLOSED.
    if (!(m_fastOpen & TcpFsmFastOpen::CLIENT))
    {
        return Fail(ERROR_OPNOTSUPP, TcpFsmLinuxErrno::kEopnotsupp);
    }
    if (m_state != CLOSED)
    {
        return Fail(ERROR_INVAL, TcpFsmLinuxErrno::kEinval);
    }
    m_fastOpenConnect = on;
    return 0;
}

bool
TcpFsmSocket::IsFastOpenDeferred() const
{
    return m_fo.deferred && m_state == SYN_SENT;
}

void
TcpFsmSocket::SetFastOpenKey(const TcpFsmFastOpenKey& key)
{
    m_fastOpenKey = key;
    m_haveFastOpenKey = true;
}

int
TcpFsmSocket::SetFastOpenQueueLength(uint32_t qlen)
{
    // Linux: TCP_FASTOPEN is for a socket that is CLOSED or LISTEN, else EINVAL.
    if (m_state != CLOSED && m_state != LISTEN)
    {
        return Fail(ERROR_INVAL, TcpFsmLinuxErrno::kEinval);
    }
    m_fastOpenQlen = qlen;
    return 0;
}

void
TcpFsmSocket::SetFastOpenKeyText(std::string text)
{
    if (text.empty())
    {
        m_fastOpenKeyText.clear();
        m_haveFastOpenKey = false;
        return;
    }
    TcpFsmFastOpenKey key;
    NS_ABORT_MSG_UNLESS(TcpFsmParseFastOpenKey(text, key),
                        "TcpFsmSocket: attribute FastOpenKey='"
                            << text
                            << "' is not four hex words like a1a1a1a1-b2b2b2b2-c3c3c3c3-d4d4d4d4");
    m_fastOpenKeyText = text;
    SetFastOpenKey(key);
}

std::string
TcpFsmSocket::GetFastOpenKeyText() const
{
    return m_fastOpenKeyText;
}

TcpFsmFastOpenKey
TcpFsmSocket::GetFastOpenKey() const
{
    if (m_haveFastOpenKey)
    {
        return m_fastOpenKey;
    }
    Ptr<TcpFsmFastOpenNode> node = TcpFsmFastOpenNode::Get(m_node);
    return node ? node->GetKey() : TcpFsmFastOpenKey{};
}

uint32_t
TcpFsmSocket::GetFastOpenSynData() const
{
    return m_fo.synData;
}

bool
TcpFsmSocket::IsFastOpenChild() const
{
    return m_fo.accepted;
}

bool
TcpFsmSocket::FastOpenCookieUsable()
{
    Ptr<TcpFsmFastOpenNode> node = TcpFsmFastOpenNode::Get(m_node);
    const TcpFsmFastOpenNode::Entry* entry = node ? node->Find(m_tuple) : nullptr;
    // Linux tcp_send_syn_data(): the server's MSS from the cache, else our own (advmss).
    uint32_t mss = m_segmentSize;
    m_fo.cookie.clear();
    m_fo.experimental = false;
    m_fo.withheld = false;
    if (entry)
    {
        if (entry->mss > 0)
        {
            mss = entry->mss;
        }
        // Recurring losses of SYNs with data: a regular handshake for a while (60 s << losses;
        // Linux's rule for a path that drops SYNs with data or options).
        if (entry->synLoss > 1
            && Simulator::Now()
                   < entry->lastSynLoss + Seconds(60.0 * (1u << std::min(entry->synLoss, 16u))))
        {
            m_fo.withheld = true;
            return false;
        }
        m_fo.cookie = entry->cookie;
        m_fo.experimental = entry->experimental;
    }
    // The data in a SYN: the cached (or default) MSS less the largest option space.
    mss = std::min(mss, m_segmentSize);
    m_fo.synDataLimit = std::max(mss, kMinMss) - kSynOptionReserve;
    if (m_fastOpen & TcpFsmFastOpen::CLIENT_NO_COOKIE)
    {
        m_fo.cookie.clear(); // data without a cookie, and without the option
        return true;
    }
    return !m_fo.cookie.empty();
}

int
TcpFsmSocket::FastOpenSendTo(Ptr<Packet> p, const Address& to)
{
    NS_LOG_FUNCTION(this << p << to);
    Ptr<TcpFsmSocket> self(this);
    if (!(m_fastOpen & TcpFsmFastOpen::CLIENT) || to.IsInvalid())
    {
        // Linux: EOPNOTSUPP when the client bit is off, or without an address (AF_UNSPEC)
        return Fail(ERROR_OPNOTSUPP, TcpFsmLinuxErrno::kEopnotsupp);
    }
    if (m_closeCalled || m_shutdownSend)
    {
        return Fail(ERROR_SHUTDOWN, TcpFsmLinuxErrno::kEpipe);
    }
    if (SetupConnection(to) != 0)
    {
        return -1;
    }
    if (!FastOpenCookieUsable())
    {
        // RFC 7413 4.1.3: no cookie yet: a regular SYN asks for one. As Linux, the data is not
        // taken (sendto fails with EINPROGRESS there): the application sends it once connected.
        m_fo.cookie.clear();
        m_fo.optionPending = !m_fo.withheld;
        Dispatch(TcpFsmEvent::APP_ACTIVE_OPEN);
        return 0;
    }
    const uint32_t len = std::min<uint32_t>(p->GetSize(), m_fo.synDataLimit);
    if (!m_txBuffer->Add(p->CreateFragment(0, len)))
    {
        return Fail(ERROR_MSGSIZE, TcpFsmLinuxErrno::kEmsgsize);
    }
    m_fo.optionPending = !(m_fastOpen & TcpFsmFastOpen::CLIENT_NO_COOKIE);
    Dispatch(TcpFsmEvent::APP_ACTIVE_OPEN_DATA);
    return static_cast<int>(len); // the bytes the SYN carries, as Linux's sendto()
}

bool
TcpFsmSocket::FastOpenConnect(int& rc)
{
    if (!m_fastOpenConnect || !(m_fastOpen & TcpFsmFastOpen::CLIENT))
    {
        return false;
    }
    rc = 0;
    if (FastOpenCookieUsable())
    {
        // Linux TCP_FASTOPEN_CONNECT: connect() succeeds at once, the SYN waits for data.
        m_fo.deferred = true;
        Dispatch(TcpFsmEvent::APP_ACTIVE_OPEN_DEFERRED);
        return true;
    }
    m_fo.cookie.clear();
    m_fo.optionPending = !m_fo.withheld; // a regular SYN that asks for a cookie
    Dispatch(TcpFsmEvent::APP_ACTIVE_OPEN);
    return true;
}

bool
TcpFsmSocket::FastOpenSend(Ptr<Packet> p, int& rc)
{
    if (!m_fo.deferred || m_state != SYN_SENT)
    {
        return false;
    }
    Ptr<TcpFsmSocket> self(this);
    m_fo.deferred = false;
    const uint32_t len = std::min<uint32_t>(p->GetSize(), m_fo.synDataLimit);
    if (!m_txBuffer->Add(p->CreateFragment(0, len)))
    {
        rc = Fail(ERROR_MSGSIZE, TcpFsmLinuxErrno::kEmsgsize);
        return true;
    }
    m_fo.optionPending = !(m_fastOpen & TcpFsmFastOpen::CLIENT_NO_COOKIE);
    Dispatch(TcpFsmEvent::APP_SEND_SYN_DATA);
    rc = static_cast<int>(len);
    return true;
}

// ---- what the SYN carries ----------------------------------------------------------------------

void
TcpFsmSocket::SendSynData()
{
    // RFC 7413 3: the SYN carries the cookie and the first bytes; SND.NXT moves past them.
    if (m_tcb.sndMax != m_tcb.iss)
    {
        SendSyn(false); // not the first SYN: a retransmission carries no data
        return;
    }
    const SequenceNumber32 first = m_tcb.iss + 1;
    const uint32_t len = std::min(m_txBuffer->SizeFromSequence(first), m_fo.synDataLimit);
    m_fo.synData = len;
    m_tcb.sndNxt = first + len;
    m_tcb.sndMax = first + len;
    m_rttPending = true;
    m_rttSeq = first;
    m_rttStart = Simulator::Now();
    m_retransStamp = Simulator::Now();
    // The bytes are now sent as far as the scoreboard knows: RESEND_SYN_DATA sends them
    // again when the SYN+ACK does not acknowledge them.
    Ptr<Packet> data
        = len > 0 ? m_txBuffer->CopyFromSequence(len, first)->GetPacketCopy() : Create<Packet>();
    SyncSequences();
    SendSegment(TcpHeader::SYN, m_tcb.iss, data);
    m_rtoTrace = m_rto.Get();
    m_timers.Arm(TcpFsmTimer::RETRANSMIT, ClampRtoToUserTimeout(m_rto.Get()));
}

void
TcpFsmSocket::FastOpenAddOption(TcpHeader& h)
{
    const bool synAck = (h.GetFlags() & TcpHeader::ACK) != 0;
    if (synAck)
    {
        // A SYN+ACK carries the cookie once (Linux's retransmitted SYN+ACK has none).
        if (m_fo.synAckOption)
        {
            m_fo.synAckOption = false;
            h.AppendOption(
                Create<TcpFsmFastOpenOption>(m_fo.synAckCookie, m_fo.synAckExperimental));
        }
        return;
    }
    // The first SYN carries the option; retransmitted SYNs do not (as Linux).
    if (m_fo.optionPending)
    {
        m_fo.optionPending = false;
        m_fo.sentOption = true;
        if (!h.AppendOption(Create<TcpFsmFastOpenOption>(m_fo.cookie, m_fo.experimental)))
        {
            NS_LOG_WARN(this << " no room for the Fast Open option in the SYN");
        }
    }
}

// ---- the server --------------------------------------------------------------------------------

uint32_t
TcpFsmSocket::FastOpenQueueLimit() const
{
    if (m_fastOpenQlen > 0)
    {
        return m_fastOpenQlen;
    }
    return (m_fastOpen & TcpFsmFastOpen::SERVER_WO_SOCKOPT) ? m_backlog : 0;
}

TcpFsmEvent
TcpFsmSocket::FastOpenOnSyn(TcpFsmSocket& child, Ptr<Packet> payload, const TcpHeader& h)
{
    const TcpFsmFastOpenSeen fo = TcpFsmReadFastOpenOption(h);
    const bool synData = payload->GetSize() > 0;
    const uint32_t limit = FastOpenQueueLimit();
    // RFC 7413 4.2.2 and Linux: only a server-enabled listener with a Fast Open queue that is
    // not full considers a SYN with data or with the option; any other SYN is a regular one.
    if (!(m_fastOpen & TcpFsmFastOpen::SERVER) || !(synData || fo.present) || limit == 0
        || m_fo.pending >= limit)
    {
        if (synData)
        {
            m_tcp->NotifyDrop(payload,
                              h,
                              (m_fastOpen & TcpFsmFastOpen::SERVER) && limit > 0
                                  ? "syn_data_fastopen_queue_full"
                                  : "syn_data_no_fastopen");
        }
        return TcpFsmEvent::RCV_SYN;
    }
    bool accept = (m_fastOpen & TcpFsmFastOpen::SERVER_COOKIE_NOT_REQD) != 0;
    if (!accept && fo.present)
    {
        const TcpFsmFastOpenCookie valid = TcpFsmFastOpenCookieFor(GetFastOpenKey(), child.m_tuple);
        if (fo.cookie.empty())
        {
            // RFC 7413 4.1.2: a cookie request is answered with the cookie.
            child.m_fo.synAckOption = true;
        }
        else if (fo.cookie == valid)
        {
            accept = true;
        }
        else
        {
            // An invalid cookie: the data is dropped, the SYN+ACK brings a fresh cookie.
            child.m_fo.synAckOption = true;
            if (synData)
            {
                m_tcp->NotifyDrop(payload, h, "syn_data_invalid_cookie");
            }
        }
        child.m_fo.synAckCookie = valid;
        child.m_fo.synAckExperimental = fo.experimental;
    }
    if (!accept)
    {
        if (synData && !fo.present)
        {
            m_tcp->NotifyDrop(payload, h, "syn_data_no_cookie");
        }
        return TcpFsmEvent::RCV_SYN;
    }
    // RFC 7413 4.2.2: the data joins the child's receive queue; the SYN+ACK acknowledges it.
    child.m_fo.synAckOption = false;
    child.m_fo.accepted = true;
    child.m_fo.synDataAcked = synData; // Linux: syn_data_acked when the SYN's data is taken
    if (synData)
    {
        child.m_rxBuffer.Add(payload, h.GetSequenceNumber() + 1);
        child.SetRcvNxt(child.m_rxBuffer.NextSequence());
    }
    child.m_foListener = this;
    ++m_fo.pending;
    return TcpFsmEvent::RCV_SYN_FASTOPEN;
}

void
TcpFsmSocket::FastOpenAccept()
{
    Ptr<TcpFsmSocket> self(this);
    m_connectedNotified = true;
    if (m_listener)
    {
        Ptr<TcpFsmSocket> listener = m_listener;
        m_listener = nullptr;
        listener->m_children.erase(self);
        listener->NotifyNewConnectionCreated(self, m_tuple.PeerAddress());
    }
    if (m_rxBuffer.Available() > 0 && !m_shutdownRecv)
    {
        NotifyDataRecv();
    }
}

void
TcpFsmSocket::FastOpenLeftSynRcvd()
{
    if (m_foListener)
    {
        if (m_foListener->m_fo.pending > 0)
        {
            --m_foListener->m_fo.pending;
        }
        m_foListener = nullptr;
    }
}

void
TcpFsmSocket::SetWritePending(bool pending)
{
    m_writePending = pending;
}

bool
TcpFsmSocket::FastOpenMaySendEarly() const
{
    return m_state == SYN_RCVD && m_fo.accepted;
}

// ---- the client's SYN+ACK ----------------------------------------------------------------------

TcpFsmEvent
TcpFsmSocket::FastOpenOnSynAck(const TcpHeader& h, const TcpFsmSegment& seg)
{
    if (!m_fo.sentOption && m_fo.synData == 0)
    {
        return TcpFsmEvent::RCV_SYN_ACK; // no Fast Open on this connection: ignore any cookie
    }
    Ptr<TcpFsmFastOpenNode> node = TcpFsmFastOpenNode::Get(m_node);
    TcpFsmFastOpenNode::Entry& entry = node->Lookup(m_tuple);
    const TcpFsmFastOpenSeen fo = TcpFsmReadFastOpenOption(h);
    if (h.HasOption(TcpOption::MSS))
    {
        auto mss = DynamicCast<const TcpOptionMSS>(h.GetOption(TcpOption::MSS));
        if (mss && mss->GetMSS() > 0)
        {
            entry.mss = mss->GetMSS();
        }
    }
    if (m_fo.sentOption && fo.present && !fo.cookie.empty())
    {
        entry.cookie = fo.cookie; // RFC 7413 4.1.3: cache the (new) cookie
        entry.experimental = fo.experimental;
    }
    else if (m_fo.sentOption && !fo.present && m_fo.synData == 0 && m_retransmissions == 0
             && entry.cookie.empty())
    {
        // Our cookie request went unanswered. After kind 34 the server may know only the
        // experimental option: the next request uses kind 254; after kind 254 as well, the
        // requests go back to kind 34 for good (Linux's try_exp, which only grows).
        const uint8_t tryExp = m_fo.experimental ? 2 : 1;
        if (tryExp > entry.tryExp)
        {
            entry.tryExp = tryExp;
            entry.experimental = tryExp == 1;
        }
    }
    // A SYN with data timed out and the answer has no cookie and does not acknowledge the
    // data: the path may drop SYNs with data (counted; see FastOpenCookieUsable()).
    const bool dataAcked = m_fo.synData > 0 && seg.ack == m_tcb.iss + 1 + m_fo.synData;
    if (m_retransmissions > 0 && m_fo.synData > 0 && !dataAcked && fo.cookie.empty())
    {
        ++entry.synLoss;
        entry.lastSynLoss = Simulator::Now();
    }
    else
    {
        entry.synLoss = 0;
    }
    m_fo.synDataAcked = dataAcked;
    if (m_fo.synData == 0)
    {
        return TcpFsmEvent::RCV_SYN_ACK;
    }
    return dataAcked ? TcpFsmEvent::RCV_SYN_ACK_DATA_ACKED
                     : TcpFsmEvent::RCV_SYN_ACK_DATA_NOT_ACKED;
}

} // namespace ns3
