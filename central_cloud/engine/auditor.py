"""The availability auditor: which site is online, which offline (M7).

A site goes offline once its last report is ``[monitoring]
offline_after_missed`` intervals of ``report_interval`` old: one indexed
query marks all such sites (``mark_offline_sites``) and raises a
``site-offline`` alarm for each in the same transaction, in bulk, so a
storm of sites dropping at once costs a few statements. When an
offline site reports again, the report's batch (``back_online``) clears
that alarm and pushes the site a resync hint (business data
``system_info`` ``central.resync``); the site catches up with
``request``. The marking is one global job, run
by the engine that owns it on the ring; its update is conditional, so
two engines never both mark a site.

Its first run also repairs what a crash could leave behind: an offline
site without its alarm, or a raised alarm at a site that is online.
"""

from oslo_context import context
from oslo_log import log as logging
from oslo_utils import timeutils

from central_cloud.db import api as db_api
from central_cloud.engine import alarms
from central_cloud.engine import listing
from central_cloud.engine import messages

LOG = logging.getLogger(__name__)

JOB = 'job:auditor'
HINT_REASON = 'the site was offline for central and reports again'


class Auditor(object):

    def __init__(self, site_api, partition, report_interval, missed):
        self.site_api = site_api
        self.partition = partition
        self.report_interval = report_interval
        self.missed = missed
        self._repaired = False

    def run_once(self):
        """Returns the names of the sites that went offline."""
        if not self.partition.owns(JOB):
            return []
        if not self._repaired:
            self.repair()
            self._repaired = True
        # The sites and their alarms in one transaction: a report that
        # brings a site back finds the alarm it clears.
        return db_api.mark_offline_sites(
            timeutils.utcnow(), self.report_interval, self.missed,
            alarm=alarms.site_offline(self.report_interval, self.missed))

    def repair(self):
        offline = {site.name for site in listing.every(
            db_api.list_sites, lambda site: site.name,
            filters={'availability': 'offline'})}
        raised = {alarm.site.name for alarm in listing.every(
            db_api.list_alarms, lambda alarm: alarm.id,
            filters={'key': alarms.SITE_OFFLINE, 'state': 'raised'})}
        now = timeutils.utcnow()
        for name in sorted(offline - raised):
            alarms.raise_site_offline(name, now, self.report_interval,
                                      self.missed)
        for name in sorted(raised - offline):
            alarms.clear_site_offline(name, now)

    def back_online(self, names):
        """Sites that reported after being offline (or never seen)."""
        # One query finds the few with a raised alarm (new sites have none).
        raised = sorted({alarm.site.name for alarm in db_api.list_alarms(
            filters={'site': list(names), 'key': alarms.SITE_OFFLINE,
                     'state': 'raised'})})
        now = timeutils.utcnow()
        for name in raised:
            if not alarms.clear_site_offline(name, now):
                continue  # a new site, or another engine cleared it
            try:
                self.site_api.push(context.RequestContext(), name,
                                   messages.resync_hint(HINT_REASON, now))
            except Exception as exc:
                LOG.warning('Could not send the resync hint to site %s: %s',
                            name, exc)
            else:
                LOG.info('Site %s is back online; asked it to resync', name)

    def on_stored(self, result):
        """``ReportBatcher`` callback."""
        if result.back_online:
            self.back_online(result.back_online)
