"""Glance (file store) for one region."""

import os
import shutil

from desktop_lab import dbsync
from desktop_lab import inifile
from desktop_lab import layout as layout_mod
from desktop_lab import procs
from desktop_lab import uwsgi


def configure(lay, region):
    """Write the region's Glance config; return (name, etc, data, conf)."""
    name = layout_mod.service_name(region, 'glance')
    etc = lay.etc_dir(name)
    data = lay.data_dir(name)
    conf = inifile.write(os.path.join(etc, 'glance-api.conf'), {
        'DEFAULT': {'enabled_backends': 'fs:file', 'use_stderr': True,
                    'show_image_direct_url': True,
                    'show_multiple_locations': False},
        'glance_store': {'default_backend': 'fs'},
        'fs': {'filesystem_store_datadir': os.path.join(data, 'images')},
        'os_glance_staging_store': {
            'filesystem_store_datadir': os.path.join(data, 'staging')},
        'os_glance_tasks_store': {
            'filesystem_store_datadir': os.path.join(data, 'tasks')},
        'database': {'connection': lay.db_url(name.replace('-', '_'))},
        'keystone_authtoken': inifile.authtoken(lay, 'glance', region),
        'paste_deploy': {'flavor': 'keystone'},
        'oslo_concurrency': {'lock_path': os.path.join(data, 'locks')},
    })
    shutil.copy(os.path.join(lay.venv, 'etc', 'glance',
                             'glance-api-paste.ini'), etc)
    return name, etc, data, conf


def sync_db(lay, region):
    name, _, data, conf = configure(lay, region)
    marker = dbsync.marker(data)
    if not os.path.exists(marker):
        procs.run([lay.bin('glance-manage'), '--config-file', conf,
                   'db_sync'], lay.log(name + '-manage'),
                  what='%s db_sync' % name)
        dbsync.mark(data)


def start(lab, region):
    """Start it; return a callable that waits until it answers."""
    return uwsgi.serve_region_api(
        lab, region, 'glance', configure, sync_db,
        'glance.wsgi.api:application',
        lambda etc: {'OS_GLANCE_CONFIG_DIR': etc}, threads=4)
