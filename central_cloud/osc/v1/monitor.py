"""``openstack desktop monitor ...``: the monitoring page in a terminal.

``monitor show <site>`` is the site's latest report as a table of its
compute hosts and a last ``total`` row (the API's summary, which counts
only hosts that are up). ``monitor list`` is every site with its latest
report's summary. Each resource cell reads ``used/total, free N`` in a
table and is the numbers themselves in JSON or YAML.
"""

from cliff import columns as cliff_columns

from central_cloud.osc.v1 import base

STANDARD_RESOURCES = ('VCPU', 'MEMORY_MB', 'DISK_GB')
HOST_COLUMNS = ('host', 'state', 'instances')
TOTAL = 'total'
SITE_COLUMNS = ('name', 'availability', 'seq', 'hosts') + (
    STANDARD_RESOURCES + ('instances', 'templates', 'alarms'))
LONG_SITE_COLUMNS = ('name', 'region', 'group', 'latitude', 'longitude',
                     'availability', 'management_state', 'shared_pool',
                     'last_report_at', 'missed', 'seq', 'sent_at',
                     'received_at', 'interval', 'hosts') + (
    STANDARD_RESOURCES + ('instances', 'templates', 'alarms'))


def _number(value):
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return 0
    return value


def host_free(inventory):
    """What placement could still give on a host, as central counts it."""
    total, used, reserved = (_number(inventory.get(k))
                             for k in ('total', 'used', 'reserved'))
    ratio = _number(inventory.get('allocation_ratio')) or 1
    return max(0, int((total - reserved) * ratio) - used)


class ResourceColumn(cliff_columns.FormattableColumn):
    """``used/total, free N``; the inventory dict in JSON and YAML."""

    def human_readable(self):
        if not isinstance(self._value, dict):
            return ''
        return '%s/%s, free %s' % (self._value.get('used', '-'),
                                   self._value.get('total', '-'),
                                   self._value.get('free', '-'))

    def machine_readable(self):
        return self._value if isinstance(self._value, dict) else None


def _resource_names(hosts):
    names = {name for host in hosts
             for name in (host.get('resources') or {})}
    extra = sorted(names - set(STANDARD_RESOURCES))
    return STANDARD_RESOURCES + tuple(extra)


def _host_row(host, resources):
    row = {'host': host.get('name'), 'state': host.get('state'),
           'instances': host.get('instances')}
    for name in resources:
        inventory = (host.get('resources') or {}).get(name)
        if isinstance(inventory, dict):
            inventory = dict(inventory, free=host_free(inventory))
        row[name] = inventory
    return row


def _total_row(summary, resources):
    hosts = summary.get('hosts') or {}
    row = {'host': TOTAL,
           'state': '%s/%s up' % (hosts.get('up', 0), hosts.get('total', 0)),
           'instances': summary.get('instances')}
    for name in resources:
        row[name] = (summary.get('resources') or {}).get(name)
    return row


class ShowMonitor(base.Lister):
    """Show a site's latest monitoring report: its hosts and the totals"""

    def get_parser(self, prog_name):
        parser = super().get_parser(prog_name)
        parser.add_argument('site', metavar='<site>', help='Site name')
        return parser

    def take_action(self, parsed_args):
        site = base.client(self).get_monitoring(parsed_args.site)
        body = site.get('body') or {}
        hosts = [h for h in body.get('hosts') or [] if isinstance(h, dict)]
        resources = _resource_names(hosts)
        columns = HOST_COLUMNS + resources
        if site.get('report') is None:
            self.app.stderr.write('site %s has not sent a monitoring report '
                                  'yet\n' % site.get('name'))
            return columns, []
        items = [_host_row(h, resources) for h in hosts]
        items.append(_total_row(site['report'], resources))
        return base.rows(items, columns,
                         {name: ResourceColumn for name in resources})


def _site_item(site):
    report = site.get('report') or {}
    item = dict(site, **{k: v for k, v in report.items()
                         if k not in ('hosts', 'resources')})
    hosts = report.get('hosts')
    item['hosts'] = ('%s/%s up' % (hosts.get('up', 0), hosts.get('total', 0))
                     if isinstance(hosts, dict) else None)
    for name in STANDARD_RESOURCES:
        item[name] = (report.get('resources') or {}).get(name)
    return item


class ListMonitor(base.Lister):
    """List sites with a summary of their latest monitoring report"""

    def get_parser(self, prog_name):
        parser = super().get_parser(prog_name)
        parser.add_argument('--group', metavar='<group>', action='append',
                            help='Only sites of this group (repeat for '
                                 'several)')
        parser.add_argument('--availability',
                            choices=('unknown', 'online', 'offline'),
                            action='append',
                            help='Only sites with this availability (repeat '
                                 'for several)')
        base.add_paging(parser, 'sites')
        base.add_long(parser)
        return parser

    def take_action(self, parsed_args):
        sites = base.client(self).list_monitoring(
            limit=parsed_args.limit, marker=parsed_args.marker,
            group=parsed_args.group, availability=parsed_args.availability)
        formatters = {name: ResourceColumn for name in STANDARD_RESOURCES}
        formatters.update(templates=base.StructColumn,
                          alarms=base.StructColumn)
        return base.rows([_site_item(s) for s in sites],
                         LONG_SITE_COLUMNS if parsed_args.long
                         else SITE_COLUMNS, formatters)
