"""The overview's site map: SVG drawn from the sites' latitude and longitude.

The background is the country outlines shipped in ``mapdata/`` (Natural
Earth 1:50m as TopoJSON, see its README) and a graticule; nothing is
fetched at run time. The view fits the sites, projected
equirectangularly around their mean latitude. Each site is one marker
(``class="site-marker"``, a square for a shared pool) coloured by its
state; a cell of many sites (``MapCluster``, counted by central) is one
circle (``class="site-cluster"``) sized by and labelled with its number
of sites, coloured by the worst state among them; each origin site that
borrows desktops from another site gets a line to that lender with the
number of desktops on it.

``render(sites, borrowed, clusters, points)`` takes ``MapSite`` tuples,
a mapping ``(origin, lender) -> count``, ``MapCluster`` tuples and the
``(latitude, longitude)`` of line ends that are not among ``sites``,
and returns the SVG text.
"""

import collections
import functools
import html
import json
import math
import os

WIDTH = 960
HEIGHT = 540
# Degrees of latitude the view spans at least, and the margin around the
# sites as a share of their spread.
MIN_SPAN = 6.0
MARGIN = 0.25
# Outline points closer than this many pixels are dropped.
MIN_STEP = 0.8
# Outline points further out than this are pulled to the view's edge.
CLAMP = 40
GRATICULE_STEPS = (1, 2, 5, 10, 15, 30)

DATA = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'mapdata',
                    'countries-50m.json')

# Marker states, in the order the legend lists them.
STATES = collections.OrderedDict([
    ('online', 'online, capacity to spare'),
    ('short', 'short of capacity'),
    ('offline', 'offline'),
    ('inactive', 'in maintenance or unmanaged'),
    ('unknown', 'no report yet'),
])

MapSite = collections.namedtuple(
    'MapSite', 'name latitude longitude state shared_pool url title')
MapCluster = collections.namedtuple(
    'MapCluster', 'latitude longitude count state title')
# A cluster's radius in pixels: from one site to many, on a log scale.
CLUSTER_RADIUS = (10.0, 30.0)
CLUSTER_LOG_SPAN = 4.0


# -- the shipped outlines ----------------------------------------------------

def _arcs(topology):
    scale_x, scale_y = topology['transform']['scale']
    move_x, move_y = topology['transform']['translate']
    decoded = []
    for arc in topology['arcs']:
        x = y = 0
        points = []
        for dx, dy in arc:
            x += dx
            y += dy
            points.append((x * scale_x + move_x, y * scale_y + move_y))
        decoded.append(points)
    return decoded


def _ring(arcs, indexes):
    ring = []
    for index in indexes:
        points = arcs[index] if index >= 0 else arcs[~index][::-1]
        ring.extend(points if not ring else points[1:])
    return ring


def _polygons(geometry):
    if geometry.get('type') == 'Polygon':
        return [geometry['arcs']]
    if geometry.get('type') == 'MultiPolygon':
        return geometry['arcs']
    return []


@functools.lru_cache(maxsize=1)
def outlines(path=DATA):
    """Every country ring as ``(bbox, [(lon, lat), ...])``."""
    with open(path) as f:
        topology = json.load(f)
    arcs = _arcs(topology)
    rings = []
    for geometry in topology['objects']['countries']['geometries']:
        for polygon in _polygons(geometry):
            for indexes in polygon:
                ring = _ring(arcs, indexes)
                if len(ring) < 3:
                    continue
                lons = [p[0] for p in ring]
                lats = [p[1] for p in ring]
                rings.append(((min(lons), min(lats), max(lons), max(lats)),
                              ring))
    return tuple(rings)


# -- the view -----------------------------------------------------------------

class View(object):
    """An equirectangular projection that fits some points into the SVG."""

    def __init__(self, points, width=WIDTH, height=HEIGHT):
        self.width, self.height = width, height
        lats = [p[0] for p in points] or [0.0]
        lons = [p[1] for p in points] or [0.0]
        mid_lat = (min(lats) + max(lats)) / 2
        self.squeeze = max(math.cos(math.radians(mid_lat)), 0.2)
        span_y = max(max(lats) - min(lats), MIN_SPAN / (1 + 2 * MARGIN))
        span_x = max((max(lons) - min(lons)) * self.squeeze,
                     span_y * width / height / (1 + 2 * MARGIN))
        span_y *= 1 + 2 * MARGIN
        span_x *= 1 + 2 * MARGIN
        # Widen the narrower side so the view keeps the SVG's shape.
        if span_x / span_y < width / height:
            span_x = span_y * width / height
        else:
            span_y = span_x * height / width
        self.scale = width / span_x
        self.center_x = (min(lons) + max(lons)) / 2 * self.squeeze
        self.center_y = mid_lat
        half_x = span_x / 2 / self.squeeze
        self.bbox = ((min(lons) + max(lons)) / 2 - half_x,
                     mid_lat - span_y / 2,
                     (min(lons) + max(lons)) / 2 + half_x,
                     mid_lat + span_y / 2)

    def project(self, lat, lon):
        x = (lon * self.squeeze - self.center_x) * self.scale + self.width / 2
        y = (self.center_y - lat) * self.scale + self.height / 2
        return x, y

    def sees(self, bbox):
        west, south, east, north = self.bbox
        return not (bbox[2] < west or bbox[0] > east or bbox[3] < south or
                    bbox[1] > north)


