"""Great-circle distances between sites, and points on the unit sphere.

Distances are haversine distances on a sphere of the Earth's mean radius.
The nearest-first index works on unit vectors: the straight-line (chord)
distance between two of them grows with the great-circle distance, so
ordering by one orders by the other.
"""

import math

EARTH_RADIUS_KM = 6371.0088


def has_coordinates(latitude, longitude):
    """Whether a site has usable coordinates (not missing, in range)."""
    for value, limit in ((latitude, 90.0), (longitude, 180.0)):
        if value is None or isinstance(value, bool):
            return False
        try:
            value = float(value)
        except (TypeError, ValueError):
            return False
        if not math.isfinite(value) or abs(value) > limit:
            return False
    return True


def haversine_km(lat1, lon1, lat2, lon2):
    """The great-circle distance in km between two points in degrees."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi = phi2 - phi1
    dlam = math.radians(lon2 - lon1)
    a = (math.sin(dphi / 2) ** 2
         + math.cos(phi1) * math.cos(phi2) * math.sin(dlam / 2) ** 2)
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


def unit_vector(latitude, longitude):
    """The point on the unit sphere at these coordinates (degrees)."""
    phi, lam = math.radians(latitude), math.radians(longitude)
    cos_phi = math.cos(phi)
    return (cos_phi * math.cos(lam), cos_phi * math.sin(lam),
            math.sin(phi))


def chord_km(chord):
    """The great-circle distance in km of a chord of the unit sphere."""
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, chord / 2))
