"""[broker]: how central manages the site agents' users on the WAN bus."""

from oslo_config import cfg

broker_group = cfg.OptGroup(
    'broker',
    title='WAN broker credentials options',
    help='How ``desktop-central-manage site credentials`` creates, '
         'rotates and revokes the RabbitMQ user of each site agent on the '
         'WAN bus.')

broker_opts = [
    cfg.StrOpt('rabbitmqctl_command',
               default='rabbitmqctl',
               help='The rabbitmqctl command that reaches the WAN broker '
                    'node, split like a shell command line, e.g. '
                    '"rabbitmqctl -n rabbit@wan1" or "sudo rabbitmqctl". '
                    'Passwords are given to it on standard input, never '
                    'on its command line.'),
    cfg.IntOpt('command_timeout',
               default=60,
               min=1,
               max=3600,
               help='Seconds one rabbitmqctl call may take before the '
                    'credentials command gives up.'),
    cfg.StrOpt('site_transport_url',
               secret=True,
               help='The WAN bus as site agents reach it, without user or '
                    'password, e.g. rabbit://wan.example.com:5671/desktop. '
                    'Its virtual host is the one site users get '
                    'permissions on. Default: [DEFAULT] transport_url with '
                    "central's own user and password left out."),
    cfg.StrOpt('site_user_prefix',
               default='desktop-site-',
               regex=r'^[A-Za-z0-9._-]{1,64}$',
               help='Prefix of the RabbitMQ user of a site agent; the site '
                    'name follows it.'),
    cfg.IntOpt('key_overlap',
               default=3600,
               min=0,
               max=30 * 86400,
               help='Seconds the old signing key of a site stays valid '
                    'after "site credentials rotate", so that messages '
                    'already on the bus still verify.'),
]


def register_opts(conf):
    conf.register_group(broker_group)
    conf.register_opts(broker_opts, group=broker_group)


def list_opts():
    return {broker_group: broker_opts}
