"""Signing keys of the sites: created, rotated with an overlap, revoked.

A site has one current key (``expires_at`` None) and, after a rotation,
its previous keys until their overlap ends. ``create_key``,
``rotate_key`` and ``revoke_keys`` are what central's site credentials
commands call; ``get_valid_keys`` is what the message verifier loads.

Secrets come from ``secrets`` (256 bits, URL-safe text) and are returned
once, by ``create_key`` and ``rotate_key``. They are stored as they are
used, because an HMAC needs the secret itself: protect the database (and
its backups) like the broker passwords in the service configs. No
function here logs a secret.
"""

import calendar
import secrets

from oslo_log import log as logging
from oslo_utils import timeutils
import sqlalchemy as sa

from central_cloud.db import exception
from central_cloud.db import models
from central_cloud.db import transaction
from central_cloud.db import utils

LOG = logging.getLogger(__name__)

SECRET_BYTES = 32
KEY_ID_BYTES = 8
# The longest overlap a rotation may keep the previous key valid.
MAX_OVERLAP_SECONDS = 30 * 86400


def _new_key(session, site_id):
    key = models.SiteSigningKey(key_id=secrets.token_hex(KEY_ID_BYTES),
                                site_id=site_id,
                                secret=secrets.token_urlsafe(SECRET_BYTES))
    session.add(key)
    session.flush()
    return key.key_id, key.secret


def _keys(session, site_id):
    return session.query(models.SiteSigningKey).filter(
        models.SiteSigningKey.site_id == site_id)


def _current(session, site_id):
    return _keys(session, site_id).filter(
        models.SiteSigningKey.expires_at.is_(None))


@transaction.retry_on_deadlock
def create_key(site_name):
    """The first signing key of a site: ``(key_id, secret)``.

    Raises ``NotFound`` for an unknown site and ``Conflict`` if the site
    already has a current key (rotate it instead).
    """
    with transaction.writer() as session:
        site_id = utils.site_id(session, site_name)
        session.query(models.Site).filter(
            models.Site.id == site_id).with_for_update().one()
        if _current(session, site_id).first() is not None:
            raise exception.Conflict(
                'site %s already has a signing key; rotate or revoke it'
                % site_name)
        key_id, secret = _new_key(session, site_id)
    LOG.info('Signing key %s created for site %s', key_id, site_name)
    return key_id, secret


@transaction.retry_on_deadlock
def rotate_key(site_name, overlap_seconds):
    """A new current key; the previous ones stay valid ``overlap_seconds``.

    Returns ``(key_id, secret)``. A key that already expires sooner keeps
    its expiry. A site without a key simply gets its first one.
    """
    if isinstance(overlap_seconds, bool) or not isinstance(
            overlap_seconds, int) or not (
                0 <= overlap_seconds <= MAX_OVERLAP_SECONDS):
        raise exception.Invalid(
            'overlap_seconds must be a whole number of seconds from 0 to '
            '%d, not %r' % (MAX_OVERLAP_SECONDS, overlap_seconds))
    until = timeutils.utcnow() + utils.seconds(overlap_seconds)
    with transaction.writer() as session:
        site_id = utils.site_id(session, site_name)
        session.query(models.Site).filter(
            models.Site.id == site_id).with_for_update().one()
        key = models.SiteSigningKey
        _keys(session, site_id).filter(sa.or_(
            key.expires_at.is_(None), key.expires_at > until)).update(
                {'expires_at': until}, synchronize_session=False)
        key_id, secret = _new_key(session, site_id)
    LOG.info('Signing key %s of site %s is current; its previous keys stay '
             'valid until %s', key_id, site_name, until.isoformat())
    return key_id, secret


def revoke_keys(site_name):
    """Remove every key of a site: none of its messages verifies any more.

    Raises ``NotFound`` for an unknown site. Engines that cached the keys
    stop accepting them within their cache TTL.
    """
    with transaction.writer() as session:
        site_id = utils.site_id(session, site_name)
        count = _keys(session, site_id).delete(synchronize_session=False)
    LOG.info('Revoked %d signing key(s) of site %s', count, site_name)


def get_valid_keys(site_name, now=None):
    """``[(key_id, secret, expires_at), ...]`` valid at ``now``.

    The current key first, then the others, latest expiry first;
    ``expires_at`` is a naive UTC datetime or None. An unknown site has
    no keys. One indexed query.
    """
    now = now or timeutils.utcnow()
    key = models.SiteSigningKey
    with transaction.reader() as session:
        rows = session.execute(
            sa.select(key.key_id, key.secret, key.expires_at)
            .join(models.Site, models.Site.id == key.site_id)
            .where(models.Site.name == site_name,
                   sa.or_(key.expires_at.is_(None), key.expires_at > now))
            .order_by(key.expires_at.is_(None).desc(),
                      key.expires_at.desc(), key.id.desc())).all()
    return [(row.key_id, row.secret, row.expires_at) for row in rows]


def list_keys(site_name):
    """The keys of a site, newest first, without their secrets.

    Dicts of ``key_id``, ``created_at`` and ``expires_at``.
    """
    with transaction.reader() as session:
        site_id = utils.site_id(session, site_name)
        rows = _keys(session, site_id).order_by(
            models.SiteSigningKey.id.desc()).all()
        return [{'key_id': row.key_id, 'created_at': row.created_at,
                 'expires_at': row.expires_at} for row in rows]


def delete_expired_keys(before=None):
    """Remove keys that expired before ``before`` (default: now)."""
    before = before or timeutils.utcnow()
    with transaction.writer() as session:
        return session.query(models.SiteSigningKey).filter(
            models.SiteSigningKey.expires_at <= before).delete(
                synchronize_session=False)


def cache_entries(site_name):
    """``get_valid_keys`` with expiries as POSIX seconds (for a cache)."""
    return [(key_id, secret,
             None if expires_at is None
             else calendar.timegm(expires_at.utctimetuple()))
            for key_id, secret, expires_at in get_valid_keys(site_name)]
