"""The snapshot builder and the install script."""

import base64
import threading

import pytest

from site_plugins.backends import base
from site_plugins.executor import results
from site_plugins.templates import builder
from site_plugins.templates import errors
from tests.unit.site_plugins.templates import fakes

PROPS = {'desktop_template_type': 'office'}


@pytest.fixture
def snap(tconf, site_cloud):
    return builder.SnapshotBuilder(tconf, site_cloud, poll=0.001)


@pytest.fixture
def base_image(site_cloud):
    return site_cloud.add(fakes.image('base', b'base'))


def test_install_script_runs_every_command_in_order(spec):
    spec['bundles'].append({'name': 'b2', 'version': '2',
                            'install_commands': ['make install']})
    script = builder.install_script(spec, 'SHUTOFF').decode()
    lines = script.splitlines()
    assert lines[0] == '#!/bin/sh' and 'set -e' in lines
    assert lines.index('sh ./app.sh') < lines.index('make install')
    assert lines[-1] == 'poweroff'
    assert '# file app.sh sha256 %s' % spec['bundles'][0]['files'][0][
        'sha256'] in script
    assert 'poweroff' not in builder.install_script(spec, 'ACTIVE').decode()


@pytest.mark.parametrize('name', [
    '../etc/passwd', 'a/b', '..', '.hidden', '-rf', 'a\nrm -rf /',
    'x\x00', 'evil\u202etxt.sh', 'a b', 'x' * 256])
def test_a_file_name_that_is_not_safe_fails_the_build(spec, name):
    spec['bundles'][0]['files'][0]['name'] = name
    with pytest.raises(errors.BuildFailed) as caught:
        builder.install_script(spec, 'ACTIVE')
    assert caught.value.reason == 'spec'
    assert 'app 1.0' in str(caught.value)


def test_plain_file_names_pass(spec):
    for name in ('app.sh', 'setup-1.2_x86+64.tar.gz', '_x', 'README'):
        spec['bundles'][0]['files'][0]['name'] = name
        assert name in builder.install_script(spec, 'ACTIVE').decode()


def test_small_files_travel_in_the_user_data(spec, tmp_path):
    item = spec['bundles'][0]['files'][0]
    path = tmp_path / 'f'
    path.write_bytes(b'hello')
    embedded = builder.embed_files(spec, {item['sha256']: str(path)}, 1024)
    script = builder.install_script(embedded, 'ACTIVE').decode()
    assert "base64 -d > app.sh <<'DESKTOP_FILE_%s'" % item['sha256'][
        :16] in script
    assert base64.b64encode(b'hello').decode() in script
    # Over the limit they are left to the install commands.
    assert builder.embed_files(spec, {}, 1) is spec


def test_build_boots_snapshots_and_deletes_the_builder(
        snap, site_cloud, spec, base_image):
    steps = []
    image = snap.build(spec, base_image, b'#!/bin/sh\n', PROPS,
                       'template-office-v2', on_step=steps.append)
    assert image['status'] == 'active' and image['properties'] == PROPS
    created = [c for c in site_cloud.calls if c[0] == 'create_server']
    assert len(created) == 1 and not site_cloud.servers
    assert [c[0] for c in site_cloud.calls].count('snapshot') == 1
    assert len(steps) == 2


def test_the_builder_is_the_smallest_fitting_flavor_without_network(
        site_cloud, snap, spec, base_image):
    seen = []
    real = site_cloud.create_server

    def create(name, flavor_id, image_id, network_id, user_data, metadata,
               tags):
        seen.append((flavor_id, network_id, metadata, tags))
        return real(name, flavor_id, image_id, network_id, user_data,
                    metadata, tags)
    site_cloud.create_server = create
    snap.build(spec, base_image, b'x', PROPS, 'n')
    assert seen == [('f1', None, {'desktop_builder': 'office',
                                  'desktop_template_version': '2'},
                     ['desktop-builder', 'desktop-build-office-v2'])]


def test_flavor_and_network_come_from_the_config(
        tconf, snap, site_cloud, spec, base_image):
    tconf.set_override('builder_flavor', 'medium', group='templates')
    tconf.set_override('builder_network', 'build-net', group='templates')
    seen = {}
    real = site_cloud.create_server

    def create(name, flavor_id, image_id, network_id, *args):
        seen.update(flavor=flavor_id, network=network_id, image=image_id)
        return real(name, flavor_id, image_id, network_id, *args)
    site_cloud.create_server = create
    snap.build(spec, base_image, b'x', PROPS, 'n')
    assert seen == {'flavor': 'f2', 'network': 'net-1',
                    'image': base_image['id']}


