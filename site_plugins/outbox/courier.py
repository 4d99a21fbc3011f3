"""Deliver the outbox to central, oldest first, until central has it.

Batches go out with the ``deliver`` call (RPC API 1.2); only the items
central acknowledges (or refuses for good) are deleted. While central or
the bus cannot be reached, the courier waits with a growing delay and
tries again; nothing is dropped. If central is older than 1.2, or the
agent is capped below it, items go out as the 1.0 casts instead: they are
deleted once the broker took them, which is all a cast can promise.

Reports stay whole in the outbox; from RPC API 1.5 the courier sends
each as a delta against the report central acknowledged last
(``report_delta.ReportDeltas``), and whole again when central asks
(``resend_full``), after a restart, or when central is older.
"""

import random
import threading
import time

from oslo_log import log as logging

from central_cloud.protocol import central_api
from central_cloud.protocol import downgrade
from central_cloud.protocol import exception as protocol_exception
from central_cloud.protocol import report_delta
from central_cloud.protocol import validation
from central_cloud.protocol import versions

LOG = logging.getLogger(__name__)

# Seconds before trying ``deliver`` again after central said it is too
# old: central may have been upgraded meanwhile.
LEGACY_RETRY = 600
# The newest version without delta reports.
BEFORE_DELTAS = versions.KNOWN[versions.KNOWN.index(versions.REPORT_DELTA)
                               - 1]


class Backoff(object):
    """Delays that double from ``initial`` up to ``maximum``, jittered."""

    def __init__(self, initial, maximum, jitter=0.2, rand=random.random):
        self.initial = initial
        self.maximum = maximum
        self.jitter = jitter
        self._rand = rand
        self.failures = 0

    def next(self):
        delay = min(self.initial * (2 ** self.failures), self.maximum)
        self.failures += 1
        return delay * (1 - self.jitter * self._rand())

    def reset(self):
        self.failures = 0


