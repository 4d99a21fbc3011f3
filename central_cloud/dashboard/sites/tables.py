from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy
from horizon import tables

from central_cloud.dashboard import api
from central_cloud.dashboard import common


def site_row(site, alarms=()):
    """A table row: a ``/v1/monitoring`` site plus its raised alarms."""
    counts, short = common.raised_by_site(alarms)
    return dict(site, raised_alarms=counts.get(site['name'], 0),
                short=site['name'] in short)


class SiteAction(tables.BatchAction):
    """Change a site's management state (``POST /v1/sites/{name}/action``)."""

    verb = None
    target_state = None
    help_text = _('central changes how it treats the site; the site itself '
                  'is not touched.')

    def allowed(self, request, site=None):
        return site is None or site.get('management_state') != (
            self.target_state)

    def action(self, request, obj_id):
        try:
            api.client(request).site_action(obj_id, self.name)
        except Exception:
            common.handle(request, _('%(verb)s site %(site)s') % {
                'verb': self.verb, 'site': obj_id}, escalate=True)


class ManageSite(SiteAction):
    name = 'manage'
    verb = _('manage')
    target_state = 'managed'

    @staticmethod
    def action_present(count):
        return ngettext_lazy('Manage Site', 'Manage Sites', count)

    @staticmethod
    def action_past(count):
        return ngettext_lazy('Managed Site', 'Managed Sites', count)


class UnmanageSite(SiteAction):
    name = 'unmanage'
    verb = _('unmanage')
    target_state = 'unmanaged'
    action_type = 'danger'

    @staticmethod
    def action_present(count):
        return ngettext_lazy('Unmanage Site', 'Unmanage Sites', count)

    @staticmethod
    def action_past(count):
        return ngettext_lazy('Unmanaged Site', 'Unmanaged Sites', count)


class MaintainSite(SiteAction):
    name = 'maintenance'
    verb = _('put in maintenance')
    target_state = 'maintenance'

    @staticmethod
    def action_present(count):
        return ngettext_lazy('Put Site in Maintenance',
                             'Put Sites in Maintenance', count)

    @staticmethod
    def action_past(count):
        return ngettext_lazy('Put Site in Maintenance',
                             'Put Sites in Maintenance', count)


class SiteRow(tables.Row):
    """A row that the page refreshes from central every few seconds."""

    ajax = True

    def get_data(self, request, name):
        client = api.client(request)
        site = client.get_monitoring(name)
        return site_row(site, client.list_alarms(site=name, state='raised'))


def _resource(key, unit):
    def bar(site):
        report = site.get('report') or {}
        resource = (report.get('resources') or {}).get(key)
        if not report:
            resource = None
        return common.usage_bar(resource, unit)
    return bar


def _templates(site):
    return len((site.get('report') or {}).get('templates') or [])


def _instances(site):
    report = site.get('report')
    return report.get('instances') if report else None


def _hosts(site):
    hosts = (site.get('report') or {}).get('hosts')
    if not hosts:
        return None
    return '%s / %s' % (hosts.get('up', 0), hosts.get('total', 0))


def _shared_pool(site):
    return _('yes') if site.get('shared_pool') else _('no')


def _last_report(site):
    return common.ago(site.get('last_report_at'))


def alarms_url(site):
    return '%s?site=%s' % (reverse('horizon:admin:desktop_alarms:index'),
                           site['name'])


AVAILABILITY = (('online', _('Online')), ('offline', _('Offline')))
MANAGEMENT = (('managed', _('Managed')), ('unmanaged', _('Unmanaged')),
              ('maintenance', _('Maintenance')))


class SitesTable(tables.DataTable):
    name = tables.WrappingColumn(
        'name', verbose_name=_('Name'),
        link='horizon:admin:desktop_sites:detail')
    group = tables.Column('group', verbose_name=_('Group'), empty_value='-')
    shared_pool = tables.Column(_shared_pool, verbose_name=_('Shared pool'))
    availability = tables.Column('availability',
                                 verbose_name=_('Availability'),
                                 display_choices=AVAILABILITY)
    management_state = tables.Column('management_state',
                                     verbose_name=_('Management'),
                                     display_choices=MANAGEMENT)
    hosts = tables.Column(_hosts, verbose_name=_('Hosts up'),
                          empty_value='-')
    vcpu = tables.Column(_resource('VCPU', ''), verbose_name=_('vCPU'),
                         attrs={'data-type': 'usage'})
    ram = tables.Column(_resource('MEMORY_MB', ' MiB'),
                        verbose_name=_('RAM'), attrs={'data-type': 'usage'})
    instances = tables.Column(_instances, verbose_name=_('Instances'),
                              empty_value='-')
    templates = tables.Column(_templates, verbose_name=_('Templates'))
    alarms = tables.Column('raised_alarms', verbose_name=_('Alarms'),
                           link=alarms_url)
    last_report = tables.Column(_last_report, verbose_name=_('Last report'))

    def get_object_id(self, datum):
        return datum['name']

    def get_object_display(self, datum):
        return datum['name']

    class Meta(object):
        name = 'sites'
        verbose_name = _('Sites')
        css_classes = 'desktop-live'
        row_class = SiteRow
        table_actions = (ManageSite, MaintainSite, UnmanageSite)
        row_actions = (ManageSite, MaintainSite, UnmanageSite)


def host_resource(key, unit):
    def bar(host):
        return common.usage_bar((host.get('resources') or {}).get(key),
                                unit)
    return bar


class HostsTable(tables.DataTable):
    """The hosts of a site's latest report."""

    name = tables.Column('name', verbose_name=_('Host'))
    state = tables.Column('state', verbose_name=_('State'))
    vcpu = tables.Column(host_resource('VCPU', ''), verbose_name=_('vCPU'))
    ram = tables.Column(host_resource('MEMORY_MB', ' MiB'),
                        verbose_name=_('RAM'))
    disk = tables.Column(host_resource('DISK_GB', ' GiB'),
                         verbose_name=_('Disk'))
    instances = tables.Column('instances', verbose_name=_('Instances'),
                              empty_value='0')

    def get_object_id(self, datum):
        return datum['name']

    class Meta(object):
        name = 'hosts'
        verbose_name = _('Hosts')
        hidden_title = False
