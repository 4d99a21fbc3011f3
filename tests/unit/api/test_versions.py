"""The version document at / and /v1: no auth, request ids."""

import pytest
import webob

from tests.unit.api import fixtures


@pytest.mark.parametrize('path', ['/', '/v1', '/v1/'])
def test_version_document_needs_no_auth(client, path):
    resp = client.get(path, as_=None)
    assert resp.status_int == 200
    assert resp.headers['X-OpenStack-Request-Id'].startswith('req-')
    body = resp.json
    version = body['versions'][0] if path == '/' else body['version']
    assert version['id'] == 'v1'
    assert version['status'] == 'CURRENT'
    assert version['links'] == [{'rel': 'self',
                                 'href': 'http://localhost/v1/'}]
    assert version['media-types'][0]['base'] == 'application/json'


def test_version_document_in_keystone_mode(config, make_client):
    config.config(auth_strategy='keystone', group='api')
    assert make_client().get('/', as_=None).status_int == 200


def test_version_links_follow_the_mount_point(client):
    req = webob.Request.blank('/', environ={'SCRIPT_NAME': '/desktop'})
    resp = req.get_response(client.app)
    assert resp.json['versions'][0]['links'][0]['href'] == (
        'http://localhost/desktop/v1/')


def test_only_get_on_the_version_document(client):
    resp = client.post('/', {})
    assert 'only GET' in fixtures.error_of(resp, 405)
    assert resp.headers['Allow'] == 'GET, HEAD'
