"""Our filter and weigher at work in SiteB's real nova-scheduler.

The reserve: a host aggregate over SiteB's compute hosts keeps half of
each host for SiteB's own users (``desktop_reserve_ratio``). A desktop
that would eat into that half boots when it is SiteB's own (nova's filters
accept it) and is refused by ``DesktopReserveFilter`` when it is borrowed
(``desktop_origin_site``), as SiteB's scheduler log shows. A small borrowed
desktop that leaves the reserve free boots.

The template: an aggregate of one host lists a template type as
pre-cached; desktops of that type land on that host, even when it is the
fuller one that nova's own weighers would avoid.

The region may hold other servers: each test checks Placement for room
first and creates and removes its own flavors, aggregates and servers.
"""

import re
import time
import uuid

import pytest

from desktop_lab import images

REGION = 'SiteB'
LENDER_RATIO = 0.5
WAIT = 180
ROOM_WAIT = 300
LOG_WAIT = 30
# nova-api tells the schedulers about aggregate changes with a fanout
# cast; give it a moment to arrive before booting.
AGGREGATE_SETTLE = 2
RESERVE_FILTER = 'DesktopReserveFilter'
RESOURCES = ('VCPU', 'MEMORY_MB', 'DISK_GB')


def _suffix():
    return uuid.uuid4().hex[:8]


def _free(conn):
    """{host: {resource: free}} as Placement counts it."""
    free = {}
    for provider in conn.placement.resource_providers():
        url = '/resource_providers/%s/' % provider.id
        inventories = conn.placement.get(url + 'inventories').json()[
            'inventories']
        usages = conn.placement.get(url + 'usages').json()['usages']
        free[provider.name] = {
            rc: int((inv['total'] - inv['reserved']) *
                    inv['allocation_ratio']) - usages.get(rc, 0)
            for rc, inv in inventories.items()}
    return free


def _fits(free, flavor):
    need = {'VCPU': flavor.vcpus, 'MEMORY_MB': flavor.ram,
            'DISK_GB': flavor.disk}
    return all(free.get(rc, 0) >= need[rc] for rc in RESOURCES)


def _wait_for_room(conn, flavor, why):
    """The hosts where ``flavor`` fits now; fail if none for a while."""
    deadline = time.monotonic() + ROOM_WAIT
    while True:
        free = _free(conn)
        hosts = sorted(h for h, f in free.items() if _fits(f, flavor))
        if hosts:
            return hosts, free
        if time.monotonic() > deadline:
            pytest.fail('%s: no %s host has room for flavor %s (%d VCPU, '
                        '%d MB, %d GB) after %d s; free: %s'
                        % (why, REGION, flavor.name, flavor.vcpus,
                           flavor.ram, flavor.disk, ROOM_WAIT, free))
        time.sleep(5)


def _compute_hosts(conn):
    return sorted(s.host for s in conn.compute.services(binary='nova-compute')
                  if s.state == 'up' and s.status == 'enabled')


class _Cleanup(object):
    """Servers, aggregates and flavors a test made, removed in reverse."""

    def __init__(self, conn):
        self.conn = conn
        self.servers = []
        self.aggregates = []
        self.flavors = []

    def server(self, name, flavor, image, hints=None, **kwargs):
        server = self.conn.compute.create_server(
            name=name, flavor_id=flavor.id, image_id=image.id,
            networks='none', scheduler_hints=hints or {}, **kwargs)
        self.servers.append(server)
        return server

    def delete_server(self, server):
        self.conn.compute.delete_server(server, ignore_missing=True)
        self.conn.compute.wait_for_delete(server, wait=WAIT)
        self.servers.remove(server)

    def aggregate(self, name, hosts, metadata):
        aggregate = self.conn.compute.create_aggregate(name=name)
        self.aggregates.append(aggregate)
        for host in hosts:
            self.conn.compute.add_host_to_aggregate(aggregate, host)
        self.conn.compute.set_aggregate_metadata(aggregate, metadata)
        time.sleep(AGGREGATE_SETTLE)
        return aggregate

    def delete_aggregate(self, aggregate):
        current = self.conn.compute.get_aggregate(aggregate)
        for host in current.hosts or []:
            self.conn.compute.remove_host_from_aggregate(current, host)
        self.conn.compute.delete_aggregate(current)
        self.aggregates.remove(aggregate)

    def flavor(self, name, vcpus, ram, disk):
        flavor = self.conn.compute.create_flavor(name=name, vcpus=vcpus,
                                                 ram=ram, disk=disk)
        self.flavors.append(flavor)
        return flavor

    def close(self):
        errors = []
        for server in list(self.servers):
            try:
                self.delete_server(server)
            except Exception as exc:  # keep cleaning up
                errors.append('server %s: %s' % (server.id, exc))
        for aggregate in list(self.aggregates):
            try:
                self.delete_aggregate(aggregate)
            except Exception as exc:
                errors.append('aggregate %s: %s' % (aggregate.id, exc))
        for flavor in self.flavors:
            try:
                self.conn.compute.delete_flavor(flavor, ignore_missing=True)
            except Exception as exc:
                errors.append('flavor %s: %s' % (flavor.id, exc))
        assert not errors, 'cleanup failed: %s' % '; '.join(errors)


