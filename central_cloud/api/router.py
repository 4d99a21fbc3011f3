"""A small (method, path) router that turns handler results into JSON.

Routes are templates such as ``/v1/sites/{site_name}/action``; a
``{name}`` matches one path segment and is passed to the handler as a
keyword argument. A handler takes the webob request and returns a body
(a dict, answered with 200), a ``(status, body)`` pair, or ``(204,
None)``. Errors become JSON bodies: ``APIError`` and the DB api's errors
with their own code, anything else as a logged 500 without a traceback.
"""

import datetime
import json
import re

from oslo_log import log as logging
import webob

from central_cloud.api import errors
from central_cloud.protocol import fields

LOG = logging.getLogger(__name__)

_PARAM = re.compile(r'\{([a-z_]+)\}')


def _compile(template):
    pattern = ''
    position = 0
    for match in _PARAM.finditer(template):
        pattern += re.escape(template[position:match.start()])
        pattern += '(?P<%s>[^/]+)' % match.group(1)
        position = match.end()
    pattern += re.escape(template[position:])
    return re.compile(pattern + r'\Z')


def _json_default(value):
    if isinstance(value, datetime.datetime):
        return fields.timestamp(value)
    raise TypeError('%s is not JSON serialisable' % type(value).__name__)


def json_response(status, body):
    resp = webob.Response(status=status)
    if body is None:
        resp.content_type = None
        return resp
    resp.content_type = 'application/json'
    resp.charset = 'UTF-8'
    resp.text = json.dumps(body, default=_json_default)
    return resp


class Router(object):
    """A WSGI app dispatching to handlers by method and path."""

    def __init__(self):
        self._routes = []
        self._templates = []

    def add(self, template, **handlers):
        """Route ``template``; ``handlers`` maps methods to callables."""
        handlers = {method.upper(): handler
                    for method, handler in handlers.items()}
        self._routes.append((_compile(template), handlers))
        self._templates.append((template, handlers))

    def routes(self):
        """``(template, method, handler)`` of every route, in order."""
        for template, handlers in self._templates:
            for method in sorted(handlers):
                yield template, method, handlers[method]

    def match(self, method, path):
        """``(handler, params)``; APIError 404 or 405 if none fits."""
        if len(path) > 1:
            path = path.rstrip('/')
        for pattern, handlers in self._routes:
            found = pattern.match(path)
            if not found:
                continue
            if method not in handlers:
                allowed = ', '.join(sorted(handlers))
                raise errors.MethodNotAllowed(
                    'method %s is not allowed on %s (allowed: %s)'
                    % (method, path, allowed), headers={'Allow': allowed})
            return handlers[method], found.groupdict()
        raise errors.NotFound('no resource at %s' % path)

    def __call__(self, environ, start_response):
        req = webob.Request(environ)
        return self.respond(req)(environ, start_response)

    def respond(self, req):
        try:
            path = req.path_info
        except UnicodeDecodeError:
            return errors.response(
                errors.BadRequest('the request path is not UTF-8'))
        try:
            handler, params = self.match(req.method, path)
            return self._result(handler(req, **params))
        except errors.APIError as exc:
            return errors.response(exc)
        except Exception as exc:
            known = errors.from_db_error(exc)
            if known is not None:
                return errors.response(known)
            LOG.exception('Unexpected error in %s %s', req.method, path)
            return errors.response(errors.INTERNAL_ERROR)

    @staticmethod
    def _result(result):
        if isinstance(result, webob.Response):
            return result
        if isinstance(result, tuple):
            status, body = result
        else:
            status, body = 200, result
        return json_response(status, body)
