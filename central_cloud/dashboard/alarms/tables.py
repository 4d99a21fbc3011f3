from urllib import parse

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy
from horizon import tables

from central_cloud.dashboard import api
from central_cloud.dashboard import common

STATUS = (('raised', False), ('cleared', True))
SEVERITIES = (('critical', _('Critical')), ('major', _('Major')),
              ('minor', _('Minor')), ('warning', _('Warning')))


class AcknowledgeAlarm(tables.BatchAction):
    name = 'acknowledge'
    help_text = _('An acknowledged alarm stays raised until its cause is '
                  'gone; acknowledging only says someone is on it.')

    @staticmethod
    def action_present(count):
        return ngettext_lazy('Acknowledge Alarm', 'Acknowledge Alarms',
                             count)

    @staticmethod
    def action_past(count):
        return ngettext_lazy('Acknowledged Alarm', 'Acknowledged Alarms',
                             count)

    def allowed(self, request, alarm=None):
        return alarm is None or not alarm.get('acknowledged')

    def action(self, request, obj_id):
        try:
            api.client(request).acknowledge_alarm(obj_id)
        except Exception:
            common.handle(request, _('acknowledge alarm %s') % obj_id,
                          escalate=True)


class AlarmFilter(tables.FilterAction):
    """Filters the rows of this page by site, kind, severity or text."""

    def filter(self, table, alarms, text):
        text = text.strip().lower()
        return [a for a in alarms
                if any(text in str(a.get(key) or '').lower()
                       for key in ('site', 'kind', 'severity', 'state',
                                   'message'))]


def _site_link(alarm):
    return reverse('horizon:admin:desktop_sites:detail',
                   args=[alarm['site']])


class AlarmsTable(tables.DataTable):
    id = tables.Column('id', verbose_name=_('ID'))
    site = tables.Column('site', verbose_name=_('Site'), link=_site_link)
    severity = tables.Column('severity', verbose_name=_('Severity'),
                             display_choices=SEVERITIES)
    kind = tables.Column('kind', verbose_name=_('Kind'))
    state = tables.Column('state', verbose_name=_('State'), status=True,
                          status_choices=STATUS)
    message = tables.WrappingColumn('message', verbose_name=_('Message'))
    raised = tables.Column(lambda a: common.ago(a.get('raised_at')),
                           verbose_name=_('Raised'))
    cleared = tables.Column(lambda a: common.ago(a['cleared_at'])
                            if a.get('cleared_at') else '-',
                            verbose_name=_('Cleared'))
    acknowledged = tables.Column(
        lambda a: _('yes') if a.get('acknowledged') else _('no'),
        verbose_name=_('Acknowledged'))

    def get_object_id(self, datum):
        return str(datum['id'])

    def get_object_display(self, datum):
        return '%s %s' % (datum.get('site'), datum.get('kind'))

    def get_pagination_string(self):
        """The next page's query, keeping the page's filters."""
        kept = [(key, self.request.GET[key]) for key in ('site', 'state')
                if self.request.GET.get(key)]
        text = super().get_pagination_string()
        return '%s&%s' % (text, parse.urlencode(kept)) if kept else text

    class Meta(object):
        name = 'alarms'
        verbose_name = _('Alarms')
        table_actions = (AlarmFilter, AcknowledgeAlarm)
        row_actions = (AcknowledgeAlarm,)
