from django import forms as django_forms
from django.utils.translation import gettext_lazy as _
from horizon import forms
from horizon import messages

from central_cloud.dashboard import api
from central_cloud.dashboard import common
from central_cloud.dashboard.desktops import forms as desktop_forms
from central_cloud.osc import exceptions as rest_exceptions

MAX_BODY = 65535
MAX_GROUPS = 1000


class CreateNoticeForm(forms.SelfHandlingForm):
    title = django_forms.CharField(
        label=_('Title'), max_length=255,
        validators=[desktop_forms.PRINTABLE])
    body = django_forms.CharField(
        label=_('Text'), max_length=MAX_BODY,
        widget=django_forms.Textarea(attrs={'rows': 6}))
    sites = django_forms.MultipleChoiceField(
        label=_('Sites'), required=False,
        widget=django_forms.SelectMultiple(attrs={'size': 6}),
        help_text=_('None chosen and no group: every site.'))
    groups = django_forms.CharField(
        label=_('Site groups'), required=False, max_length=4096,
        help_text=_('Group names, separated by commas.'))

    def __init__(self, request, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        try:
            sites = api.client(request).list_sites()
        except Exception:
            common.handle(request, _('read the sites'))
            sites = []
        self.fields['sites'].choices = [(s['name'], s['name'])
                                        for s in sites]

    def clean_groups(self):
        names = [g.strip() for g in self.cleaned_data['groups'].split(',')
                 if g.strip()]
        for name in names:
            desktop_forms.PRINTABLE(name)
            if len(name) > 255:
                raise django_forms.ValidationError(
                    _('A group name is at most 255 characters.'))
        if len(set(names)) != len(names):
            raise django_forms.ValidationError(
                _('Name each group once.'))
        if len(names) > MAX_GROUPS:
            raise django_forms.ValidationError(
                _('At most %d groups.') % MAX_GROUPS)
        return names

    def handle(self, request, data):
        targets = {key: data[key] for key in ('sites', 'groups')
                   if data.get(key)}
        try:
            notice = api.client(request).create_notice(
                data['title'], data['body'], targets=targets or None)
        except (rest_exceptions.BadRequest, rest_exceptions.Forbidden) as exc:
            self.api_error(str(exc))
            return False
        except Exception:
            common.handle(request, _('create the notice'))
            return False
        messages.success(request, _('Notice %(id)s "%(title)s" is on its '
                                    'way to the sites.') % {
            'id': notice.get('id'), 'title': notice.get('title')})
        return notice
