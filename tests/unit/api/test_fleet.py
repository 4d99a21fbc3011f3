"""/v1/fleet/summary: the overview's numbers, as the REST API answers."""

import pytest

from central_cloud import report_summary
from tests.unit.api import fixtures
from tests.unit.api import test_monitoring


@pytest.fixture
def reported(client, db, site):
    client.post('/v1/sites', dict(fixtures.SITE, name='SiteB'))
    body = test_monitoring.report(1)
    db.ingest_reports([{'site': 'SiteA', 'seq': 1, 'body': body,
                        'summary': report_summary.summarise(body)}])


def test_summary(client, reported):
    resp = client.get('/v1/fleet/summary')
    assert resp.status_int == 200, resp.text
    summary = resp.json['summary']
    assert summary['zoom'] == 4 and summary['cell_degrees'] == 11.25
    assert summary['sites'] == {'online': 1, 'unknown': 1}
    assert summary['hosts'] == {'up': 2, 'total': 3}
    assert summary['resources']['VCPU'] == {'used': 7, 'total': 16}
    assert summary['desktops'] == {} and summary['alarms'] == 0
    # Both sites are at the same spot: one cell, the worst state first.
    [cell] = summary['clusters']
    assert (cell['count'], cell['worst']) == (2, 'unknown')
    assert cell['site'] is None
    cells = client.get('/v1/fleet/summary?zoom=16').json['summary']
    assert cells['cell_degrees'] == 180.0 / 2 ** 16


def test_too_many_cells_go_coarser(client, reported):
    client.post('/v1/sites', dict(fixtures.SITE, name='SiteC',
                                  latitude=-30.0, longitude=100.0))
    fine = client.get('/v1/fleet/summary?zoom=16').json['summary']
    assert len(fine['clusters']) == 2 and fine['zoom'] == 16
    coarse = client.get('/v1/fleet/summary?zoom=16&max_clusters=1').json[
        'summary']
    # Only half the world (zoom 0) puts Brussels and Perth in one cell.
    assert coarse['zoom'] == 0 and coarse['cell_degrees'] == 180.0
    assert [c['count'] for c in coarse['clusters']] == [3]


@pytest.mark.parametrize('query', ['zoom=17', 'zoom=-1', 'zoom=x',
                                   'zoom=', 'zoom=1&zoom=2', 'group=a',
                                   'max_clusters=0', 'max_clusters=5001'])
def test_bad_queries_are_refused_with_what_is_allowed(client, query):
    message = fixtures.error_of(client.get('/v1/fleet/summary?' + query),
                                400)
    assert 'Invalid query string' in message


@pytest.mark.parametrize('headers, status', [
    (fixtures.READER, 200), (fixtures.MEMBER, 403), (fixtures.NOBODY, 403)])
def test_readers_and_admins_only(client, headers, status):
    resp = client.get('/v1/fleet/summary', as_=headers)
    assert resp.status_int == status, resp.text
