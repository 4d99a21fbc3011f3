"""``openstack desktop ...``: the real ``openstack`` binary against the lab.

Each command runs as a user would run it, with the lab's clouds.yaml,
``--os-cloud desktop-lab --os-region-name Central`` and ``-f json``;
the tests read its JSON, its progress on stderr and its exit code. What
they create (a site, desktops at SiteC) is removed in ``finally`` blocks
through central's REST API.
"""

import json
import os
import subprocess
import sys
import uuid

import pytest

HOME_SITE = 'SiteC'
TEMPLATE = 'office'
FLAVOR = 'desktop.small'
WAIT = '300'
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
    resp = lab.central().get(
        '/v1/placement/explain?home_site=%s&template_type=%s&flavor=%s'
        % (HOME_SITE, TEMPLATE, FLAVOR), raise_exc=False)
    if resp.status_code == 404 and 'no resource at' in resp.text:
        pytest.skip('central does not serve /v1/placement/explain yet')
    candidates, _ = openstack.json(
        'placement', 'explain', '--home-site', HOME_SITE, '--template',
        TEMPLATE, '--flavor', FLAVOR, '--count', '2', '--scope', 'local')
    assert candidates, candidates
    assert set(candidates[0]) == {
        'site', 'distance_km', 'free_vcpus', 'free_memory_mb',
        'free_disk_gb', 'holds_template', 'kept', 'reason', 'placed'}
    assert HOME_SITE in [c['site'] for c in candidates]
