"""Rules of /v1/sites.

Members of any project may read sites: they name a home site when they
create desktops. Only administrators change sites.
"""

from central_cloud.policies import base

COLLECTION = '/v1/sites'
RESOURCE = '/v1/sites/{site_name}'
ACTION = '/v1/sites/{site_name}/action'

rules = [
    base.rule('site', 'create', base.ADMIN, 'Register a site.',
              [('POST', COLLECTION)]),
    base.rule('site', 'get_all', base.ADMIN_READER_OR_MEMBER,
              'List sites.', [('GET', COLLECTION)]),
    base.rule('site', 'get', base.ADMIN_READER_OR_MEMBER, 'Show a site.',
              [('GET', RESOURCE)]),
    base.rule('site', 'update', base.ADMIN, "Change a site's settings.",
              [('PATCH', RESOURCE)]),
    base.rule('site', 'delete', base.ADMIN,
              'Delete a site that has no desktops.',
              [('DELETE', RESOURCE)]),
    base.rule('site', 'manage', base.ADMIN,
              'Put a site under management (action "manage").',
              [('POST', ACTION)]),
    base.rule('site', 'unmanage', base.ADMIN,
              'Take a site out of management (action "unmanage").',
              [('POST', ACTION)]),
    base.rule('site', 'maintenance', base.ADMIN,
              'Put a site in maintenance (action "maintenance").',
              [('POST', ACTION)]),
]


def list_rules():
    return rules
