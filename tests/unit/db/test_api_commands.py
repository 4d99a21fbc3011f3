"""Commands: persistence, the compare-and-set transition and re-drive."""

import datetime
import threading

import pytest
import sqlalchemy as sa

from central_cloud.db import exception
from central_cloud.db import models
from tests.unit.db import fixtures

NOW = fixtures.NOW


def _set(engine, command_id, **values):
    """Force column values, e.g. to age a command."""
    with engine.begin() as conn:
        conn.execute(sa.update(models.Command.__table__).where(
            models.Command.id == command_id).values(**values))


def _run_together(count, fn):
    """Run fn in ``count`` threads started at once; return the results."""
    barrier = threading.Barrier(count)
    results = [None] * count

    def run(index):
        barrier.wait()
        results[index] = fn()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    return results


def test_create_and_get(site, db):
    command = db.create_command('SiteA', 'create_desktop',
                                payload={'count': 2}, desktop_id='d-1')
    assert command.state == 'pending'
    assert command.attempts == 0
    assert command.last_sent_at is None
    got = db.get_command(command.id)
    data = got.to_dict()
    assert data['site'] == 'SiteA'
    assert data['payload'] == {'count': 2}
    assert data['desktop_id'] == 'd-1'


def test_create_with_a_client_id_once(site, db):
    db.create_command('SiteA', 'ping', command_id='c-1')
    with pytest.raises(exception.Duplicate, match='command c-1'):
        db.create_command('SiteA', 'ping', command_id='c-1')


def test_create_errors(site, db):
    with pytest.raises(exception.NotFound, match='site ghost'):
        db.create_command('ghost', 'ping')
    with pytest.raises(exception.Invalid, match='payload must be a dict'):
        db.create_command('SiteA', 'ping', payload=[1])
    with pytest.raises(exception.Invalid, match='action'):
        db.create_command('SiteA', '')


def test_get_unknown(db):
    with pytest.raises(exception.NotFound, match='command nope'):
        db.get_command('nope')


def test_list(db):
    fixtures.make_site(db, name='SiteA')
    fixtures.make_site(db, name='SiteB')
    ids = [db.create_command(site, action).id for site, action in (
        ('SiteA', 'ping'), ('SiteB', 'ping'), ('SiteA', 'stop'))]
    db.command_transition(ids[0], ['pending'], 'sent')
    assert [c.id for c in db.list_commands()] == ids
    assert [c.id for c in db.list_commands({'site': 'SiteA'})] == [
        ids[0], ids[2]]
    assert [c.id for c in db.list_commands({'state': 'pending'})] == ids[1:]
    assert [c.id for c in db.list_commands({'action': 'stop'})] == [ids[2]]
    page = db.list_commands(limit=2)
    assert [c.id for c in db.list_commands(marker=page[-1].id)] == [ids[2]]


def test_transition(site, db):
    command = db.create_command('SiteA', 'ping')
    assert db.command_transition(command.id, ['pending'], 'sent',
                                 attempts=1, last_sent_at=NOW)
    assert not db.command_transition(command.id, ['pending'], 'sent')
    assert db.command_transition(command.id, ['sent', 'running'],
                                 'succeeded', result={'ok': True})
    done = db.get_command(command.id)
    assert (done.state, done.attempts, done.last_sent_at, done.result) == (
        'succeeded', 1, NOW, {'ok': True})
    # Late progress cannot move a final command back.
    assert not db.command_transition(command.id, ['sent', 'running'],
                                     'running')


def test_transition_errors(site, db):
    command = db.create_command('SiteA', 'ping')
    with pytest.raises(exception.NotFound):
        db.command_transition('nope', ['pending'], 'sent')
    with pytest.raises(exception.Invalid, match='state must be one of'):
        db.command_transition(command.id, ['pending'], 'lost')
    with pytest.raises(exception.Invalid, match='from state'):
        db.command_transition(command.id, ['lost'], 'sent')
    with pytest.raises(exception.Invalid, match='unknown command field'):
        db.command_transition(command.id, ['pending'], 'sent', action='x')


