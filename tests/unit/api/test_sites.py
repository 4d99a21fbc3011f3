"""/v1/sites: register, list, show, update, delete, management actions."""

import pytest

from tests.unit.api import fixtures


def make_site(client, name, **values):
    resp = client.post('/v1/sites', dict(fixtures.SITE, name=name, **values))
    assert resp.status_int == 201, resp.text
    return resp.json['site']


def names(resp):
    assert resp.status_int == 200, resp.text
    return [site['name'] for site in resp.json['sites']]


def test_register_shows_the_site(client):
    resp = client.post('/v1/sites', dict(
        fixtures.SITE, group='benelux', reserve_ratio=0.25, shared_pool=False))
    assert resp.status_int == 201
    site = resp.json['site']
    assert site['name'] == 'SiteA'
    assert site['group'] == 'benelux'
    assert site['reserve_ratio'] == 0.25
    assert site['management_state'] == 'managed'
    assert site['availability'] == 'unknown'
    assert site['created_at'].endswith('Z')
    assert 'id' not in site


def test_duplicate_name_is_409(client, site):
    message = fixtures.error_of(client.post('/v1/sites', fixtures.SITE), 409)
    assert 'site SiteA already exists' in message


@pytest.mark.parametrize('change, text', [
    ({'name': 'bad name'}, 'name must be a site name'),
    ({'name': ''}, 'name must be a site name'),
    ({'latitude': 90.5}, 'latitude must be at most 90 (got 90.5)'),
    ({'longitude': -181}, 'longitude must be at least -180 (got -181)'),
    ({'latitude': '50'}, 'latitude must be of type number (got string)'),
    ({'latitude': True}, 'latitude must be of type number (got boolean)'),
    ({'region': ' padded'}, 'region must be printable text'),
    ({'region': 'x' * 256}, 'region must be at most 255 characters'),
    ({'group': ''}, 'group must be at least 1 characters'),
    ({'reserve_ratio': 1.5}, 'reserve_ratio must be at most 1'),
    ({'shared_pool': 'yes'}, 'shared_pool must be of type boolean'),
    ({'colour': 'red'}, 'colour is not an allowed field (allowed: name, '
                        'region, latitude'),
])
def test_register_bad_field_is_400_naming_it(client, change, text):
    resp = client.post('/v1/sites', dict(fixtures.SITE, **change))
    message = fixtures.error_of(resp, 400)
    assert message.startswith('Invalid request body: '), message
    assert text in message, message


@pytest.mark.parametrize('missing', ['name', 'region', 'latitude',
                                     'longitude'])
def test_register_missing_field_is_400(client, missing):
    body = dict(fixtures.SITE)
    del body[missing]
    message = fixtures.error_of(client.post('/v1/sites', body), 400)
    assert '%s is required but missing' % missing in message


def test_list_filters_and_pages(client):
    make_site(client, 'S1', group='north')
    make_site(client, 'S2', group='south', shared_pool=True)
    make_site(client, 'S3', group='north')
    assert names(client.get('/v1/sites')) == ['S1', 'S2', 'S3']
    assert names(client.get('/v1/sites?group=north')) == ['S1', 'S3']
    assert names(client.get('/v1/sites?group=north&group=south')) == [
        'S1', 'S2', 'S3']
    assert names(client.get('/v1/sites?shared_pool=true')) == ['S2']
    assert names(client.get('/v1/sites?shared_pool=false')) == ['S1', 'S3']
    assert names(client.get('/v1/sites?availability=unknown')) == [
        'S1', 'S2', 'S3']
    assert names(client.get('/v1/sites?availability=online')) == []
    assert names(client.get('/v1/sites?management_state=managed')) == [
        'S1', 'S2', 'S3']
    first = client.get('/v1/sites?limit=2')
    assert names(first) == ['S1', 'S2']
    next_link = first.json['links'][0]
    assert next_link['rel'] == 'next'
    assert next_link['href'].endswith('/v1/sites?limit=2&marker=S2')
    second = client.get('/v1/sites?limit=2&marker=S2')
    assert names(second) == ['S3']
    assert 'links' not in second.json


def test_limit_is_capped_by_max_limit(client, config):
    config.config(max_limit=2, group='api')
    for name in ('S1', 'S2', 'S3'):
        make_site(client, name)
    assert names(client.get('/v1/sites?limit=50')) == ['S1', 'S2']
    assert names(client.get('/v1/sites')) == ['S1', 'S2']


