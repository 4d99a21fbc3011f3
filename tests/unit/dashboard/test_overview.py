"""The Overview panel: map, clusters, borrowed desktops and totals."""

import re

from django.urls import reverse

from central_cloud.dashboard.overview import views
from central_cloud.osc import exceptions as rest_exceptions
from tests.unit.dashboard import fakes

INDEX = reverse('horizon:admin:desktop_overview:index')


class OverviewTest(fakes.DashboardTestCase):

    def test_map_has_a_marker_per_site_coloured_by_state(self):
        res = self.client.get(INDEX)
        self.assertEqual(200, res.status_code)
        self.assertTemplateUsed(res, 'desktop_federation/overview/index.html')
        found = re.findall(r'class="site-marker site-(\w+)" data-site="(\w+)"',
                           res.content.decode())
        self.assertEqual(sorted(found), [
            ('inactive', 'SiteC'), ('offline', 'SiteB'),
            ('online', 'Central'), ('short', 'SiteA')])
        self.assertContains(res, reverse(
            'horizon:admin:desktop_sites:detail', args=['SiteA']))

    def test_borrowed_desktops_line_and_totals(self):
        res = self.client.get(INDEX)
        self.assertContains(res, 'data-origin="SiteA" data-site="Central" '
                                 'data-count="2"')
        totals = res.context['totals']
        self.assertEqual(4, totals['sites'])
        self.assertEqual(7, totals['desktops'])
        self.assertEqual(2, totals['borrowed'])
        self.assertEqual(2, totals['alarms'])
        self.assertEqual({'up': 6, 'total': 6}, totals['hosts'])
        self.assertIn('10 / 24 (42%)', totals['vcpu'])
        self.assertIn('1 online, capacity to spare', totals['site_states'])
        self.assertContains(res, '<td>SiteA</td><td>Central</td><td>2</td>',
                            html=False)

    def test_fragment_is_the_map_and_totals_alone(self):
        res = self.client.get(INDEX + '?fragment=1')
        self.assertEqual(200, res.status_code)
        self.assertTemplateUsed(
            res, 'desktop_federation/overview/_overview.html')
        self.assertNotContains(res, '<html')
        self.assertContains(res, 'class="site-map"')

    def test_fragment_when_central_fails_is_a_503_without_message(self):
        self.fake.fail['get_fleet_summary'] = fakes.unreachable()
        res = self.client.get(INDEX + '?fragment=1')
        self.assertEqual(503, res.status_code)
        self.fake.fail.clear()
        res = self.client.get(INDEX)
        self.assertNotContains(res, 'Unable to read the overview')

    def test_unreachable_central_is_an_error_message(self):
        self.fake.fail['get_fleet_summary'] = fakes.unreachable()
        res = self.client.get(INDEX)
        self.assertEqual(200, res.status_code)
        self.assertContains(res, "Unable to read the overview: central&#x27;s "
                                 'API cannot be reached')
        self.assertContains(res, 'No site is registered')
        self.assertNotContains(res, 'class="site-map"')

    def test_api_error_is_an_error_message(self):
        self.fake.fail['get_fleet_summary'] = fakes.api_error(
            rest_exceptions.Forbidden, 403, 'policy does not allow')
        res = self.client.get(INDEX)
        self.assertEqual(200, res.status_code)
        self.assertContains(res, 'policy does not allow (HTTP 403)')

    def test_the_page_asks_central_for_counts_not_for_every_site(self):
        self.client.get(INDEX)
        self.assertEqual([], self.fake.called('list_monitoring'))
        self.assertEqual([], self.fake.called('list_desktops'))
        self.assertEqual([], self.fake.called('list_alarms'))
        self.assertEqual([{'zoom': views.ZOOM,
                           'max_clusters': views.MAX_MARKERS}],
                         [c[2] for c in
                          self.fake.called('get_fleet_summary')])

    def test_coarser_cells_are_drawn_as_clusters(self):
        fine = [fakes.cell('S%d' % n, 40 + n * 0.01, 5.0, 'online')
                for n in range(views.MAX_MARKERS + 1)]
        coarse = [{'count': 180, 'worst': 'offline',
                   'states': {'online': 170, 'offline': 10},
                   'latitude': 41.0, 'longitude': 5.0, 'shared_pools': 0,
                   'site': None},
                  {'count': 71, 'worst': 'online', 'states': {'online': 71},
                   'latitude': 42.5, 'longitude': 5.0, 'shared_pools': 0,
                   'site': None},
                  fakes.cell('Central', 48.8566, 2.3522, 'online', 1)]
        self.fake.clusters_by_zoom = {views.ZOOM: fine,
                                      views.ZOOM - 2: coarse}
        res = self.client.get(INDEX)
        self.assertEqual(1, len(self.fake.called('get_fleet_summary')))
        page = res.content.decode()
        self.assertEqual(
            [('offline', '180'), ('online', '71')],
            re.findall(r'class="site-cluster site-(\w+)" '
                       r'data-count="(\d+)"', page))
        self.assertIn('180 sites: 170 online, capacity to spare; 10 '
                      'offline', page)
        self.assertEqual(['Central'],
                         re.findall(r'class="site-marker site-\w+" '
                                    r'data-site="(\w+)"', page))


def test_map_of_an_empty_summary_is_nothing():
    assert views.totals({})['sites'] == 0
