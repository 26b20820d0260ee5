#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Set up, build and run tcp-fsm on Debian 12 (ns-3.37 from Debian's packages).
# Run ./setup.sh --help for the modes. Safe to run again: it installs only what is missing
# and rebuilds only what changed.
set -euo pipefail

PACKAGES=(
    libns3-dev ns3 libgsl-dev libsqlite3-dev libxml2-dev libpython3-dev libboost-graph-dev
    libgtest-dev cmake g++ graphviz gnuplot-nox libxml2-utils pkg-config librsvg2-bin tshark
    iproute2 parallel chromium libsodium-dev nlohmann-json3-dev libabsl-dev
)
# --fuzz only: clang and Debian's compiler-rt (libFuzzer, ASan, UBSan runtimes).
FUZZ_PACKAGES=(clang libclang-rt-14-dev)
BUILD_DIR=build
ASAN_BUILD_DIR=build-asan
FUZZ_BUILD_DIR=build-fuzz
PGO_BUILD_DIR=build-pgo
FUZZ_TARGETS=(segments options script sweep-args lab-args)
# --fuzz: each target runs a fixed number of executions from a fixed seed (about a minute
# each on a 2-core machine), so that two runs of the same tree fuzz the same inputs; the
# time limit only guards a slow machine.
declare -A FUZZ_RUNS_OF=([segments]=60000 [options]=400000 [script]=400000 [sweep-args]=120000
    [lab-args]=400000)
FUZZ_SECONDS="${FUZZ_SECONDS:-120}"
FUZZ_SEED="${FUZZ_SEED:-1}"
JOBS="${JOBS:-$(nproc 2>/dev/null || echo 2)}"

usage() {
    cat <<EOF
Usage: ./setup.sh [--test | --sanitize | --fuzz | --pgo | --deps | --help]

  (no option)  install missing packages, build, then run the main example
               (build/bin/tcp-fsm-lab if it was built, else build/bin/tcp-fsm-first)
  --test       install missing packages, build, then run every test with ctest;
               exits with ctest's status
  --sanitize   install missing packages, build with AddressSanitizer, LeakSanitizer and
               UndefinedBehaviorSanitizer in ${ASAN_BUILD_DIR}/ (-DTCP_FSM_SANITIZE=ON), then run
               every test there; any sanitizer report fails its test
  --fuzz       also install ${FUZZ_PACKAGES[*]}, build the libFuzzer targets with clang in
               ${FUZZ_BUILD_DIR}/ (-DTCP_FSM_FUZZ=ON), run each (utils/tcp-fsm-fuzz-all.sh)
               from its seed corpus fuzz/corpus/NAME and past findings fuzz/regressions/NAME
               for a fixed number of executions from -seed=FUZZ_SEED (now ${FUZZ_SEED}):
               segments ${FUZZ_RUNS_OF[segments]}, options ${FUZZ_RUNS_OF[options]}, script ${FUZZ_RUNS_OF[script]},
               sweep-args ${FUZZ_RUNS_OF[sweep-args]}, lab-args ${FUZZ_RUNS_OF[lab-args]} (FUZZ_RUNS=N: N each),
               at most FUZZ_SECONDS (now ${FUZZ_SECONDS}) seconds each; a crash, leak or
               sanitizer report fails (its input is left in ${FUZZ_BUILD_DIR}/corpus/NAME-findings/)
  --pgo        install missing packages, build, then build the library with GCC's
               profile-guided optimisation in ${PGO_BUILD_DIR}/ (-DTCP_FSM_TESTS=OFF): first
               instrumented (-DTCP_FSM_PGO=generate), trained on a fixed set of runs (the
               lifecycle benchmark with both profiles and its floor, the bulk-send scenario,
               loss sweeps with NewReno and CUBIC), then rebuilt with the profile
               (-DTCP_FSM_PGO=use); checks that its tcp-fsm-bench gives the same
               transition traces as ${BUILD_DIR}/'s (utils/tcp-fsm-bench-trace-diff.sh) and
               fails otherwise
  --deps       only install missing packages
  --help       show this help

Packages (Debian 12): ${PACKAGES[*]}
Packages are installed as root, or with sudo when it works without a password;
otherwise the script prints the command to run and exits with status 1.
The build is: cmake -S . -B ${BUILD_DIR} -DCMAKE_BUILD_TYPE=Release && cmake --build ${BUILD_DIR}
(-j${JOBS}; set JOBS to change it).
EOF
}

