#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# Lab 03, simultaneous open: a scripted peer opens at the same time as the socket.
# Usage: sh run.sh [OUTDIR]   (default: lab-03; writes OUTDIR/simultaneous-open.transitions.csv
# and OUTDIR/report.html)
# TCP_FSM_SCRIPT names the script runner (default: the repository's build/bin/tcp-fsm-script),
# TCP_FSM_REPORT the report writer (default: tcp-fsm-report next to the script runner).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
script=${TCP_FSM_SCRIPT:-$here/../../../build/bin/tcp-fsm-script}
out=${1:-lab-03}
report=${TCP_FSM_REPORT:-$(dirname "$script")/tcp-fsm-report}
"$script" --verbose --trace-dir="$out" "$here/simultaneous-open.pkt"
# The script sets Msl=1s; it traces transitions only, so the ladder shows the states.
"$report" --lab=03-simultaneous-open --msl=1s --title="tcp-fsm script report" \
    --transitions="$out/simultaneous-open.transitions.csv" --out="$out/report.html"
