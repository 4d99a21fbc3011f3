"""[DEFAULT] options that say where the central service keeps its files."""

from oslo_config import cfg

path_opts = [
    cfg.StrOpt('state_path',
               default='/var/lib/desktop-federation',
               help='Directory where the central service keeps its state, '
                    'such as the default SQLite database. Other options '
                    'may refer to it as $state_path.'),
]


def register_opts(conf):
    conf.register_opts(path_opts)


def list_opts():
    return {'DEFAULT': path_opts}
