"""/v1/placement/explain: where the placer would put desktops, and why.

``GET /v1/placement/explain?home_site=&template_type=&flavor=&count=&scope=``
is a dry run of the engine's placement rules on the same code
(``central_cloud.placement.decide``): nothing is claimed. It answers::

    {"explain": {
        "request": {"home_site", "template_type", "flavor", "count",
                    "scope"},
        "candidates": [{"site", "distance_km", "free_vcpus",
                        "free_memory_mb", "free_disk_gb",
                        "holds_template", "kept", "reason"}, ...],
        "placements": [{"site", "count", "origin_site"}, ...]}}

Candidates come in the order the placer tries them; ``free_*`` is what
the site's up hosts can still give (above its reserve for a lender),
``distance_km`` is null for a site without coordinates, and
``origin_site`` names the home site of borrowed desktops. ``scope``
defaults as for a desktop request (``[placement] default_scope``, capped
by the home site's group policy). Placements that add up to less than
``count`` mean the rest would fail; the reasons say why.
"""

from central_cloud.api.controllers import base
from central_cloud.api.controllers import desktops
from central_cloud.api import errors
from central_cloud.api.schemas import placement as schemas
from central_cloud.api import validation
import central_cloud.conf
from central_cloud.placement import decide
from central_cloud.placement import view as view_mod
from central_cloud.protocol import fields

CONF = central_cloud.conf.CONF

# One view per API process, refreshed (by what changed) on each call.
_VIEW = view_mod.View()
WHAT = 'query string'


class PlacementController(object):

    def explain(self, req):
        base.authorize(req, 'placement:explain')
        query = validation.query(req, schemas.EXPLAIN_QUERY)
        count = int(query.get('count', 1))
        if count > fields.MAX_COUNT:
            raise errors.BadRequest('Invalid query string: count must be '
                                    'at most %d' % fields.MAX_COUNT)
        home = desktops.known_site(query['home_site'], 'home_site', WHAT)
        desktops.known_template(query['template_type'], WHAT)
        desktops.known_flavor(home.name, query['flavor'], WHAT)
        _VIEW.refresh(max_age=0)
        options = CONF.placement
        request = decide.request(
            home.name, query['template_type'], query['flavor'], count,
            decide.effective_scope(query.get('scope'), home.group,
                                   options.group_scopes,
                                   options.default_scope))
        try:
            result = decide.explain(_VIEW, request)
        except decide.UnknownFlavor:
            raise errors.BadRequest(
                'Invalid query string: flavor names %s, which no site '
                'reports: its size is unknown' % query['flavor'])
        return {'explain': result}
