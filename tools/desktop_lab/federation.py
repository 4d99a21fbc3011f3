"""desktop-federation itself on the lab: central API and engine, agents.

Central runs in the first region (whose hosts are the shared pool) on the
lab's PostgreSQL and the WAN bus; one desktop-site-agent runs per region.
Agent configuration is written by ``site_plugins.conf.render``, the same
code every installer uses.
"""

import os

from desktop_lab import clouds
from desktop_lab import inifile
from desktop_lab import layout as layout_mod
from desktop_lab import procs
from desktop_lab import uwsgi

REPORT_INTERVAL = 10


def central_conf(lay):
    data = lay.data_dir('desktop-central')
    os.makedirs(data, exist_ok=True)
    return inifile.write(lay.etc_dir('desktop-central',
                                     'desktop-central.conf'), {
        'DEFAULT': {'transport_url': lay.wan_transport_url,
                    'state_path': data, 'use_stderr': True},
        'database': {'connection': lay.db_url('desktop_central')},
        'api': {'bind_host': layout_mod.HOST,
                'bind_port': lay.central_api_port,
                'auth_strategy': 'keystone'},
        'keystone_authtoken': inifile.authtoken(lay, 'desktop',
                                                lay.regions[0]['name']),
        'monitoring': {'report_interval': REPORT_INTERVAL,
                       'offline_after_missed': 2},
        # Keep a broker backlog on the broker, not in the engine's memory.
        'oslo_messaging_rabbit': {'rabbit_qos_prefetch_count': 200},
    })


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
    wait = uwsgi.serve(lab, 'desktop-central-api', lay.central_api_port,
                       'central_cloud.api.wsgi:application',
                       {'OS_DESKTOP_CENTRAL_CONFIG_FILES': conf},
                       threads=4, wait=False)
    lab.start('desktop-central-engine',
              [lay.bin('desktop-central-engine'), '--config-file', conf])
    wait()


def agent_conf(lay, reg):
    from site_plugins import conf as site_conf
    name = reg['name']
    path = lay.etc_dir('desktop-site-agent', name.lower() + '.conf')
    os.makedirs(os.path.dirname(path), exist_ok=True)
    text = site_conf.render(
        name, name, 'desktop-lab', lay.wan_transport_url,
        lay.data_dir('desktop-site-agent', name.lower() + '-outbox.sqlite'),
        clouds_file=os.path.join(lay.dir, 'clouds.yaml'),
        report_interval=REPORT_INTERVAL)
    with open(path, 'w') as f:
        f.write(text)
    return path


def start_agents(lab):
    lay = lab.layout
    with open(os.path.join(lay.dir, 'clouds.yaml'), 'w') as f:
        f.write(clouds.clouds_yaml(lay))
    os.makedirs(lay.data_dir('desktop-site-agent'), exist_ok=True)
    for reg in lay.regions:
        lab.start('desktop-site-agent-%s' % reg['name'].lower(),
                  [lay.bin('desktop-site-agent'), '--config-file',
                   agent_conf(lay, reg)])
