"""``openstack desktop server ...``: desktops created and run from central.

A desktop is named by its id or, when that name is unique among the
desktops the caller sees, its name. ``create``, ``delete`` and the
actions queue one command per desktop; with ``--wait`` they follow the
commands until each desktop is done (progress on stderr) and exit 1 when
any of them failed.
"""

from central_cloud.osc.v1 import base
from central_cloud.osc.v1 import progress

# The fields of GET /v1/desktops/{id}.
FIELDS = ('id', 'name', 'site', 'origin_site', 'server_uuid', 'project_id',
          'owner', 'template_type', 'flavor', 'state', 'created_at',
          'updated_at')
COLUMNS = ('id', 'name', 'site', 'state', 'template_type', 'flavor', 'owner')
# create, delete and the actions: the desktop and its command.
CREATE_COLUMNS = ('id', 'name', 'site', 'origin_site', 'template_type',
                  'flavor', 'state', 'command_id', 'command_state')
ACTION_COLUMNS = ('id', 'name', 'site', 'state', 'command_id',
                  'command_state')
SCOPES = ('local', 'group', 'any')
MAX_COUNT = 100


def _add_wait(parser, what):
    parser.add_argument(
        '--wait', action='store_true', default=False,
        help='Wait until %s is done, showing progress on stderr; exit 1 if '
             'a desktop failed' % what)
    parser.add_argument(
        '--wait-timeout', metavar='<seconds>', type=base.whole_number(),
        default=progress.DEFAULT_TIMEOUT,
        help='With --wait, give up after <seconds> (default: %d)'
             % progress.DEFAULT_TIMEOUT)


def _label(name_or_id):
    return 'desktop %s' % name_or_id


class _Waiting(object):
    """Follow the watched desktops when ``--wait`` is given."""

    def finish(self, parsed_args, watches, columns):
        pending = [w for w in watches if not w.done]
        if parsed_args.wait and pending:
            waiter = progress.Waiter(base.client(self), self.app.stderr,
                                     timeout=parsed_args.wait_timeout)
            self.fail(*progress.failure_messages(waiter.wait(pending)))
        return base.rows([w.row() for w in watches], columns)


def add_request(parser):
    """What a desktop request names: home site, template and flavor."""
    parser.add_argument('--home-site', metavar='<site>', required=True,
                        help='Site the desktops are for')
    parser.add_argument('--template', metavar='<type-name>', required=True,
                        help='Template type of the desktops')
    parser.add_argument('--flavor', metavar='<flavor>', required=True,
                        help='Nova flavor of the desktops')


class CreateServer(_Waiting, base.Lister):
    """Create desktops at a home site (central places any overflow)"""

    def get_parser(self, prog_name):
        parser = super().get_parser(prog_name)
        add_request(parser)
        parser.add_argument('--name', metavar='<name>', required=True,
                            help='Name of the desktop; with --count N they '
                                 'are named <name>-1 ... <name>-N')
        parser.add_argument('--count', metavar='<count>',
                            type=base.whole_number(1, MAX_COUNT), default=1,
                            help='Number of desktops, 1 to %d (default: 1)'
                                 % MAX_COUNT)
        parser.add_argument('--scope', choices=SCOPES,
                            help='Where desktops may go when the home site '
                                 'is short: the home site only (local), '
                                 'sites of its group (group), or any site '
                                 'and the shared pool (any, the default)')
        parser.add_argument('--owner', metavar='<owner>',
                            help='User the desktops are for (default: you)')
        _add_wait(parser, 'every desktop is created')
        return parser

    def take_action(self, parsed_args):
        desktops = base.client(self).create_desktops(
            parsed_args.home_site, parsed_args.template, parsed_args.flavor,
            parsed_args.name, count=parsed_args.count,
            scope=parsed_args.scope, owner=parsed_args.owner)
        watches = [
            progress.Watch(desktop, 'create',
                           {'id': desktop.get('command_id'),
                            'state': 'pending', 'site': desktop.get('site')})
            for desktop in desktops]
        return self.finish(parsed_args, watches, CREATE_COLUMNS)


