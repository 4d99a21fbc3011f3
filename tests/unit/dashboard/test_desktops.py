"""The Desktops panel: table, actions, create form and placement preview."""

from django.test import override_settings
from django.urls import reverse

from central_cloud.dashboard.desktops import forms
from central_cloud.osc import exceptions as rest_exceptions
from tests.unit.dashboard import fakes

INDEX = reverse('horizon:admin:desktops:index')
CREATE = reverse('horizon:admin:desktops:create')
PREVIEW = reverse('horizon:admin:desktops:preview')
AJAX = {'HTTP_X_REQUESTED_WITH': 'XMLHttpRequest'}
ACTIVE = fakes.desktop(1, 'SiteA')['id']
BUILDING = fakes.desktop(5, 'SiteB')['id']
STOPPED = fakes.desktop(6, 'SiteA')['id']
SUSPENDED = fakes.desktop(7, 'SiteA')['id']
FORM = {'home_site': 'SiteA', 'template_type': 'office',
        'flavor': 'desktop.small', 'count': '3', 'scope': 'local',
        'name': 'class-room', 'owner': ''}


class DesktopsIndexTest(fakes.DashboardTestCase):

    def test_table_lists_desktops_with_state_and_home_site(self):
        res = self.client.get(INDEX)
        self.assertEqual(200, res.status_code)
        self.assertEqual(7, len(res.context['table'].data))
        self.assertContains(res, 'desk-3')
        self.assertContains(res, '(this site)')
        self.assertContains(res, reverse('horizon:admin:desktop_sites:detail',
                                         args=['Central']))
        # A building desktop's row keeps refreshing (status unknown).
        self.assertContains(res, 'id="desktops__row__%s"' % BUILDING)
        self.assertContains(res, 'Create Desktops')

    @override_settings(API_RESULT_PAGE_SIZE=3)
    def test_pages_through_central_with_markers(self):
        res = self.client.get(INDEX)
        self.assertEqual(3, len(res.context['table'].data))
        self.assertEqual(4, self.fake.called('list_desktops')[0][2]['limit'])
        last = res.context['table'].data[-1]['id']
        self.assertContains(res, 'marker=%s' % last)
        res = self.client.get(INDEX + '?marker=%s' % last)
        self.assertEqual(last,
                         self.fake.called('list_desktops')[1][2]['marker'])
        self.assertEqual(3, len(res.context['table'].data))

    def test_unreachable_central_is_an_error_message(self):
        self.fake.fail['list_desktops'] = fakes.unreachable()
        res = self.client.get(INDEX)
        self.assertEqual(200, res.status_code)
        self.assertContains(res, 'Unable to list the desktops')

    def test_row_refresh_and_a_desktop_gone(self):
        url = INDEX + '?action=row_update&table=desktops&obj_id=%s'
        res = self.client.get(url % BUILDING, **AJAX)
        self.assertContains(res, 'Building')
        res = self.client.get(url % '00000000-0000-4000-8000-000000000099',
                              **AJAX)
        self.assertEqual(404, res.status_code)

    def _act(self, action, desktop_id):
        return self.client.post(INDEX, {
            'action': 'desktops__%s__%s' % (action, desktop_id)},
            follow=True)

    def test_actions_go_to_central(self):
        for action, desktop_id in (('stop', ACTIVE), ('start', STOPPED),
                                   ('suspend', ACTIVE),
                                   ('resume', SUSPENDED)):
            res = self._act(action, desktop_id)
            self.assertEqual(200, res.status_code)
        self.assertEqual([(ACTIVE, 'stop'), (STOPPED, 'start'),
                          (ACTIVE, 'suspend'), (SUSPENDED, 'resume')],
                         [c[1] for c in self.fake.called('desktop_action')])

    def test_actions_only_from_their_states(self):
        for action, desktop_id in (('stop', STOPPED), ('start', ACTIVE),
                                   ('suspend', SUSPENDED),
                                   ('resume', ACTIVE)):
            res = self._act(action, desktop_id)
            self.assertContains(res, 'You are not allowed to')
        self.assertEqual([], self.fake.called('desktop_action'))

    def test_action_refused_by_central_shows_why(self):
        self.fake.fail['desktop_action'] = fakes.api_error(
            rest_exceptions.Conflict, 409, 'the desktop is being created')
        res = self._act('stop', ACTIVE)
        self.assertContains(res, 'Unable to stop desktop %s: the desktop is '
                                 'being created (HTTP 409)' % ACTIVE)

    def test_delete(self):
        res = self.client.post(INDEX, {'action': 'desktops__delete',
                                       'object_ids': [ACTIVE, STOPPED]},
                               follow=True)
        self.assertEqual([(ACTIVE,), (STOPPED,)],
                         [c[1] for c in self.fake.called('delete_desktop')])
        self.assertContains(res, 'Scheduled deletion of Desktops')

    def test_delete_failure_shows_why(self):
        self.fake.fail['delete_desktop'] = fakes.unreachable()
        res = self._act('delete', ACTIVE)
        self.assertEqual(200, res.status_code)
        self.assertContains(res, "Unable to delete desktop %s: central&#x27;s "
                                 'API cannot be reached' % ACTIVE)


