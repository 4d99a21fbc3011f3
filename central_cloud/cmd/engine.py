"""desktop-central-engine: central's engine, which talks to the sites.

It serves the site agents on the WAN bus (``[DEFAULT] transport_url``,
topic ``desktop-central``): monitoring reports, command progress, alarms,
resync requests and outbox deliveries; and it runs the periodic jobs:
the dispatcher, the re-drive, the availability auditor and the notices
push. Several engines may run at once; see ``[coordination]``.

Exit codes: 0 stopped by SIGTERM or SIGINT, 1 the database is not
usable, 2 bad command line or configuration (one line on stderr).
"""

import signal
import sys
import threading

from oslo_config import cfg
from oslo_db import exception as db_exc
from oslo_log import log as logging
import oslo_messaging as messaging
import sqlalchemy as sa
from tooz import coordination

import central_cloud.conf
from central_cloud.db import migration
from central_cloud.engine import service as engine_service
from central_cloud.protocol import exception as protocol_exception

CONF = central_cloud.conf.CONF
LOG = logging.getLogger(__name__)

PROG = 'desktop-central-engine'
EXIT_OK, EXIT_DB_ERROR, EXIT_BAD_CONFIG = 0, 1, 2
CHECKED_GROUPS = ('engine', 'monitoring', 'upgrade_levels', 'coordination')


class StartupError(Exception):
    """Why the engine cannot start; printed as one line."""

    def __init__(self, message, code):
        super().__init__(message)
        self.code = code


def _error(message):
    sys.stderr.write('%s: error: %s\n' % (PROG, message))


def _parse_args(argv, default_config_files):
    """Parse; on bad arguments print argparse's last line, not the usage."""
    logging.register_options(CONF)
    return central_cloud.conf.parse_args_or_exit_code(
        argv, PROG, __doc__.split('\n')[0], default_config_files)


def _read(conf, group, name):
    try:
        (conf[group] if group else conf)[name]
    except cfg.ConfigFileValueError as exc:
        # oslo.config names the option and where it came from verbosely.
        reason = str(exc).split('is not valid: ')[-1]
        raise cfg.Error('[%s] %s: %s' % (group or 'DEFAULT', name, reason))


def check_config(conf):
    """Read every engine option now, so a bad value fails at startup."""
    for group in CHECKED_GROUPS:
        for name in conf[group]:
            _read(conf, group, name)
    _read(conf, 'database', 'connection')
    _read(conf, None, 'state_path')


def check_database():
    try:
        if migration.db_version() is None:
            raise StartupError('the database has no schema yet; run '
                               '"desktop-central-manage db sync" first',
                               EXIT_DB_ERROR)
    except (db_exc.DBError, sa.exc.SQLAlchemyError) as exc:
        raise StartupError('database: %s' % str(exc).splitlines()[0],
                           EXIT_DB_ERROR)


def build_service(conf, transport=None):
    try:
        return engine_service.EngineService(conf, transport=transport)
    except (messaging.InvalidTransportURL,
            messaging.DriverLoadFailure) as exc:
        raise StartupError('[DEFAULT] transport_url: %s' % exc,
                           EXIT_BAD_CONFIG)
    except protocol_exception.BadVersion as exc:
        raise StartupError('[upgrade_levels] site: %s' % exc,
                           EXIT_BAD_CONFIG)


def start(service):
    try:
        service.start()
    except coordination.ToozError as exc:
        raise StartupError('[coordination] backend_url: %s' % exc,
                           EXIT_BAD_CONFIG)


def install_signal_handlers(stop):
    """SIGTERM and SIGINT set ``stop`` (a threading.Event)."""
    def handler(signum, _frame):
        LOG.info('Received %s', signal.Signals(signum).name)
        stop.set()
    signal.signal(signal.SIGTERM, handler)
    signal.signal(signal.SIGINT, handler)
    return handler


def serve(service, stop):
    """Run ``service`` until ``stop`` is set, then stop it gracefully."""
    start(service)  # nothing runs yet if this raises
    try:
        while not stop.wait(1.0):
            pass
    finally:
        service.stop()


def main(argv=None, default_config_files=None, transport=None, stop=None):
    """Run the engine until SIGTERM or SIGINT; returns the exit code."""
    argv = sys.argv[1:] if argv is None else argv
    try:
        code = _parse_args(argv, default_config_files)
        if code is not None:
            return code
        check_config(CONF)
    except cfg.Error as exc:
        _error(exc)
        return EXIT_BAD_CONFIG
    logging.setup(CONF, PROG)
    CONF.log_opt_values(LOG, logging.DEBUG)
    stop = stop or threading.Event()
    try:
        check_database()
        service = build_service(CONF, transport)
        if threading.current_thread() is threading.main_thread():
            install_signal_handlers(stop)
        serve(service, stop)
    except StartupError as exc:
        LOG.error('%s cannot start: %s', PROG, exc)
        _error(exc)
        return exc.code
    return EXIT_OK


if __name__ == '__main__':
    sys.exit(main())
