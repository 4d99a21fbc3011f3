"""/v1/notices: create, list, show."""

import pytest

from tests.unit.api import fixtures

NOTICE = {'title': 'Maintenance', 'body': 'Saturday 8:00-10:00.\nSorry.',
          'targets': {'sites': ['SiteA'], 'groups': ['north']}}


def test_create_list_show(client, site):
    resp = client.post('/v1/notices', NOTICE)
    assert resp.status_int == 201, resp.text
    notice = resp.json['notice']
    assert notice['targets'] == NOTICE['targets']
    everyone = client.post('/v1/notices', {'title': 'Hi', 'body': 'All'})
    assert everyone.json['notice']['targets'] == {}
    listed = client.get('/v1/notices').json['notices']
    # Newest first.
    assert [n['title'] for n in listed] == ['Hi', 'Maintenance']
    page = client.get('/v1/notices?limit=1')
    assert page.json['links'][0]['href'].endswith(
        'marker=%d' % listed[0]['id'])
    assert [n['title'] for n in client.get(
        '/v1/notices?marker=%d' % listed[0]['id']).json['notices']] == [
            'Maintenance']
    shown = client.get('/v1/notices/%d' % notice['id']).json['notice']
    assert shown['body'] == NOTICE['body']


@pytest.mark.parametrize('change, text', [
    ({'title': ''}, 'title must be at least 1 characters'),
    ({'body': 7}, 'body must be of type string'),
    ({'targets': {'sites': ['SiteA', 'SiteA']}},
     'targets.sites must not contain duplicates'),
    ({'targets': {'regions': []}}, 'targets.regions is not an allowed field'),
    ({'targets': {'sites': ['bad name']}}, 'targets.sites[0] must be a site'),
    ({'targets': {'sites': ['SiteA', 'Atlantis']}},
     'targets.sites[1] names the unknown site Atlantis'),
    ({'targets': []}, 'targets must be of type object'),
])
def test_create_bad_field_is_400(client, site, change, text):
    resp = client.post('/v1/notices', dict(NOTICE, **change))
    message = fixtures.error_of(resp, 400)
    assert text in message, message


@pytest.mark.parametrize('notice_id', ['42', 'x'])
def test_unknown_notice_is_404(client, notice_id):
    fixtures.error_of(client.get('/v1/notices/' + notice_id), 404)


def test_policy(client, site):
    for who in (fixtures.READER, fixtures.MEMBER):
        fixtures.error_of(client.post('/v1/notices', NOTICE, as_=who), 403)
    assert client.get('/v1/notices', as_=fixtures.READER).status_int == 200
    fixtures.error_of(client.get('/v1/notices', as_=fixtures.MEMBER), 403)
