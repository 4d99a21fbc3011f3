"""``openstack desktop ...``: the real ``openstack`` binary against the lab.

Each command runs as a user would run it, with the lab's clouds.yaml,
``--os-cloud desktop-lab --os-region-name Central`` and ``-f json``;
the tests read its JSON, its progress on stderr and its exit code. What
they create (a site, desktops at SiteC, template types with their base
image, bundles and what rollouts built at a site) is removed in
``finally`` blocks through central's REST API and the regions' APIs.
"""

import hashlib
import json
import os
import subprocess
import sys
import time
import uuid

import pytest

HOME_SITE = 'SiteC'
TEMPLATE = 'office'
FLAVOR = 'desktop.small'
WAIT = '300'
# Rollouts build here; a build in the lab takes seconds (small base).
BUILD_SITE = 'SiteB'
BASE_SIZE = 64 * 1024
AGGREGATE = 'desktop-hosts'
CACHED = 'desktop_cached_templates'
# Generous: one run waits for real servers at a site.
TIMEOUT = 600


class OpenStack(object):
    """Runs the virtualenv's ``openstack`` binary against the lab."""

    def __init__(self, lab):
        self.binary = os.path.join(os.path.dirname(sys.executable),
                                   'openstack')
        assert os.access(self.binary, os.X_OK), (
            'no openstack binary beside %s' % sys.executable)
        self.env = {k: v for k, v in os.environ.items()
                    if not k.startswith('OS_')}
        self.env['OS_CLIENT_CONFIG_FILE'] = lab.clouds_yaml

    def __call__(self, *args, cloud='desktop-lab'):
        """``(exit code, stdout, stderr)`` of ``openstack desktop ...``."""
        proc = subprocess.run(
            [self.binary, '--os-cloud', cloud, '--os-region-name',
             'Central', 'desktop'] + list(args),
            env=self.env, capture_output=True, text=True, timeout=TIMEOUT)
        return proc.returncode, proc.stdout, proc.stderr

    def json(self, *args):
        """The parsed ``-f json`` output of a command that must work."""
        rc, out, err = self(*(args + ('-f', 'json')))
        assert rc == 0, 'openstack desktop %s: rc %d\n%s' % (
            ' '.join(args), rc, err)
        assert 'Traceback' not in err, err
        return json.loads(out), err


@pytest.fixture(scope='module')
def openstack(lab):
    return OpenStack(lab)


def _unique(prefix):
    return '%s-%s' % (prefix, uuid.uuid4().hex[:8])


def _assert_clean_error(rc, out, err, *texts):
    assert rc == 1, (rc, out, err)
    assert 'Traceback' not in err, err
    for text in texts:
        assert text in err, err


def test_register_change_and_delete_a_site(lab, openstack):
    name = _unique('osc-site')
    api = lab.central()
    try:
        site, _ = openstack.json(
            'site', 'create', name, '--region', name, '--latitude', '47.5',
            '--longitude', '-1.25', '--reserve-ratio', '0.2')
        assert site['name'] == name
        assert (site['latitude'], site['longitude']) == (47.5, -1.25)
        assert site['reserve_ratio'] == 0.2
        assert site['management_state'] == 'managed'

        site, _ = openstack.json('site', 'set', name, '--group', 'osc-test')
        assert site['group'] == 'osc-test'
        site, _ = openstack.json('site', 'unmanage', name)
        assert site['management_state'] == 'unmanaged'
        site, _ = openstack.json('site', 'show', name)
        assert site['management_state'] == 'unmanaged'

        listed, _ = openstack.json('site', 'list', '--group', 'osc-test',
                                   '--long')
        assert [s['name'] for s in listed] == [name]
        assert listed[0]['region'] == name

        deleted, _ = openstack.json('site', 'delete', name)
        assert deleted == [{'name': name, 'state': 'deleted'}]
        _assert_clean_error(*openstack('site', 'show', name),
                            'site %s not found (HTTP 404)' % name)
    finally:
        api.delete('/v1/sites/%s' % name, raise_exc=False)


def test_bad_input_is_a_message_not_a_traceback(lab, openstack):
    lab.central()
    unknown = _unique('nowhere')
    _assert_clean_error(
        *openstack('server', 'create', '--home-site', unknown, '--template',
                   TEMPLATE, '--flavor', FLAVOR, '--name', 'x'),
        'home_site names the unknown site %s' % unknown, '(HTTP 400)')
    _assert_clean_error(*openstack('server', 'show', unknown),
                        'no desktop has the name or id %s' % unknown)
    rc, out, err = openstack('site', 'create', unknown, '--region', 'R',
                             '--latitude', '95', '--longitude', '0')
    assert rc == 2, (rc, err)
    assert '--latitude: expected a number from -90 to 90' in err
    assert 'Traceback' not in err


