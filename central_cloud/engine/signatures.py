"""The engine's side of signed messages: keys, signer, verifier, alarms.

``Signatures(conf)`` gives the engine one cache of the sites' keys
(``signing.KeyCache`` over ``db.site_keys``, ``[signing]
key_cache_ttl``), a ``signer`` for what it sends and a ``verifier`` for
what it receives (``[signing] require_from_sites``).
``on_rejected(exc)`` raises the ``message_signature_invalid`` alarm of
the site a rejected message named, at most once per site per
``[signing] alarm_interval`` seconds: a flood of forged messages costs
one database write per site per interval, and the alarm row is one per
site whatever the flood.
"""

import collections
import threading
import time

from oslo_log import log as logging

from central_cloud.db import site_keys
from central_cloud.engine import alarms
from central_cloud.protocol import signing

LOG = logging.getLogger(__name__)

# Sites whose last alarm time is remembered; the oldest is forgotten.
MAX_TRACKED_SITES = 20000


class Signatures(object):

    def __init__(self, conf, load=None, clock=time.monotonic):
        self.keys = signing.KeyCache(load or site_keys.cache_entries,
                                     ttl=conf.signing.key_cache_ttl)
        self.signer = signing.CentralSigner(self.keys)
        self.verifier = signing.Verifier(
            self.keys, require=conf.signing.require_from_sites)
        self.alarm_interval = conf.signing.alarm_interval
        self._clock = clock
        self._lock = threading.Lock()
        self._alarmed = collections.OrderedDict()  # site -> monotonic time

    def _due(self, site):
        now = self._clock()
        with self._lock:
            last = self._alarmed.get(site)
            if last is not None and now - last < self.alarm_interval:
                return False
            self._alarmed[site] = now
            self._alarmed.move_to_end(site)
            while len(self._alarmed) > MAX_TRACKED_SITES:
                self._alarmed.popitem(last=False)
        return True

    def on_rejected(self, exc):
        """Alarm the site a rejected message named (rate-limited)."""
        if not exc.site or not self._due(exc.site):
            return
        if alarms.raise_signature_invalid(exc.site, str(exc)):
            LOG.warning('Alarm %s raised for site %s: a message in its name '
                        'was rejected', alarms.SIGNATURE_INVALID, exc.site)
