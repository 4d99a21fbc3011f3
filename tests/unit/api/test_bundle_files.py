"""Bundle files: uploaded, stored by sha256, served to sites; and
template versions through PATCH /v1/templates/{type}."""

import hashlib
import os

import pytest

from central_cloud.api import blob_store
from tests.unit.api import fixtures

DATA = b'\x7fELF pretend package ' * 50
SHA = hashlib.sha256(DATA).hexdigest()
SERVICE = {'X-Roles': 'service', 'X-Project-Id': 'service',
           'X-User-Id': 'agent-a'}


@pytest.fixture
def state(config, tmp_path):
    config.config(state_path=str(tmp_path))
    return tmp_path


@pytest.fixture
def bundle(client, state, template):
    resp = client.post('/v1/bundles', {
        'name': 'lo', 'version': '1', 'template_type': 'office',
        'files': [{'name': 'lo.deb', 'sha256': SHA, 'size': len(DATA)}],
        'install_commands': ['dpkg -i lo.deb']})
    assert resp.status_int == 201, resp.text
    return resp.json['bundle']


def _put(client, bundle_id, name, data, sha=None, as_=fixtures.ADMIN):
    headers = {'X-Content-SHA256': sha} if sha else {}
    path = '/v1/bundles/%d/files/%s' % (bundle_id, name)
    return client.request('PUT', path, raw=data,
                          content_type='application/octet-stream',
                          headers=headers, as_=as_)


def test_a_declared_file_is_stored_and_served(client, bundle, state):
    assert bundle['files'][0]['stored'] is False
    resp = _put(client, bundle['id'], 'lo.deb', DATA, SHA)
    assert resp.status_int == 201, resp.text
    assert resp.json['file'] == {'name': 'lo.deb', 'sha256': SHA,
                                 'size': len(DATA), 'stored': True}
    path = state / 'bundle-files' / SHA[:2] / SHA
    assert path.read_bytes() == DATA
    shown = client.get('/v1/bundles/%d' % bundle['id']).json['bundle']
    assert shown['files'][0]['stored'] is True
    for url in ('/v1/bundles/%d/files/lo.deb' % bundle['id'],
                '/v1/blobs/%s' % SHA):
        got = client.get(url, as_=SERVICE)
        assert got.status_int == 200, got.text
        assert got.body == DATA
        assert got.headers['X-Content-SHA256'] == SHA
        assert got.content_type == 'application/octet-stream'
    # The same bytes again are stored once.
    assert _put(client, bundle['id'], 'lo.deb', DATA).status_int == 201
    assert os.listdir(state / 'bundle-files' / SHA[:2]) == [SHA]


def test_a_new_name_joins_the_bundle(client, bundle):
    resp = _put(client, bundle['id'], 'extra.txt', b'hello')
    assert resp.status_int == 201, resp.text
    files = client.get('/v1/bundles/%d' % bundle['id']).json['bundle'][
        'files']
    assert [f['name'] for f in files] == ['lo.deb', 'extra.txt']
    assert files[1]['sha256'] == hashlib.sha256(b'hello').hexdigest()
    assert files[1]['stored'] is True


def test_a_stated_digest_that_does_not_match_is_refused(client, bundle,
                                                        state):
    message = fixtures.error_of(
        _put(client, bundle['id'], 'other.bin', b'abc', 'f' * 64), 400)
    assert 'not the %s the X-Content-SHA256 header states' % (
        'f' * 64) in message
    assert not (state / 'bundle-files' / 'ba').exists()
    files = client.get('/v1/bundles/%d' % bundle['id']).json['bundle'][
        'files']
    assert [f['name'] for f in files] == ['lo.deb']


def test_bytes_that_differ_from_the_declared_file_are_refused(
        client, bundle, state):
    message = fixtures.error_of(
        _put(client, bundle['id'], 'lo.deb', b'not the package'), 400)
    assert 'declares lo.deb with sha256 %s' % SHA in message
    assert list((state / 'bundle-files').rglob('*')) == [
        state / 'bundle-files' / 'tmp']


