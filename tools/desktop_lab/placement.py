"""Placement for one region."""

import os

from desktop_lab import dbsync
from desktop_lab import inifile
from desktop_lab import layout as layout_mod
from desktop_lab import procs
from desktop_lab import uwsgi


def configure(lay, region):
    """Write the region's Placement config; return (name, etc, data, conf)."""
    name = layout_mod.service_name(region, 'placement')
    etc = lay.etc_dir(name)
    conf = inifile.write(os.path.join(etc, 'placement.conf'), {
        'DEFAULT': {'use_stderr': True},
        'api': {'auth_strategy': 'keystone'},
        'placement_database': {
            'connection': lay.db_url(name.replace('-', '_'))},
        'keystone_authtoken': inifile.authtoken(lay, 'placement', region),
    })
    return name, etc, lay.data_dir(name), conf


def sync_db(lay, region):
    name, _, data, conf = configure(lay, region)
    if not os.path.exists(dbsync.marker(data)):
        procs.run([lay.bin('placement-manage'), '--config-file', conf,
                   'db', 'sync'], lay.log(name + '-manage'),
                  what='%s db sync' % name)
        dbsync.mark(data)


def start(lab, region):
    """Start it; return a callable that waits until it answers."""
    return uwsgi.serve_region_api(
        lab, region, 'placement', configure, sync_db,
        'placement.wsgi.api:application',
        lambda etc: {'OS_PLACEMENT_CONFIG_DIR': etc}, threads=4)
