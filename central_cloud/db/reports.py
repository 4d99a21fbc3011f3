"""Monitoring reports: batch ingest, the latest report and the history.

A report is full, or a delta (RPC API 1.5,
``central_cloud.protocol.report_delta``) that builds on the site's
latest report. A delta is applied only when that latest report is its
base (``base_seq``) and the result has the delta's digest; otherwise it
is not stored and is named in ``IngestResult.needs_full``: the site
sends it again whole. A heartbeat (a delta without changes) only moves
the latest report's ``seq`` and ``received_at``: its body, the site's
state as of its last change, stays, and no history row is added (the
history is of changes). A changed delta reads the stored bodies of its
batch's sites in one query.
"""

import dataclasses

from oslo_log import log as logging
from oslo_utils import timeutils
import sqlalchemy as sa

import central_cloud.conf

from central_cloud.db import exception
from central_cloud.db import models
from central_cloud.db import transaction
from central_cloud.db import utils
from central_cloud.protocol import report_delta
from central_cloud import report_summary

CONF = central_cloud.conf.CONF
LOG = logging.getLogger(__name__)


@dataclasses.dataclass
class IngestResult:
    """What ``ingest_reports`` did with a batch; lists of (site, seq)."""

    accepted: list = dataclasses.field(default_factory=list)
    duplicates: list = dataclasses.field(default_factory=list)
    unknown_sites: list = dataclasses.field(default_factory=list)
    # Names of sites that were offline or unknown before this batch.
    back_online: list = dataclasses.field(default_factory=list)
    # Deltas that could not be applied: the site must send them whole.
    needs_full: list = dataclasses.field(default_factory=list)


def _parse_report(report, now):
    utils.check_keys('report', report,
                     ('site', 'seq', 'body', 'summary', 'received_at'))
    seq = report.get('seq')
    if isinstance(seq, bool) or not isinstance(seq, int) or seq < 0:
        raise exception.Invalid('report seq must be an integer >= 0')
    body = report.get('body')
    if not isinstance(body, dict):
        raise exception.Invalid('report body must be a dict')
    summary = report.get('summary')
    if summary is not None and not isinstance(summary, dict):
        raise exception.Invalid('report summary must be a dict')
    return {'site': utils.check_text('site', report.get('site')), 'seq': seq,
            'body': body, 'summary': summary,
            'received_at': report.get('received_at') or now}


@transaction.retry_on_deadlock
def ingest_reports(reports, now=None, history_size=None):
    """Store a batch of monitoring reports in one transaction.

    Each report is a dict: ``site`` (name), ``seq`` (the site's increasing
    report number), ``body`` (the report as the site sent it: full or a
    delta), optional ``summary`` (the compact dict kept in the history;
    computed here when missing) and optional ``received_at``.

    A report whose seq is not above the site's last one is a duplicate and
    is ignored. For each site the newest report replaces the latest one, all
    accepted reports go to the history, which is trimmed to
    ``history_size`` (default ``[monitoring] report_history_size``), and the
    site becomes online with ``missed`` reset. Reports of unknown sites are
    dropped. Deltas: see the module docstring. Returns an
    ``IngestResult``.
    """
    now = now or timeutils.utcnow()
    history_size = history_size or CONF.monitoring.report_history_size
    parsed = sorted((_parse_report(r, now) for r in reports),
                    key=lambda r: (r['site'], r['seq']))
    result = IngestResult()
    if not parsed:
        return result
    site = models.Site
    latest = models.ReportLatest
    with transaction.writer() as session:
        # One query per batch; the lock orders concurrent batches that
        # touch the same site.
        rows = session.execute(
            sa.select(site.id, site.name, site.last_report_seq,
                      site.availability, latest.site_id.label('has_latest'),
                      latest.seq.label('latest_seq'), latest.digest)
            .outerjoin(latest, latest.site_id == site.id)
            .where(site.name.in_({r['site'] for r in parsed}))
            .order_by(site.id)
            .with_for_update(of=site)).all()
        known = {row.name: row for row in rows}
        last_seq = {row.name: row.last_report_seq for row in rows}
        states = _States(session, known, parsed)
        newest = {}
        history = []
        for report in parsed:
            name, seq = report['site'], report['seq']
            if name not in known:
                result.unknown_sites.append((name, seq))
                continue
            if last_seq[name] is not None and seq <= last_seq[name]:
                result.duplicates.append((name, seq))
                continue
            state = states.take(name, report)
            if state is None:
                result.needs_full.append((name, seq))
                continue
            last_seq[name] = seq
            newest[name] = state
            result.accepted.append((name, seq))
            if not report_delta.is_heartbeat(report['body']):
                history.append({'site_id': known[name].id, 'seq': seq,
                                'received_at': report['received_at'],
                                'summary': state.summary})
        if newest:
            _store_reports(session, known, newest, history, history_size)
    result.back_online = sorted(name for name in newest
                                if known[name].availability != 'online')
    if result.unknown_sites:
        LOG.warning('Dropped reports of unknown sites: %s', ', '.join(
            sorted({name for name, _seq in result.unknown_sites})))
    if result.back_online:
        LOG.info('Sites online: %s', ', '.join(result.back_online))
    return result


class _Latest(object):
    """A site's latest report as a batch moves it on."""

    __slots__ = ('seq', 'digest', 'body', 'changed', 'summary',
                 'received_at', 'reflects')

    def __init__(self, seq, digest, body=None):
        self.seq, self.digest, self.body = seq, digest, body
        self.changed = False
        self.summary = self.received_at = self.reflects = None


