#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# Two builds of tcp-fsm-bench on the same scenario, run by turns (A, B, A, B, ...) so that a
# machine that slows down for a while slows both: each one's run_s (the time inside
# Simulator::Run) min / median / max, the ratio of the medians B / A, and the median and range
# of the run-by-run ratios. For a build option (./setup.sh --pgo) or a change, against the
# build before it.
#
#   utils/tcp-fsm-bench-ab.sh A_BENCH B_BENCH [runs] [tcp-fsm-bench options ...]
#   utils/tcp-fsm-bench-ab.sh build/bin/tcp-fsm-bench build-pgo/bin/tcp-fsm-bench 5 \
#       --stack=fsm --connections=10000
#
# runs: runs of each (default 5). The options go to every run (with --once added).
# Exit status 0, or 2 with a message for bad arguments or a run that failed.
set -u
usage() {
    echo "usage: $0 A_BENCH B_BENCH [runs] [tcp-fsm-bench options ...]" >&2
    exit 2
}
[ $# -ge 2 ] || usage
a=$1
b=$2
shift 2
runs=5
if [ $# -ge 1 ]; then
    case $1 in
    -*) ;;
    '' | *[!0-9]*) echo "$0: runs must be a positive integer, got '$1'" >&2; exit 2 ;;
    *) runs=$1; shift ;;
    esac
fi
[ "$runs" -ge 1 ] 2>/dev/null || { echo "$0: runs must be at least 1" >&2; exit 2; }
for prog in "$a" "$b"; do
    [ -x "$prog" ] || { echo "$0: not an executable program: $prog" >&2; exit 2; }
done
out=$(mktemp)
trap 'rm -f "$out"' EXIT
i=1
while [ "$i" -le "$runs" ]; do
    for side in a b; do
        if [ $side = a ]; then prog=$a; else prog=$b; fi
        line=$("$prog" --once "$@") || { echo "$0: run $i of $prog failed" >&2; exit 2; }
        t=$(printf '%s\n' "$line" | sed -n 's/.* run_s=\([0-9.]*\) .*/\1/p')
        [ -n "$t" ] || { echo "$0: no run_s in the output of $prog: $line" >&2; exit 2; }
        echo "run=$i build=$side run_s=$t"
        echo "$i $side $t" >>"$out"
    done
    i=$((i + 1))
done
# median() sorts its array in place (awk passes arrays by reference): after it, v[1] and v[n]
# are the minimum and the maximum printed below.
awk -v a="$a" -v b="$b" '
function median(v, n,    i, j, t) {
    for (i = 2; i <= n; i++) { t = v[i]; for (j = i - 1; j >= 1 && v[j] > t; j--) v[j + 1] = v[j]; v[j + 1] = t }
    return n % 2 ? v[(n + 1) / 2] : (v[n / 2] + v[n / 2 + 1]) / 2
}
{ t[$2, $1] = $3; n = $1 }
END {
    for (i = 1; i <= n; i++) { va[i] = t["a", i]; vb[i] = t["b", i]; r[i] = t["b", i] / t["a", i] }
    ma = median(va, n); mb = median(vb, n); mr = median(r, n)
    printf "summary build=a program=%s runs=%d run_s_min=%.4f run_s_median=%.4f run_s_max=%.4f\n", a, n, va[1], ma, va[n]
    printf "summary build=b program=%s runs=%d run_s_min=%.4f run_s_median=%.4f run_s_max=%.4f\n", b, n, vb[1], mb, vb[n]
    printf "ratio b/a: run_s=%.3f (medians) paired_run_s=%.3f [%.3f..%.3f] (run by run)\n", mb / ma, mr, r[1], r[n]
}' "$out"
