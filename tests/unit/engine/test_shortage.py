"""The shortage alarm: raised on high usage or no room, then cleared."""

import datetime

from oslo_utils import timeutils
import pytest

from central_cloud.conf import CONF
from central_cloud.engine import shortage
from central_cloud.placement import view as view_mod
from tests.unit.engine import conftest
from tests.unit.placement import samples


@pytest.fixture
def config():
    CONF([], project='desktop-federation', default_config_files=[])
    yield CONF
    CONF.reset()


def _report(db, name, seq, used=(0, 0, 0)):
    db.ingest_reports([{'site': name, 'seq': seq, 'body': samples.report(
        name, [samples.host('h1', used=used),
               samples.host('h2', used=used)])}])


@pytest.fixture
def watch(db, make_site, config):
    config.set_override('view_max_age', 0, 'placement')
    make_site('SiteA')
    make_site('SiteB', latitude=52.37, longitude=4.9)
    _report(db, 'SiteA', 1)
    _report(db, 'SiteB', 1)
    return shortage.ShortageWatch(view_mod.View(), conftest.OwnsAll(), CONF)


def _alarms(db):
    return {(a.site.name, a.state, a.severity): a.message
            for a in db.list_alarms(filters={'kind': 'shortage'})}


def test_high_usage_raises_then_clears(db, watch):
    assert watch.run_once() == (0, 0)
    _report(db, 'SiteA', 2, used=(4, 1024, 10))  # all VCPUs in use
    assert watch.run_once() == (1, 0)
    assert _alarms(db) == {('SiteA', 'raised', 'warning'): (
        'Site SiteA is short of capacity: VCPU usage is 100% of its '
        'capacity (threshold 90%)')}
    assert watch.run_once() == (0, 0)  # idempotent
    _report(db, 'SiteA', 3, used=(1, 0, 0))
    assert watch.run_once() == (0, 1)
    assert [state for _site, state, _s in _alarms(db)] == ['cleared']


def test_the_threshold_is_an_option(db, watch, config):
    _report(db, 'SiteA', 2, used=(3, 0, 0))  # 75%
    assert watch.run_once() == (0, 0)
    config.set_override('shortage_usage_threshold', 0.7, 'placement')
    assert watch.run_once() == (1, 0)
    config.set_override('shortage_usage_threshold', 0.0, 'placement')
    assert watch.run_once() == (0, 1)


def test_a_desktop_without_room_raises_for_the_window(db, watch, config):
    desktop = db.create_desktop({'site': 'SiteA', 'project_id': 'p',
                                 'name': 'd', 'template_type': 'office',
                                 'flavor': 'medium'})
    db.record_short('8c0d5ad4-7ac8-4a31-9d0f-c1b9b9e9f3a1', desktop.id,
                    'SiteA')
    assert watch.run_once() == (1, 0)
    [(key, message)] = _alarms(db).items()
    assert key == ('SiteA', 'raised', 'major')
    assert message.endswith('1 desktop(s) found no room there in the last '
                            '600 s')
    later = timeutils.utcnow() + datetime.timedelta(seconds=601)
    timeutils.set_time_override(later)
    try:
        assert watch.run_once() == (0, 1)
    finally:
        timeutils.clear_time_override()


def test_only_owned_sites_are_checked(db, watch):
    _report(db, 'SiteA', 2, used=(4, 0, 0))
    watch.partition = conftest.OwnsNothing()
    assert watch.run_once() == (0, 0)
    assert _alarms(db) == {}
