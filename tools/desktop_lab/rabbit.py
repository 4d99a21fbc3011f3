"""Two private RabbitMQ nodes on loopback.

``regions`` carries every region's own bus (one vhost per region);
``wan`` carries only the central <-> site traffic, so a test can cut the
WAN without touching any region's Nova.
"""

import os
import shutil
import subprocess

from desktop_lab.errors import LabError
from desktop_lab import layout as layout_mod
from desktop_lab import procs

NODES = ('regions', 'wan')
SERVER = '/usr/lib/rabbitmq/bin/rabbitmq-server'
CTL = '/usr/lib/rabbitmq/bin/rabbitmqctl'


def _home(lay):
    home = lay.data_dir('rabbit-home')
    cookie = os.path.join(home, '.erlang.cookie')
    if not os.path.exists(cookie):
        os.makedirs(home, exist_ok=True)
        with open(cookie, 'w') as f:
            f.write(os.urandom(16).hex().upper())
        os.chmod(cookie, 0o400)
    return home


def node_env(lay, node):
    base = lay.data_dir('rabbit-' + node)
    etc = lay.etc_dir('rabbit-' + node)
    return {
        'HOME': _home(lay),
        'RABBITMQ_NODENAME': 'lab-%s@localhost' % node,
        'RABBITMQ_NODE_IP_ADDRESS': layout_mod.HOST,
        'RABBITMQ_NODE_PORT': str(lay.rabbit_port(node)),
        'RABBITMQ_DIST_PORT': str(lay.rabbit_dist_port(node)),
        'RABBITMQ_MNESIA_BASE': os.path.join(base, 'mnesia'),
        'RABBITMQ_LOG_BASE': os.path.join(base, 'log'),
        'RABBITMQ_LOGS': '-',
        'RABBITMQ_CONFIG_FILE': os.path.join(etc, 'rabbitmq.conf'),
        'RABBITMQ_ENABLED_PLUGINS_FILE': os.path.join(etc, 'enabled_plugins'),
        'RABBITMQ_PID_FILE': os.path.join(base, 'rabbit.pid'),
        'RABBITMQ_CONF_ENV_FILE': os.path.join(etc, 'rabbitmq-env.conf'),
        'RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS':
            '-kernel inet_dist_use_interface {127,0,0,1}',
        'ERL_EPMD_ADDRESS': layout_mod.HOST,
        'ERL_EPMD_PORT': str(lay.epmd_port),
    }


def _write_config(lay, node):
    etc = lay.etc_dir('rabbit-' + node)
    os.makedirs(etc, exist_ok=True)
    with open(os.path.join(etc, 'rabbitmq.conf'), 'w') as f:
        f.write('listeners.tcp.1 = %s:%d\n' % (layout_mod.HOST,
                                               lay.rabbit_port(node)))
        f.write('loopback_users = none\n')
        f.write('log.console = true\nlog.file = false\n')
        f.write('vm_memory_high_watermark.relative = 0.2\n')
        f.write('disk_free_limit.absolute = 50MB\n')
    with open(os.path.join(etc, 'enabled_plugins'), 'w') as f:
        f.write('[].\n')
    open(os.path.join(etc, 'rabbitmq-env.conf'), 'w').close()


def ctl(lay, node, *args, check=True):
    env = dict(os.environ, **node_env(lay, node))
    out = subprocess.run([CTL, '-q', '-n', env['RABBITMQ_NODENAME']] +
                         list(args), env=env, capture_output=True, text=True,
                         timeout=120)
    if check and out.returncode != 0:
        raise LabError('rabbitmqctl %s on node %s failed: %s'
                       % (args[0], node, (out.stderr or out.stdout).strip()))
    return out


def start_epmd(lab):
    lay = lab.layout
    epmd = shutil.which('epmd') or '/usr/bin/epmd'
    pid, _ = lab.start('epmd', [epmd, '-port', str(lay.epmd_port),
                                '-address', layout_mod.HOST],
                       port=lay.epmd_port)
    procs.wait_for(lambda: procs.port_in_use(lay.epmd_port), pid,
                   lay.log('epmd'), 'epmd', timeout=20, interval=0.1)


def start_node(lab, node, vhosts):
    lay = lab.layout
    name = 'rabbit-' + node
    if not os.path.exists(SERVER):
        raise LabError('rabbitmq-server is missing; run "tools/lab up" as '
                       'root so it can install it')
    _write_config(lay, node)
    pid, _ = lab.start(name, [SERVER], env=node_env(lay, node),
                       port=lay.rabbit_port(node))
    procs.wait_for(lambda: ctl(lay, node, 'await_startup', '--timeout', '5',
                               check=False).returncode == 0,
                   pid, lay.log(name), name, timeout=120, interval=1)
    users = ctl(lay, node, 'list_users').stdout.split()
    if layout_mod.DB_USER not in users:
        ctl(lay, node, 'add_user', layout_mod.DB_USER, layout_mod.PASSWORD)
        ctl(lay, node, 'set_user_tags', layout_mod.DB_USER, 'administrator')
    have = set(ctl(lay, node, 'list_vhosts').stdout.split())
    for vhost in vhosts:
        if vhost not in have:
            ctl(lay, node, 'add_vhost', vhost)
        ctl(lay, node, 'set_permissions', '-p', vhost, layout_mod.DB_USER,
            '.*', '.*', '.*')
