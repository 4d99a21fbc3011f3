"""[outbox]: where the agent keeps what it owes central."""

from oslo_config import cfg

outbox_group = cfg.OptGroup(
    'outbox',
    title='Outbox',
    help='The local SQLite file that holds every report, command progress '
         'and alarm until central has acknowledged it, plus the state the '
         'agent keeps across restarts.')

outbox_opts = [
    cfg.StrOpt('path',
               default='/var/lib/desktop-federation/site-agent/'
                       'outbox.sqlite',
               help='The outbox file. Its directory is created if needed. '
                    'Never delete it: it numbers what the site sends. A '
                    'corrupted file is renamed with a timestamp and an '
                    'alarm is raised.'),
]


def register_opts(conf):
    conf.register_group(outbox_group)
    conf.register_opts(outbox_opts, group=outbox_group)


def list_opts():
    return {outbox_group: outbox_opts}
