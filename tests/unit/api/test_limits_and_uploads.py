"""Query string and header limits (414, 431) and upload bodies that are
chunked, missing or broken off: a clear 4xx, nothing stored."""

import hashlib
import io
import os

import webob

from central_cloud.api import blob_store
from central_cloud.api import limits
from tests.unit.api import fixtures
from tests.unit.api import test_bundle_files

DATA = test_bundle_files.DATA
SHA = test_bundle_files.SHA
bundle = test_bundle_files.bundle
state = test_bundle_files.state


def test_a_long_query_string_is_a_414(client, site):
    query = 'limit=1&group=' + 'a' * limits.MAX_QUERY_STRING
    message = fixtures.error_of(client.get('/v1/sites?' + query), 414)
    assert 'at most %d are allowed' % limits.MAX_QUERY_STRING in message


def test_a_query_string_the_server_left_out_is_a_414(client, site):
    req = webob.Request.blank('/v1/sites', headers=fixtures.ADMIN)
    # uWSGI drops QUERY_STRING when it does not fit its buffer.
    req.environ['REQUEST_URI'] = '/v1/sites?group=' + 'a' * 40000
    req.environ.pop('QUERY_STRING', None)
    message = fixtures.error_of(req.get_response(client.app), 414)
    assert 'longer than the server takes' in message
    req.environ['QUERY_STRING'] = ''
    fixtures.error_of(req.get_response(client.app), 414)


def test_large_headers_are_a_431_that_shows_no_value(client, site):
    secret = 'gAAAAA' + 'x' * limits.MAX_HEADERS
    resp = client.get('/v1/sites', headers={'X-Auth-Token': secret})
    message = fixtures.error_of(resp, 431)
    assert 'at most %d are allowed' % limits.MAX_HEADERS in message
    assert 'gAAAAA' not in resp.text


def test_requests_under_the_limits_pass(client, site):
    resp = client.get('/v1/sites?group=' + 'a' * 100,
                      headers={'X-Extra': 'b' * 1000})
    assert resp.status_int == 200, resp.text


def _upload(client, bundle_id, name, stream, headers):
    req = webob.Request.blank('/v1/bundles/%d/files/%s' % (bundle_id, name),
                              method='PUT')
    req.headers.update(fixtures.ADMIN)
    req.headers.update(headers)
    req.environ['wsgi.input'] = stream
    return req.get_response(client.app)


def _nothing_stored(client, bundle):
    assert client.get('/v1/bundles/%d' % bundle['id']).json['bundle'][
        'files'] == bundle['files']
    assert not os.path.exists(blob_store.path_of(SHA))


def test_a_chunked_upload_is_streamed_and_verified(client, bundle, state):
    req_input = io.BytesIO(DATA)
    resp = _upload(client, bundle['id'], 'lo.deb', req_input, {
        'Transfer-Encoding': 'chunked'})
    # A server that cannot de-chunk answers 411 rather than guess.
    fixtures.error_of(resp, 411)
    req = webob.Request.blank('/v1/bundles/%d/files/lo.deb' % bundle['id'],
                              method='PUT')
    req.headers.update(fixtures.ADMIN)
    req.headers['Transfer-Encoding'] = 'chunked'
    req.environ['wsgi.input'] = io.BytesIO(DATA)
    req.environ['wsgi.input_terminated'] = True
    resp = req.get_response(client.app)
    assert resp.status_int == 201, resp.text
    assert resp.json['file'] == {'name': 'lo.deb', 'sha256': SHA,
                                 'size': len(DATA), 'stored': True}


def test_a_chunked_upload_that_does_not_match_stores_nothing(client, bundle,
                                                             state):
    req = webob.Request.blank('/v1/bundles/%d/files/lo.deb' % bundle['id'],
                              method='PUT')
    req.headers.update(fixtures.ADMIN)
    req.headers['Transfer-Encoding'] = 'chunked'
    req.environ['wsgi.input'] = io.BytesIO(DATA[:-10])
    req.environ['wsgi.input_terminated'] = True
    message = fixtures.error_of(req.get_response(client.app), 400)
    assert 'The file was not stored' in message
    _nothing_stored(client, bundle)


def test_a_chunked_upload_of_an_undeclared_file_needs_a_digest(
        client, bundle, state):
    resp = _upload(client, bundle['id'], 'new.bin', io.BytesIO(b'x'),
                   {'Transfer-Encoding': 'chunked'})
    message = fixtures.error_of(resp, 411)
    assert 'needs the X-Content-SHA256 header' in message
    _nothing_stored(client, bundle)


def test_an_upload_without_a_length_is_a_411(client, bundle, state):
    resp = _upload(client, bundle['id'], 'lo.deb', io.BytesIO(DATA), {})
    message = fixtures.error_of(resp, 411)
    assert 'needs Content-Length' in message
    _nothing_stored(client, bundle)


def test_an_upload_shorter_than_its_length_stores_nothing(client, bundle,
                                                          state):
    resp = _upload(client, bundle['id'], 'lo.deb', io.BytesIO(DATA[:100]),
                   {'Content-Length': str(len(DATA))})
    message = fixtures.error_of(resp, 400)
    assert 'ended after 100 of the %d bytes' % len(DATA) in message
    _nothing_stored(client, bundle)
    assert os.listdir(os.path.join(blob_store.root(), 'tmp')) == []


class _Stalled(io.RawIOBase):
    def readable(self):
        return True

    def readinto(self, buffer):
        raise OSError('error waiting for wsgi.input data')


def test_an_upload_that_stalls_stores_nothing(client, bundle, state):
    resp = _upload(client, bundle['id'], 'lo.deb', _Stalled(),
                   {'Content-Length': str(len(DATA)),
                    'X-Content-SHA256': SHA})
    message = fixtures.error_of(resp, 400)
    assert 'broke off after 0 of %d bytes' % len(DATA) in message
    _nothing_stored(client, bundle)


def test_an_empty_file_with_a_length_of_zero_is_stored(client, bundle,
                                                       state):
    empty = hashlib.sha256(b'').hexdigest()
    resp = _upload(client, bundle['id'], 'empty.txt', io.BytesIO(b''),
                   {'Content-Length': '0'})
    assert resp.status_int == 201, resp.text
    assert resp.json['file']['sha256'] == empty
