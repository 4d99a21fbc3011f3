"""The rollout driver: slots, outcomes, stop on failure, abort."""

import pytest

from central_cloud.db import models
from central_cloud.db import transaction
from central_cloud.engine import rollouts

PARAMS = {'template_type': 'office', 'version': 3,
          'base_image': {'checksum': 'a' * 128}}
IMAGE = '6e4d86f8-b784-48af-ae7a-01ce23785744'


class Everything(object):
    def owns(self, key):
        return True


class Nothing(object):
    def owns(self, key):
        return False


@pytest.fixture
def driver():
    return rollouts.RolloutDriver(Everything())


@pytest.fixture
def make_rollout(db, make_site):
    def make(sites=('SiteA', 'SiteB', 'SiteC'), limit=1, stop=False):
        known = {site.name for site in db.list_sites()}
        for name in sites:
            if name not in known:
                make_site(name)
        if not [t for t in db.list_templates() if t.type_name == 'office']:
            db.create_template({'type_name': 'office'})
        return db.create_rollout({
            'template_type': 'office', 'template_version': 3,
            'bundle_id': None, 'targets': {'sites': list(sites)},
            'mode': 'parallel', 'max_parallel_sites': limit,
            'stop_on_failure': stop, 'params': PARAMS}, list(sites))
    return make


def _steps(db, rollout):
    return [(s.site.name, s.state) for s in db.list_rollout_steps(
        rollout.id)]


def _finish(db, rollout, site, state, result=None, error=None):
    step = [s for s in db.list_rollout_steps(rollout.id)
            if s.site.name == site][0]
    assert db.command_transition(step.command_id, ['pending', 'sent',
                                                   'running'], state,
                                 result=result, error=error)
    return step.command_id


def test_sites_start_one_by_one_as_slots_free(db, driver, make_rollout):
    rollout = make_rollout(limit=1)
    assert driver.run_once() == 1
    assert _steps(db, rollout) == [('SiteA', 'running'),
                                   ('SiteB', 'waiting'),
                                   ('SiteC', 'waiting')]
    (command,) = db.list_commands(filters={'site': 'SiteA'})
    assert (command.action, command.payload) == ('build_template', PARAMS)
    assert db.get_site_template('SiteA', 'office').status == 'building'
    assert driver.run_once() == 0  # no slot free
    _finish(db, rollout, 'SiteA', 'succeeded', {
        'message': 'built', 'template': {'type': 'office', 'version': 3,
                                         'image_id': IMAGE,
                                         'checksum': 'c' * 128}})
    # One run records SiteA and starts SiteB at once: no waves.
    assert driver.run_once() == 2
    assert _steps(db, rollout)[:2] == [('SiteA', 'succeeded'),
                                       ('SiteB', 'running')]
    ready = db.get_site_template('SiteA', 'office')
    assert (ready.status, ready.image_id, ready.checksum) == (
        'ready', IMAGE, 'c' * 128)
    step = db.list_rollout_steps(rollout.id)[0]
    assert step.details == 'built' and step.finished_at


def test_parallel_sites_and_the_final_state(db, driver, make_rollout):
    rollout = make_rollout(limit=2)
    driver.run_once()
    assert [s for _n, s in _steps(db, rollout)] == ['running', 'running',
                                                    'waiting']
    _finish(db, rollout, 'SiteB', 'failed', {'message': 'sha mismatch'},
            error='File a failed verification')
    driver.run_once()
    assert _steps(db, rollout) == [('SiteA', 'running'),
                                   ('SiteB', 'failed'),
                                   ('SiteC', 'running')]
    step = db.list_rollout_steps(rollout.id)[1]
    assert step.details == 'File a failed verification'
    assert db.get_site_template('SiteB', 'office').status == 'failed'
    _finish(db, rollout, 'SiteA', 'succeeded')
    _finish(db, rollout, 'SiteC', 'succeeded')
    driver.run_once()
    done = db.get_rollout(rollout.id)
    assert done.state == 'failed' and done.finished_at
    assert db.rollouts_to_drive() == []


def test_every_site_succeeding_makes_a_succeeded_rollout(db, driver,
                                                         make_rollout):
    rollout = make_rollout(sites=('SiteA',))
    driver.run_once()
    _finish(db, rollout, 'SiteA', 'succeeded')
    driver.run_once()
    assert db.get_rollout(rollout.id).state == 'succeeded'


def test_stop_on_failure_starts_no_other_site(db, driver, make_rollout):
    rollout = make_rollout(limit=1, stop=True)
    driver.run_once()
    _finish(db, rollout, 'SiteA', 'failed', error="Base image gone")
    driver.run_once()
    assert _steps(db, rollout) == [('SiteA', 'failed'),
                                   ('SiteB', 'skipped'),
                                   ('SiteC', 'skipped')]
    skipped = db.list_rollout_steps(rollout.id)[1]
    assert 'site SiteA failed' in skipped.details
    assert skipped.command_id is None
    assert db.get_rollout(rollout.id).state == 'failed'
    assert db.list_commands(filters={'site': ['SiteB', 'SiteC']}) == []


def test_stop_on_failure_lets_running_sites_finish(db, driver,
                                                   make_rollout):
    rollout = make_rollout(limit=2, stop=True)
    driver.run_once()
    _finish(db, rollout, 'SiteA', 'failed', error='x')
    driver.run_once()
    assert _steps(db, rollout) == [('SiteA', 'failed'),
                                   ('SiteB', 'running'),
                                   ('SiteC', 'skipped')]
    assert db.get_rollout(rollout.id).state == 'running'
    _finish(db, rollout, 'SiteB', 'succeeded')
    driver.run_once()
    assert db.get_rollout(rollout.id).state == 'failed'


def test_an_aborted_rollout_still_records_its_running_site(
        db, driver, make_rollout):
    rollout = make_rollout(limit=1)
    driver.run_once()
    db.abort_rollout(rollout.id)
    _finish(db, rollout, 'SiteA', 'succeeded')
    assert driver.run_once() == 1
    assert _steps(db, rollout) == [('SiteA', 'succeeded'),
                                   ('SiteB', 'aborted'),
                                   ('SiteC', 'aborted')]
    assert db.get_rollout(rollout.id).state == 'aborted'
    assert db.rollouts_to_drive() == []


def test_a_step_whose_command_is_gone_fails(db, driver, make_rollout):
    rollout = make_rollout(sites=('SiteA',))
    driver.run_once()
    step = db.list_rollout_steps(rollout.id)[0]
    # The DB api never deletes commands: remove it behind its back.
    with transaction.writer() as session:
        session.query(models.Command).filter_by(
            id=step.command_id).delete()
    driver.run_once()
    step = db.list_rollout_steps(rollout.id)[0]
    assert step.state == 'failed' and 'is gone' in step.details


def test_rollouts_of_other_engines_are_left_alone(db, make_rollout):
    rollout = make_rollout()
    assert rollouts.RolloutDriver(Nothing()).run_once() == 0
    assert [s for _n, s in _steps(db, rollout)] == ['waiting'] * 3


def test_one_broken_rollout_does_not_stop_the_others(
        db, driver, make_rollout, monkeypatch):
    first = make_rollout(sites=('SiteA',))
    second = make_rollout(sites=('SiteB',))
    real = driver.drive

    def drive(rollout_id):
        if rollout_id == first.id:
            raise RuntimeError('boom')
        return real(rollout_id)
    monkeypatch.setattr(driver, 'drive', drive)
    assert driver.run_once() == 1
    assert _steps(db, second) == [('SiteB', 'running')]
