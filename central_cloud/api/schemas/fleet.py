"""Query schema of /v1/fleet/summary."""

from central_cloud.api.schemas import types

# ?zoom=N: map cells of 180 / 2**N degrees (0: half the world, 16: about
# 300 m of latitude).
MAX_ZOOM = 16

SUMMARY_QUERY = types.closed_object({
    'zoom': {'type': 'string', 'pattern': '^(?:[0-9]|1[0-6])$',
             'description': 'a whole number from 0 to %d' % MAX_ZOOM},
})
