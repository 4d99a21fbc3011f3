"""/v1/fleet/summary: the overview page's numbers, counted by the database.

``GET /v1/fleet/summary?zoom=N&max_clusters=M`` answers
``{"summary": {...}}`` with a few aggregate queries
(``central_cloud.db.fleet``), so its cost does not grow with a page per
site: ``sites`` (count by map state), ``hosts``, ``instances``,
``resources`` (used and total per resource class, from each site's
newest report summary), ``desktops`` (count by state), ``borrowed``,
``borrow_lines`` (the largest, with both ends' points), ``alarms``
(raised) and ``clusters``: the sites grouped into cells of
``cell_degrees`` = 180 / 2**zoom degrees of latitude and longitude, each
with its count, worst state, count per state, mean point, shared pools
and, for a cell of one site, the site's name. ``zoom`` (0 to 16, default
``DEFAULT_ZOOM``) is the finest wanted: while that makes more than
``max_clusters`` cells (default and at most 5,000), the zoom goes down
by 2; the answer's ``zoom`` and ``cell_degrees`` say which was used.
"""

from central_cloud.api.controllers import base
from central_cloud.api import errors
from central_cloud.api.schemas import fleet as schemas
from central_cloud.api import validation
from central_cloud.db import fleet

DEFAULT_ZOOM = 4


def cell_degrees(zoom):
    return 180.0 / 2 ** zoom


class FleetController(object):

    def summary(self, req):
        base.authorize(req, 'fleet:summary')
        query = validation.query(req, schemas.SUMMARY_QUERY)
        finest = int(query.get('zoom', DEFAULT_ZOOM))
        most = int(query.get('max_clusters', fleet.MAX_CLUSTERS))
        if most > fleet.MAX_CLUSTERS:
            raise errors.BadRequest(
                'Invalid query string: max_clusters must be at most %d'
                % fleet.MAX_CLUSTERS)
        zooms = list(range(finest, -1, -2))
        found = fleet.fleet_summary([cell_degrees(z) for z in zooms], most)
        found['zoom'] = zooms[[cell_degrees(z) for z in zooms].index(
            found['cell_degrees'])]
        return {'summary': found}
