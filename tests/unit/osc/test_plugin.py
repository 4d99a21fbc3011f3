"""The plugin module, the entry points in setup.cfg and the shape of
every command."""

import argparse
import configparser
import importlib
import os
from unittest import mock

from cliff import display
from osc_lib import exceptions as osc_exceptions
from osc_lib.test import fakes as osc_fakes
import pytest

from central_cloud.api.controllers import alarms as api_alarms
from central_cloud.api.controllers import bundles as api_bundles
from central_cloud.api.controllers import commands as api_commands
from central_cloud.api.controllers import desktops as api_desktops
from central_cloud.api.controllers import notices as api_notices
from central_cloud.api.controllers import rollouts as api_rollouts
from central_cloud.api.controllers import sites as api_sites
from central_cloud.api.controllers import templates as api_templates
from central_cloud.api.schemas import rollouts as api_rollout_schemas
from central_cloud.db import models
from central_cloud.osc import client
from central_cloud.osc import plugin
from central_cloud.osc.v1 import alarms
from central_cloud.osc.v1 import bundles
from central_cloud.osc.v1 import commands
from central_cloud.osc.v1 import notices
from central_cloud.osc.v1 import rollout_progress
from central_cloud.osc.v1 import rollouts
from central_cloud.osc.v1 import servers
from central_cloud.osc.v1 import sites
from central_cloud.osc.v1 import templates

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__)))))


def entry_points(section):
    config = configparser.ConfigParser()
    config.read(os.path.join(ROOT, 'setup.cfg'))
    lines = config['entry_points'][section].strip().splitlines()
    return dict(line.split(' = ') for line in lines)


def test_plugin_contract():
    assert plugin.API_NAME == 'desktop'
    assert plugin.API_VERSION_OPTION == 'os_desktop_api_version'
    assert plugin.DEFAULT_API_VERSION == '1'
    assert list(plugin.API_VERSIONS) == ['1']
    assert entry_points('openstack.cli.extension') == {
        'desktop': 'central_cloud.osc.plugin'}


def test_make_client_finds_the_endpoint_in_the_catalog():
    instance = mock.Mock(region_name='Central', interface='public')
    instance.get_endpoint_for_service_type.return_value = 'http://c:1'
    made = plugin.make_client(instance)
    instance.get_endpoint_for_service_type.assert_called_once_with(
        'desktop-federation', region_name='Central', interface='public')
    assert isinstance(made, client.Client)
    assert made.api.session is instance.session
    assert made.api.endpoint_override == 'http://c:1'
    assert made.api.region_name == 'Central'


def test_the_api_version_option(monkeypatch):
    monkeypatch.delenv('OS_DESKTOP_API_VERSION', raising=False)
    parser = plugin.build_option_parser(argparse.ArgumentParser())
    assert parser.parse_args([]).os_desktop_api_version == '1'
    monkeypatch.setenv('OS_DESKTOP_API_VERSION', '7')
    parser = plugin.build_option_parser(argparse.ArgumentParser())
    assert parser.parse_args([]).os_desktop_api_version == '7'
    assert parser.parse_args(['--os-desktop-api-version', '1']
                             ).os_desktop_api_version == '1'


def test_an_unknown_api_version_is_refused():
    assert plugin.check_api_version('1') is True
    with pytest.raises(osc_exceptions.UnsupportedVersion) as caught:
        plugin.check_api_version('2')
    assert str(caught.value) == ('desktop-federation API version 2 is not '
                                 'supported (supported: 1)')


def _command_classes():
    for name, target in sorted(entry_points('openstack.desktop.v1').items()):
        module, cls = target.split(':')
        yield name, getattr(importlib.import_module(module), cls)


def test_every_command_is_registered_as_desktop_something():
    names = [name for name, _ in _command_classes()]
    assert all(name.startswith('desktop_') for name in names)
    for expected in ('site_create', 'site_list', 'site_show', 'site_set',
                     'site_delete', 'site_manage', 'site_unmanage',
                     'template_create', 'template_list', 'template_show',
                     'template_delete', 'bundle_create', 'bundle_list',
                     'bundle_show', 'bundle_delete', 'bundle_file_download',
                     'rollout_create', 'rollout_list', 'rollout_show',
                     'rollout_abort', 'server_create',
                     'server_list', 'server_show', 'server_delete',
                     'server_stop', 'server_start', 'server_suspend',
                     'server_resume', 'command_list', 'command_show',
                     'alarm_list', 'alarm_ack', 'notice_create',
                     'notice_list', 'monitor_show', 'placement_explain'):
        assert 'desktop_' + expected in names


@pytest.mark.parametrize('name, cls', list(_command_classes()))
def test_every_command_has_the_output_formats(name, cls):
    assert issubclass(cls, display.DisplayCommandBase), name
    app = osc_fakes.FakeApp(osc_fakes.FakeStdout(), osc_fakes.FakeLog())
    parser = cls(app, None).get_parser('openstack ' + name)
    formats = next(a for a in parser._actions if '-f' in a.option_strings)
    assert {'json', 'yaml', 'value', 'table'} <= set(formats.choices)
    assert cls.__doc__, name


@pytest.mark.parametrize('module, api', [
    (sites, api_sites.FIELDS),
    (templates, api_templates.FIELDS),
    (bundles, api_bundles.FIELDS),
    (servers, api_desktops.FIELDS),
    (commands, api_commands.FIELDS + ('params',)),
    (alarms, api_alarms.FIELDS),
    (notices, api_notices.FIELDS),
    # The rollout's view adds its steps and their counts.
    (rollouts, api_rollouts.FIELDS + ('step_counts', 'steps')),
])
def test_the_columns_are_fields_the_api_returns(module, api):
    # --long and show print whatever the API returns; the default list
    # columns and the fallback for an empty --long list are among them.
    assert set(module.COLUMNS) <= set(api)
    assert set(module.FIELDS) <= set(api)


def test_the_rollout_choices_are_the_apis():
    assert rollouts.STATES == models.ROLLOUT_STATES
    assert rollouts.MODES == models.ROLLOUT_MODES
    assert rollouts.MAX_PARALLEL_SITES == (
        api_rollout_schemas.MAX_PARALLEL_SITES)
    # Steps are printed in the order of their states' lifetime.
    assert rollout_progress.STEP_STATES == models.STEP_STATES
