"""Coordinates near real cities, on land, the same for the same seed."""

import math

from site_plugins.simulator import geography


def km_between(a, b):
    lat1, lon1, lat2, lon2 = map(math.radians, (a[0], a[1], b[0], b[1]))
    h = (math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) *
         math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2)
    return 2 * geography.EARTH_RADIUS_KM * math.asin(math.sqrt(h))


def test_offset_goes_the_distance_asked():
    point = geography.offset(48.85, 2.35, 100.0, math.radians(90))
    assert abs(km_between((48.85, 2.35), point) - 100.0) < 0.5
    assert geography.offset(0, 179.9, 50, math.radians(90))[1] < -179


def test_land_and_sea_are_told_apart():
    assert geography.on_land(48.85, 2.35)        # Paris
    assert geography.on_land(-23.55, -46.63)     # Sao Paulo
    assert not geography.on_land(0.0, -30.0)     # the Atlantic
    assert not geography.on_land(-40.0, 170.0)   # the Tasman Sea


def test_places_are_near_a_city_on_land_and_repeatable():
    cities = {name: (lat, lon) for name, lat, lon in geography.CITIES}
    placed = [geography.place(7, index, 25.0) for index in range(200)]
    assert placed == [geography.place(7, index, 25.0)
                      for index in range(200)]
    assert placed != [geography.place(8, index, 25.0)
                      for index in range(200)]
    assert len({city for city, _lat, _lon in placed}) > 50
    for city, lat, lon in placed:
        assert km_between(cities[city], (lat, lon)) <= 25.5
        if (lat, lon) != cities[city]:
            assert geography.on_land(lat, lon)
