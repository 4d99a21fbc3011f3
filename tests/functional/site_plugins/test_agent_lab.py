"""desktop-site-agent as a process, against the lab's real SiteA."""

import os
import signal
import socket
import sqlite3
import subprocess
import sys
import time

import pytest
import yaml

from site_plugins import conf as site_conf
from tests.functional.site_plugins import conftest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__)))))


# These agents serve a site central does not know, so they have no key.
UNSIGNED = {'require_from_central': False}


def _keystoneauth_options(lab):
    """The lab's admin credentials as [site_cloud] keystoneauth options."""
    with open(lab.clouds_yaml) as clouds:
        auth = yaml.safe_load(clouds)['clouds']['desktop-lab']['auth']
    return dict(auth, auth_type='password')


def _start(tmp_path, lab, region, log=None, keystoneauth=False):
    path = tmp_path / 'agent.conf'
    cloud, site_cloud = 'desktop-lab', {'connect_retries': 0}
    if keystoneauth:
        cloud = None
        site_cloud.update(_keystoneauth_options(lab))
    path.write_text(site_conf.render(
        'functest-agent', region, cloud, 'fake://',
        str(tmp_path / 'outbox.sqlite'), clouds_file=lab.clouds_yaml,
        extra={'site_cloud': site_cloud, 'signing': UNSIGNED}))
    command = [sys.executable, '-m', 'site_plugins.cmd.agent',
               '--config-file', str(path)]
    if log:
        command += ['--log-file', log]
    return subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True,
                            env=dict(os.environ, PYTHONPATH=ROOT))


def test_an_unknown_region_stops_the_agent_with_one_line(tmp_path, lab):
    process = _start(tmp_path, lab, 'Atlantis')
    out, err = process.communicate(timeout=60)
    assert process.returncode == 1
    assert err.count('\n') == 1
    assert err.startswith('desktop-site-agent: error: Region Atlantis is '
                          'not a valid region name for cloud desktop-lab. '
                          'Valid choices are Central,SiteA')


@pytest.mark.parametrize('keystoneauth', [False, True],
                         ids=['clouds.yaml', 'keystoneauth-options'])
def test_the_agent_reports_its_region_and_stops_on_sigterm(
        tmp_path, lab, site_conn, keystoneauth):
    log = str(tmp_path / 'agent.log')
    process = _start(tmp_path, lab, conftest.REGION, log, keystoneauth)
    hosts = len(list(site_conn.compute.services(binary='nova-compute')))
    deadline = time.monotonic() + 120
    text = ''
    while time.monotonic() < deadline and 'Monitoring report 1' not in text:
        assert process.poll() is None, process.communicate()
        time.sleep(0.2)
        text = open(log).read() if os.path.exists(log) else ''
    assert 'Monitoring report 1: %d host(s)' % hosts in text
    process.send_signal(signal.SIGTERM)
    out, err = process.communicate(timeout=60)
    assert process.returncode == 0
    assert err == ''
    assert 'Site agent of functest-agent stopped' in open(log).read()


def test_a_dead_wan_at_start_does_not_stop_the_site(tmp_path, lab,
                                                    site_conn):
    """Nothing listens on the bus port: the agent still serves its site.

    It queues its reports in the outbox, and stops cleanly.
    """
    with socket.socket() as sock:
        sock.bind(('127.0.0.1', 0))
        port = sock.getsockname()[1]
    log = str(tmp_path / 'agent.log')
    path = tmp_path / 'agent.conf'
    path.write_text(site_conf.render(
        'functest-agent', conftest.REGION, 'desktop-lab',
        'rabbit://lab:lab-secret@127.0.0.1:%d/' % port,
        str(tmp_path / 'outbox.sqlite'), clouds_file=lab.clouds_yaml,
        report_interval=1, extra={'signing': UNSIGNED}))
    process = subprocess.Popen(
        [sys.executable, '-m', 'site_plugins.cmd.agent', '--config-file',
         str(path), '--log-file', log], cwd=ROOT, stdout=subprocess.PIPE,
        stderr=subprocess.PIPE, text=True,
        env=dict(os.environ, PYTHONPATH=ROOT))
    deadline = time.monotonic() + 120
    text = ''
    while time.monotonic() < deadline and 'Monitoring report 3' not in text:
        assert process.poll() is None, process.communicate()
        time.sleep(0.2)
        text = open(log).read() if os.path.exists(log) else ''
    assert 'Monitoring report 3' in text
    process.send_signal(signal.SIGTERM)
    out, err = process.communicate(timeout=60)
    assert process.returncode == 0, err
    outbox = sqlite3.connect(str(tmp_path / 'outbox.sqlite'))
    kinds = [row[0] for row in outbox.execute(
        'SELECT kind FROM items ORDER BY seq')]
    outbox.close()
    assert kinds.count('report') >= 3
