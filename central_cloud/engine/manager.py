"""The engine's handler of what sites send (``CentralEndpoint``'s manager).

The endpoint has validated every payload against its schema before a
method here runs. Casts (``report``, ``progress``, ``alarm``) promise the
site nothing, so a failure is logged and the message dropped; the calls
(``request``, ``deliver``) answer with what is committed.
"""

from oslo_log import log as logging

from central_cloud.engine import alarms
from central_cloud.engine import delivery
from central_cloud.engine import exception
from central_cloud.engine import progress
from central_cloud.engine import resync
from central_cloud.protocol import signing

LOG = logging.getLogger(__name__)


class EngineManager(object):
    """Handles what the sites send.

    ``batcher``: the ``ingest.ReportBatcher`` that stores reports;
    ``deliver_timeout``: how long ``deliver`` waits for their commit.
    """

    def __init__(self, batcher, deliver_timeout=20.0):
        self.batcher = batcher
        self.deliver_timeout = deliver_timeout

    def report(self, ctxt, report):
        """Queue a monitoring report (M12); stored within a batch window."""
        self.batcher.submit(report)

    def progress(self, ctxt, command_id, state, result=None):
        """Move a command along its state machine (M5).

        A signed message may move only a command of the site it speaks
        for.
        """
        try:
            progress.apply(command_id, state, result,
                           site=signing.verified_site(ctxt))
        except exception.Refused as exc:
            LOG.warning('Dropped progress %s of command %s: %s', state,
                        command_id, exc.reason)
        except Exception:
            LOG.exception('Could not store progress %s of command %s',
                          state, command_id)

    def alarm(self, ctxt, alarm):
        """Raise or clear a site's alarm (M7)."""
        try:
            alarms.store(alarm)
        except exception.Refused as exc:
            LOG.warning('Dropped alarm %s of site %s: %s', alarm['key'],
                        alarm['site'], exc.reason)
        except Exception:
            LOG.exception('Could not store alarm %s of site %s',
                          alarm['key'], alarm['site'])

    def request(self, ctxt, site, kind, since=None):
        """What the site missed of ``kind`` since ``since`` (resync, M6)."""
        return resync.answer(site, kind, since)

    def deliver(self, ctxt, site, items):
        """Store outbox items; ``{'acked': [...], 'refused': [...]}``."""
        return delivery.Delivery(self.batcher, site,
                                 self.deliver_timeout).run(items)
