"""The fleet summary: states, totals and map cells counted in SQL."""

import pytest
import sqlalchemy as sa

from central_cloud.db import fleet
from central_cloud.db import models
from central_cloud import report_summary
from tests.unit.db import fixtures

NOW = fixtures.NOW


def _body(site, up=2, down=0, vcpus=(3, 8)):
    hosts = [{'name': '%s-%d' % (site, n), 'state': 'up', 'instances': 2,
              'resources': {'VCPU': {'total': vcpus[1], 'used': vcpus[0],
                                     'reserved': 0,
                                     'allocation_ratio': 1.0}}}
             for n in range(up)]
    hosts += [{'name': '%s-down%d' % (site, n), 'state': 'down',
               'instances': 0, 'resources': {}} for n in range(down)]
    return {'site': site, 'hosts': hosts}


def _report(db, site, seq, body=None):
    body = body or _body(site)
    db.ingest_reports([{'site': site, 'seq': seq, 'body': body,
                        'summary': report_summary.summarise(body)}],
                      now=NOW)


@pytest.fixture
def fleet_db(db, engine):
    """Sites in every state, two of them in one small cell."""
    where = {'Online': (50.85, 4.35), 'Short': (50.86, 4.36),
             'Offline': (45.76, 4.83), 'Maintenance': (52.37, 4.90),
             'Unknown': (48.85, 2.35), 'Pool': (48.86, 2.36)}
    for name, (latitude, longitude) in where.items():
        fixtures.make_site(db, name=name, latitude=latitude,
                           longitude=longitude, shared_pool=name == 'Pool')
    for name in ('Online', 'Short', 'Offline', 'Maintenance', 'Pool'):
        _report(db, name, 1)
    # A newer report of Online: only the newest one counts.
    _report(db, 'Online', 2, _body('Online', up=1, down=1, vcpus=(1, 8)))
    with engine.begin() as connection:
        connection.execute(sa.update(models.Site).where(
            models.Site.name == 'Offline').values(availability='offline'))
    db.update_site('Maintenance', {'management_state': 'maintenance'})
    db.raise_alarm('Short', fleet.SHORTAGE_KIND, 'warning',
                   fleet.SHORTAGE_KIND)
    db.raise_alarm('Offline', 'site-offline', 'critical', 'availability')
    for number, (site, origin) in enumerate(
            [('Online', None), ('Pool', 'Short'), ('Pool', 'Short'),
             ('Online', 'Short'), ('Short', 'Short')]):
        db.create_desktop({'site': site, 'origin_site': origin,
                           'project_id': 'p', 'name': 'd%d' % number,
                           'template_type': 'office', 'flavor': 'm',
                           'state': 'active' if number else 'building'})
    return db


def test_states_totals_and_desktops(fleet_db):
    summary = fleet.fleet_summary(1.0)
    assert summary['sites'] == {'online': 2, 'short': 1, 'offline': 1,
                                'inactive': 1, 'unknown': 1}
    # Online's newest report has one host up; four sites have two.
    assert summary['hosts'] == {'up': 9, 'total': 10}
    assert summary['instances'] == 18
    assert summary['resources']['VCPU'] == {'used': 25, 'total': 72}
    assert isinstance(summary['resources']['VCPU']['total'], int)
    assert summary['resources']['DISK_GB'] == {'used': 0, 'total': 0}
    assert summary['desktops'] == {'building': 1, 'active': 4}
    assert summary['borrowed'] == 3
    assert summary['borrow_lines'] == [
        {'origin': 'Short', 'site': 'Pool', 'count': 2,
         'origin_point': [50.86, 4.36], 'site_point': [48.86, 2.36]},
        {'origin': 'Short', 'site': 'Online', 'count': 1,
         'origin_point': [50.86, 4.36], 'site_point': [50.85, 4.35]}]
    assert summary['alarms'] == 2


def test_cells_count_sites_with_their_worst_state(fleet_db):
    clusters = fleet.fleet_summary(1.0)['clusters']
    by_site = {c['site']: c for c in clusters if c['site']}
    pairs = [c for c in clusters if c['count'] == 2]
    # Online and Short share a cell, and so do Unknown and Pool.
    assert len(pairs) == 2 and set(by_site) == {'Offline', 'Maintenance'}
    brussels = next(c for c in pairs if c['latitude'] > 50)
    assert brussels['worst'] == 'short'
    assert brussels['states'] == {'online': 1, 'short': 1}
    assert brussels['latitude'] == pytest.approx(50.855)
    assert brussels['longitude'] == pytest.approx(4.355)
    paris = next(c for c in pairs if c['latitude'] < 50)
    assert paris['worst'] == 'unknown' and paris['shared_pools'] == 1
    assert by_site['Offline']['worst'] == 'offline'
    assert by_site['Maintenance']['worst'] == 'inactive'
    assert sum(c['count'] for c in clusters) == 6


def test_smaller_cells_split_and_a_whole_world_cell_holds_all(fleet_db):
    assert all(c['count'] == 1
               for c in fleet.fleet_summary(0.001)['clusters'])
    world = fleet.fleet_summary(360)['clusters']
    assert len(world) == 1 and world[0]['count'] == 6
    assert world[0]['worst'] == 'offline'


def test_cells_on_both_sides_of_zero_stay_apart(db):
    for name, latitude, longitude in (('West', 10.0, -0.2),
                                      ('East', 10.0, 0.2),
                                      ('South', -0.2, 20.0),
                                      ('North', 0.2, 20.0)):
        fixtures.make_site(db, name=name, latitude=latitude,
                           longitude=longitude)
    clusters = fleet.fleet_summary(1.0)['clusters']
    assert sorted(c['site'] for c in clusters) == ['East', 'North',
                                                   'South', 'West']


def test_an_empty_fleet(db):
    summary = fleet.fleet_summary(10.0)
    assert summary['sites'] == {} and summary['clusters'] == []
    assert summary['hosts'] == {'up': 0, 'total': 0}
    assert summary['borrowed'] == 0 and summary['borrow_lines'] == []


@pytest.mark.parametrize('cell', [0, -1, 361])
def test_a_cell_size_out_of_range(cell):
    with pytest.raises(ValueError):
        fleet.fleet_summary(cell)
