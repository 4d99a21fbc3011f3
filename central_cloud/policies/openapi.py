"""Rule of /v1/openapi.json: the API's own description.

Whoever may use the API may read how it is shaped; it holds no data.
"""

from central_cloud.policies import base

rules = [
    base.rule('openapi', 'get', base.ADMIN_READER_OR_MEMBER,
              'Show the OpenAPI document of the REST API.',
              [('GET', '/v1/openapi.json')]),
]


def list_rules():
    return rules
