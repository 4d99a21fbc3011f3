"""Rules of /v1/fleet: the overview's counts, for admins and readers."""

from central_cloud.policies import base

rules = [
    base.rule('fleet', 'summary', base.ADMIN_OR_READER,
              'Show the fleet in numbers: sites by state, capacity, '
              'desktops, borrowing, raised alarms, and the sites grouped '
              'into map cells.', [('GET', '/v1/fleet/summary')]),
]


def list_rules():
    return rules
