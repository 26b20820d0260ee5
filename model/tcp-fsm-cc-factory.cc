/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "tcp-fsm-cc-factory.h"

#include "ns3/abort.h"
#include "ns3/object-factory.h"
#include "ns3/tcp-cubic.h"
#include "ns3/tcp-linux-reno.h"
#include "ns3/tcp-prr-recovery.h"

#include <algorithm>
#include <iterator>
#include <map>
#include <vector>

namespace ns3
{

namespace
{

template<class T>
Ptr<T>
CreateByTypeId(TypeId tid, const char* attribute, const char* base)
{
    ObjectFactory factory;
    factory.SetTypeId(tid);
    Ptr<T> object = DynamicCast<T>(factory.Create());
    NS_ABORT_MSG_IF(!object,
                    "TcpFsmSocket: attribute " << attribute << " must name a subclass of " << base
                                               << ", not " << tid.GetName());
    return object;
}

/// The initial values of a TypeId's attributes and its parents' (Config::SetDefault
/// replaces them): a prototype made from other values is stale.
std::vector<Ptr<const AttributeValue>>
InitialValues(TypeId tid)
{
    std::vector<Ptr<const AttributeValue>> values;
    for (TypeId t = tid; t != ObjectBase::GetTypeId(); t = t.GetParent())
    {
        for (std::size_t i = 0; i < t.GetAttributeN(); ++i)
        {
            values.push_back(t.GetAttribute(i).initialValue);
        }
    }
    return values;
}

/// See TcpFsmCreateCongestionOps.
template<class T>
Ptr<T>
CreateFresh(TypeId tid, const char* attribute, const char* base)
{
    static const TypeId forkable[] = {TcpNewReno::GetTypeId(),
                                      TcpLinuxReno::GetTypeId(),
                                      TcpCubic::GetTypeId(),
                                      TcpClassicRecovery::GetTypeId(),
                                      TcpPrrRecovery::GetTypeId()};
    if (std::find(std::begin(forkable), std::end(forkable), tid) == std::end(forkable))
    {
        return CreateByTypeId<T>(tid, attribute, base);
    }
    struct Prototype
    {
        Ptr<T> object;
        std::vector<Ptr<const AttributeValue>> initialValues;
    };

    // Never destroyed (a reachable cache: no ns-3 object destroyed after ns-3's own statics).
    static auto* prototypes = new std::map<uint16_t, Prototype>;
    Prototype& p = (*prototypes)[tid.GetUid()];
    std::vector<Ptr<const AttributeValue>> now = InitialValues(tid);
    if (!p.object || p.initialValues != now)
    {
        p.object = CreateByTypeId<T>(tid, attribute, base);
        p.initialValues = std::move(now);
    }
    return DynamicCast<T>(p.object->Fork());
}

} // namespace

Ptr<TcpCongestionOps>
TcpFsmCreateCongestionOps(TypeId tid)
{
    return CreateFresh<TcpCongestionOps>(tid, "CongestionOps", "ns3::TcpCongestionOps");
}

Ptr<TcpRecoveryOps>
TcpFsmCreateRecoveryOps(TypeId tid)
{
    return CreateFresh<TcpRecoveryOps>(tid, "RecoveryType", "ns3::TcpRecoveryOps");
}

} // namespace ns3
