"""Host arithmetic: one real host must fit, lenders keep their reserve."""

from central_cloud.placement import capacity
from tests.unit.placement import samples

MEDIUM = (2, 2048, 20)


def test_hosts_follow_placements_arithmetic():
    [host] = capacity.hosts_of({'hosts': [samples.host(
        'h', vcpus=8, ram=8192, disk=100, used=(5, 1024, 10), ratio=2.0,
        reserved=(2, 512, 0))]})
    assert host.up
    assert host.capacity == (12.0, 15360.0, 200.0)
    assert host.free == (7.0, 14336.0, 190.0)


def test_a_sum_over_hosts_is_not_enough():
    # Two hosts with 1 VCPU free each: 2 free in all, no room for 2.
    hosts = capacity.hosts_of({'hosts': [
        samples.host('h1', used=(3, 0, 0)),
        samples.host('h2', used=(3, 0, 0))]})
    assert capacity.free_totals(hosts, {})[0] == 2
    assert capacity.choose_host(hosts, {}, MEDIUM) is None
    assert capacity.choose_host(hosts, {}, (1, 1024, 10)) in ('h1', 'h2')


def test_every_class_must_fit_on_the_same_host():
    hosts = capacity.hosts_of({'hosts': [
        samples.host('cpu', used=(0, 8192, 0)),
        samples.host('ram', used=(4, 0, 0))]})
    assert capacity.choose_host(hosts, {}, MEDIUM) is None


def test_claims_and_down_hosts_count():
    hosts = capacity.hosts_of({'hosts': [
        samples.host('h1'), samples.host('h2', state='down')]})
    assert capacity.choose_host(hosts, {'h1': (3, 0, 0)}, MEDIUM) is None
    assert capacity.choose_host(hosts, {'h1': (2, 0, 0)}, MEDIUM) == 'h1'


def test_a_lender_keeps_its_reserve():
    hosts = capacity.hosts_of({'hosts': [samples.host('h',
                                                      used=(1, 0, 0))]})
    # 3 VCPU free; a 50% reserve keeps 2 of the 4.
    assert capacity.choose_host(hosts, {}, MEDIUM, 0.0) == 'h'
    assert capacity.choose_host(hosts, {}, MEDIUM, 0.5) is None
    assert capacity.choose_host(hosts, {}, (1, 1024, 10), 0.5) == 'h'
    assert capacity.best_room(hosts, {}, 0.5) == (1.0, 4096.0, 40.0)


def test_the_roomiest_host_wins_then_the_name():
    hosts = capacity.hosts_of({'hosts': [
        samples.host('b'), samples.host('a', used=(0, 1024, 0)),
        samples.host('c')]})
    assert capacity.choose_host(hosts, {}, MEDIUM) == 'b'


def test_flavors_of_a_report():
    flavors = capacity.flavors_of({'flavors': samples.FLAVORS + [
        {'name': 'broken', 'id': 'x', 'vcpus': 'many', 'ram': 1, 'disk': 1},
        {'id': 'no-name'}]})
    assert sorted(flavors) == ['large', 'medium', 'small']
    assert flavors['medium'].need == MEDIUM
    assert flavors['medium'].describe() == (
        'medium (2 VCPU, 2048 MB RAM, 20 GB disk)')
    assert capacity.find_flavor(flavors, 'f3').name == 'large'
    assert capacity.find_flavor(flavors, 'huge') is None
    # No section: unknown, not empty.
    assert capacity.flavors_of({'hosts': []}) is None
    assert capacity.flavors_of({'flavors': []}) == {}


def test_usage_is_the_worst_class_over_up_hosts():
    hosts = capacity.hosts_of({'hosts': [
        samples.host('h1', used=(3, 1024, 0)),
        samples.host('h2', used=(1, 0, 0)),
        samples.host('h3', used=(4, 8192, 80), state='down')]})
    assert capacity.usage(hosts, {}) == (0.5, 'VCPU')
    assert capacity.usage(hosts, {'h2': (0, 8192, 0)}) == (
        9216 / 16384, 'MEMORY_MB')
    assert capacity.usage([], {}) is None


def test_odd_reports_give_no_capacity_not_errors():
    hosts = capacity.hosts_of({'hosts': [
        {'name': 'h', 'state': 'up', 'resources': {'VCPU': 'lots'}},
        'junk', {'state': 'up'}]})
    assert [(h.name, h.capacity) for h in hosts] == [('h', (0.0, 0.0,
                                                            0.0))]
    assert capacity.hosts_of(None) == []