def _clamped(view, x, y):
    return (min(max(x, -CLAMP), view.width + CLAMP),
            min(max(y, -CLAMP), view.height + CLAMP))


def land_path(view):
    """The ``d`` of one path with every country ring the view sees."""
    parts = []
    for bbox, ring in outlines():
        if not view.sees(bbox):
            continue
        kept = []
        for lon, lat in ring:
            x, y = _clamped(view, *view.project(lat, lon))
            if kept and (abs(x - kept[-1][0]) < MIN_STEP and
                         abs(y - kept[-1][1]) < MIN_STEP):
                continue
            kept.append((x, y))
        if len(kept) < 3:
            continue
        parts.append('M' + 'L'.join('%.1f,%.1f' % p for p in kept) + 'Z')
    return ''.join(parts)


def _graticule_step(view):
    span = view.bbox[3] - view.bbox[1]
    for step in GRATICULE_STEPS:
        if span / step <= 8:
            return step
    return GRATICULE_STEPS[-1]


def graticule(view):
    """SVG lines and labels every few degrees of latitude and longitude."""
    step = _graticule_step(view)
    west, south, east, north = view.bbox
    out = []
    lat = math.ceil(south / step) * step
    while lat <= north:
        _, y = view.project(lat, 0)
        out.append('<line class="graticule" x1="0" y1="%.1f" x2="%d" '
                   'y2="%.1f"/><text class="graticule-label" x="4" '
                   'y="%.1f">%s&#176;%s</text>'
                   % (y, view.width, y, y - 3, abs(lat),
                      'N' if lat >= 0 else 'S'))
        lat += step
    lon = math.ceil(west / step) * step
    while lon <= east:
        x, _ = view.project(0, lon)
        out.append('<line class="graticule" x1="%.1f" y1="0" x2="%.1f" '
                   'y2="%d"/><text class="graticule-label" x="%.1f" '
                   'y="%d">%s&#176;%s</text>'
                   % (x, x, view.height, x + 3, view.height - 4, abs(lon),
                      'E' if lon >= 0 else 'W'))
        lon += step
    return ''.join(out)


# -- sites and lines ----------------------------------------------------------

def _marker(view, site):
    x, y = view.project(site.latitude, site.longitude)
    attrs = ('class="site-marker site-%s" data-site="%s" data-state="%s"'
             % (site.state, html.escape(site.name), site.state))
    if site.shared_pool:
        shape = ('<rect class="marker-shape" x="%.1f" y="%.1f" width="16" '
                 'height="16" rx="2"/>' % (x - 8, y - 8))
    else:
        shape = ('<circle class="marker-shape" cx="%.1f" cy="%.1f" r="9"/>'
                 % (x, y))
    body = ('<title>%s</title>%s<text class="site-label" x="%.1f" '
            'y="%.1f">%s</text>'
            % (html.escape(site.title or site.name), shape, x + 13, y + 4,
               html.escape(site.name)))
    if site.url:
        body = '<a href="%s">%s</a>' % (html.escape(site.url), body)
    return '<g %s>%s</g>' % (attrs, body)


def _cluster(view, cluster):
    x, y = view.project(cluster.latitude, cluster.longitude)
    low, high = CLUSTER_RADIUS
    share = min(math.log10(max(cluster.count, 1)) / CLUSTER_LOG_SPAN, 1.0)
    radius = low + (high - low) * share
    label = '%d' % cluster.count
    return ('<g class="site-cluster site-%s" data-count="%d" '
            'data-state="%s"><title>%s</title><circle class="marker-shape" '
            'cx="%.1f" cy="%.1f" r="%.1f"/><text class="cluster-label" '
            'x="%.1f" y="%.1f">%s</text></g>'
            % (cluster.state, cluster.count, cluster.state,
               html.escape(cluster.title or label), x, y, radius,
               x - 3.6 * len(label), y + 4.5, label))


