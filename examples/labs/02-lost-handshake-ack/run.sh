#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# Lab 02, the lost third segment of the handshake: the server lingers in SYN_RCVD.
# Usage: sh run.sh [OUTDIR]   (default: lab-02; two runs, OUTDIR/a and OUTDIR/b)
# TCP_FSM_LAB names the lab program (default: the repository's build/bin/tcp-fsm-lab).
set -eu
root=$(cd "$(dirname "$0")/../../.." && pwd)
lab=${TCP_FSM_LAB:-$root/build/bin/tcp-fsm-lab}
out=${1:-lab-02}
mkdir -p "$out"
# a: the first ACK of the handshake is lost; the SYN+ACK is retransmitted and answered.
"$lab" --lab=02-lost-handshake-ack --connections=1 --bytes=0 --close=server --loss=0 --drop=ack3:1 --out="$out/a"
# b: every ACK of the handshake is lost; the server gives up after 3 SYN+ACK retransmissions.
"$lab" --lab=02-lost-handshake-ack --connections=1 --bytes=0 --close=server --loss=0 --drop=ack3:1-4 \
    --ns3::TcpSocket::ConnCount=3 --out="$out/b"
