"""The lab's Horizon project: what tools/lab writes for it."""

import os
import stat

from desktop_lab import horizon
from desktop_lab import layout
from desktop_lab import topology


def _layout(tmp_path):
    topo = topology.validate({'regions': [
        {'name': 'Central', 'latitude': 1, 'longitude': 2,
         'shared_pool': True},
        {'name': 'SiteA', 'latitude': 3, 'longitude': 4}]})
    return layout.Layout(str(tmp_path), topo)


def _settings(home):
    values = {}
    with open(os.path.join(home, 'local', 'local_settings.py')) as f:
        exec(compile(f.read(), 'local_settings.py', 'exec'), values)
    return values


def test_port_is_base_plus_eight_and_checked_before_start(tmp_path):
    lay = _layout(tmp_path)
    assert lay.horizon_port == lay.base + 8
    assert (lay.horizon_port, 'horizon') in lay.all_ports()
    assert horizon.url(lay) == 'http://127.0.0.1:%d/' % lay.horizon_port


def test_configure_writes_a_project_outside_the_plugin(tmp_path):
    lay = _layout(tmp_path)
    home = horizon.configure(lay)
    assert home == lay.etc_dir('horizon')
    manage = os.path.join(home, 'manage.py')
    assert os.stat(manage).st_mode & stat.S_IXUSR
    with open(manage) as f:
        assert "'lab_settings'" in f.read()
    with open(os.path.join(home, 'lab_settings.py')) as f:
        text = f.read()
    assert 'from openstack_dashboard.settings import *' in text
    assert 'plugin.enable(HORIZON_CONFIG, INSTALLED_APPS)' in text
    values = _settings(home)
    assert values['OPENSTACK_KEYSTONE_URL'] == lay.keystone_url
    assert values['DEFAULT_SERVICE_REGIONS'] == {'*': 'Central'}
    assert values['DESKTOP_FEDERATION_REGION'] == 'Central'
    assert values['SESSION_ENGINE'] == 'django.contrib.sessions.backends.db'
    assert values['DATABASES']['default']['NAME'].startswith(lay.data)
    assert values['STATIC_ROOT'] == lay.data_dir('horizon', 'static')
    assert values['CACHES']['default']['OPTIONS']['MAX_ENTRIES'] >= 20000
    assert values['ALLOWED_HOSTS'][0] == '127.0.0.1'
    assert not values['DEBUG']


def test_secret_key_is_made_once_and_kept_private(tmp_path):
    lay = _layout(tmp_path)
    first = _settings(horizon.configure(lay))['SECRET_KEY']
    second = _settings(horizon.configure(lay))['SECRET_KEY']
    assert first == second and len(first) >= 40
    mode = os.stat(lay.data_dir('horizon', 'secret_key')).st_mode
    assert stat.S_IMODE(mode) == 0o600
