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
``released`` once the desktop is active, counted until the site's latest
report reflects the create (``site.reflects_through`` reaches the outbox
seq of its final progress, RPC API 1.5), or, for a site that does not
say, until a report received after the release arrives; ``refused``
(nova answered NoValidHost there) and ``short`` (the placer found no
room at the home site) count nothing: they record where a desktop found
no room, for the retry and the shortage alarm.

A delete that succeeded frees its desktop's claimed size on that host
(``models.CapacityFreed``) until a report reflects it (up to
``site.reflects_until``; or one received after it, as above). So the
placer counts, on top of the latest report, every create in flight and
every delete it does not show yet, and nothing twice.
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


def _unreflected(seq, at, mark, site=models.Site):
    """A change the site's latest report does not show yet.

    ``seq``: the outbox seq of the change's final progress; ``mark``:
    what the latest report reflects (1.5); without both, the change
    counts until a report received at or after ``at``.
    """
    return sa.or_(
        sa.and_(seq.is_not(None), mark.is_not(None), seq > mark),
        sa.and_(sa.or_(seq.is_(None), mark.is_(None)),
                sa.or_(site.last_report_at.is_(None),
                       at >= site.last_report_at)))


def _counting(claim=models.Claim, site=models.Site):
    """Claims that still hold capacity (join ``site`` on site_id)."""
    return sa.or_(claim.state == HELD, sa.and_(
        claim.state == RELEASED,
        _unreflected(claim.progress_seq, claim.released_at,
                     site.reflects_through, site)))


def _freeing(freed=models.CapacityFreed, site=models.Site):
    """Freed capacity the latest report does not show yet."""
    return _unreflected(freed.progress_seq, freed.freed_at,
                        site.reflects_until, site)


def _per_host(site_column, where=()):
    """``(site, host, vcpus, memory_mb, disk_gb)``: claims less freed."""
    claim, freed, site = models.Claim, models.CapacityFreed, models.Site
    held = (sa.select(site_column.label('site'), claim.host.label('host'),
                      claim.vcpus.label('vcpus'),
                      claim.memory_mb.label('memory_mb'),
                      claim.disk_gb.label('disk_gb'))
            .join(site, site.id == claim.site_id)
            .where(_counting(), claim.host.is_not(None), *where))
    gone = (sa.select(site_column.label('site'), freed.host.label('host'),
                      (-freed.vcpus).label('vcpus'),
                      (-freed.memory_mb).label('memory_mb'),
                      (-freed.disk_gb).label('disk_gb'))
            .join(site, site.id == freed.site_id)
            .where(_freeing(), freed.host.is_not(None), *where))
    both = sa.union_all(held, gone).subquery()
    return (sa.select(both.c.site, both.c.host, sa.func.sum(both.c.vcpus),
                      sa.func.sum(both.c.memory_mb),
                      sa.func.sum(both.c.disk_gb))
            .group_by(both.c.site, both.c.host))


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

    Only the claims that still hold capacity, less the capacity freed
    by deletes the latest report does not show (so a sum may be below
    zero); ``sites`` limits them to those site names.
    """
    site = models.Site
    where = () if sites is None else (site.name.in_(list(sites)),)
    with transaction.reader() as session:
        return [tuple(row[:2]) + tuple(int(v or 0) for v in row[2:])
                for row in session.execute(
                    _per_host(site.name, where)).all()]


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
    rows = session.execute(_per_host(models.Site.id,
                                     (models.Site.id == site.id,))).all()
    return {host: tuple(int(v or 0) for v in amounts)
            for _site, host, *amounts in rows}


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


def release_claims(desktop_id, now=None, progress_seq=None):
    """The desktop is active: its held claims become released.

    ``progress_seq``: the outbox seq of the create's final progress,
    when the site delivered it; a report reflecting it ends the claim.
    """
    claim = models.Claim
    now = now or timeutils.utcnow()
    with transaction.writer() as session:
        return session.execute(
            sa.update(claim)
            .where(claim.desktop_id == desktop_id, claim.state == HELD)
            .values(state=RELEASED, released_at=now, updated_at=now,
                    progress_seq=progress_seq)
            .execution_options(synchronize_session=False)).rowcount


def record_freed(command_id, desktop_id, progress_seq=None, now=None):
    """The delete ``command_id`` of a desktop succeeded: free its size.

    The size and host are those of the desktop's create claim. A claim
    that still counts (no report shows the server yet) just ends with
    the desktop; otherwise the capacity counts as free until a report
    reflects the delete. Returns the ``CapacityFreed`` row, or None.
    Call it before the desktop row goes: its claims go with it.
    """
    claim, site = models.Claim, models.Site
    now = now or timeutils.utcnow()
    with transaction.writer() as session:
        found = session.execute(
            sa.select(claim.site_id, claim.host, claim.vcpus,
                      claim.memory_mb, claim.disk_gb,
                      _counting().label('counting'))
            .join(site, site.id == claim.site_id)
            .where(claim.desktop_id == desktop_id,
                   claim.state.in_((HELD, RELEASED)),
                   claim.host.is_not(None))
            .order_by(claim.id.desc()).limit(1)).first()
        if found is None or found.counting:
            return None
        freed = models.CapacityFreed
        if session.execute(sa.select(freed.id).where(
                freed.command_id == command_id)).first():
            return None
        row = freed(command_id=command_id, site_id=found.site_id,
                    host=found.host, vcpus=found.vcpus,
                    memory_mb=found.memory_mb, disk_gb=found.disk_gb,
                    freed_at=now, progress_seq=progress_seq)
        session.add(row)
        session.flush()
    LOG.info('Delete %s freed %d VCPU, %d MB, %d GB on host %s', command_id,
             found.vcpus, found.memory_mb, found.disk_gb, found.host)
    return row


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
    return refused_sites_of([desktop_id]).get(desktop_id, [])


def refused_sites_of(desktop_ids):
    """``{desktop id: [site, ...]}`` of ``refused_sites``, in one query."""
    claim, site = models.Claim, models.Site
    found = {}
    if not desktop_ids:
        return found
    with transaction.reader() as session:
        for desktop_id, name in session.execute(
                sa.select(claim.desktop_id, site.name)
                .join(claim, claim.site_id == site.id)
                .where(claim.desktop_id.in_(list(desktop_ids)),
                       claim.state == REFUSED)):
            found.setdefault(desktop_id, []).append(name)
    return {key: sorted(names) for key, names in found.items()}


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
        freed = models.CapacityFreed
        shown = sa.select(freed.id).join(
            site, site.id == freed.site_id).where(sa.not_(_freeing()))
        deleted += session.execute(
            sa.delete(freed).where(freed.freed_at < cutoff,
                                   freed.id.in_(shown))
            .execution_options(synchronize_session=False)).rowcount
    if deleted:
        LOG.info('Deleted %d placement claim record(s) older than %s',
                 deleted, cutoff.isoformat())
    return deleted
