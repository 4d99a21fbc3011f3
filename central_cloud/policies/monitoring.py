"""Rules of /v1/monitoring: operators' view, for admins and readers."""

from central_cloud.policies import base

rules = [
    base.rule('monitoring', 'get_all', base.ADMIN_OR_READER,
              'Show the latest monitoring report of every site, '
              'summarised.', [('GET', '/v1/monitoring')]),
    base.rule('monitoring', 'get', base.ADMIN_OR_READER,
              "Show a site's latest monitoring report and its history.",
              [('GET', '/v1/monitoring/{site_name}')]),
]


def list_rules():
    return rules
