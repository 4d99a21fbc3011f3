"""desktop-federation end to end on the lab: central API, engine, WAN bus,
site agents and the sites' real Nova and Placement."""

import datetime
import time

import pytest

from tests.functional import conftest

from desktop_lab import federation

WAIT = 240
SITE = 'SiteA'


@pytest.fixture(scope='module')
def central(lab):
    return lab.central()


def _desktop(api, desktop_id):
    return api.get('/v1/desktops/%s' % desktop_id).json()['desktop']


def _wait_state(api, desktop_id, state):
    deadline = time.monotonic() + WAIT
    while time.monotonic() < deadline:
        body = _desktop(api, desktop_id)
        if body['state'] == state:
            return body
        assert body['state'] != 'error', body
        time.sleep(0.5)
    pytest.fail('desktop %s not %s within %d s: %s'
                % (desktop_id, state, WAIT, body))


def _act(api, desktop_id, action, state):
    resp = api.post('/v1/desktops/%s/action' % desktop_id,
                    json={action: None})
    assert resp.status_code == 202, resp.text
    command = resp.json()['command']
    body = _wait_state(api, desktop_id, state)
    done = api.get('/v1/commands/%s' % command['id']).json()['command']
    assert done['state'] == 'succeeded', done
    return body


def test_desktop_lifecycle_through_central(lab, central):
    nova = lab.connect(SITE).compute
    conftest.wait_for_room(central, SITE)
    resp = central.post('/v1/desktops', json={
        'home_site': SITE, 'template_type': 'office',
        'flavor': 'desktop.small', 'count': 1, 'name': 'e2e',
        'owner': 'tester'})
    assert resp.status_code == 202, resp.text
    created = resp.json()['desktops'][0]
    desktop_id, command_id = created['id'], created['command_id']
    try:
        body = _wait_state(central, desktop_id, 'active')
        server = nova.get_server(body['server_uuid'])
        assert server.status == 'ACTIVE'
        assert server.metadata['desktop_command_id'] == command_id
        _act(central, desktop_id, 'stop', 'stopped')
        assert nova.get_server(server.id).status == 'SHUTOFF'
        _act(central, desktop_id, 'start', 'active')
        _act(central, desktop_id, 'suspend', 'suspended')
        assert nova.get_server(server.id).status == 'SUSPENDED'
        _act(central, desktop_id, 'resume', 'active')
        assert nova.get_server(server.id).status == 'ACTIVE'
    finally:
        central.delete('/v1/desktops/%s' % desktop_id, raise_exc=False)
    deadline = time.monotonic() + WAIT
    while time.monotonic() < deadline:
        if central.get('/v1/desktops/%s' % desktop_id,
                       raise_exc=False).status_code == 404:
            break
        time.sleep(0.5)
    else:
        pytest.fail('desktop %s was not deleted' % desktop_id)
    nova.wait_for_delete(server, wait=WAIT)


def test_every_site_reports_and_usage_matches_placement(lab, central):
    # Other tests register sites of their own (a simulated fleet, signed
    # test sites) and remove them again; only the lab's regions count here.
    deadline = time.monotonic() + WAIT
    while True:
        sites = [s for s in central.get(
            '/v1/monitoring', params={'limit': 1000}).json()['sites']
            if s['name'] in lab.region_names]
        if all(s['availability'] == 'online' and s['report']
               for s in sites) or time.monotonic() > deadline:
            break
        time.sleep(1)
    assert sorted(s['name'] for s in sites) == sorted(lab.region_names)
    interval = federation.REPORT_INTERVAL
    now = datetime.datetime.now(datetime.timezone.utc).replace(tzinfo=None)
    for site in sites:
        assert site['availability'] == 'online', site
        assert site['report']['hosts']['up'] == lab.region(
            site['name'])['hosts']
        # Every site has reported within the last two intervals.
        last = datetime.datetime.fromisoformat(
            site['last_report_at'].replace('Z', '')).replace(tzinfo=None)
        assert (now - last).total_seconds() <= 2 * interval + 2, site
    placement = lab.connect(SITE).placement

    def placement_usage():
        want = {}
        for rp in placement.resource_providers():
            usages = placement.get('/resource_providers/%s/usages' % rp.id)
            for rc, used in usages.json()['usages'].items():
                want[rc] = want.get(rc, 0) + used
        return want

    # Reports come every interval; the latest must catch up with Placement.
    deadline = time.monotonic() + WAIT
    while True:
        want = placement_usage()
        got = central.get('/v1/monitoring/%s' % SITE).json()[
            'site']['report']['resources']
        diff = {rc: (got[rc]['used'], want.get(rc, 0))
                for rc in ('VCPU', 'MEMORY_MB', 'DISK_GB')
                if got[rc]['used'] != want.get(rc, 0)}
        if not diff or time.monotonic() > deadline:
            break
        time.sleep(2)
    assert not diff, diff
