"""Template versions, stored blobs and rollouts with their steps."""

import pytest

from central_cloud.db import exception
from tests.unit.db import fixtures

PARAMS = {'template_type': 'office', 'version': 1,
          'base_image': {'checksum': 'a' * 128}}


def _rollout(db, sites=('SiteA', 'SiteB'), **values):
    return db.create_rollout(dict({
        'template_type': 'office', 'template_version': 1,
        'bundle_id': None, 'targets': {'sites': list(sites)},
        'mode': 'parallel', 'max_parallel_sites': 1,
        'stop_on_failure': True, 'params': PARAMS}, **values), list(sites))


@pytest.fixture
def sites(db):
    for name in ('SiteA', 'SiteB', 'SiteC'):
        fixtures.make_site(db, name)


# ----------------------------------------------------------- template version

def test_a_new_base_or_bundle_list_makes_a_new_version(db):
    db.create_template({'type_name': 'office'})
    assert db.get_template('office').version == 1
    db.update_template('office', {'os': 'debian-12'})
    assert db.get_template('office').version == 1
    db.update_template('office', {'base_image_checksum': 'a' * 128})
    db.update_template('office', {'base_image_checksum': 'a' * 128})
    assert db.get_template('office').version == 2
    db.update_template('office', {'bundles': [{'name': 'lo',
                                               'version': '1'}]})
    assert db.get_template('office').version == 3


def test_a_bundle_update_replaces_its_older_version(db):
    db.create_template({'type_name': 'office', 'bundles': [
        {'name': 'lo', 'version': '1'}, {'name': 'gimp', 'version': '2'}]})
    template = db.set_template_bundle('office', 'lo', '2')
    assert template.bundles == [{'name': 'lo', 'version': '2'},
                                {'name': 'gimp', 'version': '2'}]
    assert template.version == 2
    template = db.set_template_bundle('office', 'vlc', '3')
    assert template.bundles[-1] == {'name': 'vlc', 'version': '3'}
    assert template.version == 3
    # The same bundle again changes nothing.
    assert db.set_template_bundle('office', 'vlc', '3').version == 3
    with pytest.raises(exception.NotFound):
        db.set_template_bundle('cad', 'lo', '1')


# ---------------------------------------------------------------------- blobs

def test_blobs_are_recorded_once(db):
    sha = 'b' * 64
    db.record_blob(sha, 10)
    assert db.record_blob(sha, 10).size == 10
    assert db.get_blob(sha).size == 10
    assert db.stored_blobs([sha, 'c' * 64]) == {sha}
    assert db.stored_blobs([]) == set()
    db.delete_blob(sha)
    with pytest.raises(exception.NotFound):
        db.get_blob(sha)
    with pytest.raises(exception.NotFound):
        db.delete_blob(sha)


@pytest.mark.parametrize('sha, size, words', [
    ('B' * 64, 1, 'sha256 must be 64 lower-case hex digits'),
    ('b' * 63, 1, 'sha256 must be'),
    ('b' * 64, -1, 'size must be an integer >= 0'),
    ('b' * 64, True, 'size must be an integer'),
])
def test_bad_blobs_are_invalid(db, sha, size, words):
    with pytest.raises(exception.Invalid, match=words):
        db.record_blob(sha, size)


# ------------------------------------------------------------------- rollouts

def test_a_rollout_has_a_waiting_step_per_site_in_order(db, sites):
    rollout = _rollout(db, ('SiteB', 'SiteA'))
    assert rollout.state == 'running'
    steps = db.list_rollout_steps(rollout.id)
    assert [(s.site.name, s.position, s.state) for s in steps] == [
        ('SiteB', 0, 'waiting'), ('SiteA', 1, 'waiting')]
    assert db.get_rollout(rollout.id).params == PARAMS
    assert db.rollouts_to_drive() == [rollout.id]


