"""The placer's baselines: a vectorised scan and a k-d tree, same rules.

Both search the same lenders as ``central_cloud.placement.view.View``
(sites with coordinates that are not shared pools) and keep the rules of
``decide.candidates``: the home site first, then the nearest lender with
room (equally near ones holding the template first), then the shared
pools. Only the search for lenders differs from the placer's:

- ``NumpyScan`` keeps the lenders' unit vectors and the most each could
  lend (``SiteState.lend``) in numpy arrays. A decision computes the
  distance to every lender at once, keeps those whose ``lend`` covers the
  flavor (and the home's group for scope ``group``) and looks at them
  nearest first (``argpartition`` of the nearest few, then a full sort
  only if none of those had a host with room);
- ``TreeScan`` queries a ``scipy.spatial.cKDTree`` of the same vectors
  (one per site group too) for the k nearest, k doubling until a lender
  with room is found. The tree knows nothing of capacity, so it needs no
  update when claims change; the ``lend`` array is read after the query.

``update(site)`` copies a site's ``lend`` into the array after its
claims changed, as the placer's ``View`` updates its index.
"""

import math

import numpy
from scipy import spatial

from central_cloud.placement import decide
from central_cloud.placement import geo

# Lenders looked at before a wider search (both baselines).
FIRST = 16


class _Lenders(object):
    """The lenders of a view in arrays, and the rules on a stream."""

    def __init__(self, view):
        self.view = view
        self.sites = sorted(
            (s for s in view.sites.values() if s.located and
             not s.shared_pool), key=lambda s: s.name)
        self.position = {s.name: n for n, s in enumerate(self.sites)}
        self.vectors = numpy.array([s.vector for s in self.sites],
                                   dtype=numpy.float64).reshape(-1, 3)
        self.lend = numpy.array([s.lend for s in self.sites],
                                dtype=numpy.float64).reshape(-1, 3)
        groups = sorted({s.group for s in self.sites if s.group is not None})
        self.group_ids = {g: n for n, g in enumerate(groups)}
        self.group = numpy.array(
            [self.group_ids.get(s.group, -1) for s in self.sites],
            dtype=numpy.int32)

    def update(self, site):
        number = self.position.get(site.name)
        if number is not None:
            self.lend[number] = site.lend

    def decide(self, req):
        """The name of the site ``decide.candidates`` would choose."""
        view = self.view
        flavor = decide.home_size(view, req)
        home = view.sites.get(req.home)
        if decide.home_problem(view, req, flavor) is None:
            return home.name
        if req.scope != decide.LOCAL and home is not None and \
                home.located and not (req.scope == decide.GROUP and
                                      home.group is None):
            group = None
            if req.scope == decide.GROUP:
                group = self.group_ids.get(home.group, -2)
            stream = self.nearest(home, group, view.smallest_need(
                req.flavor, flavor.need))
            for _km, site, _size in decide.lenders_in_order(
                    view, req, flavor, stream):
                return site.name
        if req.scope == decide.ANY:
            for _km, pool, _size in decide.pools_in_order(view, req,
                                                          flavor):
                return pool.name
        return None

    def _entry(self, number, distance2):
        return (geo.chord_km(math.sqrt(distance2)), self.sites[number])


class NumpyScan(_Lenders):
    """Every lender's distance at once, then the nearest with room."""

    def nearest(self, home, group, need):
        point = numpy.array(home.vector)
        keep = (self.lend >= numpy.array(need, dtype=numpy.float64)).all(
            axis=1)
        if group is not None:
            keep &= self.group == group
        keep[self.position[home.name]] = False
        found = numpy.flatnonzero(keep)
        distance2 = ((self.vectors[found] - point) ** 2).sum(axis=1)
        if len(found) > FIRST:
            first = numpy.argpartition(distance2, FIRST)[:FIRST]
            first = first[numpy.argsort(distance2[first], kind='stable')]
            for number in first:
                yield self._entry(found[number], distance2[number])
            rest = numpy.ones(len(found), dtype=bool)
            rest[first] = False
            order = numpy.flatnonzero(rest)
            order = order[numpy.argsort(distance2[order], kind='stable')]
        else:
            order = numpy.argsort(distance2, kind='stable')
        for number in order:
            yield self._entry(found[number], distance2[number])


class TreeScan(_Lenders):
    """k nearest from a k-d tree, k doubling, then the lend filter."""

    def __init__(self, view):
        super(TreeScan, self).__init__(view)
        self.tree = spatial.cKDTree(self.vectors)
        self.groups = {}
        for group, number in self.group_ids.items():
            members = numpy.flatnonzero(self.group == number)
            self.groups[number] = (spatial.cKDTree(self.vectors[members]),
                                   members)

    def nearest(self, home, group, need):
        if group is None:
            tree, members = self.tree, None
        elif group in self.groups:
            tree, members = self.groups[group]
        else:
            return
        need = numpy.array(need, dtype=numpy.float64)
        home_number = self.position[home.name]
        total, seen, k = tree.n, 0, FIRST
        while seen < total:
            k = min(k, total)
            distances, numbers = tree.query(home.vector, k=k)
            distances = numpy.atleast_1d(distances)[seen:]
            numbers = numpy.atleast_1d(numbers)[seen:]
            if members is not None:
                numbers = members[numbers]
            room = (self.lend[numbers] >= need).all(axis=1)
            for distance, number in zip(distances[room], numbers[room]):
                if number != home_number:
                    yield self._entry(number, distance * distance)
            seen, k = k, k * 2
