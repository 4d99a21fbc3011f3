"""Stored files, content-addressed by sha256 (bundle files).

The bytes live under the API's file store; a row here says that a blob
with this digest was stored whole and verified, and how big it is.
"""

from oslo_db import exception as db_exc
import sqlalchemy as sa

from central_cloud.db import exception
from central_cloud.db import models
from central_cloud.db import transaction


def check_sha256(value):
    if (not isinstance(value, str) or len(value) != 64
            or value.strip('0123456789abcdef')):
        raise exception.Invalid('sha256 must be 64 lower-case hex digits, '
                                'not %r' % (value,))
    return value


@transaction.retry_on_duplicate
def record_blob(sha256, size):
    """Record a stored blob; recording it again changes nothing."""
    check_sha256(sha256)
    if isinstance(size, bool) or not isinstance(size, int) or size < 0:
        raise exception.Invalid('blob size must be an integer >= 0')
    try:
        with transaction.writer() as session:
            blob = session.get(models.Blob, sha256)
            if blob is None:
                blob = models.Blob(sha256=sha256, size=size)
                session.add(blob)
                session.flush()
    except db_exc.DBDuplicateEntry:
        return get_blob(sha256)
    return blob


def get_blob(sha256):
    check_sha256(sha256)
    with transaction.reader() as session:
        blob = session.get(models.Blob, sha256)
    if blob is None:
        raise exception.NotFound('blob', sha256)
    return blob


def stored_blobs(digests):
    """The digests among ``digests`` whose blob is stored."""
    digests = sorted(set(digests))
    if not digests:
        return set()
    with transaction.reader() as session:
        rows = session.execute(sa.select(models.Blob.sha256).where(
            models.Blob.sha256.in_(digests))).scalars()
        return set(rows)


def delete_blob(sha256):
    with transaction.writer() as session:
        blob = session.get(models.Blob, check_sha256(sha256))
        if blob is None:
            raise exception.NotFound('blob', sha256)
        session.delete(blob)