@pytest.mark.parametrize('option, value, words', [
    ('builder_flavor', 'huge', "Flavor 'huge'"),
    ('builder_network', 'nowhere', "Network 'nowhere'"),
])
def test_unknown_flavor_or_network_fails(tconf, snap, spec, base_image,
                                         option, value, words):
    tconf.set_override(option, value, group='templates')
    with pytest.raises(errors.BuildFailed) as info:
        snap.build(spec, base_image, b'x', PROPS, 'n')
    assert words in str(info.value)


def test_no_flavor_fits_a_large_base(snap, site_cloud, spec, base_image):
    base_image['min_disk'] = 500
    with pytest.raises(errors.BuildFailed) as info:
        snap.build(spec, base_image, b'x', PROPS, 'n')
    assert 'No flavor of the site fits base image' in str(info.value)


def test_a_failing_install_command_fails_with_novas_fault(
        snap, site_cloud, spec, base_image):
    site_cloud.builder_status = 'ERROR'
    site_cloud.builder_fault = {'code': 500,
                                'message': "'make install' exited 2"}
    with pytest.raises(errors.BuildFailed) as info:
        snap.build(spec, base_image, b'x', PROPS, 'n')
    assert info.value.reason == 'builder'
    assert "'make install' exited 2" in str(info.value)
    assert not site_cloud.servers  # deleted anyway
    assert not [i for i in site_cloud.images_by_id.values()
                if i['properties'] == PROPS]


def test_nova_refusing_the_builder_fails(snap, site_cloud, spec,
                                         base_image):
    site_cloud.fail['create_server'] = base.CloudError(
        'Quota exceeded', {'code': 403, 'message': 'Quota exceeded'})
    with pytest.raises(errors.BuildFailed) as info:
        snap.build(spec, base_image, b'x', PROPS, 'n')
    assert 'Nova refused the builder server: Quota exceeded' in str(
        info.value)


@pytest.mark.parametrize('status', ['killed', 'queued'])
def test_a_snapshot_that_does_not_become_active_is_deleted(
        tconf, site_cloud, spec, base_image, status):
    tconf.set_override('build_timeout', 1, group='templates')
    snap = builder.SnapshotBuilder(tconf, site_cloud, poll=0.25)
    site_cloud.snapshot_status = status
    with pytest.raises(errors.BuildFailed) as info:
        snap.build(spec, base_image, b'x', PROPS, 'n')
    assert info.value.reason == 'snapshot'
    assert not [i for i in site_cloud.images_by_id.values()
                if i['properties'] == PROPS]
    assert not site_cloud.servers


def test_nova_refusing_the_snapshot_fails(snap, site_cloud, spec,
                                          base_image):
    site_cloud.fail['snapshot'] = base.Conflict('task_state busy')
    with pytest.raises(errors.BuildFailed) as info:
        snap.build(spec, base_image, b'x', PROPS, 'n')
    assert 'could not snapshot builder' in str(info.value)
    assert not site_cloud.servers


def test_user_data_too_big_for_nova_fails_early(snap, site_cloud, spec,
                                                base_image):
    with pytest.raises(errors.BuildFailed) as info:
        snap.build(spec, base_image, b'x' * 60000, PROPS, 'n')
    assert 'more than Nova takes as user data' in str(info.value)
    assert not site_cloud.calls


def test_a_builder_left_by_an_earlier_run_is_deleted(
        snap, site_cloud, spec, base_image):
    old = site_cloud.create_server(
        'old', 'f1', base_image['id'], None, b'', {},
        [builder.builder_tag('office', 2)])
    snap.build(spec, base_image, b'x', PROPS, 'n')
    assert ('delete_server', old['id']) in site_cloud.calls


def test_the_agent_stopping_interrupts_the_wait(
        tconf, site_cloud, spec, base_image):
    stopping = threading.Event()
    stopping.set()
    site_cloud.builder_status = 'BUILD'
    snap = builder.SnapshotBuilder(tconf, site_cloud, stopping, poll=0.001)
    with pytest.raises(results.Interrupted):
        snap.build(spec, base_image, b'x', PROPS, 'n')
    assert not site_cloud.servers
