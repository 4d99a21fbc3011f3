"""Notices push: each new notice to its target sites (M4).

The database has no "pushed" column, so the engine keeps the id of the
last notice it pushed in a marker file (``$state_path/engine/
notices-pushed``): notice ids only grow. Without the file (a new
engine) every stored notice is pushed once more, which the sites take
as the same version. Offline sites, and unmanaged or maintenance ones,
get no push: they fetch notices with ``request`` when they resync.
It is one global job, run by the engine that owns it on the ring.
"""

import os

from oslo_context import context
from oslo_log import log as logging

from central_cloud.db import api as db_api
from central_cloud.engine import dispatcher
from central_cloud.engine import listing
from central_cloud.engine import messages
from central_cloud.engine import targets
from central_cloud.protocol import exception as protocol_exception

LOG = logging.getLogger(__name__)

JOB = 'job:notices'
# Notices pushed in one run at most; the next run goes on.
PER_RUN = 20


class Marker(object):
    """The id of the last notice pushed, kept in a small file."""

    def __init__(self, path):
        self.path = path
        self._memory = None

    def read(self):
        if self._memory is not None:
            return self._memory
        try:
            with open(self.path) as marker:
                self._memory = int(marker.read().strip())
        except FileNotFoundError:
            return None
        except (OSError, ValueError) as exc:
            LOG.warning('Ignoring the notices marker %s: %s', self.path, exc)
            return None
        return self._memory

    def write(self, notice_id):
        self._memory = notice_id
        try:
            os.makedirs(os.path.dirname(self.path), exist_ok=True)
            temporary = self.path + '.tmp'
            with open(temporary, 'w') as marker:
                marker.write('%d\n' % notice_id)
            os.replace(temporary, self.path)
        except OSError as exc:
            LOG.warning('Cannot keep the notices marker in %s (%s); it is '
                        'kept in memory only', self.path, exc)


class NoticePusher(object):

    def __init__(self, site_api, partition, marker):
        self.site_api = site_api
        self.partition = partition
        self.marker = marker

    def run_once(self):
        """Returns the ids of the notices pushed."""
        if not self.partition.owns(JOB):
            return []
        last = self.marker.read()
        new = [notice for notice in listing.every(
            db_api.list_notices, lambda notice: notice.id, sort_dir='asc')
            if last is None or notice.id > last][:PER_RUN]
        for notice in new:
            self.push(notice)
            self.marker.write(notice.id)
        return [notice.id for notice in new]

    def push(self, notice):
        """Cast one notice to every reachable site it targets."""
        try:
            data = messages.checked('business_data',
                                    messages.notice(notice))
        except protocol_exception.InvalidMessage as exc:
            LOG.error('Notice %d cannot be pushed: %s', notice.id, exc)
            return 0
        ctxt = context.RequestContext()
        pushed = 0
        for site in listing.every(db_api.list_sites, lambda site: site.name,
                                  filters={'management_state': 'managed'}):
            if not (dispatcher.reachable(site)
                    and targets.covers(notice.targets, site)):
                continue
            try:
                self.site_api.push(ctxt, site.name, data)
            except protocol_exception.PeerTooOld as exc:
                LOG.warning('Notice %d not pushed: %s; sites get it when '
                            'they resync', notice.id, exc)
                return pushed
            except Exception as exc:
                LOG.warning('Could not push notice %d to site %s (%s); it '
                            'gets it when it resyncs', notice.id, site.name,
                            exc)
                continue
            pushed += 1
        LOG.info('Pushed notice %d (%s) to %d site(s)', notice.id,
                 notice.title, pushed)
        return pushed
