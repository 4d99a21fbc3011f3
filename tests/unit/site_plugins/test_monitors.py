"""Monitoring: the host table, the usage arithmetic, templates, alarms and
the numbered report."""

import pytest

from central_cloud.protocol import validation
from site_plugins import monitors
from site_plugins.monitors import base
from site_plugins.monitors import hosts
from site_plugins.monitors import report
from site_plugins.monitors import templates
from site_plugins.monitors import usage
from tests.unit.site_plugins import conftest
from tests.unit.site_plugins import fakes


def test_capacity_follows_novas_arithmetic():
    inventory = {'total': 16, 'reserved': 2, 'used': 20,
                 'allocation_ratio': 4.0}
    assert usage.capacity(inventory) == 56.0
    assert usage.free(inventory) == 36.0
    assert usage.capacity(dict(inventory, reserved=20)) == 0


def test_the_host_table(backend, cloud):
    cloud.services[0].state = 'down'
    cloud.add_host('cmp3', status='disabled')
    cloud.providers[1]['usages'] = {'VCPU': 3, 'MEMORY_MB': 3072,
                                    'DISK_GB': 30}
    cloud.providers[1]['consumers'] = 2
    cloud.providers[1]['inventories']['VCPU'].update(reserved=1,
                                                     allocation_ratio=2.0)
    cloud.providers[1]['inventories']['CUSTOM_VGPU'] = fakes.inventory(2)
    table = hosts.build_hosts(backend.compute_services(),
                              backend.compute_nodes(),
                              backend.resource_providers())
    assert [(h['name'], h['state'], h['instances']) for h in table] == [
        ('cmp1', 'down', 0), ('cmp2', 'up', 2), ('cmp3', 'disabled', 0)]
    assert table[1]['resources'] == {
        'VCPU': {'total': 4, 'used': 3, 'reserved': 1,
                 'allocation_ratio': 2.0},
        'MEMORY_MB': {'total': 8192, 'used': 3072, 'reserved': 0,
                      'allocation_ratio': 1.0},
        'DISK_GB': {'total': 80, 'used': 30, 'reserved': 0,
                    'allocation_ratio': 1.0},
        'CUSTOM_VGPU': {'total': 2, 'used': 0, 'reserved': 0,
                        'allocation_ratio': 1.0},
    }


def test_hosts_match_providers_by_name_without_nodes(cloud, backend):
    table = hosts.build_hosts(backend.compute_services(), [],
                              backend.resource_providers())
    assert [h['resources']['VCPU']['total'] for h in table] == [4, 4]


def test_a_host_without_a_provider_yet_has_zero_capacity(cloud, backend):
    cloud.providers.pop()
    table = hosts.build_hosts(backend.compute_services(),
                              backend.compute_nodes(),
                              backend.resource_providers())
    assert table[1]['resources']['VCPU'] == {
        'total': 0, 'used': 0, 'reserved': 0, 'allocation_ratio': 1.0}


def _host(name, state='up', vcpu_used=0, vcpu_total=4):
    return {'name': name, 'state': state, 'resources': {
        'VCPU': {'total': vcpu_total, 'used': vcpu_used, 'reserved': 0,
                 'allocation_ratio': 1.0},
        'MEMORY_MB': {'total': 100, 'used': 10, 'reserved': 0,
                      'allocation_ratio': 1.0},
        'DISK_GB': {'total': 100, 'used': 0, 'reserved': 0,
                    'allocation_ratio': 1.0}}}


def test_site_usage_counts_only_hosts_that_are_up():
    table = [_host('a', vcpu_used=4), _host('b', vcpu_used=2),
             _host('c', 'down', vcpu_used=0)]
    assert usage.site_usage(table, 'VCPU') == 0.75
    assert usage.site_usage([_host('c', 'down')], 'VCPU') is None


