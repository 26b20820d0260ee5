/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * The Profile attribute of TcpFsmSocket: one name for a set of defaults. "rfc" is the
 * model's own defaults (the RFCs' conservative numbers); "linux" is Linux's (the numbers
 * packetdrill scripts assume). The settings are a table: attribute, rfc value, linux value,
 * and where the Linux number comes from.
 */
#ifndef TCP_FSM_PROFILE_H
#define TCP_FSM_PROFILE_H

#include <cstdint>
#include <vector>

namespace ns3
{

/// The values of the Profile attribute.
enum class TcpFsmProfile : uint8_t
{
    RFC,   ///< the model's defaults
    LINUX, ///< Linux's defaults
};

/// One attribute a profile sets.
struct TcpFsmProfileSetting
{
    const char* attribute;  ///< TcpFsmSocket or TcpSocket attribute name
    const char* rfc;        ///< its value under Profile=rfc (the attribute's default)
    const char* linuxValue; ///< its value under Profile=linux (not "linux": a macro under gnu++17)
    const char* source;     ///< where the Linux number comes from
};

/// Every attribute the profiles set (SegmentSize under linux is special: from the MTU).
const std::vector<TcpFsmProfileSetting>& TcpFsmProfileSettings();

/// "rfc" or "linux".
const char* TcpFsmProfileName(TcpFsmProfile p);

} // namespace ns3

#endif /* TCP_FSM_PROFILE_H */