say() { echo "setup.sh: $*"; }
die() {
    echo "setup.sh: $*" >&2
    exit 1
}

mode="run"
case $# in
0) ;;
1)
    case "$1" in
    --test) mode="test" ;;
    --sanitize) mode="sanitize" ;;
    --fuzz)
        mode="fuzz"
        PACKAGES+=("${FUZZ_PACKAGES[@]}")
        ;;
    --pgo) mode="pgo" ;;
    --deps) mode="deps" ;;
    -h | --help)
        usage
        exit 0
        ;;
    *)
        echo "setup.sh: unknown option '$1' (see ./setup.sh --help)" >&2
        exit 2
        ;;
    esac
    ;;
*)
    echo "setup.sh: expected at most one option, got $# ('$*'; see ./setup.sh --help)" >&2
    exit 2
    ;;
esac

cd "$(dirname "${BASH_SOURCE[0]}")"

# ---- packages ------------------------------------------------------------------------------
installed() {
    [ "$(dpkg-query -W -f='${Status}' "$1" 2>/dev/null)" = "install ok installed" ]
}

missing_packages() {
    local p
    for p in "${PACKAGES[@]}"; do
        installed "$p" || echo "$p"
    done
}

install_deps() {
    if ! command -v dpkg-query >/dev/null 2>&1; then
        if [ "$mode" = deps ]; then
            die "dpkg-query not found: not a Debian system; install the equivalents of: ${PACKAGES[*]}"
        fi
        say "dpkg-query not found: not a Debian system, skipping the package check" \
            "(needs the equivalents of: ${PACKAGES[*]})"
        return 0
    fi
    local missing
    mapfile -t missing < <(missing_packages)
    if [ "${#missing[@]}" -eq 0 ]; then
        say "packages: all ${#PACKAGES[@]} required packages are installed"
        return 0
    fi

    local sudo=()
    if [ "$(id -u)" -ne 0 ]; then
        if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
            sudo=(sudo)
        else
            {
                echo "setup.sh: missing packages: ${missing[*]}"
                echo "setup.sh: not root, and sudo does not work without a password; install them with:"
                echo "  sudo apt-get install ${missing[*]}"
                echo "setup.sh: then run this script again."
            } >&2
            exit 1
        fi
    fi

    say "packages: installing ${missing[*]}"
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive \
        apt-get install -y -qq -o Dpkg::Use-Pty=0 "${missing[@]}" >/dev/null
    mapfile -t missing < <(missing_packages)
    if [ "${#missing[@]}" -ne 0 ]; then
        die "packages still missing after apt-get install: ${missing[*]}"
    fi
    say "packages: done"
}

# ---- build ---------------------------------------------------------------------------------
# Each step's output goes to a log in the build directory, shown only when the step fails.
run_logged() {
    local log="$1"
    shift
    if ! "$@" >"$log" 2>&1; then
        cat "$log" >&2
        die "failed: $* (log: $log)"
    fi
}

build() {
    mkdir -p "$BUILD_DIR"
    say "configure: cmake -S . -B $BUILD_DIR -DCMAKE_BUILD_TYPE=Release"
    run_logged "$BUILD_DIR/setup-configure.log" \
        cmake -S . -B "$BUILD_DIR" -DCMAKE_BUILD_TYPE=Release
    say "build: cmake --build $BUILD_DIR -j$JOBS (log: $BUILD_DIR/setup-build.log)"
    run_logged "$BUILD_DIR/setup-build.log" cmake --build "$BUILD_DIR" -j"$JOBS"
}

# The sanitizers' settings: any report ends the program with an error (so the test fails),
# leaks are reported at exit, and every report has its stack. The suppression files are
# test/sanitizers/*.supp (each entry documented there).
sanitizer_env() {
    local supp
    supp="$(pwd)/test/sanitizers"
    export ASAN_OPTIONS="halt_on_error=1:abort_on_error=1:detect_leaks=1:print_stacktrace=1:strict_string_checks=1:check_initialization_order=1"
    export UBSAN_OPTIONS="halt_on_error=1:abort_on_error=1:print_stacktrace=1:suppressions=$supp/ubsan.supp"
    export LSAN_OPTIONS="suppressions=$supp/lsan.supp:print_suppressions=0"
}

