/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The host side of tcp-fsm-emu: is this the machine's own network namespace, the TAP device,
 * and the address of its host side.
 */
#ifndef TCP_FSM_EMU_TAP_H
#define TCP_FSM_EMU_TAP_H

#include "ns3/ipv4-address.h"

#include <cstddef>
#include <string>

namespace ns3
{

/**
 * \ingroup tcp-fsm
 * \brief The host side of an emulation through a TAP device (Linux).
 *
 * Nothing here uses ns-3's fd-net-device: Create() returns the descriptor of the device, which
 * the program hands to its FdNetDevice. Failures are returned with a message naming the
 * system call (or the file) and the system's error, for the program to print. On systems
 * other than Linux, Create() and Configure() fail and InRootNetns() cannot tell.
 */
class TcpFsmEmuTap
{
  public:
    /// The longest interface name the kernel accepts (IFNAMSIZ - 1).
    static std::size_t MaxNameLength();

    /**
     * Is this process in the machine's own network namespace? Sets \p known to false when
     * that cannot be told. The answer, in order: same namespace as process 1 (when
     * /proc/1/ns/net can be read: some sandboxes hide it even from root); the fixed number
     * of the initial namespace; a namespace made with `ip netns add` (mounted under
     * /run/netns) is not the root one.
     */
    static bool InRootNetns(bool& known);

    /**
     * Create the TAP device \p name (Ethernet frames, no packet information header).
     * \return its descriptor (the device lives as long as the descriptor), or -1 with
     * \p error set
     */
    static int Create(const std::string& name, std::string& error);

    /**
     * Give the TAP's host side its IPv4 address and mask, turn IPv6 off on it (no router
     * solicitations or DAD to ignore), and bring it up.
     * \param mac set to its MAC address ("?" when it cannot be read)
     * \return false, with \p error set, when a step fails
     */
    static bool Configure(const std::string& name,
                          Ipv4Address address,
                          Ipv4Mask mask,
                          std::string& mac,
                          std::string& error);
};

} // namespace ns3

#endif /* TCP_FSM_EMU_TAP_H */
