"""The Overview panel: the site map and the fleet's totals.

Everything comes from one call to an aggregate route of central
(``GET /v1/fleet/summary``): the database counts sites, capacity,
desktops and alarms and groups the sites into map cells, so the page
costs the same with 4 sites or 10,000. Central gives the finest cells
(``ZOOM``) or coarser ones while there are more than ``MAX_MARKERS`` of
them: a cell of one site is drawn as that site's marker, a larger one as
a cluster with its number of sites, in the worst state among them.
"""

from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from horizon import views

from central_cloud.dashboard import api
from central_cloud.dashboard import common
from central_cloud.dashboard import geomap

RESOURCE_KEYS = ('VCPU', 'MEMORY_MB', 'DISK_GB')
# The finest map cells (180 / 2**ZOOM degrees, about 40 km), and the
# most markers and clusters the map draws.
ZOOM = 9
MAX_MARKERS = 250


def fleet_summary(client):
    """The summary, in the finest cells the map can draw."""
    return client.get_fleet_summary(zoom=ZOOM, max_clusters=MAX_MARKERS)


def _states_text(counts):
    return '; '.join('%d %s' % (counts[state], label)
                     for state, label in geomap.STATES.items()
                     if counts.get(state))


def totals(summary):
    """The figures beside the map."""
    resources = summary.get('resources') or {}
    desktops = summary.get('desktops') or {}
    sites = summary.get('sites') or {}
    return {
        'sites': sum(sites.values()),
        'site_states': _states_text(sites),
        'hosts': summary.get('hosts') or {'up': 0, 'total': 0},
        'vcpu': common.usage_bar(resources.get('VCPU')),
        'ram': common.usage_bar(resources.get('MEMORY_MB'), ' MiB'),
        'disk': common.usage_bar(resources.get('DISK_GB'), ' GiB'),
        'instances': summary.get('instances') or 0,
        'desktops': sum(desktops.values()),
        'desktop_states': sorted(desktops.items(),
                                 key=lambda item: str(item[0])),
        'borrowed': summary.get('borrowed') or 0,
        'alarms': summary.get('alarms') or 0,
    }


def map_svg(summary):
    """The map of the summary's cells and borrow lines."""
    sites, clusters = [], []
    for cell in summary.get('clusters') or ():
        state = cell.get('worst')
        if state not in geomap.STATES:
            state = 'unknown'
        if cell.get('site'):
            sites.append(geomap.MapSite(
                cell['site'], cell['latitude'], cell['longitude'], state,
                bool(cell.get('shared_pools')),
                reverse('horizon:admin:desktop_sites:detail',
                        args=[cell['site']]),
                '%s (%s)' % (cell['site'], geomap.STATES[state])))
        else:
            clusters.append(geomap.MapCluster(
                cell['latitude'], cell['longitude'], cell['count'], state,
                _('%(count)d sites: %(states)s') % {
                    'count': cell['count'],
                    'states': _states_text(cell.get('states') or {})}))
    lines = summary.get('borrow_lines') or ()
    borrowed = {(line['origin'], line['site']): line['count']
                for line in lines}
    points = {}
    for line in lines:
        points[line['origin']] = tuple(line['origin_point'])
        points[line['site']] = tuple(line['site_point'])
    return geomap.render(sites, borrowed, clusters, points), borrowed


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
            summary = fleet_summary(api.client(self.request))
        except Exception:
            failed = True
            if not self.fragment():
                common.handle(self.request, _('read the overview'))
            summary = {}
        figures = totals(summary)
        svg, borrowed = (map_svg(summary) if summary.get('clusters')
                         else (None, {}))
        context.update(
            failed=failed,
            map=mark_safe(svg) if svg else None,
            legend=list(geomap.STATES.items()),
            lines=sorted(borrowed.items()),
            totals=figures,
            refresh_url='%s?fragment=1' % reverse(
                'horizon:admin:desktop_overview:index'))
        return context
