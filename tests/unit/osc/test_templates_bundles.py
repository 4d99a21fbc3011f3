"""openstack desktop template ... and bundle ... (records)."""

from central_cloud.osc import exceptions
from central_cloud.osc.v1 import base
from central_cloud.osc.v1 import bundles
from central_cloud.osc.v1 import templates
from tests.unit.osc import fakes

SHA = 'a' * 64


class TestTemplates(fakes.TestCommand):

    def test_create(self):
        self.api.create_template.return_value = fakes.TEMPLATE
        columns, data = self.take(templates.CreateTemplate, [
            'office', '--operating-system', 'lab', '--bundle', 'apps:1.0',
            '--bundle', 'a:b:2'])
        self.api.create_template.assert_called_once_with(
            'office', os='lab', base_image_id=None, base_image_checksum=None,
            bundles=[{'name': 'apps', 'version': '1.0'},
                     {'name': 'a:b', 'version': '2'}])
        self.assertEqual(templates.FIELDS, columns)
        bundles_cell = data[columns.index('bundles')]
        self.assertIsInstance(bundles_cell, base.StructColumn)
        self.assertEqual(fakes.TEMPLATE['bundles'],
                         bundles_cell.machine_readable())
        self.assertEqual('{"name": "apps", "version": "1.0"}',
                         bundles_cell.human_readable())

    def test_a_bundle_needs_a_version(self):
        err = self.assertUsageError(templates.CreateTemplate,
                                    ['office', '--bundle', 'apps'])
        self.assertIn("expected <name>:<version>, got 'apps'", err)

    def test_list_show_delete(self):
        self.api.list_templates.return_value = [fakes.TEMPLATE]
        columns, rows = self.take(templates.ListTemplate,
                                  ['--operating-system', 'lab'])
        self.api.list_templates.assert_called_once_with(
            limit=None, marker=None, os=['lab'])
        self.assertEqual(templates.COLUMNS, columns)
        columns, rows = self.take(templates.ListTemplate, ['--long'])
        self.assertEqual(templates.FIELDS, columns)
        self.api.get_template.return_value = fakes.TEMPLATE
        self.take(templates.ShowTemplate, ['office'])
        self.api.get_template.assert_called_once_with('office')
        columns, rows = self.take(templates.DeleteTemplate, ['office'])
        self.assertEqual([('office', 'deleted')], rows)


class TestBundles(fakes.TestCommand):

    def test_create_with_files_commands_and_targets(self):
        self.api.create_bundle.return_value = fakes.BUNDLE
        columns, data = self.take(bundles.CreateBundle, [
            'apps', '--bundle-version', '1.0', '--template-type', 'office',
            '--file', 'name=a.deb,sha256=%s,size=10' % SHA,
            '--install-command', 'dpkg -i a.deb',
            '--target-site', 'SiteC', '--target-group', 'south'])
        self.api.create_bundle.assert_called_once_with(
            'apps', '1.0', 'office',
            files=[{'name': 'a.deb', 'sha256': SHA, 'size': 10}],
            install_commands=['dpkg -i a.deb'],
            targets={'sites': ['SiteC'], 'groups': ['south']})
        self.assertEqual(bundles.FIELDS, columns)

    def test_create_without_targets_sends_none(self):
        self.api.create_bundle.return_value = fakes.BUNDLE
        self.take(bundles.CreateBundle, ['apps', '--bundle-version', '1',
                                         '--template-type', 'office'])
        self.assertIsNone(self.api.create_bundle.call_args[1]['targets'])

    def test_bad_file_records_are_usage_errors(self):
        for value, text in (
                ('a.deb', 'expected name=<file name>'),
                ('name=a,sha256=%s' % SHA, 'lacks size'),
                ('name=a,sha256=abc,size=1', 'sha256 must be 64 lower-case'),
                ('name=a,sha256=%s,size=-1' % SHA, 'size must be a whole'),
                ('name=a,colour=red,sha256=%s,size=1' % SHA,
                 'expected name=')):
            err = self.assertUsageError(bundles.CreateBundle, [
                'apps', '--bundle-version', '1', '--template-type', 'o',
                '--file', value])
            self.assertIn(text, err)

    def test_version_and_template_type_are_required(self):
        err = self.assertUsageError(bundles.CreateBundle, ['apps'])
        self.assertIn('--bundle-version, --template-type', err)

    def test_list(self):
        self.api.list_bundles.return_value = [fakes.BUNDLE]
        columns, rows = self.take(bundles.ListBundle, [
            '--name', 'apps', '--template-type', 'office'])
        self.api.list_bundles.assert_called_once_with(
            limit=None, marker=None, name=['apps'], version=None,
            template_type=['office'])
        self.assertEqual([(7, 'apps', '1.0', 'office')], rows)
        columns, rows = self.take(bundles.ListBundle, ['--long'])
        self.assertEqual(bundles.FIELDS, columns)

    def test_show_by_name_and_version(self):
        self.api.find_bundle.return_value = fakes.BUNDLE
        columns, data = self.take(bundles.ShowBundle,
                                  ['apps', '--bundle-version', '1.0'])
        self.api.find_bundle.assert_called_once_with('apps', '1.0')
        self.assertEqual(7, data[0])

    def test_delete_finds_then_deletes(self):
        self.api.find_bundle.return_value = fakes.BUNDLE
        columns, rows = self.take(bundles.DeleteBundle, ['apps'])
        self.api.delete_bundle.assert_called_once_with(7)
        self.assertEqual([(7, 'apps', '1.0', 'deleted')], rows)

    def test_delete_says_which_bundle_is_unknown(self):
        self.api.find_bundle.side_effect = [
            fakes.BUNDLE, exceptions.NotFoundByName('bundle', 'nope')]
        self.assertEqual(1, self.run_command(bundles.DeleteBundle,
                                             ['apps', 'nope']))
        self.assertEqual('no bundle has the name or id nope\n', self.stderr)
