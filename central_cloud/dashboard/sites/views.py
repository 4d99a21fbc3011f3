from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from horizon import tables

from central_cloud.dashboard import api
from central_cloud.dashboard import charts
from central_cloud.dashboard import common
from central_cloud.dashboard.sites import tables as site_tables

# Reports the trend chart asks for (central caps it at its history size).
HISTORY = 60


# Site names per alarm query (central's limit on a filter's values).
ALARM_FILTER_CHUNK = 50


def raised_alarms(client, names):
    """The raised alarms of these sites, in queries of a few names each."""
    alarms = []
    for start in range(0, len(names), ALARM_FILTER_CHUNK):
        alarms.extend(client.list_alarms(
            site=names[start:start + ALARM_FILTER_CHUNK], state='raised'))
    return alarms


class IndexView(tables.DataTableView):
    """One page of sites, as central's database pages them (by name).

    Only the alarms of the sites on the page are asked for.
    """

    table_class = site_tables.SitesTable
    template_name = 'desktop_federation/sites/index.html'
    page_title = _('Sites')
    _more = False

    def has_more_data(self, table):
        return self._more

    def get_data(self):
        try:
            client = api.client(self.request)
            sites = common.page(self, self.table_class,
                                client.list_monitoring)
            alarms = raised_alarms(client, [site['name'] for site in sites])
        except Exception:
            common.handle(self.request, _('list the sites'))
            return []
        return [site_tables.site_row(site, alarms) for site in sites]


class DetailView(tables.DataTableView):
    table_class = site_tables.HostsTable
    template_name = 'desktop_federation/sites/detail.html'
    page_title = _('Site {{ site.name }}')

    def site(self):
        if not hasattr(self, '_site'):
            name = self.kwargs['site_name']
            try:
                client = api.client(self.request)
                site = client.get_monitoring(name, history=HISTORY)
                alarms = client.list_alarms(site=name, state='raised')
            except Exception:
                common.handle(self.request, _('show site %s') % name,
                              redirect=reverse(
                                  'horizon:admin:desktop_sites:index'))
            self._site = site_tables.site_row(site, alarms)
            self._site['alarms'] = alarms
        return self._site

    def get_data(self):
        body = self.site().get('body') or {}
        return [host for host in body.get('hosts') or []
                if isinstance(host, dict) and host.get('name')]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        site = self.site()
        body = site.get('body') or {}
        points = charts.usage_points(site.get('history'))
        context.update(
            site=site,
            state=common.site_state(
                site, [site['name']] if site['short'] else []),
            chart=mark_safe(charts.trend_svg(points)),
            history_count=len(points),
            templates=[t for t in body.get('templates') or []
                       if isinstance(t, dict)],
            flavors=[f for f in body.get('flavors') or []
                     if isinstance(f, dict)],
            last_report=common.ago(site.get('last_report_at')),
            alarms_url=site_tables.alarms_url(site))
        return context
