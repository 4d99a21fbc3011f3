"""Query schema of /v1/fleet/summary."""

from central_cloud.api.schemas import types
from central_cloud.db import fleet

# ?zoom=N: map cells of 180 / 2**N degrees (0: half the world, 16: about
# 300 m of latitude).
MAX_ZOOM = 16

SUMMARY_QUERY = types.closed_object({
    'zoom': {'type': 'string', 'pattern': '^(?:[0-9]|1[0-6])$',
             'description': 'a whole number from 0 to %d' % MAX_ZOOM},
    # At most this many cells: coarser ones (zoom - 2, ...) until they fit.
    'max_clusters': dict(types.QUERY_POSITIVE,
                         description='a whole number from 1 to %d'
                         % fleet.MAX_CLUSTERS),
})
