#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# ns-3's own TCP examples on tcp-fsm: the eleven programs of ns-3.37's examples/tcp/, each
# built twice, as shipped (ns-3's TCP) and with exactly one added line
# `NAME.SetTcp("ns3::TcpFsmL4Protocol");` after its `InternetStackHelper NAME;` (sed, nothing
# else), against the installed tcp-fsm package; both run with short arguments, their output
# files checked (none empty) and a comparison table printed (Markdown, for the README).
#
# usage: test/ns3-examples/run.sh [--source NS3_DIR] [--build BUILD_DIR] [--workdir DIR]
#                                 [--only PROGRAM]...
#   --source   an ns-3.37 source tree (its examples/tcp/ is used); without it the script runs
#              `apt-get source --download-only ns3` (needs a deb-src line) and unpacks
#              examples/tcp/ from the .orig tarball.
#   --build    tcp-fsm's CMake build directory, built (default: ./build); it is installed into
#              WORKDIR/prefix and the programs use find_package(tcp-fsm).
#   --workdir  where everything goes (default: a new directory under /tmp); kept.
#   --only     run only this program (repeatable).
# Exit status: 0 when every program ran to completion on both stacks with non-empty outputs.
set -u -o pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
MODULE_DIR=$(cd "$HERE/../.." && pwd)
SOURCE=
BUILD=$MODULE_DIR/build
WORKDIR=
ONLY=()
while [ $# -gt 0 ]; do
    case "$1" in
    --source) SOURCE=$(readlink -f "$2"); shift 2 ;;
    --build) BUILD=$(readlink -f "$2"); shift 2 ;;
    --workdir) WORKDIR=$2; shift 2 ;;
    --only) ONLY+=("$2"); shift 2 ;;
    -h | --help) sed -n '3,20p' "$0"; exit 0 ;;
    *) echo "run.sh: unknown argument '$1' (see --help)" >&2; exit 2 ;;
    esac
done
[ -n "$WORKDIR" ] || WORKDIR=$(mktemp -d /tmp/tcp-fsm-ns3-examples.XXXXXX)
mkdir -p "$WORKDIR"
WORKDIR=$(cd "$WORKDIR" && pwd)

# Each program and the short arguments it runs with (ns-3's defaults simulate up to 100 s).
declare -A ARGS=(
    [dctcp-example]="--flowStartupWindow=0.1s --convergenceTime=0.1s --measurementWindow=0.2s"
    [star]="--nSpokes=4"
    [tcp-bbr-example]="--stopTime=5s"
    [tcp-bulk-send]="--tracing=1 --maxBytes=1000000"
    [tcp-large-transfer]=""
    [tcp-linux-reno]="--stopTime=5s"
    [tcp-pacing]="--tracing=1 --simulationEndTime=5s"
    [tcp-pcap-nanosec-example]="--tracing=1 --maxBytes=1000000"
    [tcp-star-server]="--nNodes=4"
    [tcp-validation]="--stopTime=5s"
    [tcp-variants-comparison]="--tracing=1 --duration=5"
)
PROGRAMS=(dctcp-example star tcp-bbr-example tcp-bulk-send tcp-large-transfer tcp-linux-reno
    tcp-pacing tcp-pcap-nanosec-example tcp-star-server tcp-validation tcp-variants-comparison)
