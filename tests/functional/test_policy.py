"""central's policy with real Keystone tokens: admin, reader, member."""

import time

import pytest
import requests

from tests.functional import conftest

WAIT = 240
SITE = 'SiteC'


@pytest.fixture(scope='module')
def apis(lab):
    return {name: lab.central(cloud) for name, cloud in (
        ('admin', 'desktop-lab'), ('member', 'desktop-lab-demo'),
        ('reader', 'desktop-lab-reader'))}


def test_no_token_is_refused(lab):
    conn = lab.connect(lab.region_names[0])
    url = conn.endpoint_for('desktop-federation') + '/v1/sites'
    assert requests.get(url, timeout=30).status_code == 401


# What a refused write must leave alone: a site's settings, not its
# report bookkeeping, which moves on by itself.
SITE_SETTINGS = ('name', 'region', 'latitude', 'longitude', 'group',
                 'management_state', 'reserve_ratio', 'shared_pool',
                 'created_at')


def _site_settings(admin, name):
    site = admin.get('/v1/sites/%s' % name).json()['site']
    return {key: site[key] for key in SITE_SETTINGS}


def _assert_not_deleted(admin, desktop_id):
    """A refused delete left the desktop, and made no delete command."""
    desktop = admin.get('/v1/desktops/%s' % desktop_id).json()['desktop']
    assert desktop['state'] != 'deleting', desktop
    commands = admin.get('/v1/commands', params={
        'desktop': desktop_id}).json()['commands']
    assert commands, 'no command listed for desktop %s' % desktop_id
    assert 'delete' not in [c['action'] for c in commands], commands


def test_reader_reads_but_cannot_write(apis):
    reader, admin = apis['reader'], apis['admin']
    assert reader.get('/v1/sites').status_code == 200
    assert reader.get('/v1/monitoring').status_code == 200
    before = _site_settings(admin, SITE)
    resp = reader.post('/v1/sites', raise_exc=False, json={
        'name': 'NotAllowed', 'region': 'NotAllowed', 'latitude': 1,
        'longitude': 2})
    assert resp.status_code == 403, resp.text
    assert admin.get('/v1/sites/NotAllowed',
                     raise_exc=False).status_code == 404
    assert 'NotAllowed' not in [s['name'] for s in admin.get(
        '/v1/sites', params={'region': 'NotAllowed'}).json()['sites']]
    resp = reader.post('/v1/sites/%s/action' % SITE, raise_exc=False,
                       json={'maintenance': None})
    assert resp.status_code == 403, resp.text
    assert _site_settings(admin, SITE) == before


def _create(api, name):
    conftest.wait_for_room(api, SITE)
    resp = api.post('/v1/desktops', raise_exc=False, json={
        'home_site': SITE, 'template_type': 'office',
        'flavor': 'desktop.small', 'count': 1, 'name': name,
        'scope': 'local'})
    assert resp.status_code == 202, resp.text
    return resp.json()['desktops'][0]['id']


def _delete_all(api, ids):
    for desktop_id in ids:
        api.delete('/v1/desktops/%s' % desktop_id, raise_exc=False)
    deadline = time.monotonic() + WAIT
    while ids and time.monotonic() < deadline:
        ids = [i for i in ids if api.get('/v1/desktops/%s' % i,
                                         raise_exc=False).status_code != 404]
        time.sleep(1)
    assert not ids, 'desktops not deleted: %s' % ids


def test_member_sees_and_acts_on_its_own_project_only(apis):
    admin, member, reader = apis['admin'], apis['member'], apis['reader']
    mine = _create(member, 'policy-member')
    theirs = _create(admin, 'policy-admin')
    try:
        listed = {d['id'] for d in member.get('/v1/desktops').json()[
            'desktops']}
        assert mine in listed and theirs not in listed
        assert member.get('/v1/desktops/%s' % theirs,
                          raise_exc=False).status_code == 404
        assert member.delete('/v1/desktops/%s' % theirs,
                             raise_exc=False).status_code == 404
        _assert_not_deleted(admin, theirs)
        assert member.get('/v1/desktops/%s' % mine).status_code == 200
        everything = {d['id'] for d in reader.get('/v1/desktops').json()[
            'desktops']}
        assert {mine, theirs} <= everything
        assert reader.delete('/v1/desktops/%s' % mine,
                             raise_exc=False).status_code == 403
        _assert_not_deleted(admin, mine)
    finally:
        _delete_all(admin, [mine, theirs])
