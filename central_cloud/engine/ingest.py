"""Monitoring reports: batched into few database transactions.

Reports arrive one message at a time, up to a thousand a second. The
handler only queues a report; one writer thread takes what arrived
within ``[engine] ingest_batch_window`` (at most ``ingest_batch_size``
reports) and stores it with one ``ingest_reports`` call, which dedupes by
(site, seq). Whoever needs to know that a report is committed (an
acknowledged ``deliver``) waits on the ``Pending`` that ``submit``
returns.
"""

import queue
import threading
import time

from oslo_log import log as logging
from oslo_utils import timeutils

from central_cloud.db import api as db_api
from central_cloud.protocol import report_delta
from central_cloud import report_summary

LOG = logging.getLogger(__name__)

STORED, DUPLICATE, UNKNOWN_SITE = 'stored', 'duplicate', 'unknown_site'
# A delta that could not be applied: the site sends it again whole.
NEEDS_FULL = 'needs_full'


class Pending(object):
    """The outcome of one queued report, once its batch is committed.

    ``wait()`` returns STORED, DUPLICATE, UNKNOWN_SITE or NEEDS_FULL,
    raises what the
    database raised, or raises TimeoutError.
    """

    __slots__ = ('_done', '_outcome', '_error')

    def __init__(self):
        self._done = threading.Event()
        self._outcome = None
        self._error = None

    def _finish(self, outcome=None, error=None):
        self._outcome, self._error = outcome, error
        self._done.set()

    def done(self):
        return self._done.is_set()

    def wait(self, timeout=None):
        if not self._done.wait(timeout):
            raise TimeoutError('the report was not stored within %s s'
                               % timeout)
        if self._error is not None:
            raise self._error
        return self._outcome


def report_row(report, now=None):
    """What ``ingest_reports`` takes for one protocol report.

    A delta's summary is made once it is applied.
    """
    summary = (None if report_delta.is_delta(report)
               else report_summary.summarise(report))
    return {'site': report['site'], 'seq': report['seq'], 'body': report,
            'summary': summary, 'received_at': now or timeutils.utcnow()}


class ReportBatcher(object):
    """Queues reports and stores them in batches from one thread.

    ``on_stored(result)`` is called with each batch's ``IngestResult``
    after its waiters were released (e.g. to handle sites back online).
    """

    def __init__(self, batch_size=200, window=0.05, history_size=None,
                 on_stored=None, store=None):
        self.batch_size = batch_size
        self.window = window
        self.history_size = history_size
        self.on_stored = on_stored or (lambda result: None)
        self._store = store or db_api.ingest_reports
        self._queue = queue.SimpleQueue()
        self._thread = None
        self._stopping = threading.Event()

    def start(self):
        self._stopping.clear()
        self._thread = threading.Thread(target=self._run,
                                        name='report-writer', daemon=True)
        self._thread.start()

    def stop(self, timeout=30):
        """Store what is queued, then end the writer thread."""
        self._stopping.set()
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None

    def submit(self, report, now=None):
        """Queue one protocol report; returns its ``Pending``."""
        pending = Pending()
        self._queue.put((report_row(report, now), pending))
        return pending

    def _take_batch(self):
        try:
            first = self._queue.get(timeout=0.2)
        except queue.Empty:
            return []
        batch = [first]
        deadline = time.monotonic() + self.window
        while len(batch) < self.batch_size:
            left = deadline - time.monotonic()
            try:
                batch.append(self._queue.get(timeout=left) if left > 0
                             else self._queue.get_nowait())
            except queue.Empty:
                break
        return batch

    def _run(self):
        while True:
            batch = self._take_batch()
            if batch:
                self.flush(batch)
            elif self._stopping.is_set():
                return

    def flush(self, batch):
        """Store ``[(row, pending)]`` in one transaction; never raises."""
        try:
            result = self._store([row for row, _pending in batch],
                                 history_size=self.history_size)
        except Exception as exc:
            LOG.error('Could not store %d monitoring report(s): %s',
                      len(batch), exc)
            for _row, pending in batch:
                pending._finish(error=exc)
            return
        outcomes = dict.fromkeys(result.duplicates, DUPLICATE)
        outcomes.update(dict.fromkeys(result.unknown_sites, UNKNOWN_SITE))
        outcomes.update(dict.fromkeys(result.needs_full, NEEDS_FULL))
        for row, pending in batch:
            pending._finish(outcomes.get((row['site'], row['seq']), STORED))
        LOG.debug('Stored %d report(s): %d duplicate(s), %d of unknown '
                  'sites', len(result.accepted), len(result.duplicates),
                  len(result.unknown_sites))
        try:
            self.on_stored(result)
        except Exception:
            LOG.exception('Handling the sites of a stored batch failed')
