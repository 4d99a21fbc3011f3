"""Two private RabbitMQ nodes on loopback.

``regions`` carries every region's own bus (one vhost per region);
``wan`` carries only the central <-> site traffic, so a test can cut the
WAN without touching any region's Nova.

The WAN node speaks TLS only, with a server certificate from the lab's
private CA (``wan_tls``). On its vhost central has its own user
(``CENTRAL_USER``, its password in a file of the lab) and each site agent
the user that ``desktop-central-manage site credentials create`` gives
it; the lab's shared user has no permission there.
"""

import os
import secrets
import shutil
import subprocess
import urllib.parse

from desktop_lab.errors import LabError
from desktop_lab import layout as layout_mod
from desktop_lab import procs

NODES = ('regions', 'wan')
SERVER = '/usr/lib/rabbitmq/bin/rabbitmq-server'
CTL = '/usr/lib/rabbitmq/bin/rabbitmqctl'
OPENSSL = 'openssl'
CENTRAL_USER = 'desktop-central'
WAN_VHOST = '/'
CERT_DAYS = 3650


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
    # The WAN node's only listener (TLS) is in its config file.
    tcp = {} if node == 'wan' else {
        'RABBITMQ_NODE_IP_ADDRESS': layout_mod.HOST,
        'RABBITMQ_NODE_PORT': str(lay.rabbit_port(node))}
    return dict(tcp, **{
        'HOME': _home(lay),
        'RABBITMQ_NODENAME': 'lab-%s@localhost' % node,
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
    })


def _write_config(lay, node):
    etc = lay.etc_dir('rabbit-' + node)
    os.makedirs(etc, exist_ok=True)
    with open(os.path.join(etc, 'rabbitmq.conf'), 'w') as f:
        f.write(_listeners(lay, node))
        f.write('loopback_users = none\n')
        f.write('log.console = true\nlog.file = false\n')
        f.write('vm_memory_high_watermark.relative = 0.2\n')
        f.write('disk_free_limit.absolute = 50MB\n')
    with open(os.path.join(etc, 'enabled_plugins'), 'w') as f:
        f.write('[].\n')
    open(os.path.join(etc, 'rabbitmq-env.conf'), 'w').close()


def _listeners(lay, node):
    address = '%s:%d' % (layout_mod.HOST, lay.rabbit_port(node))
    if node != 'wan':
        return 'listeners.tcp.1 = %s\n' % address
    tls = wan_tls(lay)
    return ''.join('%s = %s\n' % item for item in (
        ('listeners.tcp', 'none'),
        ('listeners.ssl.1', address),
        ('ssl_options.cacertfile', tls['ca']),
        ('ssl_options.certfile', tls['cert']),
        ('ssl_options.keyfile', tls['key']),
        ('ssl_options.verify', 'verify_none'),
        ('ssl_options.fail_if_no_peer_cert', 'false'),
        ('ssl_options.versions.1', 'tlsv1.3'),
        ('ssl_options.versions.2', 'tlsv1.2')))


def wan_tls(lay):
    """Paths of the lab CA and the WAN node's certificate and key."""
    tls = lay.etc_dir('rabbit-wan', 'tls')
    return {'dir': tls, 'ca': os.path.join(tls, 'ca.pem'),
            'ca_key': os.path.join(tls, 'ca.key'),
            'cert': os.path.join(tls, 'server.pem'),
            'key': os.path.join(tls, 'server.key')}


def _openssl(*args):
    out = subprocess.run([OPENSSL] + list(args), capture_output=True,
                         text=True, timeout=120)
    if out.returncode:
        raise LabError('openssl %s failed: %s'
                       % (args[0], (out.stderr or out.stdout).strip()))


def make_wan_certs(lay):
    """A private CA and a server certificate for 127.0.0.1 (once)."""
    tls = wan_tls(lay)
    if all(os.path.exists(tls[k]) for k in ('ca', 'cert', 'key')):
        return tls
    os.makedirs(tls['dir'], mode=0o700, exist_ok=True)
    _openssl('req', '-x509', '-newkey', 'rsa:2048', '-nodes',
             '-keyout', tls['ca_key'], '-out', tls['ca'],
             '-days', str(CERT_DAYS), '-subj', '/CN=desktop-lab WAN CA',
             '-addext', 'basicConstraints=critical,CA:TRUE',
             '-addext', 'keyUsage=critical,keyCertSign,cRLSign')
    csr = os.path.join(tls['dir'], 'server.csr')
    ext = os.path.join(tls['dir'], 'server.ext')
    _openssl('req', '-newkey', 'rsa:2048', '-nodes', '-keyout', tls['key'],
             '-out', csr, '-subj', '/CN=%s' % layout_mod.HOST)
    with open(ext, 'w') as f:
        f.write('basicConstraints = CA:FALSE\n'
                'extendedKeyUsage = serverAuth\n'
                'subjectAltName = IP:%s, DNS:localhost\n' % layout_mod.HOST)
    _openssl('x509', '-req', '-in', csr, '-CA', tls['ca'],
             '-CAkey', tls['ca_key'], '-CAcreateserial', '-out', tls['cert'],
             '-days', str(CERT_DAYS), '-extfile', ext)
    for path in (tls['ca_key'], tls['key']):
        os.chmod(path, 0o600)
    return tls