def _line(view, where, origin, lender, count):
    x1, y1 = view.project(*where[origin])
    x2, y2 = view.project(*where[lender])
    length = math.hypot(x2 - x1, y2 - y1) or 1.0
    # Stop short of the lender's marker, and bend to the left so that
    # lines both ways between two sites stay apart.
    x2s, y2s = x2 - (x2 - x1) * 12 / length, y2 - (y2 - y1) * 12 / length
    bend = min(40.0, length / 5)
    cx = (x1 + x2) / 2 + (y2 - y1) / length * bend
    cy = (y1 + y2) / 2 - (x2 - x1) / length * bend
    # The label sits on the curve's middle.
    lx, ly = (x1 + 2 * cx + x2s) / 4, (y1 + 2 * cy + y2s) / 4
    label = '%d' % count
    return ('<g class="borrow-line" data-origin="%s" data-site="%s" '
            'data-count="%d"><title>%s: %d desktop(s) at %s</title>'
            '<path class="borrow-path" d="M%.1f,%.1f Q%.1f,%.1f %.1f,%.1f" '
            'marker-end="url(#borrow-arrow)"/>'
            '<rect class="borrow-label-box" x="%.1f" y="%.1f" width="%d" '
            'height="16" rx="3"/><text class="borrow-label" x="%.1f" '
            'y="%.1f">%s</text></g>'
            % (html.escape(origin), html.escape(lender), count,
               html.escape(origin), count, html.escape(lender),
               x1, y1, cx, cy, x2s, y2s,
               lx - 4 - 3.5 * len(label), ly - 8, 8 + 7 * len(label),
               lx - 3.5 * len(label), ly + 4, label))


STYLE = """
.map-sea { fill: #eaf2f8; }
.map-land { fill: #fbfaf6; stroke: #b9b4a6; stroke-width: 0.7;
  fill-rule: evenodd; }
.graticule { stroke: #c9d6e0; stroke-width: 0.5; stroke-dasharray: 3 3; }
.graticule-label { fill: #8aa0b0; font-size: 10px; }
.marker-shape { stroke: #ffffff; stroke-width: 2; }
.site-online .marker-shape { fill: #2e7d32; }
.site-short .marker-shape { fill: #ef6c00; }
.site-offline .marker-shape { fill: #c62828; }
.site-inactive .marker-shape { fill: #9e9e9e; }
.site-unknown .marker-shape { fill: #5c6bc0; }
.site-label { font-size: 13px; font-weight: bold; fill: #263238;
  paint-order: stroke; stroke: #ffffff; stroke-width: 3px; }
.borrow-path { fill: none; stroke: #6a1b9a; stroke-width: 2.5;
  opacity: 0.85; }
.borrow-arrow { fill: #6a1b9a; }
.borrow-label-box { fill: #ffffff; stroke: #6a1b9a; stroke-width: 1; }
.borrow-label { font-size: 11px; font-weight: bold; fill: #6a1b9a; }
.site-cluster .marker-shape { fill-opacity: 0.85; }
.cluster-label { font-size: 12px; font-weight: bold; fill: #ffffff; }
"""


def render(sites, borrowed=None, clusters=(), points=None, width=WIDTH,
           height=HEIGHT):
    """The map's SVG text.

    ``sites``: ``MapSite`` tuples (those without coordinates are left
    out); ``borrowed``: ``{(origin, lender): count}``; ``clusters``:
    ``MapCluster`` tuples; ``points``: ``{name: (latitude, longitude)}``
    of line ends that are not among ``sites``.
    """
    placed = [s for s in sites
              if s.latitude is not None and s.longitude is not None]
    view = View([(s.latitude, s.longitude) for s in placed] +
                [(c.latitude, c.longitude) for c in clusters], width, height)
    where = dict(points or {})
    where.update((s.name, (s.latitude, s.longitude)) for s in placed)
    lines = [_line(view, where, origin, lender, count)
             for (origin, lender), count in sorted((borrowed or {}).items())
             if origin in where and lender in where and origin != lender
             and count > 0]
    return (
        '<svg class="site-map" xmlns="http://www.w3.org/2000/svg" '
        'viewBox="0 0 %d %d" width="100%%" role="img" '
        'aria-label="Map of the sites">'
        '<style>%s</style>'
        '<defs><marker id="borrow-arrow" viewBox="0 0 10 10" refX="8" '
        'refY="5" markerWidth="6" markerHeight="6" '
        'orient="auto-start-reverse">'
        '<path class="borrow-arrow" d="M0,0L10,5L0,10z"/></marker></defs>'
        '<rect class="map-sea" width="%d" height="%d"/>'
        '<path class="map-land" d="%s"/>'
        '<g class="graticules">%s</g>'
        '<g class="borrow-lines">%s</g>'
        '<g class="site-clusters">%s</g>'
        '<g class="site-markers">%s</g>'
        '</svg>'
        % (width, height, STYLE, width, height, land_path(view),
           graticule(view), ''.join(lines),
           ''.join(_cluster(view, c) for c in clusters),
           ''.join(_marker(view, s) for s in placed)))
