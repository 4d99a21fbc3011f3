from django.template import defaultfilters
from django.utils.translation import gettext_lazy as _
from horizon import tables

from central_cloud.dashboard import common


class CreateNotice(tables.LinkAction):
    name = 'create'
    verbose_name = _('Create Notice')
    url = 'horizon:admin:desktop_notices:create'
    classes = ('ajax-modal',)
    icon = 'plus'


def _targets(notice):
    targets = notice.get('targets') or {}
    parts = list(targets.get('sites') or []) + [
        _('group %s') % g for g in targets.get('groups') or []]
    return ', '.join(str(p) for p in parts) or _('every site')


def _body(notice):
    return defaultfilters.truncatechars(notice.get('body') or '', 120)


class NoticesTable(tables.DataTable):
    id = tables.Column('id', verbose_name=_('ID'))
    title = tables.WrappingColumn('title', verbose_name=_('Title'))
    body = tables.WrappingColumn(_body, verbose_name=_('Text'))
    targets = tables.Column(_targets, verbose_name=_('Sent to'))
    created = tables.Column(lambda n: common.ago(n.get('created_at')),
                            verbose_name=_('Created'))

    def get_object_id(self, datum):
        return str(datum['id'])

    def get_object_display(self, datum):
        return datum.get('title')

    class Meta(object):
        name = 'notices'
        verbose_name = _('Notices')
        table_actions = (CreateNotice,)
