"""Rules of /v1/bundles and /v1/blobs.

Readers read bundles, administrators change them. Site agents fetch
bundle files: they authenticate with a service account that holds the
``service`` role (or any reader role).
"""

from central_cloud.policies import base

COLLECTION = '/v1/bundles'
RESOURCE = '/v1/bundles/{bundle_id}'

rules = [
    base.rule('bundle', 'create', base.ADMIN,
              'Create an application bundle record.',
              [('POST', COLLECTION)]),
    base.rule('bundle', 'get_all', base.ADMIN_OR_READER,
              'List application bundles.', [('GET', COLLECTION)]),
    base.rule('bundle', 'get', base.ADMIN_OR_READER,
              'Show an application bundle.', [('GET', RESOURCE)]),
    base.rule('bundle', 'delete', base.ADMIN,
              'Delete an application bundle record.',
              [('DELETE', RESOURCE)]),
    base.rule('bundle', 'upload_file', base.ADMIN,
              "Upload a bundle file's bytes (a new name joins the bundle).",
              [('PUT', RESOURCE + '/files/{name}')]),
    base.rule('bundle', 'get_file', base.ADMIN_OR_READER + ' or role:service',
              "Download a bundle file's bytes, by name or by sha256.",
              [('GET', RESOURCE + '/files/{name}'),
               ('GET', '/v1/blobs/{digest}')]),
]


def list_rules():
    return rules
