"""``openstack desktop rollout ...``: push a template or a bundle to sites.

A rollout builds one template version at a set of sites, one step per
site, at most ``--max-parallel-sites`` at once. Pushing a bundle makes
it part of its template type (a new template version). ``create
--wait`` follows the steps on stderr and exits 1 unless every site
succeeded. ``show`` gives the rollout with one line per step; ``abort``
starts no more sites (steps already running finish).
"""

from cliff import columns as cliff_columns
from osc_lib import exceptions as osc_exceptions

from central_cloud.osc.v1 import base
from central_cloud.osc.v1 import rollout_progress

# The fields of GET /v1/rollouts/{id}.
FIELDS = ('id', 'template_type', 'template_version', 'bundle_id',
          'targets', 'mode', 'max_parallel_sites', 'stop_on_failure',
          'state', 'step_counts', 'steps', 'created_at', 'updated_at',
          'finished_at')
COLUMNS = ('id', 'template_type', 'template_version', 'bundle_id', 'mode',
           'state', 'step_counts', 'created_at')
ABORT_COLUMNS = ('id', 'template_type', 'template_version', 'state',
                 'step_counts')
STATES = ('running', 'succeeded', 'failed', 'aborted')
MODES = ('serial', 'parallel')
MAX_PARALLEL_SITES = 1000


def step_line(step):
    """A step in one line: site, state, times, command, details."""
    text = '%s: %s' % (step.get('site'), step.get('state'))
    times = ['%s %s' % (what, step[key]) for what, key in (
        ('started', 'started_at'), ('finished', 'finished_at'))
        if step.get(key)]
    if step.get('command_id'):
        times.append('command %s' % step['command_id'])
    if times:
        text += ' (%s)' % ', '.join(times)
    if step.get('details'):
        text += ': %s' % step['details']
    return text


class StepsColumn(cliff_columns.FormattableColumn):
    """A rollout's steps: a line each in a table, as is in JSON."""

    def human_readable(self):
        return '\n'.join(step_line(step) for step in self._value or [])

    def machine_readable(self):
        return self._value


class CountsColumn(cliff_columns.FormattableColumn):
    """Steps per state: ``1 running, 2 succeeded``; the dict in JSON."""

    def human_readable(self):
        return rollout_progress.counts_text(self._value)

    def machine_readable(self):
        return self._value


FORMATTERS = {'targets': base.StructColumn, 'steps': StepsColumn,
              'step_counts': CountsColumn}


def _label(rollout_id):
    return 'rollout %s' % rollout_id


