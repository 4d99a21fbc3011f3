"""Nova for one region: api, conductor, scheduler and the compute hosts."""

import glob
import os
import shutil

from desktop_lab import dbsync
from desktop_lab.errors import LabError
from desktop_lab import inifile
from desktop_lab import layout as layout_mod
from desktop_lab import procs
from desktop_lab import uwsgi
from site_plugins.conf import nova_scheduler

DRIVER_SHIM = 'desktop_lab.py'


def host_names(region):
    return ['%s-cmp%d' % (region['name'].lower(), i + 1)
            for i in range(region['hosts'])]


def install_driver(lay):
    """Make the lab virt driver loadable as compute_driver=desktop_lab.*.

    nova loads drivers from the nova.virt namespace only, so the lab links
    its driver module there.
    """
    found = glob.glob(os.path.join(lay.venv, 'lib', 'python*',
                                   'site-packages', 'nova', 'virt'))
    if not found:
        raise LabError('nova is not installed in %s' % lay.venv)
    link = os.path.join(found[0], DRIVER_SHIM)
    target = os.path.join(os.path.dirname(os.path.abspath(__file__)),
                          'virt_driver.py')
    if os.path.realpath(link) != target:
        if os.path.lexists(link):
            os.unlink(link)
        os.symlink(target, link)


def _paths(lay, region):
    name = layout_mod.service_name(region, 'nova')
    return name, lay.etc_dir(name), lay.data_dir(name)


def write_config(lay, reg):
    region = reg['name']
    name, etc, data = _paths(lay, region)
    db = name.replace('-', '_')
    service_auth = inifile.keystone_auth(lay, 'nova', region)
    inifile.write(os.path.join(etc, 'nova.conf'), {
        'DEFAULT': {
            'transport_url': lay.transport_url(region),
            'state_path': data, 'my_ip': layout_mod.HOST,
            'use_stderr': True, 'heal_instance_info_cache_interval': -1,
            'instance_usage_audit': False,
            'cpu_allocation_ratio': 1.0, 'ram_allocation_ratio': 1.0,
            'disk_allocation_ratio': 1.0, 'reserved_host_memory_mb': 0,
            'reserved_host_disk_mb': 0},
        'api': {'auth_strategy': 'keystone'},
        'wsgi': {'api_paste_config': os.path.join(etc, 'api-paste.ini')},
        'keystone_authtoken': inifile.authtoken(lay, 'nova', region),
        'service_user': dict(service_auth, send_service_user_token=True),
        'placement': service_auth,
        'neutron': service_auth,
        'glance': {'region_name': region},
        'cinder': {'os_region_name': region},
        'vnc': {'enabled': False},
        'conductor': {'workers': 1},
        'scheduler': {'workers': 1, 'discover_hosts_in_cells_interval': 10},
        # nova's defaults plus ours, as a site install gets them.
        'filter_scheduler': nova_scheduler.filter_scheduler(),
        'quota': {'instances': 1000, 'cores': 10000, 'ram': 10240000},
        'oslo_concurrency': {'lock_path': os.path.join(data, 'locks')},
    })
    inifile.write(os.path.join(etc, 'db.conf'), {
        'api_database': {'connection': lay.db_url(db + '_api')},
        'database': {'connection': lay.db_url(db + '_cell1')},
    })
    shutil.copy(os.path.join(lay.venv, 'etc', 'nova', 'api-paste.ini'), etc)
    for host in host_names(reg):
        os.makedirs(os.path.join(data, host), exist_ok=True)
        inifile.write(os.path.join(etc, host + '.conf'), {
            'DEFAULT': {'host': host,
                        'state_path': os.path.join(data, host),
                        'compute_driver': 'desktop_lab.LabDriver'},
            'desktop_lab': {'vcpus': reg['vcpus'],
                            'memory_mb': reg['memory_mb'],
                            'disk_gb': reg['disk_gb']},
        })


def _manage(lay, region, *args, conf_files=()):
    name, etc, _ = _paths(lay, region)
    confs = [os.path.join(etc, 'nova.conf'),
             os.path.join(etc, 'db.conf')] + list(conf_files)
    procs.run([lay.bin('nova-manage')] +
              [arg for conf in confs for arg in ('--config-file', conf)] +
              list(args),
              lay.log(name + '-manage'),
              what='%s %s' % (name, ' '.join(args[:2])))


def sync_db(lay, reg):
    region = reg['name']
    write_config(lay, reg)
    name, etc, data = _paths(lay, region)
    if os.path.exists(dbsync.marker(data)):
        return
    db = name.replace('-', '_')
    _manage(lay, region, 'api_db', 'sync')
    # map_cell0 names cell0's database after [database] connection's plus
    # '_cell0'; that keeps the password off its command line.
    cell0_conf = os.path.join(etc, 'cell0.conf')
    inifile.write(cell0_conf, {'database': {'connection': lay.db_url(db)}})
    _manage(lay, region, 'cell_v2', 'map_cell0', conf_files=[cell0_conf])
    _manage(lay, region, 'cell_v2', 'create_cell', '--name', 'cell1')
    _manage(lay, region, 'db', 'sync')
    dbsync.mark(data)


def start(lab, reg, placement_ready):
    """Start Nova; computes start once Placement answers. Return a waiter."""
    lay = lab.layout
    region = reg['name']
    name, etc, _ = _paths(lay, region)
    sync_db(lay, reg)
    conf = ['--config-file', os.path.join(etc, 'nova.conf')]
    dbconf = conf + ['--config-file', os.path.join(etc, 'db.conf')]
    for svc in ('conductor', 'scheduler'):
        lab.start('%s-%s' % (name, svc), [lay.bin('nova-' + svc)] + dbconf)
    api_ready = uwsgi.serve(
        lab, name + '-api', lay.port(region, 'nova-api'),
        'nova.wsgi.osapi_compute:application',
        {'OS_NOVA_CONFIG_DIR': etc,
         'OS_NOVA_CONFIG_FILES': 'api-paste.ini;nova.conf;db.conf'},
        processes=1, threads=4, wait=False)
    placement_ready()
    for host in host_names(reg):
        lab.start('%s-compute-%s' % (name, host.rsplit('-', 1)[1]),
                  [lay.bin('nova-compute')] + conf +
                  ['--config-file', os.path.join(etc, host + '.conf')])
    return api_ready


def scheduler_loaded_ours(lay, region):
    """True once the region's scheduler log says our plugins loaded."""
    name, _, _ = _paths(lay, region)
    try:
        with open(lay.log(name + '-scheduler'), errors='replace') as f:
            text = f.read()
    except OSError:
        return False
    return all(cls.rsplit('.', 1)[1] + ' loaded' in text
               for cls in nova_scheduler.FILTER_CLASSES +
               nova_scheduler.WEIGHER_CLASSES)
