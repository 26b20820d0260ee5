#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""Write the hand-made seed inputs of fuzz/corpus/ (segments, options, sweep-args, lab-args).

The script corpus is a few of test/scripts/*.pkt, copied by this script too. Run it from the
repository's root: python3 fuzz/make-seeds.py. The encoding of the segments target's input is
described in fuzz/tcp-fsm-fuzz-segments.cc (Event(), Segment()).
"""
import os
import shutil
import struct

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CORPUS = os.path.join(ROOT, "fuzz", "corpus")

FIN, SYN, RST, PSH, ACK, URG, ECE, CWR = 1, 2, 4, 8, 16, 32, 64, 128
NEAR, FAR, ANY, EXACT = 0, 1, 2, 3


def write(target, name, data):
    with open(os.path.join(CORPUS, target, name), "wb") as f:
        f.write(data)


# ---- segments ----------------------------------------------------------------------------
def seg(flags, seq=(EXACT, 0), ack=(EXACT, 0), window=65535, options=b"", payload=0,
        offset=None, reserved=0):
    """One 'segment' event (event byte 0)."""
    how = seq[0] | (ack[0] << 2)
    if payload >= 64:
        how |= 0x40
    if offset is not None:
        how |= 0x20
    out = bytes([0, flags, how])
    for kind, delta in (seq, ack):
        if kind == NEAR:
            out += struct.pack("b", delta)
        elif kind == FAR:
            out += struct.pack(">h", delta)
        elif kind == ANY:
            out += struct.pack(">I", delta & 0xFFFFFFFF)
    out += struct.pack(">H", window) + bytes([len(options)]) + options
    out += struct.pack(">H", payload) if payload >= 64 else bytes([payload])
    if offset is not None:
        out += bytes([offset])
    out += bytes([reserved]) + b"\x00\x00"
    return out


def wait(exp):
    return bytes([3, exp])


def send(n):
    return bytes([4]) + struct.pack(">H", n)


def recv(n=65535):
    return bytes([5]) + struct.pack(">H", n)


def app(which):  # 0 close, 2 shutdown send, 4 shutdown recv, 6 abort (+1: the listener)
    return bytes([6, which])


def read_all():
    return bytes([7])


MSS = b"\x02\x04\x05\xb4"
WS = b"\x03\x03\x07"
SYNACK = seg(SYN | ACK, seq=(NEAR, -1), options=MSS + WS + b"\x01")
ACTIVE = bytes([0]) + SYNACK
PASSIVE = bytes([1]) + seg(SYN, seq=(NEAR, -1), options=MSS + WS + b"\x01") + seg(ACK)

seeds = {
    "active-data-close": ACTIVE + seg(ACK | PSH, payload=50) + recv() + app(0)
    + seg(ACK) + seg(FIN | ACK) + wait(27),
    "active-peer-closes-first": ACTIVE + seg(FIN | ACK, payload=10) + read_all() + app(0)
    + seg(ACK) + wait(31),
    "active-send-and-retransmit": ACTIVE + send(3000) + wait(20) + wait(22) + seg(ACK)
    + app(6),
    "active-rst": ACTIVE + seg(RST),
    "active-rst-near": ACTIVE + seg(RST | ACK, seq=(NEAR, 5)),
    "active-syn-in-established": ACTIVE + seg(SYN, seq=(FAR, 100)),
    "active-refused": bytes([0]) + seg(RST | ACK, seq=(ANY, 0)),
    "active-simultaneous-open": bytes([0]) + seg(SYN, seq=(NEAR, -1)) + seg(SYN | ACK, seq=(NEAR, -1)),
    "passive-data-out-of-order": PASSIVE + seg(ACK, seq=(NEAR, 20), payload=20)
    + seg(ACK, payload=20) + seg(ACK, payload=40) + read_all() + app(0) + seg(FIN | ACK)
    + wait(30),
    "passive-big-segments": PASSIVE + seg(ACK | PSH, payload=1400) + seg(ACK, payload=1400)
    + recv(100) + recv(5000) + app(2) + wait(25),
    "passive-close-listener": PASSIVE + app(1) + app(0) + wait(31),
    "passive-syn-flood": bytes([1]) + seg(SYN, seq=(ANY, 5)) * 4 + wait(25),
    "passive-bad-options": bytes([1]) + seg(SYN, seq=(NEAR, -1), options=b"\x02\x00\x05")
    + seg(ACK, options=b"\x03\x01") + seg(ACK, options=b"\x08\x0a" + b"\x00" * 8)
    + seg(ACK, offset=3) + seg(ACK, offset=15, payload=10),
    "passive-syn-fin": bytes([1]) + seg(SYN | FIN, seq=(NEAR, -1)) + seg(SYN | RST, seq=(NEAR, -1))
    + seg(SYN | ACK, seq=(NEAR, -1), reserved=0x0f),
    "passive-half-close": PASSIVE + seg(FIN | ACK, payload=5) + read_all() + send(100)
    + seg(ACK) + app(0) + seg(ACK) + wait(31),
    "passive-window-zero": PASSIVE + seg(ACK, window=0) + send(2000) + wait(23) + wait(23)
    + seg(ACK, window=1000),
    "passive-urg-ece-cwr": PASSIVE + seg(ACK | URG | ECE | CWR | PSH, payload=8) + read_all(),
}
for name, data in seeds.items():
    write("segments", name, data)


# ---- options: raw TCP headers ------------------------------------------------------------
def header(flags, options=b"", offset=None, payload=b""):
    opts = options + b"\x00" * (-len(options) % 4)
    words = offset if offset is not None else (20 + len(opts)) // 4
    return struct.pack(">HHIIBBHHH", 5000, 80, 1000, 1, words << 4, flags, 65535, 0, 0) + opts + payload


for name, data in {
    "syn-mss-ws-sack-ts": header(SYN, MSS + b"\x01" + WS + b"\x04\x02" + b"\x08\x0a" + b"\x00\x00\x00\x01" * 2),
    "ack-sack-blocks": header(ACK, b"\x01\x01\x05\x12" + b"\x00\x00\x03\xe8\x00\x00\x07\xd0" * 2),
    "mss-zero": header(SYN, b"\x02\x04\x00\x00"),
    "wscale-15": header(SYN, b"\x03\x03\x0f"),
    "option-length-zero": header(SYN, b"\x02\x00"),
    "option-length-one": header(SYN, b"\x03\x01\x07"),
    "option-longer-than-header": header(SYN, b"\x02\x28\x05\xb4"),
    "offset-below-five": header(ACK, offset=4),
    "offset-past-end": header(ACK, offset=15),
    "eol-then-junk": header(ACK, b"\x00\x02\x04\x05\xb4"),
    "unknown-kind": header(ACK, b"\xfe\x06\x01\x02\x03\x04"),
    "with-payload": header(PSH | ACK, payload=b"hello"),
}.items():
    write("options", name, data)

# ---- script: a few of the project's own scripts ------------------------------------------
for name in ["established--app-close.pkt", "listen--rcv-syn.pkt", "fin-wait-1--rcv-fin-ack.pkt",
             "rfc1122-nagle.pkt", "rfc5681-out-of-order-fin-dup-ack.pkt"]:
    shutil.copy(os.path.join(ROOT, "test", "scripts", name), os.path.join(CORPUS, "script", name))
# Upstream syntax with %{ Python }% blocks (the target runs them through the Python subset).
for name in ["ecn-accept-only-server.pkt", "tcp-info-last-data-recv-from-establishment.pkt"]:
    shutil.copy(os.path.join(ROOT, "test", "scripts", "upstream-syntax", name),
                os.path.join(CORPUS, "script", "upstream-" + name))
for name in ["bad-number.pkt", "length-mismatch.pkt", "missing-ack-number.pkt"]:
    shutil.copy(os.path.join(ROOT, "test", "scripts", "bad", name),
                os.path.join(CORPUS, "script", "bad-" + name))

# ---- sweep-args: argument vectors, NUL-separated -----------------------------------------
for name, args in {
    "basic": ["--param", "loss=0,0.01,0.02", "--out=sweep", "--runs=3"],
    "two-params-plot": ["--param=loss=0,0.1", "--param=delay=1ms,10ms", "--plot=goodput:loss",
                        "--out", "o", "--jobs=2"],
    "lab-args": ["--param=ns3::TcpFsmSocket::Msl=1s,2s", "--out=x", "--", "--bytes=1000",
                 "--seed=3"],
    "emit": ["--param=x=1", "--out=o", "--emit-jobs=jobs.txt", "--emit-slurm=s.sh"],
    "collect": ["--collect=o", "--retry-failed"],
    "bad": ["--param", "loss", "--runs=0", "--bogus"],
}.items():
    write("sweep-args", name, "\0".join(args).encode())

# ---- lab-args: first byte picks the parser -----------------------------------------------
for name, (kind, text) in {
    "drop-one": (0, "synack:1"),
    "drop-many": (0, "syn:1-3,fin:2,any:7"),
    "drop-bad": (0, "sin:0-"),
    "number": (1, "1.5e3"),
    "time": (1, "200ms"),
    "summary": (2, '{"seed": 1, "run": 1, "goodput": 1.5e6, "rtt": null, "parameters": {"loss": 0.1}}'),
    "summary-bad": (2, '{"a": [1, 2'),
    "transition-row": (3, "1.000000000,0,1,10.1.1.1:49153,10.1.1.2:80,CLOSED,SYN_SENT,app_active_open,,,"),
    "segment-row": (4, "1.000000000,0,1,10.1.1.1:49153,10.1.1.2:80,tx,SYN,0,0,0,65535"),
    "segment-row-v6": (4, "0.5,1,2,[2001:db8::1]:80,[2001:db8::2]:5000,rx,SYN|ACK,1,1,0,100"),
}.items():
    write("lab-args", name, bytes([kind]) + text.encode())
