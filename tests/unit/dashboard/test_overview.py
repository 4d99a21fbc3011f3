"""The Overview panel: map, borrowed desktops and totals."""

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
        self.fake.fail['list_monitoring'] = fakes.unreachable()
        res = self.client.get(INDEX + '?fragment=1')
        self.assertEqual(503, res.status_code)
        self.fake.fail.clear()
        res = self.client.get(INDEX)
        self.assertNotContains(res, 'Unable to read the overview')

    def test_unreachable_central_is_an_error_message(self):
        self.fake.fail['list_monitoring'] = fakes.unreachable()
        res = self.client.get(INDEX)
        self.assertEqual(200, res.status_code)
        self.assertContains(res, "Unable to read the overview: central&#x27;s "
                                 'API cannot be reached')
        self.assertContains(res, 'No site is registered')
        self.assertNotContains(res, 'class="site-map"')

    def test_api_error_is_an_error_message(self):
        self.fake.fail['list_desktops'] = fakes.api_error(
            rest_exceptions.Forbidden, 403, 'policy does not allow')
        res = self.client.get(INDEX)
        self.assertEqual(200, res.status_code)
        self.assertContains(res, 'policy does not allow (HTTP 403)')


def test_borrowed_counts_only_desktops_away_from_home():
    desktops = [fakes.desktop(1, 'A'), fakes.desktop(2, 'B', origin='A'),
                fakes.desktop(3, 'B', origin='A'),
                fakes.desktop(4, 'C', origin='C'),
                fakes.desktop(5, 'A', origin='B')]
    assert views.borrowed(desktops) == {('A', 'B'): 2, ('B', 'A'): 1}
