"""``openstack desktop site ...``: register and manage sites."""

from osc_lib import exceptions as osc_exceptions

from central_cloud.osc.v1 import base

# The fields of GET /v1/sites/{name}.
FIELDS = ('name', 'region', 'latitude', 'longitude', 'group',
          'management_state', 'availability', 'last_report_at', 'missed',
          'reserve_ratio', 'shared_pool', 'created_at', 'updated_at')
COLUMNS = ('name', 'region', 'group', 'management_state', 'availability',
           'shared_pool', 'last_report_at')
AVAILABILITIES = ('unknown', 'online', 'offline')
MANAGEMENT_STATES = ('managed', 'unmanaged', 'maintenance')

LATITUDE = base.number_in(-90, 90)
LONGITUDE = base.number_in(-180, 180)
RATIO = base.number_in(0, 1)


def _add_settings(parser, creating):
    parser.add_argument('--region', metavar='<region>', required=creating,
                        help='Keystone region of the site')
    parser.add_argument('--latitude', metavar='<degrees>', type=LATITUDE,
                        required=creating,
                        help='Latitude of the site, -90 to 90')
    parser.add_argument('--longitude', metavar='<degrees>', type=LONGITUDE,
                        required=creating,
                        help='Longitude of the site, -180 to 180')
    group = parser.add_mutually_exclusive_group()
    group.add_argument('--group', metavar='<group>',
                       help='Group of sites this one belongs to')
    if not creating:
        group.add_argument('--no-group', action='store_true',
                           help='Take the site out of its group')
    parser.add_argument('--reserve-ratio', metavar='<ratio>', type=RATIO,
                        help='Share of the capacity kept for local desktops '
                             'when lending, 0 to 1')
    base.add_boolean(parser, 'shared-pool',
                     'The site is central\'s shared pool',
                     'The site is not central\'s shared pool')


def _settings(parsed_args):
    settings = {'region': parsed_args.region,
                'latitude': parsed_args.latitude,
                'longitude': parsed_args.longitude,
                'group': parsed_args.group,
                'reserve_ratio': parsed_args.reserve_ratio,
                'shared_pool': parsed_args.shared_pool}
    settings = {k: v for k, v in settings.items() if v is not None}
    if getattr(parsed_args, 'no_group', False):
        settings['group'] = None
    return settings


class CreateSite(base.ShowOne):
    """Register a site (an OpenStack region) with central"""

    def get_parser(self, prog_name):
        parser = super().get_parser(prog_name)
        parser.add_argument('name', metavar='<name>',
                            help='Name of the new site')
        _add_settings(parser, creating=True)
        return parser

    def take_action(self, parsed_args):
        settings = _settings(parsed_args)
        site = base.client(self).create_site(
            parsed_args.name, settings.pop('region'),
            settings.pop('latitude'), settings.pop('longitude'), **settings)
        return base.one(site)


class ListSite(base.Lister):
    """List sites"""

    def get_parser(self, prog_name):
        parser = super().get_parser(prog_name)
        parser.add_argument('--group', metavar='<group>', action='append',
                            help='Only sites of this group (repeat for '
                                 'several)')
        parser.add_argument('--region', metavar='<region>',
                            action='append',
                            help='Only sites of this region (repeat for '
                                 'several)')
        parser.add_argument('--availability', choices=AVAILABILITIES,
                            action='append',
                            help='Only sites with this availability (repeat '
                                 'for several)')
        parser.add_argument('--management-state', choices=MANAGEMENT_STATES,
                            action='append',
                            help='Only sites in this management state '
                                 '(repeat for several)')
        base.add_boolean(parser, 'shared-pool', 'Only the shared pool',
                         'Only sites that are not the shared pool')
        base.add_paging(parser, 'sites')
        base.add_long(parser)
        return parser

    def take_action(self, parsed_args):
        sites = base.client(self).list_sites(
            limit=parsed_args.limit, marker=parsed_args.marker,
            group=parsed_args.group, region=parsed_args.region,
            availability=parsed_args.availability,
            management_state=parsed_args.management_state,
            shared_pool=parsed_args.shared_pool)
        return base.listing(parsed_args, sites, COLUMNS, FIELDS)


class ShowSite(base.ShowOne):
    """Show a site"""

    def get_parser(self, prog_name):
        parser = super().get_parser(prog_name)
        parser.add_argument('site', metavar='<site>', help='Site name')
        return parser

    def take_action(self, parsed_args):
        return base.one(base.client(self).get_site(parsed_args.site))


class SetSite(base.ShowOne):
    """Change a site's settings"""

    def get_parser(self, prog_name):
        parser = super().get_parser(prog_name)
        parser.add_argument('site', metavar='<site>',
                            help='Site to change (name)')
        _add_settings(parser, creating=False)
        return parser

    def take_action(self, parsed_args):
        changes = _settings(parsed_args)
        if not changes:
            raise osc_exceptions.CommandError(
                'nothing to change: give at least one of --region, '
                '--latitude, --longitude, --group, --no-group, '
                '--reserve-ratio, --shared-pool, --no-shared-pool')
        return base.one(base.client(self).update_site(parsed_args.site,
                                                      **changes))


class DeleteSite(base.Lister):
    """Delete site(s) from central"""

    def get_parser(self, prog_name):
        parser = super().get_parser(prog_name)
        parser.add_argument('sites', metavar='<site>', nargs='+',
                            help='Site(s) to delete (name)')
        return parser

    def take_action(self, parsed_args):
        api = base.client(self)

        def delete(name):
            api.delete_site(name)
            return {'name': name, 'state': 'deleted'}
        return base.rows(self.each(parsed_args.sites, delete),
                         ('name', 'state'))


class _SiteAction(base.ShowOne):
    action = None

    def get_parser(self, prog_name):
        parser = super().get_parser(prog_name)
        parser.add_argument('site', metavar='<site>', help='Site name')
        return parser

    def take_action(self, parsed_args):
        return base.one(base.client(self).site_action(parsed_args.site,
                                                      self.action))


class ManageSite(_SiteAction):
    """Manage a site: central sends it desktops and commands"""

    action = 'manage'


class UnmanageSite(_SiteAction):
    """Stop managing a site: central creates no desktops there"""

    action = 'unmanage'


class MaintainSite(_SiteAction):
    """Put a site in maintenance: central creates no desktops there"""

    action = 'maintenance'
