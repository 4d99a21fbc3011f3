"""The placement rules, on a ``view.View`` (DESIGN: Placement, M8).

For one desktop of a home site:

1. the home site, if one of its hosts that is up has room for the
   flavor (its latest report minus central's claims);
2. otherwise, scope permitting, the nearest other site (haversine
   distance) with a host that has room above that site's reserve ratio;
   among such sites equally near (within ``SAME_DISTANCE_KM`` of the
   nearest of them), one that already holds the template goes first;
3. otherwise, with scope ``any``, the shared pool;
4. otherwise nothing: a failure that says why, site by site.

Sites that are offline, unmanaged, in maintenance or without a report
are skipped, and so are sites without coordinates when borrowing, each
with its reason. Scope ``local`` never borrows, ``group`` borrows only
from the home site's group (a home site without a group then borrows
from nobody) and ``any`` borrows anywhere, then from the shared pool.

``candidates()`` is the engine's fast path: the sites that have room,
best first, skipping whole regions of the index that cannot hold the
flavor. ``explain()`` is the dry run: every candidate in order with its
distance, free capacity and the reason it was kept or rejected, and
where ``count`` desktops would go.
"""

import collections
import math

from central_cloud.db import models
from central_cloud.placement import capacity
from central_cloud.placement import geo

SCOPES = models.PLACEMENT_SCOPES
LOCAL, GROUP, ANY = SCOPES
HOME, LENDER, POOL = 'home', 'lender', 'pool'
# The scheduler hint a borrowed desktop carries to the lender's nova
# filter: the name of its home site.
ORIGIN_HINT = 'desktop_origin_site'

# Sites whose distances differ by less than this count as equally near.
SAME_DISTANCE_KM = 1.0
# Rejected candidates an explanation lists before it lists only the
# sites that take desktops; a failure names this many at most.
EXPLAIN_LIMIT = 50
FAILURE_LIMIT = 6

Request = collections.namedtuple(
    'Request', ['home', 'template_type', 'flavor', 'count', 'scope',
                'exclude'])


def request(home, template_type, flavor, count=1, scope=ANY, exclude=()):
    return Request(home, template_type, flavor, count, scope,
                   frozenset(exclude))


def narrowest(*scopes):
    """The narrowest of the given scopes (None ones are ignored)."""
    given = [scope for scope in scopes if scope is not None]
    return min(given, key=SCOPES.index) if given else ANY


def effective_scope(requested, home_group, group_scopes, default=ANY):
    """A request's scope, or the default, capped by its group's policy.

    ``group_scopes`` maps a site group to the widest scope its sites'
    desktops may have.
    """
    cap = (group_scopes or {}).get(home_group) if home_group else None
    return narrowest(requested or default, cap)


class UnknownFlavor(Exception):
    """No site reports the flavor, so its size is unknown."""


# -- candidate streams --------------------------------------------------

def _lender_stream(view, home, scope, need=None):
    """``(km, site)`` of the lenders within scope, nearest first."""
    if scope == LOCAL or home is None or not home.located:
        return
    if scope == GROUP:
        if home.group is None:
            return
        found = view.lenders(home.group)
    else:
        found = view.lenders()
    if found is None:
        return
    for distance2, site in found.nearest(home.vector, need):
        if site is not home:
            yield geo.chord_km(math.sqrt(distance2)), site


def _ties_broken(stream, template_type, key=None):
    """The stream, with equally near sites holding the template first.

    ``key(value)`` finds the site in the stream's values (``(km,
    value)``); by default the value is the site.
    """
    tied = []
    for km, value in stream:
        if tied and km - tied[0][0] >= SAME_DISTANCE_KM:
            yield from _sorted_ties(tied, template_type, key)
            tied = []
        tied.append((km, value))
    yield from _sorted_ties(tied, template_type, key)


def _sorted_ties(tied, template_type, key):
    def order(entry):
        site = entry[1] if key is None else key(entry[1])
        return not site.holds(template_type), entry[0], site.name
    return sorted(tied, key=order)


def _pool_stream(view, home):
    """``(km or None, pool)``: nearest first, unlocated pools last."""
    entries = []
    for pool in view.pools():
        if pool is home:
            continue
        km = None
        if home is not None and home.located and pool.located:
            km = geo.haversine_km(home.latitude, home.longitude,
                                  pool.latitude, pool.longitude)
        entries.append((km is None, km or 0.0, pool.name, km, pool))
    for *_key, km, pool in sorted(entries):
        yield km, pool


def home_size(view, req):
    """The flavor's size for the request; UnknownFlavor if none."""
    flavor = view.flavor(req.flavor, req.home)
    if flavor is None:
        raise UnknownFlavor('no site reports a flavor named %s'
                            % req.flavor)
    return flavor


