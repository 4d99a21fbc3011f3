"""openstack desktop rollout create|list|show|abort, and --wait."""

import io

from keystoneauth1 import exceptions as ks_exceptions
from osc_lib import exceptions as osc_exceptions
import pytest

from central_cloud.osc import exceptions
from central_cloud.osc.v1 import rollout_progress
from central_cloud.osc.v1 import rollouts
from tests.unit.osc import fakes

ROLLOUT_ID = fakes.ROLLOUT_ID


def rollout(state='running', steps=None, **changes):
    return fakes.rollout(state=state, steps=steps, **changes)


class TestCreate(fakes.TestCommand):

    def setUp(self):
        super().setUp()
        self.api.create_rollout.return_value = rollout()
        self.api.find_bundle.return_value = fakes.BUNDLE

    def test_a_template_to_sites_and_groups(self):
        columns, data = self.take(rollouts.CreateRollout, [
            '--template', 'office', '--site', 'SiteA', '--site', 'SiteB',
            '--group', 'south', '--max-parallel-sites', '2',
            '--stop-on-failure', '--mode', 'parallel'])
        self.api.create_rollout.assert_called_once_with(
            template_type='office', bundle_id=None,
            sites=['SiteA', 'SiteB'], groups=['south'], mode='parallel',
            max_parallel_sites=2, stop_on_failure=True)
        self.api.get_rollout.assert_not_called()
        self.assertEqual(tuple(fakes.ROLLOUT), columns)
        self.assertEqual(ROLLOUT_ID, data[0])

    def test_only_what_is_given_is_sent(self):
        self.take(rollouts.CreateRollout, ['--template', 'office'])
        self.api.create_rollout.assert_called_once_with(
            template_type='office', bundle_id=None, sites=None, groups=None,
            mode=None, max_parallel_sites=None, stop_on_failure=None)

    def test_a_bundle_by_name_and_version(self):
        self.take(rollouts.CreateRollout, [
            '--bundle', 'apps', '--bundle-version', '1.0', '--mode',
            'serial', '--max-parallel-sites', '1'])
        self.api.find_bundle.assert_called_once_with('apps', '1.0')
        kwargs = self.api.create_rollout.call_args[1]
        self.assertEqual((None, 7, 'serial', 1), (
            kwargs['template_type'], kwargs['bundle_id'], kwargs['mode'],
            kwargs['max_parallel_sites']))

    def test_an_unknown_bundle_is_named(self):
        self.api.find_bundle.side_effect = exceptions.NotFoundByName(
            'bundle', 'nope')
        cmd, parsed = self.parse(rollouts.CreateRollout, ['--bundle',
                                                          'nope'])
        exc = self.assertRaises(exceptions.NotFoundByName, cmd.take_action,
                                parsed)
        self.assertEqual('no bundle has the name or id nope', str(exc))
        self.api.create_rollout.assert_not_called()

    def test_one_target_is_required(self):
        err = self.assertUsageError(rollouts.CreateRollout, ['--site', 'A'])
        self.assertIn('one of the arguments --template --bundle is '
                      'required', err)
        err = self.assertUsageError(rollouts.CreateRollout, [
            '--template', 'office', '--bundle', 'apps'])
        self.assertIn('not allowed with argument', err)

    def test_bad_values_are_usage_errors(self):
        for args, text in (
                (['--max-parallel-sites', '0'],
                 '--max-parallel-sites: expected a whole number from 1 to '
                 '1000'),
                (['--max-parallel-sites', 'many'], 'got \'many\''),
                (['--mode', 'random'], "invalid choice: 'random'"),
                (['--wait-timeout', '-1'], '--wait-timeout: expected a '
                                           'whole number of at least 1')):
            err = self.assertUsageError(rollouts.CreateRollout,
                                        ['--template', 'office'] + args)
            self.assertIn(text, err)

    def test_a_bundle_version_needs_a_bundle(self):
        cmd, parsed = self.parse(rollouts.CreateRollout, [
            '--template', 'office', '--bundle-version', '2'])
        exc = self.assertRaises(osc_exceptions.CommandError,
                                cmd.take_action, parsed)
        self.assertIn('--bundle-version goes with --bundle', str(exc))
        self.api.create_rollout.assert_not_called()

    def test_serial_mode_runs_one_site_at_a_time(self):
        cmd, parsed = self.parse(rollouts.CreateRollout, [
            '--template', 'office', '--mode', 'serial',
            '--max-parallel-sites', '3'])
        exc = self.assertRaises(osc_exceptions.CommandError,
                                cmd.take_action, parsed)
        self.assertEqual('--mode serial builds at one site at a time: leave '
                         '--max-parallel-sites out or give 1 (got 3)',
                         str(exc))

    def test_the_apis_refusal_is_raised(self):
        self.api.create_rollout.side_effect = exceptions.Conflict(
            409, 'template office has no base image checksum')
        cmd, parsed = self.parse(rollouts.CreateRollout,
                                 ['--template', 'office'])
        exc = self.assertRaises(exceptions.Conflict, cmd.take_action,
                                parsed)
        self.assertIn('(HTTP 409)', str(exc))


