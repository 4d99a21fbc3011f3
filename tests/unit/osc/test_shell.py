"""The commands inside the real ``openstack`` shell, on a mocked API.

No auth (``--os-auth-type none --os-endpoint``): what is checked is what
a user sees, the table or JSON on stdout and the error on stderr, with
the exit code. The shell's logging setup is undone after each run.
"""

import hashlib
import importlib
import json
import logging
import time
import warnings

from openstackclient import shell
from osc_lib.test import fakes as osc_fakes
import pytest
import requests_mock

from tests.unit.osc import fakes
from tests.unit.osc import test_plugin

URL = 'http://central.test'
ARGS = ['--os-auth-type', 'none', '--os-endpoint', URL, 'desktop']
SITE = {'name': 'SiteC', 'region': 'SiteC', 'latitude': 1.0,
        'longitude': 2.0, 'group': None, 'management_state': 'managed',
        'availability': 'online', 'last_report_at': None, 'missed': 0,
        'reserve_ratio': 0.0, 'shared_pool': False, 'created_at': None,
        'updated_at': None}


@pytest.fixture
def openstack(capsys):
    loggers = ['', 'requests', 'cliff', 'stevedore', 'iso8601']
    saved = {name: (logging.getLogger(name).level,
                    list(logging.getLogger(name).handlers))
             for name in loggers}

    def run(*argv):
        try:
            with warnings.catch_warnings():
                rc = shell.OpenStackShell().run(ARGS + list(argv))
        finally:
            for name, (level, handlers) in saved.items():
                logging.getLogger(name).setLevel(level)
                logging.getLogger(name).handlers[:] = handlers
        out, err = capsys.readouterr()
        return rc, out, err

    with requests_mock.Mocker() as http:
        http.get(URL + '/v1/sites', json={'sites': [SITE]})
        http.get(URL + '/v1/sites/SiteX', status_code=404, json={'error': {
            'code': 404, 'title': 'Not Found',
            'message': 'site SiteX not found'}},
            headers={'X-OpenStack-Request-Id': 'req-9'})
        run.http = http
        yield run


def test_no_command_option_is_taken_by_the_global_parser():
    # The shell parses the whole command line with its own options first,
    # abbreviations included: "--os" or "--version" would never reach a
    # command.
    app = osc_fakes.FakeApp(osc_fakes.FakeStdout(), osc_fakes.FakeLog())
    parser = shell.OpenStackShell().build_option_parser('openstack', '1')
    taken = [o for a in parser._actions for o in a.option_strings
             if o not in ('-h', '--help')]
    for name, target in test_plugin.entry_points(
            'openstack.desktop.v1').items():
        module, cls = target.split(':')
        command = getattr(importlib.import_module(module), cls)(app, None)
        for action in command.get_parser(name)._actions:
            for option in action.option_strings:
                if option.startswith('--') and option != '--help':
                    clashes = [t for t in taken if t.startswith(option)]
                    assert not clashes, (name, option, clashes)


def test_json_output(openstack):
    rc, out, err = openstack('site', 'list', '-f', 'json', '--long')
    assert rc == 0, err
    assert json.loads(out) == [SITE]


def test_an_api_error_is_its_message_and_status(openstack):
    rc, out, err = openstack('site', 'show', 'SiteX')
    assert rc == 1
    assert out == ''
    assert err == 'site SiteX not found (HTTP 404) (Request-ID: req-9)\n'


def test_debug_adds_the_traceback(openstack):
    rc, out, err = openstack('site', 'show', 'SiteX', '--debug')
    assert rc == 1
    assert 'Traceback (most recent call last)' in err
    assert 'NotFound: site SiteX not found (HTTP 404)' in err


def test_a_bad_argument_is_a_usage_error(openstack):
    with pytest.raises(SystemExit) as caught:
        openstack('server', 'create', '--home-site', 'SiteC')
    assert caught.value.code == 2


