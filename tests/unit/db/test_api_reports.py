"""Monitoring reports: batch ingest, dedupe, latest and history."""

import datetime

import pytest

from central_cloud.conf import CONF
from central_cloud.db import exception
from tests.unit.db import fixtures

NOW = fixtures.NOW


def _r(site, seq, **extra):
    return dict({'site': site, 'seq': seq, 'body': {'seq': seq},
                 'summary': {'vcpus_free': seq}}, **extra)


@pytest.fixture
def sites(db):
    for name in ('SiteA', 'SiteB', 'SiteC'):
        fixtures.make_site(db, name=name)


def test_batch_ingest(db, sites):
    result = db.ingest_reports(
        [_r('SiteA', 1), _r('SiteB', 7), _r('SiteA', 2)], now=NOW)
    assert result.accepted == [('SiteA', 1), ('SiteA', 2), ('SiteB', 7)]
    assert result.duplicates == []
    assert result.back_online == ['SiteA', 'SiteB']
    site = db.get_site('SiteA')
    assert (site.availability, site.last_report_seq, site.missed,
            site.last_report_at) == ('online', 2, 0, NOW)
    latest = db.get_latest_report('SiteA')
    assert (latest.seq, latest.body, latest.received_at) == (
        2, {'seq': 2}, NOW)
    assert latest.to_dict()['site'] == 'SiteA'
    history = db.list_report_history('SiteA')
    assert [(h.seq, h.summary) for h in history] == [
        (1, {'vcpus_free': 1}), (2, {'vcpus_free': 2})]
    assert db.get_site('SiteC').availability == 'unknown'


def test_duplicates_and_older_reports_are_ignored(db, sites):
    db.ingest_reports([_r('SiteA', 5)], now=NOW)
    later = NOW + datetime.timedelta(seconds=60)
    result = db.ingest_reports(
        [_r('SiteA', 5), _r('SiteA', 3), _r('SiteA', 6), _r('SiteA', 6)],
        now=later)
    assert result.accepted == [('SiteA', 6)]
    assert sorted(result.duplicates) == [('SiteA', 3), ('SiteA', 5),
                                         ('SiteA', 6)]
    assert result.back_online == []
    assert db.get_latest_report('SiteA').seq == 6
    assert [h.seq for h in db.list_report_history('SiteA')] == [5, 6]


def test_only_duplicates_change_nothing(db, sites):
    db.ingest_reports([_r('SiteA', 5)], now=NOW)
    later = NOW + datetime.timedelta(seconds=60)
    result = db.ingest_reports([_r('SiteA', 4)], now=later)
    assert result.accepted == [] and result.duplicates == [('SiteA', 4)]
    assert db.get_site('SiteA').last_report_at == NOW


def test_unknown_sites_are_reported_and_dropped(db, sites):
    result = db.ingest_reports([_r('ghost', 1), _r('SiteA', 1)], now=NOW)
    assert result.unknown_sites == [('ghost', 1)]
    assert result.accepted == [('SiteA', 1)]


def test_a_site_comes_back_online(db, sites):
    db.ingest_reports([_r('SiteA', 1)], now=NOW)
    later = NOW + datetime.timedelta(minutes=10)
    assert db.mark_offline_sites(later, 60, 2) == ['SiteA']
    result = db.ingest_reports([_r('SiteA', 2)], now=later)
    assert result.back_online == ['SiteA']
    site = db.get_site('SiteA')
    assert (site.availability, site.missed) == ('online', 0)


def test_received_at_can_come_with_the_report(db, sites):
    at = NOW - datetime.timedelta(seconds=5)
    db.ingest_reports([_r('SiteA', 1, received_at=at)], now=NOW)
    assert db.get_site('SiteA').last_report_at == at


def test_history_is_trimmed_per_site(db, sites):
    db.ingest_reports([_r('SiteB', 1)], now=NOW)
    for seq in range(1, 6):
        db.ingest_reports([_r('SiteA', seq)], now=NOW, history_size=3)
    assert [h.seq for h in db.list_report_history('SiteA')] == [3, 4, 5]
    assert [h.seq for h in db.list_report_history('SiteB')] == [1]


def test_history_size_defaults_to_the_option(db, sites):
    CONF.set_override('report_history_size', 2, group='monitoring')
    try:
        db.ingest_reports([_r('SiteA', s) for s in range(1, 5)], now=NOW)
    finally:
        CONF.clear_override('report_history_size', group='monitoring')
    assert [h.seq for h in db.list_report_history('SiteA')] == [3, 4]


def test_history_listing(db, sites):
    db.ingest_reports([_r('SiteA', s) for s in range(1, 6)], now=NOW)
    assert [h.seq for h in db.list_report_history(
        'SiteA', since_seq=2, limit=2)] == [3, 4]
    with pytest.raises(exception.NotFound):
        db.list_report_history('ghost')


@pytest.mark.parametrize('report, message', [
    ({'site': 'SiteA', 'seq': -1, 'body': {}}, 'seq must be an integer'),
    ({'site': 'SiteA', 'seq': '1', 'body': {}}, 'seq must be an integer'),
    ({'site': 'SiteA', 'seq': 1}, 'body must be a dict'),
    ({'site': 'SiteA', 'seq': 1, 'body': {}, 'summary': []},
     'summary must be a dict'),
    ({'seq': 1, 'body': {}}, 'site must be a non-empty string'),
    ({'site': 'SiteA', 'seq': 1, 'body': {}, 'x': 1}, 'unknown report'),
])
def test_a_bad_report_rejects_the_batch(db, sites, report, message):
    with pytest.raises(exception.Invalid, match=message):
        db.ingest_reports([_r('SiteB', 1), report], now=NOW)
    assert db.list_latest_reports() == []


def test_empty_batch(db):
    result = db.ingest_reports([], now=NOW)
    assert result.accepted == [] and result.back_online == []


def test_latest_reports(db, sites):
    db.ingest_reports([_r('SiteA', 1), _r('SiteB', 1), _r('SiteC', 1)],
                      now=NOW)
    everything = db.list_latest_reports()
    assert [r.site.name for r in everything] == ['SiteA', 'SiteB', 'SiteC']
    page = db.list_latest_reports(limit=2, marker='SiteA')
    assert [r.site.name for r in page] == ['SiteB', 'SiteC']
    only = db.list_latest_reports({'site': ['SiteC']})
    assert [r.site.name for r in only] == ['SiteC']
    with pytest.raises(exception.Invalid, match='marker site ghost'):
        db.list_latest_reports(marker='ghost')


def test_latest_report_not_found(db, sites):
    with pytest.raises(exception.NotFound, match='report of site SiteA'):
        db.get_latest_report('SiteA')
