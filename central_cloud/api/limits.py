"""Refuse request lines and headers too large to be handled faithfully.

uWSGI passes a request to the application as variables that must fit
its buffer (``buffer-size``, 64 KiB at most): a query string that does
not fit is left out without an error, and the request would be answered
as if it had none. This middleware answers such requests, and any whose
query string or headers exceed the API's own limits, before anything
else reads them:

- a query string longer than ``MAX_QUERY_STRING`` bytes, or one the
  server left out (``REQUEST_URI`` has a query, ``QUERY_STRING`` is
  missing or empty): 414 URI Too Long;
- headers longer than ``MAX_HEADERS`` bytes in all: 431 Request Header
  Fields Too Large.

The answers name sizes and limits, never a header's value (a token).
"""

from urllib import parse

from central_cloud.api import errors

MAX_QUERY_STRING = 8192
MAX_HEADERS = 16384


class URITooLong(errors.APIError):
    code = 414
    title = 'URI Too Long'


class HeadersTooLarge(errors.APIError):
    code = 431
    title = 'Request Header Fields Too Large'


def _headers_size(environ):
    return sum(len(name) + len(str(value)) for name, value in environ.items()
               if name.startswith('HTTP_') or
               name in ('CONTENT_TYPE', 'CONTENT_LENGTH'))


def check(environ):
    """The APIError for a request over the limits, or None."""
    query = environ.get('QUERY_STRING') or ''
    uri = environ.get('REQUEST_URI')
    if uri is not None and not query and parse.urlsplit(uri).query:
        return URITooLong('the query string is longer than the server '
                          'takes; send at most %d bytes' % MAX_QUERY_STRING)
    if len(query) > MAX_QUERY_STRING:
        return URITooLong('the query string has %d bytes; at most %d are '
                          'allowed' % (len(query), MAX_QUERY_STRING))
    size = _headers_size(environ)
    if size > MAX_HEADERS:
        return HeadersTooLarge('the request headers have %d bytes; at most '
                               '%d are allowed' % (size, MAX_HEADERS))
    return None


class LimitsMiddleware(object):
    """Answer 414 or 431 for requests over the limits."""

    def __init__(self, app):
        self.app = app

    def __call__(self, environ, start_response):
        error = check(environ)
        if error is None:
            return self.app(environ, start_response)
        return errors.response(error)(environ, start_response)
