"""openstack desktop monitor show|list and placement explain."""

from central_cloud.osc import exceptions
from central_cloud.osc.v1 import monitor
from central_cloud.osc.v1 import placement
from tests.unit.osc import fakes


def inventory(total, used, reserved=0, ratio=1.0):
    return {'total': total, 'used': used, 'reserved': reserved,
            'allocation_ratio': ratio}


HOSTS = [
    {'name': 'cmp1', 'state': 'up', 'instances': 2, 'resources': {
        'VCPU': inventory(4, 2), 'MEMORY_MB': inventory(8192, 2048),
        'DISK_GB': inventory(80, 20), 'CUSTOM_GPU': inventory(1, 0)}},
    {'name': 'cmp2', 'state': 'down', 'instances': 0, 'resources': {
        'VCPU': inventory(4, 0, reserved=1, ratio=2.0)}},
]
SUMMARY = {
    'sent_at': '2026-05-20T10:00:00Z', 'interval': 10,
    'hosts': {'total': 2, 'up': 1, 'down': 1, 'disabled': 0},
    'resources': {'VCPU': {'total': 4, 'used': 2, 'reserved': 0, 'free': 2,
                           'largest_free': 2}},
    'instances': 2, 'templates': ['office'],
    'alarms': {'critical': 0, 'major': 1, 'minor': 0, 'warning': 0},
    'seq': 12, 'received_at': '2026-05-20T10:00:01Z',
}
MONITORED = dict(fakes.SITE, report=SUMMARY,
                 body={'site': 'SiteC', 'hosts': HOSTS})


class TestMonitorShow(fakes.TestCommand):

    def test_hosts_then_the_totals(self):
        self.api.get_monitoring.return_value = MONITORED
        columns, rows = self.take(monitor.ShowMonitor, ['SiteC'])
        self.api.get_monitoring.assert_called_once_with('SiteC')
        self.assertEqual(('host', 'state', 'instances', 'VCPU', 'MEMORY_MB',
                          'DISK_GB', 'CUSTOM_GPU'), columns)
        self.assertEqual(['cmp1', 'cmp2', 'total'], [r[0] for r in rows])
        cmp1, cmp2, total = rows
        self.assertEqual('2/4, free 2', cmp1[3].human_readable())
        self.assertEqual(dict(inventory(4, 2), free=2),
                         cmp1[3].machine_readable())
        # (4 - 1) * 2.0 - 0
        self.assertEqual(6, cmp2[3].machine_readable()['free'])
        self.assertEqual('', cmp2[4].human_readable())
        self.assertIsNone(cmp2[4].machine_readable())
        self.assertEqual(('total', '1/2 up', 2), total[:3])
        self.assertEqual('2/4, free 2', total[3].human_readable())
        self.assertEqual(2, total[3].machine_readable()['largest_free'])

    def test_a_site_without_a_report(self):
        self.api.get_monitoring.return_value = dict(fakes.SITE, report=None,
                                                    body=None)
        columns, rows = self.take(monitor.ShowMonitor, ['SiteC'])
        self.assertEqual([], rows)
        self.assertEqual('site SiteC has not sent a monitoring report yet\n',
                         self.stderr)

    def test_an_unknown_site_is_the_apis_404(self):
        self.api.get_monitoring.side_effect = exceptions.NotFound(
            404, 'site X not found')
        cmd, parsed = self.parse(monitor.ShowMonitor, ['X'])
        self.assertRaises(exceptions.NotFound, cmd.take_action, parsed)


class TestMonitorList(fakes.TestCommand):

    def test_one_row_per_site_with_its_summary(self):
        self.api.list_monitoring.return_value = [
            dict(fakes.SITE, report=SUMMARY),
            dict(fakes.SITE, name='SiteD', report=None)]
        columns, rows = self.take(monitor.ListMonitor,
                                  ['--availability', 'online'])
        self.api.list_monitoring.assert_called_once_with(
            limit=None, marker=None, group=None, availability=['online'])
        self.assertEqual(monitor.SITE_COLUMNS, columns)
        site_c, site_d = rows
        self.assertEqual(('SiteC', 'online', 12, '1/2 up'), site_c[:4])
        self.assertEqual('2/4, free 2', site_c[4].human_readable())
        self.assertEqual('office', site_c[-2].human_readable())
        self.assertEqual(('SiteD', 'online', '', None), site_d[:4])
        columns, rows = self.take(monitor.ListMonitor, ['--long'])
        self.assertEqual(monitor.LONG_SITE_COLUMNS, columns)


# The answer of GET /v1/placement/explain, as its API is specified.
EXPLAIN = {
    'request': {'home_site': 'SiteC', 'template_type': 'office',
                'flavor': 'desktop.small', 'count': 3, 'scope': 'any'},
    'candidates': [
        {'site': 'SiteC', 'distance_km': 0.0, 'free_vcpus': 1,
         'free_memory_mb': 1024, 'free_disk_gb': 10, 'holds_template': True,
         'kept': True, 'reason': 'home site'},
        {'site': 'SiteA', 'distance_km': 566.2, 'free_vcpus': 8,
         'free_memory_mb': 16384, 'free_disk_gb': 160,
         'holds_template': False, 'kept': False,
         'reason': 'another site of the same distance holds the template'},
    ],
    'placements': [
        {'site': 'SiteC', 'count': 1, 'origin_site': None},
        {'site': 'Central', 'count': 2, 'origin_site': 'SiteC'},
    ],
}


class TestPlacementExplain(fakes.TestCommand):

    def test_candidates_with_what_is_placed_where(self):
        self.api.explain_placement.return_value = EXPLAIN
        columns, rows = self.take(placement.ExplainPlacement, [
            '--home-site', 'SiteC', '--template', 'office', '--flavor',
            'desktop.small', '--count', '3', '--scope', 'any'])
        self.api.explain_placement.assert_called_once_with(
            'SiteC', 'office', 'desktop.small', count=3, scope='any')
        self.assertEqual(placement.COLUMNS, columns)
        self.assertEqual([
            ('SiteC', 0.0, 1, 1024, 10, True, True, 'home site', 1),
            ('SiteA', 566.2, 8, 16384, 160, False, False,
             'another site of the same distance holds the template', 0),
            ('Central', '', '', '', '', '', '', '', 2)], rows)

    def test_needs_the_request(self):
        err = self.assertUsageError(placement.ExplainPlacement, [])
        self.assertIn('--home-site, --template, --flavor', err)
        err = self.assertUsageError(placement.ExplainPlacement, [
            '--home-site', 'S', '--template', 't', '--flavor', 'f',
            '--scope', 'far'])
        self.assertIn("invalid choice: 'far'", err)

    def test_an_api_error_passes_through(self):
        self.api.explain_placement.side_effect = exceptions.BadRequest(
            400, 'Invalid query string: flavor f is unknown')
        cmd, parsed = self.parse(placement.ExplainPlacement, [
            '--home-site', 'S', '--template', 't', '--flavor', 'f'])
        exc = self.assertRaises(exceptions.BadRequest, cmd.take_action,
                                parsed)
        self.assertIn('(HTTP 400)', str(exc))
