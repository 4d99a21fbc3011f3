"""Which engine handles which site: a tooz hash ring (DESIGN: scale-out).

Every engine joins one partitioned tooz group; a site (or a job name)
belongs to the one engine the ring maps it to. When an engine joins, or
leaves or stops heartbeating (tooz expires it), the ring changes at the
next ``tick()`` and its sites move to the others. The handlers stay safe
when two engines briefly both think they own a site: each state change is
a compare-and-set in the database.

Without a backend URL, or while the backend cannot be reached, this
engine owns everything.
"""

import os
import threading
import uuid

from oslo_log import log as logging
from tooz import coordination

LOG = logging.getLogger(__name__)

GROUP = b'desktop-central-engine'


def member_id(host):
    """A member id unique to this process, so a restart never collides."""
    return ('%s.%d.%s' % (host, os.getpid(), uuid.uuid4().hex[:8])).encode()


class Partition(object):

    def __init__(self, backend_url, member):
        self.backend_url = backend_url
        self.member = member
        self._coordinator = None
        self._partitioner = None
        self._started = False
        self._lock = threading.Lock()

    def start(self):
        """Connect and join; a bad URL raises, an unreachable backend not."""
        if not self.backend_url:
            LOG.info('No [coordination] backend_url: this engine handles '
                     'every site')
            return
        try:
            self._coordinator = coordination.get_coordinator(
                self.backend_url, self.member)
        except Exception as exc:
            # An unknown scheme, or a driver whose library is missing.
            raise coordination.ToozError(
                'cannot use %s: %s' % (self._shown_url(), exc)) from None
        self.tick()

    def _shown_url(self):
        return self.backend_url.split('://')[0] + '://...' \
            if '@' in self.backend_url else self.backend_url

    def _join(self):
        if not self._started:
            self._coordinator.start(start_heart=False)
            self._started = True
        self._partitioner = self._coordinator.join_partitioned_group(GROUP)
        LOG.info('Engine %s joined the engine group; members: %s',
                 self.member.decode(), self.members())

    def tick(self):
        """Heartbeat, learn who joined or left; join again if needed."""
        if self._coordinator is None:
            return
        with self._lock:
            try:
                if self._partitioner is None:
                    self._join()
                self._coordinator.heartbeat()
                self._coordinator.run_watchers()
            except Exception as exc:
                LOG.warning('Coordination backend failed (%s: %s); this '
                            'engine keeps its sites', type(exc).__name__,
                            exc)

    def members(self):
        ring = getattr(self._partitioner, 'ring', None)
        nodes = getattr(ring, 'nodes', {}) or {}
        return sorted(m.decode() if isinstance(m, bytes) else m
                      for m in nodes)

    def owns(self, key):
        """Whether this engine handles ``key`` (a site name or job name)."""
        partitioner = self._partitioner
        if partitioner is None:
            return True
        try:
            return partitioner.belongs_to_self(key)
        except Exception as exc:
            # An empty ring (e.g. we were expired): do it rather than no one.
            LOG.debug('Ring lookup of %s failed: %s', key, exc)
            return True

    def stop(self):
        with self._lock:
            if self._partitioner is not None:
                try:
                    self._coordinator.leave_partitioned_group(
                        self._partitioner)
                except Exception as exc:
                    LOG.debug('Leaving the engine group failed: %s', exc)
                self._partitioner = None
            if self._started:
                try:
                    self._coordinator.stop()
                except Exception as exc:
                    LOG.debug('Stopping coordination failed: %s', exc)
                self._started = False
