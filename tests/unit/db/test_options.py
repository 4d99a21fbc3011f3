"""The central service's config options."""

import pytest

from central_cloud import conf
from central_cloud.conf import opts


def test_database_default_is_sqlite_under_state_path():
    conf.CONF.set_override('state_path', '/srv/central')
    try:
        assert conf.CONF.database.connection == (
            'sqlite:////srv/central/desktop_central.sqlite')
    finally:
        conf.CONF.clear_override('state_path')


def test_monitoring_defaults():
    group = conf.CONF.monitoring
    assert (group.report_interval, group.offline_after_missed,
            group.report_history_size) == (60, 2, 288)


@pytest.mark.parametrize('name', ['report_interval', 'offline_after_missed',
                                  'report_history_size'])
def test_monitoring_minimum_is_one(name):
    with pytest.raises(ValueError):
        conf.CONF.set_override(name, 0, group='monitoring')


def test_list_opts_for_the_sample_generator():
    listed = {getattr(group, 'name', group): opts_
              for group, opts_ in opts.list_opts()}
    assert {'DEFAULT', 'database', 'monitoring'} <= set(listed)
    for group_opts in listed.values():
        for opt in group_opts:
            assert opt.help, opt.name
    connection = [o for o in listed['database'] if o.name == 'connection']
    assert connection[0].sample_default == (
        'sqlite:///$state_path/desktop_central.sqlite')
