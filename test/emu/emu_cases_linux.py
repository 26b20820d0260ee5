#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""Cases of run-emu-test.py that set Linux up a particular way (urgent data, ECN, no options,
a small MSS, zero-window probes) and the one that checks the root namespace is refused."""

from emu_harness import *  # noqa: F401,F403 (the cases' shared vocabulary)

def case_linux_urgent_data(c):
    """Linux sends a byte with MSG_OOB (URG flag, urgent pointer) between two blocks: as Linux
    without SO_OOBINLINE, the model takes the urgent byte out of line (RFC 9293 3.8.5, RFC 6093:
    the pointer is one past it), so the stream the application reads is the 2000 other bytes."""
    emu = c.start('--mode=server', '--port=%d' % PORT, '--close=peer')
    s = c.ns.socket()
    s.connect((MODEL, PORT))
    s.sendall(b'a' * 1000)
    s.send(b'U', socket.MSG_OOB)
    s.sendall(b'b' * 1000)
    s.close()
    r = c.finish(emu)[0]
    expect_report(r, 'received', 2000)
    expect_report(r, 'received_crc32', crc(b'a' * 1000 + b'b' * 1000))
    expect(any('URG' in x['flags'] for x in c.segments(r['socket']) if x['dir'] == 'rx'),
           'no segment with URG arrived')
    expect_edges(c.transitions(r['socket']), PASSIVE_OPEN + PASSIVE_CLOSE, 'urgent data')


def sysctl(c, name, value):
    """Set a sysctl of the case's namespace (only there); skip the case when /proc/sys is
    read-only (some containers)."""
    path = '/proc/sys/' + name.replace('.', '/')
    p = run(['ip', 'netns', 'exec', c.ns.name, 'sh', '-c', 'echo %s > %s' % (value, path)],
            check=False)
    if p.returncode != 0:
        raise Skip('cannot set %s in the namespace: %s' % (name, p.stderr.strip()))


def case_linux_ecn(c):
    """Linux asks for ECN (SYN with ECE and CWR, net.ipv4.tcp_ecn=1); the model does not
    agree (its SYN,ACK carries no ECE), and 1 MB each way then flows byte-exact."""
    sysctl(c, 'net.ipv4.tcp_ecn', 1)
    emu = c.start('--mode=server', '--port=%d' % PORT, '--close=peer', '--half-close',
                  '--bytes=%d' % MB)
    s = c.ns.socket()
    s.connect((MODEL, PORT))
    data = os.urandom(MB)
    s.sendall(data)
    s.shutdown(socket.SHUT_WR)
    got = read_to_eof(s)
    s.close()
    expect(got == pattern(MB), 'Linux read %d bytes, not the model\'s 1 MB' % len(got))
    r = c.finish(emu)[0]
    expect_report(r, 'received_crc32', crc(data))
    segs = c.segments(r['socket'])
    syn = [x['flags'] for x in c.segments(1) if x['dir'] == 'rx' and 'SYN' in x['flags']]
    expect(syn and 'ECE' in syn[0] and 'CWR' in syn[0], 'Linux\'s SYN asked no ECN: %s' % syn)
    synack = [x['flags'] for x in segs if x['dir'] == 'tx' and 'SYN' in x['flags']]
    expect(synack and 'ECE' not in synack[0], 'the model\'s SYN,ACK was %s' % synack)


def case_linux_no_options(c):
    """Linux without window scaling, timestamps and SACK (sysctls): its SYN has only MSS; the
    model must not scale windows. 1 MB each way, byte-exact, the model closes first."""
    for name in ('tcp_window_scaling', 'tcp_timestamps', 'tcp_sack'):
        sysctl(c, 'net.ipv4.' + name, 0)
    r, _ = model_client_exchange(c, PORT + 1, 'Linux without options')
    expect_report(r, 'end', 'normal')
    segs = c.segments(r['socket'])
    # Unscaled, the window field counts bytes: the default 128 kB receive buffer shows as the
    # largest unscaled value, 65535 (scaled by 2 bits, it would be 32768).
    wins = [int(x['win']) for x in segs if x['dir'] == 'tx' and 'SYN' not in x['flags']]
    expect(max(wins) == 65535, 'the model\'s largest window was %d, expected 65535 (unscaled)'
           % max(wins))


def case_linux_small_mss(c):
    """Linux announces MSS 536 (TCP_MAXSEG): the model sends 200 kB in segments of at most
    536 bytes, which Linux reads byte-exact."""
    emu = c.start('--mode=server', '--port=%d' % PORT, '--close=model', '--bytes=200000')
    s = c.ns.socket()
    s.setsockopt(socket.IPPROTO_TCP, socket.TCP_MAXSEG, 536)
    s.connect((MODEL, PORT))
    got = read_to_eof(s)
    s.close()
    expect(got == pattern(200000), 'Linux read %d bytes, not the pattern' % len(got))
    r = c.finish(emu)[0]
    sizes = [int(x['len']) for x in c.segments(r['socket']) if x['dir'] == 'tx']
    expect(max(sizes) == 536, 'the model\'s largest segment was %d bytes, expected 536'
           % max(sizes))


def case_zero_window_probes_acked(c):
    """Linux keeps its window closed for 4 s and acknowledges every zero-window probe: the
    model must keep the connection open (RFC 1122 4.2.2.17, RFC 9293 3.8.6.1: "as long as
    the receiving TCP peer continues to send acknowledgments in response to the probe
    segments, the sending TCP peer MUST allow the connection to stay open"), then deliver
    its 200 kB. Short timers (persist 0.5 s, MinRto 0.2 s, DataRetries 2) make the model's
    give-up, if any, come within those 4 s. KNOWN MODEL BUG (see KNOWN_MODEL_BUGS)."""
    emu = c.start('--mode=server', '--port=%d' % PORT, '--close=model', '--bytes=200000',
                  '--ns3::TcpSocket::PersistTimeout=500ms', '--ns3::TcpSocket::DataRetries=2',
                  '--ns3::TcpFsmSocket::MinRto=200ms')
    s = c.ns.socket()
    s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    s.connect((MODEL, PORT))
    time.sleep(4)
    s.settimeout(2)
    try:
        got, error = read_to_eof(s), None
    except OSError as e:
        got, error = b'', e
    s.close()
    r = c.finish(emu)[0]
    rows = c.transitions(r['socket'])
    if ('ESTABLISHED', 'CLOSED', 'timeout_retx') in edges(rows):
        segs = c.segments(r['socket'])
        answered = len([x for x in segs if x['dir'] == 'rx' and x['win'] == '0'])
        raise RfcViolation(
            'the model gave up the connection (ESTABLISHED -> CLOSED, timeout_retx) although '
            'Linux acknowledged its zero-window probes (%d ACKs with window 0): RFC 9293 '
            '3.8.6.1 / RFC 1122 4.2.2.17 require it to stay open' % answered)
    expect(error is None and got == pattern(200000),
           'Linux read %d bytes (%s), not the model\'s 200 kB' % (len(got), error))
    expect_active_close(rows, 'app_close', 'zero window probes acked')


def case_refuse_root_netns(c):
    """In the machine's own network namespace, tcp-fsm-emu refuses to run (exit status 2,
    naming --allow-root-netns) and creates no TAP device."""
    try:
        own = os.stat('/proc/self/ns/net')
        init = os.stat('/proc/1/ns/net')
        root = (own.st_ino, own.st_dev) == (init.st_ino, init.st_dev)
    except OSError:
        own = os.stat('/proc/self/ns/net')
        root = own.st_ino == 0xeffffff9  # the initial namespace's fixed number (Linux >= 6.x)
        if not root:
            raise Skip('cannot tell whether this process is in the root network namespace')
    if not root:
        raise Skip('this process is not in the root network namespace')
    tap = 'tfr%d' % (os.getpid() % 100000)
    p = subprocess.run([c.binary, '--mode=server', '--tap=' + tap, '--duration=1s'],
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE, universal_newlines=True,
                       timeout=20)
    expect(p.returncode == 2, 'exit status %d in the root namespace, expected 2' % p.returncode)
    expect('--allow-root-netns' in p.stderr, 'the refusal does not name --allow-root-netns: '
           + p.stderr)
    expect(run(['ip', 'link', 'show', tap], check=False).returncode != 0,
           'a TAP device %s exists in the root namespace' % tap)
