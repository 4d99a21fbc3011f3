"""Rules of /v1/commands.

The target is the project of the command's desktop, so a member may
follow the commands of its own desktops (list them with ?desktop=).
Commands without a desktop, or whose desktop is gone, are for
administrators and readers only.
"""

from central_cloud.policies import base

COLLECTION = '/v1/commands'
RESOURCE = '/v1/commands/{command_id}'

rules = [
    base.rule('command', 'get_all', base.ANY_READER,
              'List management commands, with their state, attempts and '
              'result.', [('GET', COLLECTION)]),
    base.rule('command', 'get', base.ANY_READER,
              'Show a management command.', [('GET', RESOURCE)]),
]


def list_rules():
    return rules
