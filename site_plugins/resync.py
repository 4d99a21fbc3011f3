"""Catch up with central after a start or a reconnect (M6).

The agent asks central (``request``) for the site's commands that are not
final yet and runs them (the runner dedupes by command id, so commands it
already knows are not run twice), then for the business data changed
since the last resync, which it keeps. Each business kind has its own
``until`` mark, kept in the outbox database.
"""

from oslo_log import log as logging

from central_cloud.protocol import exception as protocol_exception
from central_cloud.protocol import fields

LOG = logging.getLogger(__name__)

# Enough pages for any sane backlog; a loop never runs away.
MAX_PAGES = 1000


def _mark(kind):
    return 'resync.until.%s' % kind


class Resync(object):
    """One resync: ``run()`` asks central for everything it missed."""

    def __init__(self, site, api, conf, runner, records):
        self.site = site
        self.api = api
        self.conf = conf
        self.runner = runner
        self.records = records

    def run(self):
        """Ask for every kind; returns ``{kind: items received}``.

        Raises if central cannot be asked: the caller tries again later.
        """
        counts = {fields.COMMANDS: self._pages(fields.COMMANDS, None,
                                               self._command)}
        for kind in fields.BUSINESS_KINDS:
            try:
                counts[kind] = self._pages(
                    kind, self.records.setting(_mark(kind)),
                    self.records.keep_business_data, mark=True)
            except protocol_exception.PeerTooOld as exc:
                LOG.info('Resync of %s skipped: %s', kind, exc)
        LOG.info('Resync with central done: %s', ', '.join(
            '%s %d' % item for item in sorted(counts.items())))
        return counts

    def _pages(self, kind, since, handle, mark=False):
        received = 0
        for _page in range(MAX_PAGES):
            reply = self.api.request({}, self.site, kind, since,
                                     timeout=self.conf.central.call_timeout,
                                     retry=0)
            for item in reply['items']:
                handle(item)
                received += 1
            since = reply['until']
            if mark:
                self.records.set_setting(_mark(kind), since)
            if not reply['more']:
                break
        return received

    def _command(self, command):
        if command['site'] != self.site:
            LOG.warning('Resync: central sent command %s of site %s; '
                        'ignored', command['id'], command['site'])
            return
        self.runner.submit(command)