class _States(object):
    """The latest report of each site of a batch, as it is applied.

    Stored bodies are read (one query) only for the sites with a changed
    delta in the batch; heartbeats need the seq and digest alone.
    """

    def __init__(self, session, known, parsed):
        self.latest = {name: _Latest(row.latest_seq, row.digest)
                       for name, row in known.items()}
        wanted = [known[r['site']].id for r in parsed
                  if r['site'] in known and known[r['site']].has_latest
                  and report_delta.is_delta(r['body'])
                  and not report_delta.is_heartbeat(r['body'])]
        if wanted:
            latest = models.ReportLatest
            by_id = {row.id: name for name, row in known.items()}
            for site_id, body in session.execute(
                    sa.select(latest.site_id, latest.body)
                    .where(latest.site_id.in_(set(wanted)))):
                self.latest[by_id[site_id]].body = body

    def take(self, name, report):
        """The site's latest report with ``report``; None if a delta fails."""
        body, current = report['body'], self.latest[name]
        if report_delta.is_delta(body):
            if body['base_seq'] != current.seq or current.seq is None:
                LOG.info('Delta report %d of site %s builds on report %s, '
                         'central has %s: asking for it in full',
                         report['seq'], name, body['base_seq'], current.seq)
                return None
            if report_delta.is_heartbeat(body):
                if body['digest'] != current.digest:
                    return self._mismatch(name, report)
                moved = _Latest(report['seq'], current.digest, current.body)
                moved.changed = current.changed
                moved.summary = current.summary
            else:
                if current.body is None:
                    return self._mismatch(name, report)
                merged = report_delta.apply(current.body, body)
                if report_delta.digest(merged) != body['digest']:
                    return self._mismatch(name, report)
                moved = _Latest(report['seq'], body['digest'], merged)
                moved.changed = True
                moved.summary = report_summary.summarise(merged)
        else:
            moved = _Latest(report['seq'], report_delta.digest(body), body)
            if body.get('digest') not in (None, moved.digest):
                LOG.warning('Report %d of site %s gives digest %s, its '
                            'state has %s', report['seq'], name,
                            body['digest'], moved.digest)
            moved.changed = True
            moved.summary = (report['summary'] if report['summary']
                             is not None else report_summary.summarise(body))
        moved.received_at = report['received_at']
        moved.reflects = body.get('reflects') or {}
        self.latest[name] = moved
        return moved

    def _mismatch(self, name, report):
        LOG.warning('Delta report %d of site %s does not give the digest '
                    'of the state it builds: asking for it in full',
                    report['seq'], name)
        return None


def _store_reports(session, known, newest, history, history_size):
    if history:
        session.execute(sa.insert(models.ReportHistory), history)
    updates, moves, inserts = [], [], []
    for name, state in newest.items():
        row = {'site_id': known[name].id, 'seq': state.seq,
               'received_at': state.received_at}
        if not state.changed:
            # A heartbeat: the stored body is the state already.
            moves.append(row)
            continue
        row.update(body=state.body, digest=state.digest)
        (updates if known[name].has_latest else inserts).append(row)
    if inserts:
        session.execute(sa.insert(models.ReportLatest), inserts)
    # Bulk UPDATEs by primary key.
    if updates:
        session.execute(sa.update(models.ReportLatest), updates)
    if moves:
        session.execute(sa.update(models.ReportLatest), moves)
    session.execute(sa.update(models.Site), [
        {'id': known[name].id, 'last_report_seq': state.seq,
         'last_report_at': state.received_at, 'missed': 0,
         'availability': 'online',
         'reflects_through': state.reflects.get('through'),
         'reflects_until': state.reflects.get('until')}
        for name, state in newest.items()])
    # Keep the newest history_size seqs of the touched sites only.
    table = models.ReportHistory.__table__
    session.execute(
        sa.delete(table).where(table.c.site_id == sa.bindparam('b_site'),
                               table.c.seq <= sa.bindparam('b_cut')),
        [{'b_site': known[name].id, 'b_cut': state.seq - history_size}
         for name, state in newest.items()])


def get_latest_report(site):
    with transaction.reader() as session:
        report = session.query(models.ReportLatest).filter(
            models.ReportLatest.site_id.in_(utils.site_ids(site))).first()
    if report is None:
        raise exception.NotFound('report of site', site)
    return report


def list_latest_reports(filters=None, limit=None, marker=None,
                        sort_dir='asc'):
    """The latest report of each site; filter ``site`` takes names.

    Ordered by site id; ``marker`` is the site name of the last item.
    """
    latest = models.ReportLatest
    with transaction.reader() as session:
        query = utils.filter_query(session.query(latest), filters,
                                   {'site': utils.site_filter(latest.site_id)})
        marker_row = utils.marker_row(
            session, latest, 'site', marker,
            latest.site_id.in_(utils.site_ids(marker or [])))
        return utils.paginate(query, latest, ['site_id'], limit, marker_row,
                              sort_dir)


def list_report_history(site, since_seq=None, limit=None):
    """A site's report summaries, oldest first, after ``since_seq``."""
    history = models.ReportHistory
    with transaction.reader() as session:
        query = session.query(history).filter(
            history.site_id == utils.site_id(session, site))
        if since_seq is not None:
            query = query.filter(history.seq > since_seq)
        return utils.paginate(query, history, ['seq'], limit, None, 'asc')
