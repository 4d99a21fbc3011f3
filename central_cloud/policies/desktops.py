"""Rules of /v1/desktops.

The target of each rule is the desktop's project. A member sees and acts
on the desktops of its own project only: another project's desktop looks
like it does not exist (404).
"""

from central_cloud.policies import base

COLLECTION = '/v1/desktops'
RESOURCE = '/v1/desktops/{desktop_id}'
ACTION = '/v1/desktops/{desktop_id}/action'

rules = [
    base.rule('desktop', 'create', base.ADMIN_OR_OWNER,
              "Create desktops in the caller's project.",
              [('POST', COLLECTION)]),
    base.rule('desktop', 'get_all', base.ANY_READER,
              "List the desktops of the caller's project.",
              [('GET', COLLECTION)]),
    base.rule('desktop', 'get_all_projects', base.ADMIN_OR_READER,
              'List the desktops of every project, or of the project '
              'given by ?project=.', [('GET', COLLECTION)]),
    base.rule('desktop', 'get', base.ANY_READER, 'Show a desktop.',
              [('GET', RESOURCE)]),
    base.rule('desktop', 'delete', base.ADMIN_OR_OWNER,
              'Delete a desktop (queues a delete command).',
              [('DELETE', RESOURCE)]),
]
for _action in ('stop', 'start', 'suspend', 'resume'):
    rules.append(base.rule(
        'desktop', _action, base.ADMIN_OR_OWNER,
        '%s a desktop (action "%s"; queues a command).'
        % (_action.capitalize(), _action), [('POST', ACTION)]))


def list_rules():
    return rules
