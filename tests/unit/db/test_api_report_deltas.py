"""Delta reports (RPC API 1.5): applied in the batch ingest, or refused."""

import datetime

import pytest

from central_cloud.protocol import report_delta
from tests.unit.db import fixtures

NOW = fixtures.NOW
LATER = NOW + datetime.timedelta(seconds=10)


def _host(name, used=0):
    inventory = {'total': 4, 'used': used, 'reserved': 0,
                 'allocation_ratio': 1.0}
    return {'name': name, 'state': 'up', 'instances': used,
            'resources': {'VCPU': inventory, 'MEMORY_MB': inventory,
                          'DISK_GB': inventory}}


def _full(seq, used=0, hosts=('cmp1', 'cmp2'), **extra):
    return dict({'site': 'SiteA', 'seq': seq,
                 'sent_at': '2026-12-04T10:00:%02dZ' % (seq % 60),
                 'interval': 10,
                 'hosts': [_host(name, used) for name in hosts],
                 'alarms': {'major': 0}}, **extra)


def _row(body, now=NOW):
    return {'site': body['site'], 'seq': body['seq'], 'body': body,
            'summary': None, 'received_at': now}


@pytest.fixture
def site(db):
    fixtures.make_site(db, name='SiteA')
    db.ingest_reports([_row(report_delta.full(_full(1)))])


def test_a_full_report_stores_its_digest(db, site):
    latest = db.get_latest_report('SiteA')
    assert latest.digest == report_delta.digest(_full(1))
    assert db.list_report_history('SiteA')[0].summary['hosts']['total'] == 2


def test_a_heartbeat_moves_the_seq_and_keeps_the_body(db, site):
    beat = report_delta.make(_full(1), _full(2))
    assert report_delta.is_heartbeat(beat)
    result = db.ingest_reports([_row(beat, LATER)])
    assert result.accepted == [('SiteA', 2)] and not result.needs_full
    latest = db.get_latest_report('SiteA')
    assert (latest.seq, latest.received_at) == (2, LATER)
    assert latest.body['seq'] == 1      # the state as of its last change
    assert db.get_site('SiteA').last_report_seq == 2
    # The history is of changes: a heartbeat adds none.
    assert [h.seq for h in db.list_report_history('SiteA')] == [1]


def test_a_changed_delta_is_applied(db, site):
    new = _full(2, hosts=('cmp1', 'cmp3'), templates=[])
    new['hosts'][0] = _host('cmp1', used=2)
    delta = report_delta.make(_full(1), new)
    assert delta['hosts_removed'] == ['cmp2']
    result = db.ingest_reports([_row(delta, LATER)])
    assert result.accepted == [('SiteA', 2)]
    latest = db.get_latest_report('SiteA')
    assert latest.body['hosts'] == new['hosts']
    assert latest.body['templates'] == []
    assert latest.digest == report_delta.digest(new)
    assert latest.seq == 2
    history = db.list_report_history('SiteA')
    assert [h.seq for h in history] == [1, 2]
    assert history[1].summary['resources']['VCPU']['used'] == 2


def test_a_chain_in_one_batch(db, site):
    second, third = _full(2, used=1), _full(3, used=1)
    fourth = _full(4, used=3)
    rows = [_row(report_delta.make(_full(1), second)),
            _row(report_delta.make(second, third)),
            _row(report_delta.make(third, fourth))]
    result = db.ingest_reports(rows[::-1])
    assert result.accepted == [('SiteA', 2), ('SiteA', 3), ('SiteA', 4)]
    latest = db.get_latest_report('SiteA')
    assert latest.seq == 4 and latest.digest == report_delta.digest(fourth)
    assert [h.seq for h in db.list_report_history('SiteA')] == [1, 2, 4]


def test_a_gap_asks_for_the_full_report(db, site):
    # Report 2 never arrived: 3 builds on it.
    delta = report_delta.make(_full(2), _full(3, used=1))
    result = db.ingest_reports([_row(delta)])
    assert result.needs_full == [('SiteA', 3)] and not result.accepted
    assert db.get_latest_report('SiteA').seq == 1
    assert db.get_site('SiteA').last_report_seq == 1
    # The same report, whole, is taken.
    result = db.ingest_reports([_row(report_delta.full(_full(3, used=1)))])
    assert result.accepted == [('SiteA', 3)]


def test_a_digest_mismatch_asks_for_the_full_report(db, site):
    beat = dict(report_delta.make(_full(1), _full(2)), digest='0' * 64)
    changed = report_delta.make(_full(1), _full(2, used=1))
    changed['digest'] = '1' * 64
    for delta in (beat, changed):
        result = db.ingest_reports([_row(delta)])
        assert result.needs_full == [('SiteA', 2)]
    latest = db.get_latest_report('SiteA')
    assert (latest.seq, latest.digest) == (1, report_delta.digest(_full(1)))


def test_a_delta_after_a_refused_one_is_refused_too(db, site):
    bad = dict(report_delta.make(_full(1), _full(2, used=1)),
               digest='2' * 64)
    follow = report_delta.make(_full(2, used=1), _full(3, used=1))
    result = db.ingest_reports([_row(bad), _row(follow)])
    assert result.needs_full == [('SiteA', 2), ('SiteA', 3)]


def test_a_delta_without_a_stored_report(db):
    fixtures.make_site(db, name='SiteA')
    delta = report_delta.make(_full(1), _full(2))
    assert db.ingest_reports([_row(delta)]).needs_full == [('SiteA', 2)]


def test_reflects_goes_to_the_site(db, site):
    beat = report_delta.make(_full(1), _full(
        2, reflects={'through': 7, 'until': 9}))
    db.ingest_reports([_row(beat)])
    row = db.get_site('SiteA')
    assert (row.reflects_through, row.reflects_until) == (7, 9)
    db.ingest_reports([_row(_full(3))])
    row = db.get_site('SiteA')
    assert (row.reflects_through, row.reflects_until) == (None, None)