def _steps(*states):
    return [fakes.step('Site%s' % chr(ord('A') + i), state, position=i)
            for i, state in enumerate(states)]


class TestCreateWait(fakes.TestCommand):

    def setUp(self):
        super().setUp()
        self.api.create_rollout.return_value = rollout(
            steps=_steps('waiting', 'waiting'))
        self.sleeps = []
        patcher = fakes.mock.patch('time.sleep', self.sleeps.append)
        patcher.start()
        self.addCleanup(patcher.stop)

    def test_wait_prints_each_step_change_and_succeeds(self):
        self.api.get_rollout.side_effect = [
            rollout(steps=_steps('running', 'waiting')),
            rollout(steps=_steps('running', 'waiting')),
            rollout(steps=_steps('succeeded', 'running')),
            rollout('succeeded', steps=_steps('succeeded', 'succeeded'))]
        rc = self.run_command(rollouts.CreateRollout, [
            '--template', 'office', '--max-parallel-sites', '1', '--wait',
            '-f', 'json'])
        self.assertEqual(0, rc)
        self.assertEqual([
            'SiteA: waiting',
            'SiteB: waiting',
            'SiteA: running, command cmd-SiteA',
            'SiteA: succeeded: built SiteA',
            'SiteB: running, command cmd-SiteB',
            'SiteB: succeeded: built SiteB',
            'rollout %s succeeded: 2 succeeded' % ROLLOUT_ID],
            self.stderr.splitlines())
        self.assertIn('"state": "succeeded"', self.stdout)
        self.assertEqual(4, len(self.sleeps))

    def test_a_failed_site_makes_the_command_fail(self):
        self.api.get_rollout.side_effect = [
            rollout('failed', steps=[
                fakes.step('SiteA', 'failed', details='no base image'),
                fakes.step('SiteB', 'skipped', position=1,
                           details='not started: site SiteA failed')])]
        rc = self.run_command(rollouts.CreateRollout, [
            '--template', 'office', '--stop-on-failure', '--wait'])
        self.assertEqual(1, rc)
        lines = self.stderr.splitlines()
        self.assertEqual([
            'SiteA: waiting', 'SiteB: waiting',
            'SiteA: failed: no base image',
            'SiteB: skipped: not started: site SiteA failed',
            'rollout %s failed: 1 failed, 1 skipped' % ROLLOUT_ID,
            'rollout %s: site SiteA failed: no base image' % ROLLOUT_ID,
            'rollout %s: 1 site(s) skipped after the failure'
            % ROLLOUT_ID], lines)
        # The rollout as it ended is printed before the failures.
        self.assertIn('failed', self.stdout)

    def test_without_wait_nothing_is_followed(self):
        rc = self.run_command(rollouts.CreateRollout, ['--template', 'o'])
        self.assertEqual(0, rc)
        self.api.get_rollout.assert_not_called()
        self.assertEqual('', self.stderr)


class FakeAPI(object):
    """``get_rollout`` answers from a script, the last one repeating."""

    def __init__(self, *answers):
        self.answers = list(answers)

    def get_rollout(self, rollout_id):
        answer = (self.answers.pop(0) if len(self.answers) > 1
                  else self.answers[0])
        if isinstance(answer, Exception):
            raise answer
        return answer


