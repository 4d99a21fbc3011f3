"""Placement claims, and what the placer reads of sites and reports.

A claim holds capacity on one host of a site for one create command, so
that two placements (two engines, or one engine with many commands)
never count the same free capacity. ``place_create`` is the only way to
write one: it locks the site's row (``SELECT ... FOR UPDATE``; SQLite
transactions here begin IMMEDIATE, which serialises them), reads the
site's latest report and claims, lets the caller pick a host, and writes
the claim, and for a borrowed desktop moves the desktop and its command
to the lender, all in one transaction.

Claim states (``models.CLAIM_STATES``): ``held`` while the create runs;
``released`` once the desktop is active, counted until a report received
after the release (which shows the new server) arrives; ``refused``
(nova answered NoValidHost there) and ``short`` (the placer found no
room at the home site) count nothing: they record where a desktop found
no room, for the retry and the shortage alarm.
"""

import collections

from oslo_log import log as logging
from oslo_utils import timeutils
import sqlalchemy as sa

from central_cloud.db import exception
from central_cloud.db import models
from central_cloud.db import transaction
from central_cloud.db import utils

LOG = logging.getLogger(__name__)

HELD, RELEASED, REFUSED, SHORT = (models.CLAIM_HELD, models.CLAIM_RELEASED,
                                  models.CLAIM_REFUSED, models.CLAIM_SHORT)

# What a site row gives the placer.
PlacementSite = collections.namedtuple('PlacementSite', [
    'id', 'name', 'latitude', 'longitude', 'group', 'management_state',
    'availability', 'reserve_ratio', 'shared_pool', 'last_report_seq',
    'last_report_at'])
LatestReport = collections.namedtuple('LatestReport', [
    'site_id', 'seq', 'received_at', 'body'])


def _counting(claim=models.Claim, site=models.Site):
    """Claims that still hold capacity (join ``site`` on site_id)."""
    return sa.or_(claim.state == HELD, sa.and_(
        claim.state == RELEASED,
        sa.or_(site.last_report_at.is_(None),
               claim.released_at >= site.last_report_at)))


def placement_sites():
    """Every site's row as the placer needs it (``PlacementSite``)."""
    site = models.Site
    with transaction.reader() as session:
        rows = session.execute(sa.select(
            site.id, site.name, site.latitude, site.longitude, site.group,
            site.management_state, site.availability, site.reserve_ratio,
            site.shared_pool, site.last_report_seq,
            site.last_report_at)).all()
    return [PlacementSite(*row) for row in rows]


def latest_reports(site_ids):
    """The latest reports of these site ids (``LatestReport``)."""
    latest = models.ReportLatest
    if not site_ids:
        return []
    with transaction.reader() as session:
        rows = session.execute(sa.select(
            latest.site_id, latest.seq, latest.received_at, latest.body)
            .where(latest.site_id.in_(list(site_ids)))).all()
    return [LatestReport(*row) for row in rows]


def counting_claims(sites=None):
    """``(site, host, vcpus, memory_mb, disk_gb)`` summed per host.

    Only the claims that still hold capacity; ``sites`` limits them to
    those site names.
    """
    claim, site = models.Claim, models.Site
    with transaction.reader() as session:
        query = (sa.select(site.name, claim.host, sa.func.sum(claim.vcpus),
                           sa.func.sum(claim.memory_mb),
                           sa.func.sum(claim.disk_gb))
                 .join(site, site.id == claim.site_id)
                 .where(_counting(), claim.host.is_not(None))
                 .group_by(site.name, claim.host))
        if sites is not None:
            query = query.where(site.name.in_(list(sites)))
        return [tuple(row[:2]) + tuple(int(v or 0) for v in row[2:])
                for row in session.execute(query).all()]


def ready_templates():
    """``{site name: {template type, ...}}`` of the templates ready."""
    row, site, template = models.SiteTemplate, models.Site, models.Template
    found = {}
    with transaction.reader() as session:
        for name, type_name in session.execute(
                sa.select(site.name, template.type_name)
                .join(row, row.site_id == site.id)
                .join(template, template.id == row.template_id)
                .where(row.status == 'ready')):
            found.setdefault(name, set()).add(type_name)
    return found


def _lock_site(session, name):
    site = session.execute(
        sa.select(models.Site).where(models.Site.name == name)
        .with_for_update(of=models.Site)).scalars().first()
    if site is None:
        raise exception.NotFound('site', name)
    return site


