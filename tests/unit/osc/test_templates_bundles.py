"""openstack desktop template ... and bundle ... (with their files)."""

import hashlib
import os
from unittest import mock

import fixtures
from keystoneauth1 import exceptions as ks_exceptions
from osc_lib import exceptions as osc_exceptions

from central_cloud.osc import exceptions
from central_cloud.osc.v1 import base
from central_cloud.osc.v1 import bundles
from central_cloud.osc.v1 import templates
from tests.unit.osc import fakes

STORED = dict(fakes.BUNDLE, files=[
    dict(f, stored=True) for f in fakes.BUNDLE['files']])


def sha(data):
    return hashlib.sha256(data).hexdigest()


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

    def setUp(self):
        super().setUp()
        self.dir = self.useFixture(fixtures.TempDir()).path
        self.api.create_bundle.return_value = fakes.BUNDLE
        self.api.get_bundle.return_value = STORED
        self.uploads = []

        def upload(bundle_id, name, data, sha256=None):
            body = data if isinstance(data, bytes) else data.read()
            self.uploads.append((bundle_id, name, body, sha256))
            return {'name': name, 'sha256': sha256, 'size': len(body),
                    'stored': True}
        self.api.upload_bundle_file.side_effect = upload

    def write(self, name, data):
        path = os.path.join(self.dir, name)
        with open(path, 'wb') as f:
            f.write(data)
        return path

    def test_create_uploads_each_file_with_its_sha256(self):
        script = self.write('setup.sh', b'#!/bin/sh\necho hi\n')
        empty = self.write('empty.cfg', b'')
        columns, data = self.take(bundles.CreateBundle, [
            'apps', '--bundle-version', '1.0', '--template-type', 'office',
            '--file', script, '--file', empty,
            '--install-command', 'sh setup.sh',
            '--target-site', 'SiteC', '--target-group', 'south'])
        self.api.create_bundle.assert_called_once_with(
            'apps', '1.0', 'office',
            files=[{'name': 'setup.sh', 'sha256': sha(b'#!/bin/sh\necho '
                                                      b'hi\n'),
                    'size': 18},
                   {'name': 'empty.cfg', 'sha256': sha(b''), 'size': 0}],
            install_commands=['sh setup.sh'],
            targets={'sites': ['SiteC'], 'groups': ['south']})
        self.assertEqual([
            (7, 'setup.sh', b'#!/bin/sh\necho hi\n',
             sha(b'#!/bin/sh\necho hi\n')),
            (7, 'empty.cfg', b'', sha(b''))], self.uploads)
        # What is shown is the bundle read after the uploads.
        self.api.get_bundle.assert_called_once_with(7)
        self.assertEqual(bundles.FIELDS, columns)
        files = data[columns.index('files')].machine_readable()
        self.assertTrue(files[0]['stored'])

    def test_create_without_files_or_targets(self):
        self.take(bundles.CreateBundle, ['apps', '--bundle-version', '1',
                                         '--template-type', 'office'])
        kwargs = self.api.create_bundle.call_args[1]
        self.assertIsNone(kwargs['targets'])
        self.assertIsNone(kwargs['files'])
        self.api.upload_bundle_file.assert_not_called()
        self.api.get_bundle.assert_not_called()

    def test_a_path_that_is_no_readable_file_is_a_usage_error(self):
        missing = os.path.join(self.dir, 'missing.sh')
        for path, text in (
                (missing, "expected the path of a file to upload, got %r "
                          "(no such file)" % missing),
                (self.dir, '(a directory)')):
            err = self.assertUsageError(bundles.CreateBundle, [
                'apps', '--bundle-version', '1', '--template-type', 'o',
                '--file', path])
            self.assertIn(text, err)
        self.api.create_bundle.assert_not_called()

    def test_an_unreadable_file_is_a_usage_error(self):
        path = self.write('secret.bin', b'x')
        with mock.patch('os.access', return_value=False):
            err = self.assertUsageError(bundles.CreateBundle, [
                'apps', '--bundle-version', '1', '--template-type', 'o',
                '--file', path])
        self.assertIn('cannot read the file %r' % path, err)

    def test_two_files_of_the_same_name_are_refused(self):
        os.mkdir(os.path.join(self.dir, 'a'))
        first = self.write('setup.sh', b'1')
        second = self.write(os.path.join('a', 'setup.sh'), b'2')
        cmd, parsed = self.parse(bundles.CreateBundle, [
            'apps', '--bundle-version', '1', '--template-type', 'o',
            '--file', first, '--file', second])
        exc = self.assertRaises(osc_exceptions.CommandError,
                                cmd.take_action, parsed)
        self.assertEqual('a bundle names each file once, but %s, %s are all '
                         'named setup.sh' % (first, second), str(exc))
        self.api.create_bundle.assert_not_called()

    def test_a_name_central_refuses_is_caught_first(self):
        path = self.write(' lead.sh', b'1')
        cmd, parsed = self.parse(bundles.CreateBundle, [
            'apps', '--bundle-version', '1', '--template-type', 'o',
            '--file', path])
        exc = self.assertRaises(osc_exceptions.CommandError,
                                cmd.take_action, parsed)
        self.assertIn('cannot name a bundle file: a file name is printable '
                      'text of 1 to 255 characters, without blanks at '
                      'either end', str(exc))
        self.api.create_bundle.assert_not_called()

    def test_a_file_that_cannot_be_read_is_named(self):
        path = self.write('setup.sh', b'1')
        cmd, parsed = self.parse(bundles.CreateBundle, [
            'apps', '--bundle-version', '1', '--template-type', 'o',
            '--file', path])
        with mock.patch('builtins.open',
                        side_effect=PermissionError(13, 'Permission denied')):
            exc = self.assertRaises(osc_exceptions.CommandError,
                                    cmd.take_action, parsed)
        self.assertEqual('cannot read %s: Permission denied' % path,
                         str(exc))

    def test_a_refused_upload_names_the_file_and_deletes_the_bundle(self):
        good = self.write('a.sh', b'a')
        bad = self.write('b.sh', b'b')
        self.api.upload_bundle_file.side_effect = [
            {'name': 'a.sh'}, exceptions.BadRequest(
                400, 'The file was not stored: bundle 7 declares b.sh with '
                     'sha256 x, but the bytes have y')]
        cmd, parsed = self.parse(bundles.CreateBundle, [
            'apps', '--bundle-version', '1.0', '--template-type', 'office',
            '--file', good, '--file', bad])
        exc = self.assertRaises(osc_exceptions.CommandError,
                                cmd.take_action, parsed)
        self.assertEqual(
            'uploading file b.sh (from %s) failed: The file was not stored: '
            'bundle 7 declares b.sh with sha256 x, but the bytes have y '
            '(HTTP 400)\nbundle 7 (apps 1.0) was deleted again: run the '
            'command again once that is fixed' % bad, str(exc))
        self.api.delete_bundle.assert_called_once_with(7)
        self.api.get_bundle.assert_not_called()

    def test_a_lost_connection_during_an_upload(self):
        path = self.write('a.sh', b'a')
        self.api.upload_bundle_file.side_effect = (
            ks_exceptions.ConnectFailure('Unable to establish connection'))
        cmd, parsed = self.parse(bundles.CreateBundle, [
            'apps', '--bundle-version', '1.0', '--template-type', 'office',
            '--file', path])
        exc = self.assertRaises(osc_exceptions.CommandError,
                                cmd.take_action, parsed)
        self.assertIn('uploading file a.sh (from %s) failed: Unable to '
                      'establish connection' % path, str(exc))
        self.api.delete_bundle.assert_called_once_with(7)

    def test_a_file_gone_before_its_upload(self):
        path = self.write('a.sh', b'a')
        cmd, parsed = self.parse(bundles.CreateBundle, [
            'apps', '--bundle-version', '1.0', '--template-type', 'office',
            '--file', path])

        def create(*args, **kwargs):
            os.unlink(path)
            return fakes.BUNDLE
        self.api.create_bundle.side_effect = create
        exc = self.assertRaises(osc_exceptions.CommandError,
                                cmd.take_action, parsed)
        self.assertIn('uploading file a.sh (from %s) failed: No such file '
                      'or directory\n' % path, str(exc))

    def test_when_the_cleanup_fails_too_the_bundle_is_named(self):
        path = self.write('a.sh', b'a')
        self.api.upload_bundle_file.side_effect = exceptions.APIError(
            503, 'blob store full')
        self.api.delete_bundle.side_effect = exceptions.APIError(
            503, 'database down')
        cmd, parsed = self.parse(bundles.CreateBundle, [
            'apps', '--bundle-version', '1.0', '--template-type', 'office',
            '--file', path])
        exc = self.assertRaises(osc_exceptions.CommandError,
                                cmd.take_action, parsed)
        self.assertIn(
            'failed: blob store full (HTTP 503)\nbundle 7 (apps 1.0) is left '
            'without the bytes of a.sh, and deleting it failed too '
            '(database down (HTTP 503)): delete it with "openstack desktop '
            'bundle delete 7"', str(exc))

    def test_a_refused_record_uploads_nothing(self):
        path = self.write('a.sh', b'a')
        self.api.create_bundle.side_effect = exceptions.Conflict(
            409, 'bundle apps 1.0 already exists')
        cmd, parsed = self.parse(bundles.CreateBundle, [
            'apps', '--bundle-version', '1.0', '--template-type', 'office',
            '--file', path])
        self.assertRaises(exceptions.Conflict, cmd.take_action, parsed)
        self.api.upload_bundle_file.assert_not_called()
        self.api.delete_bundle.assert_not_called()

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