def test_competing_transitions_only_one_wins(site, db):
    command = db.create_command('SiteA', 'ping')
    results = _run_together(2, lambda: db.command_transition(
        command.id, ['pending'], 'sent'))
    assert sorted(results) == [False, True]
    assert db.get_command(command.id).state == 'sent'


def test_claim_pending_claims_each_command_once(site, db):
    ids = [db.create_command('SiteA', 'ping').id for _ in range(20)]
    done = db.create_command('SiteA', 'ping').id
    db.command_transition(done, ['pending'], 'succeeded')
    results = _run_together(2, lambda: db.claim_pending(ids + [done], NOW))
    # Every pending command went to exactly one claimer, none twice.
    assert sorted(results[0] | results[1]) == sorted(ids)
    assert results[0] & results[1] == set()
    for command_id in ids:
        command = db.get_command(command_id)
        assert (command.state, command.attempts, command.last_sent_at) == (
            'sent', 1, NOW)
    assert db.get_command(done).state == 'succeeded'
    assert db.claim_pending(ids, NOW) == set()
    assert db.claim_pending([], NOW) == set()


def _sent(db, engine, age, attempts=1, state='sent', cast=True):
    """A command last cast (and changed) ``age`` seconds before NOW."""
    command = db.create_command('SiteA', 'ping')
    then = NOW - datetime.timedelta(seconds=age)
    _set(engine, command.id, state=state, attempts=attempts,
         last_sent_at=then if cast else None, updated_at=then,
         created_at=then)
    return command.id


def test_redrive_claims_stalled_commands(site, db, engine):
    stalled = _sent(db, engine, 300)
    running = _sent(db, engine, 300, state='running')
    fresh = _sent(db, engine, 30)
    done = _sent(db, engine, 300, state='succeeded')
    result = db.commands_to_redrive(NOW, 120, 5, 10)
    assert sorted(c.id for c in result.redrive) == sorted([stalled, running])
    assert result.gave_up == []
    claimed = db.get_command(stalled)
    assert (claimed.state, claimed.attempts, claimed.last_sent_at) == (
        'sent', 2, NOW)
    assert db.get_command(running).state == 'running'
    assert {c.attempts for c in result.redrive} == {2}
    assert db.get_command(fresh).attempts == 1
    assert db.get_command(done).attempts == 1
    # Just claimed: not stalled any more.
    assert db.commands_to_redrive(NOW, 120, 5, 10).redrive == []


def test_redrive_skips_commands_with_recent_progress(site, db, engine):
    command_id = _sent(db, engine, 300, state='running')
    _set(engine, command_id, updated_at=NOW - datetime.timedelta(seconds=5))
    assert db.commands_to_redrive(NOW, 120, 5, 10).redrive == []


def test_redrive_sends_pending_commands_never_cast(site, db, engine):
    command_id = _sent(db, engine, 300, attempts=0, state='pending',
                       cast=False)
    result = db.commands_to_redrive(NOW, 120, 5, 10)
    assert [c.id for c in result.redrive] == [command_id]
    command = db.get_command(command_id)
    assert (command.state, command.attempts) == ('sent', 1)


def test_redrive_gives_up_after_max_attempts(site, db, engine):
    command_id = _sent(db, engine, 300, attempts=3)
    result = db.commands_to_redrive(NOW, 120, 3, 10)
    assert result.redrive == []
    assert [c.id for c in result.gave_up] == [command_id]
    command = db.get_command(command_id)
    assert command.state == 'failed'
    assert command.error == 'no progress after 3 attempts'


def test_redrive_limit_takes_the_oldest(site, db, engine):
    ids = [_sent(db, engine, age) for age in (200, 400, 300)]
    result = db.commands_to_redrive(NOW, 120, 5, 2)
    assert [c.id for c in result.redrive] == [ids[1], ids[2]]


def test_two_engines_never_claim_the_same_command(site, db, engine):
    ids = {_sent(db, engine, 300) for _ in range(6)}
    results = _run_together(2, lambda: db.commands_to_redrive(
        NOW, 120, 5, 10))
    claimed = [c.id for result in results for c in result.redrive]
    assert sorted(claimed) == sorted(ids)
    assert {db.get_command(i).attempts for i in ids} == {2}
