#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# A speed-up must not change what the model does: run the same fixed-seed tcp-fsm-bench
# scenario with two builds (the one before a change and the one after) and compare their
# full transition CSVs byte for byte, with options off and with the Linux profile.
#
#   utils/tcp-fsm-bench-trace-diff.sh OLD_BENCH NEW_BENCH [connections]
#
# OLD_BENCH, NEW_BENCH: tcp-fsm-bench programs, e.g. a copy of build/bin/tcp-fsm-bench and
# its lib/libns3-tcp-fsm.so saved before the change (run it with LD_LIBRARY_PATH set to the
# saved library's folder: the programs find their library through RUNPATH otherwise).
# OLD_LIB_DIR (environment) is used as LD_LIBRARY_PATH for OLD_BENCH when set.
# Exit status 0 when every pair is identical, 1 otherwise.
set -u
old=$1
new=$2
n=${3:-3000}
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
status=0
NS_GLOBAL_VALUE="RngSeed=7;RngRun=3"  # fixed seed: the same run twice
export NS_GLOBAL_VALUE
for profile in rfc linux; do
    for side in old new; do
        if [ $side = old ]; then prog=$old; else prog=$new; fi
        if [ $side = old ] && [ -n "${OLD_LIB_DIR:-}" ]; then
            LD_LIBRARY_PATH=$OLD_LIB_DIR "$prog" --once --stack=fsm --connections="$n" \
                --msl=2s --profile=$profile --trace=csv --trace-file="$dir/$side-$profile.csv" \
                >"$dir/$side-$profile.out" || status=1
        else
            "$prog" --once --stack=fsm --connections="$n" --msl=2s --profile=$profile \
                --trace=csv --trace-file="$dir/$side-$profile.csv" \
                >"$dir/$side-$profile.out" || status=1
        fi
    done
    if [ ! -s "$dir/old-$profile.csv" ] || [ ! -s "$dir/new-$profile.csv" ]; then
        echo "profile=$profile: a run wrote no trace"
        exit 1
    fi
    lines=$(wc -l <"$dir/new-$profile.csv")
    if cmp -s "$dir/old-$profile.csv" "$dir/new-$profile.csv"; then
        echo "profile=$profile: transition traces identical ($lines lines," \
            "$(sha256sum <"$dir/new-$profile.csv" | cut -c1-16))"
    else
        echo "profile=$profile: transition traces DIFFER"
        diff "$dir/old-$profile.csv" "$dir/new-$profile.csv" | head -5
        status=1
    fi
done
exit $status
