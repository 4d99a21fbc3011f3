"""The placer's in-memory view of every site.

A ``View`` holds, per site: its state (management, availability, group,
reserve ratio, shared pool, coordinates), the hosts, flavors and
templates of its latest monitoring report, and central's claims on its
hosts. Two nearest-first indexes (``index.SiteIndex``) sit on top: one
over every lender with coordinates and one per site group; the shared
pools are kept apart.

``refresh()`` loads it from the database and later reloads only what
changed: the site rows are compared, and a report body is read again
only when the site's ``last_report_seq`` moved. Claims and the ready
templates are read in full (both are small). A decision never reads the
database, so it stays fast with 10,000 sites; the engine checks its
choice against the database when it writes the claim.
"""

import threading
import time

from central_cloud.placement import capacity
from central_cloud.placement import geo
from central_cloud.placement import index

NONE = index.NONE
REPORT_CHUNK = 500

# The site columns the view keeps; others are not the placer's business.
_STRUCTURE = ('latitude', 'longitude', 'group', 'shared_pool')
_STATE = ('id', 'management_state', 'availability', 'reserve_ratio')


def _get(row, field):
    return row[field] if isinstance(row, dict) else getattr(row, field)


class SiteState(object):
    """What the placer knows about one site."""

    __slots__ = ('id', 'name', 'latitude', 'longitude', 'vector', 'group',
                 'management_state', 'availability', 'reserve_ratio',
                 'shared_pool', 'report_seq', 'report_at', 'hosts',
                 'flavors', 'reported_templates', 'ready_templates',
                 'claims', 'lend')

    def __init__(self, name):
        self.name = name
        self.id = None
        self.latitude = self.longitude = self.vector = None
        self.group = None
        self.management_state = 'managed'
        self.availability = 'unknown'
        self.reserve_ratio = 0.0
        self.shared_pool = False
        self.report_seq = self.report_at = None
        self.hosts = None
        self.flavors = None
        self.reported_templates = frozenset()
        self.ready_templates = frozenset()
        self.claims = {}
        self.lend = NONE

    @property
    def located(self):
        return self.vector is not None

    def problem(self):
        """Why the site cannot take desktops now, or None."""
        if self.management_state == 'unmanaged':
            return 'unmanaged'
        if self.management_state == 'maintenance':
            return 'in maintenance'
        if self.availability == 'offline':
            return 'offline: its monitoring reports stopped'
        if self.hosts is None:
            return 'no monitoring report yet'
        if not any(host.up for host in self.hosts):
            return 'no compute host is up'
        return None

    def holds(self, template_type):
        return (template_type in self.reported_templates
                or template_type in self.ready_templates)

    def host_for(self, need, reserve_ratio, extra=None):
        """The host a desktop of size ``need`` would be counted on."""
        claims = self.claims
        if extra:
            claims = merge(claims, extra)
        return capacity.choose_host(self.hosts or (), claims, need,
                                    reserve_ratio)

    def recompute(self):
        best = None
        if self.problem() is None:
            best = capacity.best_room(self.hosts, self.claims,
                                      self.reserve_ratio)
        self.lend = best or NONE


def merge(claims, extra):
    """Two ``{host: (VCPU, MB, GB)}`` maps added up."""
    merged = dict(claims)
    for host, amounts in extra.items():
        have = merged.get(host, capacity.NOTHING)
        merged[host] = (have[0] + amounts[0], have[1] + amounts[1],
                        have[2] + amounts[2])
    return merged


def _vector(site):
    return site.vector


def _lend(site):
    return site.lend


def _name(site):
    return site.name