class CreateDesktopsTest(fakes.DashboardTestCase):

    def test_form_offers_sites_templates_and_reported_flavors(self):
        res = self.client.get(CREATE)
        self.assertEqual(200, res.status_code)
        self.assertTemplateUsed(res,
                                'desktop_federation/desktops/_create.html')
        form = res.context['form']
        self.assertEqual(['Central', 'SiteA', 'SiteB', 'SiteC'],
                         [c[0] for c in form.fields['home_site'].widget
                          .choices])
        self.assertEqual(['office'], [c[0] for c in form.fields[
            'template_type'].widget.choices])
        self.assertEqual(['desktop.small'], form.flavor_suggestions)
        self.assertEqual('desktop.small', form.fields['flavor'].initial)
        self.assertContains(res, '<datalist id="desktop-flavors">')
        self.assertContains(res, 'data-preview-url="%s"' % PREVIEW)
        # Only managed sites' reports are read for flavors.
        self.assertEqual(['Central', 'SiteA', 'SiteB'],
                         [c[1][0] for c in
                          self.fake.called('get_monitoring')])

    def test_create_queues_the_desktops(self):
        res = self.client.post(CREATE, FORM)
        self.assertNoFormErrors(res)
        self.assertRedirectsNoFollow(res, INDEX)
        self.assertEqual({'home_site': 'SiteA', 'template_type': 'office',
                          'flavor': 'desktop.small', 'name': 'class-room',
                          'count': 3, 'scope': 'local', 'owner': None},
                         self.fake.called('create_desktops')[0][2])
        res = self.client.get(INDEX)
        self.assertContains(res, 'Queued 3 desktops: class-room-1, '
                                 'class-room-2, class-room-3.')

    def test_default_scope_and_owner(self):
        self.client.post(CREATE, dict(FORM, scope='', owner='alice',
                                      count='1'))
        call = self.fake.called('create_desktops')[0][2]
        self.assertIsNone(call['scope'])
        self.assertEqual('alice', call['owner'])

    def test_bad_input_is_refused_inline(self):
        for field, value, message in (
                ('count', '0', 'greater than or equal to 1'),
                ('count', '101', 'less than or equal to 100'),
                ('count', 'many', 'Enter a whole number'),
                ('name', 'tab\there', 'without leading or trailing blanks'),
                ('owner', 'a\x00b', 'Null characters are not allowed'),
                ('name', 'x' * 252, 'at most 251 characters'),
                ('home_site', 'no/such', 'A site name'),
                ('template_type', '-x', 'Up to 255 letters'),
                ('flavor', '', 'This field is required'),
                ('scope', 'planet', 'Select a valid choice')):
            res = self.client.post(CREATE, dict(FORM, **{field: value}))
            self.assertEqual(200, res.status_code)
            errors = res.context['form'].errors
            self.assertIn(field, errors, (field, value))
            self.assertIn(message, ' '.join(errors[field]), (field, value))
        self.assertEqual([], self.fake.called('create_desktops'))

    def test_central_refusing_a_field_marks_that_field(self):
        self.fake.fail['create_desktops'] = fakes.bad_request(
            'Invalid request body: flavor names the unknown flavor huge at '
            'site SiteA (its flavors: desktop.small)')
        res = self.client.post(CREATE, dict(FORM, flavor='huge'))
        self.assertEqual(200, res.status_code)
        self.assertIn('unknown flavor huge',
                      ' '.join(res.context['form'].errors['flavor']))

    def test_central_refusing_the_request_is_a_form_error(self):
        self.fake.fail['create_desktops'] = fakes.api_error(
            rest_exceptions.Forbidden, 403,
            'creating desktops needs a token scoped to a project')
        res = self.client.post(CREATE, FORM)
        self.assertEqual(200, res.status_code)
        self.assertIn('scoped to a project',
                      ' '.join(res.context['form'].non_field_errors()))

    def test_unreachable_central_on_submit_is_an_error_message(self):
        self.fake.fail['create_desktops'] = fakes.unreachable()
        res = self.client.post(CREATE, FORM)
        self.assertEqual(200, res.status_code)
        self.assertContains(res, 'Unable to create desktops')

    def test_unreachable_central_on_open_still_shows_the_form(self):
        self.fake.fail['list_sites'] = fakes.unreachable()
        res = self.client.get(CREATE)
        self.assertEqual(200, res.status_code)
        self.assertContains(res, 'Unable to read the sites and templates')
        self.assertContains(res, 'No site is registered')
        self.assertContains(res, 'No template type exists')


