"""deliver(): outbox items acked only once committed, never twice applied."""

import uuid

from oslo_db import exception as db_exc
import pytest

from central_cloud.db import api as db_api
from central_cloud.engine import ingest
from central_cloud.engine import manager
from central_cloud.protocol import validation
from tests.unit.engine import samples


@pytest.fixture
def command(db, make_site):
    make_site('SiteA')
    make_site('SiteB')
    _desktop, command = samples.create_desktop(db)
    db.command_transition(command.id, ['pending'], 'sent', attempts=1)
    return command


def _items(command_id, first=1):
    return [
        samples.item(first, 'report', {'report': samples.report(seq=first)}),
        samples.item(first + 1, 'progress',
                     {'command_id': command_id, 'state': 'running'}),
        samples.item(first + 2, 'alarm', {'alarm': samples.alarm()}),
        samples.item(first + 3, 'report',
                     {'report': samples.report(seq=first + 3)}),
    ]


def _deliver(engine_manager, site, items):
    reply = engine_manager.deliver({}, site, items)
    validation.validate('deliver_reply', reply)
    return reply


def test_items_are_acked_once_stored(db, command, engine_manager):
    reply = _deliver(engine_manager, 'SiteA', _items(command.id))
    assert reply == {'acked': [1, 2, 3, 4]}
    assert db.get_site('SiteA').last_report_seq == 4
    assert db.get_command(command.id).state == 'running'
    assert db.list_alarms()[0].state == 'raised'


def test_a_resent_batch_is_acked_again_and_changes_nothing(
        db, command, engine_manager):
    items = _items(command.id)
    _deliver(engine_manager, 'SiteA', items)
    before = (db.get_command(command.id).updated_at,
              [h.seq for h in db.list_report_history('SiteA')],
              db.list_alarms()[0].updated_at)
    progress_done = samples.item(
        5, 'progress', {'command_id': command.id, 'state': 'succeeded',
                        'result': {'server_id': str(uuid.uuid4())}})
    _deliver(engine_manager, 'SiteA', [progress_done])
    assert _deliver(engine_manager, 'SiteA', items + [progress_done]) == {
        'acked': [1, 2, 3, 4, 5]}
    assert [h.seq for h in db.list_report_history('SiteA')] == before[1]
    assert db.list_alarms()[0].updated_at == before[2]
    assert db.get_command(command.id).state == 'succeeded'


def test_items_central_can_never_store_are_refused(db, command,
                                                   engine_manager):
    unknown = str(uuid.uuid4())
    items = [
        samples.item(1, 'progress', {'command_id': unknown,
                                     'state': 'running'}),
        samples.item(2, 'report', {'report': samples.report('SiteB')}),
        samples.item(3, 'alarm', {'alarm': samples.alarm('SiteB')}),
        samples.item(4, 'report', {'report': samples.report()}),
    ]
    reply = _deliver(engine_manager, 'SiteA', items)
    assert reply['acked'] == [4]
    assert reply['refused'] == [
        {'seq': 1, 'reason': 'unknown command %s' % unknown},
        {'seq': 2, 'reason': 'the report is of site SiteB, not SiteA'},
        {'seq': 3, 'reason': 'the alarm is of site SiteB, not SiteA'}]
    assert db.list_alarms() == []
    assert db.get_site('SiteB').last_report_seq is None


def test_progress_of_another_sites_command_is_refused(db, command,
                                                      engine_manager):
    reply = _deliver(engine_manager, 'SiteB', [samples.item(
        1, 'progress', {'command_id': command.id, 'state': 'running'})])
    assert reply['refused'][0]['reason'] == \
        'command %s belongs to site SiteA, not SiteB' % command.id
    assert db.get_command(command.id).state == 'sent'


def test_an_unregistered_site_is_refused(db, engine_manager):
    reply = _deliver(engine_manager, 'Nowhere', [samples.item(
        1, 'report', {'report': samples.report('Nowhere')})])
    assert reply == {'acked': [], 'refused': [
        {'seq': 1, 'reason': 'site Nowhere is not registered at central'}]}


def test_a_database_failure_stops_at_that_item(db, command, monkeypatch):
    def store(rows, history_size=None):
        if any(row['seq'] == 4 for row in rows):
            raise db_exc.DBConnectionError('database is down')
        return db_api.ingest_reports(rows)

    batcher = ingest.ReportBatcher(window=0.01, store=store)
    batcher.start()
    try:
        engine = manager.EngineManager(batcher, deliver_timeout=5)
        items = _items(command.id) + [samples.item(
            5, 'alarm', {'alarm': samples.alarm(key='other')})]
        assert _deliver(engine, 'SiteA', items) == {'acked': [1, 2, 3]}
    finally:
        batcher.stop()
    # Item 5 came after the failed one: not applied, sent again later.
    assert [a.key for a in db.list_alarms()] == ['host-down:compute-1']


def test_a_slow_commit_is_left_out(db, command, monkeypatch):
    batcher = ingest.ReportBatcher()  # never started: nothing commits
    engine = manager.EngineManager(batcher, deliver_timeout=0.05)
    reply = _deliver(engine, 'SiteA', _items(command.id))
    assert reply == {'acked': []}
    assert db.get_command(command.id).state == 'sent'


def test_a_seq_sent_twice_in_one_batch_is_acked_once(db, command,
                                                     engine_manager):
    item = samples.item(7, 'report', {'report': samples.report(seq=7)})
    assert _deliver(engine_manager, 'SiteA', [item, dict(item)]) == {
        'acked': [7]}
