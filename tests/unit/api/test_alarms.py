"""/v1/alarms: list, show, acknowledge."""

import pytest

from tests.unit.api import fixtures


@pytest.fixture
def alarms(client, db, site):
    client.post('/v1/sites', dict(fixtures.SITE, name='SiteB'))
    down, _ = db.raise_alarm('SiteA', 'host-down:c1', 'major', 'host_down',
                             'compute c1 is down')
    low, _ = db.raise_alarm('SiteB', 'capacity', 'warning', 'capacity.low',
                            'little room left')
    db.clear_alarm('SiteB', 'capacity')
    return down.id, low.id


def ids(resp):
    assert resp.status_int == 200, resp.text
    return [a['id'] for a in resp.json['alarms']]


def test_list_and_filters(client, alarms):
    down, low = alarms
    assert ids(client.get('/v1/alarms')) == [down, low]
    assert ids(client.get('/v1/alarms?site=SiteA')) == [down]
    assert ids(client.get('/v1/alarms?state=raised')) == [down]
    assert ids(client.get('/v1/alarms?state=cleared')) == [low]
    assert ids(client.get('/v1/alarms?severity=major&severity=critical')) == [
        down]
    assert ids(client.get('/v1/alarms?kind=capacity.low')) == [low]
    assert ids(client.get('/v1/alarms?acknowledged=false')) == [down, low]
    assert ids(client.get('/v1/alarms?limit=1&marker=%d' % down)) == [low]
    shown = client.get('/v1/alarms/%d' % down).json['alarm']
    assert shown['site'] == 'SiteA'
    assert shown['message'] == 'compute c1 is down'
    assert shown['state'] == 'raised'
    assert shown['acknowledged'] is False


@pytest.mark.parametrize('query', ['severity=fatal', 'state=open',
                                   'acknowledged=yes', 'marker=x',
                                   'marker=999'])
def test_bad_query_is_400(client, alarms, query):
    fixtures.error_of(client.get('/v1/alarms?' + query), 400)


def test_acknowledge(client, alarms):
    down, _ = alarms
    path = '/v1/alarms/%d/acknowledge' % down
    resp = client.post(path)
    assert resp.status_int == 200, resp.text
    assert resp.json['alarm']['acknowledged'] is True
    assert ids(client.get('/v1/alarms?acknowledged=true')) == [down]
    undone = client.post(path, {'acknowledged': False})
    assert undone.json['alarm']['acknowledged'] is False


@pytest.mark.parametrize('body, text', [
    ({'acknowledged': 'yes'}, 'acknowledged must be of type boolean'),
    ({'ack': True}, 'ack is not an allowed field (allowed: acknowledged)'),
])
def test_acknowledge_bad_body_is_400(client, alarms, body, text):
    resp = client.post('/v1/alarms/%d/acknowledge' % alarms[0], body)
    assert text in fixtures.error_of(resp, 400)


@pytest.mark.parametrize('alarm_id', ['999', 'abc', '99999999999'])
def test_unknown_alarm_is_404(client, alarm_id):
    fixtures.error_of(client.get('/v1/alarms/' + alarm_id), 404)
    fixtures.error_of(client.post('/v1/alarms/%s/acknowledge' % alarm_id),
                      404)


def test_policy(client, alarms):
    down, _ = alarms
    assert ids(client.get('/v1/alarms', as_=fixtures.READER)) == list(alarms)
    fixtures.error_of(client.post('/v1/alarms/%d/acknowledge' % down,
                                  as_=fixtures.READER), 403)
    fixtures.error_of(client.get('/v1/alarms', as_=fixtures.MEMBER), 403)
    fixtures.error_of(client.get('/v1/alarms/%d' % down,
                                 as_=fixtures.MEMBER), 403)