class ListServer(base.Lister):
    """List desktops"""

    def get_parser(self, prog_name):
        parser = super().get_parser(prog_name)
        parser.add_argument('--site', metavar='<site>', action='append',
                            help='Only desktops at this site (repeat for '
                                 'several)')
        parser.add_argument('--state', metavar='<state>', action='append',
                            help='Only desktops in this state, e.g. active, '
                                 'stopped, error (repeat for several)')
        parser.add_argument('--template', metavar='<type-name>',
                            action='append',
                            help='Only desktops of this template type '
                                 '(repeat for several)')
        parser.add_argument('--owner', metavar='<owner>',
                            help='Only desktops of this owner')
        parser.add_argument('--project', metavar='<project-id>',
                            help='Only desktops of this project (admin)')
        parser.add_argument('--name', metavar='<name>',
                            help='Only desktops of this name (among those '
                                 'listed)')
        base.add_paging(parser, 'desktops')
        base.add_long(parser)
        return parser

    def take_action(self, parsed_args):
        desktops = base.client(self).list_desktops(
            limit=parsed_args.limit, marker=parsed_args.marker,
            site=parsed_args.site, state=parsed_args.state,
            template_type=parsed_args.template, owner=parsed_args.owner,
            project=parsed_args.project)
        if parsed_args.name is not None:
            desktops = [d for d in desktops
                        if d.get('name') == parsed_args.name]
        return base.listing(parsed_args, desktops, COLUMNS, FIELDS)


class ShowServer(base.ShowOne):
    """Show a desktop"""

    def get_parser(self, prog_name):
        parser = super().get_parser(prog_name)
        parser.add_argument('desktop', metavar='<desktop>',
                            help='Desktop (name or id)')
        return parser

    def take_action(self, parsed_args):
        return base.one(base.client(self).find_desktop(parsed_args.desktop))


class DeleteServer(_Waiting, base.Lister):
    """Delete desktop(s) and their servers at the sites"""

    def get_parser(self, prog_name):
        parser = super().get_parser(prog_name)
        parser.add_argument('desktops', metavar='<desktop>', nargs='+',
                            help='Desktop(s) to delete (name or id)')
        _add_wait(parser, 'every desktop is gone')
        return parser

    def take_action(self, parsed_args):
        api = base.client(self)

        def delete(name_or_id):
            desktop = api.find_desktop(name_or_id)
            after, command = api.delete_desktop(desktop['id'])
            watch = progress.Watch(after or desktop, 'delete', command)
            if after is None:
                # Gone at once: it had no server yet.
                watch.desktop['state'] = progress.DELETED
                watch.finish(True)
            return watch
        return self.finish(parsed_args,
                           self.each(parsed_args.desktops, delete, _label),
                           ACTION_COLUMNS)


class _ServerAction(_Waiting, base.Lister):
    action = None

    def get_parser(self, prog_name):
        parser = super().get_parser(prog_name)
        parser.add_argument('desktops', metavar='<desktop>', nargs='+',
                            help='Desktop(s) to %s (name or id)'
                                 % self.action)
        _add_wait(parser, 'every desktop is done')
        return parser

    def take_action(self, parsed_args):
        api = base.client(self)

        def act(name_or_id):
            desktop = api.find_desktop(name_or_id)
            command = api.desktop_action(desktop['id'], self.action)
            return progress.Watch(desktop, self.action, command)
        return self.finish(parsed_args,
                           self.each(parsed_args.desktops, act, _label),
                           ACTION_COLUMNS)


class StopServer(_ServerAction):
    """Stop (shut down) desktop(s)"""

    action = 'stop'


class StartServer(_ServerAction):
    """Start stopped desktop(s)"""

    action = 'start'


class SuspendServer(_ServerAction):
    """Suspend desktop(s)"""

    action = 'suspend'


class ResumeServer(_ServerAction):
    """Resume suspended desktop(s)"""

    action = 'resume'