def _progress(err, desktops):
    """Each desktop and its site appear in the --wait progress."""
    for desktop in desktops:
        assert '%s: %s (%s)' % (desktop['site'], desktop['name'],
                                desktop['id']) in err, err


def test_desktops_created_stopped_listed_and_deleted_with_wait(
        lab, openstack):
    api = lab.central()
    name = _unique('osc')
    ids = []
    try:
        created, err = openstack.json(
            'server', 'create', '--home-site', HOME_SITE, '--template',
            TEMPLATE, '--flavor', FLAVOR, '--count', '2', '--scope', 'local',
            '--name', name, '--wait', '--wait-timeout', WAIT)
        ids = [d['id'] for d in created]
        assert [d['name'] for d in created] == [name + '-1', name + '-2']
        assert {(d['site'], d['state'], d['command_state'])
                for d in created} == {(HOME_SITE, 'active', 'succeeded')}
        _progress(err, created)
        assert '%s: 2 of 2 desktop(s) done, 0 failed' % HOME_SITE in err

        stopped, err = openstack.json('server', 'stop', name + '-1',
                                      '--wait', '--wait-timeout', WAIT)
        assert [(d['id'], d['state'], d['command_state'])
                for d in stopped] == [(ids[0], 'stopped', 'succeeded')]
        _progress(err, stopped)

        listed, _ = openstack.json('server', 'list', '--site', HOME_SITE,
                                   '--long')
        states = {d['id']: d['state'] for d in listed if d['id'] in ids}
        assert states == {ids[0]: 'stopped', ids[1]: 'active'}
        shown, _ = openstack.json('server', 'show', ids[1])
        assert (shown['name'], shown['template_type'], shown['flavor']) == (
            name + '-2', TEMPLATE, FLAVOR)
        commands, _ = openstack.json('command', 'list', '--desktop', ids[0])
        assert sorted(c['action'] for c in commands) == ['create', 'stop']

        deleted, err = openstack.json('server', 'delete', *ids, '--wait',
                                      '--wait-timeout', WAIT)
        assert {(d['id'], d['state']) for d in deleted} == {
            (ids[0], 'deleted'), (ids[1], 'deleted')}
        _progress(err, deleted)
        for desktop_id in ids:
            resp = api.get('/v1/desktops/%s' % desktop_id, raise_exc=False)
            assert resp.status_code == 404, resp.text
    finally:
        for desktop_id in ids:
            api.delete('/v1/desktops/%s' % desktop_id, raise_exc=False)


def test_monitor_show_is_the_latest_report(lab, openstack):
    hosts, _ = openstack.json('monitor', 'show', HOME_SITE)
    total = hosts[-1]
    assert total['host'] == 'total'
    assert len(hosts) >= 2
    up = [h for h in hosts[:-1] if h['state'] == 'up']
    assert total['state'] == '%d/%d up' % (len(up), len(hosts) - 1)
    assert total['VCPU']['total'] == sum(h['VCPU']['total'] for h in up)
    sites, _ = openstack.json('monitor', 'list')
    assert HOME_SITE in [s['name'] for s in sites]


def test_placement_explain(lab, openstack):
    resp = lab.central().get('/v1/placement/explain', raise_exc=False,
                             params={'home_site': HOME_SITE,
                                     'template_type': TEMPLATE,
                                     'flavor': FLAVOR, 'count': 2,
                                     'scope': 'local'})
    assert resp.status_code == 200, resp.text
    explain = resp.json()['explain']
    candidates, _ = openstack.json(
        'placement', 'explain', '--home-site', HOME_SITE, '--template',
        TEMPLATE, '--flavor', FLAVOR, '--count', '2', '--scope', 'local')
    assert candidates, candidates
    # The command shows the API's candidates, in the API's order.
    assert [c['site'] for c in candidates] == [
        c['site'] for c in explain['candidates']], (candidates, explain)
    assert set(candidates[0]) == {
        'site', 'distance_km', 'free_vcpus', 'free_memory_mb',
        'free_disk_gb', 'holds_template', 'kept', 'reason', 'placed'}
    assert HOME_SITE in [c['site'] for c in candidates]


# -- bundles and rollouts ----------------------------------------------------

