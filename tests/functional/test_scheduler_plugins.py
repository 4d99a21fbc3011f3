"""Our filter and weigher at work in SiteB's real nova-scheduler.

The reserve: a host aggregate over SiteB's compute hosts keeps a share of
each host for SiteB's own users (``desktop_reserve_ratio``). A desktop
that would eat into that share boots when it is SiteB's own (nova's
filters accept it) and is refused by ``DesktopReserveFilter`` when it is
borrowed (``desktop_origin_site``), as SiteB's scheduler log shows. A
small borrowed desktop that leaves the reserve free boots.

The region may hold other servers, so the test sizes the desktop and the
ratio from what Placement says is free: the big desktop takes every free
VCPU of the emptiest host, and the ratio is as large as lets a 1-VCPU
desktop keep the reserve there (at most 0.75; 0.75 on an idle region).

The template: an aggregate of one host lists a template type as
pre-cached; desktops of that type land on that host, even when it is the
fuller one that nova's own weighers would avoid.

Each test creates and removes its own flavors, aggregates and servers.
"""

import math
import re
import time
import uuid

import pytest

from desktop_lab import images

REGION = 'SiteB'
MAX_RATIO = 0.75
WAIT = 180
ROOM_WAIT = 300
LOG_WAIT = 30
# nova-api tells the schedulers about aggregate changes with a fanout
# cast; give it a moment to arrive before booting.
AGGREGATE_SETTLE = 2
RESERVE_FILTER = 'DesktopReserveFilter'
RESOURCES = ('VCPU', 'MEMORY_MB', 'DISK_GB')
SMALL = {'VCPU': 1, 'MEMORY_MB': 512, 'DISK_GB': 1}


def _suffix():
    return uuid.uuid4().hex[:8]


def _room(conn):
    """{host: {resource: (capacity, free)}} as Placement counts them.

    Capacity is the total times the allocation ratio, as the filter takes
    it from nova's HostState.
    """
    room = {}
    for provider in conn.placement.resource_providers():
        url = '/resource_providers/%s/' % provider.id
        inventories = conn.placement.get(url + 'inventories').json()[
            'inventories']
        usages = conn.placement.get(url + 'usages').json()['usages']
        room[provider.name] = {
            rc: (inv['total'] * inv['allocation_ratio'],
                 int((inv['total'] - inv['reserved']) *
                     inv['allocation_ratio']) - usages.get(rc, 0))
            for rc, inv in inventories.items() if rc in RESOURCES}
    return room


def _fits(host_room, need):
    return all(host_room.get(rc, (0, 0))[1] >= need[rc] for rc in RESOURCES)


def _wait(conn, find, why):
    """Poll Placement until ``find(room)`` answers; fail after a while."""
    deadline = time.monotonic() + ROOM_WAIT
    while True:
        room = _room(conn)
        found = find(room)
        if found:
            return found, room
        if time.monotonic() > deadline:
            pytest.fail('%s: %s has not had room for it for %d s; '
                        '(capacity, free) per host: %s'
                        % (why, REGION, ROOM_WAIT, room))
        time.sleep(5)


def _reserve_plan(room):
    """(VCPUs of the big desktop, reserve ratio), or None if no room.

    The big desktop takes every free VCPU of the emptiest host, so it
    leaves no VCPU free on any host and no ratio above 0 lets it in. The
    ratio still lets SMALL in on that host, for every resource.
    """
    host = max(sorted(room), key=lambda h: room[h]['VCPU'][1])
    if not _fits(room[host], SMALL):
        return None
    limits = [MAX_RATIO] + [(free - SMALL[rc]) / capacity for rc, (
        capacity, free) in room[host].items()]
    ratio = math.floor(min(limits) * 100) / 100
    if ratio <= 0:
        return None
    return room[host]['VCPU'][1], ratio


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
    suffix = _suffix()
    hosts = _compute_hosts(conn)
    (big_vcpus, ratio), room = _wait(conn, _reserve_plan,
                                     'a desktop and a 1-VCPU one')
    # The two flavors differ only in VCPUs, so VCPU is what decides.
    big = made.flavor('reserve-big-' + suffix, big_vcpus,
                      SMALL['MEMORY_MB'], SMALL['DISK_GB'])
    small = made.flavor('reserve-small-' + suffix, SMALL['VCPU'],
                        SMALL['MEMORY_MB'], SMALL['DISK_GB'])

    # 1. SiteB's own desktop: nova's own filters accept it.
    own = made.server('reserve-own-' + suffix, big, image)
    own = _wait_active(conn, own)
    assert own.compute_host in hosts
    made.delete_server(own)

    # 2. The same desktop borrowed from SiteA: our filter refuses it.
    made.aggregate('desktop-reserve-' + suffix, hosts,
                   {'desktop_reserve_ratio': str(ratio)})
    need = {'VCPU': big.vcpus, 'MEMORY_MB': big.ram, 'DISK_GB': big.disk}
    fits, room = _wait(conn, lambda r: sorted(
        h for h in r if _fits(r[h], need)), 'the borrowed desktop')
    borrowed = made.server('reserve-borrowed-' + suffix, big, image,
                           {'desktop_origin_site': 'SiteA'})
    borrowed = conn.compute.wait_for_server(
        borrowed, status='ERROR', failures=['ACTIVE'], wait=WAIT)
    assert 'No valid host' in borrowed.fault['message'], borrowed.fault
    results = _filter_results(lab, borrowed.id)
    # Placement offered the hosts with room, nova's own filters kept
    # them all, and ours took every one away.
    start, end = results.pop(RESERVE_FILTER)
    assert (start, end) == (len(fits), 0), (results, ratio, room)
    assert results, 'nova ran none of its own filters'
    for name, (start, end) in results.items():
        assert start == end == len(fits), (name, start, end)

    # 3. A small borrowed desktop that leaves the reserve free boots.
    fits = made.server('reserve-small-' + suffix, small, image,
                       {'desktop_origin_site': 'SiteA'})
    fits = _wait_active(conn, fits)
    assert fits.compute_host in hosts


def test_desktops_go_where_their_template_is_cached(lab, made, image):
    conn = lab.connect(REGION)
    suffix = _suffix()
    template = 'sched-template-' + suffix
    flavor = made.flavor('template-small-' + suffix, 1, 256, 1)
    need = {'VCPU': 1, 'MEMORY_MB': 256, 'DISK_GB': 1}
    fits, room = _wait(conn, lambda r: sorted(
        h for h in r if _fits(r[h], need)), 'a template desktop')
    # The fullest host with room: nova's own weighers (free RAM, CPU,
    # disk) prefer the others, so only our weigher can pick it.
    cached_host = min(fits, key=lambda h: (room[h]['MEMORY_MB'][1],
                                           room[h]['VCPU'][1], h))
    made.aggregate('desktop-cache-' + suffix, [cached_host],
                   {'desktop_cached_templates': 'other,%s' % template,
                    # Outweighs nova's spread weighers (each at most 1).
                    'desktop_template_weight_multiplier': '10'})
    for i in range(3):
        server = made.server('template-%d-%s' % (i, suffix), flavor, image,
                             {'desktop_template_type': template})
        server = _wait_active(conn, server)
        assert server.compute_host == cached_host, (i, room)
        made.delete_server(server)