def test_unknown_marker_is_400(client, site):
    message = fixtures.error_of(client.get('/v1/sites?marker=Nowhere'), 400)
    assert 'marker site Nowhere not found' in message


def test_show(client, site):
    resp = client.get('/v1/sites/SiteA')
    assert resp.json['site'] == site


@pytest.mark.parametrize('name', ['Nowhere', 'not%20a%20name', 'x' * 300])
def test_show_unknown_is_404(client, name):
    fixtures.error_of(client.get('/v1/sites/' + name), 404)


def test_update(client, site):
    resp = client.patch('/v1/sites/SiteA', {'group': 'benelux',
                                            'reserve_ratio': 0.5})
    assert resp.status_int == 200, resp.text
    assert resp.json['site']['group'] == 'benelux'
    assert resp.json['site']['reserve_ratio'] == 0.5
    cleared = client.patch('/v1/sites/SiteA', {'group': None})
    assert cleared.json['site']['group'] is None


@pytest.mark.parametrize('body, text', [
    ({}, 'request body must have at least 1 entries'),
    ({'name': 'Other'}, 'name is not an allowed field'),
    ({'management_state': 'managed'},
     'management_state is not an allowed field'),
    ({'availability': 'online'}, 'availability is not an allowed field'),
    ({'latitude': -91}, 'latitude must be at least -90'),
])
def test_update_bad_body_is_400(client, site, body, text):
    message = fixtures.error_of(client.patch('/v1/sites/SiteA', body), 400)
    assert text in message, message


def test_update_unknown_is_404(client):
    fixtures.error_of(client.patch('/v1/sites/Nowhere', {'group': 'g'}), 404)


def test_delete(client, site):
    resp = client.delete('/v1/sites/SiteA')
    assert resp.status_int == 204
    assert resp.body == b''
    fixtures.error_of(client.get('/v1/sites/SiteA'), 404)
    fixtures.error_of(client.delete('/v1/sites/SiteA'), 404)


def test_delete_with_desktops_is_409(client, member_desktop):
    message = fixtures.error_of(client.delete('/v1/sites/SiteA'), 409)
    assert 'still has desktops' in message


@pytest.mark.parametrize('action, state', [
    ('maintenance', 'maintenance'), ('unmanage', 'unmanaged'),
    ('manage', 'managed')])
def test_management_actions(client, site, action, state):
    resp = client.post('/v1/sites/SiteA/action', {action: None})
    assert resp.status_int == 200, resp.text
    assert resp.json['site']['management_state'] == state
    assert client.get('/v1/sites/SiteA').json['site'][
        'management_state'] == state


@pytest.mark.parametrize('body, text', [
    ({}, 'must have at least 1 entries'),
    ({'manage': None, 'unmanage': None}, 'must have at most 1 entries'),
    ({'explode': None}, 'explode is not an allowed field (allowed: manage, '
                        'unmanage, maintenance)'),
    ({'manage': 1}, 'manage must be of type null or object'),
])
def test_bad_action_is_400(client, site, body, text):
    message = fixtures.error_of(
        client.post('/v1/sites/SiteA/action', body), 400)
    assert text in message, message


def test_action_on_unknown_site_is_404(client):
    fixtures.error_of(
        client.post('/v1/sites/Nowhere/action', {'manage': None}), 404)


@pytest.mark.parametrize('who', [fixtures.READER, fixtures.MEMBER])
def test_readers_and_members_cannot_change_sites(client, site, who):
    for resp in (
            client.post('/v1/sites', dict(fixtures.SITE, name='S9'), as_=who),
            client.patch('/v1/sites/SiteA', {'group': 'g'}, as_=who),
            client.delete('/v1/sites/SiteA', as_=who),
            client.post('/v1/sites/SiteA/action', {'maintenance': None},
                        as_=who)):
        assert 'policy does not allow' in fixtures.error_of(resp, 403)
    assert client.get('/v1/sites/SiteA').json['site'] == site


@pytest.mark.parametrize('who', [fixtures.READER, fixtures.MEMBER])
def test_readers_and_members_read_sites(client, site, who):
    assert names(client.get('/v1/sites', as_=who)) == ['SiteA']
    assert client.get('/v1/sites/SiteA', as_=who).status_int == 200
