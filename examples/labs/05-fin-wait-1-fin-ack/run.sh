#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# Lab 05, FIN+ACK in FIN_WAIT_1: straight to TIME_WAIT, without FIN_WAIT_2.
# Usage: sh run.sh [OUTDIR]   (default: lab-05; two runs, OUTDIR/a and OUTDIR/b)
# TCP_FSM_LAB names the lab program (default: the repository's build/bin/tcp-fsm-lab).
set -eu
root=$(cd "$(dirname "$0")/../../.." && pwd)
lab=${TCP_FSM_LAB:-$root/build/bin/tcp-fsm-lab}
out=${1:-lab-05}
mkdir -p "$out"
# a: tcp-fsm at both ends; the server's separate ACK of the client's FIN is lost.
"$lab" --lab=05-fin-wait-1-fin-ack --connections=1 --bytes=0 --loss=0 --drop=ackfin:1 --out="$out/a"
# b: ns-3's TCP on the server: it sends its FIN before the ACK of the client's FIN.
"$lab" --lab=05-fin-wait-1-fin-ack --connections=1 --bytes=0 --loss=0 --server-stack=ns3 --out="$out/b"
