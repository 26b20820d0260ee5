/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef TCP_FSM_SOCKET_FACTORY_H
#define TCP_FSM_SOCKET_FACTORY_H

#include "ns3/ptr.h"
#include "ns3/tcp-socket-factory.h"

namespace ns3
{

class TcpFsmL4Protocol;

/**
 * \ingroup tcp-fsm
 * \brief The ns3::TcpSocketFactory of a node running tcp-fsm: applications that ask for
 * TcpSocketFactory::GetTypeId() get TcpFsmSocket objects.
 */
class TcpFsmSocketFactory : public TcpSocketFactory
{
  public:
    static TypeId GetTypeId();
    void SetTcp(Ptr<TcpFsmL4Protocol> tcp);
    Ptr<Socket> CreateSocket() override;

  protected:
    void DoDispose() override;

  private:
    Ptr<TcpFsmL4Protocol> m_tcp;
};

} // namespace ns3

#endif /* TCP_FSM_SOCKET_FACTORY_H */
