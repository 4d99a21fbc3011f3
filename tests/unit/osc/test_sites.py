"""openstack desktop site create|list|show|set|delete|manage|unmanage|
maintenance."""

from osc_lib import exceptions as osc_exceptions

from central_cloud.osc import exceptions
from central_cloud.osc.v1 import sites
from tests.unit.osc import fakes


class TestSites(fakes.TestCommand):

    def test_create_sends_the_settings_and_shows_every_field(self):
        self.api.create_site.return_value = fakes.SITE
        columns, data = self.take(sites.CreateSite, [
            'SiteC', '--region', 'SiteC', '--latitude', '45.764',
            '--longitude', '4.8357', '--group', 'south',
            '--reserve-ratio', '0.25', '--no-shared-pool'])
        self.api.create_site.assert_called_once_with(
            'SiteC', 'SiteC', 45.764, 4.8357, group='south',
            reserve_ratio=0.25, shared_pool=False)
        self.assertEqual(sites.FIELDS, columns)
        self.assertEqual(tuple(fakes.SITE.values()), data)

    def test_create_needs_region_and_coordinates(self):
        for missing in ('--region', '--latitude', '--longitude'):
            args = ['SiteC', '--region', 'R', '--latitude', '1',
                    '--longitude', '2']
            index = args.index(missing)
            del args[index:index + 2]
            err = self.assertUsageError(sites.CreateSite, args)
            self.assertIn('required: %s' % missing, err)

    def test_create_refuses_coordinates_out_of_range(self):
        err = self.assertUsageError(sites.CreateSite, [
            'S', '--region', 'R', '--latitude', '91', '--longitude', '0'])
        self.assertIn('argument --latitude: expected a number from -90 to '
                      '90, got \'91\'', err)
        err = self.assertUsageError(sites.CreateSite, [
            'S', '--region', 'R', '--latitude', '0', '--longitude', 'east'])
        self.assertIn('--longitude: expected a number from -180 to 180',
                      err)
        err = self.assertUsageError(sites.CreateSite, [
            'S', '--region', 'R', '--latitude', '0', '--longitude', '0',
            '--reserve-ratio', '2'])
        self.assertIn('--reserve-ratio: expected a number from 0 to 1', err)

    def test_list_passes_the_filters(self):
        self.api.list_sites.return_value = [fakes.SITE]
        columns, rows = self.take(sites.ListSite, [
            '--group', 'a', '--group', 'b', '--availability', 'online',
            '--management-state', 'managed', '--shared-pool',
            '--limit', '5', '--marker', 'SiteA'])
        self.api.list_sites.assert_called_once_with(
            limit=5, marker='SiteA', group=['a', 'b'], region=None,
            availability=['online'], management_state=['managed'],
            shared_pool=True)
        self.assertEqual(sites.COLUMNS, columns)
        self.assertEqual([('SiteC', 'SiteC', None, 'managed', 'online',
                           False, '2026-05-20T10:00:00Z')], rows)

    def test_list_long_shows_every_field(self):
        self.api.list_sites.return_value = [fakes.SITE]
        columns, rows = self.take(sites.ListSite, ['--long'])
        self.assertEqual(sites.FIELDS, columns)
        self.assertEqual([tuple(fakes.SITE.values())], rows)

    def test_list_refuses_unknown_choices(self):
        err = self.assertUsageError(sites.ListSite,
                                    ['--availability', 'maybe'])
        self.assertIn("invalid choice: 'maybe'", err)
        self.assertUsageError(sites.ListSite, ['--limit', '0'])

    def test_show(self):
        self.api.get_site.return_value = fakes.SITE
        columns, data = self.take(sites.ShowSite, ['SiteC'])
        self.api.get_site.assert_called_once_with('SiteC')
        self.assertEqual(sites.FIELDS, columns)

    def test_set_sends_only_the_changes(self):
        self.api.update_site.return_value = fakes.SITE
        self.take(sites.SetSite, ['SiteC', '--no-group', '--latitude', '1'])
        self.api.update_site.assert_called_once_with('SiteC', group=None,
                                                     latitude=1.0)

    def test_set_without_changes_says_what_can_change(self):
        cmd, parsed = self.parse(sites.SetSite, ['SiteC'])
        exc = self.assertRaises(osc_exceptions.CommandError,
                                cmd.take_action, parsed)
        self.assertIn('nothing to change: give at least one of --region',
                      str(exc))
        self.api.update_site.assert_not_called()

    def test_group_and_no_group_exclude_each_other(self):
        self.assertUsageError(sites.SetSite,
                              ['SiteC', '--group', 'g', '--no-group'])

    def test_delete_several(self):
        columns, rows = self.take(sites.DeleteSite, ['A', 'B'])
        self.assertEqual(('name', 'state'), columns)
        self.assertEqual([('A', 'deleted'), ('B', 'deleted')], rows)

    def test_delete_one_unknown_raises_the_api_error(self):
        self.api.delete_site.side_effect = exceptions.NotFound(
            404, 'site X not found')
        cmd, parsed = self.parse(sites.DeleteSite, ['X'])
        exc = self.assertRaises(exceptions.NotFound, cmd.take_action, parsed)
        self.assertEqual('site X not found (HTTP 404)', str(exc))

    def test_delete_reports_the_failed_ones_and_exits_1(self):
        self.api.delete_site.side_effect = [
            None, exceptions.Conflict(409, 'site B has desktops')]
        self.assertEqual(1, self.run_command(sites.DeleteSite, ['A', 'B']))
        self.assertIn('A', self.stdout)
        self.assertEqual('B: site B has desktops (HTTP 409)\n', self.stderr)

    def test_delete_all_failed_names_each(self):
        self.api.delete_site.side_effect = [
            exceptions.NotFound(404, 'site A not found'),
            exceptions.NotFound(404, 'site B not found')]
        cmd, parsed = self.parse(sites.DeleteSite, ['A', 'B'])
        exc = self.assertRaises(osc_exceptions.CommandError,
                                cmd.take_action, parsed)
        self.assertEqual('A: site A not found (HTTP 404)\n'
                         'B: site B not found (HTTP 404)', str(exc))

    def test_management_actions(self):
        self.api.site_action.return_value = fakes.SITE
        for cls, action in ((sites.ManageSite, 'manage'),
                            (sites.UnmanageSite, 'unmanage'),
                            (sites.MaintainSite, 'maintenance')):
            columns, data = self.take(cls, ['SiteC'])
            self.api.site_action.assert_called_with('SiteC', action)
            self.assertEqual(sites.FIELDS, columns)
