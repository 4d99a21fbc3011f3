"""The cross-region placer on the lab, end to end, with no mocks.

Central's API and engine, the WAN bus, the site agents and every
region's real Nova and Placement. The tests fill sites with servers of
flavors they create in the region's Nova (pinned to each host), wait for
the next monitoring report, then ask central for desktops and check
where they land, as the site coordinates they register dictate. Every
server, flavor and desktop they create is deleted, and the coordinates
are put back, whatever happens.
"""

import concurrent.futures
import os
import signal
import subprocess
import time
import uuid

from openstack import exceptions as openstack_exceptions
import pytest

from desktop_lab import federation

WAIT = 240           # a desktop becoming active or going away
REPORT_WAIT = 6 * federation.REPORT_INTERVAL
HOME = 'SiteA'
FLAVOR = 'desktop.small'
POLL = 1


@pytest.fixture(scope='module')
def central(lab):
    return lab.central()


# -- the sites' coordinates -----------------------------------------------

@pytest.fixture
def coordinates(central):
    """Set sites' coordinates; the old ones come back after the test."""
    saved = {}

    def place(name, latitude, longitude):
        site = central.get('/v1/sites/%s' % name).json()['site']
        saved.setdefault(name, (site['latitude'], site['longitude']))
        resp = central.patch('/v1/sites/%s' % name, json={
            'latitude': latitude, 'longitude': longitude})
        assert resp.status_code == 200, resp.text

    yield place
    for name, (latitude, longitude) in saved.items():
        central.patch('/v1/sites/%s' % name, raise_exc=False, json={
            'latitude': latitude, 'longitude': longitude})


# -- filling sites ---------------------------------------------------------

class Filler(object):
    """Takes every free VCPU of a region's hosts with pinned servers."""

    def __init__(self, lab):
        self.lab = lab
        self.servers = []
        self.flavors = []

    def _free_vcpus(self, conn):
        free = {}
        for rp in conn.placement.resource_providers():
            path = '/resource_providers/%s' % rp.id
            inventory = conn.placement.get(path + '/inventories').json()[
                'inventories'].get('VCPU')
            used = conn.placement.get(path + '/usages').json()[
                'usages'].get('VCPU', 0)
            if inventory:
                free[rp.name] = int(
                    (inventory['total'] - inventory['reserved'])
                    * inventory['allocation_ratio']) - used
        return free

    def _flavor(self, conn, vcpus):
        name = 'placer-fill-%d-%s' % (vcpus, uuid.uuid4().hex[:6])
        flavor = conn.compute.create_flavor(name=name, vcpus=vcpus, ram=64,
                                            disk=0, is_public=True)
        self.flavors.append((conn, flavor))
        return flavor

    def fill(self, region, leave=None, attempts=5):
        """Fill ``region``; ``leave`` maps a host to VCPUs to leave free.

        Other tests may boot servers meanwhile: a fill server that finds
        no room goes, and the fill starts again from what is free then.
        Returns the VCPUs left free per host.
        """
        conn = self.lab.connect(region)
        image = next(i for i in conn.image.images() if i.status == 'active')
        for _attempt in range(attempts):
            booted = []
            for host, free in sorted(self._free_vcpus(conn).items()):
                take = free - (leave or {}).get(host, 0)
                if take <= 0:
                    continue
                server = conn.compute.create_server(
                    name='placer-fill-%s' % host, image_id=image.id,
                    flavor_id=self._flavor(conn, take).id, networks='none',
                    availability_zone='nova:%s' % host)
                self.servers.append((conn, server))
                booted.append(server)
            failed = []
            for server in booted:
                try:
                    conn.compute.wait_for_server(server, wait=WAIT)
                except openstack_exceptions.ResourceFailure:
                    failed.append(server)
            if not failed:
                return self._free_vcpus(conn)
            for server in failed:
                conn.compute.delete_server(server, ignore_missing=True)
                conn.compute.wait_for_delete(server, wait=WAIT)
        pytest.fail('could not fill region %s in %d attempts: its capacity '
                    'kept changing' % (region, attempts))

    def cleanup(self):
        for conn, server in self.servers:
            conn.compute.delete_server(server, ignore_missing=True)
        for conn, server in self.servers:
            conn.compute.wait_for_delete(server, wait=WAIT)
        for conn, flavor in self.flavors:
            conn.compute.delete_flavor(flavor, ignore_missing=True)
        self.servers, self.flavors = [], []


