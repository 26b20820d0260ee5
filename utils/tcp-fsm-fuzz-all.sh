#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Runs the libFuzzer targets ONE AT A TIME, each at `nice -n NICE` (19) in one process, for at most
# SECONDS seconds or RUNS executions, from a working corpus outside the repository
# (WORK/NAME, seeded from fuzz/corpus/NAME and fuzz/regressions/NAME), and prints one
# summary line per target from libFuzzer's final lines:
#   target=NAME runs=N seconds=S exec_per_s=R cov=C ft=F corpus=K findings=X
# A crash, leak or timeout is left in WORK/NAME-findings/ and makes the exit status 1.
#
# Usage: utils/tcp-fsm-fuzz-all.sh SECONDS [NAME...]
#   NAME: segments options script sweep-args lab-args (default: all, fast ones first)
# Environment: BUILD (build-fuzz), WORK (/tmp/tcp-fsm-fuzzwork), RUNS (10000000),
#   NICE (19; 0 gives the fuzzer a whole core next to builds that run niced),
#   RSS_MB (2048), TIMEOUT (60 s per input), EXTRA (more libFuzzer flags),
#   ASAN_OPTIONS (default quarantine_size_mb=16: ASan's quarantine of freed memory is 256 MB
#   by default, so every allocation touched fresh pages and page-faulted; 16 MB still holds
#   everything an input frees many times over, so a use after free inside an input, or of
#   memory the previous inputs freed, is still reported).
# The build: CC=clang CXX=clang++ cmake -S . -B build-fuzz -DTCP_FSM_FUZZ=ON
#   -DCMAKE_BUILD_TYPE=RelWithDebInfo && cmake --build build-fuzz --target tcp-fsm-fuzz-NAME
set -u
here="$(cd "$(dirname "$0")/.." && pwd)"
if [ $# -lt 1 ] || ! [[ "$1" =~ ^[0-9]+$ ]]; then
    echo "usage: $0 SECONDS [NAME...]  (NAME: segments options script sweep-args lab-args)" >&2
    exit 2
fi
seconds="$1"
shift
names=("$@")
[ ${#names[@]} -gt 0 ] || names=(options lab-args script sweep-args segments)
build="${BUILD:-$here/build-fuzz}"
work="${WORK:-/tmp/tcp-fsm-fuzzwork}"
runs="${RUNS:-10000000}"
rss="${RSS_MB:-2048}"
timeout="${TIMEOUT:-60}"
status=0
export ASAN_OPTIONS="${ASAN_OPTIONS:-quarantine_size_mb=16}"
for name in "${names[@]}"; do
    bin="$build/bin/tcp-fsm-fuzz-$name"
    if [ ! -x "$bin" ]; then
        echo "$0: $bin is missing (build it with TCP_FSM_FUZZ=ON)" >&2
        exit 2
    fi
    corpus="$work/$name"
    findings="$work/$name-findings"
    log="$work/$name.log"
    mkdir -p "$corpus" "$findings"
    seeds=("$here/fuzz/corpus/$name")
    [ -d "$here/fuzz/regressions/$name" ] && seeds+=("$here/fuzz/regressions/$name")
    # shellcheck disable=SC2086 # EXTRA is a list of flags
    nice -n "${NICE:-19}" "$bin" -runs="$runs" -max_total_time="$seconds" -rss_limit_mb="$rss" \
        -timeout="$timeout" -print_final_stats=1 -artifact_prefix="$findings/" ${EXTRA:-} \
        "$corpus" "${seeds[@]}" >"$log" 2>&1
    rc=$?
    done_line="$(grep -E '^Done [0-9]+ runs in [0-9]+ second' "$log" | tail -n 1)"
    last="$(grep -E '^#[0-9]+' "$log" | tail -n 1)"
    n="$(sed -nE 's/^Done ([0-9]+) runs in ([0-9]+) second.*/\1/p' <<<"$done_line")"
    s="$(sed -nE 's/^Done ([0-9]+) runs in ([0-9]+) second.*/\2/p' <<<"$done_line")"
    [ -n "$n" ] || n="$(sed -nE 's/^#([0-9]+).*/\1/p' <<<"$last")"
    cov="$(sed -nE 's/.* cov: ([0-9]+).*/\1/p' <<<"$last")"
    ft="$(sed -nE 's/.* ft: ([0-9]+).*/\1/p' <<<"$last")"
    k="$(sed -nE 's/.* corp: ([0-9]+).*/\1/p' <<<"$last")"
    rate="$(sed -nE 's/.* exec\/s: ([0-9]+).*/\1/p' <<<"$last")"
    [ -n "$s" ] && [ "$s" -gt 0 ] && rate=$((n / s))
    found="$(find "$findings" -type f | wc -l)"
    echo "target=$name runs=${n:-?} seconds=${s:-?} exec_per_s=${rate:-?} cov=${cov:-?}" \
        "ft=${ft:-?} corpus=${k:-?} findings=$found exit=$rc log=$log"
    if [ "$rc" -ne 0 ] || [ "$found" -ne 0 ]; then
        status=1
    fi
done
exit $status
