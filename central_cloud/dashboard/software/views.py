from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from horizon import tables
from horizon import tabs

from central_cloud.dashboard import api
from central_cloud.dashboard import common
from central_cloud.dashboard.software import tables as software_tables
from central_cloud.dashboard.software import tabs as software_tabs


class IndexView(tabs.TabbedTableView):
    tab_group_class = software_tabs.SoftwareTabs
    template_name = 'desktop_federation/software/index.html'
    page_title = _('Templates, Bundles and Rollouts')


class RolloutView(tables.DataTableView):
    table_class = software_tables.StepsTable
    template_name = 'desktop_federation/software/rollout.html'
    page_title = _('Rollout {{ rollout.id }}')

    def rollout(self):
        if not hasattr(self, '_rollout'):
            rollout_id = self.kwargs['rollout_id']
            try:
                self._rollout = api.client(self.request).get_rollout(
                    rollout_id)
            except Exception:
                common.handle(self.request, _('show rollout %s') % rollout_id,
                              redirect=reverse(
                                  'horizon:admin:desktop_software:index'))
        return self._rollout

    def get_data(self):
        return sorted(self.rollout().get('steps') or [],
                      key=lambda step: step.get('position') or 0)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        rollout = self.rollout()
        context.update(rollout=rollout,
                       progress=software_tables.progress(rollout),
                       started=common.ago(rollout.get('created_at')))
        return context
