"""Automatic supplementing (M12 S7): a site's shortage alarm.

A site is short when its latest report, plus central's in-flight claims,
shows ``[placement] shortage_usage_threshold`` of its VCPU, MEMORY_MB or
DISK_GB capacity in use (over the hosts that are up), or when a desktop
found no room there within ``[placement] shortage_window`` seconds (nova
answered NoValidHost there, or the placer had to borrow for it or could
place it nowhere). The periodic check raises the site's ``shortage``
alarm (one per site) with the reasons and clears it once none holds.
New requests for a short site need nothing more: the placer already
sends what the site cannot take to the nearest site with room, or to
the shared pool.

Each engine checks the sites it owns on the hash ring; one of them (the
owner of ``job:claims``) also deletes old claim records.
"""

import datetime

from oslo_log import log as logging
from oslo_utils import timeutils

from central_cloud.db import api as db_api
from central_cloud.db import exception as db_exception
from central_cloud.placement import capacity

LOG = logging.getLogger(__name__)

SHORTAGE = 'shortage'
CLAIMS_JOB = 'job:claims'


def reasons(site, threshold, no_room, window):
    """Why ``site`` (a ``view.SiteState``) is short; empty if it is not."""
    found = []
    if threshold and site.hosts and site.problem() is None:
        worst = capacity.usage(site.hosts, site.claims)
        if worst is not None and worst[0] >= threshold:
            found.append('%s usage is %.0f%% of its capacity (threshold '
                         '%.0f%%)' % (worst[1], worst[0] * 100,
                                      threshold * 100))
    if no_room:
        found.append('%d desktop(s) found no room there in the last %d s'
                     % (no_room, window))
    return found


class ShortageWatch(object):
    """``run_once()`` raises and clears the shortage alarms."""

    def __init__(self, view, partition, conf):
        self.view = view
        self.partition = partition
        self.conf = conf

    def run_once(self):
        """Returns ``(raised, cleared)`` counts."""
        options = self.conf.placement
        now = timeutils.utcnow()
        self.view.refresh(max_age=options.view_max_age)
        no_room = db_api.no_room_since(
            now - datetime.timedelta(seconds=options.shortage_window))
        raised = {alarm.site.name: alarm for alarm in db_api.list_alarms(
            filters={'kind': SHORTAGE, 'state': 'raised'})}
        with self.view.lock:
            found = {name: reasons(site, options.shortage_usage_threshold,
                                   no_room.get(name, 0),
                                   options.shortage_window)
                     for name, site in self.view.sites.items()
                     if self.partition.owns(name)}
        counts = [0, 0]
        for name, why in sorted(found.items()):
            # Desktops that found no room make it worse than high usage.
            severity = 'major' if no_room.get(name) else 'warning'
            counts[0 if why else 1] += self._set(name, why, severity,
                                                 raised.get(name), now)
        if self.partition.owns(CLAIMS_JOB):
            db_api.delete_stale_claims(now, options.claim_retention)
        return tuple(counts)

    @staticmethod
    def _set(site, why, severity, alarm, now):
        try:
            if why:
                message = 'Site %s is short of capacity: %s' % (
                    site, '; '.join(why))
                if alarm is not None and (alarm.message, alarm.severity) == (
                        message, severity):
                    return 0
                _row, changed = db_api.raise_alarm(
                    site, SHORTAGE, severity, SHORTAGE, message=message,
                    now=now)
                return int(changed)
            if alarm is None:
                return 0
            _row, changed = db_api.clear_alarm(site, SHORTAGE, now=now)
            return int(changed)
        except db_exception.NotFound:
            return 0  # the site was deleted meanwhile
