"""Where virtual sites lie: near real cities, on land.

A site's coordinates are drawn near one of ``CITIES`` (real towns on
every inhabited continent, coordinates rounded to 0.01 degree), at most
``spread_km`` away, and kept only where they fall on land: inside one of
the Natural Earth country outlines the dashboard ships
(``central_cloud.dashboard.geomap.outlines``). The draw depends on the
seed and the site's index only, so every process of a fleet, and every
restart, gives a site the same place.
"""

import math
import random

from central_cloud.dashboard import geomap

EARTH_RADIUS_KM = 6371.0
TRIES = 30

# (name, latitude, longitude)
CITIES = (
    ('Reykjavik', 64.15, -21.94), ('Oslo', 59.91, 10.75),
    ('Stockholm', 59.33, 18.07), ('Helsinki', 60.17, 24.94),
    ('Copenhagen', 55.68, 12.57), ('Dublin', 53.35, -6.26),
    ('Manchester', 53.48, -2.24), ('London', 51.51, -0.13),
    ('Hamburg', 53.55, 9.99), ('Berlin', 52.52, 13.40),
    ('Warsaw', 52.23, 21.01), ('Prague', 50.08, 14.44),
    ('Frankfurt', 50.11, 8.68), ('Munich', 48.14, 11.58),
    ('Vienna', 48.21, 16.37), ('Budapest', 47.50, 19.04),
    ('Zurich', 47.38, 8.54), ('Bordeaux', 44.84, -0.58),
    ('Toulouse', 43.60, 1.44), ('Madrid', 40.42, -3.70),
    ('Seville', 37.39, -5.98), ('Lisbon', 38.72, -9.14),
    ('Milan', 45.46, 9.19), ('Rome', 41.90, 12.50),
    ('Bucharest', 44.43, 26.10), ('Sofia', 42.70, 23.32),
    ('Athens', 37.98, 23.73), ('Istanbul', 41.01, 28.98),
    ('Ankara', 39.93, 32.86), ('Kyiv', 50.45, 30.52),
    ('Moscow', 55.76, 37.62), ('Kazan', 55.79, 49.12),
    ('Yekaterinburg', 56.84, 60.61), ('Novosibirsk', 55.01, 82.93),
    ('Tbilisi', 41.72, 44.79), ('Tehran', 35.69, 51.39),
    ('Riyadh', 24.71, 46.68), ('Dubai', 25.20, 55.27),
    ('Cairo', 30.04, 31.24), ('Casablanca', 33.57, -7.59),
    ('Algiers', 36.75, 3.06), ('Dakar', 14.72, -17.47),
    ('Lagos', 6.52, 3.38), ('Accra', 5.60, -0.19),
    ('Kinshasa', -4.44, 15.27), ('Nairobi', -1.29, 36.82),
    ('Addis Ababa', 9.03, 38.74), ('Kampala', 0.35, 32.58),
    ('Dar es Salaam', -6.79, 39.21), ('Luanda', -8.84, 13.23),
    ('Lusaka', -15.39, 28.32), ('Johannesburg', -26.20, 28.05),
    ('Cape Town', -33.92, 18.42), ('Antananarivo', -18.88, 47.51),
    ('Karachi', 24.86, 67.01), ('Lahore', 31.55, 74.34),
    ('Delhi', 28.61, 77.21), ('Mumbai', 19.08, 72.88),
    ('Bangalore', 12.97, 77.59), ('Kolkata', 22.57, 88.36),
    ('Dhaka', 23.81, 90.41), ('Kathmandu', 27.72, 85.32),
    ('Tashkent', 41.30, 69.24), ('Almaty', 43.24, 76.89),
    ('Bangkok', 13.76, 100.50), ('Hanoi', 21.03, 105.85),
    ('Ho Chi Minh City', 10.82, 106.63), ('Kuala Lumpur', 3.14, 101.69),
    ('Singapore', 1.35, 103.82), ('Jakarta', -6.21, 106.85),
    ('Manila', 14.60, 120.98), ('Beijing', 39.90, 116.41),
    ('Shanghai', 31.23, 121.47), ('Chengdu', 30.57, 104.07),
    ('Wuhan', 30.59, 114.31), ('Guangzhou', 23.13, 113.26),
    ('Harbin', 45.80, 126.53), ('Ulaanbaatar', 47.89, 106.91),
    ('Seoul', 37.57, 126.98), ('Tokyo', 35.68, 139.69),
    ('Osaka', 34.69, 135.50), ('Sapporo', 43.06, 141.35),
    ('Perth', -31.95, 115.86), ('Adelaide', -34.93, 138.60),
    ('Melbourne', -37.81, 144.96), ('Sydney', -33.87, 151.21),
    ('Brisbane', -27.47, 153.03), ('Auckland', -36.85, 174.76),
    ('Anchorage', 61.22, -149.90), ('Vancouver', 49.28, -123.12),
    ('Seattle', 47.61, -122.33), ('San Francisco', 37.77, -122.42),
    ('Los Angeles', 34.05, -118.24), ('Phoenix', 33.45, -112.07),
    ('Denver', 39.74, -104.99), ('Calgary', 51.05, -114.07),
    ('Winnipeg', 49.90, -97.14), ('Dallas', 32.78, -96.80),
    ('Houston', 29.76, -95.37), ('Chicago', 41.88, -87.63),
    ('Atlanta', 33.75, -84.39), ('Miami', 25.76, -80.19),
    ('Toronto', 43.65, -79.38), ('Montreal', 45.50, -73.57),
    ('New York', 40.71, -74.01), ('Mexico City', 19.43, -99.13),
    ('Monterrey', 25.69, -100.32), ('Guatemala City', 14.63, -90.51),
    ('Havana', 23.11, -82.37), ('Bogota', 4.71, -74.07),
    ('Caracas', 10.48, -66.90), ('Quito', -0.18, -78.47),
    ('Lima', -12.05, -77.04), ('La Paz', -16.49, -68.12),
    ('Manaus', -3.12, -60.02), ('Recife', -8.05, -34.88),
    ('Brasilia', -15.79, -47.88), ('Sao Paulo', -23.55, -46.63),
    ('Santiago', -33.45, -70.67), ('Buenos Aires', -34.60, -58.38),
    ('Montevideo', -34.90, -56.16), ('Cordoba', -31.42, -64.18),
)


