"""DesktopReserveFilter on nova's FakeHostState and RequestSpec."""

import logging

from nova.scheduler import filters
from oslo_config import cfg
import pytest

from nova_scheduler_filters.conf import desktop_scheduler
from nova_scheduler_filters import reserve_filter
from tests.unit.nova_scheduler_filters.conftest import aggregate
from tests.unit.nova_scheduler_filters.conftest import host
from tests.unit.nova_scheduler_filters.conftest import request

BORROWED = {'desktop_origin_site': 'SiteA'}
LOGGER = 'nova_scheduler_filters.reserve_filter'


@pytest.fixture
def host_filter(config):
    return reserve_filter.DesktopReserveFilter()


def half_reserve(**kwargs):
    """A host in one aggregate that keeps half of it in reserve."""
    return host(aggregates=[aggregate({'desktop_reserve_ratio': '0.5'},
                                      name='reserve-half')], **kwargs)


def test_a_request_without_the_hint_is_never_restricted(host_filter):
    full = half_reserve(vcpus_used=3, used_ram_mb=8000)
    assert host_filter.host_passes(full, request(vcpus=1, memory_mb=192))
    assert host_filter.host_passes(full, request(
        hints={'desktop_template_type': 'office'}, vcpus=1, memory_mb=192))


def test_a_borrowed_desktop_passes_where_the_reserve_stays_free(
        host_filter):
    # 4 VCPU, 8192 MB, 80 GB; the reserve is 2 VCPU, 4096 MB, 40 GB.
    assert host_filter.host_passes(half_reserve(), request(
        BORROWED, vcpus=2, memory_mb=4096, root_gb=40))


def test_a_borrowed_desktop_may_take_all_but_the_reserve(host_filter):
    used = half_reserve(vcpus_used=1, used_ram_mb=1024,
                        used_disk_mb=10 * 1024)
    assert host_filter.host_passes(used, request(
        BORROWED, vcpus=1, memory_mb=3072, root_gb=30))


@pytest.mark.parametrize('flavor, used, resource, numbers', [
    ({'vcpus': 3}, {}, 'VCPU',
     'would be 1 (free 4 - requested 3), below the reserve 2 '
     '(ratio 0.5 x capacity 4)'),
    ({'vcpus': 1}, {'vcpus_used': 2}, 'VCPU',
     'would be 1 (free 2 - requested 1), below the reserve 2'),
    ({'memory_mb': 4097}, {}, 'RAM MB',
     'would be 4095 (free 8192 - requested 4097), below the reserve 4096 '
     '(ratio 0.5 x capacity 8192)'),
    ({'memory_mb': 512}, {'used_ram_mb': 4000}, 'RAM MB',
     'would be 3680 (free 4192 - requested 512), below the reserve 4096'),
    ({'root_gb': 41}, {}, 'disk MB',
     'would be 39936 (free 81920 - requested 41984), below the reserve '
     '40960 (ratio 0.5 x capacity 81920)'),
    ({'root_gb': 20, 'ephemeral_gb': 10, 'swap': 11 * 1024}, {},
     'disk MB', 'would be 39936 (free 81920 - requested 41984)'),
])
def test_a_borrowed_desktop_that_would_eat_the_reserve_is_refused(
        host_filter, caplog, flavor, used, resource, numbers):
    caplog.set_level(logging.DEBUG, logger=LOGGER)
    assert not host_filter.host_passes(half_reserve(**used),
                                       request(BORROWED, **flavor))
    [record] = [r for r in caplog.records if r.name == LOGGER]
    assert record.levelno == logging.DEBUG
    assert record.getMessage().startswith(
        'host1 refused for a desktop borrowed from SiteA: %s free after '
        'placing ' % resource)
    assert numbers in record.getMessage()


def test_disk_counts_novas_allocations_not_physical_free_space(
        host_filter):
    # Drivers may report disk_available_least as 0 (nova's fake driver
    # does), which makes HostState.free_disk_mb 0; Placement, and so this
    # filter, count what the flavors took.
    thin = half_reserve(used_disk_mb=10 * 1024)
    thin.free_disk_mb = 0
    assert host_filter.host_passes(thin, request(BORROWED, root_gb=30))
    assert not host_filter.host_passes(thin, request(BORROWED, root_gb=31))