def test_alarm_conditions(conf):
    conf.set_override('vcpu_usage', 0.7, group='alarms')
    conf.set_override('memory_usage', 0.0, group='alarms')  # disabled
    table = [_host('a', vcpu_used=4), _host('b', vcpu_used=2),
             _host('c', 'down')]
    found = hosts.conditions('site-a', table, conf)
    assert [(c.key, c.kind, c.severity) for c in found] == [
        ('host-down:c', 'host_down', 'major'),
        ('usage-high:VCPU', 'usage_high', 'warning')]
    assert found[1].message == ('VCPU usage at site site-a is 75% of its '
                                'schedulable capacity (threshold 70%)')


def test_templates_in_glance(backend, cloud):
    cloud.images.append(fakes.image('bad', 'has space'))
    found = templates.templates(backend.images())
    office = {i.name: i.id for i in cloud.images}
    assert found == [
        {'type': 'office', 'version': 1, 'image_id': office['office-1'],
         'checksum': 'd' * 128},
        {'type': 'office', 'version': 2, 'image_id': office['office-2'],
         'checksum': 'd' * 128}]


def test_monitors_load_by_name(backend, conf):
    loaded = monitors.load(['hosts', 'templates'], backend, conf, 'site-a')
    assert [m.name for m in loaded] == ['hosts', 'templates']
    with pytest.raises(Exception) as info:
        monitors.load(['nope'], backend, conf, 'site-a')
    assert "no plugin 'nope' in desktop_federation.site.monitors " \
        "(available: flavors, hosts, templates" in str(info.value)


class Broken(base.Monitor):
    name = 'broken'

    def collect(self):
        from site_plugins.backends import base as backend_base
        raise backend_base.Unavailable('placement is down')


@pytest.fixture
def reporter(backend, conf, book, outbox):
    return report.Reporter(
        conftest.SITE, conf,
        monitors.load(['hosts', 'templates'], backend, conf, conftest.SITE),
        book, outbox)


def test_one_numbered_report_from_every_monitor(reporter, outbox, cloud):
    first = reporter.report_once()
    second = reporter.report_once()
    assert (first['seq'], second['seq']) == (1, 2)
    validation.validate('monitoring_report', second)
    assert [h['name'] for h in second['hosts']] == ['cmp1', 'cmp2']
    assert len(second['templates']) == 2
    assert second['interval'] == 60
    assert second['alarms'] == {'critical': 0, 'major': 0, 'minor': 0,
                                'warning': 0}
    assert conftest.kinds(outbox) == ['report', 'report']


def test_alarms_are_raised_and_cleared_once(reporter, outbox, cloud, book):
    cloud.services[1].state = 'down'
    reporter.report_once()
    reporter.report_once()
    assert conftest.kinds(outbox) == ['alarm', 'report', 'report']
    [raised] = conftest.payloads(outbox, 'alarm')
    assert raised['alarm']['key'] == 'host-down:cmp2'
    assert raised['alarm']['state'] == 'raised'
    reports = conftest.payloads(outbox, 'report')
    assert reports[-1]['report']['alarms']['major'] == 1
    cloud.services[1].state = 'up'
    reporter.report_once()
    alarms = conftest.payloads(outbox, 'alarm')
    assert [a['alarm']['state'] for a in alarms] == ['raised', 'cleared']
    assert book.summary()['major'] == 0


def test_a_failing_monitor_raises_an_alarm_and_the_report_goes_on(
        backend, conf, book, outbox):
    reporter = report.Reporter(conftest.SITE, conf,
                               [Broken(backend, conf, conftest.SITE)],
                               book, outbox)
    sent = reporter.report_once()
    assert sent['hosts'] == []
    reporter.report_once()  # still failing: raised once
    [alarm] = conftest.payloads(outbox, 'alarm')
    assert alarm['alarm']['key'] == 'monitor-failed:broken'
    assert 'placement is down' in alarm['alarm']['message']
    reporter.monitors = []
    reporter.report_once()
    alarms = conftest.payloads(outbox, 'alarm')
    assert [a['alarm']['state'] for a in alarms] == ['raised', 'cleared']
