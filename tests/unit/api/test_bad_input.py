"""Bad input of each kind is a 4xx that names the problem, never a 5xx."""

import io

import pytest
import webob

from tests.unit.api import fixtures
from tests.unit.api import test_fuzz

WRITES = sorted(test_fuzz.ENDPOINTS)


@pytest.mark.parametrize('method, path', WRITES)
@pytest.mark.parametrize('raw, kind', [
    (b'null', 'null'), (b'[]', 'array'), (b'[{"a": 1}]', 'array'),
    (b'3', 'integer'), (b'1.5', 'number'), (b'"text"', 'string'),
    (b'false', 'boolean')])
def test_a_body_that_is_not_an_object_is_a_400(world, method, path, raw,
                                               kind):
    before = world.get('/v1/sites/SiteA').json
    message = fixtures.error_of(world.request(method, path, raw=raw), 400)
    assert message == ('Invalid request body: it must be a JSON object '
                       '(got %s)' % kind)
    assert world.get('/v1/sites/SiteA').json == before


@pytest.mark.parametrize('body, words', [
    ({'home_site': 'SiteA', 'template_type': 'office', 'flavor': 'f',
      'name': 'n', 'count': 1.0},
     'count must be of type integer (got number)'),
    ({'home_site': 'SiteA', 'template_type': 'office', 'flavor': 'f',
      'name': 'n', 'count': 1e3},
     'count must be of type integer (got number)'),
    ({'home_site': 'SiteA', 'template_type': 'office', 'flavor': 'f',
      'name': 'n', 'count': 10 ** 30}, 'count must be at most'),
    ({'home_site': 'SiteA', 'template_type': 'office', 'flavor': 'f',
      'name': 'n', 'count': True},
     'count must be of type integer (got boolean)'),
])
def test_integers_with_a_fraction_or_out_of_range_are_400s(world, body,
                                                           words):
    message = fixtures.error_of(world.post('/v1/desktops', body), 400)
    assert words in message, message
    assert world.get('/v1/desktops').json['desktops'] == [
        world.get('/v1/desktops').json['desktops'][0]]


@pytest.mark.parametrize('path, body, words', [
    ('/v1/bundles', {'files': [{'name': 'f', 'sha256': 'ab' * 32,
                                'size': 2.0}]},
     'files[0].size must be of type integer'),
    ('/v1/bundles', {'files': [{'name': 'f', 'sha256': 'ab' * 32,
                                'size': 2 ** 64}]},
     'files[0].size must be at most'),
    ('/v1/rollouts', {'bundle_id': 1.0}, 'bundle_id must be of type integer'),
    ('/v1/rollouts', {'template_type': 'office', 'max_parallel_sites': 2.5},
     'max_parallel_sites must be of type integer'),
])
def test_integer_fields_everywhere(world, path, body, words):
    if path == '/v1/bundles':
        body = dict(name='x', version='1', template_type='office', **body)
    message = fixtures.error_of(world.post(path, body), 400)
    assert words in message, message


def test_huge_numbers_in_the_json_text_are_400s(world):
    digits = b'9' * 5000
    raw = b'{"name": "n", "home_site": "SiteA", "template_type": "office",' \
          b' "flavor": "f", "count": ' + digits + b'}'
    message = fixtures.error_of(world.post('/v1/desktops', raw=raw), 400)
    assert 'not valid JSON' in message
    raw = raw.replace(digits, b'1e999')
    message = fixtures.error_of(world.post('/v1/desktops', raw=raw), 400)
    assert 'count must be of type integer' in message


@pytest.mark.parametrize('path, body, words', [
    ('/v1/bundles', {'name': 'b', 'version': '1', 'template_type': 'nope'},
     'template_type names the unknown template type nope'),
    ('/v1/bundles', {'name': 'b', 'version': '1', 'template_type': 'office',
                     'targets': {'sites': ['SiteA', 'Atlantis']}},
     'targets.sites[1] names the unknown site Atlantis'),
    ('/v1/bundles', {'name': 'b', 'version': '1', 'template_type': 'office',
                     'targets': {'groups': ['south']}},
     'targets.groups[0] names the group south, which has no site'),
    ('/v1/templates', {'type_name': 'cad',
                       'bundles': [{'name': 'a', 'version': '1'},
                                   {'name': 'zz', 'version': '9'}]},
     'bundles[1] names the unknown bundle zz version 9'),
    ('/v1/notices', {'title': 't', 'body': 'b',
                     'targets': {'sites': ['Mu']}},
     'targets.sites[0] names the unknown site Mu'),
])
def test_references_to_what_does_not_exist_are_400s(
        world, path, body, words):
    before = world.get(path).json
    message = fixtures.error_of(world.post(path, body), 400)
    assert words in message, message
    assert world.get(path).json == before


def test_a_template_change_to_an_unknown_bundle_is_a_400(world):
    message = fixtures.error_of(world.patch('/v1/templates/office', {
        'bundles': [{'name': 'a', 'version': '2'}]}), 400)
    assert 'bundles[0] names the unknown bundle a version 2' in message
    assert world.get('/v1/templates/office').json['template'][
        'version'] == 1


class _Broken(io.RawIOBase):
    """A request body that breaks off as uWSGI reports it."""

    def readable(self):
        return True

    def readinto(self, buffer):
        raise OSError('error waiting for wsgi.input data')


def test_a_body_that_breaks_off_is_a_400(world):
    req = webob.Request.blank('/v1/notices', method='POST')
    req.headers.update(fixtures.ADMIN)
    req.content_type = 'application/json'
    req.environ['wsgi.input'] = _Broken()
    req.content_length = 100
    message = fixtures.error_of(req.get_response(world.app), 400)
    assert 'did not arrive whole (Content-Length states 100 bytes)' in message
    assert 'error waiting for wsgi.input data' in message


def test_a_body_shorter_than_its_content_length_is_a_400(world):
    req = webob.Request.blank('/v1/notices', method='POST')
    req.headers.update(fixtures.ADMIN)
    req.content_type = 'application/json'
    req.environ['wsgi.input'] = io.BytesIO(b'{"title": "t"}')
    req.content_length = 100
    message = fixtures.error_of(req.get_response(world.app), 400)
    assert 'did not arrive whole (Content-Length states 100 bytes)' in message
    assert world.get('/v1/notices').json['notices'] == []
