"""The Lab object: starts and stops services and keeps state.json true."""

import os
import signal
import threading
import time

from desktop_lab.errors import LabError
from desktop_lab import procs
from desktop_lab import state as state_mod


class Lab:

    def __init__(self, layout):
        self.layout = layout
        self.lock = threading.Lock()
        self.state = state_mod.load(layout.dir) or {}
        self.state.setdefault('services', {})
        self.state.setdefault('phases', {})
        self.state['topology'] = layout.topology
        self.state['lab_dir'] = layout.dir
        self.t0 = time.monotonic()

    def save(self):
        with self.lock:
            state_mod.save(self.layout.dir, self.state)

    def say(self, msg):
        with self.lock:
            print('[lab] ' + msg, flush=True)

    def phase_done(self, name, started):
        took = time.monotonic() - started
        with self.lock:
            self.state['phases'][name] = round(took, 1)
            print('[lab] %-30s %6.1f s' % (name, took), flush=True)
        self.save()

    def running_pid(self, name):
        pid = procs.read_pid(self.layout.pidfile(name))
        return pid if procs.alive(pid) else 0

    def start(self, name, argv, env=None, port=None, user=None,
              stop_signal=signal.SIGTERM, cwd=None):
        """Start one service unless it already runs; return (pid, reused)."""
        pid = self.running_pid(name)
        if pid:
            return pid, True
        if port and procs.port_in_use(port):
            raise LabError('port %d for %s is already in use by another '
                           'process; stop it or set another base_port in '
                           'the topology' % (port, name))
        full_env = dict(os.environ)
        full_env.pop('PYTHONPATH', None)
        full_env.update(env or {})
        log = self.layout.log(name)
        pid = procs.spawn(argv, log, env=full_env, user=user, cwd=cwd)
        os.makedirs(self.layout.run, exist_ok=True)
        with open(self.layout.pidfile(name), 'w') as f:
            f.write('%d\n' % pid)
        with self.lock:
            self.state['services'][name] = {
                'pid': pid, 'port': port, 'log': log,
                'stop_signal': int(stop_signal),
                'started': time.time()}
        self.save()
        return pid, False

    def stop_all(self):
        """Stop every recorded service, newest group first; return count.

        Services go down in waves (regions, then keystone, then the
        brokers and the database), each wave in parallel.
        """
        services = self.state.get('services', {})
        infra = ('postgres', 'epmd', 'etcd')
        waves = [
            [n for n in services if n != 'keystone' and
             not n.startswith('rabbit-') and n not in infra],
            [n for n in services if n == 'keystone'],
            [n for n in services if n.startswith('rabbit-')],
            [n for n in services if n in infra],
        ]
        stopped = 0
        for wave in waves:
            stopped += self._stop_wave(wave, services)
        self.state['services'] = {}
        self.save()
        return stopped

    def _stop_wave(self, names, services):
        pids = {}
        for name in names:
            svc = services[name]
            pid = procs.read_pid(self.layout.pidfile(name)) or svc['pid']
            if procs.signal_group(pid, svc.get('stop_signal',
                                               signal.SIGTERM)):
                pids[name] = pid
        procs.wait_gone(list(pids.values()), timeout=20)
        for name, pid in sorted(pids.items()):
            procs.kill_group(pid)
            print('[lab] stopped %-28s pid %d' % (name, pid), flush=True)
        for name in names:
            try:
                os.unlink(self.layout.pidfile(name))
            except FileNotFoundError:
                pass
        return len(pids)
