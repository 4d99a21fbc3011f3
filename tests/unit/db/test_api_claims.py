"""Placement claims: written under the site's lock, released, counted."""

import datetime
import threading
import uuid

import pytest

from central_cloud.db import exception
from central_cloud.placement import capacity
from tests.unit.db import fixtures

NOW = fixtures.NOW
MEDIUM = (2, 2048, 20)


def _body(site, hosts=1, used=(0, 0, 0)):
    inventory = {'total': 4, 'used': 0, 'reserved': 0,
                 'allocation_ratio': 1.0}
    return {'site': site, 'hosts': [{
        'name': '%s-cmp%d' % (site.lower(), n), 'state': 'up',
        'resources': {
            'VCPU': dict(inventory, used=used[0]),
            'MEMORY_MB': dict(inventory, total=8192, used=used[1]),
            'DISK_GB': dict(inventory, total=80, used=used[2])}}
        for n in range(1, hosts + 1)],
        'flavors': [{'name': 'medium', 'id': 'f2', 'vcpus': 2,
                     'ram': 2048, 'disk': 20}]}


def _report(db, site, seq=1, now=NOW, **values):
    db.ingest_reports([{'site': site, 'seq': seq,
                        'body': _body(site, **values)}], now=now)


@pytest.fixture
def sites(db):
    for name in ('SiteA', 'SiteB'):
        fixtures.make_site(db, name=name)
        _report(db, name)


def _create(db, site='SiteA', name='desk'):
    desktop_id = str(uuid.uuid4())
    db.create_desktop({'id': desktop_id, 'site': site, 'project_id': 'p',
                       'name': name, 'template_type': 'office',
                       'flavor': 'medium', 'state': 'building'})
    return db.create_command(site, 'create', desktop_id=desktop_id,
                             payload={'name': name, 'flavor': 'medium',
                                      'template_type': 'office'})


def _choose(lending=False):
    def choose(site, body, claims):
        host = capacity.choose_host(capacity.hosts_of(body), claims, MEDIUM,
                                    site.reserve_ratio if lending else 0)
        return (host, MEDIUM) if host else None
    return choose


def test_a_claim_at_home(db, sites):
    command = _create(db)
    claim = db.place_create(command.id, 'SiteA', 'SiteA', _choose())
    assert (claim.host, claim.vcpus, claim.memory_mb, claim.disk_gb,
            claim.state, claim.site.name) == (
        'sitea-cmp1', 2, 2048, 20, 'held', 'SiteA')
    assert db.get_command(command.id).site.name == 'SiteA'
    assert db.counting_claims() == [('SiteA', 'sitea-cmp1', 2, 2048, 20)]
    assert db.claimed_commands([command.id, 'other']) == {command.id}


def test_a_borrowed_desktop_moves_with_its_command(db, sites):
    command = _create(db)
    claim = db.place_create(command.id, 'SiteB', 'SiteA', _choose(True),
                            scheduler_hints={'desktop_origin_site': 'SiteA'},
                            home_short=True)
    assert claim.site.name == 'SiteB'
    moved = db.get_command(command.id)
    assert moved.site.name == 'SiteB' and moved.state == 'pending'
    assert moved.payload['scheduler_hints'] == {
        'desktop_origin_site': 'SiteA'}
    desktop = db.get_desktop(moved.desktop_id)
    assert (desktop.site.name, desktop.origin_site.name) == ('SiteB',
                                                             'SiteA')
    states = {(c.site.name, c.state) for c in db.list_claims()}
    assert states == {('SiteB', 'held'), ('SiteA', 'short')}
    assert db.no_room_since(NOW) == {'SiteA': 1}


def test_a_command_is_placed_once(db, sites):
    command = _create(db)
    db.place_create(command.id, 'SiteA', 'SiteA', _choose())
    with pytest.raises(exception.Conflict, match='placed already'):
        db.place_create(command.id, 'SiteB', 'SiteA', _choose(True))
    db.command_transition(command.id, ['pending'], 'sent')
    with pytest.raises(exception.Conflict, match='not a pending create'):
        db.place_create(command.id, 'SiteA', 'SiteA', _choose())
    with pytest.raises(exception.NotFound):
        db.place_create(command.id, 'Nowhere', 'SiteA', _choose())


def test_no_room_writes_nothing(db, sites):
    _report(db, 'SiteA', seq=2, used=(3, 0, 0))
    command = _create(db)
    assert db.place_create(command.id, 'SiteA', 'SiteA', _choose()) is None
    assert db.list_claims() == []


