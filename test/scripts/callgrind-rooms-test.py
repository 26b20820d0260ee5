#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""Check utils/tcp-fsm-callgrind-rooms.py on a small profile written here.

    callgrind-rooms-test.py <repository root>

The profile has two events (Ir and I1mr, as `callgrind --cache-sim=yes` writes them, with a
trailing zero left out of a line) and five functions: main (set-up), a socket function
that calls malloc (charged to the socket room), an L4 function, and ns-3's IPv4 send (a
room of its own, never charged to a caller). Checks each room's figure for both events,
the per-connection column, and that bad arguments exit with status 2 and a message.
"""

import os
import re
import subprocess
import sys
import tempfile

sys.dont_write_bytecode = True

PROFILE = """# callgrind format
version: 1
creator: callgrind-rooms-test
positions: line
events: Ir I1mr
summary: 924 92

fl=(1) bench.cc
fn=(1) main
0 10 1
1 4
cfn=(2) ns3::TcpFsmSocket::Send(int)
calls=1 0
0 300 30
cfn=(3) ns3::TcpFsmL4Protocol::SendSegment(int)
calls=1 0
0 10 1
cfn=(5) ns3::Ipv4L3Protocol::Send(int)
calls=1 0
0 600 60

fn=(2)
0 200 20
cfn=(4) malloc
calls=2 0
0 100 10

fn=(4)
0 100 10

fn=(3)
0 10 1

fn=(5)
0 600 60
"""


def run(script, *args):
    return subprocess.run([sys.executable, script, *args], capture_output=True, text=True)


def figure(out, room):
    """The figure and the per-connection figure of the line that starts with room."""
    for line in out.splitlines():
        if line.startswith(room):
            fields = re.findall(r"[\d,.]+%?", line[58:])
            return [f for f in fields if not f.endswith("%")]
    raise AssertionError(f"no line for {room!r} in:\n{out}")


def expect(condition, message):
    if not condition:
        print("FAIL: " + message)
        sys.exit(1)


def main():
    script = os.path.join(sys.argv[1], "utils", "tcp-fsm-callgrind-rooms.py")
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "callgrind.out")
        with open(path, "w") as f:
            f.write(PROFILE)

        # per event: the heading, then each room's figure and figure per connection (2):
        # the socket's own and malloc's, which it called; main's second line has no I1mr
        # (a trailing zero left out)
        expected = {
            None: ("instructions", {"socket": ["300", "150"], "L4 demux": ["10", "5"],
                                    "ns-3 packet path": ["600", "300"], "set-up": ["14", "7"],
                                    "total": ["924", "462"]}),
            "I1mr": ("I1mr", {"socket": ["30", "15"], "L4 demux": ["1", "0"],
                              "ns-3 packet path": ["60", "30"], "set-up": ["1", "0"],
                              "total": ["92", "46"]}),
        }
        for event, (heading, rooms) in expected.items():
            args = [path, "--connections=2"] + ([f"--event={event}"] if event else [])
            got = run(script, *args)
            expect(got.returncode == 0, f"{event}: exit status {got.returncode}: {got.stderr}")
            expect(heading in got.stdout.splitlines()[0], f"{event}: heading {heading!r}")
            for room, figures in rooms.items():
                expect(figure(got.stdout, room) == figures,
                       f"{event}, {room}: expected {figures}:\n{got.stdout}")

        top = run(script, path, "--event=I1mr", "--functions=2")
        expect(top.returncode == 0
               and re.search(r"\n\s+60 .*Ipv4L3Protocol::Send\(int\)\n\s+30 .*TcpFsmSocket::Send",
                             top.stdout),
               "--functions=2: IPv4's send, then the socket's with malloc charged:\n" + top.stdout)

        for args, message in (
            ([path, "--event=D1mr"], "has no event D1mr (it has Ir I1mr)"),
            ([path, "--evnt=I1mr"], "unknown option --evnt=I1mr"),
            ([path, "--connections=many"], "--connections=many is not a count"),
            ([os.path.join(tmp, "missing.out")], "No such file"),
            ([], "Split a callgrind profile"),
        ):
            bad = run(script, *args)
            expect(bad.returncode == 2, f"{args}: exit status {bad.returncode}, expected 2")
            expect(message in bad.stderr, f"{args}: stderr lacks {message!r}:\n{bad.stderr}")
    print("callgrind-rooms: all checks passed")


if __name__ == "__main__":
    main()
