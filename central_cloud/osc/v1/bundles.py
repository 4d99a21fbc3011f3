"""``openstack desktop bundle ...``: application bundle records.

A bundle record names its files by name, sha256 and size; the files'
content is not sent by these commands.
"""

import argparse
import re

from central_cloud.osc.v1 import base

# The fields of GET /v1/bundles/{id}.
FIELDS = ('id', 'name', 'version', 'template_type', 'files',
          'install_commands', 'targets', 'created_at', 'updated_at')
COLUMNS = ('id', 'name', 'version', 'template_type')
FORMATTERS = {'files': base.StructColumn,
              'install_commands': base.StructColumn,
              'targets': base.StructColumn}

_SHA256 = re.compile('[0-9a-f]{64}')
FILE_KEYS = ('name', 'sha256', 'size')


def file_record(value):
    """``name=<n>,sha256=<hex>,size=<bytes>`` as the API's file entry."""
    fields = {}
    for part in value.split(','):
        key, sep, field = part.partition('=')
        if not sep or key not in FILE_KEYS or key in fields:
            raise argparse.ArgumentTypeError(
                'expected name=<file name>,sha256=<64 hex digits>,'
                'size=<bytes>, got %r' % value)
        fields[key] = field
    missing = [key for key in FILE_KEYS if not fields.get(key)]
    if missing:
        raise argparse.ArgumentTypeError(
            '%r lacks %s (expected name=<file name>,sha256=<64 hex '
            'digits>,size=<bytes>)' % (value, ', '.join(missing)))
    if not _SHA256.fullmatch(fields['sha256']):
        raise argparse.ArgumentTypeError(
            'sha256 must be 64 lower-case hex digits, got %r'
            % fields['sha256'])
    if not fields['size'].isdigit():
        raise argparse.ArgumentTypeError(
            'size must be a whole number of bytes, got %r' % fields['size'])
    return dict(fields, size=int(fields['size']))


def _label(bundle):
    return 'bundle %s' % bundle


class CreateBundle(base.ShowOne):
    """Create an application bundle record"""

    def get_parser(self, prog_name):
        parser = super().get_parser(prog_name)
        parser.add_argument('name', metavar='<name>',
                            help='Name of the bundle')
        parser.add_argument('--bundle-version', metavar='<version>',
                            required=True, help='Version of the bundle')
        parser.add_argument('--template-type', metavar='<type-name>',
                            required=True,
                            help='Template type the bundle belongs to')
        parser.add_argument('--file', metavar='name=<n>,sha256=<hex>,'
                            'size=<bytes>', dest='files', type=file_record,
                            action='append',
                            help='A file of the bundle (repeat for several)')
        parser.add_argument('--install-command', metavar='<command>',
                            dest='install_commands', action='append',
                            help='Command that installs the bundle, run in '
                                 'order (repeat for several)')
        parser.add_argument('--target-site', metavar='<site>',
                            dest='target_sites', action='append',
                            help='Site that receives the bundle (repeat for '
                                 'several; default: every site)')
        parser.add_argument('--target-group', metavar='<group>',
                            dest='target_groups', action='append',
                            help='Group of sites that receives the bundle '
                                 '(repeat for several)')
        return parser

    def take_action(self, parsed_args):
        targets = {}
        if parsed_args.target_sites:
            targets['sites'] = parsed_args.target_sites
        if parsed_args.target_groups:
            targets['groups'] = parsed_args.target_groups
        bundle = base.client(self).create_bundle(
            parsed_args.name, parsed_args.bundle_version,
            parsed_args.template_type,
            files=parsed_args.files,
            install_commands=parsed_args.install_commands,
            targets=targets or None)
        return base.one(bundle, formatters=FORMATTERS)


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
