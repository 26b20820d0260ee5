/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * New congestion controls and recoveries for the sockets: what ObjectFactory::Create makes
 * from a TypeId, made cheaply where that is the same object (see TcpFsmCreateCongestionOps).
 */

#ifndef TCP_FSM_CC_FACTORY_H
#define TCP_FSM_CC_FACTORY_H

#include "ns3/ptr.h"
#include "ns3/tcp-congestion-ops.h"
#include "ns3/tcp-recovery-ops.h"
#include "ns3/type-id.h"

namespace ns3
{

/**
 * A new congestion control of type tid, the same object ObjectFactory::Create makes (its
 * attributes from their initial values, Config::SetDefault included). For the ns-3 classes
 * whose copy constructor copies plain values only (no random variable, no other object:
 * TcpNewReno, TcpLinuxReno, TcpCubic), it is a Fork() of an untouched prototype: about
 * 1,000 instructions where ObjectBase::ConstructSelf costs about 250,000 for a TcpCubic
 * (it serializes every attribute's initial value to a string when ns-3 is built with
 * logging, as Debian's is). The prototype is made again when an initial value of the type's
 * attributes changed (Config::SetDefault during a run). Aborts with the attribute's name
 * when tid is not a TcpCongestionOps.
 */
Ptr<TcpCongestionOps> TcpFsmCreateCongestionOps(TypeId tid);

/// The same for a loss recovery (TcpClassicRecovery and TcpPrrRecovery are forked).
Ptr<TcpRecoveryOps> TcpFsmCreateRecoveryOps(TypeId tid);

} // namespace ns3

#endif // TCP_FSM_CC_FACTORY_H
