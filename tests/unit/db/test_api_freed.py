"""Exact capacity between reports: claims and freed capacity by seq."""

import datetime

import pytest

from tests.unit.db import fixtures
from tests.unit.db import test_api_claims as claims_tests

NOW = fixtures.NOW
LATER = NOW + datetime.timedelta(seconds=5)
MEDIUM = claims_tests.MEDIUM


def _report(db, seq, through, until=None, now=NOW, used=(0, 0, 0)):
    body = claims_tests._body('SiteA', used=used)
    body['reflects'] = {'through': through,
                        'until': through if until is None else until}
    db.ingest_reports([{'site': 'SiteA', 'seq': seq, 'body': body}],
                      now=now)


@pytest.fixture
def placed(db):
    fixtures.make_site(db, name='SiteA')
    _report(db, 1, through=0)
    command = claims_tests._create(db)
    db.place_create(command.id, 'SiteA', 'SiteA', claims_tests._choose())
    return command


def _counted(db):
    return db.counting_claims(sites=['SiteA'])


def test_a_released_claim_counts_until_a_report_reflects_it(db, placed):
    db.release_claims(placed.desktop_id, now=NOW, progress_seq=10)
    # A report received later that does not reflect seq 10 yet.
    _report(db, 2, through=9, now=LATER)
    assert _counted(db) == [('SiteA', 'sitea-cmp1') + MEDIUM]
    _report(db, 3, through=10, now=LATER, used=MEDIUM)
    assert _counted(db) == []


def test_a_delete_frees_until_a_report_reflects_it(db, placed):
    db.release_claims(placed.desktop_id, now=NOW, progress_seq=10)
    _report(db, 2, through=10, used=MEDIUM)
    assert _counted(db) == []
    delete = db.create_command('SiteA', 'delete',
                               desktop_id=placed.desktop_id,
                               payload={})
    freed = db.record_freed(delete.id, placed.desktop_id, progress_seq=12,
                            now=LATER)
    assert (freed.host, freed.vcpus) == ('sitea-cmp1', 2)
    db.delete_desktop(placed.desktop_id)
    assert _counted(db) == [('SiteA', 'sitea-cmp1', -2, -2048, -20)]
    # Recorded once per delete command.
    assert db.record_freed(delete.id, placed.desktop_id, 12) is None
    # A report taken before the delete: still freed.
    _report(db, 3, through=11, until=11, now=LATER, used=MEDIUM)
    assert _counted(db) == [('SiteA', 'sitea-cmp1', -2, -2048, -20)]
    # One that may show it (seq 12 is not above ``until``) ends it: the
    # freed capacity is never counted twice.
    _report(db, 4, through=11, until=12, now=LATER)
    assert _counted(db) == []


def test_a_delete_before_any_report_shows_the_server(db, placed):
    # The claim still counts: the desktop and its claim just go.
    db.release_claims(placed.desktop_id, now=NOW, progress_seq=10)
    delete = db.create_command('SiteA', 'delete',
                               desktop_id=placed.desktop_id, payload={})
    assert db.record_freed(delete.id, placed.desktop_id, 11) is None
    db.delete_desktop(placed.desktop_id)
    assert _counted(db) == []


def test_without_seqs_the_time_rule_holds(db, placed):
    db.release_claims(placed.desktop_id, now=NOW)
    _report(db, 2, through=50, now=NOW - datetime.timedelta(seconds=1))
    assert _counted(db) == [('SiteA', 'sitea-cmp1') + MEDIUM]
    _report(db, 3, through=50, now=LATER)
    assert _counted(db) == []


def test_settled_freed_rows_are_deleted(db, placed):
    db.release_claims(placed.desktop_id, now=NOW, progress_seq=10)
    _report(db, 2, through=10)
    delete = db.create_command('SiteA', 'delete',
                               desktop_id=placed.desktop_id, payload={})
    db.record_freed(delete.id, placed.desktop_id, 11, now=NOW)
    db.delete_desktop(placed.desktop_id)
    later = NOW + datetime.timedelta(hours=2)
    assert db.delete_stale_claims(later, 60) == 0
    _report(db, 3, through=11)
    assert db.delete_stale_claims(later, 60) == 1
    assert _counted(db) == []
