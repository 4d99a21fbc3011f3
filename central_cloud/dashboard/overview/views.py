import collections

from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from horizon import views

from central_cloud.dashboard import api
from central_cloud.dashboard import common
from central_cloud.dashboard import geomap

RESOURCE_KEYS = ('VCPU', 'MEMORY_MB', 'DISK_GB')


def borrowed(desktops):
    """``{(origin, lender): count}`` of desktops placed away from home."""
    lines = collections.Counter()
    for desktop in desktops:
        origin, site = desktop.get('origin_site'), desktop.get('site')
        if origin and site and origin != site:
            lines[(origin, site)] += 1
    return dict(lines)


def _title(site, state, desktops):
    report = site.get('report') or {}
    parts = ['%s (%s)' % (site['name'], geomap.STATES[state])]
    for key, label in (('VCPU', 'vCPU'), ('MEMORY_MB', 'RAM MiB')):
        resource = (report.get('resources') or {}).get(key)
        if resource:
            parts.append('%s %s/%s used' % (label, resource.get('used', 0),
                                            resource.get('total', 0)))
    parts.append('%d desktop(s)' % desktops.get(site['name'], 0))
    return ', '.join(parts)


def totals(sites, states, desktops, alarms):
    """The figures under the map."""
    resources = {key: {'used': 0, 'total': 0} for key in RESOURCE_KEYS}
    hosts = {'up': 0, 'total': 0}
    instances = 0
    for site in sites:
        report = site.get('report') or {}
        for key in RESOURCE_KEYS:
            found = (report.get('resources') or {}).get(key) or {}
            resources[key]['used'] += found.get('used') or 0
            resources[key]['total'] += found.get('total') or 0
        hosts['up'] += (report.get('hosts') or {}).get('up') or 0
        hosts['total'] += (report.get('hosts') or {}).get('total') or 0
        instances += report.get('instances') or 0
    by_state = collections.Counter(d.get('state') for d in desktops)
    return {
        'sites': len(sites),
        'site_states': '; '.join(
            '%d %s' % (count, geomap.STATES[state])
            for state, count in ((s, list(states.values()).count(s))
                                 for s in geomap.STATES) if count),
        'hosts': hosts,
        'vcpu': common.usage_bar(resources['VCPU']),
        'ram': common.usage_bar(resources['MEMORY_MB'], ' MiB'),
        'disk': common.usage_bar(resources['DISK_GB'], ' GiB'),
        'instances': instances,
        'desktops': len(desktops),
        'desktop_states': sorted(by_state.items(),
                                 key=lambda item: str(item[0])),
        'borrowed': sum(1 for d in desktops
                        if d.get('origin_site') and
                        d.get('origin_site') != d.get('site')),
        'alarms': len(alarms),
    }


class IndexView(views.HorizonTemplateView):
    template_name = 'desktop_federation/overview/index.html'
    fragment_template = 'desktop_federation/overview/_overview.html'
    page_title = _('Desktop Federation Overview')

    def fragment(self):
        return bool(self.request.GET.get('fragment'))

    def get_template_names(self):
        if self.fragment():
            return [self.fragment_template]
        return [self.template_name]

    def render_to_response(self, context):
        response = super().render_to_response(context)
        # A refresh that could not ask central leaves the page as it is.
        if self.fragment() and context.get('failed'):
            response.status_code = 503
        return response

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        failed = False
        try:
            client = api.client(self.request)
            sites = client.list_monitoring()
            alarms = client.list_alarms(state='raised')
            desktops = client.list_desktops()
        except Exception:
            failed = True
            if not self.fragment():
                common.handle(self.request, _('read the overview'))
            sites, alarms, desktops = [], [], []
        short = common.raised_by_site(alarms)[1]
        states = {site['name']: common.site_state(site, short)
                  for site in sites}
        per_site = collections.Counter(d.get('site') for d in desktops)
        markers = [geomap.MapSite(
            site['name'], site.get('latitude'), site.get('longitude'),
            states[site['name']], bool(site.get('shared_pool')),
            reverse('horizon:admin:desktop_sites:detail',
                    args=[site['name']]),
            _title(site, states[site['name']], per_site))
            for site in sites]
        lines = borrowed(desktops)
        context.update(
            failed=failed,
            sites=sites,
            map=mark_safe(geomap.render(markers, lines)) if sites else None,
            legend=list(geomap.STATES.items()),
            lines=sorted(lines.items()),
            totals=totals(sites, states, desktops, alarms),
            refresh_url='%s?fragment=1' % reverse(
                'horizon:admin:desktop_overview:index'))
        return context
