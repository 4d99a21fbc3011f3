"""The raw body of an upload, as a stream that is whole or fails.

``body_stream(req)`` gives something with ``read(size)`` that returns
the body's bytes and then ``b''``:

- with ``Content-Length``: exactly that many bytes; a body that ends
  early or stalls raises ``BrokenBody`` (the client closed the
  connection or stopped sending for the server's socket timeout);
- with ``Transfer-Encoding: chunked``: the de-chunked bytes, read with
  uWSGI's ``chunked_read`` (or from ``wsgi.input`` when the server marks
  it terminated, as gunicorn does); a broken chunk stream raises
  ``BrokenBody``;
- with neither: ``LengthRequired``; the API never takes a missing body
  for an empty one.

A chunked body has no length to check up front: the caller must verify
what it received (a sha256) before keeping anything.
"""

try:
    import uwsgi
except ImportError:
    uwsgi = None

from central_cloud.api import errors


class LengthRequired(errors.APIError):
    code = 411
    title = 'Length Required'


class BrokenBody(Exception):
    """The body did not arrive whole."""


def is_chunked(req):
    encoding = req.headers.get('Transfer-Encoding', '')
    return 'chunked' in encoding.lower()


class _Sized(object):
    """Exactly ``length`` bytes of ``stream``, or BrokenBody."""

    def __init__(self, stream, length):
        self._stream = stream
        self._left = length
        self.length = length

    def read(self, size):
        if self._left <= 0:
            return b''
        try:
            data = self._stream.read(min(size, self._left))
        except (OSError, ValueError) as exc:
            raise BrokenBody('the body broke off after %d of %d bytes (%s)'
                             % (self.length - self._left, self.length, exc))
        if not data:
            raise BrokenBody('the body ended after %d of the %d bytes its '
                             'Content-Length states'
                             % (self.length - self._left, self.length))
        self._left -= len(data)
        return data


class _UWSGIChunks(object):
    """A chunked body read through uWSGI's de-chunking reader."""

    def __init__(self):
        self._done = False

    def read(self, size):
        if self._done:
            return b''
        try:
            data = uwsgi.chunked_read()
        except (OSError, ValueError) as exc:
            raise BrokenBody('the chunked body broke off (%s)' % exc)
        if not data:
            self._done = True
        return data


class _Terminated(object):
    """``wsgi.input`` of a server that ends it at the body's end."""

    def __init__(self, stream):
        self._stream = stream

    def read(self, size):
        try:
            return self._stream.read(size)
        except (OSError, ValueError) as exc:
            raise BrokenBody('the chunked body broke off (%s)' % exc)


def body_stream(req):
    """The request body as a stream (see the module docstring)."""
    if is_chunked(req):
        if req.environ.get('wsgi.input_terminated'):
            return _Terminated(req.environ['wsgi.input'])
        if uwsgi is not None and hasattr(uwsgi, 'chunked_read'):
            return _UWSGIChunks()
        raise LengthRequired('this server cannot read a chunked body: send '
                             'Content-Length')
    if req.content_length is None:
        raise LengthRequired('an upload needs Content-Length (or '
                             'Transfer-Encoding: chunked with %s)'
                             % 'X-Content-SHA256')
    return _Sized(req.environ['wsgi.input'], req.content_length)
