"""/v1/rollouts: creation (and what it refuses), list, show, abort."""

import hashlib

import pytest

from tests.unit.api import fixtures

DATA = b'package bytes'
SHA = hashlib.sha256(DATA).hexdigest()
CHECKSUM = 'a' * 128


@pytest.fixture
def sites(client, config, tmp_path):
    config.config(state_path=str(tmp_path))
    for name, group in (('SiteA', 'north'), ('SiteB', 'north'),
                        ('SiteC', None)):
        body = dict(fixtures.SITE, name=name, region=name)
        if group:
            body['group'] = group
        resp = client.post('/v1/sites', body)
        assert resp.status_int == 201, resp.text


@pytest.fixture
def bundle(client, sites, db):
    # The template names the bundle before it exists: set in the
    # database, as the API refuses a reference to an unknown bundle.
    db.create_template({'type_name': 'office', 'base_image_id':
                        '8c0d5ad4-7ac8-4a31-9d0f-c1b9b9e9f3a1',
                        'base_image_checksum': CHECKSUM,
                        'bundles': [{'name': 'lo', 'version': '1'}]})
    bundle = client.post('/v1/bundles', {
        'name': 'lo', 'version': '1', 'template_type': 'office',
        'files': [{'name': 'lo.deb', 'sha256': SHA, 'size': len(DATA)}],
        'install_commands': ['dpkg -i lo.deb'],
        'targets': {'sites': ['SiteC']}}).json['bundle']
    resp = client.request('PUT', '/v1/bundles/%d/files/lo.deb'
                          % bundle['id'], raw=DATA,
                          content_type='application/octet-stream')
    assert resp.status_int == 201, resp.text
    return bundle


@pytest.fixture
def office(client, bundle):
    return client.get('/v1/templates/office').json['template']


def _create(client, body, code=202):
    resp = client.post('/v1/rollouts', body)
    assert resp.status_int == code, resp.text
    return resp.json.get('rollout')


def test_a_template_rollout_has_a_step_per_site(client, office, db):
    rollout = _create(client, {'template_type': 'office',
                               'sites': ['SiteB', 'SiteA'],
                               'max_parallel_sites': 1,
                               'stop_on_failure': True})
    assert rollout['state'] == 'running'
    assert (rollout['template_version'], rollout['mode'],
            rollout['max_parallel_sites'], rollout['stop_on_failure']) == (
        1, 'parallel', 1, True)
    assert [(s['site'], s['state']) for s in rollout['steps']] == [
        ('SiteB', 'waiting'), ('SiteA', 'waiting')]
    assert rollout['step_counts']['waiting'] == 2
    params = db.get_rollout(rollout['id']).params
    assert params == {
        'template_type': 'office', 'version': 1,
        'base_image': {'id': '8c0d5ad4-7ac8-4a31-9d0f-c1b9b9e9f3a1',
                       'checksum': CHECKSUM},
        'bundles': [{'name': 'lo', 'version': '1',
                     'files': [{'name': 'lo.deb', 'sha256': SHA,
                                'size': len(DATA)}],
                     'install_commands': ['dpkg -i lo.deb']}],
        'precache': True}
    shown = client.get('/v1/rollouts/%s' % rollout['id']).json['rollout']
    assert shown == rollout


def test_groups_and_every_site(client, office):
    grouped = _create(client, {'template_type': 'office',
                               'sites': ['SiteC'], 'groups': ['north']})
    assert [s['site'] for s in grouped['steps']] == ['SiteC', 'SiteA',
                                                     'SiteB']
    everywhere = _create(client, {'template_type': 'office'})
    assert [s['site'] for s in everywhere['steps']] == ['SiteA', 'SiteB',
                                                        'SiteC']
    assert everywhere['max_parallel_sites'] == 3
    serial = _create(client, {'template_type': 'office',
                              'mode': 'serial'})
    assert serial['max_parallel_sites'] == 1


def test_a_bundle_update_makes_a_new_version_for_its_targets(
        client, office):
    newer = client.post('/v1/bundles', {
        'name': 'lo', 'version': '2', 'template_type': 'office',
        'targets': {'groups': ['north']},
        'install_commands': ['apt-get install -y libreoffice']}).json[
            'bundle']
    rollout = _create(client, {'bundle_id': newer['id']})
    assert rollout['bundle_id'] == newer['id']
    assert rollout['template_version'] == 2
    assert [s['site'] for s in rollout['steps']] == ['SiteA', 'SiteB']
    template = client.get('/v1/templates/office').json['template']
    assert template['bundles'] == [{'name': 'lo', 'version': '2'}]
    assert template['version'] == 2


def test_a_new_bundle_joins_the_template(client, office):
    extra = client.post('/v1/bundles', {
        'name': 'gimp', 'version': '3', 'template_type': 'office'}).json[
            'bundle']
    rollout = _create(client, {'bundle_id': extra['id'],
                               'sites': ['SiteA']})
    assert rollout['template_version'] == 2
    assert client.get('/v1/templates/office').json['template'][
        'bundles'][-1] == {'name': 'gimp', 'version': '3'}


