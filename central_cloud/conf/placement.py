"""[placement]: where desktops go when their home site is short (M8, M12).

The engine places each new desktop and raises a site's ``shortage``
alarm; the API answers ``GET /v1/placement/explain`` with the same rules.
"""

from oslo_config import cfg

SCOPES = ('local', 'group', 'any')

placement_group = cfg.OptGroup(
    'placement',
    title='Placement options',
    help='How central places desktops across sites: the default scope, '
         'retries after NoValidHost, the shortage alarm, and how fresh '
         "the placer's view of the sites is kept.")


placement_opts = [
    cfg.StrOpt('default_scope',
               default='any',
               choices=[('local', 'Desktops stay at their home site.'),
                        ('group', 'Desktops may go to sites of the home '
                                  "site's group."),
                        ('any', 'Desktops may go to any site, then to the '
                                'shared pool.')],
               help='The scope of a desktop request that names none.'),
    cfg.Opt('group_scopes',
            type=cfg.types.Dict(value_type=cfg.types.String(
                choices=SCOPES)),
            default={},
            help='The widest scope allowed for the desktops of a site '
                 'group, as group:scope pairs (for example '
                 '"paris:group,labs:local"). It narrows both a '
                 "request's scope and the default."),
    cfg.IntOpt('max_placement_attempts',
               default=3,
               min=1,
               max=20,
               help='Sites tried for one desktop: when a site answers '
                    'NoValidHost, the placer tries the next candidate '
                    'until this many sites were tried, then the desktop '
                    'fails.'),
    cfg.FloatOpt('view_max_age',
                 default=5.0,
                 min=0.0,
                 max=600.0,
                 help="Seconds the engine's in-memory view of the sites "
                      '(site rows, latest reports, claims) may age before '
                      'a reader reloads what changed. The dispatcher '
                      'reloads it once per run that has desktops to place; '
                      'each choice is also checked against the database '
                      'when its claim is written, so a stale view costs a '
                      'retry, never an over-commit.'),
    cfg.FloatOpt('shortage_usage_threshold',
                 default=0.9,
                 min=0.0,
                 max=1.0,
                 help='Raise a site\'s shortage alarm when its latest '
                      'report (plus in-flight claims) shows this share of '
                      'its VCPU, MEMORY_MB or DISK_GB capacity in use, '
                      'over the hosts that are up. 0 disables this test; '
                      'a desktop that found no room still raises it.'),
    cfg.IntOpt('shortage_window',
               default=600,
               min=1,
               max=86400,
               help='Seconds a desktop that found no room at a site (nova '
                    'answered NoValidHost there, or the placer had to '
                    'borrow or failed) keeps the site\'s shortage alarm '
                    'raised.'),
    cfg.FloatOpt('shortage_check_interval',
                 default=30.0,
                 min=0.05,
                 max=3600,
                 help='Seconds between two runs of the shortage check, '
                      'which raises and clears the sites\' shortage '
                      'alarms and deletes old claim records.'),
    cfg.IntOpt('claim_retention',
               default=3600,
               min=60,
               max=30 * 86400,
               help='Seconds a claim record is kept once it counts '
                    'nothing (released and settled, refused or short).'),
]


def register_opts(conf):
    conf.register_group(placement_group)
    conf.register_opts(placement_opts, group=placement_group)


def list_opts():
    return {placement_group: placement_opts}
