"""One timer thread for every virtual site's reports, retries and events.

``Scheduler.call_at(when, func, *args)`` runs ``func(*args)`` in the
scheduler's thread at monotonic time ``when`` (at once if past); calls
due at the same time run in the order they were made. A call that
raises is logged and the others go on. ``call_every`` repeats a call
at a fixed period without drift. Calls must be short: slow work goes to
a pool.
"""

import heapq
import itertools
import threading
import time

from oslo_log import log as logging

LOG = logging.getLogger(__name__)


class Scheduler(object):

    def __init__(self, clock=time.monotonic):
        self._clock = clock
        self._heap = []
        self._order = itertools.count()
        self._cond = threading.Condition()
        self._stopped = False
        self._thread = None
        #: How late the last due call ran, in seconds.
        self.lag = 0.0

    def now(self):
        return self._clock()

    def call_at(self, when, func, *args):
        with self._cond:
            heapq.heappush(self._heap, (when, next(self._order), func, args))
            self._cond.notify()

    def call_later(self, delay, func, *args):
        self.call_at(self._clock() + delay, func, *args)

    def call_every(self, period, first, func, *args):
        """``func(*args)`` at ``first``, then every ``period`` seconds."""
        def tick(when):
            try:
                func(*args)
            finally:
                self.call_at(when + period, tick, when + period)
        self.call_at(first, tick, first)

    def __len__(self):
        return len(self._heap)

    def run_due(self):
        """Run every call that is due now; the time of the next one."""
        while True:
            with self._cond:
                if not self._heap:
                    return None
                when = self._heap[0][0]
                now = self._clock()
                if when > now:
                    return when
                _when, _order, func, args = heapq.heappop(self._heap)
                self.lag = now - when
            try:
                func(*args)
            except Exception:
                LOG.exception('A scheduled call failed')

    def _run(self):
        while True:
            self.run_due()
            with self._cond:
                if self._stopped:
                    return
                timeout = None
                if self._heap:
                    timeout = self._heap[0][0] - self._clock()
                    if timeout <= 0:
                        continue
                self._cond.wait(timeout)
                if self._stopped:
                    return

    def start(self):
        self._thread = threading.Thread(target=self._run, name='scheduler',
                                        daemon=True)
        self._thread.start()

    def stop(self, timeout=5):
        with self._cond:
            self._stopped = True
            self._cond.notify()
        if self._thread is not None:
            self._thread.join(timeout)
