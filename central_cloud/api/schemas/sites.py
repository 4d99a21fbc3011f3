"""Request schemas of /v1/sites."""

from central_cloud.api.schemas import types
from central_cloud.db import models

# Management actions and the management state each one sets.
ACTIONS = {'manage': 'managed', 'unmanage': 'unmanaged',
           'maintenance': 'maintenance'}

_SETTINGS = {
    'region': types.name(),
    'latitude': types.number(-90, 90),
    'longitude': types.number(-180, 180),
    'group': types.nullable(types.name()),
    'reserve_ratio': types.number(0, 1),
    'shared_pool': types.BOOLEAN,
}

CREATE = types.closed_object(
    dict({'name': types.SITE}, **_SETTINGS),
    required=('name', 'region', 'latitude', 'longitude'))

# PATCH: any settings, at least one; the name and management state stay
# (the latter changes through the actions).
UPDATE = dict(types.closed_object(_SETTINGS), minProperties=1)

ACTION = types.action_body(ACTIONS)

LIST_QUERY = types.list_query({
    'group': types.query_many(types.query_text()),
    'region': types.query_many(types.query_text()),
    'availability': types.query_many(
        types.query_enum(models.AVAILABILITIES)),
    'management_state': types.query_many(
        types.query_enum(models.MANAGEMENT_STATES)),
    'shared_pool': types.QUERY_BOOLEAN,
}, marker=types.SITE)