sanitize() {
    mkdir -p "$ASAN_BUILD_DIR"
    local cfg=(-DCMAKE_BUILD_TYPE=RelWithDebInfo "-DCMAKE_CXX_FLAGS_RELWITHDEBINFO=-O1 -g1"
        -DTCP_FSM_SANITIZE=ON)
    say "configure: cmake -S . -B $ASAN_BUILD_DIR ${cfg[*]}"
    run_logged "$ASAN_BUILD_DIR/setup-configure.log" cmake -S . -B "$ASAN_BUILD_DIR" "${cfg[@]}"
    say "build: cmake --build $ASAN_BUILD_DIR -j$JOBS (log: $ASAN_BUILD_DIR/setup-build.log)"
    run_logged "$ASAN_BUILD_DIR/setup-build.log" cmake --build "$ASAN_BUILD_DIR" -j"$JOBS"
    sanitizer_env
    say "test: ASAN_OPTIONS=$ASAN_OPTIONS UBSAN_OPTIONS=$UBSAN_OPTIONS LSAN_OPTIONS=$LSAN_OPTIONS"
    say "test: ctest --test-dir $ASAN_BUILD_DIR --output-on-failure -j2"
    exec ctest --test-dir "$ASAN_BUILD_DIR" --output-on-failure -j2
}

fuzz() {
    command -v clang++ >/dev/null 2>&1 || die "clang++ not found (apt-get install ${FUZZ_PACKAGES[*]})"
    mkdir -p "$FUZZ_BUILD_DIR"
    local cfg=(-DCMAKE_CXX_COMPILER=clang++ -DCMAKE_BUILD_TYPE=RelWithDebInfo
        "-DCMAKE_CXX_FLAGS_RELWITHDEBINFO=-O1 -g1" -DTCP_FSM_FUZZ=ON -DTCP_FSM_TESTS=OFF)
    say "configure: cmake -S . -B $FUZZ_BUILD_DIR ${cfg[*]}"
    run_logged "$FUZZ_BUILD_DIR/setup-configure.log" cmake -S . -B "$FUZZ_BUILD_DIR" "${cfg[@]}"
    local targets=() t
    for t in "${FUZZ_TARGETS[@]}"; do targets+=("tcp-fsm-fuzz-$t"); done
    say "build: ${targets[*]} (log: $FUZZ_BUILD_DIR/setup-build.log)"
    run_logged "$FUZZ_BUILD_DIR/setup-build.log" \
        cmake --build "$FUZZ_BUILD_DIR" -j"$JOBS" --target "${targets[@]}"
    sanitizer_env
    # ASan's default 256 MB quarantine of freed memory makes every execution fault fresh
    # pages; 16 MB still holds everything one input frees (see utils/tcp-fsm-fuzz-all.sh).
    export ASAN_OPTIONS="$ASAN_OPTIONS:quarantine_size_mb=16"
    local failed=0
    for t in "${FUZZ_TARGETS[@]}"; do
        local runs="${FUZZ_RUNS:-${FUZZ_RUNS_OF[$t]}}"
        say "fuzz: $t: $runs executions from -seed=$FUZZ_SEED, at most ${FUZZ_SECONDS}s" \
            "(log: $FUZZ_BUILD_DIR/corpus/$t.log)"
        if ! BUILD="$FUZZ_BUILD_DIR" WORK="$FUZZ_BUILD_DIR/corpus" NICE=0 RUNS="$runs" \
            EXTRA="-seed=$FUZZ_SEED" utils/tcp-fsm-fuzz-all.sh "$FUZZ_SECONDS" "$t" \
            | sed "s/^/setup.sh: fuzz: /"; then
            tail -n 40 "$FUZZ_BUILD_DIR/corpus/$t.log" >&2
            say "fuzz: $t FOUND A CRASH: $(ls "$FUZZ_BUILD_DIR/corpus/$t-findings")"
            failed=1
        fi
    done
    exit "$failed"
}

