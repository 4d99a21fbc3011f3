"""Request schemas of /v1/rollouts."""

from central_cloud.api.schemas import types
from central_cloud.db import models

MAX_PARALLEL_SITES = 1000

CREATE = types.closed_object({
    # What to push: a template type as it is, or a bundle (new, or a new
    # version of one the template type uses), which makes a new version.
    'template_type': types.IDENTIFIER,
    'bundle_id': types.integer(1, 2 ** 31 - 1),
    # Where: named sites and the sites of groups; neither means every
    # site (for a bundle: its own targets).
    'sites': types.array(types.SITE, types.MAX_TARGETS, unique=True),
    'groups': types.array(types.name(), types.MAX_TARGETS, unique=True),
    'mode': types.enum(models.ROLLOUT_MODES),
    'max_parallel_sites': types.integer(1, MAX_PARALLEL_SITES),
    'stop_on_failure': types.BOOLEAN,
})

LIST_QUERY = types.list_query({
    'state': types.query_many(types.query_enum(models.ROLLOUT_STATES)),
    'template_type': types.query_many(types.query_text()),
}, marker=types.UUID)