# -- the engine's fast path ---------------------------------------------

def home_problem(view, req, flavor):
    """Why the home site cannot take one more desktop; None if it can.

    ``(kind, reason)``: kind ``short`` when it lacks room (or refused
    this desktop before), ``down`` when it cannot take desktops at all.
    """
    home = view.sites.get(req.home)
    if home is None:
        return 'down', 'not registered'
    if home.name in req.exclude:
        return 'short', 'refused this desktop before (no valid host)'
    problem = home.problem()
    if problem is not None:
        return 'down', problem
    size = view.flavor_at(home, req.flavor, flavor)
    if size is None:
        return 'down', 'does not offer flavor %s' % req.flavor
    if home.host_for(size.need, 0.0) is None:
        return 'short', 'no compute host that is up has room for %s' % (
            size.describe())
    return None


def candidates(view, req, flavor):
    """``(role, km, site, size)`` of the sites with room, best first.

    ``flavor`` is the size at the home site (``home_size``); a site that
    reports the flavor at another size is judged by its own.
    """
    home = view.sites.get(req.home)
    if home_problem(view, req, flavor) is None:
        yield HOME, 0.0, home, view.flavor_at(home, req.flavor, flavor)
    stream = _lender_stream(view, home, req.scope,
                            view.smallest_need(req.flavor, flavor.need))
    for km, site, size in lenders_in_order(view, req, flavor, stream):
        yield LENDER, km, site, size
    if req.scope != ANY:
        return
    for km, pool, size in pools_in_order(view, req, flavor):
        yield POOL, km, pool, size


def pools_in_order(view, req, flavor):
    """``(km or None, pool, size)``: the shared pools with room."""
    return _with_room(view, req, flavor,
                      _pool_stream(view, view.sites.get(req.home)))


def _with_room(view, req, flavor, stream):
    """``(km, site, size)`` of the sites of ``stream`` with room."""
    for km, site in stream:
        if site.name in req.exclude or site.problem() is not None:
            continue
        size = view.flavor_at(site, req.flavor, flavor)
        if size is not None and site.host_for(
                size.need, site.reserve_ratio) is not None:
            yield km, site, size


def lenders_in_order(view, req, flavor, stream):
    """``(km, site, size)``: the lenders with room, best first.

    ``stream`` yields ``(km, site)`` nearest first; it may leave out
    sites that cannot lend (the index does). Sites equally near are
    those with room within ``SAME_DISTANCE_KM`` of the nearest of them,
    so the order does not depend on what the stream left out.
    """
    with_room = ((km, (site, size)) for km, site, size in
                 _with_room(view, req, flavor, stream))
    for km, (site, size) in _ties_broken(
            with_room, req.template_type, key=lambda entry: entry[0]):
        yield km, site, size


# -- the dry run ----------------------------------------------------------

def _whole(value):
    return max(int(math.floor(value + 1e-9)), 0)


class _Plan(object):
    """Desktops placed so far in a dry run, and the candidates seen."""

    def __init__(self, view, req, flavor):
        self.view = view
        self.req = req
        self.flavor = flavor
        self.remaining = req.count
        self.candidates = []
        self.placements = []
        self.seen = set()
        self.scratch = {}

    def consider(self, role, km, site):
        self.seen.add(site.name)
        reserve = 0.0 if role == HOME else site.reserve_ratio
        size = self.view.flavor_at(site, self.req.flavor, self.flavor)
        claims = site.claims
        free = capacity.free_totals(site.hosts or (), claims, reserve)
        taken, hosts = 0, []
        reason = self._rejection(role, site, size)
        if reason is None:
            extra = self.scratch.setdefault(site.name, {})
            while self.remaining > 0:
                host = site.host_for(size.need, reserve, extra)
                if host is None:
                    break
                have = extra.get(host, capacity.NOTHING)
                extra[host] = tuple(a + b for a, b in zip(have, size.need))
                hosts.append(host)
                taken += 1
                self.remaining -= 1
            if taken:
                reason = self._taken(role, site, taken, hosts)
            else:
                reason = self._full(role, site, size)
        if taken:
            self.placements.append({
                'site': site.name, 'count': taken,
                'origin_site': None if role == HOME else self.req.home})
        self.candidates.append({
            'site': site.name,
            'distance_km': None if km is None else round(km, 1),
            'free_vcpus': _whole(free[0]),
            'free_memory_mb': _whole(free[1]),
            'free_disk_gb': _whole(free[2]),
            'holds_template': site.holds(self.req.template_type),
            'kept': bool(taken),
            'reason': reason,
        })

    def _rejection(self, role, site, size):
        if site.name in self.req.exclude:
            return 'refused this desktop before (no valid host)'
        problem = site.problem()
        if problem is not None:
            return problem
        if size is None:
            return 'does not offer flavor %s' % self.req.flavor
        return None

    def _taken(self, role, site, taken, hosts):
        where = ', '.join(sorted(set(hosts)))
        if role == HOME:
            return 'home site: takes %d desktop(s) on %s' % (taken, where)
        if role == POOL:
            return 'shared pool: takes %d desktop(s) on %s' % (taken, where)
        why = 'nearest site with room'
        if site.holds(self.req.template_type):
            why += ', holds template %s' % self.req.template_type
        return '%s: takes %d desktop(s) on %s' % (why, taken, where)

    def _full(self, role, site, size):
        text = 'no compute host that is up has room for %s' % (
            size.describe())
        if role == HOME:
            if self.req.scope == LOCAL:
                text += '; scope local: no other site may take them'
            return text
        if site.reserve_ratio:
            text += ' above its %g%% reserve' % (site.reserve_ratio * 100)
        return text

    def reject(self, km, site, reason):
        self.seen.add(site.name)
        free = capacity.free_totals(site.hosts or (), site.claims,
                                    site.reserve_ratio)
        self.candidates.append({
            'site': site.name, 'distance_km': km,
            'free_vcpus': _whole(free[0]),
            'free_memory_mb': _whole(free[1]),
            'free_disk_gb': _whole(free[2]),
            'holds_template': site.holds(self.req.template_type),
            'kept': False, 'reason': reason})


