"""The commands inside the real ``openstack`` shell, on a mocked API.

No auth (``--os-auth-type none --os-endpoint``): what is checked is what
a user sees, the table or JSON on stdout and the error on stderr, with
the exit code. The shell's logging setup is undone after each run.
"""

import importlib
import json
import logging
import warnings

from openstackclient import shell
from osc_lib.test import fakes as osc_fakes
import pytest
import requests_mock

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
