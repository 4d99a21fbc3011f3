"""Pre-caching on the desktop aggregate and its metadata."""

import pytest

from site_plugins.backends import base
from site_plugins.templates import errors
from site_plugins.templates import precache


@pytest.fixture
def cacher(tconf, site_cloud):
    return precache.Precacher(tconf, site_cloud)


def test_the_aggregate_is_made_with_every_host(cacher, site_cloud):
    aggregate = cacher.precache('office', 'img-1')
    assert aggregate['name'] == 'desktop-hosts'
    assert aggregate['hosts'] == ['cmp1', 'cmp2']
    assert ('precache', aggregate['id'], ['img-1']) in site_cloud.calls
    assert aggregate['metadata'] == {'desktop_cached_templates': 'office'}


def test_types_accumulate_sorted_and_once(cacher, site_cloud):
    cacher.precache('office', 'img-1')
    cacher.precache('cad', 'img-2')
    aggregate = cacher.precache('office', 'img-3')
    assert precache.cached_types(aggregate) == {'cad', 'office'}
    assert site_cloud.aggregates['desktop-hosts']['metadata'] == {
        'desktop_cached_templates': 'cad,office'}


def test_an_existing_aggregate_keeps_its_hosts_and_metadata(
        tconf, cacher, site_cloud):
    tconf.set_override('desktop_aggregate', 'vdi', group='templates')
    site_cloud.aggregates['vdi'] = {
        'id': 7, 'name': 'vdi', 'hosts': ['cmp2'],
        'metadata': {'desktop_cached_templates': ' dev ,',
                     'other': 'x'}}
    aggregate = cacher.precache('office', 'img-1')
    assert aggregate['hosts'] == ['cmp2']
    assert aggregate['metadata'] == {
        'desktop_cached_templates': 'dev,office', 'other': 'x'}
    assert len(site_cloud.aggregates) == 1


@pytest.mark.parametrize('setup, words', [
    (lambda conf, cloud: conf.set_override(
        'create_aggregate', False, group='templates'),
     'does not exist (and [templates] create_aggregate is off)'),
    (lambda conf, cloud: setattr(cloud, 'hosts', []), 'has no host'),
    (lambda conf, cloud: cloud.fail.update(
        precache=base.CloudError('Policy forbids compute:aggregates')),
     'Nova could not pre-cache image img-1 on the desktop hosts: Policy'),
])
def test_failures_say_why(tconf, cacher, site_cloud, setup, words):
    setup(tconf, site_cloud)
    with pytest.raises(errors.BuildFailed) as info:
        cacher.precache('office', 'img-1')
    assert info.value.reason == 'precache'
    assert words in str(info.value)


def test_a_list_too_long_for_nova_fails(cacher, site_cloud):
    site_cloud.create_aggregate('desktop-hosts', ['cmp1'])
    site_cloud.aggregates['desktop-hosts']['metadata'][
        'desktop_cached_templates'] = 'x' * 250
    with pytest.raises(errors.BuildFailed) as info:
        cacher.precache('office', 'img-1')
    assert 'Too many template types' in str(info.value)


def test_a_race_on_creating_the_aggregate_is_harmless(cacher, site_cloud):
    real = site_cloud.create_aggregate

    def racing(name, hosts):
        real(name, ['cmp1'])
        raise base.Conflict('Aggregate desktop-hosts already exists')
    site_cloud.create_aggregate = racing
    assert cacher.precache('office', 'img-1')['hosts'] == ['cmp1']
