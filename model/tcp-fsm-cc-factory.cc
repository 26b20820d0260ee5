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

/// A prototype and what it was made from: the initial values of its TypeId's attributes and
/// its parents' (Config::SetDefault replaces them; a prototype made from other values is
/// stale).
template<class T>
struct Prototype
{
    Ptr<T> object;
    std::vector<TypeId> chain; ///< the TypeId and its parents up to ObjectBase
    std::vector<Ptr<const AttributeValue>> initialValues;
};

/// The TypeId and its parents up to ObjectBase (parents never change).
std::vector<TypeId>
Chain(TypeId tid)
{
    std::vector<TypeId> chain;
    for (TypeId t = tid; t != ObjectBase::GetTypeId(); t = t.GetParent())
    {
        chain.push_back(t);
    }
    return chain;
}

/// Whether the prototype was made from the current initial values. Exact: the TypeId is asked
/// for each attribute's initial value object, compared by identity (the prototype's record
/// holds a reference to each, so an address cannot be reused). ns-3.37 has no cheaper way to
/// read it (TypeId::GetAttribute copies the attribute's whole description, its strings
/// included); the comparison is made in place and stops at the first change.
template<class T>
bool
Current(const Prototype<T>& p)
{
    std::size_t k = 0;
    for (const TypeId& t : p.chain)
    {
        const std::size_t n = t.GetAttributeN();
        for (std::size_t i = 0; i < n; ++i, ++k)
        {
            if (k == p.initialValues.size() || t.GetAttribute(i).initialValue != p.initialValues[k])
            {
                return false;
            }
        }
    }
    return k == p.initialValues.size();
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
    // Never destroyed (a reachable cache: no ns-3 object destroyed after ns-3's own statics).
    static auto* prototypes = new std::map<uint16_t, Prototype<T>>;
    Prototype<T>& p = (*prototypes)[tid.GetUid()];
    if (!p.object || !Current(p))
    {
        p.object = CreateByTypeId<T>(tid, attribute, base);
        p.chain = Chain(tid);
        p.initialValues.clear();
        for (const TypeId& t : p.chain)
        {
            for (std::size_t i = 0; i < t.GetAttributeN(); ++i)
            {
                p.initialValues.push_back(t.GetAttribute(i).initialValue);
            }
        }
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
