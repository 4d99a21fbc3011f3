"""Run devstack/plugin.sh the way stack.sh does, on fake_devstack.sh.

stack.sh sources ``settings`` once, then ``plugin.sh MODE [PHASE]`` at each
point of its run, all in one shell. ``run()`` does the same in one bash
process, with the devstack variables of a central or a site node, and
returns each phase's recorded calls.
"""

import collections
import os
import shlex
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(os.path.dirname(HERE)))
DEVSTACK = os.path.join(REPO, 'devstack')
FAKE = os.path.join(HERE, 'fake_devstack.sh')
BIN = os.path.dirname(sys.executable)

STACK = [('stack', 'pre-install'), ('stack', 'install'),
         ('stack', 'post-config'), ('stack', 'extra'),
         ('stack', 'test-config')]
ALL_PHASES = STACK + [('unstack', None), ('clean', None)]

NOVA_CONF = """[DEFAULT]
debug = True

[filter_scheduler]
enabled_filters = ComputeFilter,ComputeCapabilitiesFilter,\
ImagePropertiesFilter,ServerGroupAntiAffinityFilter,\
ServerGroupAffinityFilter,SameHostFilter,DifferentHostFilter
"""


def node_env(root, role, region):
    """The devstack variables of a node, every path under ``root``."""
    central = role == 'central'
    env = {
        'DEST': os.path.join(root, 'opt'),
        'DATA_DIR': os.path.join(root, 'data'),
        'STACK_USER': subprocess.check_output(['id', '-un'], text=True
                                              ).strip(),
        'REGION_NAME': region,
        'SERVICE_HOST': '192.0.2.10' if central else '192.0.2.20',
        'SERVICE_PROTOCOL': 'http',
        'KEYSTONE_SERVICE_HOST': '192.0.2.10',
        'KEYSTONE_SERVICE_URI': 'http://192.0.2.10/identity',
        'SERVICE_PASSWORD': 'service-secret',
        'SERVICE_PROJECT_NAME': 'service',
        'SERVICE_DOMAIN_NAME': 'Default',
        'RABBIT_PASSWORD': 'rabbit-secret',
        'SERVICE_TIMEOUT': '60',
        'ENABLE_DEBUG_LOG_LEVEL': 'True',
        'NOVA_CONF': os.path.join(root, 'etc', 'nova', 'nova.conf'),
        'TEMPEST_CONFIG': os.path.join(root, 'etc', 'tempest',
                                       'tempest.conf'),
        'HORIZON_DIR': os.path.join(root, 'opt', 'horizon'),
        # Where devstack writes /etc files: under the test root.
        'DESKTOP_CONF_DIR': os.path.join(root, 'etc', 'desktop-federation'),
        'DESKTOP_SITE_CLOUDS_FILE': os.path.join(root, 'etc', 'openstack',
                                                 'clouds.yaml'),
        'DESKTOP_FEDERATION_ROLE': role,
        'ENABLED_SERVICES': 'key,rabbit,mysql,n-api,n-sch,n-cpu,placement-api'
                            + (',horizon,tempest' if central else ''),
    }
    if not central:
        env['KEYSTONE_REGION_NAME'] = 'Central'
    return env


Result = collections.namedtuple('Result', 'returncode stderr calls env')


def run(root, role, region, phases=ALL_PHASES, env=None, after_settings=()):
    """Source settings, then plugin.sh for each phase; return a Result.

    ``after_settings`` are shell lines run between the two, as local.conf
    lines would be. ``calls`` maps each (mode, phase) to its list of calls,
    each a tuple (name, arg, ...).
    """
    node = node_env(root, role, region)
    node.update(env or {})
    for name in ('NOVA_CONF', 'TEMPEST_CONFIG'):
        os.makedirs(os.path.dirname(node[name]), exist_ok=True)
    with open(node['NOVA_CONF'], 'w') as f:
        f.write(NOVA_CONF)
    os.makedirs(os.path.join(node['HORIZON_DIR'], 'openstack_dashboard',
                             'local', 'enabled'), exist_ok=True)
    log = os.path.join(root, 'calls.log')
    lines = ['set -o errexit', 'source %s' % shlex.quote(FAKE)]
    lines += ['%s=%s' % (k, shlex.quote(v)) for k, v in sorted(node.items())]
    lines.append('source %s' % shlex.quote(os.path.join(DEVSTACK,
                                                        'settings')))
    lines.extend(after_settings)
    for mode, phase in phases:
        args = mode + (' ' + phase if phase else '')
        lines.append('_fake_record PHASE %s' % args)
        lines.append('source %s %s' % (shlex.quote(os.path.join(
            DEVSTACK, 'plugin.sh')), args))
    proc_env = dict(os.environ, FAKE_DEVSTACK_LOG=log,
                    FAKE_DEVSTACK_ROOT=root, FAKE_DEVSTACK_BIN=BIN,
                    FAKE_COMPUTE_HOSTS='%s-cmp1 %s-cmp2' % (
                        region.lower(), region.lower()))
    proc = subprocess.run(['bash', '-c', '\n'.join(lines)], env=proc_env,
                          cwd=root, capture_output=True, text=True,
                          timeout=600)
    calls = collections.OrderedDict()
    current = calls.setdefault(('settings', None), [])
    if os.path.exists(log):
        with open(log) as f:
            for line in f.read().splitlines():
                fields = tuple(line.split('\t'))
                if fields[0] == 'PHASE':
                    key = (fields[1], fields[2] if len(fields) > 2 else None)
                    current = calls.setdefault(key, [])
                else:
                    current.append(fields)
    return Result(proc.returncode, proc.stderr, calls, node)
