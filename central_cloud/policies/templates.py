"""Rules of /v1/templates.

Members of any project may read templates: they name a template type
when they create desktops. Only administrators change them.
"""

from central_cloud.policies import base

COLLECTION = '/v1/templates'
RESOURCE = '/v1/templates/{type_name}'

rules = [
    base.rule('template', 'create', base.ADMIN, 'Create a template type.',
              [('POST', COLLECTION)]),
    base.rule('template', 'get_all', base.ADMIN_READER_OR_MEMBER,
              'List template types.', [('GET', COLLECTION)]),
    base.rule('template', 'get', base.ADMIN_READER_OR_MEMBER,
              'Show a template type.', [('GET', RESOURCE)]),
    base.rule('template', 'update', base.ADMIN,
              'Change a template type; a new base image or bundle list '
              'makes a new version.', [('PATCH', RESOURCE)]),
    base.rule('template', 'delete', base.ADMIN,
              'Delete a template type that no desktop uses.',
              [('DELETE', RESOURCE)]),
]


def list_rules():
    return rules
