#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# report.html in a real browser (headless Chromium): the page loads without a console message
# of its own (errors, uncaught exceptions), the state graph and every ladder render with a
# non-zero size, and picking each connection shows exactly its ladder (the page's
# report.html#check mode does the picking and logs one "tcp-fsm-check:" line).
#
#   sh browser-check.sh LAB WORK      exit 0 ok, 1 failure, 77 no browser (ctest: skipped)
set -u
lab=$1
work=$2
browser=""
for b in chromium chromium-browser google-chrome; do
    if command -v "$b" >/dev/null 2>&1; then
        browser=$(command -v "$b")
        break
    fi
done
if [ -z "$browser" ]; then
    echo "SKIP: no headless browser (install Debian's chromium: apt-get install chromium)"
    exit 77
fi
rm -rf "$work"
mkdir -p "$work"
cd "$work" || exit 1
# Three connections (a picker with three entries), loss, a simultaneous close, an unfolded run.
"$lab" --connections=3 --close=simultaneous --lab=04-simultaneous-close --out=a >/dev/null || exit 1
"$lab" --connections=2 --bytes=20000 --loss=0.05 --unfold --out=b >/dev/null || exit 1
status=0
for page in a b; do
    log="$work/$page.log"
    timeout 120 "$browser" --headless --disable-gpu --no-sandbox --no-first-run \
        --user-data-dir="$work/profile" --enable-logging=stderr --v=0 \
        --window-size=1100,900 --dump-dom "file://$work/$page/report.html#check" \
        >"$work/$page.dom" 2>"$log"
    messages=$(grep 'CONSOLE' "$log")
    check=$(printf '%s\n' "$messages" | grep -o 'tcp-fsm-check: [^"]*')
    others=$(printf '%s\n' "$messages" | grep -v 'tcp-fsm-check: ' | grep .)
    if [ -n "$others" ]; then
        echo "$page/report.html: console messages:"
        echo "$others"
        status=1
    fi
    case "$check" in
    "tcp-fsm-check: ok "*) echo "$page/report.html: $check, no console error" ;;
    *)
        echo "$page/report.html: ${check:-no tcp-fsm-check line: the page's script did not run}"
        status=1
        ;;
    esac
    if ! grep -q '<div class="ladder"' "$work/$page.dom"; then
        echo "$page/report.html: the browser's DOM has no ladder"
        status=1
    fi
done
exit $status