@pytest.mark.parametrize('values, names, words', [
    ({'mode': 'zigzag'}, ['SiteA'], 'mode must be one of'),
    ({'max_parallel_sites': 0}, ['SiteA'], 'max_parallel_sites must be'),
    ({}, [], 'at least one site'),
    ({}, ['SiteA', 'SiteA'], 'each site once'),
    ({'colour': 'red'}, ['SiteA'], 'unknown rollout field'),
])
def test_bad_rollouts_are_invalid(db, sites, values, names, words):
    with pytest.raises(exception.Invalid, match=words):
        _rollout(db, names, **values)


def test_unknown_site_is_not_found(db, sites):
    with pytest.raises(exception.NotFound, match='site Atlantis'):
        _rollout(db, ('SiteA', 'Atlantis'))
    assert db.list_rollouts() == []


def test_starting_a_step_writes_its_command_once(db, sites):
    rollout = _rollout(db)
    command = db.start_rollout_step(rollout.id, 'SiteA', PARAMS)
    assert command.action == 'build_template'
    assert command.state == 'pending' and command.payload == PARAMS
    step = db.list_rollout_steps(rollout.id)[0]
    assert (step.state, step.command_id) == ('running', command.id)
    assert step.started_at is not None
    # A second engine starting the same step writes nothing.
    assert db.start_rollout_step(rollout.id, 'SiteA', PARAMS) is None
    assert len(db.list_commands(filters={'site': 'SiteA'})) == 1


def test_step_and_rollout_moves_are_compare_and_set(db, sites):
    rollout = _rollout(db)
    db.start_rollout_step(rollout.id, 'SiteA', PARAMS)
    assert db.rollout_step_transition(rollout.id, 'SiteA', ['running'],
                                      'failed', details='boom')
    assert not db.rollout_step_transition(rollout.id, 'SiteA', ['running'],
                                          'succeeded')
    step = db.list_rollout_steps(rollout.id)[0]
    assert (step.state, step.details) == ('failed', 'boom')
    assert step.finished_at is not None
    assert db.end_waiting_rollout_steps(rollout.id, 'skipped', 'stop') == 1
    assert db.rollout_transition(rollout.id, ['running'], 'failed')
    assert not db.rollout_transition(rollout.id, ['running'], 'succeeded')
    assert db.rollouts_to_drive() == []
    with pytest.raises(exception.NotFound):
        db.rollout_transition('nope', ['running'], 'failed')
    with pytest.raises(exception.Invalid):
        db.rollout_step_transition(rollout.id, 'SiteA', ['failed'], 'odd')


def test_abort_stops_waiting_steps_and_lets_running_ones_finish(db, sites):
    rollout = _rollout(db, ('SiteA', 'SiteB', 'SiteC'))
    db.start_rollout_step(rollout.id, 'SiteA', PARAMS)
    aborted = db.abort_rollout(rollout.id)
    assert aborted.state == 'aborted' and aborted.finished_at
    states = [s.state for s in db.list_rollout_steps(rollout.id)]
    assert states == ['running', 'aborted', 'aborted']
    # Still driven, so the running step's outcome is recorded.
    assert db.rollouts_to_drive() == [rollout.id]
    with pytest.raises(exception.Conflict, match='already ended'):
        db.abort_rollout(rollout.id)
    with pytest.raises(exception.NotFound):
        db.abort_rollout('nope')


def test_rollouts_list_by_state_and_type(db, sites):
    first = _rollout(db)
    second = _rollout(db, template_type='cad')
    db.abort_rollout(second.id)
    assert [r.id for r in db.list_rollouts()] == [first.id, second.id]
    assert [r.id for r in db.list_rollouts({'state': 'aborted'})] == [
        second.id]
    assert [r.id for r in db.list_rollouts(
        {'template_type': 'office'})] == [first.id]
    assert [r.id for r in db.list_rollouts(marker=first.id)] == [second.id]
    with pytest.raises(exception.Invalid):
        db.list_rollouts(marker='nope')


def test_deleting_a_site_deletes_its_steps(db, sites):
    rollout = _rollout(db)
    db.delete_site('SiteB')
    assert [s.site.name for s in db.list_rollout_steps(rollout.id)] == [
        'SiteA']
