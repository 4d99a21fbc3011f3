"""Sites: CRUD, listing and the offline audit."""

import datetime

import pytest

from central_cloud.db import exception
from tests.unit.db import fixtures

NOW = fixtures.NOW


def test_create_and_get(db):
    site = fixtures.make_site(db, group='benelux', reserve_ratio=0.25)
    assert site.id
    assert site.availability == 'unknown'
    assert site.management_state == 'managed'
    assert site.shared_pool is False
    got = db.get_site('SiteA')
    assert got.to_dict()['group'] == 'benelux'
    assert got.reserve_ratio == 0.25
    assert got.last_report_at is None


def test_create_duplicate_names_the_site(site, db):
    with pytest.raises(exception.Duplicate, match='site SiteA'):
        fixtures.make_site(db)


@pytest.mark.parametrize('values, message', [
    ({'latitude': 91}, 'latitude must be between'),
    ({'longitude': -181}, 'longitude must be between'),
    ({'latitude': 'north'}, 'latitude must be a number'),
    ({'reserve_ratio': 1.5}, 'reserve_ratio must be between'),
    ({'management_state': 'broken'}, 'management_state must be one of'),
    ({'region': ''}, 'region must be a non-empty string'),
    ({'name': 'x' * 256}, 'longer than 255'),
    ({'colour': 'red'}, 'unknown site field'),
])
def test_create_rejects_bad_values(db, values, message):
    with pytest.raises(exception.Invalid, match=message):
        fixtures.make_site(db, **values)


def test_create_requires_the_location(db):
    with pytest.raises(exception.Invalid, match='latitude is required'):
        db.create_site({'name': 'S', 'region': 'R', 'longitude': 1})


def test_get_unknown(db):
    with pytest.raises(exception.NotFound, match='site nowhere not found'):
        db.get_site('nowhere')


def test_update(site, db):
    updated = db.update_site('SiteA', {'management_state': 'maintenance',
                                       'shared_pool': True})
    assert updated.management_state == 'maintenance'
    assert db.get_site('SiteA').shared_pool is True


def test_update_errors(site, db):
    with pytest.raises(exception.NotFound):
        db.update_site('nowhere', {'region': 'R'})
    with pytest.raises(exception.Invalid, match='name cannot change'):
        db.update_site('SiteA', {'name': 'SiteZ'})


def test_list_filters_and_pages(db):
    for name, group in (('s3', 'a'), ('s1', 'a'), ('s2', 'b'), ('s4', 'a')):
        fixtures.make_site(db, name=name, group=group)
    names = [s.name for s in db.list_sites()]
    assert names == ['s1', 's2', 's3', 's4']
    assert [s.name for s in db.list_sites({'group': 'a'})] == [
        's1', 's3', 's4']
    assert [s.name for s in db.list_sites({'name': ['s4', 's2']})] == [
        's2', 's4']
    page = db.list_sites(limit=2)
    assert [s.name for s in page] == ['s1', 's2']
    page = db.list_sites(limit=2, marker=page[-1].name)
    assert [s.name for s in page] == ['s3', 's4']
    assert db.list_sites(limit=2, marker='s4') == []
    assert [s.name for s in db.list_sites(sort_dir='desc', limit=1)] == [
        's4']


@pytest.mark.parametrize('kwargs, message', [
    ({'limit': 0}, 'limit must be a positive integer'),
    ({'marker': 'nowhere'}, 'marker site nowhere not found'),
    ({'sort_dir': 'up'}, 'sort_dir must be one of'),
    ({'filters': {'colour': 'red'}}, 'unknown filter'),
])
def test_list_rejects_bad_arguments(site, db, kwargs, message):
    with pytest.raises(exception.Invalid, match=message):
        db.list_sites(**kwargs)


def test_delete(site, db):
    db.create_command('SiteA', 'ping')
    db.raise_alarm('SiteA', 'disk', 'major', 'host')
    db.ingest_reports([{'site': 'SiteA', 'seq': 1, 'body': {}}], now=NOW)
    db.create_template({'type_name': 'office'})
    db.set_site_template('SiteA', 'office', 'ready')
    db.delete_site('SiteA')
    with pytest.raises(exception.NotFound):
        db.get_site('SiteA')
    assert db.list_commands() == []
    assert db.list_alarms() == []
    assert db.list_latest_reports() == []
    assert db.list_site_templates() == []


def test_delete_unknown(db):
    with pytest.raises(exception.NotFound):
        db.delete_site('nowhere')


@pytest.mark.parametrize('field', ['site', 'origin_site'])
def test_delete_refused_while_desktops_exist(db, field):
    fixtures.make_site(db, name='home')
    fixtures.make_site(db, name='lender')
    desktop = db.create_desktop({
        'site': 'lender', 'origin_site': 'home', 'project_id': 'p',
        'name': 'd', 'template_type': 'office', 'flavor': 'small'})
    victim = 'lender' if field == 'site' else 'home'
    with pytest.raises(exception.Conflict, match='%s still has desktops'
                       % victim):
        db.delete_site(victim)
    db.delete_desktop(desktop.id)
    db.delete_site(victim)


def _report(db, name, at):
    seq = (db.get_site(name).last_report_seq or 0) + 1
    db.ingest_reports([{'site': name, 'seq': seq, 'body': {}}], now=at)


def test_mark_offline_sites(db):
    for name in ('late', 'fresh', 'silent', 'gone'):
        fixtures.make_site(db, name=name)
    _report(db, 'late', NOW - datetime.timedelta(seconds=301))
    _report(db, 'fresh', NOW - datetime.timedelta(seconds=30))
    _report(db, 'gone', NOW - datetime.timedelta(seconds=600))
    db.update_site('gone', {'management_state': 'unmanaged'})
    assert db.mark_offline_sites(NOW, 60, 2) == ['gone', 'late']
    late = db.get_site('late')
    assert late.availability == 'offline'
    assert late.missed == 5
    assert db.get_site('gone').missed == 10
    assert db.get_site('fresh').availability == 'online'
    # A site that never reported stays unknown.
    assert db.get_site('silent').availability == 'unknown'
    # Already offline: not reported twice.
    assert db.mark_offline_sites(NOW, 60, 2) == []


def test_mark_offline_takes_a_timedelta(db):
    fixtures.make_site(db, name='late')
    _report(db, 'late', NOW - datetime.timedelta(minutes=3))
    assert db.mark_offline_sites(NOW, datetime.timedelta(minutes=1),
                                 4) == []
    assert db.mark_offline_sites(NOW, datetime.timedelta(minutes=1),
                                 2) == ['late']