def _inside(lon, lat, ring):
    """Ray casting: is (lon, lat) inside the polygon ``ring``?"""
    inside = False
    x0, y0 = ring[-1]
    for x1, y1 in ring:
        if (y1 > lat) != (y0 > lat):
            cross = x0 + (lat - y0) * (x1 - x0) / (y1 - y0)
            if lon < cross:
                inside = not inside
        x0, y0 = x1, y1
    return inside


def on_land(latitude, longitude, rings=None):
    """True if the point lies inside one of the country outlines."""
    for (west, south, east, north), ring in (rings or geomap.outlines()):
        if west <= longitude <= east and south <= latitude <= north and \
                _inside(longitude, latitude, ring):
            return True
    return False


def offset(latitude, longitude, km, bearing):
    """The point ``km`` away from (latitude, longitude) on ``bearing``."""
    distance = km / EARTH_RADIUS_KM
    lat1, lon1 = math.radians(latitude), math.radians(longitude)
    lat2 = math.asin(math.sin(lat1) * math.cos(distance) +
                     math.cos(lat1) * math.sin(distance) * math.cos(bearing))
    lon2 = lon1 + math.atan2(
        math.sin(bearing) * math.sin(distance) * math.cos(lat1),
        math.cos(distance) - math.sin(lat1) * math.sin(lat2))
    lon2 = (lon2 + 3 * math.pi) % (2 * math.pi) - math.pi
    return round(math.degrees(lat2), 4), round(math.degrees(lon2), 4)


def place(seed, index, spread_km, rings=None):
    """``(city, latitude, longitude)`` of the site ``index``."""
    rng = random.Random('%s:%s' % (seed, index))
    city, latitude, longitude = CITIES[rng.randrange(len(CITIES))]
    for _try in range(TRIES):
        # sqrt: points spread evenly over the disc, not heaped at its centre.
        km = spread_km * math.sqrt(rng.random())
        point = offset(latitude, longitude, km,
                       rng.uniform(0, 2 * math.pi))
        if on_land(point[0], point[1], rings):
            return city, point[0], point[1]
    return city, latitude, longitude
