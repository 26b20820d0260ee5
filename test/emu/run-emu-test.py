#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""tcp-fsm-emu against the Linux kernel's TCP: run one test case (or all of them).

    run-emu-test.py --emu PATH/tcp-fsm-emu --case NAME [--work DIR]
    run-emu-test.py --emu PATH/tcp-fsm-emu --all [--work DIR]
    run-emu-test.py --list

Each run of a case writes the emulator's output, traces and pcap into a new directory
DIR/NAME.XXXXXXXX (DIR: ./emu-work by default), removed when the case passes and kept, with
its path printed, when it fails.

Each case creates its own network namespace (tcpfsm-emu-<pid>-<case number>), starts
tcp-fsm-emu in it (`ip netns exec`), waits for its "ready" line, plays the Linux side with
ordinary sockets created inside that namespace (setns: os.setns on Python >= 3.12, libc's
setns through ctypes before), then checks the model's report, its transitions.csv and
segments.csv, and Linux's own view (`ss -tan` in the namespace). The emulator's process group
and the namespace are removed at the end, on failure and on interruption too; namespaces
left by an earlier run that was killed (its pid is gone) are removed first.

Only the Python standard library is used. Addresses: 10.99.0.1 (Linux, the TAP's host side)
and 10.99.0.2 (the model), inside the namespace only.

Exit status: 0 pass, 1 fail, 2 usage, 77 skipped (no root, no network namespaces, no
/dev/net/tun or no `ip`): ctest reports 77 as skipped (SKIP_RETURN_CODE), never as passed.
"""

import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time

from emu_harness import SKIP, NS_PREFIX, Failure, RfcViolation, Skip, Namespace, Case
from emu_harness import remove_stale_namespaces
from emu_cases_lifecycle import *  # noqa: F401,F403 (case_*)
from emu_cases_linux import *  # noqa: F401,F403 (case_*)


# Cases that fail because of a model bug: they keep expecting the RFC behaviour and pass
# when they fail on exactly that check (RfcViolation), with a line saying so; any other failure
# fails them, and so does their passing (then the bug is fixed: remove the entry).
KNOWN_MODEL_BUGS = {
    # none at the moment: both bugs this set found are fixed (zero-window probes counted as
    # failures; TIME_WAIT ACKs without the window-scale shift)
}

CASES = [
    ('server-peer-closes', case_server_peer_closes),
    ('server-model-closes', case_server_model_closes),
    ('client-model-closes', case_client_model_closes),
    ('client-peer-closes', case_client_peer_closes),
    ('half-close-model-first', case_half_close_model_first),
    ('half-close-linux-first', case_half_close_linux_first),
    ('model-aborts', case_model_aborts),
    ('linux-aborts', case_linux_aborts),
    ('client-refused', case_client_refused),
    ('server-three-connections', case_server_three_connections),
    ('model-zero-window', case_model_zero_window),
    ('linux-zero-window', case_linux_zero_window),
    ('linux-keepalive', case_linux_keepalive),
    ('lossy-both-ways', case_lossy_both_ways),
    ('simultaneous-close', case_simultaneous_close),
    ('linux-urgent-data', case_linux_urgent_data),
    ('linux-ecn', case_linux_ecn),
    ('linux-no-options', case_linux_no_options),
    ('linux-small-mss', case_linux_small_mss),
    ('reconnect-during-time-wait', case_reconnect_during_time_wait),
    ('zero-window-probes-acked', case_zero_window_probes_acked),
    ('time-wait-ack-window-scaled', case_time_wait_ack_window_scaled),
    ('refuse-root-netns', case_refuse_root_netns),
]


# ---- running ------------------------------------------------------------------------------------

def preconditions(binary):
    """Raise Skip when this process cannot run the cases."""
    if not sys.platform.startswith('linux'):
        raise Skip('needs Linux (network namespaces, TAP devices)')
    for tool in ('ip', 'ss'):
        if not shutil.which(tool):
            raise Skip('`%s` (iproute2) is not installed' % tool)
    if not os.access(binary, os.X_OK):
        raise Failure('%s is not an executable (build tcp-fsm-emu first)' % binary)
    try:
        fd = os.open('/dev/net/tun', os.O_RDWR)
        os.close(fd)
    except OSError as e:
        raise Skip('cannot open /dev/net/tun (%s): TAP devices need root' % e.strerror)
    if os.geteuid() != 0:
        raise Skip('not root: network namespaces and TAP devices need root')


def run_case(binary, index, name, func, work):
    ns = None
    c = None
    try:
        if name != 'refuse-root-netns':
            ns = Namespace('%s%d-%d' % (NS_PREFIX, os.getpid(), index))
        c = Case(binary, ns, work)
        func(c)
    finally:
        if c:
            c.cleanup()
        if ns:
            ns.close()


def main(argv):
    args = argv[1:]
    if args == ['--list']:
        print('\n'.join(name for name, _ in CASES))
        return 0
    opts = {}
    while args:
        a = args.pop(0)
        if a in ('--emu', '--case', '--work') and args:
            opts[a] = args.pop(0)
        elif a == '--all':
            opts[a] = True
        else:
            print('run-emu-test.py: unexpected argument %r (see the file header)' % a,
                  file=sys.stderr)
            return 2
    names = [n for n, _ in CASES]
    if '--emu' not in opts or ('--case' in opts) == ('--all' in opts):
        print('run-emu-test.py: give --emu PATH and either --case NAME or --all',
              file=sys.stderr)
        return 2
    if '--case' in opts and opts['--case'] not in names:
        print('run-emu-test.py: unknown case %r (cases: %s)' % (opts['--case'], ', '.join(names)),
              file=sys.stderr)
        return 2
    binary = os.path.abspath(opts['--emu'])
    base = os.path.abspath(opts.get('--work', 'emu-work'))
    try:
        preconditions(binary)
    except Skip as e:
        print('SKIPPED: %s' % e)
        return SKIP
    except Failure as e:
        print('FAIL: %s' % e)
        return 1
    remove_stale_namespaces()

    selected = [(i, n, f) for i, (n, f) in enumerate(CASES) if opts.get('--all') or
                n == opts['--case']]
    failed = skipped = 0
    os.makedirs(base, exist_ok=True)
    for index, name, func in selected:
        # A directory of its own (two runs in one build tree must not share one); kept only
        # when the case fails.
        work = tempfile.mkdtemp(prefix=name + '.', dir=base)
        keep = False
        start = time.monotonic()
        try:
            run_case(binary, index, name, func, work)
            if name in KNOWN_MODEL_BUGS:
                failed += 1
                keep = True
                print('%s: FAIL: passed, but it is listed as a known model bug (%s): if the '
                      'bug is fixed, remove the case from KNOWN_MODEL_BUGS' %
                      (name, KNOWN_MODEL_BUGS[name]))
            else:
                print('%s: pass (%.1f s)' % (name, time.monotonic() - start))
        except RfcViolation as e:
            if name in KNOWN_MODEL_BUGS:
                print('%s: pass as an expected failure, known model bug: %s\n  (%s)'
                      % (name, KNOWN_MODEL_BUGS[name], e))
            else:
                failed += 1
                keep = True
                print('%s: FAIL: %s' % (name, e))
                print('  (emulator output and traces in %s)' % work)
        except Skip as e:
            skipped += 1
            print('%s: SKIPPED: %s' % (name, e))
        except (Failure, OSError, subprocess.SubprocessError, socket.timeout) as e:
            failed += 1
            keep = True
            print('%s: FAIL: %s: %s' % (name, type(e).__name__, e))
            print('  (emulator output and traces in %s)' % work)
        finally:
            sys.stdout.flush()
        if not keep:
            shutil.rmtree(work, ignore_errors=True)
    if failed:
        return 1
    if skipped == len(selected):
        return SKIP
    return 0


if __name__ == '__main__':
    # SIGTERM (ctest's timeout) runs the finally blocks: namespace and emulator removed.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))
    sys.exit(main(sys.argv))