class BuildableTemplate(object):
    """A template type that sites can build: base image, record; cleaned.

    The base image is random bytes in central's Glance, so no site holds
    its checksum. ``cleanup`` waits until no step of its rollouts runs,
    then removes the template type, the bundles, what the builds left at
    ``BUILD_SITE`` (images, the aggregate's cache entry) and the base.
    """

    def __init__(self, lab, openstack):
        self.lab = lab
        self.central = lab.central()
        self.name = _unique('osc-tpl')
        self.bundles = []
        self.glance = lab.connect('Central').image
        data = os.urandom(BASE_SIZE)
        self.base = self.glance.create_image(
            name=self.name + '-base', data=data, disk_format='raw',
            container_format='bare', visibility='public', wait=True,
            allow_duplicates=True)
        template, _ = openstack.json(
            'template', 'create', self.name, '--operating-system', 'lab',
            '--base-image-id', self.base.id, '--base-image-checksum',
            hashlib.sha512(data).hexdigest())
        assert template['type_name'] == self.name

    def rollouts(self):
        return self.central.get('/v1/rollouts', params={
            'template_type': self.name}).json()['rollouts']

    def _settled(self):
        return all(step['state'] not in ('waiting', 'running')
                   for rollout in self.rollouts()
                   for step in rollout['steps'])

    def cleanup(self):
        deadline = time.monotonic() + int(WAIT)
        while not self._settled() and time.monotonic() < deadline:
            time.sleep(1)
        self.central.delete('/v1/templates/%s' % self.name,
                            raise_exc=False)
        for bundle_id in self.bundles:
            self.central.delete('/v1/bundles/%d' % bundle_id,
                                raise_exc=False)
        conn = self.lab.connect(BUILD_SITE)
        for image in conn.image.images():
            props = image.properties or {}
            if props.get('desktop_template_type') == self.name or \
                    props.get('desktop_base_source') == self.base.id or \
                    image.name.startswith(self.name) or \
                    image.name.startswith('template-' + self.name):
                conn.image.delete_image(image, ignore_missing=True)
        for aggregate in conn.compute.aggregates():
            cached = (aggregate.metadata or {}).get(CACHED, '').split(',')
            if aggregate.name == AGGREGATE and self.name in cached:
                kept = [t for t in cached if t and t != self.name]
                conn.compute.set_aggregate_metadata(
                    aggregate, {CACHED: ','.join(kept) or None})
        self.glance.delete_image(self.base, ignore_missing=True)


@pytest.fixture
def template(lab, openstack):
    tpl = BuildableTemplate(lab, openstack)
    try:
        yield tpl
    finally:
        tpl.cleanup()


@pytest.fixture
def quiet_site(lab):
    """A site registered at central with no agent: it never builds.

    A rollout step there stays running until the rollout is aborted, so
    the abort below never races a build. Deleting the site removes its
    commands and steps.
    """
    api = lab.central()
    name = _unique('osc-quiet')
    resp = api.post('/v1/sites', raise_exc=False, json={
        'name': name, 'region': name, 'latitude': 47.5,
        'longitude': -1.25})
    assert resp.status_code == 201, resp.text
    try:
        yield name
    finally:
        api.delete('/v1/sites/%s' % name, raise_exc=False)


