from django.shortcuts import render
from django.urls import reverse
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _
from django.views import generic
from horizon import forms

from central_cloud.dashboard import api
from central_cloud.dashboard import common
from central_cloud.dashboard.desktops import forms as desktop_forms
from central_cloud.dashboard.desktops import tables as desktop_tables


class IndexView(common.PagedListView):
    table_class = desktop_tables.DesktopsTable
    page_title = _('Desktops')
    list_method = 'list_desktops'
    what = _('list the desktops')


class CreateView(forms.ModalFormView):
    form_class = desktop_forms.CreateDesktopsForm
    template_name = 'desktop_federation/desktops/create.html'
    modal_id = 'create_desktops_modal'
    page_title = _('Create Desktops')
    submit_label = _('Create Desktops')
    submit_url = reverse_lazy('horizon:admin:desktops:create')
    success_url = reverse_lazy('horizon:admin:desktops:index')

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context['preview_url'] = reverse('horizon:admin:desktops:preview')
        return context


class PreviewView(generic.View):
    """The placement preview of the create form, as an HTML fragment.

    Always a 200: what went wrong is part of the fragment.
    """

    template_name = 'desktop_federation/desktops/_preview.html'

    def get(self, request, *args, **kwargs):
        form = desktop_forms.PlacementFields(request.GET)
        context = {'form': form}
        if form.is_valid():
            data = form.cleaned_data
            try:
                context['explain'] = api.client(request).explain_placement(
                    data['home_site'], data['template_type'],
                    data['flavor'], count=data['count'],
                    scope=data.get('scope') or None)
            except Exception as exc:
                context['error'] = api.describe(exc)
                context['missing'] = api.is_missing_route(exc)
            else:
                context.update(_summary(context['explain'], data['count']))
        return render(request, self.template_name, context)


def _summary(explain, count):
    placed = sum(p.get('count') or 0 for p in explain.get('placements')
                 or [])
    return {'placed': placed, 'requested': count,
            'unplaced': max(0, count - placed)}