@pytest.mark.parametrize('body, words', [
    ({'template_type': 'office', 'sites': ['SiteA', 'Atlantis', 'Mu']},
     'unknown site(s): Atlantis, Mu'),
    ({'template_type': 'office', 'groups': ['south']},
     'group(s) with no site: south'),
    ({}, 'give either template_type'),
    ({'template_type': 'office', 'bundle_id': 1}, 'not both'),
    ({'template_type': 'cad'}, 'template type cad does not exist'),
    ({'bundle_id': 999}, 'unknown bundle 999'),
    ({'template_type': 'office', 'mode': 'serial',
      'max_parallel_sites': 3}, 'max_parallel_sites must be 1'),
    ({'template_type': 'office', 'max_parallel_sites': 0},
     'max_parallel_sites must be at least 1'),
    ({'template_type': 'office', 'mode': 'waves'}, 'mode must be one of'),
    ({'template_type': 'office', 'sites': ['-bad']},
     'sites[0] must be a site name'),
    ({'template_type': 'office', 'colour': 'red'}, 'colour'),
])
def test_bad_rollouts_are_400s_that_change_nothing(client, office, body,
                                                   words):
    message = fixtures.error_of(client.post('/v1/rollouts', body), 400)
    assert words in message, message
    assert client.get('/v1/rollouts').json['rollouts'] == []
    assert client.get('/v1/templates/office').json['template'][
        'version'] == 1


def test_a_template_that_cannot_be_built_is_a_409(client, sites, bundle,
                                                  db):
    client.post('/v1/templates', {'type_name': 'bare'})
    message = fixtures.error_of(client.post('/v1/rollouts', {
        'template_type': 'bare'}), 409)
    assert 'has no base image checksum' in message
    # A bundle deleted after the template named it.
    db.create_template({'type_name': 'gone', 'base_image_checksum': CHECKSUM,
                        'bundles': [{'name': 'x', 'version': '9'}]})
    message = fixtures.error_of(client.post('/v1/rollouts', {
        'template_type': 'gone'}), 409)
    assert 'bundle x version 9, which the template uses, does not' in message
    client.post('/v1/templates', {'type_name': 'unsent',
                                  'base_image_checksum': CHECKSUM})
    resp = client.post('/v1/bundles', {'name': 'y', 'version': '1',
                                       'template_type': 'unsent',
                                       'files': [{'name': 'y.bin',
                                                  'sha256': 'e' * 64,
                                                  'size': 3}]})
    assert resp.status_int == 201, resp.text
    resp = client.patch('/v1/templates/unsent',
                        {'bundles': [{'name': 'y', 'version': '1'}]})
    assert resp.status_int == 200, resp.text
    message = fixtures.error_of(client.post('/v1/rollouts', {
        'template_type': 'unsent'}), 409)
    assert 'has files not uploaded yet: y.bin' in message


def test_list_filters_and_abort(client, office):
    first = _create(client, {'template_type': 'office', 'sites': ['SiteA']})
    second = _create(client, {'template_type': 'office',
                              'sites': ['SiteB']})
    resp = client.post('/v1/rollouts/%s/abort' % second['id'])
    assert resp.status_int == 200, resp.text
    aborted = resp.json['rollout']
    assert aborted['state'] == 'aborted'
    assert aborted['steps'][0]['state'] == 'aborted'
    listed = client.get('/v1/rollouts?state=running').json['rollouts']
    assert [r['id'] for r in listed] == [first['id']]
    assert len(client.get('/v1/rollouts?template_type=office').json[
        'rollouts']) == 2
    page = client.get('/v1/rollouts?limit=1').json
    assert page['links'][0]['rel'] == 'next'
    message = fixtures.error_of(client.post(
        '/v1/rollouts/%s/abort' % second['id']), 409)
    assert 'already ended (aborted)' in message
    fixtures.error_of(client.get('/v1/rollouts/%s' % ('0' * 36)), 404)
    fixtures.error_of(client.get('/v1/rollouts/not-an-id'), 404)
    fixtures.error_of(client.get('/v1/rollouts?state=odd'), 400)


def test_rollout_policy(client, office):
    rollout = _create(client, {'template_type': 'office',
                               'sites': ['SiteA']})
    for who in (fixtures.READER, fixtures.MEMBER):
        fixtures.error_of(client.post('/v1/rollouts', {
            'template_type': 'office'}, as_=who), 403)
        fixtures.error_of(client.post('/v1/rollouts/%s/abort'
                                      % rollout['id'], as_=who), 403)
    assert client.get('/v1/rollouts', as_=fixtures.READER).status_int == 200
    fixtures.error_of(client.get('/v1/rollouts/%s' % rollout['id'],
                                 as_=fixtures.MEMBER), 403)
