"""[database]: oslo.db's options, with a SQLite default under $state_path.

Production deployments set ``[database] connection`` to PostgreSQL or
MySQL/Galera; the SQLite default suits a single machine or a lab.
"""

import copy

from oslo_db import options as oslo_db_options

DEFAULT_CONNECTION = 'sqlite:///$state_path/desktop_central.sqlite'


def register_opts(conf):
    oslo_db_options.set_defaults(conf, connection=DEFAULT_CONNECTION)


def list_opts():
    # The generator reads defaults from the option objects, not from the
    # config object, so show ours on copies of oslo.db's options.
    opts = []
    for opt in oslo_db_options.database_opts:
        if opt.dest == 'connection':
            opt = copy.deepcopy(opt)
            opt.sample_default = DEFAULT_CONNECTION
        opts.append(opt)
    return {'database': opts}