class TestDownload(fakes.TestCommand):

    def setUp(self):
        super().setUp()
        self.dir = self.useFixture(fixtures.TempDir()).path
        self.api.find_bundle.return_value = fakes.BUNDLE

        def download(bundle_id, name, out):
            out.write(b'bytes of ' + name.encode())
            return sha(b'bytes of ' + name.encode()), 9 + len(name)
        self.api.download_bundle_file.side_effect = download

    def read(self, path):
        with open(path, 'rb') as f:
            return f.read()

    def test_download_to_a_file(self):
        path = os.path.join(self.dir, 'out.sh')
        columns, data = self.take(bundles.DownloadBundleFile, [
            'apps', 'a.sh', '--bundle-version', '1.0', '--file', path])
        self.api.find_bundle.assert_called_once_with('apps', '1.0')
        self.assertEqual(b'bytes of a.sh', self.read(path))
        self.assertEqual(('bundle_id', 'name', 'sha256', 'size', 'path'),
                         columns)
        self.assertEqual((7, 'a.sh', sha(b'bytes of a.sh'), 13, path), data)
        # Only the file is left, with the usual mode.
        self.assertEqual(['out.sh'], os.listdir(self.dir))
        umask = os.umask(0)
        os.umask(umask)
        self.assertEqual(0o666 & ~umask, os.stat(path).st_mode & 0o777)

    def test_download_into_a_directory_keeps_the_base_name(self):
        self.take(bundles.DownloadBundleFile, ['apps', 'lib/a.sh',
                                               '--file', self.dir])
        self.assertEqual(b'bytes of lib/a.sh',
                         self.read(os.path.join(self.dir, 'a.sh')))

    def test_the_default_is_the_current_directory(self):
        self.addCleanup(os.chdir, os.getcwd())
        os.chdir(self.dir)
        columns, data = self.take(bundles.DownloadBundleFile,
                                  ['apps', 'a.sh'])
        self.assertEqual('a.sh', data[columns.index('path')])
        self.assertEqual(b'bytes of a.sh',
                         self.read(os.path.join(self.dir, 'a.sh')))

    def test_a_name_that_is_no_local_file_needs_a_path(self):
        cmd, parsed = self.parse(bundles.DownloadBundleFile, ['apps', '..'])
        exc = self.assertRaises(osc_exceptions.CommandError,
                                cmd.take_action, parsed)
        self.assertIn("the file name '..' is no local file name: give "
                      "--file <path>", str(exc))
        self.api.download_bundle_file.assert_not_called()

    def test_bytes_that_do_not_match_are_not_kept(self):
        path = os.path.join(self.dir, 'out.sh')
        with open(path, 'wb') as f:
            f.write(b'old')

        def download(bundle_id, name, out):
            out.write(b'changed')
            raise exceptions.DigestMismatch(name, 'a' * 64, 'b' * 64)
        self.api.download_bundle_file.side_effect = download
        cmd, parsed = self.parse(bundles.DownloadBundleFile,
                                 ['apps', 'a.sh', '--file', path])
        self.assertRaises(exceptions.DigestMismatch, cmd.take_action, parsed)
        # The file that was there is untouched; nothing else is left.
        self.assertEqual(b'old', self.read(path))
        self.assertEqual(['out.sh'], os.listdir(self.dir))

    def test_an_unknown_file_is_the_apis_404(self):
        self.api.download_bundle_file.side_effect = exceptions.NotFound(
            404, 'bundle 7 has no file nope')
        cmd, parsed = self.parse(bundles.DownloadBundleFile,
                                 ['apps', 'nope', '--file', self.dir])
        exc = self.assertRaises(exceptions.NotFound, cmd.take_action, parsed)
        self.assertEqual('bundle 7 has no file nope (HTTP 404)', str(exc))
        self.assertEqual([], os.listdir(self.dir))

    def test_a_folder_that_cannot_be_written(self):
        path = os.path.join(self.dir, 'nowhere', 'out.sh')
        cmd, parsed = self.parse(bundles.DownloadBundleFile,
                                 ['apps', 'a.sh', '--file', path])
        exc = self.assertRaises(osc_exceptions.CommandError,
                                cmd.take_action, parsed)
        self.assertEqual('cannot write to %s: No such file or directory'
                         % os.path.dirname(path), str(exc))
