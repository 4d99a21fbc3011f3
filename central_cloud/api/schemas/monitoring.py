"""Query schemas of /v1/monitoring."""

from central_cloud.api.schemas import types
from central_cloud.db import models

LIST_QUERY = types.list_query({
    'group': types.query_many(types.query_text()),
    'availability': types.query_many(
        types.query_enum(models.AVAILABILITIES)),
}, marker=types.SITE)

# ?history=N: the last N report summaries, at most the
# [monitoring] report_history_size that central keeps.
SHOW_QUERY = types.closed_object({'history': types.QUERY_POSITIVE})
