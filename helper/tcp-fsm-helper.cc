/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "ns3/tcp-fsm-helper.h"

#include "ns3/abort.h"
#include "ns3/ipv4.h"
#include "ns3/ipv6.h"
#include "ns3/log.h"
#include "ns3/node-list.h"
#include "ns3/tcp-fsm-l4-protocol.h"

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("TcpFsmHelper");

TcpFsmHelper::TcpFsmHelper()
{
    m_stack.SetTcp("ns3::TcpFsmL4Protocol");
}

TcpFsmHelper::TcpFsmHelper(const InternetStackHelper& stack)
  : m_stack(stack)
{
    m_stack.SetTcp("ns3::TcpFsmL4Protocol");
}

void
TcpFsmHelper::Install(Ptr<Node> node) const
{
    NS_ABORT_MSG_IF(node->GetObject<Ipv4>() || node->GetObject<Ipv6>(),
                    "TcpFsmHelper::Install: node "
                        << node->GetId()
                        << " already has an Internet stack (with ns-3's TCP). Call "
                           "TcpFsmHelper::Install instead of InternetStackHelper::Install on "
                           "the nodes that should run tcp-fsm: it installs the whole stack.");
    InternetStackHelper stack = m_stack;
    stack.Install(node);
    Ptr<TcpFsmL4Protocol> l4 = GetL4(node);
    NS_ABORT_MSG_IF(!l4, "TcpFsmHelper::Install: TcpFsmL4Protocol was not aggregated");
    // tcp-fsm's own switch: sockets start from ns3::TcpFsmSocket's values (its Profile), not
    // from ns3::TcpSocketBase's as after InternetStackHelper::SetTcp, unless a program chose
    // with Config::SetDefault("ns3::TcpFsmL4Protocol::TcpSocketBaseDefaults", ...).
    TypeId::AttributeInformation info;
    if (TcpFsmL4Protocol::GetTypeId().LookupAttributeByName("TcpSocketBaseDefaults", &info)
        && info.initialValue == info.originalInitialValue)
    {
        l4->SetTcpSocketBaseDefaults(false);
    }
}

void
TcpFsmHelper::Install(NodeContainer nodes) const
{
    for (auto it = nodes.Begin(); it != nodes.End(); ++it)
    {
        Install(*it);
    }
}

void
TcpFsmHelper::InstallAll() const
{
    Install(NodeContainer::GetGlobal());
}

int64_t
TcpFsmHelper::AssignStreams(NodeContainer nodes, int64_t stream)
{
    int64_t used = 0;
    for (auto it = nodes.Begin(); it != nodes.End(); ++it)
    {
        if (Ptr<TcpFsmL4Protocol> l4 = GetL4(*it))
        {
            used += l4->AssignStreams(stream + used);
        }
    }
    return used;
}

Ptr<TcpFsmL4Protocol>
TcpFsmHelper::GetL4(Ptr<Node> node)
{
    return node->GetObject<TcpFsmL4Protocol>();
}

} // namespace ns3
