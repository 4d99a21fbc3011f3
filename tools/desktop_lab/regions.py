"""Region-level checks through the real APIs: hosts, flavors, images."""

import time

from keystoneauth1 import exceptions as ksa_exceptions
from openstack import exceptions as sdk_exceptions

from desktop_lab import catalog
from desktop_lab.errors import LabError
from desktop_lab import nova
from desktop_lab import procs

FLAVORS = [
    # name, vcpus, ram MiB, disk GiB
    ('desktop.small', 1, 1024, 10),
    ('desktop.medium', 2, 2048, 20),
    ('desktop.large', 4, 4096, 40),
]


# A service that is still starting may refuse a connection or answer 5xx.
TRANSIENT = (ksa_exceptions.ConnectFailure, ksa_exceptions.ConnectTimeout,
             sdk_exceptions.HttpException)


def _names_or_none(list_call):
    """The names a list call returns; None on a transient failure."""
    try:
        return {item.name for item in list_call()}
    except TRANSIENT as exc:
        status = getattr(exc, 'status_code', None)
        if status is not None and status < 500:
            raise
        return None


def wait_for_hosts(lab, reg, timeout=180):
    """Wait until every compute host of reg is a Placement provider."""
    lay = lab.layout
    computes = [n for n in lab.state['services']
                if n.startswith(reg['name'].lower() + '-nova-compute-')]
    conn = catalog.admin_connection(lay, reg['name'])
    want = set(nova.host_names(reg))
    deadline = time.monotonic() + timeout
    while True:
        have = _names_or_none(conn.placement.resource_providers) or set()
        if want <= have:
            return conn
        for name in computes:
            if not lab.running_pid(name):
                raise LabError('%s exited: %s; see %s' % (
                    name, procs.log_tail(lay.log(name), 2), lay.log(name)))
        if time.monotonic() > deadline:
            raise LabError('region %s: compute host(s) %s did not register '
                           'in Placement within %d s; see the nova-compute '
                           'logs' % (reg['name'],
                                     ', '.join(sorted(want - have)), timeout))
        time.sleep(1)


def ensure_flavors(conn):
    have = {f.name for f in conn.compute.flavors()}
    for name, vcpus, ram, disk in FLAVORS:
        if name not in have:
            conn.compute.create_flavor(name=name, vcpus=vcpus, ram=ram,
                                       disk=disk, is_public=True)


def wait_for_scheduler(lay, reg, timeout=120):
    deadline = time.monotonic() + timeout
    while not nova.scheduler_loaded_ours(lay, reg['name']):
        if time.monotonic() > deadline:
            raise LabError('region %s: nova-scheduler did not log that '
                           'nova_scheduler_filters loaded' % reg['name'])
        time.sleep(0.5)


def wait_for_hypervisors(conn, reg, timeout=120):
    """Wait until nova maps every host (os-hypervisors lists it)."""
    want = set(nova.host_names(reg))
    deadline = time.monotonic() + timeout
    while True:
        have = _names_or_none(conn.compute.hypervisors) or set()
        if want <= have:
            return
        if time.monotonic() > deadline:
            raise LabError('region %s: hosts %s were not mapped to a cell'
                           % (reg['name'], ', '.join(sorted(want - have))))
        time.sleep(1)
