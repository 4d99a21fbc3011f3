"""Fixtures: nova's CONF with our options, reset after each test, and
builders of nova HostStates and RequestSpecs."""

import itertools

from nova import objects
from oslo_config import fixture as config_fixture
import pytest

from nova_scheduler_filters import conf as plugin_conf
from tests.unit.nova_scheduler_filters import nova_fakes

_ids = itertools.count(1)

# Every test host has this much, unless a test says otherwise.
VCPUS = 4
RAM_MB = 8192
DISK_GB = 80


@pytest.fixture
def config():
    """An oslo.config fixture on the CONF that nova and the plugins share."""
    fixture = config_fixture.Config(plugin_conf.CONF)
    fixture.setUp()
    yield fixture
    fixture.cleanUp()


def aggregate(metadata, name=None, hosts=()):
    agg_id = next(_ids)
    return objects.Aggregate(id=agg_id, name=name or 'agg-%d' % agg_id,
                             hosts=list(hosts), metadata=dict(metadata))


def host(name='host1', aggregates=(), vcpus=VCPUS, vcpus_used=0,
         ram_mb=RAM_MB, used_ram_mb=0, disk_gb=DISK_GB, used_disk_mb=0,
         cpu_ratio=1.0, ram_ratio=1.0, disk_ratio=1.0):
    """A FakeHostState as nova's HostManager fills it.

    From a compute node: physical totals, what is free of them, and the
    allocation ratios.
    """
    return nova_fakes.FakeHostState(name, name, {
        'vcpus_total': vcpus, 'vcpus_used': vcpus_used,
        'total_usable_ram_mb': ram_mb, 'free_ram_mb': ram_mb - used_ram_mb,
        'total_usable_disk_gb': disk_gb, 'disk_mb_used': used_disk_mb,
        'free_disk_mb': disk_gb * 1024 - used_disk_mb,
        'cpu_allocation_ratio': cpu_ratio,
        'ram_allocation_ratio': ram_ratio,
        'disk_allocation_ratio': disk_ratio,
        'aggregates': list(aggregates)})


def request(hints=None, vcpus=1, memory_mb=512, root_gb=1, ephemeral_gb=0,
            swap=0, **fields):
    """A RequestSpec with a flavor and scheduler hints.

    As nova-api builds it, every hint value is a list.
    """
    flavor = objects.Flavor(vcpus=vcpus, memory_mb=memory_mb,
                            root_gb=root_gb, ephemeral_gb=ephemeral_gb,
                            swap=swap)
    return objects.RequestSpec(
        flavor=flavor,
        scheduler_hints={k: v if isinstance(v, list) else [v]
                         for k, v in (hints or {}).items()},
        **fields)
