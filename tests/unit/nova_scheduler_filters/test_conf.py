"""The [desktop_scheduler] options: registered on nova's CONF, listed
for oslo-config-generator, rendered in the sample."""

import os

import nova.conf
from oslo_config import cfg
from oslo_config import generator

from nova_scheduler_filters import conf
from nova_scheduler_filters.conf import opts
from tests.unit.nova_scheduler_filters import nova_fakes

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__)))))
GENERATOR = os.path.join(ROOT, 'etc', 'nova-scheduler-filters',
                         'nova-scheduler-filters-config-generator.conf')


def test_the_options_live_on_novas_conf():
    assert conf.CONF is nova.conf.CONF is nova_fakes.NOVA_CONF
    assert 'desktop_scheduler' in nova.conf.CONF
    # The unit tests keep nova's options off the process's cfg.CONF.
    assert 'desktop_scheduler' not in cfg.CONF
    assert conf.CONF.desktop_scheduler.reserve_ratio == 0.0
    assert conf.CONF.desktop_scheduler.template_weight_multiplier == 1.0


def test_list_opts_names_the_group_and_both_options():
    [(group, options)] = opts.list_opts()
    assert group.name == 'desktop_scheduler'
    assert [o.name for o in options] == ['reserve_ratio',
                                         'template_weight_multiplier']
    for option in options:
        assert option.help
    ratio = options[0]
    assert (ratio.type.min, ratio.type.max) == (0, 1)


def test_the_sample_config_renders(tmp_path):
    out = tmp_path / 'nova-scheduler-filters.conf.sample'
    generator.main(['--config-file', GENERATOR, '--output-file', str(out)])
    text = out.read_text()
    assert '[desktop_scheduler]' in text
    assert '#reserve_ratio = 0.0' in text
    assert '# Minimum value: 0.0' in text
    assert '#template_weight_multiplier = 1.0' in text
