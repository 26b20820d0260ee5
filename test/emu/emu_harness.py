#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""What every case of run-emu-test.py uses: a network namespace of its own, tcp-fsm-emu
started in it, one case's context (the model's report, transitions and segments, Linux's view
through `ss`), and the checks and socket helpers the cases share. Standard library only."""

import contextlib
import csv
import ctypes
import os
import select
import shutil
import signal
import socket
import struct
import subprocess
import sys
import tempfile
import time
import zlib

SKIP = 77
MODEL = '10.99.0.2'
HOST = '10.99.0.1'
PREFIX = 24
PORT = 5001
MB = 1 << 20
CASE_TIMEOUT = 45.0  # seconds for one case, start to finish
IO_TIMEOUT = 20.0  # seconds for one socket operation
CLONE_NEWNET = 0x40000000
NS_PREFIX = 'tcpfsm-emu-'


class Failure(Exception):
    pass


class RfcViolation(Failure):
    """The model did not do what the RFC requires (the check names the clause)."""


class Skip(Exception):
    pass


def pattern(n):
    """The first n bytes of every stream tcp-fsm-emu sends: byte i is (131 i + i // 512) % 256."""
    return bytes((i * 131 + (i >> 9)) & 0xff for i in range(n))


def crc(data):
    return '%08x' % (zlib.crc32(data) & 0xffffffff)


def expect(cond, message):
    if not cond:
        raise Failure(message)


def run(cmd, check=True, timeout=20):
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                       universal_newlines=True, timeout=timeout)
    if check and p.returncode != 0:
        raise Failure('%s: exit status %d: %s' % (' '.join(cmd), p.returncode, p.stderr.strip()))
    return p


# ---- network namespaces -------------------------------------------------------------------------

def _setns(fd):
    if hasattr(os, 'setns'):
        os.setns(fd, CLONE_NEWNET)
        return
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.setns(fd, CLONE_NEWNET) != 0:
        e = ctypes.get_errno()
        raise OSError(e, 'setns: ' + os.strerror(e))


def netns_names():
    out = run(['ip', 'netns', 'list'], check=False).stdout
    return [line.split()[0] for line in out.splitlines() if line.strip()]


def remove_stale_namespaces():
    """Namespaces of earlier runs whose process is gone (a run killed before its cleanup)."""
    for name in netns_names():
        if not name.startswith(NS_PREFIX):
            continue
        pid = name[len(NS_PREFIX):].split('-')[0]
        if pid.isdigit() and not os.path.exists('/proc/' + pid):
            run(['ip', 'netns', 'delete', name], check=False)


class Namespace:
    """A network namespace of its own for one case; removed by close()."""

    def __init__(self, name):
        self.name = name
        p = run(['ip', 'netns', 'add', name], check=False)
        if p.returncode != 0:
            raise Skip('cannot create a network namespace (ip netns add: %s)' % p.stderr.strip())
        self.created = True
        try:
            run(['ip', '-n', name, 'link', 'set', 'lo', 'up'])
        except BaseException:
            self.close()
            raise

    @contextlib.contextmanager
    def inside(self):
        """Sockets created in this block belong to the namespace (and stay there)."""
        home = os.open('/proc/self/ns/net', os.O_RDONLY)
        target = os.open('/run/netns/' + self.name, os.O_RDONLY)
        try:
            _setns(target)
            try:
                yield
            finally:
                _setns(home)
        finally:
            os.close(target)
            os.close(home)

    def socket(self):
        with self.inside():
            s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        s.settimeout(IO_TIMEOUT)
        return s

    def ss(self):
        """`ss -tan` in the namespace: a list of (state, local, peer)."""
        out = run(['ip', 'netns', 'exec', self.name, 'ss', '-tan']).stdout
        rows = []
        for line in out.splitlines()[1:]:
            f = line.split()
            if len(f) >= 5:
                rows.append((f[0], f[3], f[4]))
        return rows

    def close(self):
        if self.created:
            run(['ip', 'netns', 'delete', self.name], check=False)
            self.created = False
        expect(self.name not in netns_names(), 'namespace %s still exists' % self.name)


