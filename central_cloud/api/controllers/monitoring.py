"""/v1/monitoring: the monitoring page's data (M7, M12).

``GET /v1/monitoring`` lists sites (filters group, availability; paged
by site name) with their state and a summary of their latest report, or
``report: null`` before the first one. ``GET /v1/monitoring/{site}``
adds the full latest report and, with ``?history=N``, the summaries of
the last N reports (bounded by ``[monitoring] report_history_size``).
"""

from central_cloud.api.controllers import base
from central_cloud.api.controllers import sites
from central_cloud.api.schemas import monitoring as schemas
from central_cloud.api import validation
import central_cloud.conf
from central_cloud.db import api as db_api
from central_cloud.db import exception as db_exception
from central_cloud import report_summary

CONF = central_cloud.conf.CONF

SITE_FIELDS = ('name', 'region', 'group', 'latitude', 'longitude',
               'availability', 'management_state', 'shared_pool',
               'last_report_at', 'missed')


def _site(site):
    data = site.to_dict()
    return {field: data.get(field) for field in SITE_FIELDS}


def _report(report):
    """The latest report's header and summary (None: no report yet)."""
    if report is None:
        return None
    return dict(report_summary.summarise(report.body), seq=report.seq,
                received_at=report.received_at)


def _history_entry(row):
    return {'seq': row.seq, 'received_at': row.received_at,
            'summary': row.summary}


class MonitoringController(object):

    def index(self, req):
        base.authorize(req, 'monitoring:get_all')
        query = validation.query(req, schemas.LIST_QUERY)
        limit = base.page_limit(query)
        page = db_api.list_sites(
            filters=base.filters(query, ('group', 'availability')),
            limit=limit, marker=query.get('marker'))
        reports = {}
        if page:
            names = [site.name for site in page]
            for report in db_api.list_latest_reports(
                    filters={'site': names}, limit=len(names)):
                reports[report.site.name] = report
        items = [dict(_site(site), report=_report(reports.get(site.name)))
                 for site in page]
        return base.page(req, 'sites', items, limit,
                         lambda item: item['name'])

    def show(self, req, site_name):
        base.authorize(req, 'monitoring:get')
        query = validation.query(req, schemas.SHOW_QUERY)
        site = db_api.get_site(sites.checked_name(site_name))
        try:
            latest = db_api.get_latest_report(site.name)
        except db_exception.NotFound:
            latest = None
        shown = dict(_site(site), report=_report(latest),
                     body=latest.body if latest is not None else None)
        if 'history' in query:
            wanted = min(int(query['history']),
                         CONF.monitoring.report_history_size)
            # The history is bounded per site, so reading it is too.
            rows = db_api.list_report_history(site.name)
            shown['history'] = [_history_entry(r) for r in rows[-wanted:]]
        return {'site': shown}
