"""Notices push: new notices to their target sites, once."""

import pytest

from central_cloud.engine import notices
from tests.unit.engine import conftest


@pytest.fixture
def sites(make_site):
    make_site('North1', group='north')
    make_site('North2', group='north')
    make_site('South', group='south')
    make_site('Closed', group='north', management_state='maintenance')
    make_site('Away', group='north')
    conftest.set_availability('Away', 'offline')


def _pusher(sites_bus, tmp_path, partition=None):
    return notices.NoticePusher(
        sites_bus.api, partition or conftest.OwnsAll(),
        notices.Marker(str(tmp_path / 'engine' / 'notices-pushed')))


def test_new_notices_reach_their_targets_once(db, sites, sites_bus,
                                              tmp_path):
    everyone = db.create_notice('Upgrade', 'Tonight at 22:00')
    north = db.create_notice('North only', 'Hello',
                             {'groups': ['north']})
    south = db.create_notice('South', 'Hi', {'sites': ['South']})
    pusher = _pusher(sites_bus, tmp_path)
    assert pusher.run_once() == [everyone.id, north.id, south.id]
    got = {}
    for site, data in sites_bus.pushes():
        got.setdefault(data['id'], []).append(site)
        assert data['kind'] == 'notice'
    assert got == {str(everyone.id): ['North1', 'North2', 'South'],
                   str(north.id): ['North1', 'North2'],
                   str(south.id): ['South']}
    [(_site, data)] = [p for p in sites_bus.pushes()
                       if p[1]['id'] == str(south.id)]
    assert data['body']['title'] == 'South'
    assert (tmp_path / 'engine' / 'notices-pushed').read_text() == \
        '%d\n' % south.id
    # Pushed already: nothing more, even for a new engine on that state.
    assert pusher.run_once() == []
    assert _pusher(sites_bus, tmp_path).run_once() == []
    later = db.create_notice('Later', 'x')
    assert pusher.run_once() == [later.id]


def test_capped_sites_get_notices_when_they_resync(db, sites, transport,
                                                   tmp_path, caplog):
    bus = conftest.SiteBus(transport, version_cap='1.0')
    notice = db.create_notice('Upgrade', 'Tonight')
    assert _pusher(bus, tmp_path).run_once() == [notice.id]
    assert bus.pushes() == []
    assert "push() of business data kind 'notice' needs RPC API version " \
        "1.1" in caplog.text


def test_only_the_owner_pushes(db, sites, sites_bus, tmp_path):
    db.create_notice('Upgrade', 'Tonight')
    assert _pusher(sites_bus, tmp_path,
                   conftest.OwnsNothing()).run_once() == []
    assert sites_bus.pushes() == []


def test_an_unwritable_marker_is_kept_in_memory(db, sites, sites_bus,
                                                tmp_path, caplog):
    (tmp_path / 'engine').write_text('a file, not a folder')
    notice = db.create_notice('Upgrade', 'Tonight')
    pusher = _pusher(sites_bus, tmp_path)
    assert pusher.run_once() == [notice.id]
    assert pusher.run_once() == []
    assert 'kept in memory only' in caplog.text