# ---- the emulator -------------------------------------------------------------------------------

class Emulator:
    """tcp-fsm-emu running in a namespace, its standard output read line by line."""

    def __init__(self, binary, ns, work, args, deadline):
        self.work = work
        self.deadline = deadline
        self.lines = []
        self._buf = b''
        self._eof = False
        cmd = ['ip', 'netns', 'exec', ns.name, binary] + args + [
            '--out=' + work, '--pcap', '--msl=1s', '--duration=30s']
        self.command = ' '.join(cmd)
        self._stderr = open(os.path.join(work, 'emu.stderr'), 'wb')
        self._stdout_copy = open(os.path.join(work, 'emu.stdout'), 'wb')
        self.proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=self._stderr,
                                     start_new_session=True)

    def _read(self, timeout):
        if self._eof:
            return False
        r, _, _ = select.select([self.proc.stdout], [], [], max(0.0, timeout))
        if not r:
            return True
        chunk = os.read(self.proc.stdout.fileno(), 65536)
        if not chunk:
            self._eof = True
            return False
        self._stdout_copy.write(chunk)
        self._stdout_copy.flush()
        self._buf += chunk
        while b'\n' in self._buf:
            line, self._buf = self._buf.split(b'\n', 1)
            self.lines.append(line.decode('utf-8', 'replace'))
        return True

    def wait_for(self, prefix, timeout=15.0):
        end = min(time.monotonic() + timeout, self.deadline)
        seen = 0
        while True:
            for line in self.lines[seen:]:
                if line.startswith(prefix):
                    return line
            seen = len(self.lines)
            left = end - time.monotonic()
            if left <= 0:
                raise Failure('tcp-fsm-emu printed no "%s" line in time' % prefix)
            if not self._read(min(left, 0.5)) and self._eof:
                self.proc.wait(timeout=5)
                raise Failure('tcp-fsm-emu ended (exit status %s) before printing "%s"'
                              % (self.proc.returncode, prefix))

    def finish(self, timeout=25.0):
        """Wait for the emulator to end by itself; returns its exit status."""
        end = min(time.monotonic() + timeout, self.deadline)
        while not self._eof:
            left = end - time.monotonic()
            if left <= 0:
                raise Failure('tcp-fsm-emu did not end by itself within %.0f s' % timeout)
            self._read(min(left, 0.5))
        try:
            return self.proc.wait(timeout=max(1.0, end - time.monotonic()))
        except subprocess.TimeoutExpired:
            raise Failure('tcp-fsm-emu closed its output but did not exit')

    def reports(self):
        """The "connection N: key=value ..." lines, as dicts."""
        result = []
        for line in self.lines:
            if line.startswith('connection '):
                fields = dict(kv.split('=', 1) for kv in line.split(': ', 1)[1].split()
                              if '=' in kv)
                result.append(fields)
        return result

    def kill(self):
        if self.proc.poll() is None:
            for sig, wait in ((signal.SIGTERM, 3), (signal.SIGKILL, 5)):
                try:
                    os.killpg(self.proc.pid, sig)
                except ProcessLookupError:
                    break
                try:
                    self.proc.wait(timeout=wait)
                    break
                except subprocess.TimeoutExpired:
                    continue
        self.proc.stdout.close()
        self._stderr.close()
        self._stdout_copy.close()

    def stderr_text(self):
        with open(os.path.join(self.work, 'emu.stderr'), errors='replace') as f:
            return f.read()


# ---- one case's context -------------------------------------------------------------------------

