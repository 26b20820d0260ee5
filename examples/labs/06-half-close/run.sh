#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# Lab 06, half-close: the client shuts down its direction; the server keeps sending.
# Usage: sh run.sh [OUTDIR]   (default: lab-06 in the working directory)
# TCP_FSM_LAB names the lab program (default: the repository's build/bin/tcp-fsm-lab).
set -eu
root=$(cd "$(dirname "$0")/../../.." && pwd)
lab=${TCP_FSM_LAB:-$root/build/bin/tcp-fsm-lab}
out=${1:-lab-06}
"$lab" --lab=06-half-close --connections=1 --bytes=5000 --loss=0 --close=half --out="$out"
