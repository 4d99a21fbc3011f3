"""[central]: how the agent reaches central over the WAN."""

from oslo_config import cfg

central_group = cfg.OptGroup(
    'central',
    title='Central service connection',
    help='The message bus between this site and central (the WAN link), '
         'and how the outbox is delivered over it.')

central_opts = [
    cfg.StrOpt('transport_url',
               secret=True,
               help='Required. The oslo.messaging transport URL of the bus '
                    'shared with central, for example '
                    'rabbit://user:password@central-bus:5672/. Separate '
                    "from the region's own bus."),
    cfg.StrOpt('upgrade_level',
               help='The newest protocol version to send to central, for '
                    'a rolling upgrade: keep it at the version of the '
                    'oldest central engine (for example 1.1) until every '
                    'engine is upgraded. Default: no cap. Below 1.2 the '
                    'outbox is sent as plain casts, which are not '
                    'acknowledged.'),
    cfg.IntOpt('call_timeout',
               default=30,
               min=1,
               help='Seconds to wait for central to answer a call '
                    '(delivery of an outbox batch, resync requests).'),
    cfg.IntOpt('batch_size',
               default=20,
               min=1,
               max=100,
               help='Outbox items sent to central in one delivery.'),
    cfg.BoolOpt('report_deltas',
                default=True,
                help='Send monitoring reports as deltas against the report '
                     'central acknowledged last, with a digest of the '
                     "site's whole state (protocol 1.5); an unchanged site "
                     'then sends a small heartbeat. Full reports go when '
                     'this is off, when upgrade_level is below 1.5 and '
                     'when central is older.'),
    cfg.FloatOpt('retry_interval',
                 default=1.0,
                 min=0.01,
                 help='Seconds before the first retry when central cannot '
                      'be reached; it doubles at each failure.'),
    cfg.FloatOpt('retry_interval_max',
                 default=60.0,
                 min=0.01,
                 help='The longest wait between two delivery attempts.'),
]


def register_opts(conf):
    conf.register_group(central_group)
    conf.register_opts(central_opts, group=central_group)


def list_opts():
    return {central_group: central_opts}
