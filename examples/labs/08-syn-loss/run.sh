#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# Lab 08, SYN loss: a lost SYN is retransmitted after ConnTimeout; when every SYN is lost,
# the client gives up after ConnCount retransmissions with a doubling timeout.
# Usage: sh run.sh [OUTDIR]   (default: lab-08; two runs, OUTDIR/a and OUTDIR/b)
# TCP_FSM_LAB names the lab program (default: the repository's build/bin/tcp-fsm-lab).
set -eu
root=$(cd "$(dirname "$0")/../../.." && pwd)
lab=${TCP_FSM_LAB:-$root/build/bin/tcp-fsm-lab}
out=${1:-lab-08}
mkdir -p "$out"
# a: the first SYN is lost.
"$lab" --lab=08-syn-loss --connections=1 --loss=0 --drop=syn:1 --out="$out/a"
# b: the first four SYNs are lost: with ConnCount=3 that is all of them.
"$lab" --lab=08-syn-loss --connections=1 --loss=0 --drop=syn:1-4 --ns3::TcpSocket::ConnCount=3 \
    --ns3::TcpSocket::ConnTimeout=1s --out="$out/b"
