"""Command progress: the state machine and the desktop it changes."""

import uuid

import pytest

from central_cloud.engine import exception
from central_cloud.engine import progress
from tests.unit.engine import samples

SERVER = str(uuid.uuid4())


@pytest.fixture
def created(db, make_site):
    make_site('SiteA')
    desktop, command = samples.create_desktop(db)
    db.command_transition(command.id, ['pending'], 'sent', attempts=1)
    return desktop, command


def test_running_then_succeeded_activates_the_desktop(db, created):
    desktop, command = created
    assert progress.apply(command.id, 'running') is True
    assert db.get_command(command.id).state == 'running'
    assert progress.apply(command.id, 'succeeded',
                          {'server_id': SERVER, 'message': 'done'}) is True
    stored = db.get_command(command.id)
    assert (stored.state, stored.result['server_id']) == ('succeeded',
                                                          SERVER)
    desktop = db.get_desktop(desktop.id)
    assert (desktop.state, desktop.server_uuid) == ('active', SERVER)


def test_server_ids_name_the_server_too(db, created):
    desktop, command = created
    progress.apply(command.id, 'succeeded', {'server_ids': [SERVER]})
    assert db.get_desktop(desktop.id).server_uuid == SERVER


def test_progress_twice_or_late_changes_nothing(db, created):
    desktop, command = created
    assert progress.apply(command.id, 'succeeded', {'server_id': SERVER})
    before = db.get_command(command.id)
    assert progress.apply(command.id, 'succeeded',
                          {'server_id': SERVER}) is False
    assert progress.apply(command.id, 'running') is False
    assert progress.apply(command.id, 'failed', {'message': 'x'}) is False
    after = db.get_command(command.id)
    assert (after.state, after.updated_at) == ('succeeded',
                                               before.updated_at)


def test_failed_records_the_error_and_the_desktop_errs(db, created):
    desktop, command = created
    # NoValidHost is placed again instead (tests/unit/placement).
    result = {'message': 'Build of instance aborted',
              'fault': {'code': 500, 'message': 'BuildAbortException'}}
    assert progress.apply(command.id, 'failed', result)
    stored = db.get_command(command.id)
    assert stored.state == 'failed'
    assert stored.error == ('Build of instance aborted '
                            '(BuildAbortException)')
    assert db.get_desktop(desktop.id).state == 'error'


@pytest.mark.parametrize('action, state', [
    ('stop', 'stopped'), ('start', 'active'), ('suspend', 'suspended'),
    ('resume', 'active')])
def test_server_actions_set_the_desktop_state(db, created, action, state):
    desktop, command = created
    progress.apply(command.id, 'succeeded', {'server_id': SERVER})
    action_command = samples.server_command(db, db.get_desktop(desktop.id),
                                            action)
    assert progress.apply(action_command.id, 'succeeded')
    assert db.get_desktop(desktop.id).state == state


def test_delete_succeeded_removes_the_desktop(db, created):
    desktop, command = created
    progress.apply(command.id, 'succeeded', {'server_id': SERVER})
    delete = samples.server_command(db, db.get_desktop(desktop.id),
                                    'delete')
    assert progress.apply(delete.id, 'succeeded')
    assert db.list_desktops() == []
    assert db.get_command(delete.id).state == 'succeeded'


def _pending_deletes(db, desktop_id):
    return db.list_commands(filters={'desktop_id': desktop_id,
                                     'action': 'delete'})


def test_create_that_ends_after_a_delete_queues_the_delete(db, created):
    desktop, command = created
    assert db.mark_unbuilt_deleting(desktop.id)
    assert progress.apply(command.id, 'succeeded', {'server_id': SERVER})
    stored = db.get_desktop(desktop.id)
    assert (stored.state, stored.server_uuid) == ('deleting', SERVER)
    (delete,) = _pending_deletes(db, desktop.id)
    assert delete.state == 'pending'
    assert delete.payload == {'server_id': SERVER, 'desktop_id': desktop.id}


def test_failed_create_with_a_server_keeps_it_for_the_delete(db, created):
    desktop, command = created
    assert progress.apply(command.id, 'failed', {
        'message': 'server went to ERROR', 'server_ids': [SERVER]})
    stored = db.get_desktop(desktop.id)
    assert (stored.state, stored.server_uuid) == ('error', SERVER)
    assert _pending_deletes(db, desktop.id) == []


def test_failed_create_of_a_deleting_desktop(db, created, make_site):
    desktop, command = created
    assert db.mark_unbuilt_deleting(desktop.id)
    assert progress.apply(command.id, 'failed', {'message': 'NoValidHost'})
    assert db.list_desktops() == []
    other, other_command = samples.create_desktop(db, name='desk-2')
    db.command_transition(other_command.id, ['pending'], 'sent')
    assert db.mark_unbuilt_deleting(other.id)
    assert progress.apply(other_command.id, 'failed', {
        'message': 'ERROR', 'server_ids': [SERVER]})
    (delete,) = _pending_deletes(db, other.id)
    assert db.get_desktop(other.id).state == 'deleting'


def test_a_failed_delete_lets_the_user_retry(db, created):
    desktop, command = created
    progress.apply(command.id, 'succeeded', {'server_id': SERVER})
    delete = db.queue_server_command(desktop.id, 'delete',
                                     {'state': 'deleting'})
    assert progress.apply(delete.id, 'failed', {'message': 'nova down'})
    assert db.get_desktop(desktop.id).state == 'error'


def test_mark_unbuilt_deleting_refuses_a_built_desktop(db, created):
    desktop, command = created
    progress.apply(command.id, 'succeeded', {'server_id': SERVER})
    assert not db.mark_unbuilt_deleting(desktop.id)
    assert db.get_desktop(desktop.id).state == 'active'


def test_success_after_central_gave_up_counts(db, created):
    desktop, command = created
    db.command_transition(command.id, ['sent'], 'failed',
                          error=progress.GAVE_UP + ': no progress')
    assert progress.apply(command.id, 'succeeded', {'server_id': SERVER})
    assert db.get_desktop(desktop.id).state == 'active'


def test_a_real_failure_stays_final(db, created):
    desktop, command = created
    progress.apply(command.id, 'failed', {'message': 'boom'})
    assert not progress.apply(command.id, 'succeeded', {'server_id': SERVER})
    assert db.get_command(command.id).state == 'failed'


def test_unknown_command_or_other_site_is_refused(db, created, make_site):
    make_site('SiteB')
    _desktop, command = created
    with pytest.raises(exception.Refused) as info:
        progress.apply(str(uuid.uuid4()), 'running')
    assert 'unknown command' in info.value.reason
    with pytest.raises(exception.Refused) as info:
        progress.apply(command.id, 'running', site='SiteB')
    assert 'belongs to site SiteA, not SiteB' in info.value.reason
    assert db.get_command(command.id).state == 'sent'


def test_manager_drops_what_it_cannot_store(db, created, engine_manager,
                                            caplog):
    engine_manager.progress({}, str(uuid.uuid4()), 'running', None)
    assert 'Dropped progress running of command' in caplog.text
    _desktop, command = created
    engine_manager.progress({}, command.id, 'running', None)
    assert db.get_command(command.id).state == 'running'
