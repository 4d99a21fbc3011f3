"""[monitor] and [alarms]: what the agent reports, and when it alarms."""

from oslo_config import cfg

monitor_group = cfg.OptGroup(
    'monitor',
    title='Monitoring reports',
    help='The monitoring report sent to central at a fixed interval.')

monitor_opts = [
    cfg.IntOpt('report_interval',
               default=60,
               min=1,
               max=86400,
               mutable=True,
               help='Seconds between two monitoring reports. Keep it equal '
                    "to central's [monitoring] report_interval."),
    cfg.ListOpt('monitors',
                default=['hosts', 'templates', 'flavors'],
                help='The monitors that fill the report, by their entry '
                     'point names in the desktop_federation.site.monitors '
                     'namespace.'),
]

alarms_group = cfg.OptGroup(
    'alarms',
    title='Alarm thresholds',
    help='When the agent raises a usage alarm. Usage is the share of the '
         "site's schedulable capacity, (total - reserved) * allocation "
         'ratio, summed over the hosts that are up. Set 0 to disable.')

alarms_opts = [
    cfg.FloatOpt('vcpu_usage',
                 default=0.9,
                 min=0.0,
                 max=1.0,
                 mutable=True,
                 help='Raise an alarm when this share of VCPU is used.'),
    cfg.FloatOpt('memory_usage',
                 default=0.9,
                 min=0.0,
                 max=1.0,
                 mutable=True,
                 help='Raise an alarm when this share of MEMORY_MB is '
                      'used.'),
    cfg.FloatOpt('disk_usage',
                 default=0.9,
                 min=0.0,
                 max=1.0,
                 mutable=True,
                 help='Raise an alarm when this share of DISK_GB is used.'),
]

# Resource class -> the option holding its threshold.
THRESHOLDS = (('VCPU', 'vcpu_usage'), ('MEMORY_MB', 'memory_usage'),
              ('DISK_GB', 'disk_usage'))


def register_opts(conf):
    conf.register_group(monitor_group)
    conf.register_opts(monitor_opts, group=monitor_group)
    conf.register_group(alarms_group)
    conf.register_opts(alarms_opts, group=alarms_group)


def list_opts():
    return {monitor_group: monitor_opts, alarms_group: alarms_opts}
