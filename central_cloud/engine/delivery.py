"""``deliver``: acknowledged batches of a site's outbox (RPC API 1.2).

Items are handled in ``seq`` order, each as the cast of its kind would
be. An item is acknowledged only once its effect is committed, and it is
safe to apply again: reports dedupe by their (site, seq), progress moves
by compare-and-set, and alarms ignore what is older than the stored
alarm. So an item the site sends again (its ack was lost) is acked again
and changes nothing. An item central can never store is refused with the
reason. At the first item that fails for a passing reason (the database
is down), handling stops: that item and the ones after it are left out,
and the site sends them again later, in order.

Reports go through the batcher; the handler waits for their batch to be
committed before it handles an item of another kind, or answers. A delta
report (RPC API 1.5) that central cannot apply is neither acked nor
refused: the reply's ``resend_full`` asks the site for it whole.
"""

from oslo_log import log as logging

from central_cloud.db import api as db_api
from central_cloud.db import exception as db_exception
from central_cloud.engine import alarms
from central_cloud.engine import exception
from central_cloud.engine import ingest
from central_cloud.engine import progress

LOG = logging.getLogger(__name__)


class _Stop(Exception):
    """A passing failure: stop handling the rest of the batch."""


class Delivery(object):
    """Handles one ``deliver`` call; ``reply()`` is the answer."""

    def __init__(self, batcher, site, timeout):
        self.batcher = batcher
        self.site = site
        self.timeout = timeout
        self.acked = []
        self.refused = []
        self.resend_full = []
        self._reports = []  # (seq, Pending) not settled yet

    def reply(self):
        acked = list(dict.fromkeys(self.acked))
        reply = {'acked': acked}
        if self.refused:
            reply['refused'] = self.refused
        if self.resend_full:
            reply['resend_full'] = self.resend_full
        return reply

    def _refuse(self, seq, reason):
        LOG.warning('Refused outbox item %d of site %s: %s', seq, self.site,
                    reason)
        self.refused.append({'seq': seq, 'reason': reason[:1024]})

    def _settle_reports(self):
        """Wait for the queued reports; ack, refuse, or stop."""
        reports, self._reports = self._reports, []
        for seq, pending in reports:
            try:
                outcome = pending.wait(self.timeout)
            except Exception as exc:
                LOG.warning('Outbox item %d of site %s not stored yet: %s',
                            seq, self.site, exc)
                raise _Stop()
            if outcome == ingest.NEEDS_FULL:
                self.resend_full.append(seq)
            elif outcome == ingest.UNKNOWN_SITE:
                self._refuse(seq, 'site %s is not registered at central'
                             % self.site)
            else:
                self.acked.append(seq)

    def _handle(self, item):
        kind, payload, seq = item['kind'], item['payload'], item['seq']
        if kind == 'report':
            report = payload['report']
            if report['site'] != self.site:
                self._refuse(seq, 'the report is of site %s, not %s'
                             % (report['site'], self.site))
                return
            self._reports.append((seq, self.batcher.submit(report)))
            return
        # Anything else waits for the reports before it, to keep order.
        self._settle_reports()
        try:
            if kind == 'progress':
                progress.apply(payload['command_id'], payload['state'],
                               payload.get('result'), site=self.site,
                               seq=seq)
            elif payload['alarm']['site'] != self.site:
                raise exception.Refused(
                    'the alarm is of site %s, not %s'
                    % (payload['alarm']['site'], self.site))
            else:
                alarms.store(payload['alarm'])
        except exception.Refused as exc:
            self._refuse(seq, exc.reason)
            return
        except Exception as exc:
            LOG.warning('Outbox item %d (%s) of site %s not stored yet: %s',
                        seq, kind, self.site, exc)
            raise _Stop()
        self.acked.append(seq)

    def run(self, items):
        try:
            db_api.get_site(self.site)
        except db_exception.NotFound:
            for item in items:
                self._refuse(item['seq'], 'site %s is not registered at '
                             'central' % self.site)
            return self.reply()
        try:
            for item in sorted(items, key=lambda item: item['seq']):
                self._handle(item)
            self._settle_reports()
        except _Stop:
            pass
        LOG.debug('Delivery from site %s: %d item(s), %d acked, %d '
                  'refused', self.site, len(items), len(self.acked),
                  len(self.refused))
        return self.reply()
