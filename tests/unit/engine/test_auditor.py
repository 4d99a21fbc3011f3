"""The availability auditor: offline after missed reports, and back."""

import datetime

import sqlalchemy as sa

from central_cloud.db import models
from central_cloud.db import transaction
from central_cloud.engine import alarms
from central_cloud.engine import auditor
from central_cloud.engine import ingest
from central_cloud.engine import messages
from tests.unit.engine import conftest
from tests.unit.engine import samples


def _auditor(sites_bus):
    return auditor.Auditor(sites_bus.api, conftest.OwnsAll(),
                           report_interval=60, missed=2)


def _alarm(db, site):
    found = db.list_alarms(filters={'site': site,
                                    'key': alarms.SITE_OFFLINE})
    return found[0] if found else None


def _report(site, seq, on_stored):
    batcher = ingest.ReportBatcher(window=0.01, on_stored=on_stored)
    batcher.flush([(ingest.report_row(samples.report(site, seq)),
                    ingest.Pending())])


def test_silent_site_goes_offline_with_an_alarm(db, make_site, sites_bus,
                                                clock):
    make_site('SiteA')
    make_site('SiteB')
    audit = _auditor(sites_bus)
    _report('SiteA', 1, audit.on_stored)
    _report('SiteB', 1, audit.on_stored)
    clock.advance(100)
    _report('SiteB', 2, audit.on_stored)
    assert audit.run_once() == []
    clock.advance(21)  # SiteA: 121 s > 2 x 60 s
    assert audit.run_once() == ['SiteA']
    site = db.get_site('SiteA')
    assert (site.availability, site.missed) == ('offline', 2)
    alarm = _alarm(db, 'SiteA')
    assert (alarm.state, alarm.severity, alarm.kind) == (
        'raised', 'major', 'site-offline')
    assert 'no monitoring report for 2 intervals of 60 s' in alarm.message
    assert db.get_site('SiteB').availability == 'online'
    # Marked once only.
    assert audit.run_once() == []


def test_site_back_online_clears_and_gets_a_resync_hint(db, make_site,
                                                        sites_bus, clock):
    make_site('SiteA')
    audit = _auditor(sites_bus)
    _report('SiteA', 1, audit.on_stored)
    assert sites_bus.pushes() == []  # a new site: no hint
    clock.advance(200)
    audit.run_once()
    clock.advance(5)
    _report('SiteA', 2, audit.on_stored)
    assert db.get_site('SiteA').availability == 'online'
    alarm = _alarm(db, 'SiteA')
    assert (alarm.state, alarm.cleared_at) == ('cleared', clock.now)
    [(site, data)] = sites_bus.pushes()
    assert site == 'SiteA'
    assert (data['kind'], data['id']) == ('system_info',
                                          messages.RESYNC_HINT_ID)
    assert data['body']['action'] == 'resync'


def test_first_run_repairs_alarms(db, make_site, sites_bus, clock):
    for name in ('Down', 'Up'):
        make_site(name)
    old = clock.now - datetime.timedelta(hours=1)
    conftest.set_availability('Down', 'offline', old)
    conftest.set_availability('Up', 'online', clock.now)
    db.raise_alarm('Up', alarms.SITE_OFFLINE, 'major', 'site-offline')
    audit = _auditor(sites_bus)
    audit.run_once()
    assert _alarm(db, 'Down').state == 'raised'
    assert _alarm(db, 'Up').state == 'cleared'


def test_only_the_owner_marks_sites(db, make_site, sites_bus, clock):
    make_site('SiteA')
    audit = auditor.Auditor(sites_bus.api, conftest.OwnsNothing(), 60, 2)
    _report('SiteA', 1, audit.on_stored)
    clock.advance(500)
    assert audit.run_once() == []
    assert db.get_site('SiteA').availability == 'online'


def test_a_storm_of_sites_goes_offline_in_one_run_each_alarmed_once(
        db, make_site, sites_bus, clock):
    with transaction.writer() as session:
        session.execute(sa.insert(models.Site), [
            {'name': 'S%04d' % n, 'region': 'R', 'latitude': 50.0,
             'longitude': 4.0, 'availability': 'online',
             'last_report_at': clock.now, 'missed': 0}
            for n in range(1200)])
    audit = _auditor(sites_bus)
    # One of them had its alarm raised and cleared before.
    alarms.raise_site_offline('S0000', clock.now, 60, 2)
    alarms.clear_site_offline('S0000', clock.now)
    clock.advance(121)
    stayed = ['S%04d' % n for n in range(1000, 1200)]
    with transaction.writer() as session:
        session.execute(sa.update(models.Site).where(
            models.Site.name.in_(stayed)).values(last_report_at=clock.now))
    gone = audit.run_once()
    assert gone == ['S%04d' % n for n in range(1000)]
    raised = db.list_alarms(filters={'key': alarms.SITE_OFFLINE,
                                     'state': 'raised'})
    assert sorted(a.site.name for a in raised) == gone
    assert {a.raised_at for a in raised} == {clock.now}
    # Nothing flaps: the next runs change nothing.
    assert audit.run_once() == []
    assert len(db.list_alarms(filters={'key': alarms.SITE_OFFLINE})) == 1000
    # A site that reports again gets its alarm cleared, the others keep
    # theirs.
    _report('S0001', 2, audit.on_stored)
    assert _alarm(db, 'S0001').state == 'cleared'
    assert _alarm(db, 'S0002').state == 'raised'
