"""Configuration options of the central service.

Every option group has its own module here with ``register_opts(conf)`` and
``list_opts()``; importing this package registers them all on the global
``cfg.CONF``. ``opts.list_opts()`` feeds the sample config generator, and
``parse_args()`` loads the command line and config files for a program.
"""

import contextlib
import io
import sys

from oslo_config import cfg
from oslo_log import log as logging

from central_cloud.conf import api
from central_cloud.conf import broker
from central_cloud.conf import database
from central_cloud.conf import engine
from central_cloud.conf import monitoring
from central_cloud.conf import paths
from central_cloud.conf import placement
from central_cloud.conf import signing

CONF = cfg.CONF

# Config files are looked up as /etc/desktop-federation/desktop-central.conf
# (and the other oslo.config default places) unless --config-file is given.
PROJECT = 'desktop-federation'
CONFIG_NAME = 'desktop-central'

paths.register_opts(CONF)
api.register_opts(CONF)
broker.register_opts(CONF)
database.register_opts(CONF)
engine.register_opts(CONF)
monitoring.register_opts(CONF)
placement.register_opts(CONF)
signing.register_opts(CONF)


def parse_args(args, prog, description=None, default_config_files=None):
    """Parse ``args`` (without the program name) and the config files."""
    logging.register_options(CONF)
    if default_config_files is None:
        default_config_files = cfg.find_config_files(project=PROJECT,
                                                     prog=CONFIG_NAME)
    CONF(args, project=PROJECT, prog=prog, description=description,
         default_config_files=default_config_files)


def parse_args_or_exit_code(argv, prog, description,
                            default_config_files=None):
    """Parse like parse_args; return None, or the exit code to use.

    On bad arguments only argparse's last line is printed, not the usage.
    """
    captured = io.StringIO()
    try:
        with contextlib.redirect_stderr(captured):
            parse_args(argv, prog=prog, description=description,
                       default_config_files=default_config_files)
    except SystemExit as exc:
        lines = captured.getvalue().strip().splitlines()
        if exc.code and lines:
            sys.stderr.write('%s (see --help)\n' % lines[-1])
        else:
            sys.stderr.write(captured.getvalue())
        return exc.code
    sys.stderr.write(captured.getvalue())
    return None
