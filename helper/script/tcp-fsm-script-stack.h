/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Scripted peers, part 3: what differs between the two stacks a script can run
 * against. TcpFsmScriptStackAdapter installs the stack, applies the script's
 * attributes, and follows the states of the sockets; one implementation for
 * tcp-fsm (its L4 StateTransition trace) and one for ns-3's TcpSocketBase (its
 * sockets' State trace).
 */
#ifndef TCP_FSM_SCRIPT_STACK_H
#define TCP_FSM_SCRIPT_STACK_H

#include "ns3/ip-l4-protocol.h"
#include "ns3/node.h"
#include "ns3/socket.h"
#include "ns3/tcp-fsm-script-parser.h"
#include "ns3/tcp-fsm-script-runner.h"
#include "ns3/tcp-header.h"

#include <memory>
#include <string>
#include <vector>

namespace ns3
{

/**
 * \ingroup tcp-fsm
 * \brief The stack under test, as the script runner sees it.
 */
class TcpFsmScriptStackAdapter
{
  public:
    virtual ~TcpFsmScriptStackAdapter() = default;

    /// The adapter for a stack.
    static std::unique_ptr<TcpFsmScriptStackAdapter> Create(TcpFsmScriptStack stack);

    /**
     * Set the script's attributes as defaults of the socket type (before any socket exists).
     * \throws TcpFsmScriptError for an attribute tcp-fsm does not have or a bad value
     * \return "" or, when this stack lacks an attribute tcp-fsm has, the reason (by name)
     */
    virtual std::string ApplyAttributes(const std::vector<TcpFsmScriptAttribute>& attributes) = 0;
    /// Install the stack on the node (which has a device, nothing else yet).
    virtual void Install(Ptr<Node> node) = 0;
    /// The node's TCP L4.
    virtual Ptr<IpL4Protocol> GetL4() const = 0;
    /// A socket created by the script (socket()): follow its state.
    virtual void Adopt(Ptr<Socket> socket) = 0;
    /// The socket's state now (CLOSED when it never changed).
    virtual TcpFsmState StateOf(Ptr<Socket> socket) const = 0;
    /// The connection with the scripted peer: its state (CLOSED before there is one).
    virtual TcpFsmState ConnState() const = 0;
    /// The script opened the connection with this socket (connect, sendto).
    virtual void SetConn(Ptr<Socket> socket) = 0;
    /// "" when close() after SO_LINGER {onoff=1, linger=0} can abort; else why not.
    virtual std::string AbortSupport() const = 0;
    /// The abortive close of SO_LINGER {onoff=1, linger=0}; the socket's return value.
    virtual int Abort(Ptr<Socket> socket) = 0;
    /// listen()'s backlog.
    virtual void SetBacklog(Ptr<Socket> socket, uint32_t backlog) = 0;
    /// getsockopt(SO_ERROR): "0", "ECONNREFUSED", "ECONNRESET" or "ETIMEDOUT".
    virtual std::string SoError(Ptr<Socket> socket) const = 0;
    /// The segment being handed to the L4 (nullptr after): the cause of transitions.
    virtual void SetInjecting(const TcpHeader* header) = 0;
    /// Drop every reference to sockets and the L4 (before Simulator::Destroy()).
    virtual void Release() = 0;
    /// Every state change so far, in order.
    const std::vector<TcpFsmScriptTransition>& Transitions() const
    {
        return m_transitions;
    }

    /// Called for every transition (verbose output).
    void SetTransitionLog(std::ostream* log)
    {
        m_log = log;
    }

  protected:
    /// Record a transition (and print it when verbose).
    void Record(const TcpFsmScriptTransition& t);

    std::vector<TcpFsmScriptTransition> m_transitions;
    std::ostream* m_log{nullptr};
};

/**
 * Check an attribute of a script against ns3::TcpFsmSocket (and its parent ns3::TcpSocket).
 * \throws TcpFsmScriptError when it does not exist or the value is bad
 */
void TcpFsmScriptCheckAttribute(const TcpFsmScriptAttribute& attribute);

/// The POSIX name of an ns-3 socket errno ("EAGAIN", "ENOTCONN", ...).
const char* TcpFsmScriptErrnoName(Socket::SocketErrno e);

} // namespace ns3

#endif /* TCP_FSM_SCRIPT_STACK_H */
