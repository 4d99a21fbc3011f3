"""``openstack desktop template ...``: template type records."""

import argparse

from central_cloud.osc.v1 import base

# The fields of GET /v1/templates/{type_name}.
FIELDS = ('type_name', 'os', 'base_image_id', 'base_image_checksum',
          'bundles', 'created_at', 'updated_at')
COLUMNS = ('type_name', 'os', 'base_image_id', 'bundles')
FORMATTERS = {'bundles': base.StructColumn}


def bundle_ref(value):
    """``<name>:<version>`` as the API's ``{"name", "version"}``."""
    name, sep, version = value.rpartition(':')
    if not sep or not name or not version:
        raise argparse.ArgumentTypeError(
            'expected <name>:<version>, got %r' % value)
    return {'name': name, 'version': version}


class CreateTemplate(base.ShowOne):
    """Create a template type"""

    def get_parser(self, prog_name):
        parser = super().get_parser(prog_name)
        parser.add_argument('type_name', metavar='<type-name>',
                            help='Name of the template type')
        parser.add_argument('--operating-system', metavar='<os>',
                            help='Operating system of the template')
        parser.add_argument('--base-image-id', metavar='<uuid>',
                            help='Glance image the template is built on')
        parser.add_argument('--base-image-checksum', metavar='<checksum>',
                            help='md5, sha256 or sha512 of the base image '
                                 '(lower-case hex)')
        parser.add_argument('--bundle', metavar='<name>:<version>',
                            dest='bundles', type=bundle_ref,
                            action='append',
                            help='Application bundle of the template '
                                 '(repeat for several)')
        return parser

    def take_action(self, parsed_args):
        template = base.client(self).create_template(
            parsed_args.type_name, os=parsed_args.operating_system,
            base_image_id=parsed_args.base_image_id,
            base_image_checksum=parsed_args.base_image_checksum,
            bundles=parsed_args.bundles)
        return base.one(template, formatters=FORMATTERS)


class ListTemplate(base.Lister):
    """List template types"""

    def get_parser(self, prog_name):
        parser = super().get_parser(prog_name)
        parser.add_argument('--operating-system', metavar='<os>',
                            action='append',
                            help='Only templates of this operating system '
                                 '(repeat for several)')
        base.add_paging(parser, 'templates')
        base.add_long(parser)
        return parser

    def take_action(self, parsed_args):
        templates = base.client(self).list_templates(
            limit=parsed_args.limit, marker=parsed_args.marker,
            os=parsed_args.operating_system)
        return base.listing(parsed_args, templates, COLUMNS, FIELDS,
                            FORMATTERS)


class ShowTemplate(base.ShowOne):
    """Show a template type"""

    def get_parser(self, prog_name):
        parser = super().get_parser(prog_name)
        parser.add_argument('type_name', metavar='<type-name>',
                            help='Template type')
        return parser

    def take_action(self, parsed_args):
        return base.one(base.client(self).get_template(parsed_args.type_name),
                        formatters=FORMATTERS)


class DeleteTemplate(base.Lister):
    """Delete template type(s)"""

    def get_parser(self, prog_name):
        parser = super().get_parser(prog_name)
        parser.add_argument('type_names', metavar='<type-name>', nargs='+',
                            help='Template type(s) to delete')
        return parser

    def take_action(self, parsed_args):
        api = base.client(self)

        def delete(type_name):
            api.delete_template(type_name)
            return {'type_name': type_name, 'state': 'deleted'}
        return base.rows(self.each(parsed_args.type_names, delete),
                         ('type_name', 'state'))