@pytest.fixture
def filler(lab):
    filler = Filler(lab)
    yield filler
    filler.cleanup()


def wait_for_report(central, site, free_vcpus):
    """Wait until central's latest report of ``site`` shows this room.

    ``free_vcpus`` maps each host to the VCPUs it has free.
    """
    deadline = time.monotonic() + REPORT_WAIT
    while True:
        body = central.get('/v1/monitoring/%s' % site).json()['site'][
            'body'] or {}
        seen = {}
        for host in body.get('hosts', []):
            vcpu = host['resources']['VCPU']
            seen[host['name']] = int(
                (vcpu['total'] - vcpu['reserved'])
                * vcpu['allocation_ratio']) - vcpu['used']
        if all(seen.get(h) == f for h, f in free_vcpus.items()):
            return body
        if time.monotonic() > deadline:
            pytest.fail('site %s did not report %s within %d s (it reports '
                        '%s)' % (site, free_vcpus, REPORT_WAIT, seen))
        time.sleep(POLL)


# -- desktops ---------------------------------------------------------------

class Desktops(object):
    """Creates desktops through central; deletes them all at the end."""

    def __init__(self, central):
        self.central = central
        self.ids = []

    def create(self, name, home=HOME, flavor=FLAVOR, **values):
        resp = self.central.post('/v1/desktops', json=dict({
            'home_site': home, 'template_type': 'office', 'flavor': flavor,
            'name': name}, **values))
        assert resp.status_code == 202, resp.text
        [desktop] = resp.json()['desktops']
        self.ids.append(desktop['id'])
        return desktop

    def get(self, desktop_id):
        return self.central.get('/v1/desktops/%s' % desktop_id).json()[
            'desktop']

    def wait(self, desktop_id, states=('active',)):
        deadline = time.monotonic() + WAIT
        while True:
            desktop = self.get(desktop_id)
            if desktop['state'] in states:
                return desktop
            if desktop['state'] == 'error' or time.monotonic() > deadline:
                pytest.fail('desktop %s is %s, not %s: %s' % (
                    desktop_id, desktop['state'], '/'.join(states),
                    self.commands(desktop_id)))
            time.sleep(POLL)

    def commands(self, desktop_id, action='create'):
        return self.central.get('/v1/commands', params={
            'desktop': desktop_id, 'action': action}).json()['commands']

    def cleanup(self):
        """Delete every desktop; one whose create runs goes when it ends."""
        for desktop_id in self.ids:
            self.central.delete('/v1/desktops/%s' % desktop_id,
                                raise_exc=False)
        deadline = time.monotonic() + WAIT
        for desktop_id in self.ids:
            while self.central.get('/v1/desktops/%s' % desktop_id,
                                   raise_exc=False).status_code != 404:
                if time.monotonic() > deadline:
                    pytest.fail('desktop %s was not deleted' % desktop_id)
                time.sleep(POLL)


@pytest.fixture
def desktops(central):
    made = Desktops(central)
    yield made
    made.cleanup()


def explain(central, **params):
    resp = central.get('/v1/placement/explain', params=dict({
        'home_site': HOME, 'template_type': 'office', 'flavor': FLAVOR},
        **params))
    assert resp.status_code == 200, resp.text
    return resp.json()['explain']


def assert_borrowed(desktops, desktop, lender):
    assert (desktop['site'], desktop['origin_site']) == (lender, HOME)
    [command] = desktops.commands(desktop['id'])
    assert command['site'] == lender and command['state'] == 'succeeded'
    assert command['params']['scheduler_hints'] == {
        'desktop_origin_site': HOME}


# -- the tests ----------------------------------------------------------------

