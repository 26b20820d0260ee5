/* SPDX-License-Identifier: GPL-2.0-only */
#include "ns3/tcp-fsm-emu-tap.h"

#ifdef __linux__
#include <fcntl.h>
#include <unistd.h>

#include <arpa/inet.h>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iomanip>
#include <linux/if.h>
#include <linux/if_tun.h>
#include <sstream>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <system_error>
#endif

namespace ns3
{

#ifdef __linux__

namespace
{

/// The network namespace of the machine (of process 1), as the kernel numbers it since
/// Linux 6.x made it fixed (PROC_NET_INIT_INO); older kernels number it like any other.
const ino_t INIT_NET_INODE = 0xeffffff9U;

/// An ifreq naming the interface \p name.
struct ifreq
Request(const std::string& name)
{
    struct ifreq ifr
    {};

    std::strncpy(ifr.ifr_name, name.c_str(), IFNAMSIZ - 1);
    return ifr;
}

} // namespace

std::size_t
TcpFsmEmuTap::MaxNameLength()
{
    return IFNAMSIZ - 1;
}

bool
TcpFsmEmuTap::InRootNetns(bool& known)
{
    struct stat self
    {};

    struct stat other
    {};

    known = false;
    if (stat("/proc/self/ns/net", &self) != 0)
    {
        return false;
    }
    auto same = [&self, &other]()
    {
        return self.st_ino == other.st_ino && self.st_dev == other.st_dev;
    };
    if (stat("/proc/1/ns/net", &other) == 0)
    {
        known = true;
        return same();
    }
    if (self.st_ino == INIT_NET_INODE)
    {
        known = true;
        return true;
    }
    for (const char* dir : {"/run/netns", "/var/run/netns"})
    {
        std::error_code ec;
        for (const auto& entry : std::filesystem::directory_iterator(dir, ec))
        {
            if (stat(entry.path().c_str(), &other) == 0 && same())
            {
                known = true;
                return false;
            }
        }
    }
    return false;
}

int
TcpFsmEmuTap::Create(const std::string& name, std::string& error)
{
    int fd = open("/dev/net/tun", O_RDWR | O_CLOEXEC);
    if (fd < 0)
    {
        error = "cannot open /dev/net/tun: " + std::string(std::strerror(errno))
                + " (creating a TAP device needs root, or CAP_NET_ADMIN)";
        return -1;
    }
    struct ifreq ifr = Request(name);
    ifr.ifr_flags = IFF_TAP | IFF_NO_PI;
    if (ioctl(fd, TUNSETIFF, &ifr) < 0)
    {
        error = "TUNSETIFF " + name + ": " + std::strerror(errno);
        ::close(fd);
        return -1;
    }
    return fd;
}

bool
TcpFsmEmuTap::Configure(const std::string& name,
                        Ipv4Address address,
                        Ipv4Mask mask,
                        std::string& mac,
                        std::string& error)
{
    int s = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (s < 0)
    {
        error = std::string("socket: ") + std::strerror(errno);
        return false;
    }
    // Each step: on failure, the error names the request and the device.
    auto failed = [&error, &name, s](const char* what)
    {
        error = std::string(what) + " " + name + ": " + std::strerror(errno);
        ::close(s);
        return false;
    };
    auto setAddress = [&name, s](unsigned long op, uint32_t value)
    {
        struct ifreq ifr = Request(name);
        struct sockaddr_in sin
        {};

        sin.sin_family = AF_INET;
        sin.sin_addr.s_addr = htonl(value);
        std::memcpy(&ifr.ifr_addr, &sin, sizeof(sin));
        return ioctl(s, op, &ifr) == 0;
    };
    if (!setAddress(SIOCSIFADDR, address.Get()))
    {
        return failed("SIOCSIFADDR");
    }
    if (!setAddress(SIOCSIFNETMASK, mask.Get()))
    {
        return failed("SIOCSIFNETMASK");
    }

    std::ofstream(("/proc/sys/net/ipv6/conf/" + name + "/disable_ipv6").c_str()) << "1\n";

    struct ifreq ifr = Request(name);
    if (ioctl(s, SIOCGIFFLAGS, &ifr) < 0)
    {
        return failed("SIOCGIFFLAGS");
    }
    ifr.ifr_flags |= IFF_UP | IFF_RUNNING;
    if (ioctl(s, SIOCSIFFLAGS, &ifr) < 0)
    {
        return failed("SIOCSIFFLAGS");
    }
    ifr = Request(name);
    mac = "?";
    if (ioctl(s, SIOCGIFHWADDR, &ifr) == 0)
    {
        std::ostringstream os;
        for (int i = 0; i < 6; ++i)
        {
            os << (i ? ":" : "") << std::hex << std::setw(2) << std::setfill('0')
               << (static_cast<unsigned>(ifr.ifr_hwaddr.sa_data[i]) & 0xff);
        }
        mac = os.str();
    }
    ::close(s);
    return true;
}

#else // not Linux: no TAP devices, no network namespaces

std::size_t
TcpFsmEmuTap::MaxNameLength()
{
    return 15;
}

bool
TcpFsmEmuTap::InRootNetns(bool& known)
{
    known = false;
    return false;
}

int
TcpFsmEmuTap::Create(const std::string& name, std::string& error)
{
    error = "cannot create the TAP device " + name + ": TAP devices need Linux";
    return -1;
}

bool
TcpFsmEmuTap::Configure(const std::string& name,
                        Ipv4Address /* address */,
                        Ipv4Mask /* mask */,
                        std::string& mac,
                        std::string& error)
{
    mac = "?";
    error = "cannot configure the TAP device " + name + ": TAP devices need Linux";
    return false;
}

#endif

} // namespace ns3
