"""[engine], [upgrade_levels] and [coordination]: desktop-central-engine.

The engine reaches the sites over the WAN bus named by oslo.messaging's
``[DEFAULT] transport_url``; its other options are here.
"""

import socket

from oslo_config import cfg

engine_group = cfg.OptGroup(
    'engine',
    title='Engine options',
    help='Options of desktop-central-engine: how it stores what sites '
         'send, and how often its periodic jobs (dispatcher, re-drive, '
         'availability auditor, notices push) run.')

engine_opts = [
    cfg.StrOpt('host',
               default=socket.gethostname(),
               sample_default='<host name>',
               help='Name of this engine: its RPC server name on the '
                    'desktop-central topic and its member id in the '
                    'coordination group. Unique per engine process.'),
    cfg.FloatOpt('dispatch_interval',
                 default=2.0,
                 min=0.05,
                 max=3600,
                 help='Seconds between two runs of the dispatcher, which '
                      'sends pending commands to their sites.'),
    cfg.IntOpt('dispatch_batch_size',
               default=1000,
               min=1,
               max=5000,
               help='Most pending commands the dispatcher sends in one '
                    'run.'),
    cfg.IntOpt('dispatch_workers',
               default=8,
               min=1,
               max=64,
               help='Threads that place, claim and cast pending commands '
                    'at once; each mostly waits on the database or the '
                    'broker. Every one may hold a database connection.'),
    cfg.FloatOpt('redrive_interval',
                 default=30.0,
                 min=0.05,
                 max=3600,
                 help='Seconds between two runs of the re-drive, which '
                      'sends stalled commands again.'),
    cfg.IntOpt('redrive_after',
               default=120,
               min=1,
               max=86400,
               help='Seconds without any progress after which a sent or '
                    'running command is sent again (and a pending one '
                    'that was never sent is sent).'),
    cfg.IntOpt('max_attempts',
               default=5,
               min=1,
               max=100,
               help='Sends of one command before central gives up on it '
                    'and marks it failed.'),
    cfg.FloatOpt('audit_interval',
                 default=10.0,
                 min=0.05,
                 max=3600,
                 help='Seconds between two runs of the availability '
                      'auditor, which marks silent sites offline ([monitor'
                      'ing] report_interval and offline_after_missed) and '
                      'raises their site-offline alarm.'),
    cfg.FloatOpt('notice_push_interval',
                 default=15.0,
                 min=0.05,
                 max=3600,
                 help='Seconds between two looks for new notices to push '
                      'to their target sites.'),
    cfg.IntOpt('ingest_batch_size',
               default=200,
               min=1,
               max=5000,
               help='Most monitoring reports stored in one database '
                    'transaction.'),
    cfg.FloatOpt('ingest_batch_window',
                 default=0.05,
                 min=0.0,
                 max=5.0,
                 help='Seconds a batch of monitoring reports waits for more '
                      'reports before it is stored. Larger batches write '
                      'faster; each report waits at most this long.'),
    cfg.IntOpt('site_cast_retry',
               default=2,
               min=0,
               max=100,
               help='How often a cast to a site (a command, business data) '
                    'retries to reach the WAN broker before it gives up. '
                    'The command stays in the database and the re-drive '
                    'sends it again, so a broker outage never stalls the '
                    'engine on one site.'),
    cfg.FloatOpt('deliver_timeout',
                 default=20.0,
                 min=0.1,
                 max=3600,
                 help='Seconds a deliver call from a site waits for its '
                      'reports to be committed before it answers without '
                      'them (the site sends them again). Keep it below '
                      "the sites' [central] call_timeout."),
]

upgrade_levels_group = cfg.OptGroup(
    'upgrade_levels',
    title='RPC API version caps',
    help='Caps on the protocol version central sends, for rolling '
         'upgrades.')

upgrade_levels_opts = [
    cfg.StrOpt('site',
               help='The newest protocol version (such as 1.1) to send to '
                    'site agents. Keep it at the version of the oldest '
                    'site agent until every site is upgraded. Default: no '
                    'cap.'),
]

coordination_group = cfg.OptGroup(
    'coordination',
    title='Coordination between engines',
    help='Several engines share the periodic jobs through a tooz '
         'coordination group: each site belongs to one engine on a hash '
         'ring.')

coordination_opts = [
    cfg.StrOpt('backend_url',
               default='file://$state_path/coordination',
               secret=True,
               help='The tooz backend URL. file:// suits engines on one '
                    'machine; use etcd3+http://, zookeeper:// or redis:// '
                    'for engines on several machines. Empty: no '
                    'coordination, this engine does every job.'),
    cfg.FloatOpt('heartbeat_interval',
                 default=1.0,
                 min=0.1,
                 max=60,
                 help='Seconds between two heartbeats of this engine to the '
                      'coordination backend, which is also how often it '
                      'learns that engines joined or left.'),
]


def register_opts(conf):
    conf.register_group(engine_group)
    conf.register_opts(engine_opts, group=engine_group)
    conf.register_group(upgrade_levels_group)
    conf.register_opts(upgrade_levels_opts, group=upgrade_levels_group)
    conf.register_group(coordination_group)
    conf.register_opts(coordination_opts, group=coordination_group)


def list_opts():
    return {engine_group: engine_opts,
            upgrade_levels_group: upgrade_levels_opts,
            coordination_group: coordination_opts}