def test_a_full_site_borrows_from_the_nearest_site_with_room(
        lab, central, coordinates, filler, desktops):
    free = filler.fill(HOME)
    assert set(free.values()) == {0}, free
    wait_for_report(central, HOME, free)
    coordinates(HOME, 50.8503, 4.3517)            # Brussels
    for near, far in (('SiteC', 'SiteB'), ('SiteB', 'SiteC')):
        # ``near`` 15 km away, ``far`` in Marseille (about 850 km).
        coordinates(near, 50.95, 4.5)
        coordinates(far, 43.2965, 5.3698)
        plan = explain(central)
        assert plan['candidates'][0]['site'] == HOME
        assert not plan['candidates'][0]['kept']
        assert plan['placements'] == [
            {'site': near, 'count': 1, 'origin_site': HOME}], plan
        desktop = desktops.create('placer-near-%s' % near.lower())
        desktop = desktops.wait(desktop['id'])
        assert_borrowed(desktops, desktop, near)
        server = lab.connect(near).compute.get_server(desktop['server_uuid'])
        assert server.status == 'ACTIVE'


def test_all_sites_full_go_to_the_pool_and_then_fail_saying_why(
        lab, central, filler, desktops):
    pool = next(r['name'] for r in lab.regions if r['shared_pool'])
    for site in lab.site_names:
        wait_for_report(central, site, filler.fill(site))
    plan = explain(central)
    assert plan['placements'] == [
        {'site': pool, 'count': 1, 'origin_site': HOME}], plan
    desktop = desktops.wait(desktops.create('placer-pool')['id'])
    assert_borrowed(desktops, desktop, pool)

    wait_for_report(central, pool, filler.fill(pool))
    assert explain(central)['placements'] == []
    failed = desktops.create('placer-nowhere')
    deadline = time.monotonic() + WAIT
    while desktops.get(failed['id'])['state'] != 'error':
        assert time.monotonic() < deadline, desktops.get(failed['id'])
        time.sleep(POLL)
    [command] = desktops.commands(failed['id'])
    assert command['state'] == 'failed'
    error = command['error']
    assert error.startswith('no site can take a desktop of flavor '
                            'desktop.small (1 VCPU, 1024 MB RAM, 10 GB '
                            'disk) for home site SiteA (scope any): '), error
    for site in lab.site_names:
        assert '%s%s: no compute host that is up has room' % (
            site, ' (home)' if site == HOME else '') in error, error
    assert '%s (shared pool): no compute host that is up has room' % pool \
        in error, error
    # The home site is short: the shortage alarm says so.
    deadline = time.monotonic() + REPORT_WAIT
    while True:
        alarms = central.get('/v1/alarms', params={
            'site': HOME, 'kind': 'shortage', 'state': 'raised'}).json()[
                'alarms']
        if alarms or time.monotonic() > deadline:
            break
        time.sleep(POLL)
    assert alarms and 'short of capacity' in alarms[0]['message'], alarms


