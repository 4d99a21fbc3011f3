"""Stored files, content-addressed by sha256 (bundle files).

The bytes live under the API's file store; a row here says that a blob
with this digest was stored whole and verified, and how big it is.

Storing and collecting a blob take the same row lock: ``keep_blob``
records (or locks) the row, moves the file into place and lets the
caller update the bundle in one transaction; ``collect_blob`` locks the
row, checks that no bundle names the digest, then removes the file and
the row. A blob being stored is therefore never collected, and a blob
that a bundle names when the collector holds the lock is kept. A bundle
written while a blob is being collected may name a digest whose bytes
are gone: it shows the file as not stored, and the upload is repeated.
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


def keep_blob(sha256, size, place):
    """Record the blob and call ``place()``, under the blob's row lock.

    Call it inside ``transaction.writer()`` to make the bundle's change
    part of the same transaction.
    """
    check_sha256(sha256)
    with transaction.writer() as session:
        blob = session.query(models.Blob).filter_by(
            sha256=sha256).with_for_update().first()
        if blob is None:
            session.add(models.Blob(sha256=sha256, size=size))
            session.flush()
        place()


def _referenced(session, sha256):
    """Whether a bundle's files name ``sha256``."""
    files = sa.cast(models.Bundle.files, sa.Text)
    return session.execute(sa.select(models.Bundle.id).where(
        files.contains(sha256)).limit(1)).first() is not None


def collect_blob(sha256, remove):
    """Delete a blob no bundle names: ``remove(sha256)``, then its row.

    Returns whether it was collected. Both happen under the row lock
    that ``keep_blob`` takes.
    """
    check_sha256(sha256)
    with transaction.writer() as session:
        blob = session.query(models.Blob).filter_by(
            sha256=sha256).with_for_update().first()
        if blob is None or _referenced(session, sha256):
            return False
        session.delete(blob)
        session.flush()
        remove(sha256)
    return True


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