class Case:
    def __init__(self, binary, ns, work):
        self.binary = binary
        self.ns = ns
        self.work = work
        self.deadline = time.monotonic() + CASE_TIMEOUT
        self.emus = []

    def start(self, *args):
        emu = Emulator(self.binary, self.ns, self.work, list(args), self.deadline)
        self.emus.append(emu)
        emu.wait_for('ready')
        return emu

    def finish(self, emu, rc=0, connections=1):
        got = emu.finish()
        expect(got == rc, 'tcp-fsm-emu exit status %s, expected %s; stderr: %s'
               % (got, rc, emu.stderr_text().strip()))
        reports = emu.reports()
        expect(len(reports) == connections, 'tcp-fsm-emu reported %d connections, expected %d'
               % (len(reports), connections))
        self.check_pcap()
        return reports

    def _rows(self, name, socket_id):
        """The rows of the model's CSV file name that belong to one socket."""
        with open(os.path.join(self.work, name), newline='') as f:
            return [row for row in csv.DictReader(f) if row['socket'] == str(socket_id)]

    def transitions(self, socket_id):
        """The model's transitions.csv rows of one socket: (time, from, to, cause)."""
        rows = [(float(row['time']), row['from'], row['to'], row['cause'])
                for row in self._rows('transitions.csv', socket_id)]
        expect(rows, 'transitions.csv has no row for socket %s' % socket_id)
        return rows

    def segments(self, socket_id):
        """The model's segments.csv rows of one socket (dicts)."""
        return self._rows('segments.csv', socket_id)

    def check_pcap(self):
        path = os.path.join(self.work, 'tap.pcap')
        expect(os.path.isfile(path), 'no tap.pcap written')
        with open(path, 'rb') as f:
            head = f.read(40)
        expect(len(head) > 24 and struct.unpack('<I', head[:4])[0] == 0xa1b2c3d4,
               'tap.pcap is not a pcap file with frames')
        for name in ('graph.dot', 'graph.graphml', 'state-counts.csv'):
            expect(os.path.getsize(os.path.join(self.work, name)) > 0, 'no %s written' % name)

    def cleanup(self):
        for emu in self.emus:
            emu.kill()


def edges(rows):
    return [(f, t, c) for _, f, t, c in rows]


def path_of(rows):
    states = [rows[0][1]]
    for _, _, to, _ in rows:
        if to != states[-1]:
            states.append(to)
    return states


def expect_edges(rows, wanted, what):
    got = edges(rows)
    expect(got == wanted, '%s: the model took %s, expected %s' % (what, got, wanted))


def expect_report(r, key, value):
    expect(r.get(key) == str(value), 'model reported %s=%s, expected %s (%s)'
           % (key, r.get(key), value, r))


PASSIVE_OPEN = [('LISTEN', 'SYN_RCVD', 'rcv_syn'), ('SYN_RCVD', 'ESTABLISHED', 'rcv_ack_of_syn')]
ACTIVE_OPEN = [('CLOSED', 'SYN_SENT', 'app_active_open'),
               ('SYN_SENT', 'ESTABLISHED', 'rcv_syn_ack')]
PASSIVE_CLOSE = [('ESTABLISHED', 'CLOSE_WAIT', 'rcv_fin'), ('CLOSE_WAIT', 'LAST_ACK', 'app_close'),
                 ('LAST_ACK', 'CLOSED', 'rcv_ack_of_fin')]


def expect_active_close(rows, first_cause, what):
    """ESTABLISHED -> FIN_WAIT_1 (first_cause) -> ... -> TIME_WAIT -> CLOSED after 2 MSL (2 s)."""
    got = edges(rows)
    expect(('ESTABLISHED', 'FIN_WAIT_1', first_cause) in got,
           '%s: no ESTABLISHED -> FIN_WAIT_1 (%s) in %s' % (what, first_cause, got))
    states = path_of(rows)
    expect(states[-2:] == ['TIME_WAIT', 'CLOSED'] and got[-1][2] == 'timeout_2msl',
           '%s: the model did not end TIME_WAIT -> CLOSED by timeout_2msl: %s' % (what, got))
    expect('CLOSE_WAIT' not in states and 'LAST_ACK' not in states,
           '%s: the active closer went through the passive path: %s' % (what, states))
    entered = [t for t, _, to, _ in rows if to == 'TIME_WAIT'][0]
    stay = rows[-1][0] - entered
    expect(1.95 <= stay <= 3.0, '%s: TIME_WAIT lasted %.3f s, expected 2 MSL = 2 s' % (what, stay))


