"""Database schemas of the regions: migrate once, copy for the rest.

Every region's Glance, Placement, Neutron and Nova databases start out
identical, so the lab migrates the first region's and creates the others
from them with PostgreSQL's ``CREATE DATABASE ... TEMPLATE``; only Nova's
cell mappings (which name the region's own cell databases and bus) are
rewritten. A region whose copy fails is migrated the ordinary way.
"""

import concurrent.futures
import os

from desktop_lab.errors import LabError

MARKER = '.db-synced'
SUFFIXES = ('glance', 'placement', 'neutron', 'nova_api', 'nova_cell0',
            'nova_cell1')
CELL0_UUID = '00000000-0000-0000-0000-000000000000'


def marker(data):
    return os.path.join(data, MARKER)


def mark(data):
    os.makedirs(data, exist_ok=True)
    open(marker(data), 'w').close()


def _services():
    from desktop_lab import glance
    from desktop_lab import neutron
    from desktop_lab import nova
    from desktop_lab import placement
    return glance, placement, neutron, nova


def _data_dirs(lay, region):
    return [lay.data_dir('%s-%s' % (region.lower(), svc))
            for svc in ('glance', 'placement', 'neutron', 'nova')]


def region_synced(lay, reg):
    return all(os.path.exists(marker(d))
               for d in _data_dirs(lay, reg['name']))


def database_names(region):
    return ['%s_%s' % (region.lower(), s) for s in SUFFIXES]


def sync_region(lab, reg):
    """Migrate the region's databases, its four services in parallel."""
    from desktop_lab import postgres
    postgres.ensure_databases(lab, database_names(reg['name']))
    glance, placement, neutron, nova = _services()
    lay = lab.layout
    jobs = [lambda: glance.sync_db(lay, reg['name']),
            lambda: placement.sync_db(lay, reg['name']),
            lambda: neutron.sync_db(lay, reg['name']),
            lambda: nova.sync_db(lay, reg)]
    with concurrent.futures.ThreadPoolExecutor(len(jobs)) as pool:
        for future in [pool.submit(job) for job in jobs]:
            future.result()


def clone_region(lab, src, reg):
    """Create reg's databases as copies of region src's."""
    from desktop_lab import postgres
    lay = lab.layout
    region = reg['name']
    for s_name, d_name in zip(database_names(src), database_names(region)):
        postgres.clone_database(lab, s_name, d_name)
    nova_db = '%s_nova' % region.lower()
    postgres.psql(lab, "UPDATE cell_mappings SET database_connection='%s' "
                       "WHERE uuid='%s'" % (lay.db_url(nova_db + '_cell0'),
                                            CELL0_UUID),
                  database=nova_db + '_api')
    postgres.psql(lab, "UPDATE cell_mappings SET database_connection='%s', "
                       "transport_url='%s' WHERE name='cell1'"
                  % (lay.db_url(nova_db + '_cell1'),
                     lay.transport_url(region)), database=nova_db + '_api')
    glance, placement, neutron, nova = _services()
    for svc in (glance, placement, neutron):
        svc.configure(lay, region)
    nova.write_config(lay, reg)
    for data in _data_dirs(lay, region):
        mark(data)


def ensure(lab):
    """Bring every region's databases to the current schema."""
    regions = lab.layout.regions
    first = regions[0]
    if not region_synced(lab.layout, first):
        sync_region(lab, first)
    for reg in regions[1:]:
        if region_synced(lab.layout, reg):
            continue
        try:
            clone_region(lab, first['name'], reg)
        except LabError as exc:
            lab.say('copying %s databases failed (%s); migrating them'
                    % (reg['name'], exc))
            sync_region(lab, reg)
