"""Great-circle distances and points on the sphere."""

import math
import random

import pytest

from central_cloud.placement import geo
from tests.unit.placement import samples


def test_haversine_between_known_cities():
    # Paris-Brussels and Brussels-Amsterdam, as the crow flies.
    assert geo.haversine_km(*samples.PARIS, *samples.BRUSSELS) == \
        pytest.approx(264, abs=2)
    assert geo.haversine_km(*samples.BRUSSELS, *samples.AMSTERDAM) == \
        pytest.approx(173, abs=2)
    assert geo.haversine_km(*samples.PARIS, *samples.PARIS) == 0.0


def test_antipodes_are_half_the_circumference():
    assert geo.haversine_km(0, 0, 0, 180) == pytest.approx(
        math.pi * geo.EARTH_RADIUS_KM)


def test_chord_and_haversine_agree():
    rng = random.Random(1)
    for _ in range(200):
        a = (rng.uniform(-90, 90), rng.uniform(-180, 180))
        b = (rng.uniform(-90, 90), rng.uniform(-180, 180))
        chord = math.dist(geo.unit_vector(*a), geo.unit_vector(*b))
        assert geo.chord_km(chord) == pytest.approx(
            geo.haversine_km(*a, *b), abs=1e-6)


@pytest.mark.parametrize('latitude, longitude, expected', [
    (50.85, 4.35, True), (0, 0, True), (90, 180, True), (-90, -180, True),
    (None, 4.35, False), (50.85, None, False), (91, 0, False),
    (0, 180.5, False), (float('nan'), 0, False), (0, float('inf'), False),
    ('50', 4, True), ('north', 4, False), (True, 4, False)])
def test_has_coordinates(latitude, longitude, expected):
    assert geo.has_coordinates(latitude, longitude) is expected
