"""Bundle files: fetched once by sha256 and verified every time."""

import hashlib
import os

import pytest

from site_plugins.templates import errors
from site_plugins.templates import files
from tests.unit.site_plugins.templates import conftest

BUNDLE = {'name': 'app', 'version': '1.0'}
ITEM = {'name': 'app.sh',
        'sha256': hashlib.sha256(conftest.FILE_DATA).hexdigest(),
        'size': len(conftest.FILE_DATA)}


@pytest.fixture
def cache(tmp_path, central, counter):
    return files.FileCache(str(tmp_path / 'cache'), central, counter)


def test_a_file_is_fetched_once_and_counted(cache, central, counter):
    path = cache.ensure(BUNDLE, ITEM)
    with open(path, 'rb') as f:
        assert f.read() == conftest.FILE_DATA
    assert cache.ensure(BUNDLE, ITEM) == path
    assert central.calls == [('blob', ITEM['sha256'])]
    assert counter.snapshot()['bundle_files'] == len(conftest.FILE_DATA)


def test_a_file_changed_on_disk_is_fetched_again(cache, central):
    path = cache.ensure(BUNDLE, ITEM)
    with open(path, 'wb') as f:
        f.write(b'tampered')
    assert cache.ensure(BUNDLE, ITEM) == path
    assert files.sha256_of(path) == ITEM['sha256']
    assert len(central.calls) == 2


def test_bytes_that_do_not_match_fail_and_are_not_kept(cache, central):
    central.blobs[ITEM['sha256']] = b'not the file'
    with pytest.raises(errors.BuildFailed) as info:
        cache.ensure(BUNDLE, ITEM)
    assert info.value.reason == 'sha256_mismatch'
    message = str(info.value)
    assert 'File app.sh of bundle app 1.0 failed verification' in message
    assert hashlib.sha256(b'not the file').hexdigest() in message
    assert not os.path.exists(cache.path(ITEM['sha256']))
    assert os.listdir(os.path.dirname(cache.path(ITEM['sha256']))) == []


def test_a_file_central_does_not_have_fails(cache, central):
    central.blobs.clear()
    with pytest.raises(errors.BuildFailed) as info:
        cache.ensure(BUNDLE, ITEM)
    assert info.value.reason == 'file_missing'
    assert 'is not stored at central' in str(info.value)


def test_ensure_all_maps_digests_to_paths(cache):
    paths = cache.ensure_all([dict(BUNDLE, files=[ITEM]),
                              {'name': 'empty', 'version': '1'}])
    assert list(paths) == [ITEM['sha256']]
