"""DesktopTemplateWeigher through nova's own weight handler."""

import logging

from nova.scheduler import weights
from nova.scheduler.weights import ram
from oslo_config import cfg
import pytest

from nova_scheduler_filters.conf import desktop_scheduler
from nova_scheduler_filters import template_weigher
from tests.unit.nova_scheduler_filters.conftest import aggregate
from tests.unit.nova_scheduler_filters.conftest import host
from tests.unit.nova_scheduler_filters.conftest import request

OFFICE = {'desktop_template_type': 'office'}


@pytest.fixture
def weigher(config):
    return template_weigher.DesktopTemplateWeigher()


def cache(templates, **extra):
    return aggregate(dict({'desktop_cached_templates': templates}, **extra))


def weigh(weigher, hosts, spec):
    """{host: weight}, normalised and multiplied as nova does it."""
    handler = weights.HostWeightHandler()
    weighed = handler.get_weighed_objects([weigher], hosts, spec)
    return {w.obj.host: w.weight for w in weighed}


@pytest.fixture
def hosts():
    return [host('plain'), host('cached', aggregates=[cache('cad,office')]),
            host('other', aggregates=[cache('cad')])]


def test_the_host_with_the_template_cached_weighs_one(weigher, hosts):
    assert weigh(weigher, hosts, request(OFFICE)) == {
        'cached': 1.0, 'plain': 0.0, 'other': 0.0}
    handler = weights.HostWeightHandler()
    best = handler.get_weighed_objects([weigher], hosts, request(OFFICE))[0]
    assert best.obj.host == 'cached'


def test_without_the_hint_every_host_weighs_zero(weigher, hosts):
    assert set(weigh(weigher, hosts, request()).values()) == {0.0}
    assert weigher._weigh_object(hosts[1], request()) == 0.0


def test_a_template_nobody_caches_weighs_zero(weigher, hosts):
    spec = request({'desktop_template_type': 'lab'})
    assert set(weigh(weigher, hosts, spec).values()) == {0.0}


def test_names_are_trimmed_and_several_aggregates_add_up(weigher):
    spaced = host('spaced', aggregates=[cache(' cad , office ,')])
    split = host('split', aggregates=[cache('cad'), cache('office')])
    for one in (spaced, split):
        assert weigher._weigh_object(one, request(OFFICE)) == 1.0
    assert template_weigher.cached_templates(spaced) == {'cad', 'office'}


def test_one_host_per_weigh_object(weigher, hosts):
    assert [weigher._weigh_object(h, request(OFFICE)) for h in hosts] == [
        0.0, 1.0, 0.0]


def test_the_multiplier_scales_the_weight(weigher, hosts, config):
    assert desktop_scheduler.desktop_scheduler_opts[1].default == 1.0
    config.config(group='desktop_scheduler', template_weight_multiplier=2.5)
    assert weigh(weigher, hosts, request(OFFICE))['cached'] == 2.5
    config.config(group='desktop_scheduler',
                  template_weight_multiplier=-1.0)
    assert weigh(weigher, hosts, request(OFFICE))['cached'] == -1.0


def test_aggregate_metadata_overrides_the_multiplier(weigher, config):
    config.config(group='desktop_scheduler', template_weight_multiplier=2.0)
    loud = host('loud', aggregates=[cache(
        'office', desktop_template_weight_multiplier='10')])
    quiet = host('quiet', aggregates=[cache('office')])
    assert weigh(weigher, [loud, quiet], request(OFFICE)) == {
        'loud': 10.0, 'quiet': 2.0}


def test_the_template_beats_novas_spread_with_a_large_multiplier(
        weigher, config):
    # Nova's RAM weigher (multiplier 1.0) prefers the emptier host; a
    # template multiplier above it moves the desktop to the host that has
    # the template.
    full = host('full', aggregates=[cache('office')], used_ram_mb=6000)
    empty = host('empty')
    both = [ram.RAMWeigher(), weigher]
    handler = weights.HostWeightHandler()
    for multiplier, best in ((0.5, 'empty'), (2.0, 'full')):
        config.config(group='desktop_scheduler',
                      template_weight_multiplier=multiplier)
        weighed = handler.get_weighed_objects(both, [full, empty],
                                              request(OFFICE))
        assert weighed[0].obj.host == best


def test_an_invalid_multiplier_falls_back_to_one_with_an_error(
        monkeypatch, tmp_path, caplog, hosts):
    conf_file = tmp_path / 'nova.conf'
    conf_file.write_text('[desktop_scheduler]\n'
                         'template_weight_multiplier = high\n')
    private = cfg.ConfigOpts()
    desktop_scheduler.register_opts(private)
    private(['--config-file', str(conf_file)], default_config_files=[])
    monkeypatch.setattr(template_weigher, 'CONF', private)
    caplog.set_level(logging.INFO, logger='nova_scheduler_filters')
    weigher = template_weigher.DesktopTemplateWeigher()
    [error] = [r for r in caplog.records if r.levelno == logging.ERROR]
    assert error.getMessage().startswith(
        '[desktop_scheduler] template_weight_multiplier is invalid (')
    assert error.getMessage().endswith(
        'it must be a number. Using 1.0 until it is fixed.')
    assert weigh(weigher, hosts, request(OFFICE))['cached'] == 1.0


def test_it_says_it_is_loaded(config, caplog):
    caplog.set_level(logging.INFO, logger='nova_scheduler_filters')
    template_weigher.DesktopTemplateWeigher()
    assert ('desktop-federation: nova_scheduler_filters.'
            'DesktopTemplateWeigher loaded') in caplog.text
