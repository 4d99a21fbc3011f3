"""``openstack desktop notice ...``: announcements pushed to sites."""

from central_cloud.osc.v1 import base

# The fields of GET /v1/notices/{id}.
FIELDS = ('id', 'title', 'body', 'targets', 'created_at', 'updated_at')
COLUMNS = ('id', 'title', 'targets', 'created_at')
FORMATTERS = {'targets': base.StructColumn}


class CreateNotice(base.ShowOne):
    """Create a notice; central pushes it to its target sites"""

    def get_parser(self, prog_name):
        parser = super().get_parser(prog_name)
        parser.add_argument('--title', metavar='<title>', required=True,
                            help='Title of the notice')
        parser.add_argument('--body', metavar='<text>', required=True,
                            help='Text of the notice')
        base.add_targets(parser, 'notice')
        return parser

    def take_action(self, parsed_args):
        targets = base.targets_of(parsed_args)
        notice = base.client(self).create_notice(
            parsed_args.title, parsed_args.body, targets)
        return base.one(notice, formatters=FORMATTERS)


class ListNotice(base.Lister):
    """List notices"""

    def get_parser(self, prog_name):
        parser = super().get_parser(prog_name)
        base.add_paging(parser, 'notices')
        base.add_long(parser)
        return parser

    def take_action(self, parsed_args):
        notices = base.client(self).list_notices(limit=parsed_args.limit,
                                                 marker=parsed_args.marker)
        return base.listing(parsed_args, notices, COLUMNS, FIELDS,
                            FORMATTERS)


class ShowNotice(base.ShowOne):
    """Show a notice"""

    def get_parser(self, prog_name):
        parser = super().get_parser(prog_name)
        parser.add_argument('notice', metavar='<notice-id>',
                            type=base.whole_number(1), help='Notice id')
        return parser

    def take_action(self, parsed_args):
        return base.one(base.client(self).get_notice(parsed_args.notice),
                        formatters=FORMATTERS)
