"""Request bodies and query strings: every malformed input is a 4xx."""

import io
import json

import pytest
import webob

from tests.unit.api import fixtures


@pytest.mark.parametrize('raw, text', [
    (b'{"name": ', 'not valid JSON'),
    (b'{"latitude": NaN}', 'not valid JSON'),
    (b'{"latitude": Infinity}', 'not valid JSON'),
    (b'\xff\xfe', 'not valid JSON'),
    (b'[1, 2]', 'must be a JSON object (got array)'),
    (b'"site"', 'must be a JSON object (got string)'),
    (b'[' * 100000 + b']' * 100000, 'request body'),
    (json.dumps({'name': 'a\x00b'}).encode(), 'name contains a NUL'),
    (json.dumps({'a\x00': 1}).encode(), 'has a key that contains a NUL'),
    (b'{"name": "\\ud800"}', 'name is not valid Unicode'),
    (b'{"name": ' + b'[' * 40 + b']' * 40 + b'}', 'nested deeper'),
])
def test_malformed_bodies_are_400(client, raw, text):
    resp = client.post('/v1/sites', raw=raw)
    assert text in fixtures.error_of(resp, 400)


def test_empty_body_is_400(client):
    assert 'needs a JSON body' in fixtures.error_of(
        client.post('/v1/sites', raw=b'  '), 400)


def test_body_of_another_type_is_415(client):
    resp = client.post('/v1/sites', raw=b'name=SiteA',
                       content_type='application/x-www-form-urlencoded')
    assert 'must be application/json' in fixtures.error_of(resp, 415)


def test_body_without_content_type_is_read_as_json(client):
    resp = client.post('/v1/sites', raw=json.dumps(fixtures.SITE).encode(),
                       content_type=None)
    assert resp.status_int == 201, resp.text


def test_too_large_body_is_413(client, config):
    config.config(max_request_body_size=1024, group='api')
    resp = client.post('/v1/sites', dict(fixtures.SITE, region='x' * 2000))
    assert '1024 bytes' in fixtures.error_of(resp, 413)


def test_too_large_chunked_body_is_413(client, config):
    config.config(max_request_body_size=1024, group='api')
    req = webob.Request.blank('/v1/sites', method='POST',
                              headers=fixtures.ADMIN)
    req.environ['wsgi.input'] = io.BytesIO(b'{' + b' ' * 5000 + b'}')
    req.environ.pop('CONTENT_LENGTH', None)
    req.environ['wsgi.input_terminated'] = True
    fixtures.error_of(req.get_response(client.app), 413)


@pytest.mark.parametrize('query, text', [
    ('limit=0', 'limit must be a whole number of at least 1'),
    ('limit=ten', 'limit must be a whole number'),
    ('limit=1&limit=2', 'limit may be given only once'),
    ('colour=red', 'colour is not an allowed field'),
    ('availability=sleepy', 'availability[0] must be one of: unknown, '
                            'online, offline'),
    ('shared_pool=maybe', 'shared_pool must be one of: true, false'),
    ('marker=%00', 'marker contains a NUL'),
    ('group=%ff', 'not UTF-8'),
])
def test_bad_query_strings_are_400(client, query, text):
    message = fixtures.error_of(client.get('/v1/sites?' + query), 400)
    assert message.startswith('Invalid query string'), message
    assert text in message, message
