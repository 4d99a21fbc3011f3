"""tools/lab as an operator runs it, with no lab behind it."""

import os
import random
import socket
import subprocess
import sys

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__)))))

LAB = os.path.join(ROOT, 'tools', 'lab')


def _lab(tmp_path, *args):
    env = dict(os.environ, DESKTOP_LAB_DIR=str(tmp_path / 'lab'),
               DESKTOP_LAB_VENV=os.path.dirname(os.path.dirname(
                   sys.executable)))
    return subprocess.run([LAB] + list(args), env=env, capture_output=True,
                          text=True, timeout=120)


def test_help_lists_subcommands(tmp_path):
    out = _lab(tmp_path, '--help')
    assert out.returncode == 0
    for sub in ('up', 'down', 'status', 'env', 'logs', 'demo'):
        assert sub in out.stdout


@pytest.mark.parametrize('sub', ['up', 'down', 'status', 'env', 'logs',
                                 'demo'])
def test_every_subcommand_has_help(tmp_path, sub):
    out = _lab(tmp_path, sub, '--help')
    assert out.returncode == 0, out.stderr
    assert 'usage: tools/lab ' + sub in out.stdout


def test_unknown_subcommand_is_one_clear_line(tmp_path):
    out = _lab(tmp_path, 'launch')
    assert out.returncode == 2
    lines = out.stderr.strip().splitlines()
    assert len(lines) == 1
    assert "invalid choice: 'launch'" in lines[0]


def test_down_when_not_running_says_so(tmp_path):
    out = _lab(tmp_path, 'down')
    assert out.returncode == 0
    assert 'not running' in out.stdout


def test_status_when_not_running(tmp_path):
    out = _lab(tmp_path, 'status')
    assert out.returncode == 3
    assert 'not running' in out.stdout


def test_env_without_a_lab(tmp_path):
    out = _lab(tmp_path, 'env')
    assert out.returncode == 1
    assert out.stderr.strip() == ('tools/lab: error: there is no lab here; '
                                  'run "tools/lab up" first')


def test_malformed_topology_is_one_clear_line(tmp_path):
    topo = tmp_path / 'bad.yaml'
    topo.write_text('regions:\n  - name: SiteA\n    latitude: 100\n'
                    '    longitude: 0\n')
    out = subprocess.run(
        [sys.executable, '-m', 'desktop_lab', 'up', '--topology', str(topo)],
        env=dict(os.environ, DESKTOP_LAB_DIR=str(tmp_path / 'lab'),
                 PYTHONPATH=os.path.join(ROOT, 'tools')),
        capture_output=True, text=True, timeout=60)
    assert out.returncode == 1
    lines = out.stderr.strip().splitlines()
    assert len(lines) == 1, lines
    assert 'regions[0].latitude must be between -90 and 90' in lines[0]


def _listen_in_range(low, high):
    """A listening socket on a free loopback port in [low, high)."""
    for port in random.sample(range(low, high), 200):
        sock = socket.socket()
        try:
            sock.bind(('127.0.0.1', port))
        except OSError:
            sock.close()
            continue
        sock.listen(1)
        return sock
    pytest.fail('no free port between %d and %d' % (low, high))


def test_port_in_use_stops_before_starting_anything(tmp_path):
    holder = _listen_in_range(30000, 60000)
    port = holder.getsockname()[1]
    topo = tmp_path / 'topo.yaml'
    # Keystone sits on base_port itself.
    topo.write_text('base_port: %d\nregions:\n  - name: SiteA\n'
                    '    latitude: 1\n    longitude: 2\n' % port)
    try:
        out = subprocess.run(
            [sys.executable, '-m', 'desktop_lab', 'up', '--topology',
             str(topo)],
            env=dict(os.environ, DESKTOP_LAB_DIR=str(tmp_path / 'lab'),
                     PYTHONPATH=os.path.join(ROOT, 'tools')),
            capture_output=True, text=True, timeout=60)
    finally:
        holder.close()
    assert out.returncode == 1
    lines = out.stderr.strip().splitlines()
    assert len(lines) == 1, lines
    assert ('port %d for keystone is already in use by another process'
            % port) in lines[0]
    assert not os.path.exists(tmp_path / 'lab' / 'run' / 'keystone.pid')
