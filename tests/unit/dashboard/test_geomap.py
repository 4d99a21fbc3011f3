"""The site map's SVG: outlines, projection, markers and lines."""

import re

from central_cloud.dashboard import geomap

S = geomap.MapSite
SITES = [S('Central', 48.8566, 2.3522, 'online', True, '/s/Central', 'C'),
         S('SiteA', 50.8503, 4.3517, 'short', False, '/s/SiteA', None),
         S('SiteB', 52.3676, 4.9041, 'offline', False, None, None),
         S('SiteC', 45.7640, 4.8357, 'inactive', False, None, None)]


def markers(svg):
    return re.findall(r'<g class="site-marker site-(\w+)" data-site="([^"]+)"',
                      svg)


def test_outlines_decode_the_shipped_countries():
    rings = geomap.outlines()
    assert len(rings) > 1000
    # Paris lies inside the bounding box of some ring (France's).
    assert any(b[0] < 2.35 < b[2] and b[1] < 48.86 < b[3]
               for b, _ in rings)
    for bbox, ring in rings[:50]:
        assert len(ring) >= 3
        assert -180 <= bbox[0] <= bbox[2] <= 180.01
        assert -90 <= bbox[1] <= bbox[3] <= 90


def test_view_fits_every_site_inside_the_picture():
    view = geomap.View([(s.latitude, s.longitude) for s in SITES])
    for s in SITES:
        x, y = view.project(s.latitude, s.longitude)
        assert 0.1 * view.width < x < 0.9 * view.width
        assert 0.1 * view.height < y < 0.9 * view.height
    # North is up and east is right.
    assert view.project(52, 4)[1] < view.project(46, 4)[1]
    assert view.project(48, 2)[0] < view.project(48, 5)[0]


def test_one_site_gets_a_view_of_the_minimum_span():
    view = geomap.View([(10.0, 20.0)])
    west, south, east, north = view.bbox
    assert north - south >= geomap.MIN_SPAN - 1e-9
    assert west < 20 < east


def test_render_draws_one_marker_per_site_in_its_state():
    svg = geomap.render(SITES)
    assert svg.startswith('<svg class="site-map"')
    assert svg.endswith('</svg>')
    assert sorted(markers(svg)) == [('inactive', 'SiteC'),
                                    ('offline', 'SiteB'),
                                    ('online', 'Central'),
                                    ('short', 'SiteA')]
    # The shared pool is a square, the others circles; links to pages.
    assert svg.count('<rect class="marker-shape"') == 1
    assert svg.count('<circle class="marker-shape"') == 3
    assert '<a href="/s/SiteA">' in svg
    assert '<title>C</title>' in svg
    assert 'class="map-land" d="M' in svg
    assert 'class="graticule-label"' in svg and '&#176;N' in svg


def test_render_draws_borrow_lines_with_their_counts():
    svg = geomap.render(SITES, {('SiteA', 'Central'): 3,
                                ('SiteC', 'SiteA'): 1,
                                ('SiteA', 'Nowhere'): 5,
                                ('SiteB', 'SiteB'): 2,
                                ('SiteB', 'Central'): 0})
    lines = re.findall(r'<g class="borrow-line" data-origin="(\w+)" '
                       r'data-site="(\w+)" data-count="(\d+)"', svg)
    assert sorted(lines) == [('SiteA', 'Central', '3'),
                             ('SiteC', 'SiteA', '1')]
    assert 'marker-end="url(#borrow-arrow)"' in svg
    assert '>3</text>' in svg


def test_render_escapes_names_and_skips_sites_without_coordinates():
    sites = [S('<b>x</b>', 10.0, 10.0, 'online', False, '/a?b=1&c=2', None),
             S('nowhere', None, None, 'online', False, None, None)]
    svg = geomap.render(sites)
    assert '<b>' not in svg
    assert '&lt;b&gt;x&lt;/b&gt;' in svg
    assert '/a?b=1&amp;c=2' in svg
    assert len(markers(svg)) == 1


def test_render_without_sites_is_still_a_picture():
    svg = geomap.render([])
    assert svg.startswith('<svg') and markers(svg) == []


def test_render_draws_clusters_sized_by_their_count():
    clusters = [geomap.MapCluster(50.0, 4.0, 12, 'short', '12 sites'),
                geomap.MapCluster(45.0, 5.0, 9000, 'offline', '9000 sites')]
    svg = geomap.render([], clusters=clusters)
    found = re.findall(r'class="site-cluster site-(\w+)" data-count="(\d+)"'
                       r'.*?r="([0-9.]+)".*?>(\d+)</text>', svg)
    assert [(state, count, label) for state, count, _r, label in found] == [
        ('short', '12', '12'), ('offline', '9000', '9000')]
    small, large = (float(r) for _s, _c, r, _l in found)
    low, high = geomap.CLUSTER_RADIUS
    assert low < small < large <= high
    assert markers(svg) == []


def test_borrow_lines_reach_sites_inside_clusters_by_their_points():
    clusters = [geomap.MapCluster(50.0, 4.0, 12, 'online', None)]
    svg = geomap.render(SITES[:1], {('Hidden', SITES[0].name): 2},
                        clusters, {'Hidden': (50.1, 4.1)})
    assert 'data-origin="Hidden" data-site="%s" data-count="2"' % (
        SITES[0].name) in svg
