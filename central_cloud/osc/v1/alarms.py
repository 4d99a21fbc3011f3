"""``openstack desktop alarm ...``: site alarms; people acknowledge them."""

from central_cloud.osc.v1 import base

# The fields of GET /v1/alarms/{id}.
FIELDS = ('id', 'site', 'key', 'severity', 'kind', 'state', 'message',
          'raised_at', 'cleared_at', 'acknowledged', 'created_at',
          'updated_at')
COLUMNS = ('id', 'site', 'severity', 'kind', 'state', 'acknowledged',
           'raised_at', 'message')
STATES = ('raised', 'cleared')
SEVERITIES = ('critical', 'major', 'minor', 'warning')
ALARM_ID = base.whole_number(1)


class ListAlarm(base.Lister):
    """List site alarms"""

    def get_parser(self, prog_name):
        parser = super().get_parser(prog_name)
        parser.add_argument('--site', metavar='<site>', action='append',
                            help='Only alarms of this site (repeat for '
                                 'several)')
        parser.add_argument('--state', choices=STATES, action='append',
                            help='Only alarms in this state (repeat for '
                                 'several)')
        parser.add_argument('--severity', choices=SEVERITIES,
                            action='append',
                            help='Only alarms of this severity (repeat for '
                                 'several)')
        parser.add_argument('--kind', metavar='<kind>', action='append',
                            help='Only alarms of this kind, e.g. '
                                 'site-offline (repeat for several)')
        base.add_boolean(parser, 'acknowledged',
                         'Only acknowledged alarms',
                         'Only alarms nobody acknowledged')
        base.add_paging(parser, 'alarms')
        base.add_long(parser)
        return parser

    def take_action(self, parsed_args):
        alarms = base.client(self).list_alarms(
            limit=parsed_args.limit, marker=parsed_args.marker,
            site=parsed_args.site, state=parsed_args.state,
            severity=parsed_args.severity, kind=parsed_args.kind,
            acknowledged=parsed_args.acknowledged)
        return base.listing(parsed_args, alarms, COLUMNS, FIELDS)


class ShowAlarm(base.ShowOne):
    """Show a site alarm"""

    def get_parser(self, prog_name):
        parser = super().get_parser(prog_name)
        parser.add_argument('alarm', metavar='<alarm-id>', type=ALARM_ID,
                            help='Alarm id')
        return parser

    def take_action(self, parsed_args):
        return base.one(base.client(self).get_alarm(parsed_args.alarm))


class AcknowledgeAlarm(base.Lister):
    """Acknowledge site alarm(s)"""

    def get_parser(self, prog_name):
        parser = super().get_parser(prog_name)
        parser.add_argument('alarms', metavar='<alarm-id>', type=ALARM_ID,
                            nargs='+', help='Alarm id(s)')
        parser.add_argument('--undo', action='store_true', default=False,
                            help='Take the acknowledgement back')
        return parser

    def take_action(self, parsed_args):
        api = base.client(self)
        acknowledged = not parsed_args.undo
        alarms = self.each(
            parsed_args.alarms,
            lambda alarm_id: api.acknowledge_alarm(alarm_id, acknowledged),
            lambda alarm_id: 'alarm %s' % alarm_id)
        return base.rows(alarms, COLUMNS)
