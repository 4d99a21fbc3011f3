"""A real neutron-server for one region, API only (no agents)."""

import os
import shutil

from desktop_lab import dbsync
from desktop_lab import inifile
from desktop_lab import layout as layout_mod
from desktop_lab import procs
from desktop_lab import uwsgi

# neutron's PostgreSQL migration d553edeb540f runs a MySQL-only statement;
# upgrade to just before it, stamp it, then go on.
BEFORE_BAD_MIGRATION = 'ad80a9f07c5c'
BAD_MIGRATION = 'd553edeb540f'


def configure(lay, region):
    """Write the region's Neutron config; return (name, etc, data, confs)."""
    name = layout_mod.service_name(region, 'neutron')
    etc = lay.etc_dir(name)
    data = lay.data_dir(name)
    conf = inifile.write(os.path.join(etc, 'neutron.conf'), {
        'DEFAULT': {'core_plugin': 'ml2', 'service_plugins': 'router',
                    'auth_strategy': 'keystone', 'use_stderr': True,
                    'transport_url': lay.transport_url(region),
                    'dhcp_agent_notification': False,
                    'api_paste_config': os.path.join(etc, 'api-paste.ini'),
                    'state_path': data},
        'database': {'connection': lay.db_url(name.replace('-', '_'))},
        'keystone_authtoken': inifile.authtoken(lay, 'neutron', region),
        'nova': inifile.keystone_auth(lay, 'nova', region),
        'oslo_concurrency': {'lock_path': os.path.join(data, 'locks')},
    })
    ml2 = inifile.write(os.path.join(etc, 'ml2_conf.ini'), {
        'ml2': {'type_drivers': 'local,flat',
                'tenant_network_types': 'local',
                'mechanism_drivers': 'openvswitch',
                'extension_drivers': 'port_security'},
        'ml2_type_flat': {'flat_networks': '*'},
        'securitygroup': {'firewall_driver': 'noop'},
    })
    shutil.copy(os.path.join(lay.venv, 'etc', 'neutron', 'api-paste.ini'),
                etc)
    return name, etc, data, (conf, ml2)


def sync_db(lay, region):
    name, _, data, (conf, ml2) = configure(lay, region)
    if os.path.exists(dbsync.marker(data)):
        return
    manage = [lay.bin('neutron-db-manage'), '--config-file', conf,
              '--config-file', ml2]
    log = lay.log(name + '-manage')
    for step in (['upgrade', BEFORE_BAD_MIGRATION],
                 ['stamp', BAD_MIGRATION], ['upgrade', 'heads']):
        procs.run(manage + step, log,
                  what='%s db %s' % (name, ' '.join(step)))
    dbsync.mark(data)


def start(lab, region):
    """Start it; return a callable that waits until it answers."""
    tools_dir = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    return uwsgi.serve_region_api(
        lab, region, 'neutron', configure, sync_db,
        'desktop_lab.neutron_wsgi:application',
        lambda etc: {'OS_NEUTRON_CONFIG_DIR': etc,
                     'OS_NEUTRON_CONFIG_FILES': 'neutron.conf;ml2_conf.ini'},
        threads=2, pythonpath=tools_dir)