def test_claims_take_the_last_host_once(db, sites):
    # One host, room for two mediums.
    commands = [_create(db, name='d%d' % n) for n in range(3)]
    placed = [db.place_create(c.id, 'SiteA', 'SiteA', _choose())
              for c in commands]
    assert [p is not None for p in placed] == [True, True, False]


def test_release_counts_until_a_newer_report(db, sites):
    command = _create(db)
    db.place_create(command.id, 'SiteA', 'SiteA', _choose())
    later = NOW + datetime.timedelta(seconds=5)
    assert db.release_claims(command.desktop_id, now=later) == 1
    # The latest report predates the server: the claim still counts.
    assert db.counting_claims() == [('SiteA', 'sitea-cmp1', 2, 2048, 20)]
    _report(db, 'SiteA', seq=2, now=later + datetime.timedelta(seconds=5),
            used=MEDIUM)
    assert db.counting_claims() == []


def test_drop_and_refuse(db, sites):
    command = _create(db)
    db.place_create(command.id, 'SiteA', 'SiteA', _choose())
    db.refuse_claim(command.id, command.desktop_id, 'SiteA')
    assert db.counting_claims() == []
    assert db.refused_sites(command.desktop_id) == ['SiteA']
    other = _create(db, name='other')
    db.place_create(other.id, 'SiteA', 'SiteA', _choose())
    assert db.drop_claims(other.desktop_id) == 1
    assert [c.state for c in db.list_claims()] == ['refused']
    db.record_short(other.id, other.desktop_id, 'SiteB')
    assert db.no_room_since(NOW) == {'SiteA': 1, 'SiteB': 1}
    # A page's refused sites in one query; a desktop refused nowhere is
    # left out.
    assert db.refused_sites_of([command.desktop_id, other.desktop_id]) == {
        command.desktop_id: ['SiteA']}
    assert db.refused_sites_of([]) == {}


def test_deleting_the_desktop_deletes_its_claims(db, sites):
    command = _create(db)
    db.place_create(command.id, 'SiteA', 'SiteA', _choose())
    db.delete_desktop(command.desktop_id)
    assert db.list_claims() == []


def test_stale_records_are_deleted(db, sites):
    _report(db, 'SiteA', seq=2, hosts=2)
    done, ended, held = (_create(db, name=n) for n in ('a', 'b', 'c'))
    for command in (done, ended, held):
        assert db.place_create(command.id, 'SiteA', 'SiteA', _choose())
    db.release_claims(done.desktop_id, now=NOW)
    db.record_short(held.id, held.desktop_id, 'SiteB')
    db.command_transition(ended.id, ['pending'], 'failed')
    _report(db, 'SiteA', seq=3, now=NOW + datetime.timedelta(seconds=1),
            hosts=2)
    later = datetime.datetime.utcnow() + datetime.timedelta(hours=2)
    assert db.delete_stale_claims(later, 3600) == 3
    [left] = db.list_claims()
    assert (left.command_id, left.state) == (held.id, 'held')
    assert db.delete_stale_claims(later, 3 * 3600) == 0


def test_placement_reads(db, sites):
    rows = {row.name: row for row in db.placement_sites()}
    assert rows['SiteA'].last_report_seq == 1
    assert rows['SiteA'].availability == 'online'
    [report] = db.latest_reports([rows['SiteB'].id])
    assert report.body['site'] == 'SiteB' and report.seq == 1
    assert db.latest_reports([]) == []
    db.create_template({'type_name': 'office'})
    db.set_site_template('SiteA', 'office', 'ready')
    db.set_site_template('SiteB', 'office', 'building')
    assert db.ready_templates() == {'SiteA': {'office'}}


def test_concurrent_placements_never_overcommit(db, sites):
    """Eight threads place 8 desktops on a site with room for 4."""
    _report(db, 'SiteA', seq=2, hosts=2)
    commands = [_create(db, name='d%d' % n) for n in range(8)]
    start = threading.Barrier(len(commands))
    results, errors = [], []

    def place(command):
        start.wait()
        try:
            results.append(db.place_create(command.id, 'SiteA', 'SiteA',
                                           _choose()))
        except Exception as exc:  # noqa: reported below
            errors.append(exc)

    threads = [threading.Thread(target=place, args=(c,)) for c in commands]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert errors == []
    assert sum(1 for r in results if r is not None) == 4
    per_host = {}
    for site, host, vcpus, _ram, _disk in db.counting_claims():
        per_host[host] = per_host.get(host, 0) + vcpus
    assert per_host == {'sitea-cmp1': 4, 'sitea-cmp2': 4}