def waiter(api, timeout=60):
    clock = fakes.Clock()
    return rollout_progress.RolloutWaiter(api, io.StringIO(),
                                          timeout=timeout, clock=clock,
                                          sleep=clock.sleep)


def test_wait_gives_up_after_the_timeout():
    running = rollout(steps=_steps('running'))
    w = waiter(FakeAPI(running), timeout=5)
    last, failures = w.wait(running)
    assert last['state'] == 'running'
    assert failures == [
        'rollout %s is not over within 5 s; central goes on with it: see '
        '"openstack desktop rollout show %s"' % (ROLLOUT_ID, ROLLOUT_ID)]
    # The unchanged step was printed once.
    assert w.stream.getvalue().splitlines() == [
        'SiteA: running, command cmd-SiteA']


def test_passing_errors_are_retried():
    done = rollout('succeeded', steps=_steps('succeeded'))
    api = FakeAPI(exceptions.APIError(503, 'database down'),
                  ks_exceptions.ConnectFailure('refused'), done)
    last, failures = waiter(api).wait(rollout(steps=_steps('waiting')))
    assert (last, failures) == (done, [])


def test_other_errors_end_the_wait():
    api = FakeAPI(exceptions.Forbidden(403, 'not allowed'))
    with pytest.raises(exceptions.Forbidden):
        waiter(api).wait(rollout(steps=_steps('waiting')))


def test_an_aborted_rollout_is_followed_until_its_running_steps_end():
    api = FakeAPI(
        rollout('aborted', steps=_steps('running', 'aborted')),
        rollout('aborted', steps=_steps('succeeded', 'aborted')))
    w = waiter(api)
    last, failures = w.wait(rollout(steps=_steps('running', 'waiting')))
    assert [s['state'] for s in last['steps']] == ['succeeded', 'aborted']
    assert failures == ['rollout %s was aborted: 1 site(s) never started'
                        % ROLLOUT_ID]
    assert w.stream.getvalue().splitlines()[-1] == (
        'rollout %s aborted: 1 succeeded, 1 aborted' % ROLLOUT_ID)


def test_a_failed_step_without_details_names_its_command():
    ended = rollout('failed', steps=[fakes.step('SiteA', 'failed')])
    assert rollout_progress.failure_messages(ended) == [
        'rollout %s: site SiteA failed: its command cmd-SiteA'
        % ROLLOUT_ID]
    assert rollout_progress.failure_messages(
        rollout('succeeded', steps=[])) == []
    assert rollout_progress.failure_messages(rollout('failed')) == [
        'rollout %s ended failed' % ROLLOUT_ID]


@pytest.mark.parametrize('counts, text', [
    ({'waiting': 0, 'running': 1, 'succeeded': 2, 'failed': 0,
      'skipped': 0, 'aborted': 0}, '1 running, 2 succeeded'),
    ({'waiting': 0}, 'no steps'),
    (None, 'no steps'),
    ({'paused': 1, 'failed': 1}, '1 failed, 1 paused'),
])
def test_counts_text(counts, text):
    assert rollout_progress.counts_text(counts) == text


def test_step_counts_are_made_when_the_api_has_none():
    body = rollout(steps=_steps('running', 'running', 'waiting'))
    del body['step_counts']
    assert rollout_progress.step_counts(body) == {'running': 2,
                                                  'waiting': 1}


class TestList(fakes.TestCommand):

    def test_filters_and_columns(self):
        self.api.list_rollouts.return_value = [rollout(
            steps=_steps('running', 'waiting'))]
        columns, rows = self.take(rollouts.ListRollout, [
            '--state', 'running', '--state', 'failed', '--template',
            'office', '--limit', '5'])
        self.api.list_rollouts.assert_called_once_with(
            limit=5, marker=None, state=['running', 'failed'],
            template_type=['office'])
        self.assertEqual(rollouts.COLUMNS, columns)
        (row,) = rows
        counts = row[columns.index('step_counts')]
        self.assertEqual('1 waiting, 1 running', counts.human_readable())
        self.assertEqual({'waiting': 1, 'running': 1, 'succeeded': 0,
                          'failed': 0, 'skipped': 0, 'aborted': 0},
                         counts.machine_readable())

    def test_long_lists_every_field(self):
        self.api.list_rollouts.return_value = [rollout()]
        columns, _ = self.take(rollouts.ListRollout, ['--long'])
        self.assertEqual(tuple(fakes.ROLLOUT), columns)
        self.api.list_rollouts.return_value = []
        columns, _ = self.take(rollouts.ListRollout, ['--long'])
        self.assertEqual(rollouts.FIELDS, columns)

    def test_an_unknown_state_is_a_usage_error(self):
        err = self.assertUsageError(rollouts.ListRollout,
                                    ['--state', 'paused'])
        self.assertIn("invalid choice: 'paused'", err)


