"""The flavors monitor: Nova's flavors and their sizes in the report."""

from central_cloud.protocol import validation
from site_plugins.backends import base as backend_base
from site_plugins import monitors
from site_plugins.monitors import flavors
from site_plugins.monitors import report
from tests.unit.site_plugins import conftest
from tests.unit.site_plugins import fakes


def test_flavors_from_the_site_cloud(backend, cloud, conf):
    cloud.flavors.append(fakes.flavor('desktop.cad', vcpus=8, ram=16384,
                                      disk=100))
    [monitor] = monitors.load(['flavors'], backend, conf, conftest.SITE)
    observation = monitor.collect()
    assert observation.conditions == []
    listed = observation.sections['flavors']
    assert [(f['name'], f['vcpus'], f['ram'], f['disk']) for f in listed] \
        == [('desktop.cad', 8, 16384, 100), ('desktop.large', 4, 1024, 10),
            ('desktop.small', 1, 1024, 10)]
    assert all(f['id'] for f in listed)


def test_odd_flavors_are_left_out():
    listed = flavors.flavors([
        {'name': 'ok', 'id': '1', 'vcpus': 1, 'ram': 512, 'disk': 0},
        {'name': 'odd', 'id': '2', 'vcpus': None, 'ram': 1, 'disk': 1},
        {'name': 'neg', 'id': '3', 'vcpus': 1, 'ram': -1, 'disk': 1},
        {'name': '', 'id': '4', 'vcpus': 1, 'ram': 1, 'disk': 1},
        {'id': '5'}])
    assert [f['name'] for f in listed] == ['ok']


def test_the_default_report_carries_valid_flavors(backend, conf, outbox):
    loaded = monitors.load(conf.monitor.monitors, backend, conf,
                           conftest.SITE)
    assert [m.name for m in loaded] == ['hosts', 'templates', 'flavors']
    reporter = report.Reporter(conftest.SITE, conf, loaded,
                               _NoAlarms(), outbox)
    built = reporter.report_once()
    assert len(built['flavors']) == 2
    validation.validate('report', {'report': built})


def test_a_back_end_without_flavors_fails_the_monitor_only(conf):
    class Bare(backend_base.CloudBackend):
        check = find_flavor = get_image = images = find_network = None
        servers_by_tag = create_server = get_server = None
        server_action = compute_services = compute_nodes = None
        resource_providers = None

    monitor = flavors.FlavorsMonitor(Bare(conf), conf, conftest.SITE)
    try:
        monitor.collect()
    except backend_base.CloudError as exc:
        assert 'cannot list flavors' in str(exc)
    else:
        raise AssertionError('expected a CloudError')


class _NoAlarms(object):
    def reconcile(self, kinds, conditions):
        pass

    def summary(self):
        return {'critical': 0, 'major': 0, 'minor': 0, 'warning': 0}
