from django.utils.translation import gettext_lazy as _
from horizon import tabs

from central_cloud.dashboard import api
from central_cloud.dashboard import common
from central_cloud.dashboard.software import tables


class TemplatesTab(tabs.TableTab):
    name = _('Templates')
    slug = 'templates_tab'
    table_classes = (tables.TemplatesTable,)
    template_name = 'horizon/common/_detail_table.html'

    def get_templates_data(self):
        try:
            return api.client(self.request).list_templates()
        except Exception:
            common.handle(self.request, _('list the template types'))
            return []


class BundlesTab(tabs.TableTab):
    name = _('Bundles')
    slug = 'bundles_tab'
    table_classes = (tables.BundlesTable,)
    template_name = 'horizon/common/_detail_table.html'

    def get_bundles_data(self):
        try:
            return api.client(self.request).list_bundles()
        except Exception:
            common.handle(self.request, _('list the bundles'))
            return []


class RolloutsTab(tabs.TableTab):
    name = _('Rollouts')
    slug = 'rollouts_tab'
    table_classes = (tables.RolloutsTable,)
    template_name = 'desktop_federation/software/_rollouts.html'
    missing = False

    def get_rollouts_data(self):
        try:
            return api.client(self.request).list_rollouts()
        except Exception as exc:
            if api.is_missing_route(exc):
                # An older central: it has no rollouts API yet.
                self.missing = True
                return []
            common.handle(self.request, _('list the rollouts'))
            return []

    def get_context_data(self, request, **kwargs):
        context = super().get_context_data(request, **kwargs)
        context['missing'] = self.missing
        return context


class SoftwareTabs(tabs.TabGroup):
    slug = 'desktop_software_tabs'
    tabs = (TemplatesTab, BundlesTab, RolloutsTab)
    sticky = True
