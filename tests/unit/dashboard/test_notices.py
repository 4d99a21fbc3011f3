"""The Notices panel: the list and the create form."""

from django.urls import reverse

from tests.unit.dashboard import fakes

INDEX = reverse('horizon:admin:desktop_notices:index')
CREATE = reverse('horizon:admin:desktop_notices:create')
FORM = {'title': 'Power cut', 'body': 'Saturday 8:00-12:00.',
        'sites': ['SiteA', 'SiteB'], 'groups': 'north, south'}


class NoticesTest(fakes.DashboardTestCase):

    def test_lists_notices(self):
        res = self.client.get(INDEX)
        self.assertEqual(200, res.status_code)
        self.assertContains(res, 'Maintenance tonight')
        self.assertContains(res, 'The WAN link is down')
        self.assertContains(res, 'Create Notice')

    def test_unreachable_central_is_an_error_message(self):
        self.fake.fail['list_notices'] = fakes.unreachable()
        res = self.client.get(INDEX)
        self.assertEqual(200, res.status_code)
        self.assertContains(res, 'Unable to list the notices')

    def test_form_offers_the_sites(self):
        res = self.client.get(CREATE)
        self.assertEqual(200, res.status_code)
        self.assertEqual(['Central', 'SiteA', 'SiteB', 'SiteC'],
                         [c[0] for c in
                          res.context['form'].fields['sites'].choices])

    def test_create_with_targets(self):
        res = self.client.post(CREATE, FORM)
        self.assertNoFormErrors(res)
        self.assertRedirectsNoFollow(res, INDEX)
        self.assertEqual((('Power cut', 'Saturday 8:00-12:00.'),
                          {'targets': {'sites': ['SiteA', 'SiteB'],
                                       'groups': ['north', 'south']}}),
                         self.fake.called('create_notice')[0][1:])

    def test_create_for_every_site(self):
        self.client.post(CREATE, {'title': 'Hello', 'body': 'All'})
        self.assertEqual({'targets': None},
                         self.fake.called('create_notice')[0][2])

    def test_bad_input_is_refused_inline(self):
        for field, value, message in (
                ('title', '', 'This field is required'),
                ('title', 'a\x07b', 'Printable text'),
                ('body', '', 'This field is required'),
                ('sites', ['Atlantis'], 'Select a valid choice'),
                ('groups', 'a, a', 'Name each group once'),
                ('groups', 'x\x01y', 'Printable text'),
                ('groups', 'g' * 256, 'at most 255 characters')):
            res = self.client.post(CREATE, dict(FORM, **{field: value}))
            self.assertEqual(200, res.status_code)
            errors = res.context['form'].errors
            self.assertIn(field, errors, (field, value))
            self.assertIn(message, ' '.join(errors[field]), (field, value))
        self.assertEqual([], self.fake.called('create_notice'))

    def test_central_refusing_is_a_form_error(self):
        self.fake.fail['create_notice'] = fakes.bad_request(
            'Invalid request body: targets.sites[0] names the unknown site '
            'SiteA')
        res = self.client.post(CREATE, FORM)
        self.assertEqual(200, res.status_code)
        self.assertIn('unknown site SiteA',
                      ' '.join(res.context['form'].non_field_errors()))

    def test_unreachable_central_on_create_is_an_error_message(self):
        self.fake.fail['create_notice'] = fakes.unreachable()
        res = self.client.post(CREATE, FORM)
        self.assertEqual(200, res.status_code)
        self.assertContains(res, 'Unable to create the notice')

    def test_unreachable_central_on_open(self):
        self.fake.fail['list_sites'] = fakes.unreachable()
        res = self.client.get(CREATE)
        self.assertEqual(200, res.status_code)
        self.assertContains(res, 'Unable to read the sites')
