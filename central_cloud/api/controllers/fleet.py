"""/v1/fleet/summary: the overview page's numbers, counted by the database.

``GET /v1/fleet/summary?zoom=N`` answers ``{"summary": {...}}`` with a
few aggregate queries (``central_cloud.db.fleet``), so its cost does not
grow with a page per site: ``sites`` (count by map state), ``hosts``,
``instances``, ``resources`` (used and total per resource class, from
each site's newest report summary), ``desktops`` (count by state),
``borrowed``, ``borrow_lines`` (the largest, with both ends' points),
``alarms`` (raised) and ``clusters``: the sites grouped into cells of
``cell_degrees`` = 180 / 2**zoom degrees of latitude and longitude (zoom
0 to 16, default ``DEFAULT_ZOOM``), each with its count, worst state,
count per state, mean point, shared pools and, for a cell of one site,
the site's name.
"""

from central_cloud.api.controllers import base
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
        zoom = int(query.get('zoom', DEFAULT_ZOOM))
        found = fleet.fleet_summary(cell_degrees(zoom))
        found.update(zoom=zoom, cell_degrees=cell_degrees(zoom))
        return {'summary': found}