def wan_url(lay, user, password, tls_query=False):
    """The WAN bus URL for ``user``.

    With ``tls_query`` it carries the oslo.messaging TLS options, for
    clients that have no config file.
    """
    url = 'rabbit://%s:%s@%s:%d/' % (
        urllib.parse.quote(user, safe=''),
        urllib.parse.quote(password, safe=''), layout_mod.HOST,
        lay.rabbit_port('wan'))
    if tls_query:
        url += '?' + urllib.parse.urlencode(
            {'ssl': 'true', 'ssl_ca_file': wan_tls(lay)['ca']})
    return url


def _central_password_file(lay):
    return lay.etc_dir('rabbit-wan', 'central.password')


def central_wan_url(lay, tls_query=False):
    """Central's own WAN URL (its password is made by start_node)."""
    with open(_central_password_file(lay)) as f:
        password = f.read().strip()
    return wan_url(lay, CENTRAL_USER, password, tls_query)


def ctl_script(lay):
    """A rabbitmqctl for the WAN node: ``[broker] rabbitmqctl_command``."""
    path = lay.etc_dir('rabbit-wan', 'rabbitmqctl')
    env = node_env(lay, 'wan')
    with open(path, 'w') as f:
        f.write('#!/bin/sh\n')
        for name in ('HOME', 'RABBITMQ_NODENAME', 'ERL_EPMD_ADDRESS',
                     'ERL_EPMD_PORT'):
            f.write('export %s=%s\n' % (name, env[name]))
        f.write('exec %s -n %s "$@"\n' % (CTL, env['RABBITMQ_NODENAME']))
    os.chmod(path, 0o700)
    return path


def _wan_users(lay):
    """Central's own user; the lab's user and guest leave the WAN vhost."""
    path = _central_password_file(lay)
    users = ctl(lay, 'wan', 'list_users').stdout.split()
    if CENTRAL_USER not in users or not os.path.exists(path):
        password = secrets.token_urlsafe(32)
        command = 'change_password' if CENTRAL_USER in users else 'add_user'
        ctl(lay, 'wan', command, CENTRAL_USER, stdin=password + '\n')
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, 'w') as f:
            f.write(password + '\n')
    ctl(lay, 'wan', 'set_permissions', '-p', WAN_VHOST, CENTRAL_USER,
        '.*', '.*', '.*')
    ctl(lay, 'wan', 'clear_permissions', '-p', WAN_VHOST,
        layout_mod.DB_USER, check=False)
    # RabbitMQ's default guest/guest would reach every queue.
    if 'guest' in users:
        ctl(lay, 'wan', 'delete_user', 'guest')


def ctl(lay, node, *args, check=True, stdin=None):
    env = dict(os.environ, **node_env(lay, node))
    out = subprocess.run([CTL, '-q', '-n', env['RABBITMQ_NODENAME']] +
                         list(args), env=env, capture_output=True, text=True,
                         timeout=120, input=stdin)
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
    if node == 'wan':
        make_wan_certs(lay)
    _write_config(lay, node)
    pid, _ = lab.start(name, [SERVER], env=node_env(lay, node),
                       port=lay.rabbit_port(node))
    procs.wait_for(lambda: ctl(lay, node, 'await_startup', '--timeout', '5',
                               check=False).returncode == 0,
                   pid, lay.log(name), name, timeout=120, interval=1)
    users = ctl(lay, node, 'list_users').stdout.split()
    if layout_mod.DB_USER not in users:
        # The password goes on stdin, out of the process listing.
        ctl(lay, node, 'add_user', layout_mod.DB_USER,
            stdin=layout_mod.PASSWORD + '\n')
        ctl(lay, node, 'set_user_tags', layout_mod.DB_USER, 'administrator')
    have = set(ctl(lay, node, 'list_vhosts').stdout.split())
    for vhost in vhosts:
        if vhost not in have:
            ctl(lay, node, 'add_vhost', vhost)
        if node != 'wan':
            ctl(lay, node, 'set_permissions', '-p', vhost,
                layout_mod.DB_USER, '.*', '.*', '.*')
    if node == 'wan':
        _wan_users(lay)
