"""The re-drive: stalled commands sent again, until they end (M5).

``commands_to_redrive`` claims, by compare-and-set, the sent or running
commands that had no progress for ``[engine] redrive_after`` seconds
(and pending ones never sent for that long), with one more attempt each;
they are cast again (the site dedupes by command id). A command already
sent ``max_attempts`` times is failed instead, with an error that says
so, and its desktop goes to error. It is one global job: the engine that
owns it on the ring runs it, and two running it at once claim different
commands.
"""

from oslo_context import context
from oslo_log import log as logging
from oslo_utils import timeutils

from central_cloud.db import api as db_api
from central_cloud.db import transaction
from central_cloud.engine import desktops
from central_cloud.engine import dispatcher
from central_cloud.engine import progress

LOG = logging.getLogger(__name__)

JOB = 'job:redrive'


def gave_up_error(command, redrive_after):
    return ('%s: no progress from site %s after %d attempts, each %d s '
            'apart; check the site agent, then create the command again'
            % (progress.GAVE_UP, command.site.name, command.attempts,
               redrive_after))


class Redriver(object):

    def __init__(self, site_api, partition, redrive_after, max_attempts,
                 batch_size=200):
        self.site_api = site_api
        self.partition = partition
        self.redrive_after = redrive_after
        self.max_attempts = max_attempts
        self.batch_size = batch_size

    def run_once(self):
        """Returns ``(sent again, given up)`` counts."""
        if not self.partition.owns(JOB):
            return 0, 0
        result = db_api.commands_to_redrive(
            timeutils.utcnow(), self.redrive_after, self.max_attempts,
            self.batch_size)
        ctxt = context.RequestContext()
        sent = 0
        sites = dispatcher.sites_of(result.redrive) if result.redrive else {}
        for command in result.redrive:
            site = sites.get(command.site.name)
            if site is not None and site.management_state != 'managed':
                LOG.info('Command %s not sent again: site %s is %s',
                         command.id, site.name, site.management_state)
                continue
            sent += dispatcher.send(self.site_api, command, ctxt)
        for command in result.gave_up:
            self._gave_up(command)
        return sent, len(result.gave_up)

    def _gave_up(self, command):
        error = gave_up_error(command, self.redrive_after)
        with transaction.writer():
            # Still failed (no late progress meanwhile): say why, clearly.
            if db_api.command_transition(command.id, ['failed'], 'failed',
                                         error=error):
                desktops.failed(command)
        LOG.error('Command %s (%s at site %s) failed: %s', command.id,
                  command.action, command.site.name, error)
