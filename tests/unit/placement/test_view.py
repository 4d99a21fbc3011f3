"""The view: loaded from the database, then reloaded by what changed."""

from central_cloud.db import claims
from central_cloud.placement import view as view_mod
from tests.unit.placement import samples


class FakeDB(object):
    """The DB api functions the view reads, counting report reads."""

    def __init__(self, sites):
        self.sites = sites
        self.reports = {s['id']: samples.report(s['name']) for s in sites}
        self.read = []
        self.claims = []
        self.templates = {}

    def placement_sites(self):
        return [dict(s) for s in self.sites]

    def latest_reports(self, ids):
        self.read.extend(ids)
        return [claims.LatestReport(i, 1, None, self.reports[i])
                for i in ids]

    def counting_claims(self, sites=None):
        return [c for c in self.claims if sites is None or c[0] in sites]

    def ready_templates(self):
        return self.templates


def test_refresh_reads_only_the_reports_that_moved():
    db = FakeDB([samples.row('SiteA', site_id=1),
                 samples.row('SiteB', samples.AMSTERDAM, site_id=2)])
    view = view_mod.View()
    assert view.refresh(db)
    assert sorted(db.read) == [1, 2]
    assert view.sites['SiteA'].hosts and view.sites['SiteB'].flavors
    assert not view.refresh(db, max_age=60)  # still fresh
    db.read = []
    db.sites[1]['last_report_seq'] = 2
    db.claims = [('SiteA', 'sitea-1', 1, 512, 5)]
    db.templates = {'SiteB': {'cad'}}
    assert view.refresh(db)
    assert db.read == [2]
    assert view.sites['SiteA'].claims == {'sitea-1': (1, 512, 5)}
    assert view.sites['SiteB'].holds('cad')


def test_moved_or_removed_sites_rebuild_the_index():
    db = FakeDB([samples.row('SiteA', site_id=1),
                 samples.row('SiteB', samples.AMSTERDAM, site_id=2),
                 samples.row('SiteC', samples.LYON, site_id=3)])
    view = view_mod.View()
    view.refresh(db)
    point = view.sites['SiteA'].vector
    assert [s.name for _d, s in view.lenders().nearest(point)] == [
        'SiteA', 'SiteB', 'SiteC']
    db.sites[2].update(latitude=50.9, longitude=4.4)
    del db.sites[1]
    view.refresh(db)
    assert [s.name for _d, s in view.lenders().nearest(point)] == [
        'SiteA', 'SiteC']
    assert 'SiteB' not in view.sites


def test_a_state_change_updates_the_index_bounds():
    db = FakeDB([samples.row('SiteA', site_id=1)])
    view = view_mod.View()
    view.refresh(db)
    point = view.sites['SiteA'].vector
    assert len(list(view.lenders().nearest(point, (1, 1, 1)))) == 1
    db.sites[0]['availability'] = 'offline'
    view.refresh(db)
    assert list(view.lenders().nearest(point, (1, 1, 1))) == []
    assert view.sites['SiteA'].problem().startswith('offline')
