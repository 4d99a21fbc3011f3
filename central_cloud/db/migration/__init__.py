"""Alembic migrations of the central database.

``db_sync()`` upgrades a database to the newest revision and ``db_version()``
reads its current one; ``desktop-central-manage db sync|version`` call them.
There is no alembic.ini: ``alembic_config()`` builds the configuration in
code. After changing ``models.py``, add a revision with
``alembic.command.revision(migration.alembic_config(), message)``, write its
``upgrade()`` and let the models-vs-migrations unit test confirm that both
agree. Revisions only go forward: there is no downgrade.
"""

import contextlib
import os

from alembic import command as alembic_command
from alembic import config as alembic_config_mod
from alembic import migration as alembic_migration
from alembic import script as alembic_script
from oslo_log import log as logging
import sqlalchemy as sa

from central_cloud.db import transaction

LOG = logging.getLogger(__name__)

SCRIPT_LOCATION = os.path.dirname(os.path.abspath(__file__))


def alembic_config(connection=None):
    """Return the alembic Config, optionally bound to a connection."""
    config = alembic_config_mod.Config()
    config.set_main_option('script_location', SCRIPT_LOCATION)
    config.attributes['connection'] = connection
    return config


def head_revision():
    """The newest revision that this code knows."""
    return alembic_script.ScriptDirectory.from_config(
        alembic_config()).get_current_head()


@contextlib.contextmanager
def _engine(engine_or_url):
    """Yield an Engine: the given one, a new one for a URL, or the DB api's."""
    if isinstance(engine_or_url, sa.engine.Engine):
        yield engine_or_url
    elif engine_or_url is None:
        yield transaction.get_engine()
    else:
        engine = sa.create_engine(engine_or_url)
        try:
            yield engine
        finally:
            engine.dispose()


def db_sync(engine_or_url=None, revision='head'):
    """Upgrade the schema to ``revision`` (newest by default).

    Without an argument it uses ``[database] connection``.
    """
    with _engine(engine_or_url) as engine:
        current = db_version(engine)
        LOG.info('Upgrading database schema from revision %s to %s',
                 current, revision)
        with engine.begin() as connection:
            alembic_command.upgrade(alembic_config(connection), revision)
        LOG.info('Database schema is at revision %s', db_version(engine))


def db_version(engine_or_url=None):
    """The current revision of the database, or None if it has none."""
    with _engine(engine_or_url) as engine:
        with engine.connect() as connection:
            context = alembic_migration.MigrationContext.configure(
                connection)
            return context.get_current_revision()
