"""Horizon with the desktop-federation panels, on loopback.

The lab writes a small Django project of its own under ``etc/horizon``:

- ``manage.py`` (Horizon's wheel has none);
- ``local/local_settings.py``, the lab's settings (Keystone, regions,
  secret key, SQLite sessions, a large enough local-memory cache, static
  root). Horizon's settings import ``local.local_settings``, and this
  folder comes first on the path, so the installed Horizon is not
  touched;
- ``lab_settings.py``, Horizon's settings plus the panels' enabled files
  (``central_cloud.dashboard.plugin.enable``).

Sessions and the collected static files live in ``data/horizon``. The
service ``horizon`` is Django's server (``runserver --insecure
--noreload``, which also serves the static files) on ``horizon_port``.
"""

import os
import secrets

from desktop_lab import layout as layout_mod
from desktop_lab import procs

SERVICE = 'horizon'
SETTINGS_MODULE = 'lab_settings'

MANAGE_PY = '''#!/usr/bin/env python3
"""manage.py of the lab's Horizon (written by tools/lab)."""
import os
import sys

if __name__ == '__main__':
    os.environ.setdefault('DJANGO_SETTINGS_MODULE', %(module)r)
    from django.core.management import execute_from_command_line
    execute_from_command_line(sys.argv)
'''

LAB_SETTINGS = '''"""Horizon's settings for the lab, with the desktop-federation panels.

Written by tools/lab; local/local_settings.py beside it holds the lab's
own values.
"""
from openstack_dashboard.settings import *  # noqa

from central_cloud.dashboard import plugin

plugin.enable(HORIZON_CONFIG, INSTALLED_APPS)  # noqa
'''

LOCAL_SETTINGS = '''"""The lab's Horizon settings (written by tools/lab)."""
DEBUG = False
SECRET_KEY = %(secret)r
ALLOWED_HOSTS = [%(host)r, 'localhost']
WEBROOT = '/'
TIME_ZONE = 'UTC'

OPENSTACK_HOST = %(host)r
OPENSTACK_KEYSTONE_URL = %(keystone)r
OPENSTACK_KEYSTONE_DEFAULT_ROLE = 'member'
OPENSTACK_KEYSTONE_MULTIDOMAIN_SUPPORT = False
OPENSTACK_KEYSTONE_DEFAULT_DOMAIN = 'Default'
# Every region's services; the user starts in central's region.
DEFAULT_SERVICE_REGIONS = {'*': %(central_region)r}
DESKTOP_FEDERATION_REGION = %(central_region)r

# Sessions in SQLite: a signed cookie with a four-region catalog comes
# close to the browser's cookie limit.
SESSION_ENGINE = 'django.contrib.sessions.backends.db'
DATABASES = {'default': {'ENGINE': 'django.db.backends.sqlite3',
                         'NAME': %(database)r}}
# The compressed CSS must stay cached: with the default 300 entries a
# page recompiles it every time.
CACHES = {'default': {
    'BACKEND': 'django.core.cache.backends.locmem.LocMemCache',
    'OPTIONS': {'MAX_ENTRIES': 20000}}}
STATIC_ROOT = %(static)r
COMPRESS_OFFLINE = False
'''


def project_dir(lay):
    return lay.etc_dir('horizon')


def url(lay):
    return 'http://%s:%d/' % (layout_mod.HOST, lay.horizon_port)


def _write(path, text, mode=0o644):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, 'w') as f:
        f.write(text)
    os.chmod(path, mode)


def _secret(lay):
    """A secret key made once per lab and kept in its data folder."""
    path = lay.data_dir('horizon', 'secret_key')
    try:
        with open(path) as f:
            key = f.read().strip()
        if key:
            return key
    except FileNotFoundError:
        pass
    key = secrets.token_urlsafe(48)
    _write(path, key + '\n', mode=0o600)
    return key


def configure(lay):
    """Write the lab's Horizon project; return its folder."""
    home = project_dir(lay)
    data = lay.data_dir('horizon')
    os.makedirs(data, exist_ok=True)
    _write(os.path.join(home, 'manage.py'),
           MANAGE_PY % {'module': SETTINGS_MODULE}, mode=0o755)
    _write(os.path.join(home, SETTINGS_MODULE + '.py'), LAB_SETTINGS)
    _write(os.path.join(home, 'local', '__init__.py'), '')
    _write(os.path.join(home, 'local', 'local_settings.py'),
           LOCAL_SETTINGS % {
               'secret': _secret(lay), 'host': layout_mod.HOST,
               'keystone': lay.keystone_url,
               'central_region': lay.regions[0]['name'],
               'database': os.path.join(data, 'horizon.sqlite3'),
               'static': os.path.join(data, 'static')})
    return home


def _env(home):
    return {'DJANGO_SETTINGS_MODULE': SETTINGS_MODULE, 'PYTHONPATH': home}


def _manage(lay, home, *args):
    env = dict(os.environ)
    env.update(_env(home))
    procs.run([lay.bin('python'), os.path.join(home, 'manage.py')] +
              list(args), lay.log('horizon-manage'), env=env,
              what='horizon manage.py %s' % args[0])


def start(lab):
    """Configure, migrate, collect static files and serve; wait for it."""
    lay = lab.layout
    if lab.running_pid(SERVICE):
        return url(lay)
    home = configure(lay)
    _manage(lay, home, 'migrate', '--noinput')
    _manage(lay, home, 'collectstatic', '--noinput')
    pid, _ = lab.start(
        SERVICE, [lay.bin('python'), os.path.join(home, 'manage.py'),
                  'runserver', '--insecure', '--noreload',
                  '%s:%d' % (layout_mod.HOST, lay.horizon_port)],
        env=_env(home), port=lay.horizon_port, cwd=home)
    # The login page compiles the CSS once; later pages reuse it.
    procs.wait_http(url(lay) + 'auth/login/', pid, lay.log(SERVICE),
                    SERVICE, timeout=180)
    return url(lay)