def test_bundle_create_uploads_the_files_bytes(openstack, tmp_path):
    data = b'#!/bin/sh\necho hi\n'
    digest = hashlib.sha256(data).hexdigest()
    path = tmp_path / 'setup.sh'
    path.write_bytes(data)
    entry = {'name': 'setup.sh', 'sha256': digest, 'size': len(data)}
    bundle = dict(fakes.BUNDLE, files=[dict(entry, stored=True)])
    http = openstack.http
    created = http.post(URL + '/v1/bundles', status_code=201,
                        json={'bundle': dict(bundle, files=[entry])})
    sent = []

    def store(request, context):
        # The file is streamed, and closed once sent.
        sent.append((request.body.read(),
                     request.headers['X-Content-SHA256']))
        context.status_code = 201
        return {'file': dict(entry, stored=True)}
    http.put(URL + '/v1/bundles/7/files/setup.sh', json=store)
    http.get(URL + '/v1/bundles/7', json={'bundle': bundle})
    rc, out, err = openstack('bundle', 'create', 'apps', '--bundle-version',
                             '1.0', '--template-type', 'office', '--file',
                             str(path), '-f', 'json')
    assert rc == 0, err
    assert created.last_request.json()['files'] == [entry]
    assert sent == [(data, digest)]
    assert json.loads(out)['files'] == [dict(entry, stored=True)]


def test_a_failed_upload_says_which_file_and_why(openstack, tmp_path):
    path = tmp_path / 'setup.sh'
    path.write_bytes(b'x')
    http = openstack.http
    http.post(URL + '/v1/bundles', status_code=201,
              json={'bundle': fakes.BUNDLE})
    http.put(URL + '/v1/bundles/7/files/setup.sh', status_code=413, json={
        'error': {'code': 413, 'title': 'Request Entity Too Large',
                  'message': 'a bundle file may have at most 10 bytes'}})
    deleted = http.delete(URL + '/v1/bundles/7', status_code=204)
    rc, out, err = openstack('bundle', 'create', 'apps', '--bundle-version',
                             '1.0', '--template-type', 'office', '--file',
                             str(path))
    assert rc == 1
    assert out == ''
    assert err == (
        'uploading file setup.sh (from %s) failed: a bundle file may have '
        'at most 10 bytes (HTTP 413)\nbundle 7 (apps 1.0) was deleted '
        'again: run the command again once that is fixed\n' % path)
    assert deleted.called


def test_rollout_show_is_a_table_with_a_line_per_step(openstack):
    shown = fakes.rollout('failed', steps=[
        fakes.step('SiteA', 'failed', details='no base image'),
        fakes.step('SiteB', 'skipped', position=1)])
    openstack.http.get(URL + '/v1/rollouts/' + fakes.ROLLOUT_ID,
                       json={'rollout': shown})
    rc, out, err = openstack('rollout', 'show', fakes.ROLLOUT_ID)
    assert rc == 0, err
    assert '| step_counts        | 1 failed, 1 skipped' in out
    assert '| steps              | SiteA: failed (command cmd-SiteA): no ' \
        'base image' in out
    assert '|                    | SiteB: skipped' in out


def test_rollout_create_wait_exits_1_when_a_site_failed(openstack,
                                                        monkeypatch):
    monkeypatch.setattr(time, 'sleep', lambda seconds: None)
    http = openstack.http
    http.get(URL + '/v1/bundles/7', json={'bundle': fakes.BUNDLE})
    created = http.post(URL + '/v1/rollouts', status_code=202, json={
        'rollout': fakes.rollout(steps=[fakes.step('SiteA', 'waiting')])})
    http.get(URL + '/v1/rollouts/' + fakes.ROLLOUT_ID, [
        {'json': {'rollout': fakes.rollout(steps=[
            fakes.step('SiteA', 'running')])}},
        {'json': {'rollout': fakes.rollout('failed', steps=[
            fakes.step('SiteA', 'failed', details='no base image')])}}])
    rc, out, err = openstack('rollout', 'create', '--bundle', '7', '--site',
                             'SiteA', '--max-parallel-sites', '1',
                             '--stop-on-failure', '--wait', '-f', 'json')
    assert rc == 1
    assert created.last_request.json() == {
        'bundle_id': 7, 'sites': ['SiteA'], 'max_parallel_sites': 1,
        'stop_on_failure': True}
    assert json.loads(out)['state'] == 'failed'
    assert err.splitlines() == [
        'SiteA: waiting',
        'SiteA: running, command cmd-SiteA',
        'SiteA: failed: no base image',
        'rollout %s failed: 1 failed' % fakes.ROLLOUT_ID,
        'rollout %s: site SiteA failed: no base image' % fakes.ROLLOUT_ID]
