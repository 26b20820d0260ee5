#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# Lab 09, RST handling: a refused connection, an abort by each end, and a RST that returns a
# listener's half-open connection (SYN_RCVD) to LISTEN.
# Usage: sh run.sh [OUTDIR]   (default: lab-09; four runs, OUTDIR/a .. OUTDIR/d)
# TCP_FSM_LAB names the lab program (default: the repository's build/bin/tcp-fsm-lab).
set -eu
root=$(cd "$(dirname "$0")/../../.." && pwd)
lab=${TCP_FSM_LAB:-$root/build/bin/tcp-fsm-lab}
out=${1:-lab-09}
mkdir -p "$out"
# a: nothing listens on the server's port: the SYN is answered with RST+ACK.
"$lab" --lab=09-rst --connections=1 --loss=0 --listen=false --out="$out/a"
# b: the client aborts (linger 0): its close() sends RST instead of FIN.
"$lab" --lab=09-rst --connections=1 --bytes=0 --loss=0 --ns3::TcpFsmSocket::AbortOnClose=true --out="$out/b"
# c: the server aborts instead.
"$lab" --lab=09-rst --connections=1 --bytes=0 --loss=0 --close=server \
    --ns3::TcpFsmSocket::AbortOnClose=true --out="$out/c"
# d: the handshake's ACK is lost and the client aborts at once: the RST reaches the
#    server's connection in SYN_RCVD.
"$lab" --lab=09-rst --connections=1 --bytes=0 --loss=0 --drop=ack3:1 \
    --ns3::TcpFsmSocket::AbortOnClose=true --out="$out/d"
