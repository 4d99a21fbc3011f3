"""The placer's index against a brute-force placer, on random fleets.

Each fleet mixes everything the rules care about: groups, sites without
coordinates, sites on the same spot (ties), offline, unmanaged and
unreported sites, reserve ratios, flavors offered at other sizes or not
reported at all, and shared pools. Between two requests claims are taken
and released and site states change, so the index's bounds are updated
incrementally; every candidate list must equal the brute force's, in the
same order.
"""

import random

import pytest

from central_cloud.placement import decide
from central_cloud.placement import geo
from tests.unit.placement import samples

TEMPLATES = ('office', 'cad', 'dev')
FLAVOR_NAMES = [flavor['name'] for flavor in samples.FLAVORS]


def _fleet(rng, count):
    rows, reports = [], {}
    spots = []
    for number in range(count):
        name = 'site-%03d' % number
        pool = number < 2
        if rng.random() < 0.05:
            coordinates = None
        elif spots and rng.random() < 0.15:
            # Another site on the same spot, or within the tie distance.
            latitude, longitude = rng.choice(spots)
            coordinates = (latitude + rng.uniform(-0.004, 0.004), longitude)
        else:
            coordinates = (rng.uniform(44.0, 53.0), rng.uniform(-2.0, 10.0))
            spots.append(coordinates)
        rows.append(samples.row(
            name, coordinates, site_id=number + 1, shared_pool=pool,
            group=rng.choice([None, 'north', 'south', 'east']),
            management_state=rng.choices(
                ['managed', 'maintenance', 'unmanaged'], [90, 5, 5])[0],
            availability=rng.choices(['online', 'offline'], [90, 10])[0],
            reserve_ratio=rng.choice([0.0, 0.0, 0.25, 0.5])))
        if rng.random() < 0.05:
            reports[name] = None
            continue
        hosts = [samples.host(
            '%s-%d' % (name, index), vcpus=8, ram=16384, disk=160,
            used=(rng.randint(0, 8), rng.randint(0, 16) * 1024,
                  rng.randint(0, 16) * 10),
            state='up' if rng.random() < 0.9 else 'down')
            for index in range(rng.randint(1, 4))]
        flavors = samples.FLAVORS
        if rng.random() < 0.1:
            flavors = None
        elif rng.random() < 0.1:
            flavors = [dict(flavor, vcpus=flavor['vcpus'] * 2)
                       for flavor in samples.FLAVORS[1:]]
        reports[name] = samples.report(
            name, hosts, flavors=flavors,
            templates=[t for t in TEMPLATES if rng.random() < 0.4])
    return rows, reports


def _ties(tied, template_type):
    return sorted(tied, key=lambda entry: (
        not entry[1].holds(template_type), entry[0], entry[1].name))


def _has_room(view, site, req, flavor, reserve):
    if site.name in req.exclude or site.problem() is not None:
        return False
    size = view.flavor_at(site, req.flavor, flavor)
    return size is not None and site.host_for(size.need,
                                              reserve) is not None


def brute_force(view, req):
    """The names ``decide.candidates`` must yield, by the rules alone."""
    flavor = decide.home_size(view, req)
    home = view.sites.get(req.home)
    found = []
    if home is not None and _has_room(view, home, req, flavor, 0.0):
        found.append(home.name)
    borrows = (req.scope != decide.LOCAL and home is not None and
               home.located and
               not (req.scope == decide.GROUP and home.group is None))
    if borrows:
        distances = sorted(
            (geo.haversine_km(home.latitude, home.longitude,
                              site.latitude, site.longitude), site)
            for site in view.sites.values()
            if site is not home and site.located and not site.shared_pool
            and (req.scope == decide.ANY or site.group == home.group))
        ordered, tied = [], []
        for km, site in distances:
            if not _has_room(view, site, req, flavor, site.reserve_ratio):
                continue
            if tied and km - tied[0][0] >= decide.SAME_DISTANCE_KM:
                ordered.extend(_ties(tied, req.template_type))
                tied = []
            tied.append((km, site))
        ordered.extend(_ties(tied, req.template_type))
        found.extend(site.name for _km, site in ordered)
    if req.scope == decide.ANY:
        pools = sorted(
            (pool for pool in view.sites.values()
             if pool.shared_pool and pool is not home),
            key=lambda pool: (
                not (home is not None and home.located and pool.located),
                geo.haversine_km(home.latitude, home.longitude,
                                 pool.latitude, pool.longitude)
                if home is not None and home.located and pool.located
                else 0.0, pool.name))
        found.extend(pool.name for pool in pools
                     if _has_room(view, pool, req, flavor,
                                  pool.reserve_ratio))
    return found


def _change(view, rows, rng):
    """A claim taken or released somewhere, or a site's state moved."""
    row = rng.choice(rows)
    site = view.sites[row['name']]
    if rng.random() < 0.1:
        row['availability'] = rng.choice(['online', 'offline'])
        row['management_state'] = rng.choice(['managed', 'managed',
                                              'maintenance'])
        view.set_sites(rows)
    elif site.hosts:
        host = rng.choice(site.hosts).name
        amount = rng.choice([1, -1]) * rng.randint(1, 2)
        view.add_claim(site.name, host,
                       (amount, amount * 1024, amount * 10))


@pytest.mark.parametrize('seed', range(6))
def test_candidates_match_a_brute_force_placer(seed):
    rng = random.Random(seed)
    rows, reports = _fleet(rng, 150)
    view = samples.make_view(rows, reports)
    names = [row['name'] for row in rows]
    compared = borrowed = 0
    for _ in range(150):
        for _change_number in range(rng.randint(0, 4)):
            _change(view, rows, rng)
        req = decide.request(
            rng.choice(names), rng.choice(TEMPLATES),
            rng.choice(FLAVOR_NAMES), scope=rng.choice(decide.SCOPES),
            exclude=rng.sample(names, rng.choice([0, 0, 2])))
        try:
            flavor = decide.home_size(view, req)
        except decide.UnknownFlavor:
            continue
        got = [site.name for _role, _km, site, _size in
               decide.candidates(view, req, flavor)]
        assert got == brute_force(view, req), req
        compared += 1
        borrowed += bool(got) and got[0] != req.home
    # The fleets exercise borrowing, not only the home site.
    assert compared > 100 and borrowed > 20