def test_bundle_files_are_uploaded_and_a_rollout_is_aborted(
        lab, openstack, template, quiet_site, tmp_path):
    script = b'#!/bin/sh\necho installing %s\n' % template.name.encode()
    blob = os.urandom(3000)
    (tmp_path / 'setup.sh').write_bytes(script)
    (tmp_path / 'data.bin').write_bytes(blob)
    name = template.name + '-app'
    bundle, _ = openstack.json(
        'bundle', 'create', name, '--bundle-version', '1.0',
        '--template-type', template.name,
        '--file', str(tmp_path / 'setup.sh'),
        '--file', str(tmp_path / 'data.bin'),
        '--install-command', 'sh ./setup.sh')
    template.bundles.append(bundle['id'])
    assert bundle['files'] == [
        {'name': 'setup.sh', 'sha256': hashlib.sha256(script).hexdigest(),
         'size': len(script), 'stored': True},
        {'name': 'data.bin', 'sha256': hashlib.sha256(blob).hexdigest(),
         'size': len(blob), 'stored': True}]

    # The bytes come back from the API as they were sent.
    for file_name, data in (('setup.sh', script), ('data.bin', blob)):
        resp = template.central.get('/v1/bundles/%d/files/%s'
                                    % (bundle['id'], file_name))
        assert resp.content == data, file_name
        assert resp.headers['X-Content-SHA256'] == hashlib.sha256(
            data).hexdigest()
    downloaded, _ = openstack.json('bundle', 'file', 'download', name,
                                   'data.bin', '--file',
                                   str(tmp_path / 'back.bin'))
    assert (downloaded['sha256'], downloaded['size']) == (
        hashlib.sha256(blob).hexdigest(), len(blob))
    assert (tmp_path / 'back.bin').read_bytes() == blob

    created, _ = openstack.json(
        'rollout', 'create', '--bundle', name, '--site', quiet_site,
        '--max-parallel-sites', '1', '--stop-on-failure')
    rollout_id = created['id']
    assert (created['template_type'], created['bundle_id'],
            created['max_parallel_sites'], created['stop_on_failure'],
            created['state']) == (
        template.name, bundle['id'], 1, True, 'running')
    assert [(s['site'], s['state']) for s in created['steps']] == [
        (quiet_site, 'waiting')]
    # The bundle joined its template type: a new template version.
    assert created['template_version'] == 2

    aborted, _ = openstack.json('rollout', 'abort', rollout_id)
    assert [(r['id'], r['state']) for r in aborted] == [
        (rollout_id, 'aborted')]

    shown, _ = openstack.json('rollout', 'show', rollout_id)
    assert shown['state'] == 'aborted'
    assert shown['finished_at']
    (step,) = shown['steps']
    assert step['site'] == quiet_site
    assert set(step) >= {'site', 'state', 'details', 'command_id',
                         'started_at', 'finished_at'}
    if step['state'] == 'aborted':
        # Aborted before the engine started the site.
        assert step['command_id'] is None and step['finished_at'], step
    else:
        # Started: its build command waits for the site, which never
        # answers; the abort starts no other site.
        assert step['state'] == 'running' and step['command_id'], step
    assert sum(shown['step_counts'].values()) == 1

    listed, _ = openstack.json('rollout', 'list', '--template',
                               template.name, '--long')
    assert [(r['id'], r['state'], r['bundle_id']) for r in listed] == [
        (rollout_id, 'aborted', bundle['id'])]
    listed, _ = openstack.json('rollout', 'list', '--state', 'aborted')
    assert rollout_id in [r['id'] for r in listed]
    _assert_clean_error(*openstack('rollout', 'abort', rollout_id),
                        'has already ended (aborted)', '(HTTP 409)')


def test_rollout_create_wait_follows_the_build(lab, openstack, template):
    rollout, err = openstack.json(
        'rollout', 'create', '--template', template.name, '--site',
        BUILD_SITE, '--wait', '--wait-timeout', WAIT)
    assert rollout['state'] == 'succeeded', (rollout, err)
    (step,) = rollout['steps']
    assert (step['site'], step['state']) == (BUILD_SITE, 'succeeded')
    lines = err.splitlines()
    assert '%s: waiting' % BUILD_SITE in lines, err
    assert '%s: running, command %s' % (BUILD_SITE,
                                        step['command_id']) in lines, err
    assert '%s: succeeded: %s' % (BUILD_SITE, step['details']) in lines
    assert lines[-1] == 'rollout %s succeeded: 1 succeeded' % (
        rollout['id']), err


def test_rollout_wait_exits_1_when_a_site_fails(lab, openstack, template):
    # Central's Glance no longer has the base image: the build fails.
    template.glance.delete_image(template.base)
    rc, out, err = openstack(
        'rollout', 'create', '--template', template.name, '--site',
        BUILD_SITE, '--wait', '--wait-timeout', WAIT, '-f', 'json')
    assert rc == 1, (rc, out, err)
    assert 'Traceback' not in err, err
    rollout = json.loads(out)
    assert rollout['state'] == 'failed'
    (step,) = rollout['steps']
    assert step['state'] == 'failed'
    assert 'rollout %s: site %s failed: %s' % (
        rollout['id'], BUILD_SITE, step['details']) in err, err
    assert "no longer in central's Glance" in step['details'], step


def test_bundle_and_rollout_bad_input(lab, openstack, tmp_path):
    lab.central()
    unknown = _unique('nothing')
    rc, out, err = openstack('bundle', 'create', unknown,
                             '--bundle-version', '1', '--template-type',
                             TEMPLATE, '--file', str(tmp_path / unknown))
    assert rc == 2, (rc, err)
    assert 'expected the path of a file to upload' in err
    assert 'Traceback' not in err
    _assert_clean_error(
        *openstack('rollout', 'create', '--bundle', unknown, '--site',
                   BUILD_SITE),
        'no bundle has the name or id %s' % unknown)
    _assert_clean_error(
        *openstack('rollout', 'create', '--template', TEMPLATE, '--site',
                   unknown),
        'unknown site(s): %s' % unknown, '(HTTP 400)')
    missing = str(uuid.uuid4())
    _assert_clean_error(*openstack('rollout', 'show', missing),
                        'rollout %s not found (HTTP 404)' % missing)
    _assert_clean_error(
        *openstack('rollout', 'create', '--template', TEMPLATE,
                   '--mode', 'serial', '--max-parallel-sites', '2'),
        '--mode serial builds at one site at a time')