def expect_linux(ns, local, peer, state):
    """Linux's own view of the connection local -> peer: `state`, or None for no socket."""
    rows = [r for r in ns.ss() if r[1] == local and r[2] == peer]
    if state is None:
        expect(not rows or rows[0][0] != 'TIME-WAIT',
               'ss -tan shows Linux in %s for %s -> %s, expected no TIME-WAIT (Linux closed '
               'second)' % (rows[0][0] if rows else '-', local, peer))
    else:
        expect(rows and rows[0][0] == state, 'ss -tan shows %s for %s -> %s, expected %s: %s'
               % (rows[0][0] if rows else 'no socket', local, peer, state, ns.ss()))


def read_to_eof(s):
    chunks = []
    while True:
        chunk = s.recv(MB)
        if not chunk:
            return b''.join(chunks)
        chunks.append(chunk)


def exchange(s, data, deadline):
    """Send data and read until end of stream at the same time; returns what was read."""
    s.setblocking(False)
    view = memoryview(data)
    sent = 0
    got = []
    eof = False
    try:
        while not eof or sent < len(data):
            left = deadline - time.monotonic()
            expect(left > 0, 'exchange: timed out (sent %d of %d, read %d)'
                   % (sent, len(data), sum(map(len, got))))
            rd = [] if eof else [s]
            wr = [s] if sent < len(data) else []
            r, w, _ = select.select(rd, wr, [], min(left, 1.0))
            if r:
                chunk = s.recv(MB)
                if chunk:
                    got.append(chunk)
                else:
                    eof = True
            if w:
                try:
                    sent += s.send(view[sent:sent + 65536])
                except BlockingIOError:
                    pass
    finally:
        s.settimeout(IO_TIMEOUT)
    return b''.join(got)


def addr(sockaddr):
    return '%s:%d' % sockaddr[:2]


def model_client_exchange(c, port, what):
    """The model connects to a Linux listener on port and closes first; 1 MB each way at once
    (Linux sends random bytes, the model its pattern), byte-exact both ways. Returns the
    model's report row, and the peer address Linux saw."""
    ls = linux_listener(c, port)
    emu = c.start('--mode=client', '--connect=%s:%d' % (HOST, port), '--close=model',
                  '--bytes=%d' % MB, '--expect=%d' % MB)
    s, peer = ls.accept()
    ls.close()
    data = os.urandom(MB)
    got = exchange(s, data, c.deadline)
    s.close()
    expect(len(got) == MB and got == pattern(MB),
           '%s: Linux read %d bytes, not the model\'s 1 MB pattern' % (what, len(got)))
    r = c.finish(emu)[0]
    expect_report(r, 'received', MB)
    expect_report(r, 'received_crc32', crc(data))
    expect_report(r, 'sent_crc32', crc(got))
    return r, peer


def expect_reset_end(c, emu, end, last_edge, rst_dir, what):
    """The model's one connection ended with a RST (sent: rst_dir 'tx', or received: 'rx'):
    its report says end, its transitions are the passive open and last_edge. Returns the
    report row."""
    r = c.finish(emu)[0]
    expect_report(r, 'end', end)
    expect_edges(c.transitions(r['socket']), PASSIVE_OPEN + [last_edge], what)
    expect(any('RST' in x['flags'] for x in c.segments(r['socket']) if x['dir'] == rst_dir),
           '%s: no RST %s in segments.csv' % (what, 'sent' if rst_dir == 'tx' else 'received'))
    return r


def linux_listener(c, port):
    with c.ns.inside():
        ls = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    ls.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    ls.bind(('0.0.0.0', port))
    ls.listen(8)
    ls.settimeout(IO_TIMEOUT)
    return ls