# The training set of --pgo: what the profile is made of (each line one run, from the
# instrumented build's bin/). The lifecycle benchmark in both profiles, and the data phase:
# ns-3's bulk-send scenario and loss sweeps (recovery, RTO, SACK) with NewReno and CUBIC.
# The benchmark's floor stack is in the library too: trained as well, so that the ratio
# tcp-fsm / floor of a --pgo build compares two profiled builds.
PGO_TRAINING=(
    "tcp-fsm-bench --once --stack=floor --connections=3000"
    "tcp-fsm-bench --once --stack=fsm --connections=3000"
    "tcp-fsm-bench --once --stack=fsm --connections=3000 --profile=linux"
    "tcp-fsm-bench --once --stack=fsm --connections=1000 --options=on"
    "tcp-fsm-bulk --mode=bulk-send"
    "tcp-fsm-bulk --mode=sweep --seeds=2 --losses=0,0.01,0.05 --rtts=10ms,100ms --bytes=1000000"
    "tcp-fsm-bulk --mode=sweep --seeds=2 --losses=0.01 --rtts=10ms --cc=ns3::TcpCubic --rfc"
)

pgo() {
    local dir="$PGO_BUILD_DIR" profile
    profile="$(pwd)/$PGO_BUILD_DIR/pgo-profile"
    local cfg=(-DCMAKE_BUILD_TYPE=Release -DTCP_FSM_TESTS=OFF "-DTCP_FSM_PGO_DIR=$profile")
    local programs=(tcp-fsm-bench tcp-fsm-bulk)
    mkdir -p "$dir"
    say "pgo: configure: cmake -S . -B $dir ${cfg[*]} -DTCP_FSM_PGO=generate"
    run_logged "$dir/setup-configure.log" cmake -S . -B "$dir" "${cfg[@]}" -DTCP_FSM_PGO=generate
    say "pgo: build the instrumented library and ${programs[*]} (log: $dir/setup-build.log)"
    run_logged "$dir/setup-build.log" cmake --build "$dir" -j"$JOBS" --target "${programs[@]}"
    rm -rf "$profile"
    local run
    for run in "${PGO_TRAINING[@]}"; do
        say "pgo: train: $dir/bin/$run"
        # shellcheck disable=SC2086 # each entry is a command line
        run_logged "$dir/setup-train.log" "$dir"/bin/$run
    done
    [ -d "$profile" ] || die "pgo: the training wrote no profile to $profile"
    say "pgo: configure: cmake -S . -B $dir ${cfg[*]} -DTCP_FSM_PGO=use"
    run_logged "$dir/setup-configure.log" cmake -S . -B "$dir" "${cfg[@]}" -DTCP_FSM_PGO=use
    say "pgo: build with the profile (log: $dir/setup-build.log)"
    run_logged "$dir/setup-build.log" cmake --build "$dir" -j"$JOBS"
    say "pgo: same transitions as $BUILD_DIR/: utils/tcp-fsm-bench-trace-diff.sh" \
        "$BUILD_DIR/bin/tcp-fsm-bench $dir/bin/tcp-fsm-bench 3000"
    run_logged "$dir/setup-trace-diff.log" utils/tcp-fsm-bench-trace-diff.sh \
        "$BUILD_DIR/bin/tcp-fsm-bench" "$dir/bin/tcp-fsm-bench" 3000
    say "pgo: done: $dir/lib/libns3-tcp-fsm.so, programs in $dir/bin/; compare with" \
        "utils/tcp-fsm-bench-ab.sh $BUILD_DIR/bin/tcp-fsm-bench $dir/bin/tcp-fsm-bench 5" \
        "--stack=fsm --connections=10000"
}

install_deps
[ "$mode" = deps ] && exit 0
[ "$mode" = sanitize ] && sanitize
[ "$mode" = fuzz ] && fuzz

build

case "$mode" in
pgo) pgo ;;
test)
    say "test: ctest --test-dir $BUILD_DIR --output-on-failure -j2"
    exec ctest --test-dir "$BUILD_DIR" --output-on-failure -j2
    ;;
run)
    main="$BUILD_DIR/bin/tcp-fsm-first"
    if [ -f "$BUILD_DIR/bin/tcp-fsm-lab" ]; then
        main="$BUILD_DIR/bin/tcp-fsm-lab"
    fi
    [ -x "$main" ] || die "$main was not built"
    say "run: $main"
    exec "$main"
    ;;
esac
