from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy
from horizon import tables

from central_cloud.dashboard import api
from central_cloud.dashboard import common

# A row whose state is None keeps refreshing until the desktop settles.
STATUS = (('active', True), ('stopped', True), ('suspended', True),
          ('error', False), ('building', None), ('deleting', None))
STATES = (('active', _('Active')), ('stopped', _('Stopped')),
          ('suspended', _('Suspended')), ('error', _('Error')),
          ('building', _('Building')), ('deleting', _('Deleting')))


class CreateDesktops(tables.LinkAction):
    name = 'create'
    verbose_name = _('Create Desktops')
    url = 'horizon:admin:desktops:create'
    classes = ('ajax-modal',)
    icon = 'plus'


class DesktopAction(tables.BatchAction):
    """A server action through central (``POST /v1/desktops/{id}/action``).

    central queues a command for the desktop's site; the state changes
    once the site has done it.
    """

    from_states = ()
    verb = None
    help_text = _('central sends the command to the desktop\'s site.')

    def allowed(self, request, desktop=None):
        return desktop is None or desktop.get('state') in self.from_states

    def action(self, request, obj_id):
        try:
            api.client(request).desktop_action(obj_id, self.name)
        except Exception:
            common.handle(request, _('%(verb)s desktop %(id)s') % {
                'verb': self.verb, 'id': obj_id}, escalate=True)


class StopDesktop(DesktopAction):
    name = 'stop'
    verb = _('stop')
    from_states = ('active',)

    @staticmethod
    def action_present(count):
        return ngettext_lazy('Stop Desktop', 'Stop Desktops', count)

    @staticmethod
    def action_past(count):
        return ngettext_lazy('Asked to stop Desktop',
                             'Asked to stop Desktops', count)


class StartDesktop(DesktopAction):
    name = 'start'
    verb = _('start')
    from_states = ('stopped',)

    @staticmethod
    def action_present(count):
        return ngettext_lazy('Start Desktop', 'Start Desktops', count)

    @staticmethod
    def action_past(count):
        return ngettext_lazy('Asked to start Desktop',
                             'Asked to start Desktops', count)


class SuspendDesktop(DesktopAction):
    name = 'suspend'
    verb = _('suspend')
    from_states = ('active',)

    @staticmethod
    def action_present(count):
        return ngettext_lazy('Suspend Desktop', 'Suspend Desktops', count)

    @staticmethod
    def action_past(count):
        return ngettext_lazy('Asked to suspend Desktop',
                             'Asked to suspend Desktops', count)


class ResumeDesktop(DesktopAction):
    name = 'resume'
    verb = _('resume')
    from_states = ('suspended',)

    @staticmethod
    def action_present(count):
        return ngettext_lazy('Resume Desktop', 'Resume Desktops', count)

    @staticmethod
    def action_past(count):
        return ngettext_lazy('Asked to resume Desktop',
                             'Asked to resume Desktops', count)


class DeleteDesktop(tables.DeleteAction):
    help_text = _('The desktop and its server at the site are deleted.')

    @staticmethod
    def action_present(count):
        return ngettext_lazy('Delete Desktop', 'Delete Desktops', count)

    @staticmethod
    def action_past(count):
        return ngettext_lazy('Scheduled deletion of Desktop',
                             'Scheduled deletion of Desktops', count)

    def allowed(self, request, desktop=None):
        return desktop is None or desktop.get('state') != 'deleting'

    def delete(self, request, obj_id):
        try:
            api.client(request).delete_desktop(obj_id)
        except Exception:
            common.handle(request, _('delete desktop %s') % obj_id,
                          escalate=True)


class DesktopFilter(tables.FilterAction):
    """Filters the rows of this page by name, site or state."""

    def filter(self, table, desktops, text):
        text = text.strip().lower()
        return [d for d in desktops
                if any(text in str(d.get(key) or '').lower()
                       for key in ('name', 'site', 'origin_site', 'state',
                                   'owner', 'template_type'))]


class DesktopRow(tables.Row):
    ajax = True

    def get_data(self, request, desktop_id):
        return api.client(request).get_desktop(desktop_id)


def site_link(desktop):
    return reverse('horizon:admin:desktop_sites:detail',
                   args=[desktop['site']])


def _created(desktop):
    return common.ago(desktop.get('created_at'))


class DesktopsTable(tables.DataTable):
    name = tables.WrappingColumn('name', verbose_name=_('Name'))
    site = tables.Column('site', verbose_name=_('Site'), link=site_link)
    origin_site = tables.Column('origin_site', verbose_name=_('Home site'),
                                empty_value=_('(this site)'))
    owner = tables.Column('owner', verbose_name=_('Owner'), empty_value='-')
    template_type = tables.Column('template_type',
                                  verbose_name=_('Template'))
    flavor = tables.Column('flavor', verbose_name=_('Flavor'))
    state = tables.Column('state', verbose_name=_('State'), status=True,
                          status_choices=STATUS, display_choices=STATES)
    created = tables.Column(_created, verbose_name=_('Created'))

    def get_object_id(self, datum):
        return datum['id']

    def get_object_display(self, datum):
        return datum.get('name') or datum['id']

    class Meta(object):
        name = 'desktops'
        verbose_name = _('Desktops')
        status_columns = ('state',)
        row_class = DesktopRow
        table_actions = (DesktopFilter, CreateDesktops, DeleteDesktop)
        row_actions = (StopDesktop, StartDesktop, SuspendDesktop,
                       ResumeDesktop, DeleteDesktop)
