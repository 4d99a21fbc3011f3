"""tools/lab restart: one service stopped by its recorded PID, started anew."""

import os
import subprocess
import sys

import pytest

from desktop_lab.errors import LabError
from desktop_lab import layout as layout_mod
from desktop_lab import procs
from desktop_lab import restart
from desktop_lab import state as state_mod
from desktop_lab import topology as topology_mod

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__)))))
LAB = os.path.join(ROOT, 'tools', 'lab')


def _topology():
    return topology_mod.load(os.path.join(ROOT, 'tools', 'desktop_lab',
                                          'topology.yaml'))


def _recorded_lab(tmp_path, services):
    lab_dir = str(tmp_path / 'lab')
    state_mod.save(lab_dir, {'topology': _topology(), 'status': 'up',
                             'services': services})
    return lab_dir


def test_the_restartable_services():
    lay = layout_mod.Layout('/nonexistent', _topology())
    names = set(restart.starters(lay))
    assert {'desktop-central-engine', 'rabbit-wan', 'rabbit-regions',
            'desktop-site-agent-sitea', 'horizon'} <= names
    assert 'keystone' not in names


def test_without_a_lab_it_says_so(tmp_path):
    with pytest.raises(LabError, match='not running'):
        restart.restart(str(tmp_path / 'lab'), 'desktop-central-engine')


def test_an_unknown_service_lists_the_known_ones(tmp_path):
    lab_dir = _recorded_lab(tmp_path, {'keystone': {'pid': 1}})
    with pytest.raises(LabError) as exc:
        restart.restart(lab_dir, 'keystone')
    assert "cannot restart 'keystone' alone" in str(exc.value)
    assert 'desktop-central-engine' in str(exc.value)


def test_a_running_service_is_stopped_then_started(tmp_path, monkeypatch):
    old = subprocess.Popen([sys.executable, '-c', 'import time; '
                            'time.sleep(60)'], start_new_session=True)
    lab_dir = _recorded_lab(tmp_path, {'desktop-central-engine': {
        'pid': old.pid, 'port': None, 'stop_signal': 15}})
    lay = layout_mod.Layout(lab_dir, _topology())
    os.makedirs(lay.run)
    with open(lay.pidfile('desktop-central-engine'), 'w') as f:
        f.write('%d\n' % old.pid)
    started = []

    def start(lab):
        started.append(procs.alive(old.pid))
        return lab.start('desktop-central-engine', [
            sys.executable, '-c', 'import time; time.sleep(60)'])
    monkeypatch.setattr(restart, 'starters',
                        lambda lay: {'desktop-central-engine': start})
    try:
        assert restart.restart(lab_dir, 'desktop-central-engine') == 0
        old.wait(timeout=10)
        assert started == [False]  # the old one was gone before
        new = procs.read_pid(lay.pidfile('desktop-central-engine'))
        assert new != old.pid and procs.alive(new)
        recorded = state_mod.load(lab_dir)['services']
        assert recorded['desktop-central-engine']['pid'] == new
    finally:
        old.kill()
        new = procs.read_pid(lay.pidfile('desktop-central-engine'))
        if new and new != old.pid:
            procs.kill_group(new)


def test_the_command_has_help(tmp_path):
    env = dict(os.environ, DESKTOP_LAB_DIR=str(tmp_path / 'lab'),
               DESKTOP_LAB_VENV=os.path.dirname(os.path.dirname(
                   sys.executable)))
    out = subprocess.run([LAB, 'restart', '--help'], env=env,
                         capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert 'usage: tools/lab restart' in out.stdout
