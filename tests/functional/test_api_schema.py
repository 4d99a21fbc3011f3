"""schemathesis over HTTP: every route, every role, against the document.

The document is the one the lab's central API serves at
``/v1/openapi.json`` (built from the same code), and every operation
is called with generated requests, valid and invalid (schemathesis'
positive and negative modes), as an administrator, a
project member and a reader. Each answer must not be a 5xx and must
match the document: a documented status, content type, headers and body.

Bounded and repeatable: a fixed seed, deterministic generation and
``MAX_EXAMPLES`` requests per operation and role, no shrinking.

Safe for the lab that other tests use at the same time: names and ids
that could hit the lab's own objects are rewritten, before the call,
to ones this test owns or that cannot exist:

- site names and template types get the ``PREFIX`` (a site or template
  type created here is deleted at once, and any left over at the end);
- bundle ids are this test's own bundle, or an id that cannot exist;
- alarm and notice ids are ids that cannot exist (acknowledging the
  lab's real alarms would change what other tests see);
- a desktop, rollout or command id that is generated is a random UUID,
  which names nothing.

Nothing is excluded: every operation is called. Creating desktops and
rollouts is safe because a generated request names no real site or
template type once rewritten, and is refused.
"""

import uuid

from hypothesis import HealthCheck
from hypothesis import Phase
from hypothesis import settings
import pytest
import requests
import schemathesis
from schemathesis import checks
from schemathesis import config as st_config

from central_cloud.api import app
from central_cloud.api import openapi

MAX_EXAMPLES = 4
SEED = 20261204
PREFIX = 'st-'
# An integer id no row has (ids are at most 2**31 - 1).
NO_SUCH_ID = '2147483000'
ROLES = ('desktop-lab', 'desktop-lab-demo', 'desktop-lab-reader')
CHECKS = [checks.not_a_server_error, checks.status_code_conformance,
          checks.content_type_conformance,
          checks.response_headers_conformance,
          checks.response_schema_conformance]

# Built from the code, as the API builds the document it serves
# (``test_the_api_serves_this_document`` checks they are the same).
DOCUMENT = openapi.document(app.build_router())
schema = schemathesis.openapi.from_dict(
    DOCUMENT, config=st_config.SchemathesisConfig.from_dict({
        'seed': SEED,
        'generation': {'mode': 'all', 'max-examples': MAX_EXAMPLES,
                       'deterministic': True},
        # The coverage phase tries every boundary of every field: some
        # sixty requests an operation, too many for this machine.
        'phases': {'coverage': {'enabled': False}}}))


class Owned(object):
    """What this test created at central, to clean up."""

    def __init__(self, admin):
        self.admin = admin
        self.name = PREFIX + uuid.uuid4().hex[:8]
        resp = admin.post('/v1/templates', json={'type_name': self.name},
                          raise_exc=False)
        assert resp.status_code == 201, resp.text
        resp = admin.post('/v1/bundles', raise_exc=False, json={
            'name': self.name, 'version': '1', 'template_type': self.name})
        assert resp.status_code == 201, resp.text
        self.bundle_id = resp.json()['bundle']['id']

    def cleanup(self):
        """Delete every site, bundle and template type this test made."""
        for bundle in self.admin.get('/v1/bundles', params={
                'limit': 1000}).json()['bundles']:
            if bundle['template_type'].startswith(PREFIX):
                self.admin.delete('/v1/bundles/%d' % bundle['id'],
                                  raise_exc=False)
        for kind, key in (('templates', 'type_name'), ('sites', 'name')):
            for item in self.admin.get('/v1/' + kind, params={
                    'limit': 1000}).json()[kind]:
                if item[key].startswith(PREFIX):
                    self.admin.delete('/v1/%s/%s' % (kind, item[key]),
                                      raise_exc=False)


@pytest.fixture(scope='module')
def owned(lab):
    made = Owned(lab.central())
    yield made
    made.cleanup()


@pytest.fixture(scope='module')
def tokens(lab):
    return {role: lab.connect(lab.region_names[0], cloud=role).auth_token
            for role in ROLES}


@pytest.fixture(scope='module')
def endpoint(lab):
    return lab.central().get_endpoint().rstrip('/')


def test_the_api_serves_this_document(endpoint, tokens):
    resp = requests.get(endpoint + openapi.PATH, timeout=30,
                        headers={'X-Auth-Token': tokens['desktop-lab']})
    assert resp.status_code == 200, resp.text
    assert resp.json() == DOCUMENT


def _own_names(case, owned):
    """Point the case at this test's objects, or at none (see above)."""
    params = case.path_parameters or {}
    for key in ('site_name', 'type_name'):
        if key in params and not params[key].startswith(PREFIX):
            params[key] = (PREFIX + params[key])[:63]
    if 'bundle_id' in params:
        params['bundle_id'] = (str(owned.bundle_id)
                               if params['bundle_id'].endswith('1')
                               else NO_SUCH_ID)
    for key in ('alarm_id', 'notice_id'):
        if key in params:
            params[key] = NO_SUCH_ID
    body = case.body if isinstance(case.body, dict) else {}
    for key in ('name', 'type_name', 'home_site', 'template_type'):
        value = body.get(key)
        if isinstance(value, str) and case.path in (
                '/v1/sites', '/v1/templates', '/v1/desktops',
                '/v1/rollouts') and not value.startswith(PREFIX):
            body[key] = (PREFIX + value)[:63]


def _forget(case, response, owned):
    """Delete at once a site or template type the call created."""
    if response.status_code != 201:
        return
    created = response.json()
    if 'site' in created:
        owned.admin.delete('/v1/sites/%s' % created['site']['name'],
                           raise_exc=False)
    elif 'template' in created:
        owned.admin.delete('/v1/templates/%s'
                           % created['template']['type_name'],
                           raise_exc=False)


SETTINGS = settings(max_examples=MAX_EXAMPLES, deadline=None,
                    derandomize=True, database=None,
                    phases=[Phase.explicit, Phase.generate],
                    suppress_health_check=list(HealthCheck))


def _check(case, role, tokens, endpoint, owned):
    _own_names(case, owned)
    headers = {'X-Auth-Token': tokens[role]}
    response = case.call(base_url=endpoint, headers=headers, timeout=60)
    try:
        case.validate_response(response, checks=CHECKS, headers=headers)
    finally:
        _forget(case, response, owned)


# One test per role: a lazily loaded schema cannot be combined with a
# parametrized fixture.
@schema.parametrize()
@SETTINGS
def test_as_admin(case, tokens, endpoint, owned):
    _check(case, 'desktop-lab', tokens, endpoint, owned)


@schema.parametrize()
@SETTINGS
def test_as_member(case, tokens, endpoint, owned):
    _check(case, 'desktop-lab-demo', tokens, endpoint, owned)


@schema.parametrize()
@SETTINGS
def test_as_reader(case, tokens, endpoint, owned):
    _check(case, 'desktop-lab-reader', tokens, endpoint, owned)
