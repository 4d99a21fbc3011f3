"""A test client for the API and the identities the tests use.

Requests go straight to the WSGI app (no sockets), with the noauth
identity headers: ``X-Roles``, ``X-Project-Id`` and ``X-User-Id``.
Roles follow Keystone's implied roles: admin implies member implies
reader.
"""

import json

import webob

from central_cloud.cmd import manage
from central_cloud.conf import CONF

ADMIN = {'X-Roles': 'admin,member,reader', 'X-Project-Id': 'admin-project',
         'X-User-Id': 'admin-user'}
READER = {'X-Roles': 'reader', 'X-Project-Id': 'ops-project',
          'X-User-Id': 'watcher'}
MEMBER = {'X-Roles': 'member,reader', 'X-Project-Id': 'project-a',
          'X-User-Id': 'alice'}
OTHER_MEMBER = {'X-Roles': 'member,reader', 'X-Project-Id': 'project-b',
                'X-User-Id': 'bob'}
NOBODY = {'X-Roles': '', 'X-Project-Id': 'project-a', 'X-User-Id': 'eve'}

SITE = {'name': 'SiteA', 'region': 'RegionA', 'latitude': 50.85,
        'longitude': 4.35}
TEMPLATE = {'type_name': 'office', 'os': 'ubuntu-24.04'}
DESKTOP_ID = '0b6d1c38-3d5a-4b0e-9a59-1f0d8d5b2a11'
SERVER_ID = '5f1f7c1e-52a4-4d0c-9b0e-2c8d7e6f1a23'


class Config(object):
    """The global config parsed with no files, and undoable overrides.

    Only overrides are undone (``ConfigOpts.reset()`` would also drop the
    defaults that modules set at import, such as ``[database]
    connection``).
    """

    def __init__(self):
        self._overridden = []

    def start(self):
        # desktop-central-manage registers its sub-command option on the
        # global config and leaves it there; parsing [] would then fail
        # for want of a sub-command.
        CONF.unregister_opt(manage.category_opt)
        CONF([], project='desktop-federation', default_config_files=[])
        return self

    def config(self, group=None, **values):
        for name, value in values.items():
            CONF.set_override(name, value, group=group)
            self._overridden.append((name, group))

    def stop(self):
        for name, group in reversed(self._overridden):
            CONF.clear_override(name, group=group)
        self._overridden = []
        CONF.clear()


class Client(object):
    """Calls the app; ``as_`` is the identity headers (default admin)."""

    def __init__(self, app):
        self.app = app

    def request(self, method, path, body=None, as_=ADMIN, raw=None,
                content_type='application/json', headers=None):
        req = webob.Request.blank(path, method=method)
        req.headers.update(as_ or {})
        req.headers.update(headers or {})
        if raw is not None or body is not None:
            req.body = raw if raw is not None else json.dumps(
                body).encode('utf-8')
            if content_type:
                req.content_type = content_type
        return req.get_response(self.app)

    def get(self, path, **kwargs):
        return self.request('GET', path, **kwargs)

    def post(self, path, body=None, **kwargs):
        return self.request('POST', path, body=body, **kwargs)

    def patch(self, path, body=None, **kwargs):
        return self.request('PATCH', path, body=body, **kwargs)

    def delete(self, path, **kwargs):
        return self.request('DELETE', path, **kwargs)


def error_of(resp, code):
    """The error message of a JSON error answer with status ``code``."""
    assert resp.status_int == code, (resp.status, resp.text)
    assert resp.content_type == 'application/json'
    error = resp.json['error']
    assert error['code'] == code
    assert error['title'] and error['message']
    assert 'Traceback' not in resp.text
    return error['message']
