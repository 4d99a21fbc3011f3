"""The Templates panel: template types, bundles and rollouts."""

from django.urls import reverse

from central_cloud.dashboard.software import tables
from tests.unit.dashboard import fakes

INDEX = reverse('horizon:admin:desktop_software:index')
ROLLOUT = '11111111-2222-4333-8444-555555555555'
AJAX = {'HTTP_X_REQUESTED_WITH': 'XMLHttpRequest'}


def rollout_url(rollout_id=ROLLOUT):
    return reverse('horizon:admin:desktop_software:rollout',
                   args=[rollout_id])


class SoftwareIndexTest(fakes.DashboardTestCase):

    def test_tabs_list_templates_bundles_and_rollouts(self):
        res = self.client.get(INDEX)
        self.assertEqual(200, res.status_code)
        self.assertContains(res, 'editor 2')
        self.assertContains(res, '1 (1 uploaded)')
        self.assertContains(res, 'SiteA, group g1')
        self.assertContains(res, rollout_url())
        # Per-site progress: a label per site, coloured by its step.
        for site, state, label in (('SiteA', 'succeeded', 'success'),
                                   ('SiteB', 'failed', 'danger'),
                                   ('SiteC', 'running', 'info'),
                                   ('Central', 'waiting', 'default')):
            self.assertContains(
                res, 'class="label label-%s rollout-step" data-site="%s" '
                     'data-state="%s"' % (label, site, state))
        self.assertContains(res, 'data-succeeded="1" data-total="4"')
        self.assertContains(res, 'title="1 failed"')

    def test_a_central_without_rollouts_says_so(self):
        self.fake.fail['list_rollouts'] = fakes.not_found(
            'no resource at /v1/rollouts')
        res = self.client.get(INDEX)
        self.assertEqual(200, res.status_code)
        self.assertContains(res, 'has no rollouts yet')
        self.assertContains(res, 'editor 2')
        self.assertNotContains(res, 'Unable to list the rollouts')

    def test_errors_are_messages(self):
        self.fake.fail['list_rollouts'] = fakes.unreachable()
        self.fake.fail['list_templates'] = fakes.bad_request('bad')
        self.fake.fail['list_bundles'] = fakes.unreachable()
        res = self.client.get(INDEX)
        self.assertEqual(200, res.status_code)
        self.assertContains(res, 'Unable to list the rollouts')
        self.assertContains(res, 'Unable to list the template types: bad')
        self.assertContains(res, 'Unable to list the bundles')

    def test_running_rollout_row_refreshes(self):
        res = self.client.get(
            INDEX + '?action=row_update&table=rollouts&obj_id=%s' % ROLLOUT,
            **AJAX)
        self.assertEqual(200, res.status_code)
        self.assertContains(res, 'rollout-step')


class RolloutDetailTest(fakes.DashboardTestCase):

    def test_steps_per_site(self):
        res = self.client.get(rollout_url())
        self.assertEqual(200, res.status_code)
        self.assertEqual(['SiteA', 'SiteB', 'SiteC', 'Central'],
                         [s['site'] for s in res.context['table'].data])
        self.assertContains(res, 'image upload failed')
        self.assertContains(res, 'at most 2 site(s) at once')

    def test_unknown_rollout_goes_back(self):
        res = self.client.get(rollout_url('99999999-2222-4333-8444-5555'))
        self.assertRedirectsNoFollow(res, INDEX)


def test_step_chips_count_the_sites_not_shown():
    steps = [{'site': 'S%d' % n, 'state': 'waiting'} for n in range(15)]
    html = str(tables.step_chips({'steps': steps}))
    assert html.count('rollout-step') == tables.SHOWN_STEPS
    assert '+3' in html


def test_step_chips_escape_site_names():
    html = str(tables.step_chips({'steps': [{'site': '<i>x',
                                             'state': 'running'}]}))
    assert '<i>' not in html and '&lt;i&gt;x' in html
