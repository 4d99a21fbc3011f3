"""Authentication: keystonemiddleware auth_token, noauth and the context."""

from keystonemiddleware import fixture as ksm_fixture
import pytest

from central_cloud.api import auth
from tests.unit.api import fixtures

KEYSTONE = 'http://127.0.0.1:5000/v3'


@pytest.fixture
def keystone_client(config, make_client):
    """A client of the app with auth_strategy keystone, tokens faked."""
    config.config(auth_strategy='keystone', group='api')
    config.config(www_authenticate_uri=KEYSTONE, group='keystone_authtoken')
    tokens = ksm_fixture.AuthTokenFixture()
    tokens.setUp()
    tokens.add_token_data(token_id='admin-token', user_id='root',
                          project_id='admin-project',
                          role_list=['admin', 'member', 'reader'])
    tokens.add_token_data(token_id='member-token', user_id='alice',
                          project_id='project-a',
                          role_list=['member', 'reader'])
    tokens.add_token_data(token_id='reader-token', user_id='watcher',
                          project_id='ops-project', role_list=['reader'])
    yield make_client()
    tokens.cleanUp()


def token(value):
    return {'X-Auth-Token': value}


def test_no_token_is_401(keystone_client):
    resp = keystone_client.get('/v1/sites', as_=None)
    message = fixtures.error_of(resp, 401)
    assert 'requires authentication' in message
    assert resp.headers['WWW-Authenticate'] == 'Keystone uri="%s"' % KEYSTONE
    assert resp.headers['X-OpenStack-Request-Id'].startswith('req-')


def test_bad_token_is_401(keystone_client):
    resp = keystone_client.get('/v1/sites', as_=token('forged'))
    fixtures.error_of(resp, 401)


def test_noauth_headers_are_not_trusted_with_keystone(keystone_client):
    resp = keystone_client.post('/v1/sites', fixtures.SITE,
                                as_=dict(token('reader-token'),
                                         **{'X-Roles': 'admin'}))
    fixtures.error_of(resp, 403)


def test_valid_tokens_carry_roles_and_project(keystone_client):
    assert keystone_client.post('/v1/sites', fixtures.SITE,
                                as_=token('admin-token')).status_int == 201
    assert keystone_client.post('/v1/templates', fixtures.TEMPLATE,
                                as_=token('admin-token')).status_int == 201
    resp = keystone_client.post('/v1/desktops', {
        'home_site': 'SiteA', 'template_type': 'office', 'flavor': 'f',
        'name': 'd'}, as_=token('member-token'))
    assert resp.status_int == 202, resp.text
    desktop = resp.json['desktops'][0]
    assert desktop['project_id'] == 'project-a'
    assert desktop['owner'] == 'alice'
    listed = keystone_client.get('/v1/desktops', as_=token('reader-token'))
    assert [d['id'] for d in listed.json['desktops']] == [desktop['id']]


def test_noauth_reads_the_identity_headers(client, site, template):
    resp = client.post('/v1/desktops', {
        'home_site': 'SiteA', 'template_type': 'office', 'flavor': 'f',
        'name': 'd'}, as_=fixtures.MEMBER)
    desktop = resp.json['desktops'][0]
    assert (desktop['project_id'], desktop['owner']) == ('project-a',
                                                         'alice')


def test_no_roles_is_403(client):
    fixtures.error_of(client.get('/v1/sites', as_=fixtures.NOBODY), 403)


def test_context_middleware_refuses_unconfirmed_requests():
    def app(environ, start_response):
        raise AssertionError('must not be reached')

    calls = []
    middleware = auth.ContextMiddleware(app)
    body = middleware({'REQUEST_METHOD': 'GET', 'PATH_INFO': '/v1/sites'},
                      lambda status, headers: calls.append(status))
    assert calls == ['401 Unauthorized']
    assert b'needs a valid token' in b''.join(body)
