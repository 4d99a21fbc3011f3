"""Base images: found by checksum, or copied once from central."""

import pytest

from site_plugins.backends import base
from site_plugins.templates import base_images
from site_plugins.templates import errors
from tests.unit.site_plugins.templates import conftest
from tests.unit.site_plugins.templates import fakes


@pytest.fixture
def images(tconf, site_cloud, central, counter):
    return base_images.BaseImages(tconf, site_cloud, central, counter,
                                  poll=0.001)


def test_a_checksum_the_site_holds_is_never_copied(
        images, site_cloud, central, spec, counter):
    held = site_cloud.add(fakes.image('mine', conftest.BASE_DATA))
    image, copied = images.ensure(spec)
    assert (image['id'], copied) == (held['id'], False)
    assert counter.snapshot()['image_data'] == 0
    assert central.calls == []


def test_an_md5_checksum_finds_the_image_too(images, site_cloud, spec):
    held = site_cloud.add(fakes.image('mine', conftest.BASE_DATA))
    spec['base_image']['checksum'] = held['md5']
    assert images.ensure(spec) == (site_cloud.get_image(held['id']), False)


def test_a_missing_base_is_streamed_and_counted(
        images, site_cloud, central, spec, counter):
    image, copied = images.ensure(spec)
    assert copied
    assert image['checksum'] == central.base['checksum']
    assert image['properties'] == {
        'desktop_base_image': 'true',
        'desktop_base_source': central.base['id']}
    assert counter.snapshot()['image_data'] == len(conftest.BASE_DATA)
    # Once there, the next build finds it.
    assert images.ensure(spec) == (image, False)


def test_glance_download_is_used_when_the_site_offers_it(
        images, site_cloud, central, spec, counter):
    site_cloud.methods.append('glance-download')

    def imported(image_id, source_id):
        source = central.images_by_id[source_id]
        site_cloud.images_by_id[image_id].update(
            data=source['data'], size=source['size'],
            checksum=source['checksum'], status='active')
    site_cloud.on_glance_download = imported
    image, copied = images.ensure(spec)
    assert copied and image['checksum'] == central.base['checksum']
    assert ('glance_download', image['id'], central.base['id'],
            'Central') in site_cloud.calls
    assert ('upload', image['id']) not in site_cloud.calls
    # The bytes crossed the WAN Glance to Glance: counted by size.
    assert counter.snapshot()['image_data'] == len(conftest.BASE_DATA)


def test_a_configured_method_wins(tconf, images, site_cloud, spec):
    site_cloud.methods.append('glance-download')
    tconf.set_override('image_copy', 'stream', group='templates')
    image, _copied = images.ensure(spec)
    assert ('upload', image['id']) in site_cloud.calls


def test_central_finds_the_base_by_checksum_when_its_id_is_gone(
        images, central, spec):
    spec['base_image'].pop('id')
    image, copied = images.ensure(spec)
    assert copied and image['checksum'] == spec['base_image']['checksum']


@pytest.mark.parametrize('change, words', [
    (lambda c: c.images_by_id.clear(),
     "is no longer in central's Glance"),
    (lambda c: c.base.update(status='deactivated'),
     "is no longer in central's Glance"),
    (lambda c: c.base.update(checksum='f' * 128),
     "now has checksum ffff"),
])
def test_a_base_image_central_lost_fails_the_build(
        images, site_cloud, central, spec, change, words):
    change(central)
    with pytest.raises(errors.BuildFailed) as info:
        images.ensure(spec)
    assert info.value.reason == 'base_image_gone'
    assert words in str(info.value)
    assert not site_cloud.images_by_id


def test_a_copy_with_the_wrong_checksum_is_deleted(
        images, site_cloud, central, spec):
    central.base['data'] = b'corrupted in transit'
    with pytest.raises(errors.BuildFailed) as info:
        images.ensure(spec)
    assert info.value.reason == 'base_image_copy'
    assert 'not %s' % spec['base_image']['checksum'] in str(info.value)
    assert not site_cloud.images_by_id


def test_an_upload_glance_refuses_is_deleted(images, site_cloud, spec):
    site_cloud.fail['upload'] = base.CloudError('store is full',
                                                {'code': 413,
                                                 'message': 'full'})
    with pytest.raises(errors.BuildFailed) as info:
        images.ensure(spec)
    assert 'store is full' in str(info.value)
    assert info.value.fault == {'code': 413, 'message': 'full'}
    assert not site_cloud.images_by_id


def test_an_import_that_ends_killed_is_reported(
        images, site_cloud, spec):
    site_cloud.methods.append('glance-download')

    def killed(image_id, source_id):
        site_cloud.images_by_id[image_id]['status'] = 'killed'
    site_cloud.on_glance_download = killed
    with pytest.raises(errors.BuildFailed) as info:
        images.ensure(spec)
    assert 'ended killed' in str(info.value)


def test_a_copy_that_never_ends_times_out(tconf, images, site_cloud,
                                          spec):
    tconf.set_override('image_copy', 'glance-download', group='templates')
    tconf.set_override('build_timeout', 1, group='templates')
    clock = iter(range(0, 100, 1))
    images._clock = lambda: next(clock)
    with pytest.raises(errors.BuildFailed) as info:
        images.ensure(spec)
    assert 'still queued after 1 s' in str(info.value)


def test_unfinished_copies_of_an_earlier_run_are_removed(
        images, site_cloud, central, spec):
    stale = site_cloud.add(fakes.image(
        'stale', status='saving', desktop_base_image='true',
        desktop_base_source=central.base['id']))
    building = site_cloud.add(fakes.image(
        'template-office-v3', status='saving', desktop_base_image='false',
        desktop_base_source=central.base['id']))
    images.ensure(spec)
    assert stale['id'] not in site_cloud.images_by_id
    assert building['id'] in site_cloud.images_by_id


def test_a_long_copy_says_how_it_goes(images, site_cloud, central, spec):
    central.chunk = 100
    ticks = iter(range(0, 100000, 20))
    images._clock = lambda: next(ticks)
    steps = []
    images.ensure(spec, on_step=steps.append)
    assert steps and all('bytes copied' in step for step in steps)


def test_a_long_import_says_how_it_goes(tconf, images, site_cloud, spec):
    tconf.set_override('image_copy', 'glance-download', group='templates')
    tconf.set_override('build_timeout', 1000, group='templates')
    ticks = iter(range(0, 100000, 20))
    images._clock = lambda: next(ticks)
    real = site_cloud.get_image
    looks = []

    def get_image(image_id):
        looks.append(image_id)
        if len(looks) == 5:  # Glance finishes the import
            site_cloud.images_by_id[image_id].update(
                status='active', checksum=spec['base_image']['checksum'])
        return real(image_id)
    site_cloud.get_image = get_image
    steps = []
    images.ensure(spec, on_step=steps.append)
    assert steps and all('is queued' in step for step in steps)
