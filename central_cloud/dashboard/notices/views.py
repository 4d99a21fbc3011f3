from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _
from horizon import forms

from central_cloud.dashboard import common
from central_cloud.dashboard.notices import forms as notice_forms
from central_cloud.dashboard.notices import tables as notice_tables


class IndexView(common.PagedListView):
    table_class = notice_tables.NoticesTable
    page_title = _('Notices')
    list_method = 'list_notices'
    what = _('list the notices')


class CreateView(forms.ModalFormView):
    form_class = notice_forms.CreateNoticeForm
    template_name = 'desktop_federation/notices/create.html'
    modal_id = 'create_notice_modal'
    page_title = _('Create Notice')
    submit_label = _('Create Notice')
    submit_url = reverse_lazy('horizon:admin:desktop_notices:create')
    success_url = reverse_lazy('horizon:admin:desktop_notices:index')
