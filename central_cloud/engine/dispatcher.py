"""The dispatcher: pending commands out to their sites (M5).

The REST API writes each command as a ``pending`` row. The dispatcher
claims one with a compare-and-set (``pending -> sent``, attempt 1) and
casts ``execute`` only if that claim won, so two engines never both send
it. Commands of a site that is offline, unmanaged or in maintenance stay
pending. A command the protocol cannot express fails at once with the
reason; one whose cast failed is sent again by the re-drive.

A ``create`` is placed first (``placement.placer``): the engine that owns
its home site claims room for it, at home or at a lender (the command
then moves there), or fails it with the reasons when no site has room.
Placement does not wait for the home site to be reachable: an offline
home site is one more reason to borrow.

A run works a page at a time: it loads the page's sites, desktops and
the sites that refused them in one query each, places its creates on a
pool of ``workers`` threads (each placement is its own transaction,
mostly waiting on the database), claims every command it can send with
one compare-and-set transaction (``claim_pending``), then casts the
claimed ones on the pool. A command is always persisted as sent before
it is cast.
"""

import futurist
from oslo_context import context
from oslo_log import log as logging
from oslo_utils import timeutils

from central_cloud.db import api as db_api
from central_cloud.db import transaction
from central_cloud.engine import desktops
from central_cloud.engine import messages
from central_cloud.placement import placer as placer_mod
from central_cloud.protocol import exception as protocol_exception

LOG = logging.getLogger(__name__)

PAGE = 500
MAX_PAGES = 20


def reachable(site):
    """Whether commands may go to ``site`` (a site row) now."""
    return (site is not None and site.management_state == 'managed'
            and site.availability != 'offline')


def fail(command, error):
    """Fail a sent or running command and put its desktop in error."""
    with transaction.writer():
        changed = db_api.command_transition(
            command.id, ['sent', 'running'], 'failed', error=error)
        if changed:
            desktops.failed(command)
    if changed:
        LOG.error('Command %s (%s at site %s) failed: %s', command.id,
                  command.action, command.site.name, error)
    return changed


def send(site_api, command, ctxt=None):
    """Cast a claimed command to its site; True if the broker took it."""
    site = command.site.name
    try:
        site_api.execute(ctxt or context.RequestContext(), site,
                         messages.command(command))
    except protocol_exception.InvalidMessage as exc:
        fail(command, 'cannot be sent: %s' % exc)
        return False
    except Exception as exc:
        LOG.warning('Could not send command %s to site %s (%s: %s); the '
                    're-drive sends it again', command.id, site,
                    type(exc).__name__, exc)
        return False
    LOG.info('Sent command %s (%s) to site %s, attempt %d', command.id,
             command.action, site, command.attempts)
    return True


def sites_of(rows):
    names = sorted({row.site.name for row in rows})
    return {site.name: site for site in db_api.list_sites(
        filters={'name': names}, limit=len(names))}


class Dispatcher(object):
    """``run_once()`` sends up to ``batch_size`` pending commands.

    ``placer``: the ``placement.placer.Placer`` of pending creates (one
    with its own view by default). ``workers``: how many commands are
    placed, claimed and cast at once.
    """

    def __init__(self, site_api, partition, batch_size=200, placer=None,
                 workers=8):
        self.site_api = site_api
        self.partition = partition
        self.batch_size = batch_size
        self.placer = placer or placer_mod.Placer()
        self.workers = workers
        self._pool = None

    def _refresh(self):
        try:
            self.placer.refresh(max_age=0)
        except Exception:
            LOG.exception('Could not reload the sites for placement; '
                          'placing on what was loaded before')
        return True

    def _place(self, command, desktop, refused):
        """The command once placed (maybe moved), or None to skip it."""
        try:
            outcome = self.placer.place(command, desktop=desktop,
                                        refused=refused)
        except Exception:
            LOG.exception('Could not place command %s; it stays pending '
                          'and is placed again at the next run',
                          command.id)
            return None
        if outcome.kind in (placer_mod.PLACED, placer_mod.UNPLACED):
            return outcome.command
        return None

    def _map(self, func, items):
        """``func`` over ``items`` on the pool; a failure counts as None."""
        if self.workers <= 1 or len(items) <= 1:
            results = []
            for item in items:
                try:
                    results.append(func(item))
                except Exception:
                    LOG.exception('Dispatching a command failed')
                    results.append(None)
            return results
        if self._pool is None:
            self._pool = futurist.ThreadPoolExecutor(self.workers)
        futures = [self._pool.submit(func, item) for item in items]
        results = []
        for future in futures:
            try:
                results.append(future.result())
            except Exception:
                # The command stays as it is: the next run or the
                # re-drive takes it again.
                LOG.exception('Dispatching a command failed')
                results.append(None)
        return results

    def _placed(self, rows, placed):
        """The page's rows once their creates are placed (None: skip)."""
        unplaced = [row for row in rows
                    if row.action == 'create' and row.id not in placed]
        if not unplaced:
            return rows
        ids = [row.desktop_id for row in unplaced if row.desktop_id]
        desktops = {d.id: d for d in db_api.list_desktops(
            filters={'id': ids}, limit=len(ids))} if ids else {}
        refused = db_api.refused_sites_of(ids)
        outcome = dict(zip(
            [row.id for row in unplaced],
            self._map(lambda row: self._place(
                row, desktops.get(row.desktop_id),
                refused.get(row.desktop_id, [])), unplaced)))
        return [outcome[row.id] if row.id in outcome else row
                for row in rows]

    def _send(self, rows, ctxt):
        """Claim the rows in one transaction, then cast the claimed."""
        now = timeutils.utcnow()
        won = db_api.claim_pending([row.id for row in rows], now)
        claimed = [row for row in rows if row.id in won]
        for row in claimed:
            row.update({'state': 'sent', 'attempts': 1,
                        'last_sent_at': now})
        return sum(1 for ok in self._map(
            lambda row: send(self.site_api, row, ctxt), claimed) if ok)

    def run_once(self):
        """Returns how many commands were sent."""
        ctxt = context.RequestContext()
        sent, marker, refreshed = 0, None, False
        for _page in range(MAX_PAGES):
            rows = db_api.list_commands(filters={'state': 'pending'},
                                        limit=PAGE, marker=marker)
            if not rows:
                break
            mine = [row for row in rows
                    if self.partition.owns(row.site.name)]
            mine = mine[:self.batch_size - sent]
            creates = [row.id for row in mine if row.action == 'create']
            placed = db_api.claimed_commands(creates)
            if set(creates) - placed and not refreshed:
                # Each run decides on the sites as they are now.
                refreshed = self._refresh()
            ready = [row for row in self._placed(mine, placed) if row]
            # Placement may have moved commands to lenders: the sites as
            # they are after it.
            sites = sites_of(ready) if ready else {}
            sent += self._send([row for row in ready
                                if reachable(sites.get(row.site.name))],
                               ctxt)
            if sent >= self.batch_size or len(rows) < PAGE:
                break
            marker = rows[-1].id
        return sent

    def stop(self):
        if self._pool is not None:
            self._pool.shutdown(wait=True)
            self._pool = None