class View(object):
    """Every site as the placer sees it; see the module docstring.

    Readers and writers hold ``lock`` (re-entrant).
    """

    def __init__(self):
        self.lock = threading.RLock()
        self.sites = {}
        self._by_id = {}
        self._index = None
        self._groups = {}
        self._pools = []
        self._unlocated = []
        self._dirty = True
        self._known_flavors = {}
        self._smallest = {}
        self.refreshed_at = None

    # -- loading ---------------------------------------------------------

    def set_sites(self, rows):
        """Replace the site rows; returns the names whose report moved.

        ``rows``: dicts or objects with id, name, latitude, longitude,
        group, management_state, availability, reserve_ratio,
        shared_pool and last_report_seq.
        """
        stale, seen = [], set()
        with self.lock:
            for row in rows:
                name = _get(row, 'name')
                seen.add(name)
                site = self.sites.get(name)
                if site is None:
                    site = self.sites[name] = SiteState(name)
                    self._dirty = True
                moved = changed = False
                for field in _STRUCTURE:
                    value = _get(row, field)
                    if getattr(site, field) != value:
                        setattr(site, field, value)
                        moved = True
                for field in _STATE:
                    value = _get(row, field)
                    if field == 'reserve_ratio':
                        value = float(value or 0.0)
                    if getattr(site, field) != value:
                        setattr(site, field, value)
                        changed = True
                if moved:
                    self._dirty = True
                    site.shared_pool = bool(site.shared_pool)
                    site.vector = (
                        geo.unit_vector(site.latitude, site.longitude)
                        if geo.has_coordinates(site.latitude,
                                               site.longitude) else None)
                seq = _get(row, 'last_report_seq')
                if seq is not None and seq != site.report_seq:
                    stale.append(name)
                if moved or changed:
                    self._changed(site)
            for name in set(self.sites) - seen:
                del self.sites[name]
                self._dirty = True
            self._by_id = {site.id: site for site in self.sites.values()}
        return stale

    def set_report(self, name, seq, received_at, body):
        """The latest report of a site (ignored for an unknown site)."""
        with self.lock:
            site = self.sites.get(name)
            if site is None:
                return
            site.report_seq, site.report_at = seq, received_at
            site.hosts = capacity.hosts_of(body)
            site.flavors = capacity.flavors_of(body)
            if site.flavors:
                self._known_flavors.update(site.flavors)
                self._count_sizes(site.flavors.values())
            site.reported_templates = frozenset(
                entry.get('type') for entry in body.get('templates') or ()
                if isinstance(entry, dict))
            self._changed(site)

    def set_claims(self, rows):
        """Replace every claim: rows of (site, host, VCPU, MB, GB)."""
        found = {}
        for site, host, vcpus, memory_mb, disk_gb in rows:
            per_site = found.setdefault(site, {})
            have = per_site.get(host, capacity.NOTHING)
            per_site[host] = (have[0] + vcpus, have[1] + memory_mb,
                              have[2] + disk_gb)
        with self.lock:
            for name, site in self.sites.items():
                claims = found.get(name, {})
                if claims != site.claims:
                    site.claims = claims
                    self._changed(site)

    def set_templates(self, mapping):
        """The templates each site holds ready: ``{site: {type, ...}}``."""
        with self.lock:
            for name, site in self.sites.items():
                site.ready_templates = frozenset(mapping.get(name, ()))

    def add_claim(self, name, host, need):
        """Count a claim this process just wrote, before any refresh."""
        with self.lock:
            site = self.sites.get(name)
            if site is None:
                return
            site.claims = merge(site.claims, {host: tuple(need)})
            self._changed(site)

    def _changed(self, site):
        site.recompute()
        if self._dirty:
            return
        if self._index is not None and site in self._index:
            self._index.update(site)
        group = self._groups.get(site.group)
        if group is not None and site in group:
            group.update(site)

    def _rebuild(self):
        lenders = [s for s in self.sites.values()
                   if s.located and not s.shared_pool]
        self._index = index.SiteIndex(lenders, _vector, _lend, _name)
        by_group = {}
        for site in lenders:
            if site.group is not None:
                by_group.setdefault(site.group, []).append(site)
        self._groups = {group: index.SiteIndex(members, _vector, _lend,
                                               _name)
                        for group, members in by_group.items()}
        self._pools = sorted((s for s in self.sites.values()
                              if s.shared_pool), key=_name)
        self._unlocated = sorted((s for s in self.sites.values()
                                  if not s.located and not s.shared_pool),
                                 key=_name)
        self._dirty = False

    # -- reading ---------------------------------------------------------

    def _ready(self):
        if self._dirty:
            self._rebuild()

    def lenders(self, group=None):
        """The index of lenders (of one group if ``group`` is given)."""
        with self.lock:
            self._ready()
            if group is None:
                return self._index
            return self._groups.get(group)

    def pools(self):
        with self.lock:
            self._ready()
            return list(self._pools)

    def unlocated(self, group=None):
        """Lenders without coordinates (of one group if given)."""
        with self.lock:
            self._ready()
            return [s for s in self._unlocated
                    if group is None or s.group == group]

    def flavor(self, name_or_id, home=None):
        """A flavor's size as the home site reports it, else as any does.

        None if no site reports it.
        """
        with self.lock:
            site = self.sites.get(home) if home else None
            found = capacity.find_flavor(site.flavors if site else None,
                                         name_or_id)
            return found or capacity.find_flavor(self._known_flavors,
                                                 name_or_id)

    def _count_sizes(self, flavors):
        for flavor in flavors:
            for key in {flavor.name, flavor.id} - {''}:
                have = self._smallest.get(key)
                self._smallest[key] = flavor.need if have is None else (
                    tuple(map(min, have, flavor.need)))

    def smallest_need(self, name_or_id, fallback):
        """The least a desktop of this flavor takes at any site.

        Per class, over every size a site has reported for a flavor of
        that name or id, and ``fallback`` (the size at the home site,
        which sites that report no flavors are judged by). The search
        for lenders skips what cannot hold this much; a site that offers
        the flavor smaller than the home does is still found.
        """
        have = self._smallest.get(name_or_id)
        return fallback if have is None else tuple(map(min, have, fallback))

    def flavor_at(self, site, name_or_id, fallback):
        """The flavor's size at ``site``; None if it does not offer it.

        A site that does not report its flavors is taken to offer it, at
        the size ``fallback``.
        """
        if site.flavors is None:
            return fallback
        return capacity.find_flavor(site.flavors, name_or_id)

    # -- the database ----------------------------------------------------

    def refresh(self, db=None, max_age=0.0):
        """Reload what changed in the database; False if still fresh.

        ``db`` defaults to ``central_cloud.db.api``.
        """
        if db is None:
            from central_cloud.db import api as db
        with self.lock:
            if (self.refreshed_at is not None
                    and time.monotonic() - self.refreshed_at < max_age):
                return False
            stale = self.set_sites(db.placement_sites())
            self._load_reports(db, stale)
            self.set_claims(db.counting_claims())
            self.set_templates(db.ready_templates())
            self.refreshed_at = time.monotonic()
            return True

    def refresh_site(self, name, db=None):
        """Reload one site's report and claims (its row moved on)."""
        if db is None:
            from central_cloud.db import api as db
        with self.lock:
            site = self.sites.get(name)
            if site is None:
                return
            self._load_reports(db, [name])
            claims = {}
            for _site, host, vcpus, memory_mb, disk_gb in \
                    db.counting_claims(sites=[name]):
                have = claims.get(host, capacity.NOTHING)
                claims[host] = (have[0] + vcpus, have[1] + memory_mb,
                                have[2] + disk_gb)
            site.claims = claims
            self._changed(site)

    def _load_reports(self, db, names):
        ids = [self.sites[name].id for name in names if name in self.sites]
        for start in range(0, len(ids), REPORT_CHUNK):
            for row in db.latest_reports(ids[start:start + REPORT_CHUNK]):
                site = self._by_id.get(row.site_id)
                if site is not None:
                    self.set_report(site.name, row.seq, row.received_at,
                                    row.body)