def _site_claims(session, site):
    """``{host: (vcpus, memory_mb, disk_gb)}`` counting at ``site``."""
    claim = models.Claim
    rows = session.execute(
        sa.select(claim.host, sa.func.sum(claim.vcpus),
                  sa.func.sum(claim.memory_mb), sa.func.sum(claim.disk_gb))
        .join(models.Site, models.Site.id == claim.site_id)
        .where(claim.site_id == site.id, claim.host.is_not(None),
               _counting())
        .group_by(claim.host)).all()
    return {host: tuple(int(v or 0) for v in amounts)
            for host, *amounts in rows}


def _record(session, command_id, desktop_id, site_id, state,
            origin_site_id=None):
    """Insert or update the claim row of (command, site)."""
    claim = models.Claim
    row = session.execute(sa.select(claim).where(
        claim.command_id == command_id,
        claim.site_id == site_id)).scalars().first()
    if row is None:
        row = claim(command_id=command_id, desktop_id=desktop_id,
                    site_id=site_id, vcpus=0, memory_mb=0, disk_gb=0)
        session.add(row)
    # TimestampMixin sets updated_at on updates only; the shortage check
    # and the clean-up read it on every row.
    row.update({'state': state, 'origin_site_id': origin_site_id,
                'updated_at': timeutils.utcnow()})
    return row


@transaction.retry_on_deadlock
def place_create(command_id, site, home, choose, scheduler_hints=None,
                 home_short=False):
    """Claim room at ``site`` for the pending create ``command_id``.

    ``choose(site_row, report_body, claims)`` gets the locked site row,
    its latest report body (None without one) and its counting claims
    per host, and returns ``(host, (vcpus, memory_mb, disk_gb))`` or
    None when the site has no room. When ``site`` is not ``home`` the
    desktop and the command move to it (the desktop's origin site is
    ``home``) and ``scheduler_hints`` are added to the command's params;
    with ``home_short`` the home site is recorded as short of room.

    Returns the claim, or None if ``choose`` found no room. Raises
    Conflict if the command is no longer a pending, unplaced create.
    """
    now = timeutils.utcnow()
    with transaction.writer() as session:
        target = _lock_site(session, site)
        command = session.get(models.Command, command_id)
        if (command is None or command.state != 'pending'
                or command.action != 'create' or not command.desktop_id):
            raise exception.Conflict('command %s is not a pending create'
                                     % command_id)
        claim = models.Claim
        if session.execute(sa.select(claim.id).where(
                claim.command_id == command_id,
                claim.state.in_((HELD, RELEASED)))).first() is not None:
            raise exception.Conflict('command %s is placed already'
                                     % command_id)
        report = session.get(models.ReportLatest, target.id)
        chosen = choose(target, report.body if report else None,
                        _site_claims(session, target))
        if chosen is None:
            return None
        host, (vcpus, memory_mb, disk_gb) = chosen
        home_id = utils.site_id(session, home)
        borrowed = target.id != home_id
        row = _record(session, command.id, command.desktop_id, target.id,
                      HELD, home_id if borrowed else None)
        row.update({'host': utils.check_text('host', host),
                    'vcpus': int(vcpus), 'memory_mb': int(memory_mb),
                    'disk_gb': int(disk_gb), 'released_at': None})
        if home_short and borrowed:
            _record(session, command.id, command.desktop_id, home_id,
                    SHORT)
        if command.site_id != target.id or borrowed:
            _move(session, command, target, home_id if borrowed else None,
                  scheduler_hints if borrowed else None, now)
        session.flush()
        row.site = target
    LOG.info('Claimed %d VCPU, %d MB, %d GB on host %s of site %s for '
             'command %s%s', vcpus, memory_mb, disk_gb, host, site,
             command_id, ' (borrowed for %s)' % home if borrowed else '')
    return row


def _move(session, command, target, origin_id, hints, now):
    """Move a pending create and its desktop to ``target``."""
    payload = dict(command.payload or {})
    if hints:
        payload['scheduler_hints'] = dict(
            payload.get('scheduler_hints') or {}, **hints)
    table = models.Command
    moved = session.execute(
        sa.update(table)
        .where(table.id == command.id, table.state == 'pending',
               table.site_id == command.site_id)
        .values(site_id=target.id, payload=payload, updated_at=now)
        .execution_options(synchronize_session=False)).rowcount
    if not moved:
        raise exception.Conflict('command %s changed while it was placed'
                                 % command.id)
    desktop = models.Desktop
    session.execute(
        sa.update(desktop).where(desktop.id == command.desktop_id)
        .values(site_id=target.id, origin_site_id=origin_id,
                updated_at=now)
        .execution_options(synchronize_session=False))


