"""/v1/placement/explain, and the placement checks of POST /v1/desktops."""

from urllib import parse

import pytest

from tests.unit.api import fixtures
from tests.unit.placement import samples

CREATE = {'home_site': 'SiteA', 'template_type': 'office',
          'flavor': 'medium', 'name': 'desk'}
FULL = [samples.host('a-1', used=(4, 0, 0)),
        samples.host('a-2', used=(4, 0, 0))]


@pytest.fixture
def sites(client, db, template):
    for name, (latitude, longitude) in (('SiteA', samples.BRUSSELS),
                                        ('SiteB', samples.AMSTERDAM),
                                        ('Central', samples.PARIS)):
        resp = client.post('/v1/sites', {
            'name': name, 'region': name, 'latitude': latitude,
            'longitude': longitude, 'shared_pool': name == 'Central'})
        assert resp.status_int == 201, resp.text
    report(db, 'SiteA', 1, FULL)
    report(db, 'SiteB', 1)


def report(db, name, seq, hosts=None, **values):
    db.ingest_reports([{'site': name, 'seq': seq,
                        'body': samples.report(name, hosts, **values)}])


def explain(client, as_=fixtures.ADMIN, **params):
    query = dict({'home_site': 'SiteA', 'template_type': 'office',
                  'flavor': 'medium'}, **params)
    return client.get('/v1/placement/explain?' + parse.urlencode(query),
                      as_=as_)


def test_explain_is_a_dry_run(client, db, sites):
    resp = explain(client, count='2')
    assert resp.status_int == 200, resp.text
    body = resp.json['explain']
    assert body['request'] == {'home_site': 'SiteA',
                               'template_type': 'office',
                               'flavor': 'medium', 'count': 2,
                               'scope': 'any'}
    assert [(c['site'], c['kept']) for c in body['candidates']] == [
        ('SiteA', False), ('SiteB', True)]
    assert set(body['candidates'][1]) == {
        'site', 'distance_km', 'free_vcpus', 'free_memory_mb',
        'free_disk_gb', 'holds_template', 'kept', 'reason'}
    assert body['placements'] == [
        {'site': 'SiteB', 'count': 2, 'origin_site': 'SiteA'}]
    assert db.list_claims() == []


def test_explain_sees_new_reports_at_once(client, db, sites):
    assert explain(client).json['explain']['placements'][0]['site'] == \
        'SiteB'
    report(db, 'SiteA', 2)
    assert explain(client).json['explain']['placements'][0]['site'] == \
        'SiteA'


def test_explain_with_scope_local_places_nothing(client, sites):
    body = explain(client, scope='local').json['explain']
    assert body['request']['scope'] == 'local'
    assert body['placements'] == []
    assert 'scope local' in body['candidates'][0]['reason']


@pytest.mark.parametrize('who, code', [
    (fixtures.ADMIN, 200), (fixtures.READER, 200), (fixtures.MEMBER, 200),
    (fixtures.NOBODY, 403)])
def test_who_may_explain(client, sites, who, code):
    assert explain(client, as_=who).status_int == code


@pytest.mark.parametrize('params, message', [
    ({'home_site': 'Nowhere'},
     'Invalid query string: home_site names the unknown site Nowhere'),
    ({'home_site': 'bad name!'}, 'Invalid query string: home_site'),
    ({'template_type': 'cad'}, 'Invalid query string: template_type names '
                               'the unknown template type cad'),
    ({'flavor': 'huge'}, 'Invalid query string: flavor names the unknown '
                         'flavor huge at site SiteA (its flavors: large, '
                         'medium, small)'),
    ({'count': '0'}, 'Invalid query string: count'),
    ({'count': 'two'}, 'Invalid query string: count'),
    ({'count': '101'}, 'Invalid query string: count must be at most 100'),
    ({'scope': 'galaxy'}, 'Invalid query string: scope'),
    ({'colour': 'red'}, 'Invalid query string'),
])
def test_explain_bad_input_names_the_field(client, sites, params, message):
    resp = explain(client, **params)
    assert resp.status_int == 400, resp.text
    assert resp.json['error']['message'].startswith(message), resp.text


def test_explain_needs_its_parameters(client, sites):
    resp = client.get('/v1/placement/explain?home_site=SiteA')
    assert resp.status_int == 400
    assert 'is required' in resp.json['error']['message']


def test_explain_of_a_flavor_no_site_reports(client, db, sites):
    report(db, 'SiteA', 2, flavors=None)
    report(db, 'SiteB', 2, flavors=None)
    resp = explain(client, flavor='mystery')
    assert resp.status_int == 400
    assert resp.json['error']['message'] == (
        'Invalid query string: flavor names mystery, which no site reports: '
        'its size is unknown')


def test_create_stores_the_scope(client, db, sites):
    resp = client.post('/v1/desktops', dict(CREATE, scope='group'))
    assert resp.status_int == 202, resp.text
    [desktop] = resp.json['desktops']
    assert desktop['scope'] == 'group'
    assert db.get_desktop(desktop['id']).scope == 'group'
    resp = client.post('/v1/desktops', CREATE)
    assert resp.json['desktops'][0]['scope'] is None


def test_create_refuses_a_flavor_the_home_site_lacks(client, db, sites):
    resp = client.post('/v1/desktops', dict(CREATE, flavor='huge'))
    assert resp.status_int == 400
    assert resp.json['error']['message'] == (
        'Invalid request body: flavor names the unknown flavor huge at site '
        'SiteA (its flavors: large, medium, small)')
    # By id too, as nova finds flavors.
    assert client.post('/v1/desktops',
                       dict(CREATE, flavor='f2')).status_int == 202
    # A site that does not report flavors cannot be checked.
    report(db, 'SiteA', 2, flavors=None)
    assert client.post('/v1/desktops',
                       dict(CREATE, flavor='huge')).status_int == 202


@pytest.mark.parametrize('ratio', [-0.1, 1.01, 'half'])
def test_a_reserve_ratio_outside_0_to_1_is_refused(client, sites, ratio):
    resp = client.patch('/v1/sites/SiteB', {'reserve_ratio': ratio})
    assert resp.status_int == 400
    assert 'reserve_ratio' in resp.json['error']['message']
