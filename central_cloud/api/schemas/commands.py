"""Query schemas of /v1/commands."""

from central_cloud.api.schemas import types
from central_cloud.db import models
from central_cloud.protocol import fields

LIST_QUERY = types.list_query({
    'site': types.query_many(types.SITE),
    'state': types.query_many(types.query_enum(models.COMMAND_STATES)),
    'action': types.query_many(types.query_enum(fields.ACTIONS)),
    'desktop': types.UUID,
}, marker=types.UUID)
