"""/v1/bundles: application bundles and their files.

A bundle record carries its files' metadata (name, sha256, size), its
install commands and its target sites or groups. The files themselves
are uploaded with ``PUT /v1/bundles/{id}/files/{name}`` (the raw bytes,
with Content-Length or chunked; ``X-Content-SHA256`` may state their
digest, and a chunked upload needs it unless the bundle declares the
file; see ``uploads``). Bytes that did not all arrive or do not match a
stated or declared digest are never kept. Files are kept once per sha256
(``blob_store``). Sites fetch them by digest with ``GET
/v1/blobs/{digest}``; ``GET /v1/bundles/{id}/files/{name}`` serves the
same bytes by name. Deleting a bundle removes the stored files that no
other bundle names (``blobs.collect_blob``).
"""

import re

from oslo_log import log as logging
import webob
from webob import static

from central_cloud.api import blob_store
from central_cloud.api.controllers import base
from central_cloud.api import errors
from central_cloud.api import references
from central_cloud.api.schemas import bundles as schemas
from central_cloud.api import uploads
from central_cloud.api import validation
from central_cloud.db import api as db_api
from central_cloud.db import exception as db_exception
from central_cloud.db import transaction
from central_cloud.protocol import error_messages

LOG = logging.getLogger(__name__)

FIELDS = ('id', 'name', 'version', 'template_type', 'files',
          'install_commands', 'targets', 'created_at', 'updated_at')
FILTERS = ('name', 'version', 'template_type')
SHA_HEADER = 'X-Content-SHA256'
_SHA256 = re.compile(r'[0-9a-f]{64}\Z')
_FILE_NAME = re.compile(schemas.FILE_NAME['pattern'])


def view(bundle, stored=None):
    """The bundle; each file says whether its bytes are ``stored``."""
    data = bundle.to_dict()
    shown = {field: data.get(field) for field in FIELDS}
    if stored is None:
        stored = db_api.stored_blobs(f['sha256'] for f in bundle.files)
    shown['files'] = [dict(f, stored=f['sha256'] in stored)
                      for f in bundle.files]
    return shown


def _views(bundles):
    stored = db_api.stored_blobs(f['sha256'] for b in bundles
                                 for f in b.files)
    return [view(b, stored) for b in bundles]


def _safe_name(value):
    return (len(value) <= schemas.FILE_NAME['maxLength'] and
            _FILE_NAME.match(value) is not None)


def _file_name(value):
    if not _safe_name(value):
        raise errors.NotFound('file %s not found'
                              % error_messages.shorten(value))
    return value


def _new_file_name(value):
    """A name to store a file under: 400 if it is not a safe name."""
    if not _safe_name(value):
        raise errors.BadRequest('Invalid file name %s: it must be %s'
                                % (error_messages.shorten(value),
                                   schemas.FILE_NAME['description']))
    return value


def _stated_sha(req):
    stated = req.headers.get(SHA_HEADER)
    if stated is None:
        return None
    stated = stated.strip().lower()
    if not _SHA256.match(stated):
        raise errors.BadRequest('Invalid %s header: it must be a sha256 '
                                'digest of 64 hex digits' % SHA_HEADER)
    return stated


def _declared(bundle, name):
    return next((f for f in bundle.files if f['name'] == name), None)


def file_response(sha256, size):
    """The stored bytes of ``sha256``; 404 when they are missing."""
    blob = blob_store.open_blob(sha256)
    if blob is None:
        raise errors.NotFound('the bytes of file %s are not stored at '
                              'central' % sha256)
    resp = webob.Response(content_type='application/octet-stream')
    resp.app_iter = static.FileIter(blob)
    resp.content_length = size
    resp.headers[SHA_HEADER] = sha256
    return resp


def collect(digests):
    """Remove the stored files that no bundle names any more."""
    for sha256 in sorted(set(digests)):
        if db_api.collect_blob(sha256, blob_store.remove):
            LOG.info('Removed bundle file %s: no bundle names it', sha256)


