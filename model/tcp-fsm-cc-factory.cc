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

/// A prototype and what it was made from: the initial value objects of its TypeId's attributes
/// and its parents' (Config::SetDefault replaces them; a prototype made from other values is
/// stale), held here, and their reference counts when it was made.
template<class T>
struct Prototype
{
    Ptr<T> object;
    std::vector<Ptr<const AttributeValue>> initialValues;
    std::vector<uint32_t> references;
};

/// Whether the prototype was made from the current initial values. Config::SetDefault makes
/// the TypeId let go of the initial value object it held, so the reference count of a value
/// held here drops below what it was when the prototype was made (the TypeId held it once
/// more then). Reading the TypeId's own pointers instead (TypeId::GetAttribute) copies each
/// attribute's whole description, its strings included: about 24,000 instructions per socket
/// for a TcpCubic, more than its handshake. A count that changed for another reason (a copy
/// held elsewhere) only remakes the prototype, which is always correct; the one change this
/// cannot see is a reference to the old value taken after the last socket was made, still
/// held when the next is made, while Config::SetDefault replaced it in between (the socket
/// prototype of TcpFsmL4Protocol::CreateSocket is checked the same way).
template<class T>
bool
Current(const Prototype<T>& p)
{
    for (std::size_t i = 0; i < p.initialValues.size(); ++i)
    {
        if (p.initialValues[i]->GetReferenceCount() != p.references[i])
        {
            return false;
        }
    }
    return true;
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
        p.initialValues.clear();
        for (TypeId t = tid; t != ObjectBase::GetTypeId(); t = t.GetParent())
        {
            for (std::size_t i = 0; i < t.GetAttributeN(); ++i)
            {
                p.initialValues.push_back(t.GetAttribute(i).initialValue);
            }
        }
        p.references.clear();
        for (const auto& value : p.initialValues)
        {
            p.references.push_back(value->GetReferenceCount());
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
