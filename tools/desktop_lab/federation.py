"""desktop-federation itself on the lab: central API and engine, agents.

Central runs in the first region (whose hosts are the shared pool) on the
lab's PostgreSQL and the WAN bus; one desktop-site-agent runs per region.
Both config files are written by the project's own commands,
``desktop-central-manage config generate`` and ``desktop-site-config
agent``, exactly as the devstack plugin writes them: the lab runs the
config path that installers get.
"""

import json
import os
import subprocess

from desktop_lab import clouds
from desktop_lab.errors import LabError
from desktop_lab import etcd
from desktop_lab import layout as layout_mod
from desktop_lab import procs
from desktop_lab import rabbit
from desktop_lab import uwsgi

REPORT_INTERVAL = 10
SERVICE_USER = 'desktop'
CONFIG_TIMEOUT = 300


def central_conf_args(lay):
    """The arguments of ``desktop-central-manage config generate``."""
    return [
        # Central's own WAN user, over TLS; it manages the sites' users
        # through the WAN node's rabbitmqctl.
        '--ssl-ca-file', rabbit.wan_tls(lay)['ca'],
        '--set', 'broker.rabbitmqctl_command=' + rabbit.ctl_script(lay),
        '--state-path', lay.data_dir('desktop-central'),
        '--bind-host', layout_mod.HOST,
        '--bind-port', str(lay.central_api_port),
        '--auth-strategy', 'keystone',
        '--auth-url', lay.keystone_url,
        '--service-user', SERVICE_USER,
        '--region', lay.regions[0]['name'],
        '--report-interval', str(REPORT_INTERVAL),
        '--offline-after-missed', '2',
        '--set', 'DEFAULT.use_stderr=true',
        # Keep a broker backlog on the broker, not in the engine's memory.
        '--set', 'oslo_messaging_rabbit.rabbit_qos_prefetch_count=200',
        # Engines divide the periodic work on a hash ring kept in etcd.
        '--set', 'coordination.backend_url=' + etcd.backend_url(lay),
    ]


def central_conf_env(lay):
    """The secrets of ``config generate``, kept off its command line."""
    return dict(os.environ,
                DESKTOP_TRANSPORT_URL=rabbit.central_wan_url(lay),
                DESKTOP_DATABASE_CONNECTION=lay.db_url('desktop_central'),
                DESKTOP_SERVICE_PASSWORD=layout_mod.PASSWORD)


def central_conf_path(lay):
    return lay.etc_dir('desktop-central', 'desktop-central.conf')


def central_conf(lay):
    os.makedirs(lay.data_dir('desktop-central'), exist_ok=True)
    path = central_conf_path(lay)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    procs.run([lay.bin('desktop-central-manage'), 'config', 'generate'] +
              central_conf_args(lay) + ['--output', path],
              lay.log('desktop-central-manage'), env=central_conf_env(lay),
              what='desktop-central-manage config generate')
    return path


def _manage(lay, conf, *args):
    procs.run([lay.bin('desktop-central-manage'), '--config-file', conf] +
              list(args), lay.log('desktop-central-manage'),
              what='desktop-central-manage %s' % ' '.join(args[:2]))


def start_central(lab):
    """Migrate central's database, register the sites, start API+engine."""
    lay = lab.layout
    conf = central_conf(lay)
    _manage(lay, conf, 'db', 'sync')
    for reg in lay.regions:
        _manage(lay, conf, 'site', 'bootstrap', '--name', reg['name'],
                '--region', reg['name'],
                '--latitude', str(reg['latitude']),
                '--longitude', str(reg['longitude']),
                '--shared-pool' if reg['shared_pool'] else '--no-shared-pool')
        site_credentials(lay, conf, reg)
    wait = start_api(lab, conf, wait=False)
    start_engine(lab, conf)
    wait()


# The central API's own uWSGI settings. A client that stops sending
# holds a worker thread for at most socket-timeout seconds before its
# request is answered 400 (uWSGI's default is 4 s).
API_UWSGI = {'socket-timeout': 2}


def start_api(lab, conf=None, wait=True):
    """Start central's API on the config ``start_central`` wrote."""
    lay = lab.layout
    return uwsgi.serve(lab, 'desktop-central-api', lay.central_api_port,
                       'central_cloud.api.wsgi:application',
                       {'OS_DESKTOP_CENTRAL_CONFIG_FILES':
                        conf or central_conf_path(lay)},
                       threads=4, wait=wait, options=API_UWSGI)


def credentials_path(lay, reg):
    return lay.etc_dir('desktop-site-agent',
                       reg['name'].lower() + '-credentials.json')


def site_credentials(lay, conf, reg):
    """Give the site its own WAN user, as an operator would.

    ``site credentials create`` writes the site's transport URL to
    ``credentials_path``; a user that exists keeps its file, or is
    rotated when the file is gone.
    """
    path = credentials_path(lay, reg)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    exists = subprocess.run(
        [lay.bin('desktop-central-manage'), '--config-file', conf, 'site',
         'credentials', 'show', reg['name']], stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        timeout=CONFIG_TIMEOUT).returncode == 0
    if exists and 'signing_key' in _issued(lay, reg) and os.path.exists(
            signing_key_path(lay, reg)):
        return
    if not exists:
        # A signing key left without a broker user (a wiped broker).
        _manage(lay, conf, 'site', 'credentials', 'revoke', reg['name'])
    _manage(lay, conf, 'site', 'credentials',
            'rotate' if exists else 'create', reg['name'], '--output', path)
    key_file = signing_key_path(lay, reg)
    fd = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, 'w') as f:
        f.write(_issued(lay, reg)['signing_key'] + '\n')


