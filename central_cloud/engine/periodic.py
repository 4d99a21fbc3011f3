"""Periodic jobs, each in its own thread (no eventlet).

A job runs every ``interval`` seconds, measured from the start of one run
to the start of the next; a run that raises is logged and the job goes
on.
"""

import threading
import time

from oslo_log import log as logging

LOG = logging.getLogger(__name__)


class PeriodicJob(object):

    def __init__(self, name, func, interval, initial_delay=0.0):
        self.name = name
        self.func = func
        self.interval = interval
        self.initial_delay = initial_delay
        self._stop = threading.Event()
        self._thread = None

    def start(self):
        self._stop.clear()
        self._thread = threading.Thread(target=self._run, name=self.name,
                                        daemon=True)
        self._thread.start()

    def stop(self):
        self._stop.set()

    def join(self, timeout=None):
        if self._thread is not None:
            self._thread.join(timeout)

    def run_once(self):
        try:
            self.func()
        except Exception:
            LOG.exception('Periodic job %s failed; it runs again in %s s',
                          self.name, self.interval)

    def _run(self):
        if self._stop.wait(self.initial_delay):
            return
        while True:
            started = time.monotonic()
            self.run_once()
            left = self.interval - (time.monotonic() - started)
            if self._stop.wait(max(0.0, left)):
                return
