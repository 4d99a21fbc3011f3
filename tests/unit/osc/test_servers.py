"""openstack desktop server create|list|show|delete|stop|start|suspend|
resume, with and without --wait."""

from unittest import mock

from central_cloud.osc import exceptions
from central_cloud.osc.v1 import servers
from tests.unit.osc import fakes

CREATE = ['--home-site', 'SiteC', '--template', 'office', '--flavor',
          'desktop.small', '--name', 'desk']


class TestCreate(fakes.TestCommand):

    def setUp(self):
        super().setUp()
        self.api.create_desktops.return_value = [
            dict(fakes.DESKTOP, command_id=fakes.COMMAND_ID)]
        sleep = mock.patch('time.sleep')
        self.sleep = sleep.start()
        self.addCleanup(sleep.stop)

    def test_create_queues_and_shows_the_commands(self):
        columns, rows = self.take(servers.CreateServer, CREATE + [
            '--count', '2', '--scope', 'local', '--owner', 'alice'])
        self.api.create_desktops.assert_called_once_with(
            'SiteC', 'office', 'desktop.small', 'desk', count=2,
            scope='local', owner='alice')
        self.assertEqual(servers.CREATE_COLUMNS, columns)
        self.assertEqual([(fakes.DESKTOP_ID, 'desk-1', 'SiteC', None,
                           'office', 'desktop.small', 'building',
                           fakes.COMMAND_ID, 'pending')], rows)
        self.api.get_command.assert_not_called()
        self.assertEqual('', self.stderr)

    def test_every_required_option_is_named_when_missing(self):
        err = self.assertUsageError(servers.CreateServer, [])
        self.assertIn('--home-site, --template, --flavor, --name', err)

    def test_count_and_scope_are_checked(self):
        for value in ('0', '101', 'two'):
            err = self.assertUsageError(servers.CreateServer,
                                        CREATE + ['--count', value])
            self.assertIn('--count: expected a whole number from 1 to 100',
                          err)
        err = self.assertUsageError(servers.CreateServer,
                                    CREATE + ['--scope', 'planet'])
        self.assertIn("invalid choice: 'planet'", err)

    def test_an_unknown_home_site_is_the_apis_400(self):
        self.api.create_desktops.side_effect = exceptions.BadRequest(
            400, 'Invalid request body: home_site names the unknown site X')
        cmd, parsed = self.parse(servers.CreateServer, CREATE)
        exc = self.assertRaises(exceptions.BadRequest, cmd.take_action,
                                parsed)
        self.assertIn('unknown site X (HTTP 400)', str(exc))

    def test_wait_follows_the_command_to_active(self):
        self.api.get_command.side_effect = [
            fakes.command(state='running'), fakes.command(state='succeeded')]
        self.api.get_desktop.return_value = fakes.desktop(state='active')
        self.assertEqual(0, self.run_command(servers.CreateServer,
                                             CREATE + ['--wait']))
        self.assertIn('active', self.stdout)
        self.assertIn('succeeded', self.stdout)
        self.assertEqual(
            'SiteC: desk-1 (%s): create pending, desktop building\n'
            'SiteC: desk-1 (%s): create running, desktop building\n'
            'SiteC: desk-1 (%s): create succeeded, desktop active\n'
            'SiteC: 1 of 1 desktop(s) done, 0 failed\n'
            % ((fakes.DESKTOP_ID,) * 3), self.stderr)

    def test_wait_exits_1_when_a_desktop_fails(self):
        self.api.get_command.return_value = fakes.command(
            state='failed', error='No valid host was found')
        self.api.get_desktop.return_value = fakes.desktop(state='error')
        self.assertEqual(1, self.run_command(servers.CreateServer,
                                             CREATE + ['--wait']))
        self.assertIn('error', self.stdout)
        self.assertTrue(self.stderr.endswith(
            'SiteC: 1 of 1 desktop(s) done, 1 failed\n'
            'SiteC: desk-1 (%s): create failed: No valid host was found\n'
            % fakes.DESKTOP_ID), self.stderr)


