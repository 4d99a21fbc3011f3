"""The commands inside the real ``openstack`` shell, on a mocked API.

No auth (``--os-auth-type none --os-endpoint``): what is checked is what
a user sees, the table or JSON on stdout and the error on stderr, with
the exit code. The shell's logging setup is undone after each run.
"""

import json
import logging
import warnings

from openstackclient import shell
import pytest
import requests_mock

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
        yield run


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
