/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "tcp-fsm-socket-factory.h"

#include "tcp-fsm-l4-protocol.h"

#include "ns3/socket.h"

namespace ns3
{

NS_OBJECT_ENSURE_REGISTERED(TcpFsmSocketFactory);

TypeId
TcpFsmSocketFactory::GetTypeId()
{
    static TypeId tid = TypeId("ns3::TcpFsmSocketFactory")
                            .SetParent<TcpSocketFactory>()
                            .SetGroupName("TcpFsm")
                            .AddConstructor<TcpFsmSocketFactory>();
    return tid;
}

void
TcpFsmSocketFactory::SetTcp(Ptr<TcpFsmL4Protocol> tcp)
{
    m_tcp = tcp;
}

Ptr<Socket>
TcpFsmSocketFactory::CreateSocket()
{
    return m_tcp->CreateSocket();
}

void
TcpFsmSocketFactory::DoDispose()
{
    m_tcp = nullptr;
    TcpSocketFactory::DoDispose();
}

} // namespace ns3
