"""The WSGI entry point for uwsgi and other WSGI servers.

``central_cloud.api.wsgi:application``. Configuration files come from
``OS_DESKTOP_CENTRAL_CONFIG_FILES`` (a ``;``-separated list), or else
from the default places (``/etc/desktop-federation/desktop-central.conf``
and the other oslo.config locations). The application is built on the
first request, so importing this module has no side effects.
"""

import os
import threading

from oslo_log import log as logging

from central_cloud.api import app as api_app
import central_cloud.conf

CONF = central_cloud.conf.CONF
LOG = logging.getLogger(__name__)

PROG = 'desktop-central-api'
CONFIG_FILES_ENV = 'OS_DESKTOP_CENTRAL_CONFIG_FILES'


def config_files():
    """The files named by the environment, or None for the defaults."""
    value = os.environ.get(CONFIG_FILES_ENV, '').strip()
    if not value:
        return None
    return [path.strip() for path in value.split(';') if path.strip()]


def init_application():
    """Parse the configuration, set up logging, build the app."""
    central_cloud.conf.parse_args([], prog=PROG,
                                  default_config_files=config_files())
    logging.setup(CONF, PROG)
    CONF.log_opt_values(LOG, logging.DEBUG)
    return api_app.setup_app(CONF)


class LazyApplication(object):
    """A WSGI app that initialises itself on its first request."""

    def __init__(self, factory):
        self._factory = factory
        self._app = None
        self._lock = threading.Lock()

    def __call__(self, environ, start_response):
        if self._app is None:
            with self._lock:
                if self._app is None:
                    self._app = self._factory()
        return self._app(environ, start_response)


application = LazyApplication(init_application)