def test_a_volume_backed_root_takes_no_local_disk(host_filter):
    spec = request(BORROWED, root_gb=60, is_bfv=True)
    assert reserve_filter.requested_disk_mb(spec) == 0
    assert host_filter.host_passes(half_reserve(), spec)
    assert not host_filter.host_passes(half_reserve(),
                                       request(BORROWED, root_gb=60))


def test_capacity_includes_novas_allocation_ratios(host_filter):
    # 4 VCPU at 4.0 is 16, so the reserve is 8 and 8 may be borrowed.
    over = half_reserve(cpu_ratio=4.0, ram_ratio=1.5)
    assert host_filter.host_passes(over, request(BORROWED, vcpus=8,
                                                 memory_mb=6144))
    assert not host_filter.host_passes(over, request(BORROWED, vcpus=9))
    assert not host_filter.host_passes(over, request(BORROWED,
                                                     memory_mb=6145))


def test_a_host_without_reported_ratios_counts_them_as_one(host_filter):
    unknown = half_reserve(cpu_ratio=None, ram_ratio=None, disk_ratio=None)
    assert host_filter.host_passes(unknown, request(BORROWED, vcpus=2))
    assert not host_filter.host_passes(unknown, request(BORROWED, vcpus=3))


def test_the_strictest_of_several_aggregates_wins(host_filter, caplog):
    caplog.set_level(logging.DEBUG, logger=LOGGER)
    spread = host(aggregates=[
        aggregate({'desktop_reserve_ratio': '0.1'}),
        aggregate({'desktop_reserve_ratio': '0.6'}),
        aggregate({'other': 'x'})])
    assert host_filter.host_passes(spread, request(BORROWED, vcpus=1))
    assert not host_filter.host_passes(spread, request(BORROWED, vcpus=2))
    assert 'ratio 0.6 x capacity 4' in caplog.text


def test_the_config_default_applies_without_aggregate_metadata(
        host_filter, config):
    plain = host(aggregates=[aggregate({'availability_zone': 'az1'})])
    spec = request(BORROWED, vcpus=3)
    assert desktop_scheduler.desktop_scheduler_opts[0].default == 0.0
    assert host_filter.host_passes(plain, spec)
    config.config(group='desktop_scheduler', reserve_ratio=0.5)
    assert not host_filter.host_passes(plain, spec)
    assert host_filter.host_passes(plain, request(BORROWED, vcpus=2))
    config.config(group='desktop_scheduler', reserve_ratio=1.0)
    assert not host_filter.host_passes(plain, request(BORROWED, vcpus=1))


def test_aggregate_metadata_overrides_the_config(host_filter, config):
    config.config(group='desktop_scheduler', reserve_ratio=0.9)
    assert host_filter.host_passes(half_reserve(), request(BORROWED,
                                                           vcpus=2))


@pytest.mark.parametrize('value, reason', [
    ('abc', 'not a number'),
    ('', 'not a number'),
    ('1.5', 'outside [0, 1]'),
    ('-0.1', 'outside [0, 1]'),
    ('nan', 'outside [0, 1]'),
])
def test_invalid_metadata_refuses_borrowed_desktops_with_an_error(
        host_filter, caplog, value, reason):
    caplog.set_level(logging.DEBUG, logger=LOGGER)
    bad = host(aggregates=[
        aggregate({'desktop_reserve_ratio': '0.1'}, name='fine'),
        aggregate({'desktop_reserve_ratio': value}, name='typo')])
    assert not host_filter.host_passes(bad, request(BORROWED))
    [error] = [r for r in caplog.records if r.levelno == logging.ERROR]
    assert error.getMessage() == (
        "Host aggregate typo has invalid metadata desktop_reserve_ratio=%r "
        "(%s); it must be a number from 0 to 1. Its hosts are refused for "
        "borrowed desktops until it is fixed." % (value, reason))
    # A desktop that is not borrowed is not affected.
    assert host_filter.host_passes(bad, request())


def test_invalid_metadata_is_logged_once_per_request(host_filter, caplog):
    caplog.set_level(logging.ERROR, logger=LOGGER)
    typo = aggregate({'desktop_reserve_ratio': 'half'}, name='typo')
    hosts = [host('host%d' % i, aggregates=[typo]) for i in range(5)]
    first = request(BORROWED, instance_uuid='4b0ae0a0-0d1f-4a3c-9c8e-'
                                            '58a3f5c7c001')
    second = request(BORROWED, instance_uuid='4b0ae0a0-0d1f-4a3c-9c8e-'
                                             '58a3f5c7c002')
    for spec in (first, second):
        assert not any(host_filter.host_passes(h, spec) for h in hosts)
    assert len(caplog.records) == 2


