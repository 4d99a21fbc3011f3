"""Request schemas of /v1/notices."""

from central_cloud.api.schemas import types

MAX_BODY = 65535

CREATE = types.closed_object({
    'title': types.name(),
    'body': {'type': 'string', 'minLength': 1, 'maxLength': MAX_BODY},
    'targets': types.TARGETS,
}, required=('title', 'body'))

LIST_QUERY = types.list_query({}, marker=types.QUERY_INTEGER)