class PreviewTest(fakes.DashboardTestCase):

    def _get(self, **changes):
        query = {k: v for k, v in dict(FORM, **changes).items()
                 if k not in ('name', 'owner')}
        return self.client.get(PREVIEW, query, **AJAX)

    def test_preview_shows_candidates_and_placements(self):
        res = self._get()
        self.assertEqual(200, res.status_code)
        self.assertEqual([(('SiteA', 'office', 'desktop.small'),
                           {'count': 3, 'scope': 'local'})],
                         [c[1:] for c in
                          self.fake.called('explain_placement')])
        self.assertContains(res, 'data-placed="3" data-requested="3"')
        self.assertContains(res, 'class="placement-candidate success" '
                                 'data-site="SiteA"')
        self.assertContains(res, 'class="placement-candidate" '
                                 'data-site="SiteB"')
        self.assertContains(res, 'borrowed for SiteA')
        self.assertContains(res, '262 km')
        self.assertNotContains(res, 'would fail')

    def test_preview_says_how_many_would_fail(self):
        res = self._get(count='5')
        self.assertContains(res, '3 of 5 desktops would be placed')
        self.assertContains(res, '2 would fail')

    def test_incomplete_form_asks_for_the_fields(self):
        res = self._get(flavor='', count='0')
        self.assertContains(res, 'placement-incomplete')
        self.assertContains(res, 'Flavor: This field is required')
        self.assertContains(res, 'Count: Ensure this value is greater')
        self.assertEqual([], self.fake.called('explain_placement'))

    def test_api_without_explain_says_so(self):
        self.fake.fail['explain_placement'] = fakes.not_found(
            'no resource at /v1/placement/explain')
        res = self._get()
        self.assertEqual(200, res.status_code)
        self.assertContains(res, 'offers no placement preview yet')

    def test_refused_and_unreachable(self):
        self.fake.fail['explain_placement'] = fakes.bad_request(
            'Invalid query string: home_site names the unknown site SiteA')
        self.assertContains(self._get(), 'No preview: Invalid query string: '
                                         'home_site names the unknown site')
        self.fake.fail['explain_placement'] = fakes.unreachable()
        self.assertContains(self._get(), 'No preview: central&#x27;s API '
                                         'cannot be reached')


def test_api_field():
    fields = {'flavor': None, 'home_site': None}
    assert forms.api_field('Invalid request body: flavor names x',
                           fields) == 'flavor'
    assert forms.api_field('Invalid query string: home_site names x',
                           fields) == 'home_site'
    assert forms.api_field('Invalid request body: count must be',
                           fields) is None
    assert forms.api_field('something else', fields) is None
    assert forms.api_field(None, fields) is None