class BundlesController(object):

    def index(self, req):
        base.authorize(req, 'bundle:get_all')
        query = validation.query(req, schemas.LIST_QUERY)
        limit = base.page_limit(query)
        marker = query.get('marker')
        bundles = db_api.list_bundles(
            filters=base.filters(query, FILTERS), limit=limit,
            marker=int(marker) if marker is not None else None)
        return base.page(req, 'bundles', _views(bundles), limit,
                         lambda item: item['id'])

    def create(self, req):
        base.authorize(req, 'bundle:create')
        body = validation.body(req, schemas.CREATE)
        references.template_type(body['template_type'])
        references.targets(body.get('targets'))
        return 201, {'bundle': view(db_api.create_bundle(body))}

    def show(self, req, bundle_id):
        base.authorize(req, 'bundle:get')
        return {'bundle': view(db_api.get_bundle(
            base.url_int(bundle_id, 'bundle')))}

    def delete(self, req, bundle_id):
        base.authorize(req, 'bundle:delete')
        bundle = db_api.get_bundle(base.url_int(bundle_id, 'bundle'))
        db_api.delete_bundle(bundle.id)
        collect(f['sha256'] for f in bundle.files)
        return 204, None

    def upload_file(self, req, bundle_id, name):
        """Store a file's bytes; a new name is added to the bundle."""
        base.authorize(req, 'bundle:upload_file')
        bundle = db_api.get_bundle(base.url_int(bundle_id, 'bundle'))
        name = _new_file_name(name)
        stated = _stated_sha(req)
        declared = _declared(bundle, name)
        if req.content_length is not None and \
                req.content_length > blob_store.MAX_FILE_SIZE:
            raise errors.RequestEntityTooLarge(
                'a bundle file may have at most %d bytes'
                % blob_store.MAX_FILE_SIZE)
        if uploads.is_chunked(req) and stated is None and declared is None:
            # Without a length, only a digest proves the bytes are whole.
            raise uploads.LengthRequired(
                'a chunked upload of a file the bundle does not declare '
                'needs the %s header; or send Content-Length' % SHA_HEADER)
        stream = uploads.body_stream(req)

        def keep(sha256, size, place):
            # One transaction: the blob's row lock, the file in place and
            # the bundle naming it; the collector takes the same lock.
            with transaction.writer():
                db_api.keep_blob(sha256, size, place)
                entry = {'name': name, 'sha256': sha256, 'size': size}
                if declared is None:
                    db_api.update_bundle(bundle.id,
                                         {'files': bundle.files + [entry]})
                elif declared['size'] != size:
                    db_api.update_bundle(bundle.id, {'files': [
                        entry if f['name'] == name else f
                        for f in bundle.files]})
        try:
            sha256, size = blob_store.put(
                stream, expected=[stated, declared and declared['sha256']],
                keep=keep)
        except uploads.BrokenBody as exc:
            raise errors.BadRequest('The file was not stored: %s' % exc)
        except blob_store.DigestMismatch as exc:
            if exc.expected == stated:
                raise errors.BadRequest(
                    'The file was not stored: its bytes have sha256 %s, '
                    'not the %s the %s header states'
                    % (exc.actual, stated, SHA_HEADER))
            raise errors.BadRequest(
                'The file was not stored: bundle %d declares %s with sha256 '
                '%s, but the bytes have %s'
                % (bundle.id, name, exc.expected, exc.actual))
        except blob_store.TooLarge as exc:
            raise errors.RequestEntityTooLarge(str(exc))
        entry = {'name': name, 'sha256': sha256, 'size': size}
        LOG.info('Stored file %s of bundle %d (%s %s): %d bytes, sha256 %s',
                 name, bundle.id, bundle.name, bundle.version, size, sha256)
        return 201, {'file': dict(entry, stored=True)}

    def get_file(self, req, bundle_id, name):
        base.authorize(req, 'bundle:get_file')
        bundle = db_api.get_bundle(base.url_int(bundle_id, 'bundle'))
        declared = _declared(bundle, _file_name(name))
        if declared is None:
            raise errors.NotFound('bundle %d has no file %s'
                                  % (bundle.id, name))
        return file_response(declared['sha256'], declared['size'])


class BlobsController(object):
    """/v1/blobs/{digest}: a stored file by its sha256 (for sites)."""

    def show(self, req, digest):
        base.authorize(req, 'bundle:get_file')
        if not _SHA256.match(digest):
            raise errors.NotFound('file %s not found' % digest[:80])
        try:
            blob = db_api.get_blob(digest)
        except db_exception.NotFound:
            raise errors.NotFound('no file with sha256 %s is stored at '
                                  'central' % digest)
        return file_response(blob.sha256, blob.size)
