/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "tcp-fsm-event.h"

#include <array>

namespace ns3
{

namespace
{

struct EventInfo
{
    TcpFsmEvent event;
    const char* name;
    const char* label;
    TcpFsmEventSource source;
};

// Declaration order; checked by the static_assert below and by the tests.
constexpr std::array<EventInfo, kTcpFsmEventCount> kEvents = {{
    {TcpFsmEvent::APP_PASSIVE_OPEN,
     "app_passive_open",
     "passive open",
     TcpFsmEventSource::APPLICATION},
    {TcpFsmEvent::APP_ACTIVE_OPEN,
     "app_active_open",
     "active open",
     TcpFsmEventSource::APPLICATION},
    {TcpFsmEvent::APP_SEND, "app_send", "send", TcpFsmEventSource::APPLICATION},
    {TcpFsmEvent::APP_CLOSE, "app_close", "close", TcpFsmEventSource::APPLICATION},
    {TcpFsmEvent::APP_SHUTDOWN, "app_shutdown", "shutdown", TcpFsmEventSource::APPLICATION},
    {TcpFsmEvent::APP_ABORT, "app_abort", "abort", TcpFsmEventSource::APPLICATION},
    {TcpFsmEvent::RCV_SYN, "rcv_syn", "rcv SYN", TcpFsmEventSource::SEGMENT},
    {TcpFsmEvent::RCV_SYN_ACK, "rcv_syn_ack", "rcv SYN+ACK", TcpFsmEventSource::SEGMENT},
    {TcpFsmEvent::RCV_ACK_OF_SYN, "rcv_ack_of_syn", "rcv ACK of SYN", TcpFsmEventSource::SEGMENT},
    {TcpFsmEvent::RCV_ACK_OF_FIN, "rcv_ack_of_fin", "rcv ACK of FIN", TcpFsmEventSource::SEGMENT},
    {TcpFsmEvent::RCV_FIN, "rcv_fin", "rcv FIN", TcpFsmEventSource::SEGMENT},
    {TcpFsmEvent::RCV_FIN_ACK, "rcv_fin_ack", "rcv FIN+ACK", TcpFsmEventSource::SEGMENT},
    {TcpFsmEvent::RCV_RST, "rcv_rst", "rcv RST", TcpFsmEventSource::SEGMENT},
    {TcpFsmEvent::RCV_DATA_AFTER_CLOSE,
     "rcv_data_after_close",
     "rcv data after close",
     TcpFsmEventSource::SEGMENT},
    {TcpFsmEvent::TIMEOUT_RETX, "timeout_retx", "retransmission give-up", TcpFsmEventSource::TIMER},
    {TcpFsmEvent::TIMEOUT_2MSL, "timeout_2msl", "2MSL timeout", TcpFsmEventSource::TIMER},
    {TcpFsmEvent::TIMEOUT_FIN_WAIT_2,
     "timeout_fin_wait_2",
     "FIN_WAIT_2 timeout",
     TcpFsmEventSource::TIMER},
    {TcpFsmEvent::TIMEOUT_KEEPALIVE,
     "timeout_keepalive",
     "keepalive timeout",
     TcpFsmEventSource::TIMER},
    {TcpFsmEvent::TIMEOUT_KEEPALIVE_GIVE_UP,
     "timeout_keepalive_give_up",
     "keepalive give-up",
     TcpFsmEventSource::TIMER},
    {TcpFsmEvent::APP_ACTIVE_OPEN_DATA,
     "app_active_open_data",
     "active open with data",
     TcpFsmEventSource::APPLICATION},
    {TcpFsmEvent::APP_ACTIVE_OPEN_DEFERRED,
     "app_active_open_deferred",
     "deferred active open",
     TcpFsmEventSource::APPLICATION},
    {TcpFsmEvent::APP_SEND_SYN_DATA,
     "app_send_syn_data",
     "first send",
     TcpFsmEventSource::APPLICATION},
    {TcpFsmEvent::RCV_SYN_FASTOPEN,
     "rcv_syn_fastopen",
     "rcv SYN with valid cookie",
     TcpFsmEventSource::SEGMENT},
    {TcpFsmEvent::RCV_SYN_ACK_DATA_ACKED,
     "rcv_syn_ack_data_acked",
     "rcv SYN+ACK of data",
     TcpFsmEventSource::SEGMENT},
    {TcpFsmEvent::RCV_SYN_ACK_DATA_NOT_ACKED,
     "rcv_syn_ack_data_not_acked",
     "rcv SYN+ACK of SYN only",
     TcpFsmEventSource::SEGMENT},
    {TcpFsmEvent::RCV_RST_FASTOPEN,
     "rcv_rst_fastopen",
     "rcv RST (Fast Open child)",
     TcpFsmEventSource::SEGMENT},
    {TcpFsmEvent::APP_ACTIVE_OPEN_ECN,
     "app_active_open_ecn",
     "active open with ECN",
     TcpFsmEventSource::APPLICATION},
    {TcpFsmEvent::RCV_SYN_ECN, "rcv_syn_ecn", "rcv ECN-setup SYN", TcpFsmEventSource::SEGMENT},
    {TcpFsmEvent::RCV_SYN_ACK_ECN,
     "rcv_syn_ack_ecn",
     "rcv ECN-setup SYN+ACK",
     TcpFsmEventSource::SEGMENT},
}};

constexpr bool
EventsInOrder()
{
    for (std::size_t i = 0; i < kEvents.size(); ++i)
    {
        if (static_cast<std::size_t>(kEvents[i].event) != i)
        {
            return false;
        }
    }
    return static_cast<std::size_t>(TcpFsmEvent::RCV_SYN_ACK_ECN) + 1 == kTcpFsmEventCount;
}

static_assert(EventsInOrder(), "kEvents must list every TcpFsmEvent in declaration order");

constexpr std::array<const char*, kTcpFsmStateCount> kStateNames = {
    "CLOSED",
    "LISTEN",
    "SYN_SENT",
    "SYN_RCVD",
    "ESTABLISHED",
    "CLOSE_WAIT",
    "LAST_ACK",
    "FIN_WAIT_1",
    "FIN_WAIT_2",
    "CLOSING",
    "TIME_WAIT",
};

static_assert(TcpSocket::CLOSED == 0 && TcpSocket::TIME_WAIT == 10 && TcpSocket::LAST_STATE == 11,
              "ns-3's TcpStates_t changed: update kStateNames");

constexpr std::array<const char*, kTcpFsmSendCount> kSendLabels = {"",
                                                                   "SYN",
                                                                   "SYN+ACK",
                                                                   "ACK",
                                                                   "FIN",
                                                                   "RST",
                                                                   "RST+ACK",
                                                                   "probe",
                                                                   "SYN+data",
                                                                   "SYN+ECE+CWR",
                                                                   "SYN+ACK+ECE"};

} // namespace

const char*
TcpFsmEventName(TcpFsmEvent e)
{
    return kEvents[static_cast<std::size_t>(e)].name;
}

const char*
TcpFsmEventLabel(TcpFsmEvent e)
{
    return kEvents[static_cast<std::size_t>(e)].label;
}

TcpFsmEventSource
TcpFsmEventSourceOf(TcpFsmEvent e)
{
    return kEvents[static_cast<std::size_t>(e)].source;
}

bool
TcpFsmEventFromName(const std::string& name, TcpFsmEvent& out)
{
    for (const auto& info : kEvents)
    {
        if (name == info.name)
        {
            out = info.event;
            return true;
        }
    }
    return false;
}

const char*
TcpFsmStateName(TcpFsmState s)
{
    auto i = static_cast<std::size_t>(s);
    return i < kStateNames.size() ? kStateNames[i] : "INVALID";
}

bool
TcpFsmStateFromName(const std::string& name, TcpFsmState& out)
{
    std::string n = name;
    for (char& c : n)
    {
        if (c == '-')
        {
            c = '_';
        }
    }
    if (n == "SYN_RECEIVED")
    {
        n = "SYN_RCVD";
    }
    for (std::size_t i = 0; i < kStateNames.size(); ++i)
    {
        if (n == kStateNames[i])
        {
            out = static_cast<TcpFsmState>(i);
            return true;
        }
    }
    return false;
}

const char*
TcpFsmSendLabel(TcpFsmSend s)
{
    return kSendLabels[static_cast<std::size_t>(s)];
}

TcpFsmEvent
TcpFsmEventAt(std::size_t index)
{
    return kEvents.at(index).event;
}

TcpFsmState
TcpFsmStateAt(std::size_t index)
{
    return static_cast<TcpFsmState>(kStateNames.at(index) ? index : 0);
}

} // namespace ns3
