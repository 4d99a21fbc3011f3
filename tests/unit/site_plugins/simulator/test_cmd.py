"""desktop-site-simulator's arguments: bad ones are one line, exit 2."""

import os
import subprocess
import sys

import pytest

from site_plugins.simulator import conf as sim_conf

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.dirname(os.path.abspath(__file__))))))


def simulator(*args):
    return subprocess.run(
        [sys.executable, '-m', 'site_plugins.simulator.cmd'] + list(args),
        capture_output=True, text=True, timeout=120, cwd=ROOT)


@pytest.mark.parametrize('args,words', [
    (['run', '--sites', '0'], '--sites 0: Should be greater than or equal'),
    (['run', '--sites', 'many'], '--sites many:'),
    (['run', '--transport-url', 'rabbit://u:p@h:5672/', '--name-prefix',
      '9bad'], '--name-prefix 9bad:'),
    (['run'], '[central] transport_url is not set'),
    (['control', 'cut', '3-1', '--url', 'http://127.0.0.1:9'],
     'ends before it starts'),
])
def test_bad_arguments_are_refused_in_one_line(args, words):
    out = simulator(*args)
    assert out.returncode == 2, out.stderr
    assert words in out.stderr
    assert 'Traceback' not in out.stderr
    assert len(out.stderr.strip().splitlines()) == 1


def test_bad_config_values_name_the_option(tmp_path):
    path = tmp_path / 'sim.conf'
    path.write_text('[central]\ntransport_url = rabbit://u:p@h:5672/\n'
                    '[simulator]\nfailure_rate = 1.5\n')
    out = simulator('--config-file', str(path), 'run')
    assert out.returncode == 2
    assert '[simulator] failure_rate' in out.stderr
    assert 'less than or equal to 1' in out.stderr


@pytest.mark.parametrize('text,words', [
    ('small:1:1024', 'is not name:vcpus:ram_mb:disk_gb'),
    ('small:0:1024:10', 'vcpus and ram_mb at least 1'),
    ('small:a:1024:10', 'needs whole numbers')])
def test_bad_flavors_say_the_format(text, words):
    with pytest.raises(sim_conf.ConfigError, match=words):
        sim_conf.parse_flavor(text)


def test_a_flavor_reads_as_a_backend_flavor():
    assert sim_conf.parse_flavor('desktop.small:1:1024:10') == {
        'id': 'desktop.small', 'name': 'desktop.small', 'vcpus': 1,
        'ram': 1024, 'disk': 10}


def test_control_without_a_simulator_is_one_line_exit_1():
    out = simulator('control', 'status', '--url', 'http://127.0.0.1:9')
    assert out.returncode == 1
    assert 'cannot reach the simulator' in out.stderr
