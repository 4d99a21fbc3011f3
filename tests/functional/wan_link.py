"""A WAN link that can be broken: a network namespace behind a veth pair.

``WanLink`` makes a namespace of its own and a veth pair whose two ends
get a /30 of the benchmark range (198.18.0.0/15) that this link assigns
itself. The lab's services listen on loopback only, so two relays carry
the traffic: one in the namespace listens on the namespace's loopback on
every lab port, the other on this link's host address relays to the
host's loopback. A process started in the namespace therefore reaches the
lab at the very addresses its config names (TLS certificates and
transport URLs included), but only through the veth pair, where the
namespace's nftables rules can drop the WAN port's packets: at random
(``numgen random mod 100 < N``) or all of one direction (a silent cut, no
reset). ``close()`` removes whatever the link made, in any state.
"""

import os
import signal
import subprocess
import sys
import time

RELAY = os.path.join(os.path.dirname(os.path.abspath(__file__)),
                     'tcp_relay.py')
TABLE = 'wanfault'


def _run(*argv):
    try:
        out = subprocess.run(list(argv), capture_output=True, text=True,
                             timeout=30)
    except FileNotFoundError:
        raise RuntimeError('%s is not installed ("tools/lab up" installs '
                           'iproute2 and nftables)' % argv[0])
    if out.returncode:
        raise RuntimeError('%s failed (exit %d): %s'
                           % (' '.join(argv), out.returncode,
                              (out.stderr or out.stdout).strip()))
    return out.stdout


def netns_usable():
    """None if network namespaces can be made here, else why not."""
    if os.geteuid() != 0:
        return 'network namespaces need root'
    name = 'dfprobe%d' % os.getpid()
    try:
        _run('ip', 'netns', 'add', name)
    except (OSError, RuntimeError) as exc:
        return 'ip netns is not permitted here: %s' % exc
    _run('ip', 'netns', 'delete', name)
    return None


class WanLink(object):
    """See the module docstring. ``ports``: the lab's TCP ports."""

    def __init__(self, ports, wan_port, log_dir):
        tag = os.getpid() % 10000
        self.ns = 'dfwan%d' % tag
        self.host_if = 'dfw%dh' % tag
        self.ns_if = 'dfw%dn' % tag
        # One /30 per link, from this process's id: 198.18.X.Y/30.
        third, fourth = divmod((os.getpid() % 16384) * 4, 256)
        prefix = '198.18.%d.' % third
        self.host_addr = prefix + str(fourth + 1)
        self.ns_addr = prefix + str(fourth + 2)
        self.ports = sorted(set(ports))
        self.wan_port = wan_port
        self.log_dir = log_dir
        self.procs = []

    # Building and removing.

    def open(self):
        _run('ip', 'netns', 'add', self.ns)
        _run('ip', 'link', 'add', self.host_if, 'type', 'veth', 'peer',
             'name', self.ns_if)
        _run('ip', 'link', 'set', self.ns_if, 'netns', self.ns)
        _run('ip', 'addr', 'add', self.host_addr + '/30', 'dev', self.host_if)
        _run('ip', 'link', 'set', self.host_if, 'up')
        self._in_ns('ip', 'addr', 'add', self.ns_addr + '/30', 'dev',
                    self.ns_if)
        self._in_ns('ip', 'link', 'set', self.ns_if, 'up')
        self._in_ns('ip', 'link', 'set', 'lo', 'up')
        self._in_ns('nft', 'add', 'table', 'inet', TABLE)
        for chain, hook in (('out', 'output'), ('in', 'input')):
            self._in_ns('nft', 'add', 'chain', 'inet', TABLE, chain,
                        '{ type filter hook %s priority 0 ; policy accept '
                        '; }' % hook)
        self._relay('host', [], self.host_addr, '127.0.0.1')
        self._relay('namespace', ['ip', 'netns', 'exec', self.ns],
                    '127.0.0.1', self.host_addr)
        return self

    def close(self):
        """Stop what this link started, then remove the namespace."""
        for proc in reversed(self.procs):
            stop(proc)
        self.procs = []
        subprocess.run(['ip', 'netns', 'delete', self.ns],
                       capture_output=True, timeout=30)
        subprocess.run(['ip', 'link', 'delete', self.host_if],
                       capture_output=True, timeout=30)

    def _in_ns(self, *argv):
        return _run('ip', 'netns', 'exec', self.ns, *argv)

    def _relay(self, where, prefix, listen, target):
        log = open(os.path.join(self.log_dir, 'relay-%s.log' % where), 'w')
        proc = subprocess.Popen(
            prefix + [sys.executable, RELAY, '--listen', listen, '--target',
                      target] + [str(p) for p in self.ports],
            stdout=subprocess.PIPE, stderr=log, text=True,
            start_new_session=True)
        self.procs.append(proc)
        line = proc.stdout.readline()
        if line.strip() != 'ready':
            raise RuntimeError('the %s relay did not start: %r (see %s)'
                               % (where, line, log.name))

    def spawn(self, argv, log_name):
        """Start ``argv`` in the namespace, in its own session."""
        log = open(os.path.join(self.log_dir, log_name), 'ab')
        env = dict(os.environ)
        env.pop('PYTHONPATH', None)
        proc = subprocess.Popen(['ip', 'netns', 'exec', self.ns] + argv,
                                stdin=subprocess.DEVNULL, stdout=log,
                                stderr=subprocess.STDOUT, env=env,
                                start_new_session=True)
        self.procs.append(proc)
        return proc

    # Breaking the WAN port's traffic.

    def _rule(self, chain, direction, *match):
        self._in_ns('nft', 'add', 'rule', 'inet', TABLE, chain,
                    'oifname' if chain == 'out' else 'iifname',
                    self.ns_if, 'tcp', direction, str(self.wan_port),
                    *match)

    def lose(self, percent):
        """Drop ``percent`` % of the WAN packets, both ways, at random."""
        self._rule('out', 'dport', 'numgen', 'random', 'mod', '100', '<',
                   str(percent), 'counter', 'drop')
        self._rule('in', 'sport', 'numgen', 'random', 'mod', '100', '<',
                   str(percent), 'counter', 'drop')

    def cut_outbound(self):
        """Silently drop every WAN packet the site sends (no reset)."""
        self._rule('out', 'dport', 'counter', 'drop')

    def heal(self):
        for chain in ('out', 'in'):
            self._in_ns('nft', 'flush', 'chain', 'inet', TABLE, chain)

    def dropped(self):
        """Packets the rules in place dropped so far."""
        total = 0
        for line in self._in_ns('nft', 'list', 'table', 'inet',
                                TABLE).splitlines():
            words = line.split()
            if 'counter' in words and 'packets' in words:
                total += int(words[words.index('packets') + 1])
        return total


def stop(proc, timeout=10):
    """End a process this module started, and its session's group."""
    if proc.poll() is not None:
        return
    try:
        os.killpg(proc.pid, signal.SIGTERM)
    except ProcessLookupError:
        return
    deadline = time.monotonic() + timeout
    while proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.1)
    if proc.poll() is None:
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        proc.wait(timeout=timeout)