class Courier(object):
    """Moves items from ``outbox`` to central through ``api``.

    ``on_link_up()`` is called after the first successful delivery and
    after every one that follows a failure: the agent resyncs then.
    """

    def __init__(self, site, outbox, api, conf, on_link_up=None):
        self.site = site
        self.outbox = outbox
        self.api = api
        self.conf = conf
        self.on_link_up = on_link_up or (lambda: None)
        self.link_up = False
        self.legacy_until = 0.0
        self.full_until = 0.0
        self.deltas = report_delta.ReportDeltas()
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._backoff = Backoff(conf.central.retry_interval,
                                conf.central.retry_interval_max)

    def wake(self):
        """Something was put in the outbox: deliver it now."""
        self._wake.set()

    def stop(self):
        self._stop.set()
        self._wake.set()

    def run(self):
        """Deliver until ``stop()``; meant for its own thread."""
        while not self._stop.is_set():
            self._wake.clear()
            delay = self.step()
            if delay is None:
                self._wake.wait(self.conf.monitor.report_interval)
            elif delay:
                self._stop.wait(delay)

    def step(self):
        """One delivery attempt; the seconds to wait before the next.

        0: a batch went, send the next at once; None: the outbox is
        empty; more: central could not be reached (the growing delay).
        """
        try:
            sent = self.deliver_once()
        except Exception as exc:
            self._link_failed(exc)
            return self._backoff.next()
        return 0 if sent else None

    def deliver_once(self):
        """Send one batch; returns how many items left the outbox.

        Raises what the bus or central raised; the items stay then.
        """
        items = self.outbox.pending(self.conf.central.batch_size)
        if not items:
            return 0
        self.outbox.attempted([item['seq'] for item in items])
        if time.monotonic() < self.legacy_until:
            done = self._cast(items)
        else:
            done = self._deliver(items)
        self._link_ok()
        return done

    def _sends_deltas(self):
        return (self.conf.central.report_deltas
                and time.monotonic() >= self.full_until
                and self.api.can_send_version(versions.REPORT_DELTA))

    def _outgoing(self, items):
        """``items`` with their reports as deltas, when central takes them.

        Returns ``(items to send, {item seq: report seq})``.
        """
        reports = {item['seq']: item['payload']['report']['seq']
                   for item in items if item['kind'] == 'report'}
        if not reports or not self._sends_deltas():
            self.deltas.reset()
            if time.monotonic() < self.full_until:
                # Central said it is older than deltas: nothing of 1.5.
                items = [downgrade.item_at(item, BEFORE_DELTAS)
                         for item in items]
            return items, reports
        messages = iter(self.deltas.outgoing(
            [item['payload']['report'] for item in items
             if item['kind'] == 'report']))
        outgoing = [dict(item, payload=dict(item['payload'],
                                            report=next(messages)))
                    if item['kind'] == 'report' else item
                    for item in items]
        return outgoing, reports

    def _settle_reports(self, reports, acked, resend_full):
        self.deltas.settle([reports[seq] for seq in acked if seq in reports],
                           [reports[seq] for seq in resend_full
                            if seq in reports])
        if resend_full:
            LOG.info('Central asks for %d report(s) again in full (it '
                     'could not apply them as deltas)', len(resend_full))
            self.wake()

    def _deliver(self, items):
        outgoing, reports = self._outgoing(items)
        try:
            reply = self.api.deliver(
                {}, self.site, outgoing,
                timeout=self.conf.central.call_timeout, retry=0)
        except protocol_exception.PeerTooOld as exc:
            if outgoing is not items:
                LOG.warning('Central cannot take delta reports (%s); '
                            'sending full reports for %d s', exc,
                            LEGACY_RETRY)
                self.full_until = time.monotonic() + LEGACY_RETRY
                self.deltas.reset()
                return self._deliver(items)
            LOG.warning('Central cannot acknowledge deliveries (%s); '
                        'sending the outbox as plain casts for %d s', exc,
                        LEGACY_RETRY)
            self.legacy_until = time.monotonic() + LEGACY_RETRY
            return self._cast(items)
        except protocol_exception.InvalidMessage:
            self.deltas.reset()
            buried = self._sort_out(items)
            if buried or len(items) == 1:
                return buried
            # Each item is fine but together they are too big: send the
            # oldest alone.
            return self._deliver(items[:1])
        refused = {r['seq']: r['reason'] for r in reply.get('refused', [])}
        for item in items:
            if item['seq'] in refused:
                LOG.error('Central refused outbox item %d (%s): %s',
                          item['seq'], item['kind'], refused[item['seq']])
                self.outbox.bury(item, 'refused by central: %s'
                                 % refused[item['seq']])
        acked = [seq for seq in reply['acked'] if seq not in refused]
        self.outbox.ack(acked)
        self._settle_reports(reports, acked, reply.get('resend_full', ()))
        missing = len(items) - len(acked) - len(refused)
        if missing:
            LOG.info('Central kept %d of %d outbox items; the other %d '
                     'will be sent again', len(acked) + len(refused),
                     len(items), missing)
        return len(acked) + len(refused)

    def _cast(self, items):
        self.deltas.reset()
        done = 0
        for item in items:
            getattr(self.api, item['kind'])({}, retry=0, **item['payload'])
            self.outbox.ack([item['seq']])
            done += 1
        return done

    def _sort_out(self, items):
        """A batch the client refused to send: set the bad items aside.

        Items are checked when they enter the outbox, so this only
        happens after an upgrade changed the rules; a bad item is kept
        in ``dead_items`` with the reason, never silently lost. The good
        ones go with the next batch.
        """
        done = 0
        for item in items:
            try:
                validation.validate('outbox_item', item)
            except protocol_exception.InvalidMessage as exc:
                reason = str(exc)
            else:
                if central_api.item_site(item) in (None, self.site):
                    continue
                reason = 'it belongs to site %s' % central_api.item_site(
                    item)
            LOG.error('Outbox item %d (%s) cannot be sent: %s',
                      item['seq'], item['kind'], reason)
            self.outbox.bury(item, reason)
            done += 1
        return done

    def _link_ok(self):
        self._backoff.reset()
        if not self.link_up:
            LOG.info('Central is reachable; %d item(s) in the outbox',
                     len(self.outbox))
            self.link_up = True
            self.on_link_up()

    def _link_failed(self, exc):
        if self.link_up or self._backoff.failures == 0:
            LOG.warning('Cannot deliver to central (%s: %s); %d item(s) wait '
                        'in the outbox', type(exc).__name__, exc,
                        len(self.outbox))
        else:
            LOG.debug('Central still unreachable: %s', exc)
        self.link_up = False
