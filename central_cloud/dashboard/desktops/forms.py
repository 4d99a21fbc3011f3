import re

from django.core import validators
from django import forms as django_forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from horizon import forms
from horizon import messages

from central_cloud.dashboard import api
from central_cloud.dashboard import common
from central_cloud.osc import exceptions as rest_exceptions

MAX_COUNT = 100
# Desktops of one request are named "<name>-<n>".
NAME_LENGTH = 255 - len('-%d' % MAX_COUNT)
# Flavor suggestions come from the reports of at most this many sites.
FLAVOR_SITES = 20

SCOPES = (('', _("central's default")),
          ('local', _('Home site only')),
          ('group', _("Home site's group")),
          ('any', _('Any site and the shared pool')))

SITE_NAME = validators.RegexValidator(
    r'\A[A-Za-z0-9][A-Za-z0-9._-]{0,62}\Z',
    _("A site name: up to 63 letters, digits, '.', '_' or '-'."))
IDENTIFIER = validators.RegexValidator(
    r'\A[A-Za-z0-9][A-Za-z0-9._:-]{0,254}\Z',
    _("Up to 255 letters, digits, '.', '_', ':' or '-', starting with a "
      "letter or digit."))
PRINTABLE = validators.RegexValidator(
    r'\A[^\s\x00-\x1f\x7f](?:[^\x00-\x1f\x7f]*[^\s\x00-\x1f\x7f])?\Z',
    _('Printable text without leading or trailing blanks.'))

# "Invalid request body: flavor names ...": the field the API refused.
_API_FIELD = re.compile(r'Invalid (?:request body|query string): (\w+)')


def api_field(message, fields):
    """The form field an API 400 message is about, or None."""
    found = _API_FIELD.match(message or '')
    if found and found.group(1) in fields:
        return found.group(1)
    return None


class PlacementFields(django_forms.Form):
    """What the placer needs: also the preview's query."""

    home_site = django_forms.CharField(
        label=_('Home site'), validators=[SITE_NAME],
        widget=django_forms.Select())
    template_type = django_forms.CharField(
        label=_('Template'), validators=[IDENTIFIER],
        widget=django_forms.Select())
    flavor = django_forms.CharField(
        label=_('Flavor'), max_length=255, validators=[PRINTABLE],
        widget=django_forms.TextInput(attrs={'list': 'desktop-flavors',
                                             'autocomplete': 'off'}),
        help_text=_("A flavor of the home site's Nova."))
    count = django_forms.IntegerField(
        label=_('Count'), min_value=1, max_value=MAX_COUNT, initial=1)
    scope = django_forms.ChoiceField(
        label=_('Scope'), choices=SCOPES, required=False,
        help_text=_('Where desktops may go when the home site is short.'))


class CreateDesktopsForm(forms.SelfHandlingForm, PlacementFields):
    name = django_forms.CharField(
        label=_('Name'), max_length=NAME_LENGTH, validators=[PRINTABLE],
        help_text=_('With a count above 1 the desktops are named '
                    'NAME-1, NAME-2 and so on.'))
    owner = django_forms.CharField(
        label=_('Owner'), max_length=255, required=False,
        validators=[PRINTABLE],
        help_text=_('The user the desktops are for (default: you).'))

    field_order = ('home_site', 'template_type', 'flavor', 'count',
                   'scope', 'name', 'owner')

    def __init__(self, request, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        self.flavor_suggestions = []
        try:
            client = api.client(request)
            sites = client.list_sites()
            templates = client.list_templates()
            self.flavor_suggestions = self._flavors(client, sites)
            if self.flavor_suggestions:
                self.fields['flavor'].initial = self.flavor_suggestions[0]
        except Exception:
            common.handle(request, _('read the sites and templates'))
            sites, templates = [], []
        self._choices('home_site', [(s['name'], s['name']) for s in sites],
                      _('No site is registered'))
        self._choices('template_type',
                      [(t['type_name'], t['type_name']) for t in templates],
                      _('No template type exists'))

    def _choices(self, field, choices, empty):
        self.fields[field].widget.choices = choices or [('', empty)]

    @staticmethod
    def _flavors(client, sites):
        """Flavor names the sites report, smallest first."""
        sizes = {}
        managed = [s for s in sites
                   if s.get('management_state') == 'managed']
        for site in managed[:FLAVOR_SITES]:
            body = client.get_monitoring(site['name']).get('body') or {}
            for flavor in body.get('flavors') or []:
                if isinstance(flavor, dict) and flavor.get('name'):
                    sizes[flavor['name']] = (flavor.get('vcpus') or 0,
                                             flavor.get('ram') or 0)
        return sorted(sizes, key=lambda name: (sizes[name], name))

    def handle(self, request, data):
        try:
            created = api.client(request).create_desktops(
                home_site=data['home_site'],
                template_type=data['template_type'],
                flavor=data['flavor'], name=data['name'],
                count=data['count'], scope=data.get('scope') or None,
                owner=data.get('owner') or None)
        except (rest_exceptions.BadRequest, rest_exceptions.Conflict,
                rest_exceptions.Forbidden) as exc:
            field = api_field(exc.message, self.fields)
            if field:
                self.add_error(field, exc.message)
            else:
                self.api_error(str(exc))
            return False
        except Exception:
            common.handle(request, _('create desktops'))
            return False
        messages.success(request, ngettext(
            'Queued %(count)d desktop: %(names)s.',
            'Queued %(count)d desktops: %(names)s.', len(created)) % {
                'count': len(created),
                'names': ', '.join(d.get('name', '?') for d in created)})
        return created
