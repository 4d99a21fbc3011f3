"""Configuration: options, the one-line checks and the rendered file."""

import pytest

from oslo_config import cfg

from site_plugins import conf as site_conf
from site_plugins.conf import opts


@pytest.mark.parametrize('group, name, value, words', [
    ('site', 'name', None, '[site] name is not set'),
    ('site', 'name', 'site a', "[site] name 'site a' is not valid: site "
                               'must be a site name'),
    ('central', 'transport_url', None, '[central] transport_url is not '
                                       'set'),
    ('central', 'transport_url', 'rabbit://a:b@host:notaport/',
     '[central] transport_url is not valid'),
    ('central', 'upgrade_level', '2.0', '[central] upgrade_level: RPC API '
                                        "version '2.0'"),
    ('site_cloud', 'cloud', None, '[site_cloud] needs either "cloud"'),
])
def test_check_names_the_wrong_option(conf, group, name, value, words):
    conf.set_override(name, value, group=group)
    with pytest.raises(site_conf.ConfigError) as info:
        site_conf.check(conf)
    assert str(info.value).startswith(words)
    assert '\n' not in str(info.value)


def test_a_good_config_passes(conf):
    site_conf.check(conf)
    assert site_conf.region(conf) == 'site-a'
    conf.set_override('region', 'RegionA', group='site')
    assert site_conf.region(conf) == 'RegionA'


def test_list_opts_covers_every_group():
    groups = {group.name: [opt.dest for opt in options]
              for group, options in opts.list_opts()}
    assert sorted(groups) == ['alarms', 'central', 'executor', 'monitor',
                              'outbox', 'signing', 'site', 'site_cloud',
                              'templates']
    assert 'transport_url' in groups['central']
    assert {'cloud', 'auth_type', 'auth_url', 'username', 'cafile'} <= \
        set(groups['site_cloud'])
    for _group, options in opts.list_opts():
        for opt in options:
            assert opt.help, opt.dest


def test_render_writes_what_the_agent_reads(tmp_path):
    text = site_conf.render(
        'SiteA', 'SiteA', 'desktop-lab', 'rabbit://u:p@127.0.0.1:5672/',
        str(tmp_path / 'outbox.sqlite'), clouds_file='/etc/clouds.yaml',
        report_interval=10, debug=True,
        extra={'oslo_messaging_rabbit': {'rabbit_interval_max': 5},
               'alarms': {'vcpu_usage': 0.8}})
    assert '[executor]' not in text  # nothing set there
    path = tmp_path / 'agent.conf'
    path.write_text(text)
    conf = cfg.ConfigOpts()
    for module in (site_conf.site, site_conf.site_cloud, site_conf.central,
                   site_conf.monitor, site_conf.outbox):
        module.register_opts(conf)
    conf.register_opt(cfg.BoolOpt('debug'))
    conf(['--config-file', str(path)])
    assert conf.site.name == 'SiteA'
    assert conf.site_cloud.cloud == 'desktop-lab'
    assert conf.site_cloud.clouds_file == '/etc/clouds.yaml'
    assert conf.central.transport_url == 'rabbit://u:p@127.0.0.1:5672/'
    assert conf.monitor.report_interval == 10
    assert conf.alarms.vcpu_usage == 0.8
    assert conf.debug is True
    assert '[oslo_messaging_rabbit]\nrabbit_interval_max = 5\n' in text


def test_render_refuses_a_value_over_several_lines(tmp_path):
    with pytest.raises(ValueError):
        site_conf.render('a', 'a', 'c\nx', 'fake://', 'o')
