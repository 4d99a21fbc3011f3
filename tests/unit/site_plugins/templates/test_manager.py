"""The template manager: the M11 flow and its failures."""

import pytest

from site_plugins.templates import errors
from site_plugins.templates import manager
from tests.unit.site_plugins.conftest import payloads
from tests.unit.site_plugins.templates import conftest
from tests.unit.site_plugins.templates import fakes


def _templates(site_cloud):
    return [i for i in site_cloud.images_by_id.values()
            if 'desktop_template_type' in i['properties']]


def test_a_missing_template_is_built_cached_and_reported(
        make_manager, site_cloud, central, spec, counter, calls):
    outcome = make_manager().ensure(spec, 'cmd-1')
    assert outcome.built and outcome.copied
    (template,) = _templates(site_cloud)
    assert outcome.image['id'] == template['id']
    assert template['properties'] == {
        'desktop_template_type': 'office', 'desktop_template_version': '2',
        'desktop_base_checksum': central.base['checksum'],
        'desktop_base_image': 'false', 'desktop_bundles': 'app=1.0'}
    # Built from the base copy: base bytes plus the install script.
    assert template['data'].startswith(conftest.BASE_DATA)
    assert b'sh ./app.sh' in template['data']
    # The builder is gone, the template pre-cached and listed.
    assert not site_cloud.servers
    assert ('precache', 1, [template['id']]) in site_cloud.calls
    assert site_cloud.aggregates['desktop-hosts']['metadata'] == {
        'desktop_cached_templates': 'office'}
    assert calls.ready == 1
    steps = [what for _id, what in calls.steps]
    assert steps[0].startswith('base image ') and steps[0].endswith('ready')
    assert steps[1] == '1 bundle file(s) verified'
    assert 'snapshotting' in steps[-1]
    assert all(command_id == 'cmd-1' for command_id, _ in calls.steps)
    counts = counter.snapshot()
    assert counts['image_data'] == len(conftest.BASE_DATA)
    assert counts['bundle_files'] == len(conftest.FILE_DATA)


def test_a_template_the_site_holds_is_not_built_again(
        make_manager, site_cloud, spec, counter, calls):
    mgr = make_manager()
    first = mgr.ensure(spec)
    before = counter.snapshot()
    again = mgr.ensure(spec)
    assert not again.built and again.image['id'] == first.image['id']
    assert len(_templates(site_cloud)) == 1
    assert counter.snapshot() == before
    assert calls.ready == 1
    # Pre-caching is asked again (cheap for Nova), the list unchanged.
    assert [c[0] for c in site_cloud.calls].count('precache') == 2


def test_a_new_version_is_a_new_image_next_to_the_old(
        make_manager, site_cloud, spec):
    mgr = make_manager()
    old = mgr.ensure(spec).image
    newer = mgr.ensure(dict(spec, version=3)).image
    assert newer['id'] != old['id']
    assert old['id'] in site_cloud.images_by_id
    assert mgr.find('office')['id'] == newer['id']
    assert mgr.find('office', version=2)['id'] == old['id']
    assert mgr.find('office', base_checksum='0' * 128) is None


def test_precache_can_be_left_out(make_manager, site_cloud, spec):
    outcome = make_manager().ensure(dict(spec, precache=False))
    assert outcome.aggregate is None
    assert 'precache' not in [c[0] for c in site_cloud.calls]


def test_a_failed_build_raises_an_alarm_cleared_by_the_next(
        make_manager, site_cloud, spec, outbox, alarms_of):
    mgr = make_manager()
    site_cloud.builder_status = 'ERROR'
    site_cloud.builder_fault = {'code': 500, 'message': 'exit 1: apt'}
    with pytest.raises(errors.BuildFailed) as info:
        mgr.ensure(spec)
    assert info.value.reason == 'builder'
    assert 'exit 1: apt' in str(info.value)
    (alarm,) = alarms_of().values()
    assert alarm['kind'] == manager.BUILD_FAILED
    assert alarm['severity'] == 'major' and 'office' in alarm['message']
    assert not _templates(site_cloud)
    site_cloud.builder_status = 'ACTIVE'
    mgr.ensure(spec)
    assert alarms_of() == {}
    states = [p['alarm']['state'] for p in payloads(outbox, 'alarm')]
    assert states == ['raised', 'cleared']


def test_a_failed_precache_is_a_warning_not_a_failure(
        make_manager, site_cloud, spec, alarms_of):
    site_cloud.hosts = []
    outcome = make_manager().ensure(spec)
    assert outcome.built and outcome.aggregate is None
    (alarm,) = alarms_of().values()
    assert alarm['kind'] == manager.PRECACHE_FAILED
    assert alarm['severity'] == 'warning'
    assert 'has no host' in alarm['message']


def test_without_central_only_held_templates_work(
        make_manager, site_cloud, spec):
    mgr = make_manager(central=None)
    with pytest.raises(errors.BuildFailed) as info:
        mgr.ensure(spec)
    assert 'central_region is not set' in str(info.value)
    held = site_cloud.add(fakes.image(
        'held', b'x', desktop_template_type='office',
        desktop_template_version='2',
        desktop_base_checksum=spec['base_image']['checksum']))
    assert mgr.ensure(spec).image['id'] == held['id']


def test_build_command_result_names_the_template(make_manager, spec):
    result = make_manager().build_command(
        {'id': 'cmd-9', 'action': 'build_template', 'params': spec})
    template = result['template']
    assert template['type'] == 'office' and template['version'] == 2
    assert template['base_checksum'] == spec['base_image']['checksum']
    assert 'built as image %s' % template['image_id'] in result['message']
    assert 'base image came from central' in result['message']
    assert 'pre-cached on aggregate desktop-hosts (2 host(s))' in result[
        'message']
    again = make_manager().build_command(
        {'id': 'cmd-10', 'action': 'build_template', 'params': spec})
    assert 'already at the site' in again['message']


def test_a_create_builds_the_missing_template_from_central(
        make_manager, site_cloud, central, spec):
    central.documents['/v1/templates/office'] = {'template': {
        'type_name': 'office', 'version': 2,
        'base_image_id': central.base['id'],
        'base_image_checksum': central.base['checksum'],
        'bundles': [{'name': 'app', 'version': '1.0'}]}}
    central.documents[('/v1/bundles', (('name', 'app'),
                                       ('version', '1.0')))] = {
        'bundles': [dict(spec['bundles'][0], id=4, stored=True)]}
    image = make_manager().for_create('office', 'cmd-2')
    assert image['properties']['desktop_template_version'] == '2'
    assert make_manager().for_create('office')['id'] == image['id']


@pytest.mark.parametrize('documents, words', [
    ({}, 'Template type office does not exist at central'),
    ({'/v1/templates/office': {'template': {
        'type_name': 'office', 'version': 1, 'bundles': []}}},
     'has no base image at central'),
    ({'/v1/templates/office': {'template': {
        'type_name': 'office', 'version': 1, 'base_image_checksum': 'a' * 128,
        'bundles': [{'name': 'gone', 'version': '1'}]}}},
     'Bundle gone 1 of template office does not exist'),
])
def test_a_create_whose_template_cannot_be_specified_fails(
        make_manager, central, documents, words):
    central.documents.update(documents)
    with pytest.raises(errors.BuildFailed) as info:
        make_manager().for_create('office')
    assert words in str(info.value)
