"""Rules of /v1/alarms: read by readers, acknowledged by administrators."""

from central_cloud.policies import base

COLLECTION = '/v1/alarms'
RESOURCE = '/v1/alarms/{alarm_id}'

rules = [
    base.rule('alarm', 'get_all', base.ADMIN_OR_READER, 'List site alarms.',
              [('GET', COLLECTION)]),
    base.rule('alarm', 'get', base.ADMIN_OR_READER, 'Show a site alarm.',
              [('GET', RESOURCE)]),
    base.rule('alarm', 'acknowledge', base.ADMIN,
              'Acknowledge (or un-acknowledge) a site alarm.',
              [('POST', RESOURCE + '/acknowledge')]),
]


def list_rules():
    return rules
