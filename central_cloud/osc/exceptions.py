"""Errors of the REST client.

``APIError`` is an error answer of central's API: it carries the HTTP
status, the API's message and the request id, and reads as
``<message> (HTTP <status>) (Request-ID: <id>)``. ``NotFoundByName``
and ``NoUniqueMatch`` come from looking a resource up by name or id;
``DigestMismatch`` from downloaded bytes that are not what central
says they are.
"""


class ClientError(Exception):
    """Any error of the desktop-federation client."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


class APIError(ClientError):
    """central's API answered with an HTTP error status."""

    def __init__(self, http_status, message, title=None, request_id=None,
                 method=None, url=None):
        super().__init__(message)
        self.http_status = http_status
        self.title = title
        self.request_id = request_id
        self.method = method
        self.url = url

    def __str__(self):
        text = '%s (HTTP %s)' % (self.message, self.http_status)
        if self.request_id:
            text += ' (Request-ID: %s)' % self.request_id
        return text


class BadRequest(APIError):
    """400: the request broke the API's schema or rules."""


class Forbidden(APIError):
    """403: policy does not allow the call."""


class NotFound(APIError):
    """404: the resource does not exist (or the caller may not see it)."""


class Conflict(APIError):
    """409: the resource's state does not allow the change."""


_BY_STATUS = {400: BadRequest, 403: Forbidden, 404: NotFound, 409: Conflict}

# Error bodies longer than this are cut when they are not the API's JSON.
MAX_RAW_BODY = 300


def _message_of(resp):
    """The API's error message, or what the answer says instead."""
    try:
        body = resp.json()
    except ValueError:
        body = None
    if isinstance(body, dict):
        error = body.get('error')
        if isinstance(error, dict) and error.get('message'):
            return str(error['message']), error.get('title')
        # Other OpenStack services' shapes, e.g. a proxy in front.
        for value in body.values():
            if isinstance(value, dict) and value.get('message'):
                return str(value['message']), value.get('title')
    text = (resp.text or '').strip()
    if text:
        return text[:MAX_RAW_BODY], resp.reason
    return resp.reason or 'HTTP error', resp.reason


def from_response(resp, method=None, url=None):
    """The ``APIError`` for an error answer of the API."""
    message, title = _message_of(resp)
    cls = _BY_STATUS.get(resp.status_code, APIError)
    return cls(resp.status_code, message, title=title,
               request_id=resp.headers.get('X-OpenStack-Request-Id'),
               method=method, url=url)


class NotFoundByName(ClientError):
    """No resource of a kind has the given name or id."""

    def __init__(self, kind, value):
        super().__init__('no %s has the name or id %s' % (kind, value))
        self.kind = kind
        self.value = value


class NoUniqueMatch(ClientError):
    """More than one resource of a kind has the given name."""

    def __init__(self, kind, value, ids):
        super().__init__(
            'more than one %s is named %s (ids: %s); give its id instead'
            % (kind, value, ', '.join(str(i) for i in ids)))
        self.kind = kind
        self.value = value
        self.ids = list(ids)


class DigestMismatch(ClientError):
    """Downloaded bytes do not have the sha256 central states."""

    def __init__(self, name, expected, actual):
        super().__init__(
            'the bytes of %s have sha256 %s, not the %s central states for '
            'them: they were changed on the way' % (name, actual, expected))
        self.name = name
        self.expected = expected
        self.actual = actual