def test_an_invalid_config_value_is_rejected_by_oslo_config(config,
                                                            tmp_path):
    with pytest.raises(ValueError, match='less than or equal to 1'):
        config.config(group='desktop_scheduler', reserve_ratio=1.5)
    with pytest.raises(ValueError):
        config.config(group='desktop_scheduler', reserve_ratio=-0.5)
    conf_file = tmp_path / 'nova.conf'
    conf_file.write_text('[desktop_scheduler]\nreserve_ratio = 1.5\n')
    private = cfg.ConfigOpts()
    desktop_scheduler.register_opts(private)
    private(['--config-file', str(conf_file)], default_config_files=[])
    with pytest.raises(cfg.ConfigFileValueError,
                       match='reserve_ratio .* is not valid: Should be '
                             'less than or equal to 1'):
        private.desktop_scheduler.reserve_ratio


def test_an_invalid_config_value_refuses_borrowed_desktops(
        monkeypatch, tmp_path, caplog):
    conf_file = tmp_path / 'nova.conf'
    conf_file.write_text('[desktop_scheduler]\nreserve_ratio = lots\n')
    private = cfg.ConfigOpts()
    desktop_scheduler.register_opts(private)
    private(['--config-file', str(conf_file)], default_config_files=[])
    monkeypatch.setattr(reserve_filter, 'CONF', private)
    caplog.set_level(logging.DEBUG, logger=LOGGER)
    host_filter = reserve_filter.DesktopReserveFilter()
    [error] = [r for r in caplog.records if r.levelno == logging.ERROR]
    assert error.getMessage().startswith(
        '[desktop_scheduler] reserve_ratio is invalid (')
    assert error.getMessage().endswith(
        'it must be a number from 0 to 1. Borrowed desktops are refused on '
        'every host without desktop_reserve_ratio aggregate metadata until '
        'it is fixed.')
    assert not host_filter.host_passes(host(), request(BORROWED))
    assert 'its reserve ratio is invalid' in caplog.text
    # Aggregate metadata still decides, and other desktops still pass.
    assert host_filter.host_passes(half_reserve(), request(BORROWED))
    assert host_filter.host_passes(host(), request())


def test_a_rebuild_is_not_filtered(host_filter):
    full = half_reserve(vcpus_used=4)
    rebuild = request(dict(BORROWED, _nova_check_type='rebuild'))
    assert reserve_filter.DesktopReserveFilter.RUN_ON_REBUILD is False
    assert host_filter._filter_one(full, rebuild)
    assert not host_filter._filter_one(full, request(BORROWED))
    assert list(host_filter.filter_all([full], rebuild)) == [full]
    assert list(host_filter.filter_all([full], request(BORROWED))) == []


def test_filter_all_reads_the_request_once(host_filter, monkeypatch):
    reserve = aggregate({'desktop_reserve_ratio': '0.5'})
    hosts = [host('h%d' % i, aggregates=[reserve], vcpus_used=i % 4)
             for i in range(8)]
    spec = request(BORROWED, vcpus=1)
    reads = []
    real = reserve_filter.requested
    monkeypatch.setattr(reserve_filter, 'requested',
                        lambda s: reads.append(s) or real(s))
    kept = host_filter.filter_all(hosts, spec)
    assert [h.host for h in kept] == ['h0', 'h1', 'h4', 'h5']
    assert reads == [spec]
    # Without the hint nothing is read and every host is kept.
    assert list(host_filter.filter_all(hosts, request())) == hosts
    assert reads == [spec]


def test_novas_filter_handler_keeps_only_hosts_with_room(host_filter):
    reserve = aggregate({'desktop_reserve_ratio': '0.5'})
    hosts = [host('busy', aggregates=[reserve], vcpus_used=2),
             host('idle', aggregates=[reserve])]
    handler = filters.HostFilterHandler()
    kept = handler.get_filtered_objects([host_filter], hosts,
                                        request(BORROWED, vcpus=2))
    assert [h.host for h in kept] == ['idle']
    kept = handler.get_filtered_objects([host_filter], hosts,
                                        request(vcpus=2))
    assert [h.host for h in kept] == ['busy', 'idle']
