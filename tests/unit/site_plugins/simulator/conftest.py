"""Fixtures: the simulator's options on the test config, a fake clock."""

import pytest

from site_plugins.simulator import conf as sim_conf


class Clock(object):
    """Monotonic seconds that move only when a test says so."""

    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now

    def advance(self, seconds):
        self.now += seconds


@pytest.fixture
def sim(conf):
    """The test config with [simulator] registered, for a small fleet."""
    sim_conf.register_opts(conf)
    conf.set_override('sites', 3, group='simulator')
    conf.set_override('report_interval', 10, group='simulator')
    return conf


@pytest.fixture
def clock():
    return Clock()