[ ${#ONLY[@]} -eq 0 ] || PROGRAMS=("${ONLY[@]}")

# ---- 1. ns-3.37's examples/tcp/ ------------------------------------------------------------
SRC=$WORKDIR/src
mkdir -p "$SRC/ns3" "$SRC/fsm"
if [ -n "$SOURCE" ]; then
    EXAMPLES=$SOURCE/examples/tcp
else
    if ! (cd "$WORKDIR" && apt-get source --download-only ns3 >"$WORKDIR/apt-source.log" 2>&1); then
        echo "run.sh: apt-get source failed: add a deb-src line (deb-src" \
            "http://deb.debian.org/debian bookworm main), apt-get update, or pass --source" >&2
        exit 2
    fi
    TARBALL=$(ls "$WORKDIR"/ns3_3.37*.orig.tar.* | head -n 1)
    tar xf "$TARBALL" -C "$WORKDIR" --wildcards '*/ns-3.37/examples/tcp/*'
    EXAMPLES=$(ls -d "$WORKDIR"/*/ns-3.37/examples/tcp "$WORKDIR"/ns-3.37/examples/tcp 2>/dev/null | head -n 1)
fi
for p in "${PROGRAMS[@]}"; do
    [ -f "$EXAMPLES/$p.cc" ] || { echo "run.sh: no $EXAMPLES/$p.cc" >&2; exit 2; }
    cp "$EXAMPLES/$p.cc" "$SRC/ns3/$p.cc"
    sed -E 's/^([[:space:]]*)InternetStackHelper ([A-Za-z_][A-Za-z0-9_]*);/&\n\1\2.SetTcp("ns3::TcpFsmL4Protocol");/' \
        "$SRC/ns3/$p.cc" >"$SRC/fsm/$p.cc"
    # The switch is one added line per InternetStackHelper, nothing else.
    added=$(diff "$SRC/ns3/$p.cc" "$SRC/fsm/$p.cc" | grep -c '^>')
    other=$(diff "$SRC/ns3/$p.cc" "$SRC/fsm/$p.cc" | grep '^[<>]' | grep -vc 'SetTcp("ns3::TcpFsmL4Protocol");')
    helpers=$(grep -cE '^[[:space:]]*InternetStackHelper [A-Za-z_][A-Za-z0-9_]*;' "$SRC/ns3/$p.cc")
    if [ "$added" -ne "$helpers" ] || [ "$other" -ne 0 ] || [ "$added" -lt 1 ]; then
        echo "run.sh: $p: the edit is not one SetTcp line per InternetStackHelper" >&2
        exit 1
    fi
done

# ---- 2. the installed package and the two builds ----------------------------------------
cmake --install "$BUILD" --prefix "$WORKDIR/prefix" >"$WORKDIR/install.log" 2>&1 \
    || { echo "run.sh: cmake --install $BUILD failed (built?)" >&2; exit 2; }
cat >"$SRC/CMakeLists.txt" <<CMAKE
cmake_minimum_required(VERSION 3.13)
project(ns3-tcp-examples LANGUAGES CXX)
set(CMAKE_CXX_STANDARD 17)
find_package(ns3 3.37 REQUIRED)
find_package(tcp-fsm REQUIRED)
set(NS3_LIBS ns3::libcore ns3::libnetwork ns3::libinternet ns3::libapplications
    ns3::libpoint-to-point ns3::libpoint-to-point-layout ns3::libtraffic-control
    ns3::libflow-monitor ns3::libcsma ns3::libstats ns3::libconfig-store ns3::libinternet-apps)
foreach(p ${PROGRAMS[*]})
  add_executable(\${p}-ns3 ns3/\${p}.cc)
  target_link_libraries(\${p}-ns3 PRIVATE \${NS3_LIBS})
  add_executable(\${p}-fsm fsm/\${p}.cc)
  target_link_libraries(\${p}-fsm PRIVATE \${NS3_LIBS} tcp-fsm::tcp-fsm)
endforeach()
CMAKE
echo "== building ${#PROGRAMS[@]} programs twice in $WORKDIR/bin (log: $WORKDIR/build.log)" >&2
{
    cmake -S "$SRC" -B "$WORKDIR/bin" -DCMAKE_BUILD_TYPE=Release \
        -DCMAKE_PREFIX_PATH="$WORKDIR/prefix" \
        ${CMAKE_CXX_COMPILER_LAUNCHER:+-DCMAKE_CXX_COMPILER_LAUNCHER=$CMAKE_CXX_COMPILER_LAUNCHER} &&
        cmake --build "$WORKDIR/bin" -j "${JOBS:-2}" -- -k
} >"$WORKDIR/build.log" 2>&1

# ---- 3. run both, check outputs, compare ---------------------------------------------------
figure() { # the program's headline figure from its stdout (first match), else "-"
    grep -m1 -oE 'Total Bytes Received: [0-9]+|Rx Bytes: *[0-9]+|Throughput: *[0-9.]+ *[KMG]?bps|[0-9.]+ Mbps' "$1" \
        | sed 's/  */ /g' | head -n 1 | grep . || echo "-"
}
ALL_OK=1
ROWS=()
for p in "${PROGRAMS[@]}"; do
    row="| $p | \`${ARGS[$p]}\`"
    for stack in ns3 fsm; do
        dir=$WORKDIR/run/$p-$stack
        rm -rf "$dir"
        mkdir -p "$dir"
        exe=$WORKDIR/bin/$p-$stack
        if [ ! -x "$exe" ]; then
            row="$row | build failed | | |"
            ALL_OK=0
            continue
        fi
        t0=$(date +%s.%N)
        # shellcheck disable=SC2086 # the arguments are words
        (cd "$dir" && timeout 600 "$exe" ${ARGS[$p]} >stdout.txt 2>stderr.txt)
        rc=$?
        secs=$(echo "$(date +%s.%N) - $t0" | bc)
        files=$(cd "$dir" && find . -type f ! -name stdout.txt ! -name stderr.txt | wc -l)
        empty=$(cd "$dir" && find . -type f ! -name stdout.txt ! -name stderr.txt -empty | wc -l)
        bytes=$(cd "$dir" && find . -type f ! -name stdout.txt ! -name stderr.txt -printf '%s\n' | awk '{s+=$1} END {print s+0}')
        status="ok"
        if [ "$rc" -ne 0 ]; then
            status="exit $rc: $(tail -n 1 "$dir/stderr.txt" | cut -c1-80)"
            ALL_OK=0
        elif [ "$empty" -ne 0 ]; then
            status="$empty empty file(s)"
            [ "$stack" = fsm ] && ALL_OK=0
        fi
        row="$row | $status | $(printf '%.1f' "$secs") s | $files files, $bytes B | $(figure "$dir/stdout.txt")"
    done
    ROWS+=("$row |")
done
{
    echo "| program | arguments | ns-3 TCP | time | outputs | figure | tcp-fsm | time | outputs | figure |"
    echo "|---|---|---|---|---|---|---|---|---|---|"
    printf '%s\n' "${ROWS[@]}"
} | tee "$WORKDIR/table.md"
echo "(outputs and logs: $WORKDIR/run/PROGRAM-{ns3,fsm}/)" >&2
[ "$ALL_OK" -eq 1 ]