@pytest.fixture
def second_engine(lab, tmp_path):
    """Another engine on the lab's database and bus, with no tooz group.

    It owns every site, as the lab's engine does, so both place the same
    pending commands at once.
    """
    conf = tmp_path / 'second-engine.conf'
    conf.write_text('[engine]\nhost = placer-second-engine\n'
                    'dispatch_interval = 0.5\n'
                    '[coordination]\nbackend_url =\n'
                    '[DEFAULT]\nlog_file = %s\n' % (tmp_path / 'engine.log'))
    main_conf = os.path.join(lab.dir, 'etc', 'desktop-central',
                             'desktop-central.conf')
    engine = os.path.join(lab.dir, 'venv', 'bin', 'desktop-central-engine')
    process = subprocess.Popen(
        [engine, '--config-file', main_conf, '--config-file', str(conf)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        start_new_session=True)
    try:
        deadline = time.monotonic() + 60
        log = tmp_path / 'engine.log'
        while not (log.exists() and 'serving topic' in log.read_text()):
            assert process.poll() is None, 'the second engine exited'
            assert time.monotonic() < deadline, 'the second engine is slow'
            time.sleep(0.5)
        yield process
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(60)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(10)


def test_two_concurrent_requests_never_overcommit_the_last_host(
        lab, central, filler, desktops, second_engine):
    hosts = sorted(filler._free_vcpus(lab.connect(HOME)))
    # One host keeps room for exactly one desktop.small.
    free = filler.fill(HOME, leave={hosts[0]: 1})
    assert free == dict({h: 0 for h in hosts}, **{hosts[0]: 1}), free
    wait_for_report(central, HOME, free)
    with concurrent.futures.ThreadPoolExecutor(2) as pool:
        made = list(pool.map(lambda n: desktops.create('placer-race-%d' % n),
                             range(2)))
    done = [desktops.wait(d['id']) for d in made]
    sites = sorted(d['site'] for d in done)
    assert sites.count(HOME) == 1, done
    [borrowed] = [d for d in done if d['site'] != HOME]
    assert_borrowed(desktops, borrowed, borrowed['site'])
    [stayed] = [d for d in done if d['site'] == HOME]
    assert stayed['origin_site'] is None
    # Each was placed once and never refused: one create command each.
    for desktop in done:
        assert len(desktops.commands(desktop['id'])) == 1
    server = lab.connect(HOME).compute.get_server(stayed['server_uuid'])
    assert server.compute_host == hosts[0]


@pytest.fixture
def aggregates(lab):
    """Aggregates made in a region's Nova; removed after the test."""
    made = []

    def make(region, hosts, metadata):
        compute = lab.connect(region).compute
        aggregate = compute.create_aggregate(
            name='placer-%s' % uuid.uuid4().hex[:8])
        made.append((compute, aggregate, hosts))
        for host in hosts:
            compute.add_host_to_aggregate(aggregate, host)
        compute.set_aggregate_metadata(aggregate, metadata)
        return aggregate

    yield make
    for compute, aggregate, hosts in made:
        for host in hosts:
            compute.remove_host_from_aggregate(aggregate, host)
        compute.delete_aggregate(aggregate, ignore_missing=True)


def test_a_lender_refusing_with_no_valid_host_sends_it_on(
        lab, central, filler, desktops, aggregates):
    """NoValidHost at a lender: central tries the next candidate.

    SiteB's nova filter keeps 90% of each host for SiteB's own users,
    which central does not know (its reserve ratio there is 0): nova
    answers NoValidHost, and central places the desktop again on the
    next candidate, SiteC.
    """
    wait_for_report(central, HOME, filler.fill(HOME))
    hosts = sorted(service.host for service in
                   lab.connect('SiteB').compute.services()
                   if service.binary == 'nova-compute')
    aggregates('SiteB', hosts, {'desktop_reserve_ratio': '0.9'})
    plan = explain(central)
    assert plan['placements'][0]['site'] == 'SiteB', plan
    desktop = desktops.wait(desktops.create('placer-refused')['id'])
    assert (desktop['site'], desktop['origin_site']) == ('SiteC', HOME)
    first, second = desktops.commands(desktop['id'])
    assert (first['site'], first['state']) == ('SiteB', 'failed')
    assert 'No valid host' in first['error'], first
    assert (second['site'], second['state']) == ('SiteC', 'succeeded')
    # The server SiteB left in ERROR is deleted, apart from the desktop.
    [server_id] = first['result']['server_ids']
    compute = lab.connect('SiteB').compute
    deadline = time.monotonic() + WAIT
    while compute.find_server(server_id, ignore_missing=True) is not None:
        assert time.monotonic() < deadline, 'SiteB kept server %s' % (
            server_id)
        time.sleep(POLL)


def test_bad_requests_name_what_is_wrong(central):
    for params, words in (
            ({'home_site': 'Atlantis'}, 'home_site names the unknown site '
                                        'Atlantis'),
            ({'template_type': 'no-such'}, 'template_type names the unknown '
                                           'template type no-such'),
            ({'flavor': 'm1.gigantic'}, 'flavor names the unknown flavor '
                                        'm1.gigantic at site SiteA'),
            ({'count': '0'}, 'count'), ({'scope': 'planet'}, 'scope')):
        resp = central.get('/v1/placement/explain', raise_exc=False,
                           params=dict({'home_site': HOME,
                                        'template_type': 'office',
                                        'flavor': FLAVOR}, **params))
        assert resp.status_code == 400, resp.text
        assert words in resp.json()['error']['message'], resp.text
    resp = central.post('/v1/desktops', raise_exc=False, json={
        'home_site': HOME, 'template_type': 'office', 'name': 'x',
        'flavor': 'm1.gigantic'})
    assert resp.status_code == 400
    assert 'flavor names the unknown flavor m1.gigantic at site SiteA' in \
        resp.json()['error']['message']
