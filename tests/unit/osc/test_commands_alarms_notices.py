"""openstack desktop command list|show, alarm list|show|ack and
notice create|list|show."""

from central_cloud.osc import exceptions
from central_cloud.osc.v1 import alarms
from central_cloud.osc.v1 import base
from central_cloud.osc.v1 import commands
from central_cloud.osc.v1 import notices
from tests.unit.osc import fakes


class TestCommands(fakes.TestCommand):

    def test_list_with_filters(self):
        self.api.list_commands.return_value = [fakes.COMMAND]
        columns, rows = self.take(commands.ListCommand, [
            '--site', 'SiteC', '--state', 'failed', '--action', 'create',
            '--limit', '10'])
        self.api.list_commands.assert_called_once_with(
            limit=10, marker=None, site=['SiteC'], state=['failed'],
            action=['create'], desktop=None)
        self.assertEqual(commands.COLUMNS, columns)
        self.assertEqual([(fakes.COMMAND_ID, 'SiteC', fakes.DESKTOP_ID,
                           'create', 'pending', 0, None)], rows)

    def test_list_by_desktop_name(self):
        self.api.find_desktop.return_value = fakes.DESKTOP
        self.api.list_commands.return_value = []
        self.take(commands.ListCommand, ['--desktop', 'desk-1'])
        self.api.find_desktop.assert_called_once_with('desk-1')
        self.assertEqual(fakes.DESKTOP_ID,
                         self.api.list_commands.call_args[1]['desktop'])

    def test_list_long_formats_result_and_params(self):
        self.api.list_commands.return_value = [fakes.command(
            result={'server_ids': ['s1'], 'message': 'ok'})]
        columns, rows = self.take(commands.ListCommand, ['--long'])
        self.assertEqual(commands.FIELDS, columns)
        result = rows[0][columns.index('result')]
        self.assertIsInstance(result, base.StructColumn)
        self.assertEqual('message=ok, server_ids=["s1"]',
                         result.human_readable())
        self.assertEqual({'server_ids': ['s1'], 'message': 'ok'},
                         result.machine_readable())

    def test_list_refuses_unknown_states(self):
        err = self.assertUsageError(commands.ListCommand,
                                    ['--state', 'done'])
        self.assertIn("invalid choice: 'done'", err)

    def test_show(self):
        self.api.get_command.return_value = fakes.COMMAND
        columns, data = self.take(commands.ShowCommand, [fakes.COMMAND_ID])
        self.assertEqual(commands.FIELDS, columns)


class TestAlarms(fakes.TestCommand):

    def test_list_with_filters(self):
        self.api.list_alarms.return_value = [fakes.ALARM]
        columns, rows = self.take(alarms.ListAlarm, [
            '--site', 'SiteC', '--state', 'raised', '--severity', 'major',
            '--kind', 'site-offline', '--no-acknowledged'])
        self.api.list_alarms.assert_called_once_with(
            limit=None, marker=None, site=['SiteC'], state=['raised'],
            severity=['major'], kind=['site-offline'], acknowledged=False)
        self.assertEqual(alarms.COLUMNS, columns)
        columns, rows = self.take(alarms.ListAlarm, ['--long'])
        self.assertEqual(alarms.FIELDS, columns)
        self.assertIsNone(self.api.list_alarms.call_args[1]['acknowledged'])

    def test_show_needs_a_numeric_id(self):
        self.api.get_alarm.return_value = fakes.ALARM
        self.take(alarms.ShowAlarm, ['3'])
        self.api.get_alarm.assert_called_once_with(3)
        err = self.assertUsageError(alarms.ShowAlarm, ['three'])
        self.assertIn('expected a whole number of at least 1', err)

    def test_ack_and_undo(self):
        self.api.acknowledge_alarm.return_value = dict(fakes.ALARM,
                                                       acknowledged=True)
        columns, rows = self.take(alarms.AcknowledgeAlarm, ['3', '4'])
        self.assertEqual(2, len(rows))
        self.api.acknowledge_alarm.assert_called_with(4, True)
        self.take(alarms.AcknowledgeAlarm, ['3', '--undo'])
        self.api.acknowledge_alarm.assert_called_with(3, False)

    def test_ack_of_an_unknown_alarm(self):
        self.api.acknowledge_alarm.side_effect = [
            fakes.ALARM, exceptions.NotFound(404, 'alarm 9 not found')]
        self.assertEqual(1, self.run_command(alarms.AcknowledgeAlarm,
                                             ['3', '9']))
        self.assertEqual('alarm 9: alarm 9 not found (HTTP 404)\n',
                         self.stderr)


class TestNotices(fakes.TestCommand):

    def test_create_with_targets(self):
        self.api.create_notice.return_value = fakes.NOTICE
        columns, data = self.take(notices.CreateNotice, [
            '--title', 'Maintenance', '--body', 'Saturday 6:00',
            '--target-site', 'SiteC', '--target-group', 'south'])
        self.api.create_notice.assert_called_once_with(
            'Maintenance', 'Saturday 6:00',
            {'sites': ['SiteC'], 'groups': ['south']})
        self.assertEqual(notices.FIELDS, columns)

    def test_create_for_every_site(self):
        self.api.create_notice.return_value = fakes.NOTICE
        self.take(notices.CreateNotice, ['--title', 'T', '--body', 'B'])
        self.api.create_notice.assert_called_once_with('T', 'B', None)

    def test_create_needs_title_and_body(self):
        err = self.assertUsageError(notices.CreateNotice, [])
        self.assertIn('--title, --body', err)

    def test_list_and_show(self):
        self.api.list_notices.return_value = [fakes.NOTICE]
        columns, rows = self.take(notices.ListNotice, ['--limit', '1'])
        self.api.list_notices.assert_called_once_with(limit=1, marker=None)
        self.assertEqual(notices.COLUMNS, columns)
        self.assertEqual('sites=["SiteC"]', rows[0][2].human_readable())
        self.api.get_notice.return_value = fakes.NOTICE
        self.take(notices.ShowNotice, ['4'])
        self.api.get_notice.assert_called_once_with(4)
