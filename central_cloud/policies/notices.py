"""Rules of /v1/notices: read by readers, created by administrators."""

from central_cloud.policies import base

COLLECTION = '/v1/notices'
RESOURCE = '/v1/notices/{notice_id}'

rules = [
    base.rule('notice', 'create', base.ADMIN,
              'Create a notice for the target sites.',
              [('POST', COLLECTION)]),
    base.rule('notice', 'get_all', base.ADMIN_OR_READER, 'List notices.',
              [('GET', COLLECTION)]),
    base.rule('notice', 'get', base.ADMIN_OR_READER, 'Show a notice.',
              [('GET', RESOURCE)]),
]


def list_rules():
    return rules