class TestListShow(fakes.TestCommand):

    def test_list_passes_filters_and_filters_names(self):
        other = fakes.desktop(id=fakes.DESKTOP_ID2, name='desk-2')
        self.api.list_desktops.return_value = [fakes.DESKTOP, other]
        columns, rows = self.take(servers.ListServer, [
            '--site', 'SiteC', '--state', 'active', '--template', 'office',
            '--owner', 'alice', '--project', 'p1', '--name', 'desk-2'])
        self.api.list_desktops.assert_called_once_with(
            limit=None, marker=None, site=['SiteC'], state=['active'],
            template_type=['office'], owner='alice', project='p1')
        self.assertEqual(servers.COLUMNS, columns)
        self.assertEqual([fakes.DESKTOP_ID2], [r[0] for r in rows])

    def test_list_long(self):
        self.api.list_desktops.return_value = [fakes.DESKTOP]
        columns, rows = self.take(servers.ListServer, ['--long'])
        self.assertEqual(servers.FIELDS, columns)
        self.assertEqual([tuple(fakes.DESKTOP.values())], rows)

    def test_list_long_shows_a_field_the_api_added(self):
        self.api.list_desktops.return_value = [
            fakes.DESKTOP, fakes.desktop(scope='local')]
        columns, rows = self.take(servers.ListServer, ['--long'])
        self.assertEqual(servers.FIELDS + ('scope',), columns)
        self.assertEqual(['', 'local'], [row[-1] for row in rows])

    def test_an_empty_long_list_has_the_known_fields(self):
        self.api.list_desktops.return_value = []
        columns, rows = self.take(servers.ListServer, ['--long'])
        self.assertEqual((servers.FIELDS, []), (columns, rows))

    def test_show_by_name_or_id(self):
        self.api.find_desktop.return_value = fakes.DESKTOP
        columns, data = self.take(servers.ShowServer, ['desk-1'])
        self.api.find_desktop.assert_called_once_with('desk-1')
        self.assertEqual(servers.FIELDS, columns)

    def test_show_says_which_desktop_is_unknown(self):
        self.api.find_desktop.side_effect = exceptions.NotFoundByName(
            'desktop', 'nope')
        cmd, parsed = self.parse(servers.ShowServer, ['nope'])
        exc = self.assertRaises(exceptions.NotFoundByName, cmd.take_action,
                                parsed)
        self.assertEqual('no desktop has the name or id nope', str(exc))


