"""[monitoring]: how often sites report and when central gives up on them."""

from oslo_config import cfg

monitoring_group = cfg.OptGroup(
    'monitoring',
    title='Site monitoring options',
    help='How often site agents send monitoring reports, when central '
         'marks a silent site offline, and how much report history it '
         'keeps for trends.')

monitoring_opts = [
    cfg.IntOpt('report_interval',
               default=60,
               min=1,
               max=3600,
               help='Seconds between two monitoring reports of a site '
                    'agent. Central uses the same value to decide when a '
                    'report is overdue.'),
    cfg.IntOpt('offline_after_missed',
               default=2,
               min=1,
               max=100,
               help='Number of consecutive missed reports after which '
                    'central marks a site offline.'),
    cfg.IntOpt('report_history_size',
               default=288,
               min=1,
               max=10080,
               help='Number of past reports kept per site for resource '
                    'trends. With the default interval, 288 reports cover '
                    'about 4.8 hours.'),
]


def register_opts(conf):
    conf.register_group(monitoring_group)
    conf.register_opts(monitoring_opts, group=monitoring_group)


def list_opts():
    return {monitoring_group: monitoring_opts}
