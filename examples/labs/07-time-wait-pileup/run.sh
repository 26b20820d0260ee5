#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# Lab 07, TIME_WAIT pile-up against MSL: 200 short connections, 20 a second, for three MSLs;
# plots the client's TIME_WAIT count over time (OUTDIR/time-wait.png, with gnuplot).
# Usage: sh run.sh [OUTDIR]   (default: lab-07; runs in OUTDIR/msl-1s, msl-2s, msl-30s)
# TCP_FSM_LAB names the lab program (default: the repository's build/bin/tcp-fsm-lab).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
lab=${TCP_FSM_LAB:-$here/../../../build/bin/tcp-fsm-lab}
out=${1:-lab-07}
mkdir -p "$out"
for msl in 1s 2s 30s; do
    "$lab" --lab=07-time-wait-pileup --connections=200 --interval=50ms --bytes=1000 --loss=0 \
        --ns3::TcpFsmSocket::Msl=$msl --out="$out/msl-$msl"
    # time and TIME_WAIT count of the client (node 0), from the state-count trace
    awk -F, 'NR > 1 && $2 == 0 { print $1, $11 }' "$out/msl-$msl/state-counts.csv" \
        >"$out/msl-$msl.dat"
done
if command -v gnuplot >/dev/null 2>&1; then
    gnuplot -e "dir='$out'" "$here/time-wait.gp"
    echo "plot: $out/time-wait.png"
else
    echo "gnuplot is not installed: no plot (the data are in $out/msl-*.dat)"
fi
