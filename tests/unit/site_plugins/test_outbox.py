"""The outbox: numbered, durable, in order, and never silently lost."""

import os
import sqlite3

import pytest

from central_cloud.protocol import exception as protocol_exception
from site_plugins.outbox import database
from site_plugins.outbox import queue
from site_plugins.outbox import records
from tests.unit.protocol import samples
from tests.unit.site_plugins import conftest


def _progress(state='running'):
    return {'command_id': samples.new_id(), 'state': state, 'result': None}


def _report():
    report = samples.report(conftest.SITE)
    del report['seq']
    return report


def _reopen(conf, **kwargs):
    db = database.LocalDatabase(conf.outbox.path, conftest.SITE, **kwargs)
    db.open()
    return db


def test_items_are_numbered_in_order_without_gaps(outbox):
    seqs = [outbox.put('progress', _progress()) for _ in range(3)]
    report = outbox.put_report(_report())
    outbox.put('alarm', {'alarm': samples.alarm(conftest.SITE)})
    assert seqs == [1, 2, 3]
    assert report['seq'] == 1
    assert conftest.kinds(outbox) == ['progress'] * 3 + ['report', 'alarm']
    assert [item['seq'] for item in outbox.pending(10)] == [1, 2, 3, 4, 5]
    assert [item['seq'] for item in outbox.pending(2)] == [1, 2]


def test_only_acked_items_leave(outbox):
    for _ in range(4):
        outbox.put('progress', _progress())
    outbox.ack([1, 3])
    assert [item['seq'] for item in outbox.pending(10)] == [2, 4]
    assert len(outbox) == 2
    outbox.ack([2, 4, 99])  # an unknown seq is harmless
    assert len(outbox) == 0


def test_a_bad_payload_is_refused_and_not_kept(outbox):
    with pytest.raises(protocol_exception.InvalidMessage) as info:
        outbox.put('progress', {'command_id': 'x', 'state': 'running'})
    assert 'payload.command_id must be a UUID' in str(info.value)
    assert len(outbox) == 0
    assert outbox.put('progress', _progress()) == 1  # no number was used


def test_items_and_numbers_survive_a_restart(conf, db, outbox):
    outbox.put('progress', _progress())
    outbox.put_report(_report())
    db.close()
    again = queue.Outbox(_reopen(conf))
    assert conftest.kinds(again) == ['progress', 'report']
    assert again.put('progress', _progress()) == 3
    assert again.put_report(_report())['seq'] == 2
    again.db.close()


def test_item_and_its_record_share_one_transaction(db, outbox):
    book = records.Records(db)

    def work(conn):
        book.finish('c1', 'stop', 'succeeded', {'message': 'ok'})
        outbox.put('progress', _progress())
        raise RuntimeError('crash before commit')
    with pytest.raises(RuntimeError):
        db.run(work)
    assert book.finished('c1') is None
    assert len(outbox) == 0


def test_another_sites_outbox_is_refused(conf, db):
    db.close()
    other = database.LocalDatabase(conf.outbox.path, 'site-b')
    with pytest.raises(database.WrongSite) as info:
        other.open()
    assert "belongs to site 'site-a', not 'site-b'" in str(info.value)


def _moved_files(path):
    folder, name = os.path.split(path)
    return sorted(f for f in os.listdir(folder)
                  if f.startswith(name + '.corrupt-'))


def _garbage(path):
    with open(path, 'wb') as bad:
        bad.write(b'this is not sqlite' * 100)


def _foreign_database(path):
    os.remove(path)
    other = sqlite3.connect(path)
    other.execute('CREATE TABLE t (x)')
    other.close()


@pytest.mark.parametrize('damage', [_garbage, _foreign_database])
def test_a_corrupted_outbox_is_moved_aside(conf, db, outbox, damage):
    outbox.put('progress', _progress())
    db.close()
    for suffix in ('-wal', '-shm'):
        if os.path.exists(conf.outbox.path + suffix):
            os.remove(conf.outbox.path + suffix)
    damage(conf.outbox.path)
    heard = []
    fresh = _reopen(conf, on_corruption=lambda *args: heard.append(args),
                    clock=lambda: 1700000000.0)
    [(moved, reason)] = heard
    assert reason
    assert _moved_files(conf.outbox.path) == [os.path.basename(moved)]
    assert moved.endswith('.corrupt-20231114T221320.000000Z')
    with open(moved, 'rb') as kept:
        assert kept.read(6)  # the bad file is kept, not deleted
    # Numbers go on above anything the old file can have used.
    again = queue.Outbox(fresh)
    assert len(again) == 0
    assert again.put('progress', _progress()) == 1700000000000 + 1
    fresh.close()


def test_corruption_while_running_retries_on_a_fresh_file(conf, db,
                                                          outbox):
    heard = []
    db.on_corruption = lambda *args: heard.append(args)
    outbox.put('progress', _progress())
    calls = []

    def work(conn):
        calls.append(conn)
        if len(calls) == 1:
            raise sqlite3.DatabaseError('database disk image is malformed')
        return outbox.put('progress', _progress())
    seq = db.run(work)
    assert len(calls) == 2
    assert seq > 1000  # the fresh file's numbers
    assert len(heard) == 1 and 'malformed' in heard[0][1]
    assert conftest.kinds(outbox) == ['progress']


def test_other_database_errors_are_not_corruption(db):
    def work(conn):
        conn.execute('SELECT * FROM no_such_table')
    with pytest.raises(sqlite3.OperationalError):
        db.run(work)
    assert not database.is_corruption(sqlite3.OperationalError('locked'))


def test_dead_items_are_kept_with_the_reason(outbox):
    outbox.put('progress', _progress())
    [item] = outbox.pending(1)
    outbox.bury(item, 'refused by central: unknown command')
    assert len(outbox) == 0
    assert outbox.dead() == [(1, 'progress',
                              'refused by central: unknown command')]


def test_records(db):
    book = records.Records(db, clock=lambda: 1000.0)
    book.finish('c1', 'stop', 'failed', {'message': 'no'})
    assert book.finished('c1') == ('stop', 'failed', {'message': 'no'})
    assert book.prune_finished(10) == 0
    book._clock = lambda: 2000.0
    assert book.prune_finished(10) == 1
    assert book.finished('c1') is None
    data = samples.business_data()
    assert book.keep_business_data(data)
    assert not book.keep_business_data(dict(data, version=1))
    assert book.business_data('template')[0]['version'] == 3
    assert book.keep_business_data(dict(data, version=4, deleted=True))
    assert book.business_data('template') == []
    book.set_setting('k', {'a': 1})
    assert book.setting('k') == {'a': 1}
    assert book.setting('missing', 5) == 5
