#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# Lab 04, simultaneous close: both applications close at the same instant; the FINs cross.
# Usage: sh run.sh [OUTDIR]   (default: lab-04 in the working directory)
# TCP_FSM_LAB names the lab program (default: the repository's build/bin/tcp-fsm-lab).
set -eu
root=$(cd "$(dirname "$0")/../../.." && pwd)
lab=${TCP_FSM_LAB:-$root/build/bin/tcp-fsm-lab}
out=${1:-lab-04}
"$lab" --lab=04-simultaneous-close --connections=1 --bytes=2000 --loss=0 --close=simultaneous --out="$out"