class CreateRollout(base.ShowOne):
    """Push a template type or a bundle to sites"""

    def get_parser(self, prog_name):
        parser = super().get_parser(prog_name)
        what = parser.add_mutually_exclusive_group(required=True)
        what.add_argument('--template', metavar='<type-name>',
                          help='Template type to build at the sites, as it '
                               'is now')
        what.add_argument('--bundle', metavar='<bundle>',
                          help='Bundle (id, or name) to add to its template '
                               'type, replacing an older version of it; '
                               'the new template version is built at the '
                               'sites')
        parser.add_argument('--bundle-version', metavar='<version>',
                            help='With --bundle: the version to push, when '
                                 'several versions share its name')
        parser.add_argument('--site', metavar='<site>', dest='sites',
                            action='append',
                            help='Site to build at (repeat for several)')
        parser.add_argument('--group', metavar='<group>', dest='groups',
                            action='append',
                            help='Group whose sites build (repeat for '
                                 'several). Without --site and --group: '
                                 'every site, or a bundle\'s own targets')
        parser.add_argument('--max-parallel-sites', metavar='<count>',
                            type=base.whole_number(1, MAX_PARALLEL_SITES),
                            help='Most sites building at once, 1 to %d '
                                 '(default: all of them; 1 with --mode '
                                 'serial)' % MAX_PARALLEL_SITES)
        parser.add_argument('--stop-on-failure', action='store_true',
                            default=None,
                            help='Start no other site once a site failed')
        parser.add_argument('--mode', choices=MODES,
                            help='serial: one site at a time; parallel: up '
                                 'to --max-parallel-sites (the default)')
        parser.add_argument(
            '--wait', action='store_true', default=False,
            help='Wait until the rollout is over, showing each site\'s '
                 'step on stderr; exit 1 unless every site succeeded')
        parser.add_argument(
            '--wait-timeout', metavar='<seconds>', type=base.whole_number(),
            default=rollout_progress.DEFAULT_TIMEOUT,
            help='With --wait, give up after <seconds> (default: %d); the '
                 'rollout goes on' % rollout_progress.DEFAULT_TIMEOUT)
        return parser

    def take_action(self, parsed_args):
        if parsed_args.bundle_version is not None and not parsed_args.bundle:
            raise osc_exceptions.CommandError(
                '--bundle-version goes with --bundle: it picks the version '
                'of the bundle to push')
        if parsed_args.mode == 'serial' and \
                parsed_args.max_parallel_sites not in (None, 1):
            raise osc_exceptions.CommandError(
                '--mode serial builds at one site at a time: leave '
                '--max-parallel-sites out or give 1 (got %d)'
                % parsed_args.max_parallel_sites)
        api = base.client(self)
        bundle_id = None
        if parsed_args.bundle:
            bundle_id = api.find_bundle(parsed_args.bundle,
                                        parsed_args.bundle_version)['id']
        rollout = api.create_rollout(
            template_type=parsed_args.template, bundle_id=bundle_id,
            sites=parsed_args.sites, groups=parsed_args.groups,
            mode=parsed_args.mode,
            max_parallel_sites=parsed_args.max_parallel_sites,
            stop_on_failure=parsed_args.stop_on_failure)
        if parsed_args.wait:
            waiter = rollout_progress.RolloutWaiter(
                api, self.app.stderr, timeout=parsed_args.wait_timeout)
            rollout, failures = waiter.wait(rollout)
            self.fail(*failures)
        return base.one(rollout, formatters=FORMATTERS)


class ListRollout(base.Lister):
    """List rollouts, oldest first"""

    def get_parser(self, prog_name):
        parser = super().get_parser(prog_name)
        parser.add_argument('--state', choices=STATES, action='append',
                            help='Only rollouts in this state (repeat for '
                                 'several)')
        parser.add_argument('--template', metavar='<type-name>',
                            action='append',
                            help='Only rollouts of this template type '
                                 '(repeat for several)')
        base.add_paging(parser, 'rollouts')
        base.add_long(parser)
        return parser

    def take_action(self, parsed_args):
        rollouts = base.client(self).list_rollouts(
            limit=parsed_args.limit, marker=parsed_args.marker,
            state=parsed_args.state, template_type=parsed_args.template)
        return base.listing(parsed_args, rollouts, COLUMNS, FIELDS,
                            FORMATTERS)


class ShowRollout(base.ShowOne):
    """Show a rollout and each site's step"""

    def get_parser(self, prog_name):
        parser = super().get_parser(prog_name)
        parser.add_argument('rollout', metavar='<rollout-id>',
                            help='Rollout id')
        return parser

    def take_action(self, parsed_args):
        return base.one(base.client(self).get_rollout(parsed_args.rollout),
                        formatters=FORMATTERS)


class AbortRollout(base.Lister):
    """Abort rollout(s): sites not started yet never start"""

    def get_parser(self, prog_name):
        parser = super().get_parser(prog_name)
        parser.add_argument('rollouts', metavar='<rollout-id>', nargs='+',
                            help='Rollout(s) to abort (id)')
        return parser

    def take_action(self, parsed_args):
        api = base.client(self)
        aborted = self.each(parsed_args.rollouts, api.abort_rollout, _label)
        return base.rows(aborted, ABORT_COLUMNS, FORMATTERS)
