"""Monitoring reports: batched, deduplicated by (site, seq), stored."""

import threading

from oslo_db import exception as db_exc
import pytest

from central_cloud.db import api as db_api
from central_cloud.engine import ingest
from tests.unit.engine import samples


def test_reports_are_stored_with_a_summary(db, make_site, batcher):
    make_site('SiteA')
    assert batcher.submit(samples.report(seq=1)).wait(5) == ingest.STORED
    latest = db.get_latest_report('SiteA')
    assert latest.seq == 1
    assert latest.body == samples.report(seq=1)
    [history] = db.list_report_history('SiteA')
    assert history.summary['hosts'] == {'total': 2, 'up': 2, 'down': 0,
                                        'disabled': 0}
    site = db.get_site('SiteA')
    assert (site.availability, site.last_report_seq) == ('online', 1)


def test_duplicates_and_unknown_sites(db, make_site, batcher):
    make_site('SiteA')
    assert batcher.submit(samples.report(seq=5)).wait(5) == ingest.STORED
    for seq in (5, 4):
        assert batcher.submit(samples.report(seq=seq)).wait(5) == \
            ingest.DUPLICATE
    assert batcher.submit(samples.report('Nowhere')).wait(5) == \
        ingest.UNKNOWN_SITE
    assert [h.seq for h in db.list_report_history('SiteA')] == [5]


def test_reports_arriving_together_share_one_transaction(db, make_site):
    for n in range(3):
        make_site('Site%d' % n)
    calls = []

    def store(rows, history_size=None):
        calls.append(len(rows))
        return db_api.ingest_reports(rows, history_size=history_size)

    batcher = ingest.ReportBatcher(batch_size=100, window=0.3, store=store)
    batcher.start()
    try:
        pending = [batcher.submit(samples.report('Site%d' % (n % 3),
                                                 seq=n + 1))
                   for n in range(30)]
        assert {p.wait(5) for p in pending} == {ingest.STORED}
    finally:
        batcher.stop()
    assert sum(calls) == 30
    assert len(calls) <= 2, calls


def test_batch_size_bounds_a_transaction(db, make_site):
    make_site('SiteA')
    calls = []

    def store(rows, history_size=None):
        calls.append(len(rows))
        return db_api.ingest_reports(rows)

    batcher = ingest.ReportBatcher(batch_size=4, window=0.5, store=store)
    pending = [batcher.submit(samples.report(seq=n)) for n in range(1, 11)]
    batcher.start()
    try:
        for p in pending:
            p.wait(5)
    finally:
        batcher.stop()
    assert calls == [4, 4, 2]


def test_a_failed_batch_reaches_its_waiters(db):
    def store(rows, history_size=None):
        raise db_exc.DBConnectionError('database is down')

    batcher = ingest.ReportBatcher(window=0.01, store=store)
    batcher.start()
    try:
        pending = batcher.submit(samples.report())
        with pytest.raises(db_exc.DBConnectionError):
            pending.wait(5)
        # The writer survives and goes on.
        with pytest.raises(db_exc.DBConnectionError):
            batcher.submit(samples.report(seq=2)).wait(5)
    finally:
        batcher.stop()


def test_pending_times_out():
    with pytest.raises(TimeoutError):
        ingest.Pending().wait(0.01)


def test_stop_stores_what_is_queued(db, make_site):
    make_site('SiteA')
    batcher = ingest.ReportBatcher(window=0.01)
    pending = [batcher.submit(samples.report(seq=n)) for n in (1, 2, 3)]
    batcher.start()
    batcher.stop()
    assert all(p.done() for p in pending)
    assert db.get_site('SiteA').last_report_seq == 3


def test_on_stored_hears_of_sites_back_online(db, make_site):
    make_site('SiteA')
    heard = []
    done = threading.Event()

    def on_stored(result):
        heard.append(result.back_online)
        done.set()

    batcher = ingest.ReportBatcher(window=0.01, on_stored=on_stored)
    batcher.start()
    try:
        batcher.submit(samples.report(seq=1)).wait(5)
        assert done.wait(5)
    finally:
        batcher.stop()
    assert heard[0] == ['SiteA']


def test_report_cast_goes_through_the_batcher(db, make_site,
                                              engine_manager, batcher):
    make_site('SiteA')
    engine_manager.report({}, samples.report(seq=3))
    batcher.submit(samples.report(seq=1)).wait(5)  # after the cast's batch
    assert db.get_site('SiteA').last_report_seq == 3
