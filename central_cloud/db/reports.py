"""Monitoring reports: batch ingest, the latest report and the history."""

import dataclasses

from oslo_log import log as logging
from oslo_utils import timeutils
import sqlalchemy as sa

import central_cloud.conf

from central_cloud.db import exception
from central_cloud.db import models
from central_cloud.db import transaction
from central_cloud.db import utils

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


def _parse_report(report, now):
    utils.check_keys('report', report,
                     ('site', 'seq', 'body', 'summary', 'received_at'))
    seq = report.get('seq')
    if isinstance(seq, bool) or not isinstance(seq, int) or seq < 0:
        raise exception.Invalid('report seq must be an integer >= 0')
    body = report.get('body')
    if not isinstance(body, dict):
        raise exception.Invalid('report body must be a dict')
    summary = report.get('summary', {})
    if not isinstance(summary, dict):
        raise exception.Invalid('report summary must be a dict')
    return {'site': utils.check_text('site', report.get('site')), 'seq': seq,
            'body': body, 'summary': summary,
            'received_at': report.get('received_at') or now}


@transaction.retry_on_deadlock
def ingest_reports(reports, now=None, history_size=None):
    """Store a batch of monitoring reports in one transaction.

    Each report is a dict: ``site`` (name), ``seq`` (the site's increasing
    report number), ``body`` (the full report), optional ``summary`` (the
    compact dict kept in the history) and optional ``received_at``.

    A report whose seq is not above the site's last one is a duplicate and
    is ignored. For each site the newest report replaces the latest one, all
    accepted reports go to the history, which is trimmed to
    ``history_size`` (default ``[monitoring] report_history_size``), and the
    site becomes online with ``missed`` reset. Reports of unknown sites are
    dropped. Returns an ``IngestResult``.
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
                      site.availability, latest.site_id.label('has_latest'))
            .outerjoin(latest, latest.site_id == site.id)
            .where(site.name.in_({r['site'] for r in parsed}))
            .order_by(site.id)
            .with_for_update(of=site)).all()
        known = {row.name: row for row in rows}
        last_seq = {row.name: row.last_report_seq for row in rows}
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
            last_seq[name] = seq
            newest[name] = report
            result.accepted.append((name, seq))
            history.append({'site_id': known[name].id, 'seq': seq,
                            'received_at': report['received_at'],
                            'summary': report['summary']})
        if history:
            _store_reports(session, known, newest, history, history_size)
    result.back_online = sorted(name for name in newest
                                if known[name].availability != 'online')
    if result.unknown_sites:
        LOG.warning('Dropped reports of unknown sites: %s', ', '.join(
            sorted({name for name, _seq in result.unknown_sites})))
    if result.back_online:
        LOG.info('Sites online: %s', ', '.join(result.back_online))
    return result


def _store_reports(session, known, newest, history, history_size):
    session.execute(sa.insert(models.ReportHistory), history)
    updates, inserts = [], []
    for name, report in newest.items():
        row = {'site_id': known[name].id, 'seq': report['seq'],
               'received_at': report['received_at'], 'body': report['body']}
        (updates if known[name].has_latest else inserts).append(row)
    if inserts:
        session.execute(sa.insert(models.ReportLatest), inserts)
    if updates:
        # Bulk UPDATE by primary key.
        session.execute(sa.update(models.ReportLatest), updates)
    session.execute(sa.update(models.Site), [
        {'id': known[name].id, 'last_report_seq': report['seq'],
         'last_report_at': report['received_at'], 'missed': 0,
         'availability': 'online'}
        for name, report in newest.items()])
    # Keep the newest history_size seqs of the touched sites only.
    table = models.ReportHistory.__table__
    session.execute(
        sa.delete(table).where(table.c.site_id == sa.bindparam('b_site'),
                               table.c.seq <= sa.bindparam('b_cut')),
        [{'b_site': known[name].id, 'b_cut': report['seq'] - history_size}
         for name, report in newest.items()])


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
