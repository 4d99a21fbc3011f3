"""Alarms (raised and cleared by site and key) and notices."""

import datetime

import pytest

from central_cloud.db import exception
from tests.unit.db import fixtures

NOW = fixtures.NOW
LATER = NOW + datetime.timedelta(minutes=5)


def test_raise_is_idempotent(site, db):
    alarm, changed = db.raise_alarm('SiteA', 'host1.disk', 'major', 'disk',
                                    'disk 91% full', now=NOW)
    assert changed
    assert (alarm.state, alarm.raised_at, alarm.acknowledged) == (
        'raised', NOW, False)
    assert alarm.to_dict()['site'] == 'SiteA'
    again, changed = db.raise_alarm('SiteA', 'host1.disk', 'critical',
                                    'disk', 'disk 99% full', now=LATER)
    assert not changed
    assert again.id == alarm.id
    assert (again.severity, again.message, again.raised_at) == (
        'critical', 'disk 99% full', NOW)


def test_clear_is_idempotent(site, db):
    db.raise_alarm('SiteA', 'k', 'minor', 'host', now=NOW)
    alarm, changed = db.clear_alarm('SiteA', 'k', now=LATER)
    assert changed
    assert (alarm.state, alarm.cleared_at) == ('cleared', LATER)
    alarm, changed = db.clear_alarm('SiteA', 'k')
    assert not changed and alarm.cleared_at == LATER
    assert db.clear_alarm('SiteA', 'never-raised') == (None, False)


def test_raise_again_after_clear(site, db):
    alarm, _ = db.raise_alarm('SiteA', 'k', 'minor', 'host', now=NOW)
    db.acknowledge_alarm(alarm.id)
    db.clear_alarm('SiteA', 'k', now=NOW)
    alarm, changed = db.raise_alarm('SiteA', 'k', 'minor', 'host', now=LATER)
    assert changed
    assert (alarm.state, alarm.raised_at, alarm.cleared_at,
            alarm.acknowledged) == ('raised', LATER, None, False)


def test_acknowledge(site, db):
    alarm, _ = db.raise_alarm('SiteA', 'k', 'minor', 'host')
    assert db.acknowledge_alarm(alarm.id).acknowledged is True
    assert db.get_alarm(alarm.id).acknowledged is True
    db.acknowledge_alarm(alarm.id, acknowledged=False)
    assert db.get_alarm(alarm.id).acknowledged is False


def test_alarm_errors(site, db):
    with pytest.raises(exception.NotFound, match='site ghost'):
        db.raise_alarm('ghost', 'k', 'minor', 'host')
    with pytest.raises(exception.NotFound, match='site ghost'):
        db.clear_alarm('ghost', 'k')
    with pytest.raises(exception.NotFound, match='alarm 42'):
        db.get_alarm(42)
    with pytest.raises(exception.NotFound, match='alarm 42'):
        db.acknowledge_alarm(42)
    with pytest.raises(exception.Invalid, match='severity'):
        db.raise_alarm('SiteA', 'k', '', 'host')


def test_list_alarms(db):
    fixtures.make_site(db, name='SiteA')
    fixtures.make_site(db, name='SiteB')
    a = db.raise_alarm('SiteA', 'a', 'major', 'disk')[0]
    b = db.raise_alarm('SiteB', 'b', 'minor', 'host')[0]
    c = db.raise_alarm('SiteA', 'c', 'minor', 'host')[0]
    db.clear_alarm('SiteA', 'c')
    assert [x.id for x in db.list_alarms()] == [a.id, b.id, c.id]
    assert [x.id for x in db.list_alarms({'site': 'SiteA',
                                          'state': 'raised'})] == [a.id]
    assert [x.id for x in db.list_alarms({'severity': 'minor'})] == [
        b.id, c.id]
    assert [x.id for x in db.list_alarms({'acknowledged': False},
                                         marker=a.id, limit=1)] == [b.id]


def test_notices(db):
    first = db.create_notice('Maintenance', 'Saturday 8:00-10:00')
    second = db.create_notice('Upgrade', 'New office suite',
                              targets={'groups': ['benelux']})
    assert db.get_notice(second.id).targets == {'groups': ['benelux']}
    assert first.targets == {}
    assert [n.id for n in db.list_notices()] == [second.id, first.id]
    assert [n.id for n in db.list_notices(marker=second.id)] == [first.id]
    assert [n.id for n in db.list_notices(sort_dir='asc')] == [
        first.id, second.id]
    db.delete_notice(first.id)
    with pytest.raises(exception.NotFound, match='notice'):
        db.get_notice(first.id)
    with pytest.raises(exception.NotFound):
        db.delete_notice(first.id)


def test_notice_validation(db):
    with pytest.raises(exception.Invalid, match='title'):
        db.create_notice('', 'body')
    with pytest.raises(exception.Invalid, match='targets must be a dict'):
        db.create_notice('t', 'b', targets=['SiteA'])
