"""Bundle files no bundle names any more are removed, and only those."""

import hashlib
import os
import threading

from central_cloud.api import blob_store
from central_cloud.db import transaction
from tests.unit.api import fixtures
from tests.unit.api import test_bundle_files

DATA = test_bundle_files.DATA
SHA = test_bundle_files.SHA
bundle = test_bundle_files.bundle
state = test_bundle_files.state
_put = test_bundle_files._put


def _second(client):
    resp = client.post('/v1/bundles', {
        'name': 'lo', 'version': '2', 'template_type': 'office',
        'files': [{'name': 'lo.deb', 'sha256': SHA, 'size': len(DATA)}]})
    assert resp.status_int == 201, resp.text
    return resp.json['bundle']


def test_a_file_goes_with_the_last_bundle_that_names_it(client, bundle,
                                                        state):
    assert _put(client, bundle['id'], 'lo.deb', DATA).status_int == 201
    other = _second(client)
    assert other['files'][0]['stored'] is True
    assert client.delete('/v1/bundles/%d' % bundle['id']).status_int == 204
    assert client.get('/v1/blobs/%s' % SHA).body == DATA
    assert client.delete('/v1/bundles/%d' % other['id']).status_int == 204
    fixtures.error_of(client.get('/v1/blobs/%s' % SHA), 404)
    assert not os.path.exists(blob_store.path_of(SHA))


def test_a_file_being_stored_is_not_collected(client, db, bundle, state):
    """The collector waits for the upload's row lock, then sees it named."""
    data = b'a new file'
    sha = hashlib.sha256(data).hexdigest()
    placing, collected = threading.Event(), []

    def collector():
        placing.wait(10)
        collected.append(db.collect_blob(sha, blob_store.remove))

    worker = threading.Thread(target=collector)
    worker.start()

    def place():
        os.makedirs(os.path.dirname(blob_store.path_of(sha)),
                    exist_ok=True)
        with open(blob_store.path_of(sha), 'wb') as f:
            f.write(data)
        placing.set()
        # The collector runs meanwhile and must wait for this commit.
        worker.join(0.5)

    with transaction.writer():
        db.keep_blob(sha, len(data), place)
        db.update_bundle(bundle['id'], {'files': [
            {key: f[key] for key in ('name', 'sha256', 'size')}
            for f in bundle['files']] + [
                {'name': 'new.bin', 'sha256': sha, 'size': len(data)}]})
    worker.join(10)
    assert collected == [False]
    assert client.get('/v1/blobs/%s' % sha).body == data


def test_an_unnamed_blob_is_collected_and_a_named_one_kept(db, bundle,
                                                           state):
    db.keep_blob('c' * 64, 1, lambda: None)
    assert db.collect_blob('c' * 64, blob_store.remove) is True
    assert db.stored_blobs(['c' * 64]) == set()
    db.keep_blob(SHA, len(DATA), lambda: None)
    assert db.collect_blob(SHA, blob_store.remove) is False
    assert db.collect_blob('d' * 64, blob_store.remove) is False
