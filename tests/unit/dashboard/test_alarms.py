"""The Alarms panel: filters and acknowledge."""

from django.test import override_settings
from django.urls import reverse

from tests.unit.dashboard import fakes

INDEX = reverse('horizon:admin:desktop_alarms:index')


def _filters(call):
    return {k: v for k, v in call[2].items()
            if k not in ('limit', 'marker')}


class AlarmsTest(fakes.DashboardTestCase):

    def test_lists_every_alarm(self):
        res = self.client.get(INDEX)
        self.assertEqual(200, res.status_code)
        self.assertEqual([1, 2, 3], [a['id'] for a in
                                     res.context['table'].data])
        self.assertEqual({}, _filters(self.fake.called('list_alarms')[0]))
        self.assertContains(res, 'VCPU usage is 88%')

    def test_site_and_state_filters(self):
        res = self.client.get(INDEX + '?site=SiteA&state=raised')
        self.assertEqual({'site': 'SiteA', 'state': 'raised'},
                         _filters(self.fake.called('list_alarms')[0]))
        self.assertEqual([1], [a['id'] for a in res.context['table'].data])
        self.assertContains(res, 'site SiteA')

    def test_bad_filters_are_dropped_with_a_warning(self):
        res = self.client.get(INDEX + '?site=no/such&state=burning')
        self.assertEqual(200, res.status_code)
        self.assertEqual({}, _filters(self.fake.called('list_alarms')[0]))
        self.assertContains(res, 'Ignored the site filter')
        self.assertContains(res, 'Ignored the state filter burning: it is '
                                 'one of raised, cleared')

    @override_settings(API_RESULT_PAGE_SIZE=1)
    def test_next_page_keeps_the_filters(self):
        self.fake.alarms[2]['state'] = 'raised'
        res = self.client.get(INDEX + '?state=raised')
        self.assertContains(res, 'marker=1&amp;state=raised')

    def test_acknowledge(self):
        res = self.client.post(INDEX, {'action': 'alarms__acknowledge__1'},
                               follow=True)
        self.assertEqual([('1',)],
                         [c[1] for c in
                          self.fake.called('acknowledge_alarm')])
        self.assertContains(res, 'Acknowledged Alarm: SiteA shortage')

    def test_acknowledged_alarm_cannot_be_acknowledged_again(self):
        res = self.client.post(INDEX, {'action': 'alarms__acknowledge__2'},
                               follow=True)
        self.assertEqual([], self.fake.called('acknowledge_alarm'))
        self.assertContains(res, 'You are not allowed to')

    def test_acknowledge_failure_shows_why(self):
        self.fake.fail['acknowledge_alarm'] = fakes.not_found(
            'alarm 1 not found')
        res = self.client.post(INDEX, {'action': 'alarms__acknowledge__1'},
                               follow=True)
        self.assertEqual(200, res.status_code)
        self.assertContains(res, 'Unable to acknowledge alarm 1: alarm 1 not '
                                 'found (HTTP 404)')

    def test_unreachable_central_is_an_error_message(self):
        self.fake.fail['list_alarms'] = fakes.unreachable()
        res = self.client.get(INDEX)
        self.assertEqual(200, res.status_code)
        self.assertContains(res, 'Unable to list the alarms')
