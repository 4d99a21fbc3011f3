"""Alarms, raised and cleared idempotently by (site, key)."""

from oslo_log import log as logging
from oslo_utils import timeutils

from central_cloud.db import exception
from central_cloud.db import models
from central_cloud.db import transaction
from central_cloud.db import utils

LOG = logging.getLogger(__name__)


def _alarm_row(session, site, key):
    return session.query(models.Alarm).filter(
        models.Alarm.site_id == utils.site_id(session, site),
        models.Alarm.key == key).with_for_update(
            of=models.Alarm).first()


@transaction.retry_on_duplicate
def raise_alarm(site, key, severity, kind, message=None, now=None):
    """Raise the alarm ``key`` of a site; idempotent.

    Returns ``(alarm, changed)``: changed is False when the alarm was
    already raised (its severity and message are refreshed).
    """
    values = {'severity': utils.check_text('severity', severity, 16),
              'kind': utils.check_text('kind', kind, 64), 'message': message}
    now = now or timeutils.utcnow()
    with transaction.writer() as session:
        alarm = _alarm_row(session, site, utils.check_text('key', key))
        changed = alarm is None or alarm.state != 'raised'
        if alarm is None:
            alarm = models.Alarm(
                site=session.get(models.Site, utils.site_id(session, site)),
                key=key)
            session.add(alarm)
        if changed:
            values.update(state='raised', raised_at=now, cleared_at=None,
                          acknowledged=False)
        alarm.update(values)
        session.flush()
    if changed:
        LOG.info('Alarm %s raised at site %s (%s): %s', key, site,
                 severity, message)
    return alarm, changed


def clear_alarm(site, key, now=None):
    """Clear the alarm ``key`` of a site; idempotent.

    Returns ``(alarm, changed)``; alarm is None if it was never raised.
    """
    with transaction.writer() as session:
        alarm = _alarm_row(session, site, key)
        changed = alarm is not None and alarm.state == 'raised'
        if changed:
            alarm.update({'state': 'cleared',
                          'cleared_at': now or timeutils.utcnow()})
            session.flush()
    if changed:
        LOG.info('Alarm %s cleared at site %s', key, site)
    return alarm, changed


def _alarm(session, alarm_id):
    alarm = session.get(models.Alarm, alarm_id)
    if alarm is None:
        raise exception.NotFound('alarm', alarm_id)
    return alarm


def get_alarm(alarm_id):
    with transaction.reader() as session:
        return _alarm(session, alarm_id)


def acknowledge_alarm(alarm_id, acknowledged=True):
    with transaction.writer() as session:
        alarm = _alarm(session, alarm_id)
        alarm.acknowledged = bool(acknowledged)
    return alarm


def list_alarms(filters=None, limit=None, marker=None, sort_dir='asc'):
    """Alarms by id; ``marker`` is the last alarm id.

    Filters: site (names), state, severity, kind, key, acknowledged.
    """
    alarm = models.Alarm
    with transaction.reader() as session:
        query = utils.filter_query(session.query(alarm), filters, {
            'site': utils.site_filter(alarm.site_id),
            'state': alarm.state, 'severity': alarm.severity,
            'kind': alarm.kind, 'key': alarm.key,
            'acknowledged': alarm.acknowledged})
        marker_row = utils.marker_row(session, alarm, 'alarm', marker,
                                      alarm.id == marker)
        return utils.paginate(query, alarm, ['id'], limit, marker_row,
                              sort_dir)
