"""``openstack desktop placement explain``: where desktops would go, and why.

The candidates the placer weighed are the rows, nearest first as the API
gives them; ``placed`` is how many of the desktops it would put there.
"""

from central_cloud.osc.v1 import base
from central_cloud.osc.v1 import servers

# The fields of each candidate in GET /v1/placement/explain.
CANDIDATE_FIELDS = ('site', 'distance_km', 'free_vcpus', 'free_memory_mb',
                    'free_disk_gb', 'holds_template', 'kept', 'reason')
COLUMNS = CANDIDATE_FIELDS + ('placed',)


def _rows(explain):
    """The candidates with their placed counts.

    A placement at a site that is not among them gets a row of its own.
    """
    placed = {}
    for placement in explain.get('placements') or []:
        site = placement.get('site')
        placed[site] = placed.get(site, 0) + (placement.get('count') or 0)
    rows = []
    for candidate in explain.get('candidates') or []:
        rows.append(dict(candidate,
                         placed=placed.pop(candidate.get('site'), 0)))
    for site, count in placed.items():
        rows.append({'site': site, 'placed': count})
    return rows


class ExplainPlacement(base.Lister):
    """Explain where central would place desktops, site by site"""

    def get_parser(self, prog_name):
        parser = super().get_parser(prog_name)
        servers.add_request(parser)
        parser.add_argument('--count', metavar='<count>',
                            type=base.whole_number(1, servers.MAX_COUNT),
                            help='Number of desktops, 1 to %d (default: 1)'
                                 % servers.MAX_COUNT)
        parser.add_argument('--scope', choices=servers.SCOPES,
                            help='Where desktops may go when the home site '
                                 'is short (default: any)')
        return parser

    def take_action(self, parsed_args):
        explain = base.client(self).explain_placement(
            parsed_args.home_site, parsed_args.template, parsed_args.flavor,
            count=parsed_args.count, scope=parsed_args.scope)
        return base.rows(_rows(explain), COLUMNS)
