"""``openstack desktop bundle ...``: application bundles and their files.

``bundle create --file <path>`` reads each file's sha256 and size,
creates the bundle record that declares them, then uploads each file's
bytes with its sha256, which central checks before it keeps them. When
an upload fails the record is deleted again, so the same command can be
run once the cause is fixed. ``bundle file download`` gets a file's
bytes back into a local file, checked against the sha256 central
states.
"""

import argparse
import os
import re
import tempfile

from keystoneauth1 import exceptions as ks_exceptions
from osc_lib import exceptions as osc_exceptions

from central_cloud.osc import client as rest
from central_cloud.osc import exceptions
from central_cloud.osc.v1 import base

# The fields of GET /v1/bundles/{id}.
FIELDS = ('id', 'name', 'version', 'template_type', 'files',
          'install_commands', 'targets', 'created_at', 'updated_at')
COLUMNS = ('id', 'name', 'version', 'template_type')
FORMATTERS = {'files': base.StructColumn,
              'install_commands': base.StructColumn,
              'targets': base.StructColumn}

# What central takes as a file name: printable, no blanks at either end.
MAX_FILE_NAME = 255
_FILE_NAME = re.compile(r'[^\s\x00-\x1f\x7f](?:[^\x00-\x1f\x7f]*'
                        r'[^\s\x00-\x1f\x7f])?')


def file_path(value):
    """A readable regular file, as given."""
    if not os.path.isfile(value):
        raise argparse.ArgumentTypeError(
            'expected the path of a file to upload, got %r (%s)' % (
                value, 'a directory' if os.path.isdir(value)
                else 'no such file'))
    if not os.access(value, os.R_OK):
        raise argparse.ArgumentTypeError('cannot read the file %r' % value)
    return value


def file_name(path):
    """The bundle's name for a file: its base name, if central takes it."""
    name = os.path.basename(path)
    if len(name) > MAX_FILE_NAME or not _FILE_NAME.fullmatch(name):
        raise osc_exceptions.CommandError(
            'the name of %r cannot name a bundle file: a file name is '
            'printable text of 1 to %d characters, without blanks at '
            'either end' % (path, MAX_FILE_NAME))
    return name


class LocalFile(object):
    """A file to upload: its path, name in the bundle, sha256 and size."""

    def __init__(self, path):
        self.path = path
        self.name = file_name(path)
        try:
            with open(path, 'rb') as f:
                self.sha256, self.size = rest.sha256_of(f)
        except OSError as exc:
            raise osc_exceptions.CommandError('cannot read %s: %s'
                                              % (path, exc.strerror or exc))

    def record(self):
        """The bundle record's entry for the file."""
        return {'name': self.name, 'sha256': self.sha256, 'size': self.size}

    def upload(self, api, bundle_id):
        if not self.size:
            # An empty body goes as such, not as a chunked stream.
            return api.upload_bundle_file(bundle_id, self.name, b'',
                                          sha256=self.sha256)
        with open(self.path, 'rb') as f:
            return api.upload_bundle_file(bundle_id, self.name, f,
                                          sha256=self.sha256)


def local_files(paths):
    """The files of ``--file``, hashed; their names must differ."""
    files = [LocalFile(path) for path in paths or []]
    by_name = {}
    for item in files:
        by_name.setdefault(item.name, []).append(item.path)
    repeated = {name: found for name, found in by_name.items()
                if len(found) > 1}
    if repeated:
        raise osc_exceptions.CommandError(
            'a bundle names each file once, but %s' % '; '.join(
                '%s are all named %s' % (', '.join(found), name)
                for name, found in sorted(repeated.items())))
    return files


def _label(bundle):
    return 'bundle %s' % bundle


def _why(exc):
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror
    return str(exc)


class CreateBundle(base.ShowOne):
    """Create an application bundle and upload its files"""

    def get_parser(self, prog_name):
        parser = super().get_parser(prog_name)
        parser.add_argument('name', metavar='<name>',
                            help='Name of the bundle')
        parser.add_argument('--bundle-version', metavar='<version>',
                            required=True, help='Version of the bundle')
        parser.add_argument('--template-type', metavar='<type-name>',
                            required=True,
                            help='Template type the bundle belongs to')
        parser.add_argument('--file', metavar='<path>', dest='files',
                            type=file_path, action='append',
                            help='File of the bundle, uploaded to central '
                                 'under its base name (repeat for several)')
        parser.add_argument('--install-command', metavar='<command>',
                            dest='install_commands', action='append',
                            help='Command that installs the bundle, run in '
                                 'order (repeat for several)')
        base.add_targets(parser, 'bundle')
        return parser

    def take_action(self, parsed_args):
        targets = base.targets_of(parsed_args)
        files = local_files(parsed_args.files)
        api = base.client(self)
        bundle = api.create_bundle(
            parsed_args.name, parsed_args.bundle_version,
            parsed_args.template_type,
            files=[item.record() for item in files] or None,
            install_commands=parsed_args.install_commands,
            targets=targets)
        if files:
            self._upload(api, bundle, files)
            bundle = api.get_bundle(bundle['id'])
        return base.one(bundle, formatters=FORMATTERS)

    @staticmethod
    def _upload(api, bundle, files):
        """Each file's bytes; on a failure, no bundle is left behind."""
        for item in files:
            try:
                item.upload(api, bundle['id'])
            except (exceptions.ClientError, ks_exceptions.ClientException,
                    OSError) as exc:
                failed = exc
                break
        else:
            return
        what = 'bundle %s (%s %s)' % (bundle['id'], bundle['name'],
                                      bundle['version'])
        try:
            api.delete_bundle(bundle['id'])
        except (exceptions.ClientError,
                ks_exceptions.ClientException) as exc:
            after = ('%s is left without the bytes of %s, and deleting it '
                     'failed too (%s): delete it with "openstack desktop '
                     'bundle delete %s"' % (what, item.name, exc,
                                            bundle['id']))
        else:
            after = ('%s was deleted again: run the command again once '
                     'that is fixed' % what)
        raise osc_exceptions.CommandError(
            'uploading file %s (from %s) failed: %s\n%s'
            % (item.name, item.path, _why(failed), after))


