#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# Lab 01, normal open and close: one connection, 2000 bytes, no loss.
# Usage: sh run.sh [OUTDIR]   (default: lab-01 in the working directory)
# TCP_FSM_LAB names the lab program (default: the repository's build/bin/tcp-fsm-lab).
set -eu
root=$(cd "$(dirname "$0")/../../.." && pwd)
lab=${TCP_FSM_LAB:-$root/build/bin/tcp-fsm-lab}
out=${1:-lab-01}
"$lab" --lab=01-normal-open-close --connections=1 --bytes=2000 --loss=0 --out="$out"
