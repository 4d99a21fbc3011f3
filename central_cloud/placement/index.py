"""Nearest-first search over sites: a k-d tree on the unit sphere.

Sites are points on the unit sphere (``geo.unit_vector``). ``nearest()``
yields them by increasing distance from a point, lazily: a heap holds
tree nodes keyed by the distance to their bounding box (a lower bound
for every site inside) and sites keyed by their own distance, so a
search that stops at the third site looks at a few nodes, not at every
site (Hjaltason and Samet's incremental nearest neighbour).

Each node also knows the most any of its sites could lend, per resource
class (``best``). With a ``need``, whole subtrees that cannot hold it are
skipped. ``best`` is an upper bound: ``update()`` keeps it exact when a
site's capacity changes.
"""

import heapq
import itertools
import math

LEAF_SIZE = 8
NONE = (-1.0, -1.0, -1.0)
# What ``nearest()`` without a need asks for: nothing.
NO_NEED = (-math.inf, -math.inf, -math.inf)


class _Node(object):
    __slots__ = ('lo', 'hi', 'left', 'right', 'items', 'parent', 'best')

    def __init__(self, parent):
        self.parent = parent
        self.left = self.right = self.items = None
        self.lo = self.hi = None
        self.best = NONE


def _max3(a, b):
    return (a[0] if a[0] > b[0] else b[0], a[1] if a[1] > b[1] else b[1],
            a[2] if a[2] > b[2] else b[2])


class SiteIndex(object):
    """A k-d tree over items that have ``vector`` and ``best``.

    ``key(item)`` names an item (unique); ``best(item)`` is the most it
    could lend, per class, or ``NONE``.
    """

    def __init__(self, items, vector, best, key):
        self._vector = vector
        self._best = best
        self._key = key
        self._leaf = {}
        items = list(items)
        self.size = len(items)
        self._root = self._build(items, None) if items else None

    def _build(self, items, parent):
        node = _Node(parent)
        points = [self._vector(item) for item in items]
        node.lo = tuple(min(p[axis] for p in points) for axis in range(3))
        node.hi = tuple(max(p[axis] for p in points) for axis in range(3))
        if len(items) <= LEAF_SIZE:
            node.items = items
            for item in items:
                self._leaf[self._key(item)] = node
        else:
            axis = max(range(3), key=lambda a: node.hi[a] - node.lo[a])
            items = sorted(items, key=lambda item: self._vector(item)[axis])
            middle = len(items) // 2
            node.left = self._build(items[:middle], node)
            node.right = self._build(items[middle:], node)
        self._refresh(node)
        return node

    def _refresh(self, node):
        if node.items is not None:
            best = NONE
            for item in node.items:
                best = _max3(best, self._best(item))
        else:
            best = _max3(node.left.best, node.right.best)
        node.best = best

    def __contains__(self, item):
        return self._key(item) in self._leaf

    def update(self, item):
        """``item``'s capacity changed: fix ``best`` up to the root."""
        node = self._leaf.get(self._key(item))
        while node is not None:
            before = node.best
            self._refresh(node)
            if node.best == before:
                break
            node = node.parent

    def nearest(self, point, need=None):
        """``(squared chord, item)`` by increasing distance from ``point``.

        With ``need`` (VCPU, MB, GB), only items whose ``best`` covers it
        (and no subtree that cannot hold it).
        """
        # The hot path of every placement: the distance and bound checks
        # are written out here rather than called (about twice as fast).
        root = self._root
        if root is None:
            return
        need0, need1, need2 = NO_NEED if need is None else need
        best = root.best
        if not (best[0] >= need0 and best[1] >= need1 and best[2] >= need2):
            return
        px, py, pz = point
        best_of, vector_of = self._best, self._vector
        push, pop = heapq.heappush, heapq.heappop
        order = itertools.count().__next__
        heap = [(0.0, order(), root, None)]
        while heap:
            distance2, _order, node, item = pop(heap)
            if node is None:
                yield distance2, item
                continue
            members = node.items
            if members is not None:
                for member in members:
                    best = best_of(member)
                    if not (best[0] >= need0 and best[1] >= need1
                            and best[2] >= need2):
                        continue
                    vector = vector_of(member)
                    dx, dy, dz = (px - vector[0], py - vector[1],
                                  pz - vector[2])
                    push(heap, (dx * dx + dy * dy + dz * dz, order(), None,
                                member))
                continue
            for child in (node.left, node.right):
                best = child.best
                if not (best[0] >= need0 and best[1] >= need1
                        and best[2] >= need2):
                    continue
                (x0, y0, z0), (x1, y1, z1) = child.lo, child.hi
                gap = x0 - px if px < x0 else (px - x1 if px > x1 else 0.0)
                total = gap * gap
                gap = y0 - py if py < y0 else (py - y1 if py > y1 else 0.0)
                total += gap * gap
                gap = z0 - pz if pz < z0 else (pz - z1 if pz > z1 else 0.0)
                push(heap, (total + gap * gap, order(), child, None))
