#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# What report.html costs: the median wall time of N runs of tcp-fsm-lab with and without
# --report=false, for a small run and for lab 07's 200 connections; with GNU time
# (/usr/bin/time) also the median CPU time (user + system), which a loaded machine disturbs
# less. Prints the figures; it asserts nothing (timings depend on the machine).
#
#   sh test/labs/report-overhead.sh [LAB] [N]    (defaults: build/bin/tcp-fsm-lab, 7)
set -eu
lab=${1:-build/bin/tcp-fsm-lab}
n=${2:-7}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

median() {
    sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

measure() { # label, then the lab's options
    label=$1
    shift
    # Alternate the two kinds of run, so that a change in the machine's load hits both.
    : >"$work/true.t"
    : >"$work/false.t"
    : >"$work/true.c"
    : >"$work/false.c"
    i=0
    while [ $i -lt "$n" ]; do
        for report in true false; do
            start=$(date +%s.%N)
            if [ -x /usr/bin/time ]; then
                /usr/bin/time -f "%U + %S" -o "$work/cpu" "$lab" "$@" --report=$report \
                    --out="$work/out" >/dev/null
                bc <"$work/cpu" >>"$work/$report.c"
            else
                "$lab" "$@" --report=$report --out="$work/out" >/dev/null
            fi
            end=$(date +%s.%N)
            echo "$end - $start" | bc >>"$work/$report.t"
        done
        i=$((i + 1))
    done
    median <"$work/true.t" >"$work/true"
    median <"$work/false.t" >"$work/false"
    with=$(cat "$work/true")
    without=$(cat "$work/false")
    echo "$label: median of $n runs: $without s without report.html, $with s with it:" \
        "+$(echo "scale=1; 100 * ($with - $without) / $without" | bc) %"
    if [ -s "$work/true.c" ]; then
        cwith=$(median <"$work/true.c")
        cwithout=$(median <"$work/false.c")
        echo "  CPU time (user + system): $cwithout s without, $cwith s with it:" \
            "+$(echo "scale=1; 100 * ($cwith - $cwithout) / $cwithout" | bc) %"
    fi
}

measure "default run (5 connections of 50 kB)"
measure "lab 01 (1 connection of 2 kB)" --connections=1 --bytes=2000 --loss=0
measure "lab 07 (200 connections)" --connections=200 --interval=50ms --bytes=1000 --loss=0
