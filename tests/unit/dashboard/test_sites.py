"""The Sites panel: the live table, its actions, and a site's page."""

from django.urls import reverse

from tests.unit.dashboard import fakes

INDEX = reverse('horizon:admin:desktop_sites:index')
AJAX = {'HTTP_X_REQUESTED_WITH': 'XMLHttpRequest'}


def detail(name):
    return reverse('horizon:admin:desktop_sites:detail', args=[name])


class SitesIndexTest(fakes.DashboardTestCase):

    def test_table_has_usage_bars_templates_and_alarms(self):
        res = self.client.get(INDEX)
        self.assertEqual(200, res.status_code)
        rows = {row['name']: row for row in res.context['table'].data}
        self.assertEqual(['Central', 'SiteA', 'SiteB', 'SiteC'],
                         sorted(rows))
        self.assertEqual(1, rows['SiteA']['raised_alarms'])
        self.assertTrue(rows['SiteA']['short'])
        self.assertContains(res, 'data-percent="88"')
        self.assertContains(res, '7 / 8 (88%)')
        self.assertContains(res, 'no report')
        self.assertContains(res, 'desktop-live')
        self.assertContains(res, 'data-update-url=', count=4)
        self.assertEqual({'state': 'raised',
                          'site': ['Central', 'SiteA', 'SiteB', 'SiteC']},
                         {k: v for k, v in
                          self.fake.called('list_alarms')[0][2].items()
                          if v is not None})

    def test_the_database_pages_the_sites(self):
        self.fake.sites.extend(
            fakes.site('Site%03d' % n, 50.0, 4.0, None) for n in range(30))
        with self.settings(API_RESULT_PAGE_SIZE=20):
            res = self.client.get(INDEX)
        self.assertEqual(20, len(res.context['table'].data))
        [call] = self.fake.called('list_monitoring')
        self.assertEqual((21, None), (call[2]['limit'], call[2]['marker']))
        self.assertEqual(20, len(self.fake.called('list_alarms')[0][2][
            'site']))
        last = res.context['table'].data[-1]['name']
        self.assertContains(res, '?marker=%s"' % last)
        with self.settings(API_RESULT_PAGE_SIZE=20):
            res = self.client.get(INDEX + '?marker=' + last)
        names = [row['name'] for row in res.context['table'].data]
        self.assertEqual(14, len(names))
        self.assertEqual('Site%03d' % 16, names[0])

    def test_row_refresh(self):
        res = self.client.get(INDEX + '?action=row_update&table=sites&'
                              'obj_id=SiteA', **AJAX)
        self.assertEqual(200, res.status_code)
        self.assertContains(res, 'id="sites__row__SiteA"')
        self.assertEqual(('SiteA',), self.fake.called('get_monitoring')[0][1])
        self.assertEqual('SiteA',
                         self.fake.called('list_alarms')[0][2]['site'])

    def test_row_refresh_of_a_site_gone_is_404(self):
        res = self.client.get(INDEX + '?action=row_update&table=sites&'
                              'obj_id=Gone', **AJAX)
        self.assertEqual(404, res.status_code)

    def test_unreachable_central_is_an_error_message(self):
        self.fake.fail['list_monitoring'] = fakes.unreachable()
        res = self.client.get(INDEX)
        self.assertEqual(200, res.status_code)
        self.assertContains(res, 'Unable to list the sites')
        self.assertEqual([], res.context['table'].data)

    def test_row_action_manage(self):
        res = self.client.post(INDEX, {'action': 'sites__manage__SiteC'},
                               follow=True)
        self.assertEqual(200, res.status_code)
        self.assertEqual([('SiteC', 'manage')],
                         [c[1] for c in self.fake.called('site_action')])
        self.assertContains(res, 'Managed Site: SiteC')

    def test_table_action_maintenance_on_several(self):
        res = self.client.post(INDEX, {
            'action': 'sites__maintenance',
            'object_ids': ['SiteA', 'SiteB']})
        self.assertEqual(302, res.status_code)
        self.assertEqual([('SiteA', 'maintenance'), ('SiteB', 'maintenance')],
                         [c[1] for c in self.fake.called('site_action')])

    def test_action_into_the_current_state_is_not_allowed(self):
        res = self.client.post(INDEX, {'action': 'sites__maintenance__SiteC'},
                               follow=True)
        self.assertEqual([], self.fake.called('site_action'))
        self.assertContains(res, 'You are not allowed to')

    def test_action_refused_by_central_shows_why(self):
        self.fake.fail['site_action'] = fakes.api_error(
            fakes.rest_exceptions.Conflict, 409,
            'site SiteA has desktops being created')
        res = self.client.post(INDEX, {'action': 'sites__unmanage__SiteA'},
                               follow=True)
        self.assertEqual(200, res.status_code)
        self.assertContains(res, 'Unable to unmanage site SiteA: site SiteA '
                                 'has desktops being created (HTTP 409)')


class SiteDetailTest(fakes.DashboardTestCase):

    def test_hosts_chart_and_templates(self):
        res = self.client.get(detail('SiteA'))
        self.assertEqual(200, res.status_code)
        self.assertEqual({'history': 60},
                         self.fake.called('get_monitoring')[0][2])
        self.assertEqual(['sitea-cmp1', 'sitea-cmp2'],
                         [h['name'] for h in res.context['table'].data])
        self.assertContains(res, 'class="trend-chart"')
        self.assertContains(res, 'data-points="5"')
        self.assertContains(res, 'data-series="VCPU"')
        self.assertContains(res, 'office v3')
        self.assertContains(res, 'desktop.small')
        self.assertEqual('short', res.context['state'])
        self.assertContains(res, '?site=SiteA')

    def test_site_without_a_report(self):
        res = self.client.get(detail('SiteC'))
        self.assertEqual(200, res.status_code)
        self.assertEqual([], res.context['table'].data)
        self.assertContains(res, 'Not enough reports yet')
        self.assertEqual('inactive', res.context['state'])

    def test_unknown_site_goes_back_to_the_list(self):
        res = self.client.get(detail('Gone'))
        self.assertRedirectsNoFollow(res, INDEX)

    def test_unreachable_central_goes_back_to_the_list(self):
        self.fake.fail['get_monitoring'] = fakes.unreachable()
        res = self.client.get(detail('SiteA'), follow=True)
        self.assertEqual(200, res.status_code)
        self.assertContains(res, 'Unable to show site SiteA')
