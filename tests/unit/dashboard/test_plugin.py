"""Enabling the panels in a loaded Horizon settings module."""

import copy

from django.conf import settings

from central_cloud.dashboard import errors
from central_cloud.dashboard import plugin


def _base():
    config = {'exceptions': {'recoverable': (KeyError,),
                             'not_found': (), 'unauthorized': ()},
              'js_files': ['horizon/a.js'], 'plugins': [],
              'panel_customization': []}
    return config, ['django.contrib.auth', 'horizon']


def test_enable_adds_the_panel_group_panels_app_script_and_errors():
    config, apps = _base()
    plugin.enable(config, apps)
    assert apps[0] == 'central_cloud.dashboard'
    assert config['js_files'] == ['horizon/a.js',
                                  'desktop_federation/desktop_federation.js']
    added = [c.get('PANEL') or c.get('PANEL_GROUP')
             for c in config['panel_customization']]
    assert added == ['desktop_federation', 'desktop_overview',
                     'desktop_sites', 'desktops', 'desktop_software',
                     'desktop_alarms', 'desktop_notices']
    assert set(errors.RECOVERABLE) <= set(config['exceptions']
                                          ['recoverable'])
    assert KeyError in config['exceptions']['recoverable']
    assert set(errors.NOT_FOUND) <= set(config['exceptions']['not_found'])
    assert 'dashboards' not in config


def test_enable_twice_adds_nothing_more():
    config, apps = _base()
    plugin.enable(config, apps)
    once = copy.copy(config), list(apps)
    plugin.enable(config, apps)
    assert apps == once[1]
    assert config['js_files'] == once[0]['js_files']
    assert len(config['panel_customization']) == 7


def test_the_test_settings_have_the_panels():
    assert 'central_cloud.dashboard' in settings.INSTALLED_APPS
    panels = [c.get('PANEL') for c in
              settings.HORIZON_CONFIG['panel_customization']]
    assert 'desktop_sites' in panels
