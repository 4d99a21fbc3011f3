"""Fuzz every request body and list query: no input may cause a 5xx."""

import json
from urllib import parse

from hypothesis import given
from hypothesis import HealthCheck
from hypothesis import settings
from hypothesis import strategies as st
import pytest

from tests.unit.api import fixtures

SETTINGS = settings(max_examples=50, deadline=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture,
                                           HealthCheck.too_slow])

SCALARS = (st.none() | st.booleans()
           | st.integers(min_value=-2 ** 70, max_value=2 ** 70)
           | st.floats(allow_nan=False, allow_infinity=False)
           | st.text(max_size=300))
JSON = st.recursive(
    SCALARS,
    lambda children: (st.lists(children, max_size=4)
                      | st.dictionaries(st.text(max_size=12), children,
                                        max_size=4)),
    max_leaves=12)

SHA = 'ab' * 32
DESKTOP_ID = fixtures.DESKTOP_ID

# Each endpoint with a body that is valid for it.
ENDPOINTS = {
    ('POST', '/v1/sites'): dict(fixtures.SITE, name='SiteZ', group='g',
                                reserve_ratio=0.1, shared_pool=True),
    ('PATCH', '/v1/sites/SiteA'): {'region': 'R', 'latitude': 1.5,
                                   'group': None},
    ('POST', '/v1/sites/SiteB/action'): {'maintenance': None},
    ('POST', '/v1/templates'): {'type_name': 'cad', 'os': 'linux',
                                'bundles': [{'name': 'a', 'version': '1'}]},
    ('POST', '/v1/bundles'): {'name': 'b', 'version': '1',
                              'template_type': 'office',
                              'files': [{'name': 'f', 'sha256': SHA,
                                         'size': 1}],
                              'install_commands': ['true'],
                              'targets': {'sites': ['SiteA']}},
    ('POST', '/v1/desktops'): {'home_site': 'SiteA',
                               'template_type': 'office', 'flavor': 'f',
                               'name': 'n', 'count': 2, 'owner': 'o',
                               'scope': 'local'},
    ('POST', '/v1/desktops/%s/action' % DESKTOP_ID): {'stop': None},
    ('POST', '/v1/alarms/1/acknowledge'): {'acknowledged': True},
    ('POST', '/v1/notices'): {'title': 't', 'body': 'b',
                              'targets': {'sites': ['SiteA'],
                                          'groups': ['g']}},
}

LISTS = ['/v1/sites', '/v1/templates', '/v1/bundles', '/v1/desktops',
         '/v1/commands', '/v1/alarms', '/v1/notices', '/v1/monitoring',
         '/v1/monitoring/SiteA']
QUERY_NAMES = ['limit', 'marker', 'site', 'state', 'group', 'availability',
               'management_state', 'shared_pool', 'project', 'desktop',
               'action', 'severity', 'acknowledged', 'history', 'os',
               'name', 'version', 'template_type', 'owner', 'kind']


@st.composite
def bodies(draw, valid):
    """A request body derived from the valid one.

    Random JSON, a random object with the real field names, or the valid
    body with one field replaced or removed.
    """
    fields = list(valid)
    kind = draw(st.sampled_from(['json', 'object', 'mutated']))
    if kind == 'json':
        return draw(JSON)
    if kind == 'object':
        keys = st.sampled_from(fields) | st.text(max_size=12)
        return draw(st.dictionaries(keys, JSON, max_size=len(fields) + 1))
    body = dict(valid)
    field = draw(st.sampled_from(fields))
    if draw(st.booleans()):
        del body[field]
    else:
        body[field] = draw(JSON)
    return body


def assert_not_5xx(resp):
    assert resp.status_int < 500, (resp.status, resp.text)
    if resp.status_int >= 400:
        assert resp.json['error']['code'] == resp.status_int


@pytest.mark.parametrize('method, path', sorted(ENDPOINTS))
def test_request_bodies_never_cause_5xx(world, method, path):
    @SETTINGS
    @given(body=bodies(ENDPOINTS[(method, path)]))
    def check(body):
        assert_not_5xx(world.request(method, path, body=body))

    check()


def test_raw_bytes_never_cause_5xx(world):
    @SETTINGS
    @given(raw=st.binary(max_size=200)
           | st.text(max_size=200).map(lambda t: t.encode('utf-8')))
    def check(raw):
        assert_not_5xx(world.post('/v1/sites', raw=raw))
        assert_not_5xx(world.post('/v1/desktops', raw=raw))

    check()


@pytest.mark.parametrize('path', LISTS)
def test_list_queries_never_cause_5xx(world, path):
    params = st.lists(st.tuples(
        st.sampled_from(QUERY_NAMES) | st.text(max_size=8),
        st.text(max_size=40)), max_size=4)

    @SETTINGS
    @given(params=params)
    def check(params):
        query = parse.urlencode(params)
        for who in (fixtures.ADMIN, fixtures.MEMBER):
            assert_not_5xx(world.get('%s?%s' % (path, query), as_=who))

    check()


def test_valid_bodies_are_accepted(world):
    """The fuzz starts from bodies that really work."""
    for (method, path), body in sorted(ENDPOINTS.items()):
        resp = world.request(method, path, body=body)
        assert resp.status_int in (200, 201, 202), (path, resp.text)
        json.dumps(resp.json)