@pytest.mark.parametrize('header', ['xyz', 'a' * 63])
def test_a_malformed_digest_header_is_a_400(client, bundle, header):
    message = fixtures.error_of(
        _put(client, bundle['id'], 'lo.deb', DATA, header), 400)
    assert 'X-Content-SHA256 header' in message


def test_a_file_too_large_is_a_413(client, bundle, monkeypatch):
    monkeypatch.setattr(blob_store, 'MAX_FILE_SIZE', 10)
    fixtures.error_of(_put(client, bundle['id'], 'big', b'x' * 11), 413)


def test_missing_things_are_404s(client, bundle):
    fixtures.error_of(_put(client, 999, 'lo.deb', DATA), 404)
    fixtures.error_of(client.get('/v1/bundles/%d/files/nope'
                                 % bundle['id']), 404)
    message = fixtures.error_of(client.get(
        '/v1/bundles/%d/files/lo.deb' % bundle['id']), 404)
    assert 'not stored at central' in message
    fixtures.error_of(client.get('/v1/blobs/%s' % ('e' * 64)), 404)
    fixtures.error_of(client.get('/v1/blobs/not-a-digest'), 404)


@pytest.mark.parametrize('name', [
    '%20padded', '..', '.hidden', '-rf', 'a%0Ab', 'x%00', 'a..b',
    'evil%E2%80%AEtxt.sh', 'x' * 256])
def test_an_unsafe_file_name_is_a_400_and_stores_nothing(client, bundle,
                                                         state, name):
    message = fixtures.error_of(_put(client, bundle['id'], name, DATA), 400)
    assert 'a file name: up to 255 letters' in message
    assert client.get('/v1/bundles/%d' % bundle['id']).json['bundle'][
        'files'] == bundle['files']
    assert not os.path.exists(blob_store.path_of(SHA))


def test_an_unsafe_file_name_in_a_bundle_record_is_a_400(client, template):
    message = fixtures.error_of(client.post('/v1/bundles', {
        'name': 'x', 'version': '1', 'template_type': 'office',
        'files': [{'name': '../../etc/passwd', 'sha256': SHA, 'size': 1}]}),
        400)
    assert 'files[0].name must be a file name' in message


def test_file_policy(client, bundle):
    for who in (fixtures.READER, fixtures.MEMBER, SERVICE):
        fixtures.error_of(_put(client, bundle['id'], 'lo.deb', DATA,
                               as_=who), 403)
    _put(client, bundle['id'], 'lo.deb', DATA)
    assert client.get('/v1/blobs/%s' % SHA,
                      as_=fixtures.READER).status_int == 200
    fixtures.error_of(client.get('/v1/blobs/%s' % SHA,
                                 as_=fixtures.MEMBER), 403)


def test_patch_makes_a_new_template_version(client, template, bundle):
    assert template['version'] == 1
    resp = client.patch('/v1/templates/office', {'os': 'debian-12'})
    assert resp.json['template']['version'] == 1
    resp = client.patch('/v1/templates/office', {
        'base_image_checksum': 'a' * 128,
        'bundles': [{'name': 'lo', 'version': '1'}]})
    assert resp.status_int == 200, resp.text
    assert resp.json['template']['version'] == 2
    assert resp.json['template']['bundles'] == [{'name': 'lo',
                                                 'version': '1'}]


@pytest.mark.parametrize('body, code, words', [
    ({}, 400, 'request body'),
    ({'type_name': 'cad'}, 400, 'type_name'),
    ({'base_image_checksum': 'XYZ'}, 400, 'base_image_checksum'),
])
def test_bad_patches_are_refused(client, template, body, code, words):
    message = fixtures.error_of(client.patch('/v1/templates/office', body),
                                code)
    assert words in message


def test_patching_needs_an_admin_and_a_template(client, template):
    fixtures.error_of(client.patch('/v1/templates/office', {'os': 'x'},
                                   as_=fixtures.MEMBER), 403)
    fixtures.error_of(client.patch('/v1/templates/cad', {'os': 'x'}), 404)
