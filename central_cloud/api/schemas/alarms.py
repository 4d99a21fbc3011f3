"""Request schemas of /v1/alarms."""

from central_cloud.api.schemas import types
from central_cloud.db import models
from central_cloud.protocol import fields

# POST .../acknowledge; no body means {"acknowledged": true}.
ACKNOWLEDGE = types.closed_object({'acknowledged': types.BOOLEAN})

LIST_QUERY = types.list_query({
    'site': types.query_many(types.SITE),
    'state': types.query_many(types.query_enum(models.ALARM_STATES)),
    'severity': types.query_many(
        types.query_enum(fields.ALARM_SEVERITIES)),
    'kind': types.query_many(types.query_text(64)),
    'acknowledged': types.QUERY_BOOLEAN,
}, marker=types.QUERY_INTEGER)