@pytest.fixture
def made(lab):
    cleanup = _Cleanup(lab.connect(REGION))
    try:
        yield cleanup
    finally:
        cleanup.close()


@pytest.fixture(scope='module')
def image(lab):
    return images.ensure_tiny_image(lab.connect(REGION))


def _wait_active(conn, server):
    return conn.compute.wait_for_server(server, status='ACTIVE',
                                        failures=['ERROR'], wait=WAIT)


def _filter_results(lab, server_id):
    """nova's 'Filter results' for a request that no host passed."""
    pattern = re.compile(
        r"Filtering removed all hosts for the request with instance ID "
        r"'%s'\. Filter results: \[(.*)\]" % re.escape(server_id))
    deadline = time.monotonic() + LOG_WAIT
    while True:
        with open(lab.log(REGION.lower() + '-nova-scheduler'),
                  errors='replace') as f:
            found = pattern.search(f.read())
        if found:
            return {name: (int(start), int(end)) for name, start, end in
                    re.findall(r"'(\w+): \(start: (\d+), end: (\d+)\)'",
                               found.group(1))}
        if time.monotonic() > deadline:
            pytest.fail('%s-nova-scheduler logged no filter results for %s'
                        % (REGION.lower(), server_id))
        time.sleep(1)


def test_a_borrowed_desktop_may_not_eat_the_lenders_reserve(
        lab, made, image):
    conn = lab.connect(REGION)
    reg = lab.region(REGION)
    suffix = _suffix()
    hosts = _compute_hosts(conn)
    # Fits an idle host, but leaves it less than half of its VCPUs. The
    # small flavor differs only in VCPUs, so VCPU is what decides.
    big = made.flavor('reserve-big-' + suffix, reg['vcpus'] - 1, 512, 1)
    small = made.flavor('reserve-small-' + suffix, 1, 512, 1)
    assert reg['vcpus'] - big.vcpus < LENDER_RATIO * reg['vcpus']

    # 1. SiteB's own desktop: nova's own filters accept it.
    _wait_for_room(conn, big, 'a desktop that fits a host')
    own = made.server('reserve-own-' + suffix, big, image)
    own = _wait_active(conn, own)
    assert own.compute_host in hosts
    made.delete_server(own)

    # 2. The same desktop borrowed from SiteA: our filter refuses it.
    made.aggregate('desktop-reserve-' + suffix, hosts,
                   {'desktop_reserve_ratio': str(LENDER_RATIO)})
    room, free = _wait_for_room(conn, big, 'the borrowed desktop')
    borrowed = made.server('reserve-borrowed-' + suffix, big, image,
                           {'desktop_origin_site': 'SiteA'})
    borrowed = conn.compute.wait_for_server(
        borrowed, status='ERROR', failures=['ACTIVE'], wait=WAIT)
    assert 'No valid host' in borrowed.fault['message'], borrowed.fault
    results = _filter_results(lab, borrowed.id)
    # Placement offered the hosts with room, nova's own filters kept
    # them all, and ours took every one away.
    start, end = results.pop(RESERVE_FILTER)
    assert (start, end) == (len(room), 0), (results, room, free)
    assert results, 'nova ran none of its own filters'
    for name, (start, end) in results.items():
        assert start == end == len(room), (name, start, end)

    # 3. A small borrowed desktop that leaves the reserve free boots.
    _wait_for_room(conn, small, 'the small borrowed desktop')
    fits = made.server('reserve-small-' + suffix, small, image,
                       {'desktop_origin_site': 'SiteA'})
    fits = _wait_active(conn, fits)
    assert fits.compute_host in hosts


def test_desktops_go_where_their_template_is_cached(lab, made, image):
    conn = lab.connect(REGION)
    suffix = _suffix()
    template = 'sched-template-' + suffix
    flavor = made.flavor('template-small-' + suffix, 1, 256, 1)
    room, free = _wait_for_room(conn, flavor, 'a template desktop')
    # The fullest host with room: nova's own weighers (free RAM, CPU,
    # disk) prefer the others, so only our weigher can pick it.
    cached_host = min(room, key=lambda h: (free[h]['MEMORY_MB'],
                                           free[h]['VCPU'], h))
    made.aggregate('desktop-cache-' + suffix, [cached_host],
                   {'desktop_cached_templates': 'other,%s' % template,
                    # Outweighs nova's spread weighers (each at most 1).
                    'desktop_template_weight_multiplier': '10'})
    for i in range(3):
        server = made.server('template-%d-%s' % (i, suffix), flavor, image,
                             {'desktop_template_type': template})
        server = _wait_active(conn, server)
        assert server.compute_host == cached_host, (i, free)
        made.delete_server(server)
