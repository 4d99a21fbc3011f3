"""/v1/templates and /v1/bundles: the records."""

import pytest

from tests.unit.api import fixtures

SHA = 'ab' * 32
BUNDLE = {'name': 'libreoffice', 'version': '24.2', 'template_type': 'office',
          'files': [{'name': 'lo.deb', 'sha256': SHA, 'size': 1024}],
          'install_commands': ['apt-get install -y ./lo.deb'],
          'targets': {'groups': ['north']}}


def test_template_records(client):
    client.post('/v1/templates', {'type_name': 'cad', 'os': 'windows'})
    assert client.post('/v1/bundles', dict(
        BUNDLE, template_type='cad', targets={})).status_int == 201
    body = dict(fixtures.TEMPLATE,
                base_image_id='8c0d5ad4-7ac8-4a31-9d0f-c1b9b9e9f3a1',
                base_image_checksum='0' * 64,
                bundles=[{'name': 'libreoffice', 'version': '24.2'}])
    resp = client.post('/v1/templates', body)
    assert resp.status_int == 201, resp.text
    assert resp.json['template']['bundles'] == body['bundles']
    listed = client.get('/v1/templates').json['templates']
    assert [t['type_name'] for t in listed] == ['cad', 'office']
    assert [t['type_name'] for t in client.get(
        '/v1/templates?os=windows').json['templates']] == ['cad']
    assert [t['type_name'] for t in client.get(
        '/v1/templates?marker=cad').json['templates']] == ['office']
    shown = client.get('/v1/templates/office').json['template']
    assert shown['base_image_checksum'] == '0' * 64
    fixtures.error_of(client.post('/v1/templates', body), 409)
    assert client.delete('/v1/templates/cad').status_int == 204
    fixtures.error_of(client.get('/v1/templates/cad'), 404)


@pytest.mark.parametrize('change, text', [
    ({'type_name': 'has space'}, 'type_name must be an identifier'),
    ({'base_image_id': 'xyz'}, 'base_image_id must be a UUID'),
    ({'base_image_checksum': 'XYZ'}, 'base_image_checksum must be a lower-'),
    ({'bundles': [{'name': 'a'}]}, 'bundles[0].version is required'),
    ({'bundles': {}}, 'bundles must be of type array'),
])
def test_template_bad_field_is_400(client, change, text):
    resp = client.post('/v1/templates', dict(fixtures.TEMPLATE, **change))
    message = fixtures.error_of(resp, 400)
    assert text in message, message


def test_template_in_use_is_409(client, member_desktop):
    message = fixtures.error_of(client.delete('/v1/templates/office'), 409)
    assert 'used by desktops' in message


@pytest.mark.parametrize('name', ['nothing', '-bad-'])
def test_unknown_template_is_404(client, name):
    fixtures.error_of(client.get('/v1/templates/' + name), 404)
    fixtures.error_of(client.delete('/v1/templates/' + name), 404)


@pytest.fixture
def north(client, template):
    """Template office and a site of group north, as BUNDLE names."""
    resp = client.post('/v1/sites', dict(fixtures.SITE, group='north'))
    assert resp.status_int == 201, resp.text


def test_bundle_records(client, north):
    resp = client.post('/v1/bundles', BUNDLE)
    assert resp.status_int == 201, resp.text
    bundle = resp.json['bundle']
    assert bundle['files'] == [dict(f, stored=False)
                               for f in BUNDLE['files']]
    assert bundle['targets'] == {'groups': ['north']}
    newer = client.post('/v1/bundles', dict(BUNDLE, version='24.8')).json
    fixtures.error_of(client.post('/v1/bundles', BUNDLE), 409)
    listed = client.get('/v1/bundles?name=libreoffice').json['bundles']
    assert [b['version'] for b in listed] == ['24.2', '24.8']
    assert [b['version'] for b in client.get(
        '/v1/bundles?version=24.8').json['bundles']] == ['24.8']
    assert [b['id'] for b in client.get(
        '/v1/bundles?marker=%d' % bundle['id']).json['bundles']] == [
            newer['bundle']['id']]
    assert client.get('/v1/bundles/%d' % bundle['id']).json[
        'bundle']['install_commands'] == BUNDLE['install_commands']
    assert client.delete('/v1/bundles/%d' % bundle['id']).status_int == 204
    fixtures.error_of(client.get('/v1/bundles/%d' % bundle['id']), 404)


@pytest.mark.parametrize('change, text', [
    ({'files': [{'name': 'a', 'sha256': 'AB' * 32, 'size': 1}]},
     'files[0].sha256 must be a sha256 digest'),
    ({'files': [{'name': 'a', 'sha256': SHA, 'size': -1}]},
     'files[0].size must be at least 0'),
    ({'files': [{'name': 'a', 'sha256': SHA}]},
     'files[0].size is required'),
    ({'install_commands': ['']}, 'install_commands[0] must be at least 1'),
    ({'install_commands': 'make'}, 'install_commands must be of type array'),
    ({'version': 'v' * 65}, 'version must be at most 64 characters'),
    ({'template_type': None}, 'template_type must be of type string'),
    ({'targets': {'sites': ['-']}}, 'targets.sites[0] must be a site name'),
])
def test_bundle_bad_field_is_400(client, change, text):
    message = fixtures.error_of(
        client.post('/v1/bundles', dict(BUNDLE, **change)), 400)
    assert text in message, message


@pytest.mark.parametrize('bundle_id', ['7', 'x', '-1', '2147483648'])
def test_unknown_bundle_is_404(client, bundle_id):
    fixtures.error_of(client.get('/v1/bundles/' + bundle_id), 404)
    fixtures.error_of(client.delete('/v1/bundles/' + bundle_id), 404)


def test_policy(client, north):
    bundle = client.post('/v1/bundles', BUNDLE).json['bundle']
    for who in (fixtures.READER, fixtures.MEMBER):
        fixtures.error_of(client.post('/v1/templates', {'type_name': 'x'},
                                      as_=who), 403)
        fixtures.error_of(client.delete('/v1/templates/office', as_=who),
                          403)
        fixtures.error_of(client.post('/v1/bundles', BUNDLE, as_=who), 403)
        fixtures.error_of(client.delete('/v1/bundles/%d' % bundle['id'],
                                        as_=who), 403)
        # Members pick a template type when they create desktops.
        assert client.get('/v1/templates', as_=who).status_int == 200
        assert client.get('/v1/templates/office', as_=who).status_int == 200
    assert client.get('/v1/bundles', as_=fixtures.READER).status_int == 200
    fixtures.error_of(client.get('/v1/bundles', as_=fixtures.MEMBER), 403)
