"""Sites: create, read, update, delete, and the offline audit."""

from oslo_db import exception as db_exc
from oslo_log import log as logging
import sqlalchemy as sa

from central_cloud.db import exception
from central_cloud.db import models
from central_cloud.db import transaction
from central_cloud.db import utils

LOG = logging.getLogger(__name__)

_SITE_FIELDS = ('name', 'region', 'latitude', 'longitude', 'group',
                'management_state', 'reserve_ratio', 'shared_pool')


def _site_values(values, creating):
    utils.check_keys('site', values, _SITE_FIELDS)
    checked = dict(values)
    if creating:
        for field in ('name', 'region', 'latitude', 'longitude'):
            if field not in values:
                raise exception.Invalid('site %s is required' % field)
    elif 'name' in values:
        raise exception.Invalid("a site's name cannot change")
    for field in ('name', 'region'):
        if field in values:
            checked[field] = utils.check_text(field, values[field])
    if 'group' in values:
        checked['group'] = utils.check_text('group', values['group'],
                                            required=False)
    for field, limit in (('latitude', 90), ('longitude', 180)):
        if field in values:
            checked[field] = utils.check_number(field, values[field],
                                                -limit, limit)
    if 'reserve_ratio' in values:
        checked['reserve_ratio'] = utils.check_number(
            'reserve_ratio', values['reserve_ratio'], 0, 1)
    if 'management_state' in values:
        utils.check_choice('management_state', values['management_state'],
                           models.MANAGEMENT_STATES)
    if 'shared_pool' in values:
        checked['shared_pool'] = bool(values['shared_pool'])
    return checked


def create_site(values):
    """Create a site from name, region, latitude, longitude and extras."""
    site = models.Site(**_site_values(values, creating=True))
    try:
        with transaction.writer() as session:
            session.add(site)
            session.flush()
    except db_exc.DBDuplicateEntry:
        raise exception.Duplicate('site', site.name)
    LOG.info('Created site %s in region %s', site.name, site.region)
    return site


def get_site(name):
    with transaction.reader() as session:
        site = session.query(models.Site).filter_by(name=name).first()
    if site is None:
        raise exception.NotFound('site', name)
    return site


def list_sites(filters=None, limit=None, marker=None, sort_dir='asc'):
    """Sites ordered by name; ``marker`` is the last name of a page.

    Filters: name, region, group, availability, management_state,
    shared_pool.
    """
    site = models.Site
    with transaction.reader() as session:
        query = utils.filter_query(session.query(site), filters, {
            'name': site.name, 'region': site.region, 'group': site.group,
            'availability': site.availability,
            'management_state': site.management_state,
            'shared_pool': site.shared_pool})
        marker_row = utils.marker_row(session, site, 'site', marker,
                                      site.name == marker)
        return utils.paginate(query, site, ['name'], limit, marker_row,
                              sort_dir)


def update_site(name, values):
    """Change a site's settings (not its name); returns the site."""
    values = _site_values(values, creating=False)
    with transaction.writer() as session:
        site = session.query(models.Site).filter_by(name=name).first()
        if site is None:
            raise exception.NotFound('site', name)
        site.update(values)
    return site


def delete_site(name):
    """Delete a site and its commands, alarms and reports.

    Refused with Conflict while desktops run on it or were borrowed for it.
    """
    with transaction.writer() as session:
        site_id = utils.site_id(session, name)
        desktop = models.Desktop
        busy = session.query(desktop.id).filter(sa.or_(
            desktop.site_id == site_id,
            desktop.origin_site_id == site_id)).first()
        if busy is not None:
            raise exception.Conflict(
                'site %s still has desktops; delete them first' % name)
        # Child rows go with the site through ON DELETE CASCADE.
        session.execute(sa.delete(models.Site).where(
            models.Site.id == site_id))
    LOG.info('Deleted site %s', name)


# Site ids per statement of a bulk alarm update.
ALARM_CHUNK = 500


def reported_templates(limit=1000, after=None):
    """``(site id, site name, templates)`` of the latest reports.

    ``templates`` is the report's ``templates`` section (None without
    one): only that part of each body is read, so a pass over the fleet
    does not carry every host of every report. Ordered by site id; a
    page starts after the site id ``after``.
    """
    latest, site = models.ReportLatest, models.Site
    query = (sa.select(latest.site_id, site.name, latest.body['templates'])
             .join(site, site.id == latest.site_id)
             .order_by(latest.site_id).limit(limit))
    if after is not None:
        query = query.where(latest.site_id > after)
    with transaction.reader() as session:
        return [tuple(row) for row in session.execute(query)]


@transaction.retry_on_duplicate
@transaction.retry_on_deadlock
def mark_offline_sites(now, interval, missed, alarm=None):
    """Mark offline every site whose last report is ``missed`` intervals old.

    ``interval`` is in seconds (or a timedelta). One indexed query finds the
    sites and one statement updates them; rows locked by a concurrent report
    are skipped, as that site is reporting. ``alarm`` (a dict of key,
    severity, kind and message) is raised for each of them in the same
    transaction, so a report that brings a site back always finds its
    alarm to clear, however many sites drop at once. Returns the names of
    the sites that went offline by this call.
    """
    interval = utils.seconds(interval)
    cutoff = now - interval * missed
    site = models.Site
    live = site.availability.in_(('online', 'unknown'))
    with transaction.writer() as session:
        late = session.execute(
            sa.select(site.id, site.name, site.last_report_at)
            .where(live, site.last_report_at < cutoff)
            .order_by(site.id)
            .with_for_update(skip_locked=True)).all()
        if not late:
            return []
        session.execute(
            sa.update(site.__table__)
            .where(site.id == sa.bindparam('b_id'),
                   site.availability != 'offline',
                   site.last_report_at < cutoff)
            .values(availability='offline',
                    missed=sa.bindparam('b_missed')),
            [{'b_id': row.id,
              'b_missed': int((now - row.last_report_at) // interval)}
             for row in late])
        if alarm is not None:
            ids = [row.id for row in late]
            for start in range(0, len(ids), ALARM_CHUNK):
                _raise_alarms(session, ids[start:start + ALARM_CHUNK],
                              alarm, now)
    names = sorted(row.name for row in late)
    LOG.info('Sites gone offline (no report since %s): %s',
             cutoff.isoformat(), ', '.join(names))
    return names


def _raise_alarms(session, site_ids, alarm, now):
    """Raise ``alarm`` at these sites: one update, one insert."""
    table = models.Alarm
    key = utils.check_text('key', alarm['key'])
    values = {'severity': utils.check_text('severity', alarm['severity'],
                                           16),
              'kind': utils.check_text('kind', alarm['kind'], 64),
              'message': alarm.get('message')}
    have = set(session.execute(
        sa.select(table.site_id).where(table.site_id.in_(site_ids),
                                       table.key == key)).scalars())
    if have:
        session.execute(
            sa.update(table)
            .where(table.site_id.in_(sorted(have)), table.key == key,
                   table.state != 'raised')
            .values(state='raised', raised_at=now, cleared_at=None,
                    acknowledged=False, updated_at=now, **values)
            .execution_options(synchronize_session=False))
    new = [site_id for site_id in site_ids if site_id not in have]
    if new:
        session.execute(sa.insert(table), [
            dict(values, site_id=site_id, key=key, state='raised',
                 raised_at=now, acknowledged=False, created_at=now)
            for site_id in new])
