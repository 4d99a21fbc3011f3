"""Query schema of /v1/placement/explain."""

from central_cloud.api.schemas import desktops
from central_cloud.api.schemas import types

EXPLAIN_QUERY = types.closed_object({
    'home_site': types.SITE,
    'template_type': types.IDENTIFIER,
    'flavor': types.query_text(),
    # The number of desktops, 1 to fields.MAX_COUNT (checked after).
    'count': types.QUERY_POSITIVE,
    'scope': types.query_enum(desktops.SCOPES),
}, required=('home_site', 'template_type', 'flavor'))
