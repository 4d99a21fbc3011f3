from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _
from horizon import forms
from horizon import tables

from central_cloud.dashboard import api
from central_cloud.dashboard import common
from central_cloud.dashboard.notices import forms as notice_forms
from central_cloud.dashboard.notices import tables as notice_tables


class IndexView(tables.DataTableView):
    table_class = notice_tables.NoticesTable
    template_name = 'horizon/common/_data_table_view.html'
    page_title = _('Notices')
    _more = False

    def has_more_data(self, table):
        return self._more

    def get_data(self):
        try:
            return common.page(self, self.table_class,
                               api.client(self.request).list_notices)
        except Exception:
            common.handle(self.request, _('list the notices'))
            return []


class CreateView(forms.ModalFormView):
    form_class = notice_forms.CreateNoticeForm
    template_name = 'desktop_federation/notices/create.html'
    modal_id = 'create_notice_modal'
    page_title = _('Create Notice')
    submit_label = _('Create Notice')
    submit_url = reverse_lazy('horizon:admin:desktop_notices:create')
    success_url = reverse_lazy('horizon:admin:desktop_notices:index')
