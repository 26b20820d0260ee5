#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""A stand-in for tcp-fsm-lab, for the tests of tcp-fsm-sweep (Python 3 standard library only).

It honours the lab's command-line contract:

  fake-lab.py [--loss=P] [--delay=T] [--connections=N] [--close=WHO]
              [--ns3::TcpFsmSocket::Msl=T] --seed=S --run=R --out=DIR

writes DIR atomically (built as DIR.tmp-PID, renamed at the end) with summary.json, one flat
JSON object of metrics computed deterministically from the arguments, plus "parameters",
"seed" and "run"; exits 0 when done, 2 on a bad option (one line naming it), 1 on an
internal error. Options for the tests:

  --counter=FILE     append one line (--out, a tab, the working directory) to FILE when
                     starting: counts launches
  --crash-run=R      crash (SIGSEGV) in run R ...
  --crash-loss=P     ... only at loss P
  --fail-run=R       exit 1 with a message in run R
  --no-summary-run=R exit 0 without writing anything in run R
  --sleep=S          sleep S seconds before writing ...
  --sleep-run=R      ... only in run R

The metrics (L = loss, D = delay in s, M = Msl in s, C = connections, R = run):
  m = L*1000 + R, connections_attempted = C, connections_completed = C - R%2,
  connections_failed = R%2, time_wait_mean_s = 2*M, setup_time_median_s = 2*D + L*R,
  teardown_time_median_s = 4*D when L == 0, else null; retx_syn = L*100*R only when L > 0.
"""
import json
import os
import signal
import sys
import time

PROG = "fake-lab"
UNITS = [("min", 60.0), ("ms", 1e-3), ("us", 1e-6), ("ns", 1e-9), ("s", 1.0), ("h", 3600.0)]


def usage_error(message):
    print("%s: %s" % (PROG, message), file=sys.stderr, flush=True)
    sys.exit(2)


def parse_time(name, text):
    for unit, factor in UNITS:
        if text.endswith(unit) and len(text) > len(unit):
            number = text[: -len(unit)]
            break
    else:
        number, factor = text, 1.0
    try:
        value = float(number)
    except ValueError:
        usage_error("--%s='%s' is not a time (a number with s, ms, us, ns, min or h)" % (name, text))
    if value < 0:
        usage_error("--%s='%s' is not a time" % (name, text))
    return value * factor


def parse_float(name, text):
    try:
        return float(text)
    except ValueError:
        usage_error("--%s='%s' is not a number" % (name, text))


def parse_uint(name, text):
    if not text.isdigit():
        usage_error("--%s='%s' is not a whole number >= 0" % (name, text))
    return int(text)


def parse_text(name, text):
    if not text:
        usage_error("--%s needs a value" % name)
    return text


def parse_close(name, text):
    choices = ["client", "server", "simultaneous", "half"]
    if text not in choices:
        usage_error("--%s='%s' is not one of: %s" % (name, text, ", ".join(choices)))
    return text


OPTIONS = {
    "loss": (parse_float, "0"),
    "delay": (parse_time, "10ms"),
    "connections": (parse_uint, "2"),
    "close": (parse_close, "client"),
    "ns3::TcpFsmSocket::Msl": (parse_time, "120s"),
    "seed": (parse_uint, "1"),
    "run": (parse_uint, "1"),
    "out": (parse_text, None),
    "counter": (parse_text, None),
    "crash-run": (parse_uint, None),
    "crash-loss": (parse_float, None),
    "fail-run": (parse_uint, None),
    "no-summary-run": (parse_uint, None),
    "sleep": (parse_float, None),
    "sleep-run": (parse_uint, None),
}


def main(argv):
    raw = {}
    values = {}
    for arg in argv:
        if arg == "--PrintHelp":
            print("fake-lab options (a stand-in for tcp-fsm-lab):")
            for name, (_, default) in OPTIONS.items():
                print("    --%s: [%s]" % (name, default if default is not None else ""))
            return 0
        if not arg.startswith("--") or "=" not in arg:
            usage_error("unexpected argument '%s' (options are --name=value)" % arg)
        name, text = arg[2:].split("=", 1)
        if name not in OPTIONS:
            usage_error("unknown option --%s (see --PrintHelp)" % name)
        raw[name] = text
        values[name] = OPTIONS[name][0](name, text)
    for name, (parse, default) in OPTIONS.items():
        if name not in values and default is not None:
            raw[name] = default
            values[name] = parse(name, default)
    out = values.get("out")
    if not out:
        usage_error("--out=DIR is required")

    run = values["run"]
    loss = values["loss"]
    if "counter" in values:
        fd = os.open(values["counter"], os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
        os.write(fd, ("%s\t%s\n" % (out, os.getcwd())).encode())
        os.close(fd)
    if "sleep" in values and values.get("sleep-run", run) == run:
        time.sleep(values["sleep"])

    tmp = "%s.tmp-%d" % (out, os.getpid())
    os.mkdir(tmp)
    with open(os.path.join(tmp, "transitions.csv"), "w") as f:
        f.write("time,node,socket,local,peer,from,to,cause,flags,seq,ack\n")
    if values.get("crash-run") == run and values.get("crash-loss", loss) == loss:
        print("%s: simulated crash in run %d" % (PROG, run), file=sys.stderr, flush=True)
        signal.signal(signal.SIGSEGV, signal.SIG_DFL)
        os.kill(os.getpid(), signal.SIGSEGV)
    if values.get("fail-run") == run:
        print("%s: progress 50%%" % PROG, file=sys.stderr)
        print("%s: internal error: simulated failure in run %d" % (PROG, run), file=sys.stderr)
        return 1
    if values.get("no-summary-run") == run:
        return 0  # a lab that forgot its output

    delay = values["delay"]
    msl = values["ns3::TcpFsmSocket::Msl"]
    connections = values["connections"]
    summary = {
        "parameters": {k: raw[k] for k in ("loss", "delay", "connections", "close",
                                           "ns3::TcpFsmSocket::Msl")},
        "seed": values["seed"],
        "run": run,
        "m": loss * 1000 + run,
        "connections_attempted": connections,
        "connections_completed": connections - run % 2,
        "connections_failed": run % 2,
        "time_wait_mean_s": 2 * msl,
        "setup_time_median_s": 2 * delay + loss * run,
        "teardown_time_median_s": 4 * delay if loss == 0 else None,
        "note": "strings and booleans are not metrics",
        "complete": True,
    }
    if loss > 0:
        summary["retx_syn"] = loss * 100 * run
    with open(os.path.join(tmp, "summary.json"), "w") as f:
        json.dump(summary, f, indent=2)
        f.write("\n")
    print("fake-lab: run %d done" % run)
    try:
        os.rename(tmp, out)
    except OSError as e:
        print("%s: cannot rename %s to %s: %s" % (PROG, tmp, out, e), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
