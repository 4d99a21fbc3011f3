"""The nearest-first index: exact order, pruning and updates."""

import math
import random

import pytest

from central_cloud.placement import geo
from central_cloud.placement import index


class Item(object):
    def __init__(self, name, latitude, longitude, best):
        self.name = name
        self.latitude, self.longitude = latitude, longitude
        self.vector = geo.unit_vector(latitude, longitude)
        self.best = best


def _index(items):
    return index.SiteIndex(items, lambda i: i.vector, lambda i: i.best,
                           lambda i: i.name)


def _items(count, seed=3):
    rng = random.Random(seed)
    return [Item('s%d' % n, rng.uniform(-80, 80), rng.uniform(-180, 180),
                 (rng.randint(0, 8), rng.randint(0, 8) * 1024,
                  rng.randint(0, 8) * 10)) for n in range(count)]


def test_nearest_yields_every_item_in_distance_order():
    items = _items(500)
    tree = _index(items)
    point = geo.unit_vector(50.0, 4.0)
    got = [item.name for _d, item in tree.nearest(point)]
    want = [item.name for item in sorted(
        items, key=lambda i: geo.haversine_km(50.0, 4.0, i.latitude,
                                              i.longitude))]
    assert got == want


def test_distances_are_squared_chords():
    items = _items(20)
    point = geo.unit_vector(10.0, 10.0)
    for distance2, item in _index(items).nearest(point):
        assert geo.chord_km(math.sqrt(distance2)) == pytest.approx(
            geo.haversine_km(10.0, 10.0, item.latitude, item.longitude))


def test_a_need_skips_what_cannot_hold_it():
    items = _items(300)
    tree = _index(items)
    point = geo.unit_vector(0.0, 0.0)
    need = (6, 6 * 1024, 60)
    got = [item.name for _d, item in tree.nearest(point, need)]
    want = [item.name for _d, item in tree.nearest(point)
            if all(b >= n for b, n in zip(item.best, need))]
    assert got == want and got


def test_update_keeps_the_bounds_exact():
    items = _items(200)
    tree = _index(items)
    point = geo.unit_vector(0.0, 0.0)
    need = (9, 0, 0)  # more than any item has
    assert list(tree.nearest(point, need)) == []
    items[17].best = (9, 9216, 90)
    tree.update(items[17])
    assert [item.name for _d, item in tree.nearest(point, need)] == ['s17']
    items[17].best = index.NONE
    tree.update(items[17])
    assert list(tree.nearest(point, need)) == []


def test_an_empty_index_yields_nothing():
    tree = _index([])
    assert list(tree.nearest(geo.unit_vector(0, 0))) == []
    assert Item('x', 0, 0, index.NONE) not in tree
