import re

from django.contrib import messages
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from central_cloud.dashboard.alarms import tables as alarm_tables
from central_cloud.dashboard import common

STATES = ('raised', 'cleared')
_SITE = re.compile(r'[A-Za-z0-9][A-Za-z0-9._-]{0,62}\Z')


class IndexView(common.PagedListView):
    table_class = alarm_tables.AlarmsTable
    template_name = 'desktop_federation/alarms/index.html'
    page_title = _('Alarms')
    list_method = 'list_alarms'
    what = _('list the alarms')

    def list_filters(self):
        """The ?site= and ?state= of the page; bad ones are dropped."""
        found = {}
        site = self.request.GET.get('site')
        if site:
            if _SITE.match(site):
                found['site'] = site
            else:
                messages.warning(self.request, _(
                    'Ignored the site filter: a site name is up to 63 '
                    "letters, digits, '.', '_' or '-'."))
        state = self.request.GET.get('state')
        if state:
            if state in STATES:
                found['state'] = state
            else:
                messages.warning(self.request, _(
                    'Ignored the state filter %(state)s: it is one of '
                    '%(allowed)s.') % {'state': state[:20],
                                       'allowed': ', '.join(STATES)})
        self.active_filters = found
        return found

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        base = reverse('horizon:admin:desktop_alarms:index')
        active = getattr(self, 'active_filters', {})
        context.update(filters=active, all_url=base,
                       raised_url=base + '?state=raised')
        return context
