"""The lab writes central's and the agents' files with the project's
config commands; a failing command is one line naming the region."""

import os
import stat
import sys

import pytest

from desktop_lab.errors import LabError
from desktop_lab import federation
from desktop_lab import layout as layout_mod
from desktop_lab import rabbit
from desktop_lab import topology as topology_mod

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__)))))


def _layout(tmp_path, venv):
    topology = topology_mod.load(os.path.join(ROOT, 'tools', 'desktop_lab',
                                              'topology.yaml'))
    lay = layout_mod.Layout(str(tmp_path / 'lab'), topology)
    lay.venv = venv
    return lay


def test_agent_and_central_files_come_from_the_commands(tmp_path):
    lay = _layout(tmp_path, sys.prefix)
    paths = federation.write_agent_confs(lay)
    assert sorted(paths) == sorted(reg['name'] for reg in lay.regions)
    for reg in lay.regions:
        text = open(paths[reg['name']]).read()
        assert text.startswith('[site]\nname = %s\nregion = %s\n'
                               % (reg['name'], reg['name']))
        assert 'cloud = desktop-lab\n' in text
        assert 'report_interval = %d\n' % federation.REPORT_INTERVAL in text
        assert stat.S_IMODE(os.stat(paths[reg['name']]).st_mode) == 0o640
    # The WAN node's certificates and central's own broker password are
    # made when the node starts.
    rabbit.make_wan_certs(lay)
    with open(lay.etc_dir('rabbit-wan', 'central.password'), 'w') as f:
        f.write('central-secret\n')
    central = open(federation.central_conf(lay)).read()
    assert 'username = %s\n' % federation.SERVICE_USER in central
    assert 'bind_port = %d\n' % lay.central_api_port in central
    assert 'rabbit_qos_prefetch_count = 200\n' in central
    assert 'desktop-central:central-secret@' in central
    # Passwords reach the command through its environment, not its argv.
    argv = ' '.join(federation.central_conf_args(lay))
    assert 'central-secret' not in argv
    assert layout_mod.PASSWORD not in argv


def test_a_failing_agent_config_is_one_line(tmp_path):
    venv = tmp_path / 'venv'
    (venv / 'bin').mkdir(parents=True)
    fake = venv / 'bin' / 'desktop-site-config'
    fake.write_text('#!/bin/sh\necho "desktop-site-config agent: error: '
                    'no good" >&2\nexit 2\n')
    fake.chmod(0o755)
    lay = _layout(tmp_path, str(venv))
    with pytest.raises(LabError) as info:
        federation.write_agent_confs(lay)
    message = str(info.value)
    assert '\n' not in message
    assert message.startswith('desktop-site-config agent failed for '
                              'Central: desktop-site-config agent: error: '
                              'no good; SiteA: ')
    assert message.endswith('desktop-site-config.log')
