"""Alarms from the sites: raised, cleared, stale ones ignored."""

import pytest

from central_cloud.engine import alarms
from central_cloud.engine import exception
from tests.unit.engine import samples

T1, T2 = '2026-05-20T12:00:00Z', '2026-05-20T12:05:00+02:00'


def test_raise_then_clear(db, make_site, engine_manager):
    make_site('SiteA')
    engine_manager.alarm({}, samples.alarm(at=T1))
    [alarm] = db.list_alarms()
    assert (alarm.state, alarm.key, alarm.kind, alarm.severity) == (
        'raised', 'host-down:compute-1', 'host_down', 'major')
    assert alarm.raised_at.isoformat() == '2026-05-20T12:00:00'
    engine_manager.alarm({}, samples.alarm(state='cleared',
                                           at='2026-05-20T12:10:00Z'))
    [alarm] = db.list_alarms()
    assert alarm.state == 'cleared'


def test_stale_alarm_is_ignored(db, make_site):
    make_site('SiteA')
    assert alarms.store(samples.alarm(state='cleared',
                                      at='2026-05-20T12:10:00Z')) is False
    assert alarms.store(samples.alarm(at='2026-05-20T12:11:00Z'))
    # A clear that happened before the raise arrives late.
    assert alarms.store(samples.alarm(state='cleared', at=T2)) is False
    assert db.list_alarms()[0].state == 'raised'
    assert alarms.store(samples.alarm(at='2026-05-20T12:11:00Z')) is False


def test_unknown_site_is_refused(db, engine_manager, caplog):
    with pytest.raises(exception.Refused):
        alarms.store(samples.alarm('Nowhere'))
    engine_manager.alarm({}, samples.alarm('Nowhere'))
    assert 'Dropped alarm host-down:compute-1 of site Nowhere' in \
        caplog.text
