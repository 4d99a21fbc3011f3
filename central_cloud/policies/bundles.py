"""Rules of /v1/bundles: read by readers, changed by administrators."""

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
]


def list_rules():
    return rules
