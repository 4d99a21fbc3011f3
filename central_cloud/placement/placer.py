"""The engine's placer: put a pending create command where it fits.

``Placer.place(command)`` decides on the in-memory view
(``decide.candidates``) and writes the claim with
``db_api.place_create``, which checks the choice again under the site's
row lock, so two engines (or two commands) never take the same free
host capacity. A borrowed desktop moves to the lender with its command,
records its home site as origin, and carries the scheduler hint
``desktop_origin_site`` for the lender's nova filter. When no site has
room, the command and its desktop fail with the reasons, site by site.
"""

import collections

from oslo_log import log as logging

import central_cloud.conf
from central_cloud.db import api as db_api
from central_cloud.db import exception as db_exception
from central_cloud.db import transaction
from central_cloud.engine import desktops
from central_cloud.placement import capacity
from central_cloud.placement import decide
from central_cloud.placement import view as view_mod

CONF = central_cloud.conf.CONF
LOG = logging.getLogger(__name__)

ORIGIN_HINT = decide.ORIGIN_HINT
# Sites checked against the database for one placement before the view
# is reloaded once and the search starts again.
DB_TRIES = 5

PLACED, UNPLACED, FAILED, SKIPPED = 'placed', 'unplaced', 'failed', 'skipped'
Outcome = collections.namedtuple('Outcome', ['kind', 'command', 'message'])


def chooser(lending, size):
    """The host picker ``place_create`` calls under the site's lock.

    A lender (``lending``) keeps its reserve; the home site does not.
    """
    def choose(site, body, claims):
        if site.management_state != 'managed' or \
                site.availability == 'offline' or body is None:
            return None
        flavors = capacity.flavors_of(body)
        own = capacity.find_flavor(flavors, size.name) if flavors else None
        need = (own or size).need
        if flavors is not None and own is None:
            return None
        reserve = site.reserve_ratio if lending else 0.0
        host = capacity.choose_host(capacity.hosts_of(body), claims, need,
                                    reserve)
        return (host, need) if host else None
    return choose


class Placer(object):
    """Places create commands; shares its ``view`` with other jobs."""

    def __init__(self, view=None, conf=None):
        self.view = view or view_mod.View()
        self.conf = conf or CONF

    def refresh(self, max_age=None):
        """Reload what changed, if the view is older than ``max_age``.

        The default is ``[placement] view_max_age``.
        """
        if max_age is None:
            max_age = self.conf.placement.view_max_age
        self.view.refresh(max_age=max_age)

    def request_for(self, desktop, count=1, exclude=()):
        home = desktop.origin_site or desktop.site
        site = self.view.sites.get(home.name)
        return decide.request(
            home.name, desktop.template_type, desktop.flavor, count,
            decide.effective_scope(
                desktop.scope, site.group if site else home.group,
                self.conf.placement.group_scopes,
                self.conf.placement.default_scope),
            exclude)

    def place(self, command, desktop=None, refused=None):
        """Place one pending create command; returns an ``Outcome``.

        ``desktop`` and ``refused`` (the sites whose nova refused it):
        what the caller loaded already (the dispatcher loads a page's in
        one query each).

        ``placed``: claimed (the command may have moved to a lender);
        ``unplaced``: to be sent where it is, as before placement
        existed (the flavor's size is unknown because no site reports
        it, or the command has no desktop being built); ``failed``: no
        site has room, the command and its desktop failed; ``skipped``:
        leave it (another engine placed it, or it changed meanwhile).
        """
        if desktop is None or desktop.id != command.desktop_id:
            try:
                desktop = db_api.get_desktop(command.desktop_id)
            except db_exception.NotFound:
                return Outcome(UNPLACED, command, 'it has no desktop')
        if desktop.state != 'building':
            return Outcome(UNPLACED, command,
                           'its desktop is %s' % desktop.state)
        self.refresh()
        req = self.request_for(desktop,
                               exclude=db_api.refused_sites(desktop.id)
                               if refused is None else refused)
        with self.view.lock:
            try:
                flavor = decide.home_size(self.view, req)
            except decide.UnknownFlavor as exc:
                LOG.warning('Command %s goes to site %s unplaced: %s (its '
                            'agent may predate flavor reports)', command.id,
                            command.site.name, exc)
                return Outcome(UNPLACED, command, str(exc))
        for attempt in range(2):
            outcome = self._try(command, desktop, req, flavor)
            if outcome is not None:
                return outcome
            # The view was wrong about every site it offered: reload.
            self.view.refresh(max_age=0)
        return self._fail(command, desktop, req, flavor)

    def _try(self, command, desktop, req, flavor):
        with self.view.lock:
            problem = decide.home_problem(self.view, req, flavor)
            found = []
            for entry in decide.candidates(self.view, req, flavor):
                found.append(entry)
                if len(found) >= DB_TRIES:
                    break
        home_short = problem is not None and problem[0] == 'short'
        for role, km, site, size in found:
            borrowed = role != decide.HOME
            try:
                claim = db_api.place_create(
                    command.id, site.name, req.home,
                    chooser(borrowed, size),
                    scheduler_hints={ORIGIN_HINT: req.home},
                    home_short=home_short)
            except db_exception.Conflict as exc:
                LOG.info('Command %s is not placed here: %s', command.id,
                         exc)
                return Outcome(SKIPPED, command, str(exc))
            if claim is None:
                LOG.debug('Site %s had no room for command %s after all; '
                          'reloading it', site.name, command.id)
                self.view.refresh_site(site.name)
                continue
            self.view.add_claim(site.name, claim.host,
                                (claim.vcpus, claim.memory_mb,
                                 claim.disk_gb))
            self._log_placed(command, desktop, req, role, km, site, claim,
                             problem)
            return Outcome(PLACED, db_api.get_command(command.id), None)
        return None

    @staticmethod
    def _log_placed(command, desktop, req, role, km, site, claim, problem):
        if role == decide.HOME:
            LOG.info('Desktop %s placed at its home site %s (host %s)',
                     desktop.id, site.name, claim.host)
            return
        where = ('the shared pool %s' % site.name if role == decide.POOL
                 else 'site %s' % site.name)
        LOG.info('Desktop %s of site %s borrowed from %s%s (host %s; '
                 'scope %s): home site %s', desktop.id, req.home, where,
                 '' if km is None else ', %.0f km away' % km, claim.host,
                 req.scope, problem[1] if problem else 'skipped')

    def _fail(self, command, desktop, req, flavor):
        with self.view.lock:
            reason = decide.failure(self.view, req, flavor)
            short = decide.home_problem(self.view, req, flavor)
        with transaction.writer():
            changed = db_api.command_transition(
                command.id, ['pending'], 'failed', error=reason)
            if changed:
                if short is not None and short[0] == 'short':
                    db_api.record_short(command.id, desktop.id, req.home)
                desktops.failed(command)
        if not changed:
            return Outcome(SKIPPED, command, 'the command changed meanwhile')
        LOG.error('Command %s (create at site %s) failed: %s', command.id,
                  req.home, reason)
        return Outcome(FAILED, command, reason)