def _issued(lay, reg):
    try:
        with open(credentials_path(lay, reg)) as f:
            return json.load(f)
    except (OSError, ValueError):
        return {}


def signing_key_path(lay, reg):
    return lay.etc_dir('desktop-site-agent', reg['name'].lower() + '.key')


def site_wan_settings(lay, reg):
    """The site's WAN URL, CA and signing key, from its credentials.

    Before central issued them (no lab yet), a URL without a valid
    password and no key: the file still shows every setting.
    """
    issued = _issued(lay, reg)
    if 'signing_key' not in issued:
        return {'transport-url': rabbit.wan_url(lay, reg['name'],
                                                'not-issued'),
                'set': ['signing.require_from_central=false']}
    return {
        'transport-url': issued['transport_url'],
        'ssl-ca-file': rabbit.wan_tls(lay)['ca'],
        'set': ['signing.key_id=' + issued['signing_key_id'],
                'signing.key_file=' + signing_key_path(lay, reg)],
    }


def start_engine(lab, conf=None):
    """Start central's engine on the config ``start_central`` wrote."""
    lay = lab.layout
    conf = conf or central_conf_path(lay)
    return lab.start('desktop-central-engine',
                     [lay.bin('desktop-central-engine'), '--config-file',
                      conf])


def agent_settings(lay, reg):
    """What the lab gives ``desktop-site-config agent`` for a region."""
    name = reg['name']
    wan = site_wan_settings(lay, reg)
    return {
        'site-name': name,
        'region': name,
        'cloud': 'desktop-lab',
        'clouds-file': os.path.join(lay.dir, 'clouds.yaml'),
        'transport-url': wan['transport-url'],
        'outbox-path': lay.data_dir('desktop-site-agent',
                                    name.lower() + '-outbox.sqlite'),
        'report-interval': str(REPORT_INTERVAL),
        # Templates come from the first region, central's.
        'central-region': lay.regions[0]['name'],
        # The lab's hypervisor has run a builder's user data once it is
        # ACTIVE.
        'set': ['templates.builder_done_state=ACTIVE'] + wan['set'],
        **({'ssl-ca-file': wan['ssl-ca-file']} if 'ssl-ca-file' in wan
           else {}),
    }


def agent_conf_args(lay, reg):
    """The arguments of ``desktop-site-config agent`` for a region."""
    args = []
    for flag, value in agent_settings(lay, reg).items():
        for item in (value if isinstance(value, list) else [value]):
            args += ['--' + flag, item]
    return args


def agent_conf_path(lay, reg):
    return lay.etc_dir('desktop-site-agent', reg['name'].lower() + '.conf')


def write_agent_confs(lay):
    """Write every region's agent config, the commands side by side."""
    log = lay.log('desktop-site-config')
    os.makedirs(os.path.dirname(log), exist_ok=True)
    running = []
    for reg in lay.regions:
        path = agent_conf_path(lay, reg)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        argv = ([lay.bin('desktop-site-config'), 'agent'] +
                agent_conf_args(lay, reg) + ['--output', path])
        running.append((reg, subprocess.Popen(
            argv, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT)))
    failed = []
    for reg, proc in running:
        try:
            output = proc.communicate(timeout=CONFIG_TIMEOUT)[0]
        except subprocess.TimeoutExpired:
            proc.kill()
            output = proc.communicate()[0] + (
                b'\ntimed out after %d s' % CONFIG_TIMEOUT)
        with open(log, 'ab') as f:
            f.write(('\n$ desktop-site-config agent (%s)\n'
                     % reg['name']).encode() + output)
        if proc.returncode:
            lines = output.decode('utf-8', 'replace').strip().splitlines()
            failed.append('%s: %s' % (reg['name'],
                                      lines[-1] if lines else 'no output'))
    if failed:
        raise LabError('desktop-site-config agent failed for %s; see %s'
                       % ('; '.join(failed), log))
    return {reg['name']: agent_conf_path(lay, reg) for reg in lay.regions}


def start_agents(lab):
    lay = lab.layout
    with open(os.path.join(lay.dir, 'clouds.yaml'), 'w') as f:
        f.write(clouds.clouds_yaml(lay))
    os.makedirs(lay.data_dir('desktop-site-agent'), exist_ok=True)
    write_agent_confs(lay)
    for reg in lay.regions:
        start_agent(lab, reg)


def agent_service(reg):
    return 'desktop-site-agent-%s' % reg['name'].lower()


def start_agent(lab, reg):
    """Start a region's agent on the config ``write_agent_confs`` wrote."""
    lay = lab.layout
    return lab.start(agent_service(reg),
                     [lay.bin('desktop-site-agent'), '--config-file',
                      agent_conf_path(lay, reg)])
