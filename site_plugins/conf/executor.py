"""[executor]: how the agent runs central's commands in its cloud."""

from oslo_config import cfg

executor_group = cfg.OptGroup(
    'executor',
    title='Command execution',
    help='How management commands (create, delete, stop, start, suspend, '
         'resume) are run against the site cloud.')

executor_opts = [
    cfg.StrOpt('backend',
               default='openstacksdk',
               help='The cloud back end, by its entry point name in the '
                    'desktop_federation.site.backends namespace.'),
    cfg.StrOpt('desktop_network',
               help='The network (name or id) new desktops are attached '
                    'to when a create command names none. Default: no '
                    'network at all.'),
    cfg.IntOpt('workers',
               default=4,
               min=1,
               max=64,
               help='Commands run at the same time.'),
    cfg.IntOpt('command_timeout',
               default=600,
               min=1,
               help='Seconds a command may wait for its servers to reach '
                    'their final state before it fails.'),
    cfg.FloatOpt('poll_interval',
                 default=1.0,
                 min=0.01,
                 help='Seconds between two looks at a server while a '
                      'command waits for it.'),
    cfg.IntOpt('keep_finished_days',
               default=7,
               min=1,
               help='Days the result of a finished command is kept, so a '
                    'command central sends again is answered without '
                    'running it twice.'),
]


def register_opts(conf):
    conf.register_group(executor_group)
    conf.register_opts(executor_opts, group=executor_group)


def list_opts():
    return {executor_group: executor_opts}