def explain(view, req, limit=EXPLAIN_LIMIT):
    """The dry run of ``req``: ``{'request', 'candidates', 'placements'}``.

    Nothing is written: the desktops of the request are counted against
    each other in a scratch map only. Raises ``UnknownFlavor``.
    """
    with view.lock:
        flavor = home_size(view, req)
        plan = _Plan(view, req, flavor)
        home = view.sites.get(req.home)
        if home is not None:
            plan.consider(HOME, 0.0, home)
        if plan.remaining:
            _explain_lenders(view, req, plan, home, limit)
        if plan.remaining and req.scope == ANY:
            for km, pool in _pool_stream(view, home):
                plan.consider(POOL, km, pool)
                if not plan.remaining:
                    break
        return {'request': {'home_site': req.home,
                            'template_type': req.template_type,
                            'flavor': req.flavor, 'count': req.count,
                            'scope': req.scope},
                'candidates': plan.candidates,
                'placements': plan.placements}


def _explain_lenders(view, req, plan, home, limit):
    if req.scope == LOCAL or home is None:
        return
    if req.scope == GROUP and home.group is None:
        return
    # Every candidate, rejected ones too, up to the limit...
    stream = _ties_broken(_lender_stream(view, home, req.scope),
                          req.template_type)
    for km, site in stream:
        plan.consider(LENDER, km, site)
        if not plan.remaining or len(plan.candidates) >= limit:
            break
    # ... then only the sites that take desktops.
    if plan.remaining:
        stream = _ties_broken(
            _lender_stream(view, home, req.scope, view.smallest_need(
                req.flavor, plan.flavor.need)),
            req.template_type)
        for km, site in stream:
            if site.name in plan.seen:
                continue
            before = plan.remaining
            plan.consider(LENDER, km, site)
            if plan.remaining == before:
                plan.candidates.pop()
            if not plan.remaining:
                break
    group = home.group if req.scope == GROUP else None
    unlocated = [s for s in view.unlocated(group) if s is not home]
    for site in unlocated[:max(limit - len(plan.candidates), 0)]:
        plan.reject(None, site, 'has no coordinates: skipped for '
                                'borrowing')
    if not home.located:
        plan.candidates[0]['reason'] += (
            '; the home site has no coordinates, so no site can lend to '
            'it by distance')


def failure(view, req, flavor):
    """Why no site can take a desktop of ``req``, in one sentence.

    It names the home site, the nearest lenders and every shared pool,
    each with its reason.
    """
    result = explain(view, req._replace(count=1), limit=FAILURE_LIMIT)
    parts, lenders, left_out = [], 0, 0
    for entry in result['candidates']:
        site = view.sites.get(entry['site'])
        label = entry['site']
        if entry['site'] == req.home:
            label += ' (home)'
        elif site is not None and site.shared_pool:
            label += ' (shared pool)'
        elif lenders >= FAILURE_LIMIT:
            left_out += 1
            continue
        else:
            lenders += 1
        parts.append('%s: %s' % (label, entry['reason']))
    text = ('no site can take a desktop of flavor %s for home site %s '
            '(scope %s)' % (flavor.describe(), req.home, req.scope))
    if req.scope == ANY and not view.pools():
        text += '; no shared pool is registered'
    if parts:
        text += ': ' + '; '.join(parts)
    if left_out:
        text += '; and %d more site(s)' % left_out
    return text
