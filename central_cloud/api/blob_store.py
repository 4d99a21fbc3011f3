"""Bundle files on disk, content-addressed by sha256.

A file lives at ``$state_path/bundle-files/<aa>/<sha256>``: the same
bytes are kept once, whatever bundles name them. A file is written to a
temporary name while its digest is computed and only renamed into place
once it is whole and matches what the caller expected, so a reader never
sees a partial or wrong file. ``put(..., keep=...)`` lets the caller
move it into place inside its own transaction (``blobs.keep_blob``), so
that garbage collection (``blobs.collect_blob``, which calls ``remove``
under the same row lock) never removes a file being stored.
"""

import hashlib
import os
import tempfile

import central_cloud.conf

CONF = central_cloud.conf.CONF

DIRECTORY = 'bundle-files'
CHUNK = 1024 * 1024
# The largest bundle file the API takes.
MAX_FILE_SIZE = 16 * 1024 ** 3


class DigestMismatch(Exception):
    """The bytes do not have the sha256 the caller stated."""

    def __init__(self, expected, actual):
        super().__init__('the bytes have sha256 %s, not %s'
                         % (actual, expected))
        self.expected = expected
        self.actual = actual


class TooLarge(Exception):
    """More bytes than the store takes in one file."""


def root():
    return os.path.join(CONF.state_path, DIRECTORY)


def path_of(sha256):
    return os.path.join(root(), sha256[:2], sha256)


def exists(sha256):
    return os.path.isfile(path_of(sha256))


def put(stream, expected=None, limit=MAX_FILE_SIZE, keep=None):
    """Store what ``stream`` holds; returns ``(sha256, size)``.

    ``expected``: the digests the bytes must have (None entries are
    ignored); the first one they do not match raises ``DigestMismatch``
    and nothing is stored. ``keep(sha256, size, place)``, if given, is
    called once the bytes are verified and must call ``place()`` to move
    them into the store; if it raises, nothing is stored.
    """
    os.makedirs(os.path.join(root(), 'tmp'), exist_ok=True)
    digest = hashlib.sha256()
    size = 0
    fd, tmp = tempfile.mkstemp(dir=os.path.join(root(), 'tmp'))
    try:
        with os.fdopen(fd, 'wb') as out:
            while True:
                chunk = stream.read(CHUNK)
                if not chunk:
                    break
                size += len(chunk)
                if size > limit:
                    raise TooLarge('the file is larger than %d bytes'
                                   % limit)
                digest.update(chunk)
                out.write(chunk)
            out.flush()
            os.fsync(out.fileno())
        actual = digest.hexdigest()
        for wanted in expected or ():
            if wanted is not None and wanted != actual:
                raise DigestMismatch(wanted, actual)
        final = path_of(actual)
        os.makedirs(os.path.dirname(final), exist_ok=True)

        def place():
            os.replace(tmp, final)
        if keep is None:
            place()
        else:
            keep(actual, size, place)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
    return actual, size


def remove(sha256):
    """Remove a stored file; a missing one is not an error."""
    try:
        os.unlink(path_of(sha256))
    except FileNotFoundError:
        pass


def open_blob(sha256):
    """The stored file opened for reading, or None."""
    try:
        return open(path_of(sha256), 'rb')
    except FileNotFoundError:
        return None