class ListBundle(base.Lister):
    """List application bundles"""

    def get_parser(self, prog_name):
        parser = super().get_parser(prog_name)
        parser.add_argument('--name', metavar='<name>', action='append',
                            help='Only bundles of this name (repeat for '
                                 'several)')
        parser.add_argument('--bundle-version', metavar='<version>',
                            action='append',
                            help='Only bundles of this version (repeat for '
                                 'several)')
        parser.add_argument('--template-type', metavar='<type-name>',
                            action='append',
                            help='Only bundles of this template type (repeat '
                                 'for several)')
        base.add_paging(parser, 'bundles')
        base.add_long(parser)
        return parser

    def take_action(self, parsed_args):
        bundles = base.client(self).list_bundles(
            limit=parsed_args.limit, marker=parsed_args.marker,
            name=parsed_args.name, version=parsed_args.bundle_version,
            template_type=parsed_args.template_type)
        return base.listing(parsed_args, bundles, COLUMNS, FIELDS,
                            FORMATTERS)


def _add_lookup(parser, dest, nargs=None):
    parser.add_argument(dest, metavar='<bundle>', nargs=nargs,
                        help='Bundle (id, or name)')
    parser.add_argument('--bundle-version', metavar='<version>',
                        help='Version of the bundle, when several versions '
                             'share its name')


class ShowBundle(base.ShowOne):
    """Show an application bundle"""

    def get_parser(self, prog_name):
        parser = super().get_parser(prog_name)
        _add_lookup(parser, 'bundle')
        return parser

    def take_action(self, parsed_args):
        bundle = base.client(self).find_bundle(parsed_args.bundle,
                                               parsed_args.bundle_version)
        return base.one(bundle, formatters=FORMATTERS)


class DeleteBundle(base.Lister):
    """Delete application bundle(s)"""

    def get_parser(self, prog_name):
        parser = super().get_parser(prog_name)
        _add_lookup(parser, 'bundles', nargs='+')
        return parser

    def take_action(self, parsed_args):
        api = base.client(self)

        def delete(name_or_id):
            bundle = api.find_bundle(name_or_id, parsed_args.bundle_version)
            api.delete_bundle(bundle['id'])
            return dict(bundle, state='deleted')
        deleted = self.each(parsed_args.bundles, delete, _label)
        return base.rows(deleted, ('id', 'name', 'version', 'state'))


class DownloadBundleFile(base.ShowOne):
    """Download a file of an application bundle"""

    def get_parser(self, prog_name):
        parser = super().get_parser(prog_name)
        _add_lookup(parser, 'bundle')
        parser.add_argument('file_name', metavar='<file-name>',
                            help='Name of the file in the bundle')
        parser.add_argument('--file', metavar='<path>', dest='path',
                            help='Write the bytes to <path>, a file or a '
                                 'directory (default: the current '
                                 'directory)')
        return parser

    def take_action(self, parsed_args):
        path = _local_path(parsed_args.path, parsed_args.file_name)
        api = base.client(self)
        bundle = api.find_bundle(parsed_args.bundle,
                                 parsed_args.bundle_version)
        sha256, size = _download_to(api, bundle['id'],
                                    parsed_args.file_name, path)
        return base.one({'bundle_id': bundle['id'],
                         'name': parsed_args.file_name, 'sha256': sha256,
                         'size': size, 'path': path})


def _local_path(path, name):
    """Where a download goes: ``path``, or ``name``'s base name in it."""
    if path is not None and not os.path.isdir(path):
        return path
    base_name = os.path.basename(name)
    if base_name in ('', '.', '..'):
        raise osc_exceptions.CommandError(
            'the file name %r is no local file name: give --file <path>'
            % name)
    return os.path.join(path or '', base_name)


def _download_to(api, bundle_id, name, path):
    """Download into a new file beside ``path``, renamed once checked."""
    folder = os.path.dirname(os.path.abspath(path))
    try:
        fd, partial = tempfile.mkstemp(dir=folder, prefix='.%s.' % (
            os.path.basename(path) or 'download'))
    except OSError as exc:
        raise osc_exceptions.CommandError('cannot write to %s: %s'
                                          % (folder, _why(exc)))
    # mkstemp's file is private; the result gets the usual mode.
    umask = os.umask(0)
    os.umask(umask)
    try:
        with os.fdopen(fd, 'wb') as out:
            os.fchmod(out.fileno(), 0o666 & ~umask)
            digest = api.download_bundle_file(bundle_id, name, out)
        os.replace(partial, path)
        return digest
    except OSError as exc:
        raise osc_exceptions.CommandError('cannot write %s: %s'
                                          % (path, _why(exc)))
    finally:
        if os.path.exists(partial):
            os.unlink(partial)
