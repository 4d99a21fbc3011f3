"""What the panels share: the panel class, paging, usage bars, site states."""

import sys

from django.template import defaultfilters
from django.utils import html
from django.utils.translation import gettext_lazy as _
import horizon
from horizon import exceptions
from horizon import tables
from openstack_dashboard.utils import settings as settings_utils

from central_cloud.dashboard import api
from central_cloud.dashboard import charts

SHORTAGE_KIND = 'shortage'
RESOURCES = (('VCPU', _('vCPU'), ''), ('MEMORY_MB', _('RAM'), ' MiB'),
             ('DISK_GB', _('Disk'), ' GiB'))


class Panel(horizon.Panel):
    """A panel shown to admins whose catalog has central's API."""

    permissions = ('openstack.roles.admin',)

    def allowed(self, context):
        return (super().allowed(context) and
                api.is_available(context['request']))


def handle(request, what, redirect=None, escalate=False):
    """Horizon's error handling, with a short reason instead of details.

    Call it in an ``except`` block: the user sees "Unable to <what>:
    <reason>" as an error message, never a traceback.
    """
    reason = api.describe(sys.exc_info()[1])
    return exceptions.handle(
        request, _('Unable to %(what)s: %(reason)s') % {'what': what,
                                                        'reason': reason},
        redirect=redirect, escalate=escalate, details='')


def page(view, table_class, fetch, **filters):
    """One page of a list for a paged DataTable; sets ``view._more``.

    ``fetch(limit=, marker=, **filters)`` is a client list method.
    """
    size = settings_utils.get_page_size(view.request)
    marker = view.request.GET.get(table_class._meta.pagination_param)
    items = fetch(limit=size + 1, marker=marker or None, **filters)
    view._more = len(items) > size
    return items[:size]


class PagedListView(tables.DataTableView):
    """A DataTable of one paged list of central's API.

    ``list_method`` names the REST client's list method and ``what`` what
    an error message says failed; ``list_filters()`` may narrow the list.
    """

    template_name = 'horizon/common/_data_table_view.html'
    list_method = None
    what = None
    _more = False

    def has_more_data(self, table):
        return self._more

    def list_filters(self):
        return {}

    def get_data(self):
        filters = self.list_filters()
        try:
            return page(self, self.table_class,
                        getattr(api.client(self.request), self.list_method),
                        **filters)
        except Exception:
            handle(self.request, self.what)
            return []


def usage_bar(resource, unit=''):
    """A Bootstrap progress bar of a summed resource: used of total."""
    if not isinstance(resource, dict):
        return html.format_html('<span class="text-muted">{}</span>',
                                _('no report'))
    pct = charts.percent_used(resource)
    pct = 0.0 if pct is None else pct
    level = ('success' if pct < 60 else 'warning' if pct < 85 else 'danger')
    return html.format_html(
        '<div class="usage-bar" data-percent="{0}" title="{1} of {2}{3} '
        'used">'
        '<div class="progress" style="margin-bottom:2px;min-width:110px">'
        '<div class="progress-bar progress-bar-{4}" role="progressbar" '
        'style="width:{0}%"></div></div>'
        '<small>{1} / {2}{3} ({0}%)</small></div>',
        '%.0f' % pct, resource.get('used') or 0, resource.get('total') or 0,
        unit, level)


def site_state(site, short_sites=()):
    """The map's state of a ``/v1/monitoring`` site entry.

    ``inactive`` (maintenance or unmanaged) wins, then ``offline``, then
    ``unknown`` (no report yet), then ``short`` (a raised shortage alarm),
    else ``online``.
    """
    if site.get('management_state') not in (None, 'managed'):
        return 'inactive'
    if site.get('availability') == 'offline':
        return 'offline'
    if not site.get('report'):
        return 'unknown'
    if site.get('name') in short_sites:
        return 'short'
    return 'online'


def raised_by_site(alarms):
    """``{site: number of raised alarms}`` and the sites short of room."""
    counts, short = {}, set()
    for alarm in alarms:
        if alarm.get('state') != 'raised':
            continue
        counts[alarm.get('site')] = counts.get(alarm.get('site'), 0) + 1
        if alarm.get('kind') == SHORTAGE_KIND:
            short.add(alarm.get('site'))
    return counts, short


def ago(value):
    """An API timestamp as "5 minutes ago" ("never" for none)."""
    when = charts.parse_time(value)
    if when is None:
        return _('never')
    return _('%s ago') % defaultfilters.timesince(when)
