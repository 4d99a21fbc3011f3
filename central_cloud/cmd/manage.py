"""desktop-central-manage: set up and inspect the central service.

::

    desktop-central-manage db sync        upgrade the schema to the newest
    desktop-central-manage db version     print the schema revision
    desktop-central-manage site bootstrap --name N --region R \\
        --latitude LAT --longitude LON [--group G] [--reserve-ratio X] \\
        [--shared-pool | --no-shared-pool]
    desktop-central-manage site credentials create|rotate|revoke|show SITE
    desktop-central-manage site credentials list
    desktop-central-manage config generate --transport-url URL \\
        --database-connection URL [--auth-url URL ...] [--output FILE]

Exit codes: 0 done, 1 the database failed, 2 bad input, 3 the WAN broker
failed (one line on stderr).
"""

import argparse
import sys

from oslo_config import cfg
from oslo_db import exception as db_exc
from oslo_log import log as logging
import sqlalchemy as sa

from central_cloud.broker import rabbitmqctl
from central_cloud.cmd import config as config_cmd
from central_cloud.cmd import configfile
from central_cloud.cmd import site_credentials
import central_cloud.conf
from central_cloud.db import api as db_api
from central_cloud.db import exception
from central_cloud.db import migration

CONF = central_cloud.conf.CONF
LOG = logging.getLogger(__name__)

PROG = 'desktop-central-manage'
EXIT_OK, EXIT_DB_ERROR, EXIT_BAD_INPUT, EXIT_BROKER_ERROR = 0, 1, 2, 3


class UsageError(Exception):
    """Bad input that argparse could not catch; reported as one line."""


def db_sync():
    migration.db_sync()


def db_version():
    print(migration.db_version() or 'None (run "%s db sync")' % PROG)


def site_bootstrap():
    args = CONF.category
    values = {'region': args.region, 'latitude': args.latitude,
              'longitude': args.longitude}
    for field in ('group', 'reserve_ratio', 'shared_pool'):
        if getattr(args, field) is not None:
            values[field] = getattr(args, field)
    try:
        db_api.get_site(args.site_name)
    except exception.NotFound:
        db_api.create_site(dict(values, name=args.site_name))
        print('Site %s created.' % args.site_name)
    else:
        db_api.update_site(args.site_name, values)
        print('Site %s updated.' % args.site_name)


def _add_db_parsers(subparsers):
    parser = subparsers.add_parser(
        'db', help='Manage the database schema.',
        description='Manage the schema of the central database.')
    actions = parser.add_subparsers(title='db commands', dest='action',
                                    metavar='{sync,version}')
    actions.required = True
    sync = actions.add_parser(
        'sync', help='Upgrade the schema to the newest revision.',
        description='Create or upgrade the schema of the database in '
                    '[database] connection. Safe to run again.')
    sync.set_defaults(action_fn=db_sync)
    version = actions.add_parser(
        'version', help='Print the current schema revision.',
        description='Print the alembic revision of the database, or None '
                    'if it was never synced.')
    version.set_defaults(action_fn=db_version)


def _add_site_parsers(subparsers):
    parser = subparsers.add_parser(
        'site', help='Register sites.', description='Register sites.')
    actions = parser.add_subparsers(title='site commands', dest='action',
                                    metavar='{bootstrap,credentials}')
    actions.required = True
    bootstrap = actions.add_parser(
        'bootstrap', help='Create a site, or update it if it exists.',
        description='Create a site, or update the settings of an existing '
                    'one. Options left out keep their current value.')
    bootstrap.set_defaults(action_fn=site_bootstrap)
    bootstrap.add_argument('--name', dest='site_name', required=True,
                           metavar='NAME',
                           help='Unique site name; the site agent uses it '
                                'as its RPC server name.')
    bootstrap.add_argument('--region', required=True,
                           help='OpenStack region of the site.')
    bootstrap.add_argument('--latitude', type=float, required=True,
                           help='Latitude in degrees, -90 to 90.')
    bootstrap.add_argument('--longitude', type=float, required=True,
                           help='Longitude in degrees, -180 to 180.')
    bootstrap.add_argument('--group',
                           help='Group of sites, for targeting bundles and '
                                'notices.')
    bootstrap.add_argument('--reserve-ratio', type=float,
                           dest='reserve_ratio',
                           help='Share of capacity, 0 to 1, kept for the '
                                "site's own users (default for a new "
                                'site: 0).')
    bootstrap.add_argument('--shared-pool', dest='shared_pool',
                           action=argparse.BooleanOptionalAction,
                           help="Whether this is central's shared pool "
                                '(default for a new site: no).')
    site_credentials.add_parsers(actions)


def add_command_parsers(subparsers):
    _add_db_parsers(subparsers)
    _add_site_parsers(subparsers)
    config_cmd.add_parsers(subparsers)


category_opt = cfg.SubCommandOpt('category', title='Command categories',
                                 help='Available categories',
                                 handler=add_command_parsers)


def _error(message):
    sys.stderr.write('%s: error: %s\n' % (PROG, message))


def _database_name():
    try:
        return sa.engine.make_url(CONF.database.connection).render_as_string(
            hide_password=True)
    except Exception:
        return '(unparsable [database] connection)'


def _parse_args(argv, default_config_files):
    """Parse; on bad arguments print argparse's last line, not the usage."""
    CONF.register_cli_opt(category_opt)
    logging.register_options(CONF)
    # Logs go to stderr so that stdout holds only the command's output;
    # alembic's per-step chatter is left out.
    CONF.set_default('use_stderr', True)
    logging.set_defaults(default_log_levels=(
        logging.get_default_log_levels() + ['alembic=WARN']))
    return central_cloud.conf.parse_args_or_exit_code(
        argv, PROG, __doc__.split('\n')[0], default_config_files)


def main(argv=None, default_config_files=None):
    """Run one command; returns the exit code."""
    argv = sys.argv[1:] if argv is None else argv
    try:
        code = _parse_args(argv, default_config_files)
    except cfg.Error as exc:
        _error(exc)
        return EXIT_BAD_INPUT
    if code is not None:
        return code
    logging.setup(CONF, PROG)
    try:
        CONF.category.action_fn()
    except (exception.Invalid, exception.Conflict, exception.Duplicate,
            cfg.Error, configfile.InvalidValue) as exc:
        _error(exc)
        return EXIT_BAD_INPUT
    except rabbitmqctl.BrokerError as exc:
        _error('WAN broker: %s' % exc)
        return EXIT_BROKER_ERROR
    except db_exc.DBNonExistentTable:
        _error('the database has no schema yet; run "%s db sync" first'
               % PROG)
        return EXIT_DB_ERROR
    except (db_exc.DBError, sa.exc.SQLAlchemyError) as exc:
        LOG.debug('Database error', exc_info=True)
        _error('database %s: %s' % (_database_name(),
                                    str(exc).splitlines()[0]))
        return EXIT_DB_ERROR
    except ImportError as exc:
        # SQLAlchemy imports the database driver on first use.
        _error('database %s: driver not installed: %s'
               % (_database_name(), exc))
        return EXIT_DB_ERROR
    return EXIT_OK


if __name__ == '__main__':
    sys.exit(main())
