"""``openstack desktop command ...``: management commands and their state."""

from central_cloud.osc.v1 import base

# The fields of GET /v1/commands/{id}.
FIELDS = ('id', 'site', 'desktop_id', 'action', 'state', 'attempts',
          'last_sent_at', 'result', 'error', 'created_at', 'updated_at',
          'params')
COLUMNS = ('id', 'site', 'desktop_id', 'action', 'state', 'attempts',
           'error')
FORMATTERS = {'result': base.StructColumn, 'params': base.StructColumn}
STATES = ('pending', 'sent', 'running', 'succeeded', 'failed')
ACTIONS = ('create', 'delete', 'stop', 'start', 'suspend', 'resume',
           'configure')


class ListCommand(base.Lister):
    """List management commands"""

    def get_parser(self, prog_name):
        parser = super().get_parser(prog_name)
        parser.add_argument('--site', metavar='<site>', action='append',
                            help='Only commands for this site (repeat for '
                                 'several)')
        parser.add_argument('--state', choices=STATES, action='append',
                            help='Only commands in this state (repeat for '
                                 'several)')
        parser.add_argument('--action', choices=ACTIONS, action='append',
                            help='Only commands of this action (repeat for '
                                 'several)')
        parser.add_argument('--desktop', metavar='<desktop>',
                            help='Only the commands of this desktop (name '
                                 'or id)')
        base.add_paging(parser, 'commands')
        base.add_long(parser)
        return parser

    def take_action(self, parsed_args):
        api = base.client(self)
        desktop = None
        if parsed_args.desktop is not None:
            desktop = api.find_desktop(parsed_args.desktop)['id']
        commands = api.list_commands(
            limit=parsed_args.limit, marker=parsed_args.marker,
            site=parsed_args.site, state=parsed_args.state,
            action=parsed_args.action, desktop=desktop)
        return base.listing(parsed_args, commands, COLUMNS, FIELDS,
                            FORMATTERS)


class ShowCommand(base.ShowOne):
    """Show a management command, its attempts and its result"""

    def get_parser(self, prog_name):
        parser = super().get_parser(prog_name)
        parser.add_argument('command', metavar='<command-id>',
                            help='Command id')
        return parser

    def take_action(self, parsed_args):
        return base.one(base.client(self).get_command(parsed_args.command),
                        formatters=FORMATTERS)