def record_short(command_id, desktop_id, site):
    """Record that ``site`` had no room for the command's desktop."""
    with transaction.writer() as session:
        _record(session, command_id, desktop_id,
                utils.site_id(session, site), SHORT)


def refuse_claim(command_id, desktop_id, site):
    """Nova found no valid host at ``site`` for this create command.

    Its claim there (if any) stops counting and is kept as ``refused``,
    so the placer does not try that site again for the desktop.
    """
    with transaction.writer() as session:
        _record(session, command_id, desktop_id,
                utils.site_id(session, site), REFUSED)


def release_claims(desktop_id, now=None):
    """The desktop is active: its held claims become released."""
    claim = models.Claim
    now = now or timeutils.utcnow()
    with transaction.writer() as session:
        return session.execute(
            sa.update(claim)
            .where(claim.desktop_id == desktop_id, claim.state == HELD)
            .values(state=RELEASED, released_at=now, updated_at=now)
            .execution_options(synchronize_session=False)).rowcount


def drop_claims(desktop_id):
    """The desktop's create failed: its held claims go away."""
    claim = models.Claim
    with transaction.writer() as session:
        return session.execute(
            sa.delete(claim)
            .where(claim.desktop_id == desktop_id, claim.state == HELD)
            .execution_options(synchronize_session=False)).rowcount


def claimed_commands(command_ids):
    """Which of these create commands are placed (hold a claim)."""
    claim = models.Claim
    if not command_ids:
        return set()
    with transaction.reader() as session:
        return {row[0] for row in session.execute(
            sa.select(claim.command_id).where(
                claim.command_id.in_(list(command_ids)),
                claim.state.in_((HELD, RELEASED))))}


def refused_sites(desktop_id):
    """The sites where nova refused this desktop (no valid host)."""
    claim, site = models.Claim, models.Site
    with transaction.reader() as session:
        return sorted(row[0] for row in session.execute(
            sa.select(site.name).join(claim, claim.site_id == site.id)
            .where(claim.desktop_id == desktop_id,
                   claim.state == REFUSED)))


def list_claims(filters=None):
    """Claims, oldest first; filters: site, desktop_id, command_id, state."""
    claim = models.Claim
    with transaction.reader() as session:
        query = utils.filter_query(session.query(claim), filters, {
            'site': utils.site_filter(claim.site_id),
            'desktop_id': claim.desktop_id, 'command_id': claim.command_id,
            'state': claim.state})
        return query.order_by(claim.id).all()


def no_room_since(since):
    """``{site: count}`` of desktops that found no room there since then.

    Counts ``refused`` and ``short`` records changed at or after
    ``since``.
    """
    claim, site = models.Claim, models.Site
    with transaction.reader() as session:
        return dict(session.execute(
            sa.select(site.name, sa.func.count(claim.id))
            .join(claim, claim.site_id == site.id)
            .where(claim.state.in_((REFUSED, SHORT)),
                   claim.updated_at >= since)
            .group_by(site.name)).all())


def delete_stale_claims(now, retention):
    """Delete records older than ``retention`` seconds that count nothing.

    Released claims a newer report settled, refused and short records,
    and held claims whose command ended (their release was missed).
    Returns how many went.
    """
    claim, site, command = models.Claim, models.Site, models.Command
    cutoff = now - utils.seconds(retention)
    with transaction.writer() as session:
        settled = sa.select(claim.id).join(
            site, site.id == claim.site_id).where(
                claim.state == RELEASED, sa.not_(_counting()))
        ended = sa.select(claim.id).join(
            command, command.id == claim.command_id).where(
                claim.state == HELD,
                command.state.in_(models.COMMAND_FINAL_STATES))
        deleted = session.execute(
            sa.delete(claim).where(claim.updated_at < cutoff, sa.or_(
                claim.state.in_((REFUSED, SHORT)),
                claim.id.in_(settled), claim.id.in_(ended)))
            .execution_options(synchronize_session=False)).rowcount
    if deleted:
        LOG.info('Deleted %d placement claim record(s) older than %s',
                 deleted, cutoff.isoformat())
    return deleted
