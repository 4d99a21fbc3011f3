"""Routing, JSON errors, and failures that must not leak tracebacks."""

from oslo_db import exception as db_exc
import pytest
import webob

from central_cloud.api import errors
from central_cloud.api import router
from tests.unit.api import fixtures


def test_unknown_path_is_404(client):
    assert 'no resource at /v1/nothing' in fixtures.error_of(
        client.get('/v1/nothing'), 404)


def test_wrong_method_is_405_with_allow(client):
    resp = client.request('PUT', '/v1/sites')
    fixtures.error_of(resp, 405)
    assert resp.headers['Allow'] == 'GET, POST'


def test_trailing_slash_is_the_same_resource(client, site):
    assert client.get('/v1/sites/').json['sites'][0]['name'] == 'SiteA'


def test_every_answer_has_a_request_id(client):
    for resp in (client.get('/v1/sites'), client.get('/v1/nothing'),
                 client.post('/v1/sites', {})):
        assert resp.headers['X-OpenStack-Request-Id'].startswith('req-')


def _router_raising(exc):
    r = router.Router()

    def handler(req):
        raise exc
    r.add('/boom', GET=handler)
    return r


def test_unexpected_error_is_a_json_500_without_traceback(caplog):
    resp = webob.Request.blank('/boom').get_response(
        _router_raising(KeyError('secret detail')))
    message = fixtures.error_of(resp, 500)
    assert 'secret detail' not in resp.text
    assert 'log has the details' in message
    assert 'secret detail' in caplog.text


def test_database_down_is_503():
    resp = webob.Request.blank('/boom').get_response(
        _router_raising(db_exc.DBConnectionError('gone')))
    fixtures.error_of(resp, 503)


def test_fault_wrapper_catches_middleware_errors(caplog):
    def broken(environ, start_response):
        raise RuntimeError('middleware broke')

    resp = webob.Request.blank('/x').get_response(
        errors.FaultWrapper(broken))
    fixtures.error_of(resp, 500)
    assert 'middleware broke' in caplog.text


@pytest.mark.parametrize('path', ['/v1/sites/%ff', '/v1/%ff'])
def test_path_that_is_not_utf8_is_400_or_404(client, path):
    req = webob.Request.blank('/')
    req.environ['PATH_INFO'] = path.replace('%ff', '\xff')
    req.headers.update(fixtures.ADMIN)
    resp = req.get_response(client.app)
    assert resp.status_int in (400, 404), resp.text
