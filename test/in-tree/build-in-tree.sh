#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# The in-tree build, proven: unpack Debian's ns-3.37 source, place this module under
# contrib/tcp-fsm, configure only what it needs (--enable-modules=tcp-fsm --enable-examples
# --enable-tests), build, run the module's examples and its test suite through ns-3's own
# test.py, and report. Not part of the default test run (it builds ns-3 itself: see the
# README for the time it takes).
#
# usage: test/in-tree/build-in-tree.sh [--tarball ns3_3.37.orig.tar.bz2] [--workdir DIR]
#                                      [--jobs N]
#   --tarball   Debian's ns3 .orig tarball; without it the script runs
#               `apt-get source --download-only ns3` (needs a deb-src line for bookworm).
#   --workdir   where to unpack and build (default: a new directory under /tmp); kept. A
#               work directory that already holds the unpacked ns-3 tree is reused: the
#               module is copied in again and only what changed is rebuilt.
#   --jobs      parallel compile jobs (default 2).
set -eu

MODULE_DIR=$(cd "$(dirname "$0")/../.." && pwd)
TARBALL=
WORKDIR=
JOBS=2
while [ $# -gt 0 ]; do
    case "$1" in
    --tarball) TARBALL=$(readlink -f "$2"); shift 2 ;;
    --tarball=*) TARBALL=$(readlink -f "${1#*=}"); shift ;;
    --workdir) WORKDIR=$2; shift 2 ;;
    --workdir=*) WORKDIR=${1#*=}; shift ;;
    --jobs) JOBS=$2; shift 2 ;;
    --jobs=*) JOBS=${1#*=}; shift ;;
    -h | --help) sed -n '3,19p' "$0"; exit 0 ;;
    *) echo "build-in-tree.sh: unknown argument '$1' (see --help)" >&2; exit 2 ;;
    esac
done
[ -n "$WORKDIR" ] || WORKDIR=$(mktemp -d /tmp/tcp-fsm-in-tree.XXXXXX)
mkdir -p "$WORKDIR"
WORKDIR=$(cd "$WORKDIR" && pwd)
LOG=$WORKDIR/report.txt
: >"$LOG"
say() { echo "== $*" | tee -a "$LOG"; }
START=$(date +%s)
step() { # step NAME COMMAND...: run, log, time; stop on failure
    name=$1; shift
    t0=$(date +%s)
    if "$@" >"$WORKDIR/$name.log" 2>&1; then
        say "$name: ok ($(($(date +%s) - t0)) s)"
    else
        say "$name: FAILED ($(($(date +%s) - t0)) s), last lines of $WORKDIR/$name.log:"
        tail -n 30 "$WORKDIR/$name.log" | tee -a "$LOG"
        exit 1
    fi
}

if [ -z "$TARBALL" ]; then
    say "fetching the source with apt-get source --download-only ns3"
    if ! (cd "$WORKDIR" && apt-get source --download-only ns3 >"$WORKDIR/apt-source.log" 2>&1); then
        echo "build-in-tree.sh: apt-get source failed (is there a deb-src line, e.g." >&2
        echo "  deb-src http://deb.debian.org/debian bookworm main" >&2
        echo "in /etc/apt/sources.list, and apt-get update run?), or pass --tarball" >&2
        exit 2
    fi
    TARBALL=$(ls "$WORKDIR"/ns3_3.37*.orig.tar.* | head -n 1)
fi
[ -f "$TARBALL" ] || { echo "build-in-tree.sh: no tarball '$TARBALL'" >&2; exit 2; }

say "source $TARBALL, work directory $WORKDIR"
NS3=$(ls -d "$WORKDIR"/ns-allinone-3.37/ns-3.37 "$WORKDIR"/ns-3.37 2>/dev/null | head -n 1)
if [ -n "$NS3" ] && [ -x "$NS3/ns3" ]; then
    say "unpack: reusing $NS3"
else
    step unpack tar xf "$TARBALL" -C "$WORKDIR"
    NS3=$(ls -d "$WORKDIR"/ns-allinone-3.37/ns-3.37 2>/dev/null || ls -d "$WORKDIR"/ns-3.37)
fi
rm -rf "$NS3/contrib/tcp-fsm"
mkdir -p "$NS3/contrib/tcp-fsm"
# The module's tracked files only (no build directories).
(cd "$MODULE_DIR" && git ls-files -z | xargs -0 tar cf - ) | tar xf - -C "$NS3/contrib/tcp-fsm"
say "module copied to $NS3/contrib/tcp-fsm"

cd "$NS3"
step configure ./ns3 configure --enable-modules=tcp-fsm --enable-examples --enable-tests
python3 - "$NS3" <<'PY' >"$WORKDIR/examples.list"
import sys
ns = {}
exec(open(sys.argv[1] + "/contrib/tcp-fsm/test/examples-to-run.py").read(), ns)
for name, run, _ in ns["cpp_examples"]:
    if run == "True":
        print(name)
PY
# Build what the module's checks run: its library, ns-3's test-runner (which links the
# module's test library with the TestSuite) and the listed examples. The other modules'
# examples (ns-3's examples/ and src/*/examples: 164 of the 778 build steps) are
# configured by --enable-examples but not needed here; `cmake --build cmake-cache` builds all.
TARGETS="libtcp-fsm test-runner $(cut -d' ' -f1 "$WORKDIR/examples.list" | sort -u | tr '\n' ' ')"
step build cmake --build cmake-cache -j "$JOBS" --target $TARGETS
# The module's test suite (its GoogleTest cases inside test-runner) through test.py.
step test-suite ./test.py --no-build --suite=tcp-fsm --duration --text="$WORKDIR/test-suite-results"
# The module's examples, as listed in contrib/tcp-fsm/test/examples-to-run.py.
# test.py --example takes a program name only (it runs it without arguments): the entries
# with arguments run through ./ns3 run instead.
example_through_testpy() {
    ./test.py --no-build --example="$1" >"$WORKDIR/example-$1.testpy" 2>&1
    cat "$WORKDIR/example-$1.testpy"
    # test.py colours its verdicts and numbers them ("[1/1] PASS: Example ..."); its last
    # line counts them.
    grep -q "^1 of 1 tests passed" "$WORKDIR/example-$1.testpy"
}
while IFS= read -r example; do
    prog=${example%% *}
    if [ "$prog" = "$example" ]; then
        step "example-$prog" example_through_testpy "$prog"
    else
        step "example-$prog" ./ns3 run --no-build "$example"
    fi
done <"$WORKDIR/examples.list"
say "in-tree build of tcp-fsm: all steps passed in $(($(date +%s) - START)) s"
