"""Bundle files at the site: fetched from central by sha256, verified.

A file is kept in the cache directory under its sha256 and fetched at
most once; it is verified against its digest when it arrives and each
time a build uses it, so a file changed on disk or in transit fails the
build instead of reaching a template.
"""

import hashlib
import os
import tempfile

from oslo_log import log as logging

from site_plugins.templates import errors

LOG = logging.getLogger(__name__)

CHUNK = 1024 * 1024


def sha256_of(path):
    digest = hashlib.sha256()
    with open(path, 'rb') as f:
        for chunk in iter(lambda: f.read(CHUNK), b''):
            digest.update(chunk)
    return digest.hexdigest()


class FileCache(object):
    """Verified bundle files under ``directory``, by sha256."""

    def __init__(self, directory, central, counter):
        self.directory = directory
        self.central = central
        self.counter = counter

    def path(self, sha256):
        return os.path.join(self.directory, sha256[:2], sha256)

    def ensure(self, bundle, item):
        """The local path of a verified file; fetched if missing.

        Raises ``BuildFailed`` when central has no such file or its bytes
        do not match the digest.
        """
        path = self.path(item['sha256'])
        if os.path.exists(path):
            actual = sha256_of(path)
            if actual == item['sha256']:
                return path
            LOG.warning('Cached file %s of bundle %s has sha256 %s, not %s; '
                        'fetching it again', item['name'], bundle['name'],
                        actual, item['sha256'])
            os.unlink(path)
        self._fetch(bundle, item, path)
        return path

    def _fetch(self, bundle, item, path):
        chunks = self.central.blob_chunks(item['sha256'])
        if chunks is None:
            raise errors.BuildFailed(
                'file_missing',
                'File %s of bundle %s %s (sha256 %s) is not stored at '
                'central' % (item['name'], bundle['name'], bundle['version'],
                             item['sha256']))
        os.makedirs(os.path.dirname(path), exist_ok=True)
        digest = hashlib.sha256()
        size = 0
        fd, tmp = tempfile.mkstemp(dir=os.path.dirname(path))
        try:
            with os.fdopen(fd, 'wb') as out:
                for chunk in chunks:
                    self.counter.add('bundle_files', len(chunk))
                    size += len(chunk)
                    digest.update(chunk)
                    out.write(chunk)
            actual = digest.hexdigest()
            if actual != item['sha256']:
                raise errors.BuildFailed(
                    'sha256_mismatch',
                    'File %s of bundle %s %s failed verification: its '
                    'sha256 is %s, not %s (%d bytes received); it is not '
                    'used' % (item['name'], bundle['name'],
                              bundle['version'], actual, item['sha256'],
                              size))
            os.replace(tmp, path)
        finally:
            if os.path.exists(tmp):
                os.unlink(tmp)
        LOG.info('Fetched file %s of bundle %s %s from central: %d bytes, '
                 'sha256 verified', item['name'], bundle['name'],
                 bundle['version'], size)

    def ensure_all(self, bundles):
        """``{sha256: path}`` of every file of ``bundles``, verified."""
        return {item['sha256']: self.ensure(bundle, item)
                for bundle in bundles for item in bundle.get('files', [])}
