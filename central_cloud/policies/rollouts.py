"""Rules of /v1/rollouts: read by readers, run by administrators."""

from central_cloud.policies import base

COLLECTION = '/v1/rollouts'
RESOURCE = '/v1/rollouts/{rollout_id}'

rules = [
    base.rule('rollout', 'create', base.ADMIN,
              'Start a rollout of a template type or a bundle to sites.',
              [('POST', COLLECTION)]),
    base.rule('rollout', 'get_all', base.ADMIN_OR_READER,
              'List rollouts.', [('GET', COLLECTION)]),
    base.rule('rollout', 'get', base.ADMIN_OR_READER,
              'Show a rollout and its steps, one per site.',
              [('GET', RESOURCE)]),
    base.rule('rollout', 'abort', base.ADMIN,
              'Abort a rollout: sites that have not started never do.',
              [('POST', RESOURCE + '/abort')]),
]


def list_rules():
    return rules