class TestShow(fakes.TestCommand):

    def test_the_steps_are_a_line_each(self):
        self.api.get_rollout.return_value = rollout('failed', steps=[
            fakes.step('SiteA', 'succeeded', details='built as image i1',
                       started_at='2026-05-20T10:00:01Z',
                       finished_at='2026-05-20T10:00:09Z'),
            fakes.step('SiteB', 'skipped', position=1, command_id=None,
                       details='not started: site SiteC failed',
                       finished_at='2026-05-20T10:00:10Z')])
        columns, data = self.take(rollouts.ShowRollout, [ROLLOUT_ID])
        self.api.get_rollout.assert_called_once_with(ROLLOUT_ID)
        steps = data[columns.index('steps')]
        self.assertEqual(
            'SiteA: succeeded (started 2026-05-20T10:00:01Z, finished '
            '2026-05-20T10:00:09Z, command cmd-SiteA): built as image i1\n'
            'SiteB: skipped (finished 2026-05-20T10:00:10Z): not started: '
            'site SiteC failed', steps.human_readable())
        self.assertEqual('SiteA', steps.machine_readable()[0]['site'])
        self.assertEqual({'sites': ['SiteA']},
                         data[columns.index('targets')].machine_readable())

    def test_an_unknown_rollout_is_the_apis_404(self):
        self.api.get_rollout.side_effect = exceptions.NotFound(
            404, 'rollout nope not found')
        cmd, parsed = self.parse(rollouts.ShowRollout, ['nope'])
        exc = self.assertRaises(exceptions.NotFound, cmd.take_action,
                                parsed)
        self.assertEqual('rollout nope not found (HTTP 404)', str(exc))

    def test_a_step_without_times_or_details(self):
        self.assertEqual('SiteA: waiting', rollouts.step_line(
            {'site': 'SiteA', 'state': 'waiting'}))


class TestAbort(fakes.TestCommand):

    def test_abort_each(self):
        self.api.abort_rollout.side_effect = lambda rollout_id: rollout(
            'aborted', id=rollout_id, steps=_steps('running', 'aborted'))
        columns, rows = self.take(rollouts.AbortRollout,
                                  [ROLLOUT_ID, 'other'])
        self.assertEqual(rollouts.ABORT_COLUMNS, columns)
        self.assertEqual([ROLLOUT_ID, 'other'], [r[0] for r in rows])
        self.assertEqual(['aborted', 'aborted'], [r[3] for r in rows])
        self.assertEqual('1 running, 1 aborted', rows[0][4].human_readable())

    def test_one_that_cannot_be_aborted_is_reported_after_the_others(self):
        self.api.abort_rollout.side_effect = [
            rollout('aborted'),
            exceptions.Conflict(409, 'rollout x has already ended '
                                     '(succeeded)')]
        self.assertEqual(1, self.run_command(rollouts.AbortRollout,
                                             [ROLLOUT_ID, 'x']))
        self.assertEqual('rollout x: rollout x has already ended '
                         '(succeeded) (HTTP 409)\n', self.stderr)
        self.assertIn(ROLLOUT_ID, self.stdout)

    def test_a_single_failure_is_the_apis_error(self):
        self.api.abort_rollout.side_effect = exceptions.NotFound(
            404, 'rollout x not found')
        cmd, parsed = self.parse(rollouts.AbortRollout, ['x'])
        self.assertRaises(exceptions.NotFound, cmd.take_action, parsed)

    def test_an_id_is_required(self):
        err = self.assertUsageError(rollouts.AbortRollout, [])
        self.assertIn('the following arguments are required', err)