class TestActions(fakes.TestCommand):

    @staticmethod
    def find(value):
        known = {'desk-1': fakes.desktop(state='active'),
                 'desk-2': fakes.desktop(id=fakes.DESKTOP_ID2, name='desk-2',
                                         state='active')}
        if value not in known:
            raise exceptions.NotFoundByName('desktop', value)
        return known[value]

    def setUp(self):
        super().setUp()
        self.api.find_desktop.side_effect = self.find
        sleep = mock.patch('time.sleep')
        sleep.start()
        self.addCleanup(sleep.stop)

    def test_each_action_queues_its_command(self):
        for cls, action in ((servers.StopServer, 'stop'),
                            (servers.StartServer, 'start'),
                            (servers.SuspendServer, 'suspend'),
                            (servers.ResumeServer, 'resume')):
            self.api.desktop_action.return_value = fakes.command(
                action=action)
            columns, rows = self.take(cls, ['desk-1'])
            self.api.desktop_action.assert_called_with(fakes.DESKTOP_ID,
                                                       action)
            self.assertEqual(servers.ACTION_COLUMNS, columns)
            self.assertEqual([(fakes.DESKTOP_ID, 'desk-1', 'SiteC', 'active',
                               fakes.COMMAND_ID, 'pending')], rows)

    def test_stop_wait_shows_the_new_state(self):
        self.api.desktop_action.side_effect = [
            fakes.command(action='stop'),
            fakes.command(id=fakes.COMMAND_ID2, action='stop')]
        self.api.get_command.side_effect = lambda cid: fakes.command(
            id=cid, action='stop', state='succeeded')
        self.api.get_desktop.side_effect = lambda did: fakes.desktop(
            id=did, state='stopped')
        self.assertEqual(0, self.run_command(
            servers.StopServer, ['desk-1', 'desk-2', '--wait']))
        self.assertIn('SiteC: 2 of 2 desktop(s) done, 0 failed',
                      self.stderr)
        self.assertEqual(2, self.stdout.count('stopped'))

    def test_a_conflict_for_one_desktop_is_reported_after_the_others(self):
        self.api.desktop_action.side_effect = [
            fakes.command(action='stop'),
            exceptions.Conflict(409, 'desktop %s is being deleted'
                                % fakes.DESKTOP_ID2)]
        self.assertEqual(1, self.run_command(servers.StopServer,
                                             ['desk-1', 'desk-2']))
        self.assertIn(fakes.DESKTOP_ID, self.stdout)
        self.assertEqual('desktop desk-2: desktop %s is being deleted '
                         '(HTTP 409)\n' % fakes.DESKTOP_ID2, self.stderr)

    def test_an_unknown_desktop_is_named(self):
        self.api.desktop_action.return_value = fakes.command(action='stop')
        self.assertEqual(1, self.run_command(servers.StopServer,
                                             ['desk-1', 'nope']))
        self.assertEqual('no desktop has the name or id nope\n', self.stderr)
        self.api.desktop_action.assert_called_once_with(fakes.DESKTOP_ID,
                                                        'stop')


class TestDelete(fakes.TestCommand):

    def setUp(self):
        super().setUp()
        self.api.find_desktop.return_value = fakes.desktop(state='active')
        sleep = mock.patch('time.sleep')
        sleep.start()
        self.addCleanup(sleep.stop)

    def test_gone_at_once(self):
        self.api.delete_desktop.return_value = (None, None)
        columns, rows = self.take(servers.DeleteServer, ['desk-1', '--wait'])
        self.assertEqual([(fakes.DESKTOP_ID, 'desk-1', 'SiteC', 'deleted',
                           None, None)], rows)
        self.api.get_desktop.assert_not_called()
        self.assertEqual('', self.stderr)

    def test_queued_delete(self):
        self.api.delete_desktop.return_value = (
            fakes.desktop(state='deleting'),
            fakes.command(action='delete'))
        columns, rows = self.take(servers.DeleteServer, ['desk-1'])
        self.assertEqual([(fakes.DESKTOP_ID, 'desk-1', 'SiteC', 'deleting',
                           fakes.COMMAND_ID, 'pending')], rows)

    def test_wait_until_the_desktop_is_gone(self):
        self.api.delete_desktop.return_value = (
            fakes.desktop(state='deleting'),
            fakes.command(action='delete'))
        self.api.get_command.return_value = fakes.command(
            action='delete', state='succeeded')
        self.api.get_desktop.side_effect = exceptions.NotFound(404, 'gone')
        self.assertEqual(0, self.run_command(servers.DeleteServer,
                                             ['desk-1', '--wait']))
        self.assertIn('deleted', self.stdout)
        self.assertIn('delete succeeded, desktop deleted', self.stderr)

    def test_wait_for_a_delete_deferred_behind_the_create(self):
        self.api.delete_desktop.return_value = (
            fakes.desktop(state='deleting'), None)
        self.api.get_desktop.side_effect = [
            fakes.desktop(state='deleting'),
            exceptions.NotFound(404, 'gone')]
        self.assertEqual(0, self.run_command(servers.DeleteServer,
                                             ['desk-1', '--wait']))
        self.api.get_command.assert_not_called()
        self.assertIn('delete queued after the create, desktop deleted',
                      self.stderr)
