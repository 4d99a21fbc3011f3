"""Alarms: those the sites send, and central's own site-offline alarm.

An alarm is one row per (site, key), raised and cleared idempotently. A
site's alarm carries the time it changed at the site; one older than the
stored alarm's last change is stale (e.g. a raise overtaken by its
clear) and is ignored.
"""

from oslo_log import log as logging

from central_cloud.db import api as db_api
from central_cloud.db import exception as db_exception
from central_cloud.engine import exception
from central_cloud.engine import times

LOG = logging.getLogger(__name__)

# Central's alarm for a site that stopped reporting.
SITE_OFFLINE = 'site-offline'
# Central's alarm for a site in whose name a message came that its
# signature does not prove.
SIGNATURE_INVALID = 'message_signature_invalid'
SIGNATURE_INVALID_KEY = 'message-signature-invalid'


def _last_change(alarm):
    return max(alarm.raised_at, alarm.cleared_at or alarm.raised_at)


def store(alarm):
    """Raise or clear a site's alarm; True if the stored alarm changed.

    Raises ``Refused`` when the site is not registered.
    """
    site, key = alarm['site'], alarm['key']
    at = times.parse(alarm['at'])
    try:
        current = db_api.list_alarms(filters={'site': site, 'key': key},
                                     limit=1)
        if current and at < _last_change(current[0]):
            LOG.debug('Ignored stale %s alarm %s of site %s',
                      alarm['state'], key, site)
            return False
        if alarm['state'] == 'raised':
            _row, changed = db_api.raise_alarm(
                site, key, alarm['severity'], alarm['kind'],
                message=alarm.get('message'), now=at)
        else:
            _row, changed = db_api.clear_alarm(site, key, now=at)
    except db_exception.NotFound:
        raise exception.Refused('site %s is not registered at central'
                                % site)
    except db_exception.Invalid as exc:
        raise exception.Refused(str(exc))
    return changed


def site_offline(interval, missed):
    """The site-offline alarm: key, severity, kind and message."""
    return {'key': SITE_OFFLINE, 'severity': 'major', 'kind': SITE_OFFLINE,
            'message': 'no monitoring report for %d intervals of %d s; the '
                       'site or its WAN link is down' % (missed, interval)}


def raise_site_offline(site, now, interval, missed):
    """Raise the site-offline alarm of ``site``; True if newly raised."""
    alarm = site_offline(interval, missed)
    try:
        _row, changed = db_api.raise_alarm(site, alarm['key'],
                                           alarm['severity'], alarm['kind'],
                                           message=alarm['message'],
                                           now=now)
    except db_exception.NotFound:
        return False  # deleted meanwhile
    return changed


def clear_site_offline(site, now):
    """Clear the site-offline alarm of ``site``; True if it was raised."""
    try:
        _row, changed = db_api.clear_alarm(site, SITE_OFFLINE, now=now)
    except db_exception.NotFound:
        return False
    return changed


def raise_signature_invalid(site, message, now=None):
    """Raise the message-signature-invalid alarm of ``site``.

    True if newly raised; False if it was raised already or the site is
    not registered (a forged message may name any site).
    """
    try:
        _row, changed = db_api.raise_alarm(
            site, SIGNATURE_INVALID_KEY, 'critical', SIGNATURE_INVALID,
            message=message, now=now)
    except (db_exception.NotFound, db_exception.Invalid):
        return False
    return changed
