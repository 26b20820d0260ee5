/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * tcp-fsm-soak's counts: adding up seeds, and the one-line key=value summary that the
 * program prints and that --jobs reads back from its workers.
 */
#include "ns3/tcp-fsm-soak.h"

#include <sstream>
#include <utility>

namespace ns3
{

void
TcpFsmSoakResult::Add(const TcpFsmSoakResult& o)
{
    seeds += o.seeds;
    connections += o.connections;
    completed += o.completed;
    errors += o.errors;
    bytesChecked += o.bytesChecked;
    lost += o.lost;
    duplicated += o.duplicated;
    reordered += o.reordered;
    corrupted += o.corrupted;
    stuck += o.stuck;
    failures += o.failures;
    netPackets += o.netPackets;
    netLost += o.netLost;
    netLinkDown += o.netLinkDown;
    netCorrupted += o.netCorrupted;
    netDuplicated += o.netDuplicated;
    netDelayed += o.netDelayed;
    flaps += o.flaps;
    checksumDrops += o.checksumDrops;
    appTimeouts += o.appTimeouts;
    notes.insert(notes.end(), o.notes.begin(), o.notes.end());
}

namespace
{
/// The fields of Line(), in order.
std::vector<std::pair<const char*, uint64_t TcpFsmSoakResult::*>>
Fields()
{
    return {{"seeds", &TcpFsmSoakResult::seeds},
            {"connections", &TcpFsmSoakResult::connections},
            {"completed", &TcpFsmSoakResult::completed},
            {"errors", &TcpFsmSoakResult::errors},
            {"app_timeouts", &TcpFsmSoakResult::appTimeouts},
            {"bytes_checked", &TcpFsmSoakResult::bytesChecked},
            {"lost", &TcpFsmSoakResult::lost},
            {"duplicated", &TcpFsmSoakResult::duplicated},
            {"reordered", &TcpFsmSoakResult::reordered},
            {"corrupted", &TcpFsmSoakResult::corrupted},
            {"stuck", &TcpFsmSoakResult::stuck},
            {"failures", &TcpFsmSoakResult::failures},
            {"net_packets", &TcpFsmSoakResult::netPackets},
            {"net_lost", &TcpFsmSoakResult::netLost},
            {"net_link_down", &TcpFsmSoakResult::netLinkDown},
            {"net_corrupted", &TcpFsmSoakResult::netCorrupted},
            {"net_duplicated", &TcpFsmSoakResult::netDuplicated},
            {"net_delayed", &TcpFsmSoakResult::netDelayed},
            {"flaps", &TcpFsmSoakResult::flaps},
            {"checksum_drops", &TcpFsmSoakResult::checksumDrops}};
}
} // namespace

std::string
TcpFsmSoakResult::Line() const
{
    std::ostringstream os;
    bool first = true;
    for (const auto& [name, field] : Fields())
    {
        os << (first ? "" : " ") << name << "=" << this->*field;
        first = false;
    }
    return os.str();
}

bool
TcpFsmSoakResult::FromLine(const std::string& line, TcpFsmSoakResult& out)
{
    std::istringstream is(line);
    out = TcpFsmSoakResult();
    for (const auto& [name, field] : Fields())
    {
        std::string word;
        if (!(is >> word) || word.rfind(std::string(name) + "=", 0) != 0)
        {
            return false;
        }
        try
        {
            out.*field = std::stoull(word.substr(std::string(name).size() + 1));
        }
        catch (const std::exception&)
        {
            return false;
        }
    }
    return true;
}

} // namespace ns3
