"""desktop-site-agent as a process: one clear line for a wrong config, a
clean stop on SIGTERM."""

import os
import signal
import socket
import subprocess
import sys
import time

import pytest

from site_plugins import conf as site_conf

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__)))))

# Runs the agent with the fake cloud in place of openstacksdk.
WITH_FAKE_CLOUD = """
import sys
from site_plugins.cmd import agent
from site_plugins import backends
from site_plugins.backends import sdk
from tests.unit.site_plugins import fakes
backends.load = lambda name, conf: sdk.OpenStackSDKBackend(
    conf, connection=fakes.FakeCloud())
sys.exit(agent.main(sys.argv[1:]))
"""


def _free_port():
    with socket.socket() as sock:
        sock.bind(('127.0.0.1', 0))
        return sock.getsockname()[1]


def _write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text)
    return str(path)


def _config(tmp_path, site='SiteA', cloud='lab', clouds_file=None,
            extra=None):
    # The fake bus has no central that signs.
    extra = dict({'signing': {'require_from_central': False}}, **extra or {})
    return _write(tmp_path, 'agent.conf', site_conf.render(
        site, site, cloud, 'fake://', str(tmp_path / 'outbox.sqlite'),
        clouds_file=clouds_file, extra=extra))


def _clouds(tmp_path, regions=('SiteA',)):
    return _write(tmp_path, 'clouds.yaml', (
        'clouds:\n  lab:\n    auth:\n      auth_url: '
        'http://127.0.0.1:%d/v3\n      username: u\n      password: p\n'
        '      project_name: p\n      user_domain_name: Default\n'
        '      project_domain_name: Default\n    regions: [%s]\n')
        % (_free_port(), ', '.join(regions)))


def _agent(*args, script=None, **kwargs):
    env = dict(os.environ, PYTHONPATH=ROOT)
    env.pop('OS_CLIENT_CONFIG_FILE', None)
    command = [sys.executable]
    command += ['-c', script] if script else ['-m', 'site_plugins.cmd.agent']
    return subprocess.Popen(command + list(args), cwd=ROOT, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, **kwargs)


def _one_line_error(process, timeout=60):
    out, err = process.communicate(timeout=timeout)
    lines = err.splitlines()
    assert len(lines) == 1, err
    assert 'Traceback' not in err + out
    return process.returncode, lines[0]


def test_a_missing_site_name_is_one_line(tmp_path):
    path = _config(tmp_path, site=None)
    code, line = _one_line_error(_agent('--config-file', path))
    assert code == 2
    assert line == ('desktop-site-agent: error: [site] name is not set: give '
                    'the name this site has at central')


def test_a_missing_config_file_is_one_line(tmp_path):
    code, line = _one_line_error(
        _agent('--config-file', str(tmp_path / 'nope.conf')))
    assert code == 2
    assert line.startswith('desktop-site-agent: error: Failed to find some '
                           'config files')


def test_a_bad_value_is_one_line(tmp_path):
    path = _config(tmp_path, extra={'monitor': {'report_interval': 'soon'}})
    code, line = _one_line_error(_agent('--config-file', path))
    assert code == 2
    assert 'report_interval' in line and 'soon' in line


@pytest.mark.parametrize('region, words', [
    ('SiteA', 'cannot use the compute service of region SiteA: Unable to '
              'establish connection'),
    ('Nowhere', 'Region Nowhere is not a valid region name for cloud lab'),
])
def test_an_unreachable_region_is_one_line(tmp_path, region, words):
    clouds = _clouds(tmp_path)
    path = _config(tmp_path, site=region, clouds_file=clouds,
                   extra={'site_cloud': {'connect_retries': 0}})
    code, line = _one_line_error(_agent('--config-file', path))
    assert code == 1
    assert line.startswith('desktop-site-agent: error: ')
    assert words in line


def test_sigterm_stops_the_agent_cleanly(tmp_path):
    path = _config(tmp_path)
    log = str(tmp_path / 'agent.log')
    process = _agent('--config-file', path, '--log-file', log,
                     script=WITH_FAKE_CLOUD)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if os.path.exists(log) and 'Monitoring report 1' in open(log).read():
            break
        assert process.poll() is None, process.communicate()
        time.sleep(0.1)
    process.send_signal(signal.SIGTERM)
    out, err = process.communicate(timeout=30)
    assert process.returncode == 0, err
    assert err == ''
    text = open(log).read()
    assert 'Site agent of SiteA stopped' in text
    assert 'Traceback' not in text
