"""HTTP errors of the API, and their JSON bodies.

Every error answer has the body ``{"error": {"code": 404, "title": "Not
Found", "message": "..."}}``, the shape keystonemiddleware uses for 401.
Controllers raise ``APIError`` subclasses; ``from_db_error`` turns the DB
api's errors into them.
"""

import json

from oslo_db import exception as db_exc
from oslo_log import log as logging
import webob

from central_cloud.db import exception as db_exception

LOG = logging.getLogger(__name__)


class APIError(Exception):
    code = 500
    title = 'Internal Server Error'

    def __init__(self, message, headers=None):
        super().__init__(message)
        self.message = message
        self.headers = headers or {}


class BadRequest(APIError):
    code = 400
    title = 'Bad Request'


class Unauthorized(APIError):
    code = 401
    title = 'Unauthorized'


class Forbidden(APIError):
    code = 403
    title = 'Forbidden'


class NotFound(APIError):
    code = 404
    title = 'Not Found'


class MethodNotAllowed(APIError):
    code = 405
    title = 'Method Not Allowed'


class Conflict(APIError):
    code = 409
    title = 'Conflict'


class RequestEntityTooLarge(APIError):
    code = 413
    title = 'Request Entity Too Large'


class UnsupportedMediaType(APIError):
    code = 415
    title = 'Unsupported Media Type'


class ServiceUnavailable(APIError):
    code = 503
    title = 'Service Unavailable'


INTERNAL_ERROR = APIError('the server failed to handle the request; its log '
                          'has the details')


def from_db_error(exc):
    """The APIError for an error of the DB api, or None."""
    if isinstance(exc, db_exception.NotFound):
        return NotFound(str(exc))
    if isinstance(exc, (db_exception.Duplicate, db_exception.Conflict)):
        return Conflict(str(exc))
    if isinstance(exc, db_exception.Invalid):
        return BadRequest(str(exc))
    if isinstance(exc, db_exc.DBConnectionError):
        return ServiceUnavailable('the database is not reachable; retry '
                                  'later')
    return None


def response(error):
    """A JSON webob response for an APIError."""
    body = {'error': {'code': error.code, 'title': error.title,
                      'message': error.message}}
    resp = webob.Response(status=error.code, content_type='application/json',
                          charset='UTF-8')
    resp.text = json.dumps(body)
    for name, value in error.headers.items():
        resp.headers[name] = value
    return resp


class FaultWrapper(object):
    """Turn any exception below it into a logged JSON 500."""

    def __init__(self, app):
        self.app = app

    def __call__(self, environ, start_response):
        try:
            return self.app(environ, start_response)
        except Exception:
            LOG.exception('Unexpected error in %s %s',
                          environ.get('REQUEST_METHOD'),
                          environ.get('PATH_INFO'))
            return response(INTERNAL_ERROR)(environ, start_response)
