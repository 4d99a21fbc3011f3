"""Request schemas of /v1/desktops."""

from central_cloud.api.schemas import types
from central_cloud.protocol import fields

ACTIONS = ('stop', 'start', 'suspend', 'resume')
SCOPES = ('local', 'group', 'any')
DEFAULT_SCOPE = 'any'

# Desktops of one request are named "<name>-<n>", n up to MAX_COUNT.
NAME_LENGTH = fields.MAX_NAME - len('-%d' % fields.MAX_COUNT)

CREATE = types.closed_object({
    'home_site': types.SITE,
    'template_type': types.IDENTIFIER,
    'flavor': types.name(),
    'count': types.integer(1, fields.MAX_COUNT),
    'name': types.name(NAME_LENGTH),
    'owner': types.name(),
    # Where desktops may go when the home site is short: the home site
    # only, sites of its group, or any site and the shared pool.
    'scope': types.enum(SCOPES),
}, required=('home_site', 'template_type', 'flavor', 'name'))

ACTION = types.action_body(ACTIONS)

DESKTOP_STATE = types.query_text(32)

LIST_QUERY = types.list_query({
    'site': types.query_many(types.SITE),
    'state': types.query_many(DESKTOP_STATE),
    'template_type': types.query_many(types.query_text()),
    'owner': types.query_text(),
    'project': types.query_text(),
}, marker=types.UUID)
