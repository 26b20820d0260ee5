#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""Split a callgrind profile of tcp-fsm-bench by room.

    valgrind --tool=callgrind --callgrind-out-file=cg.out \\
        build/bin/tcp-fsm-bench --once --connections=10000
    utils/tcp-fsm-callgrind-rooms.py cg.out [--connections=10000] [--functions=30]
        [--event=Ir]

--event picks which of the profile's events is split (default its first, Ir: instructions).
With `valgrind --tool=callgrind --cache-sim=yes --I1=32768,8,64 ...` the profile also has
I1mr, the first-level instruction cache misses (the wall-time gap to the floor on the hosts
measured so far), and D1mr/D1mw for data.

Every function whose name belongs to tcp-fsm (or to the bench program) is put in a room by
its name (first matching pattern below). ns-3's packet path and scheduler (IPv4, ARP,
routing, traffic control, devices, channel, queues, Simulator, events) is a room of its own,
as are set-up and tear-down (main, the install helpers, Destroy). The instructions of any
other function (Packet and Header code, callbacks, libstdc++, malloc) are charged to the
rooms that called it, in proportion to the inclusive cost of each call (gprof's assumption),
through any depth of such callers.
"""
import re
import sys
from collections import defaultdict

NS3 = "ns-3 packet path and scheduler"
SETUP = "set-up, tear-down (main, install, Destroy)"
# ns-3's own rooms: never charged to a caller (the floor pays them too)
BARRIERS = [
    (NS3,
     r"^ns3::(Ipv4L3Protocol|Ipv4Interface|PointToPoint\w*|ArpL3Protocol|ArpCache|"
     r"TrafficControlLayer|Ipv4ListRouting|Ipv4StaticRouting|Ipv4GlobalRouting|Node|"
     r"Simulator|DefaultSimulatorImpl|MapScheduler|Scheduler|EventImpl|EventId|Queue\w*|"
     r"DropTailQueue\w*)[:<]|^ns3::MakeEvent<void \(ns3::(PointToPoint|Ipv4|Arp)"),
    (SETUP,
     r"^main$|\(below main\)|Bench::(Run|Build|RecordFloor)\b|^ns3::Simulator::Destroy|"
     r"InternetStackHelper|PointToPointHelper|TcpFsmHelper|Ipv4AddressHelper"),
]
ROOMS = [
    ("bench program (app callbacks)", r"\(anonymous namespace\)::Bench|BenchFloor"),
    ("traces (transition record, trace sinks)",
     r"MakeRecord|TransitionRecord|NotifyTransition|TcpFsmTraceCsv|TracedCallback<ns3::TcpFsm"),
    ("timers", r"TcpFsmTimers|TcpFsmSocket::On\w*Timeout|TcpFsmSocket::\w*Timer"),
    ("TIME_WAIT table", r"TimeWait"),
    ("table dispatch (classify, lookup, apply, state)",
     r"FindTransition|TcpFsmTransitionTable|TcpFsmSegmentClassifier|Classify|"
     r"TcpFsmSocket::(Dispatch|Apply|SetState)|TcpFsmEvent|TcpFsmEventName"),
    ("L4 demux and send (parse, tuple lookup, header, route)", r"TcpFsmL4Protocol|TcpFsmTuple"),
    ("socket (API, segment processing, buffers, options)",
     r"TcpFsmSocket|TcpFsmTxBuffer|TcpFsmRxBuffer|TcpFsmOptions|TcpFsmSack|TcpFsm"),
]


def parse(path, event=None):
    """Self costs, call edges and the total of one event (the first when event is None)."""
    names = {}
    self_cost = defaultdict(int)
    edges = defaultdict(int)  # (caller, callee) -> inclusive cost
    fn = None
    cfn = None
    in_call = False
    total = None
    positions = 1  # "positions: line" unless the header says more (instr line: 2)
    column = 0  # the event's index among "events:"

    def name_of(token):
        m = re.match(r"\((\d+)\)(?: (.*))?", token)
        if not m:
            return token
        if m.group(2) is not None:
            names[m.group(1)] = m.group(2)
        return names.get(m.group(1), m.group(1))

    with open(path, errors="replace") as f:
        for line in f:
            line = line.rstrip("\n")
            if not line:
                continue
            c = line[0]
            if c.isdigit() or c in "+-*":
                parts = line.split()
                # trailing zero costs are left out of a line
                at = positions + column
                cost = int(parts[at]) if len(parts) > at else 0
                if in_call:
                    edges[(fn, cfn)] += cost
                    in_call = False
                else:
                    self_cost[fn] += cost
                continue
            if line.startswith("fn="):
                fn = name_of(line[3:])
            elif line.startswith("cfn="):
                cfn = name_of(line[4:])
            elif line.startswith("calls="):
                in_call = True
            elif line.startswith("positions:"):
                positions = len(line.split()) - 1
            elif line.startswith("events:"):
                events = line.split()[1:]
                if event is not None:
                    if event not in events:
                        raise KeyError(f"{path} has no event {event} (it has {' '.join(events)})")
                    column = events.index(event)
            elif line.startswith("summary:") or line.startswith("totals:"):
                values = line.split()[1:]
                total = int(values[column]) if len(values) > column else 0
    return self_cost, edges, total


def room_of(name):
    for room, pattern in BARRIERS + ROOMS:
        if re.search(pattern, name):
            return room
    return None


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    opts = {}
    for a in sys.argv[1:]:
        if not a.startswith("--"):
            continue
        key, eq, value = a[2:].partition("=")
        if key not in ("connections", "functions", "event") or not eq:
            print(f"tcp-fsm-callgrind-rooms: unknown option {a}", file=sys.stderr)
            sys.exit(2)
        opts[key] = value
    if len(args) != 1:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    for key in ("connections", "functions"):
        if key in opts and not opts[key].isdigit():
            print(f"tcp-fsm-callgrind-rooms: --{key}={opts[key]} is not a count", file=sys.stderr)
            sys.exit(2)
    event = opts.get("event")
    try:
        self_cost, edges, total = parse(args[0], event)
    except OSError as e:
        print(f"tcp-fsm-callgrind-rooms: {e}", file=sys.stderr)
        sys.exit(2)
    except KeyError as e:
        print(f"tcp-fsm-callgrind-rooms: {e.args[0]}", file=sys.stderr)
        sys.exit(2)
    unit = "instructions" if event in (None, "Ir") else event
    functions = set(self_cost) | {a for a, _ in edges} | {b for _, b in edges}
    callers = defaultdict(list)
    into = defaultdict(int)
    for (a, b), cost in edges.items():
        if a != b:
            callers[b].append((a, cost))
            into[b] += cost
    room = {f: room_of(f) for f in functions}
    # X(g): what g costs with its non-tcp-fsm callees, to be charged to its callers
    carried = {f: float(self_cost[f]) for f in functions if room[f] is None}
    for _ in range(60):  # converge through chains of non-tcp-fsm functions
        nxt = {f: float(self_cost[f]) for f in carried}
        for (a, b), cost in edges.items():
            if a != b and room.get(a) is None and room.get(b) is None and into[b]:
                nxt[a] += carried[b] * cost / into[b]
        done = all(abs(nxt[f] - carried[f]) < 1 for f in carried)
        carried = nxt
        if done:
            break
    rooms = defaultdict(float)
    charged = defaultdict(float)  # per function of a room: self + what it is charged
    for f in functions:
        if room[f] is not None:
            rooms[room[f]] += self_cost[f]
            charged[f] += self_cost[f]
    for (a, b), cost in edges.items():
        if a != b and room.get(a) is not None and room.get(b) is None and into[b]:
            rooms[room[a]] += carried[b] * cost / into[b]
            charged[a] += carried[b] * cost / into[b]
    total = total or sum(self_cost.values())
    rooms[NS3] += total - sum(rooms.values())  # what no room called (ld.so, static init)
    n = float(opts.get("connections", "0") or 0)
    print(f"{'room':58} {unit:>15} {'share':>7}" + ("  per connection" if n else ""))
    for r, _ in ROOMS + BARRIERS:
        v = rooms.get(r, 0)
        line = f"{r:58} {v:15,.0f} {100 * v / total if total else 0:6.1f}%"
        if n:
            line += f"  {v / n:14,.0f}"
        print(line)
    line = f"{'total (whole program)':58} {total:15,.0f} {100.0:6.1f}%"
    if n:
        line += f"  {total / n:14,.0f}"
    print(line)
    top = int(opts.get("functions", "0") or 0)
    if top:
        print(f"\nthe {top} costliest functions of the rooms (self + charged callees):")
        for f, v in sorted(charged.items(), key=lambda kv: -kv[1])[:top]:
            per = f" {v / n:10,.0f}/conn" if n else ""
            print(f"{v:15,.0f}{per}  [{room[f][:12]}] {f[:110]}")


if __name__ == "__main__":
    main()
