"""A devstack site node's agent config is the one the lab runs with.

The lab writes each agent's file with ``desktop-site-config agent`` and
the arguments of ``federation.agent_settings()``; the devstack plugin
writes its file with the same command from its variables. Given the lab's
values, the plugin must write the very same file, and so must the lab's
own code path; when a lab is running, its file on disk must match too.
"""

import os
import subprocess

from desktop_lab import federation
from desktop_lab import layout as layout_mod
from desktop_lab import state as state_mod
from desktop_lab import topology as topology_mod
from tests.unit.devstack import runner

# desktop-site-config agent's arguments, and the plugin variable for each.
PLUGIN_VARIABLES = {
    'site-name': 'DESKTOP_SITE_NAME',
    'region': 'REGION_NAME',
    'cloud': 'DESKTOP_SITE_CLOUD',
    'clouds-file': 'DESKTOP_SITE_CLOUDS_FILE',
    'transport-url': 'DESKTOP_WAN_TRANSPORT_URL',
    'ssl-ca-file': 'DESKTOP_WAN_SSL_CA_FILE',
    'outbox-path': 'DESKTOP_SITE_OUTBOX',
    'report-interval': 'DESKTOP_REPORT_INTERVAL',
    'central-region': 'DESKTOP_CENTRAL_REGION',
    'set': 'DESKTOP_SITE_AGENT_SETTINGS',
}


def _lab():
    """The lab's layout: the running lab's topology, else the default."""
    lab_dir = os.environ.get('DESKTOP_LAB_DIR') or os.path.join(runner.REPO,
                                                                '.lab')
    recorded = state_mod.load(lab_dir) or {}
    topology = recorded.get('topology') or topology_mod.load(os.path.join(
        runner.REPO, 'tools', 'desktop_lab', 'topology.yaml'))
    lay = layout_mod.Layout(lab_dir, topology)
    site = next(reg for reg in lay.regions if not reg['shared_pool'])
    return lay, site


def _lab_text(lay, reg, tmp_path):
    """What the lab's code path writes for ``reg``."""
    path = tmp_path / 'lab-agent.conf'
    argv = ([os.path.join(runner.BIN, 'desktop-site-config'), 'agent'] +
            federation.agent_conf_args(lay, reg) + ['--output', str(path)])
    proc = subprocess.run(argv, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    return path.read_text()


def _plugin_env(settings):
    env = {'DESKTOP_FEDERATION_ROLE': 'site',
           'ENABLE_DEBUG_LOG_LEVEL': 'False'}
    for flag, value in settings.items():
        assert flag in PLUGIN_VARIABLES, (
            'the lab gives desktop-site-config --%s, which the devstack '
            'plugin has no variable for' % flag)
        env[PLUGIN_VARIABLES[flag]] = (' '.join(value)
                                       if isinstance(value, list) else value)
    return env


def test_devstack_site_writes_the_labs_agent_config(tmp_path):
    lay, reg = _lab()
    lab_text = _lab_text(lay, reg, tmp_path)
    root = tmp_path / 'node'
    root.mkdir()
    result = runner.run(str(root), 'site', reg['name'],
                        [('stack', 'post-config')],
                        _plugin_env(federation.agent_settings(lay, reg)))
    assert result.returncode == 0, result.stderr[-2000:]
    written = os.path.join(result.env['DESKTOP_CONF_DIR'],
                           'desktop-site-agent.conf')
    with open(written) as f:
        assert f.read() == lab_text
    assert '[site]\nname = %s\n' % reg['name'] in lab_text


def test_a_running_lab_runs_with_that_config(tmp_path):
    lay, reg = _lab()
    running = federation.agent_conf_path(lay, reg)
    lab_text = _lab_text(lay, reg, tmp_path)
    if not os.path.exists(running):
        # No lab here: the test above already compared the two writers.
        return
    with open(running) as f:
        assert f.read() == lab_text, (
            '%s differs from what the lab writes now; "tools/lab up" after '
            'stopping the agents rewrites it' % running)
