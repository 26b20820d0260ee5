#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# Lab 03, simultaneous open: a scripted peer opens at the same time as the socket.
# Usage: sh run.sh [OUTDIR]   (default: lab-03; writes OUTDIR/simultaneous-open.transitions.csv)
# TCP_FSM_SCRIPT names the script runner (default: the repository's build/bin/tcp-fsm-script).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
script=${TCP_FSM_SCRIPT:-$here/../../../build/bin/tcp-fsm-script}
out=${1:-lab-03}
"$script" --verbose --trace-dir="$out" "$here/simultaneous-open.pkt"
