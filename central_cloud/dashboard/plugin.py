"""Enable the panels in a Horizon settings module that has already loaded.

Horizon reads ``openstack_dashboard/local/enabled/`` while its settings
load. A settings module that imports Horizon's settings and wants the
panels without copying files there calls, at its end::

    from central_cloud.dashboard import plugin
    plugin.enable(HORIZON_CONFIG, INSTALLED_APPS)

This runs Horizon's ``update_dashboards`` on this package's enabled files
alone, on a scratch configuration, and adds what they contribute (the
panel group and panels, the application, the script and the error
classes) to the given settings, so nothing Horizon already set is
counted twice.
"""

from openstack_dashboard.utils import settings as settings_utils

from central_cloud.dashboard import enabled

_LISTS = ('panel_customization', 'js_files', 'angular_modules',
          'js_spec_files', 'scss_files', 'xstatic_modules', 'plugins',
          'header_sections')


def enable(horizon_config, installed_apps):
    """Add the panels to ``horizon_config`` and ``installed_apps``."""
    scratch = {'exceptions': dict(horizon_config.get('exceptions') or {})}
    apps = []
    settings_utils.update_dashboards([enabled], scratch, apps)
    for key in _LISTS:
        merged = list(horizon_config.get(key) or [])
        merged.extend(item for item in scratch.get(key) or []
                      if item not in merged)
        horizon_config[key] = merged
    horizon_config['exceptions'] = scratch['exceptions']
    for app in reversed(apps):
        if app not in installed_apps:
            installed_apps.insert(0, app)
    return horizon_config, installed_apps
