"""Test databases: a fresh SQLite file, or a schema in PostgreSQL.

Set ``DESKTOP_TEST_PG_URL`` (``postgresql://user:pw@host/db``) to run the
database tests on PostgreSQL too. Each test then gets its own schema
in that database, dropped afterwards, so the user needs CREATE on it.
"""

import contextlib
import datetime
import importlib.util
import os
import uuid

import pytest
import sqlalchemy as sa

from central_cloud.db import api as db_api

PG_URL_ENV = 'DESKTOP_TEST_PG_URL'

# A fixed "now" (naive UTC, like timeutils.utcnow()).
NOW = datetime.datetime(2026, 5, 20, 12, 0, 0)

BACKENDS = [
    'sqlite',
    pytest.param('postgresql', marks=pytest.mark.skipif(
        not os.environ.get(PG_URL_ENV),
        reason='%s is not set' % PG_URL_ENV)),
]


@contextlib.contextmanager
def database_url(backend, tmp_path):
    """Yield the URL of an empty database on ``backend``."""
    if backend == 'sqlite':
        yield 'sqlite:///%s' % (tmp_path / 'central.sqlite')
        return
    base = sa.engine.make_url(os.environ[PG_URL_ENV])
    if (base.drivername == 'postgresql'
            and importlib.util.find_spec('psycopg') is None):
        # SQLAlchemy 2.1 picks psycopg (3) for a bare postgresql:// URL.
        base = base.set(drivername='postgresql+psycopg2')
    schema = 'test_%s' % uuid.uuid4().hex[:12]
    admin = sa.create_engine(base)
    with admin.begin() as conn:
        conn.execute(sa.text('CREATE SCHEMA %s' % schema))
    try:
        url = base.update_query_dict(
            {'options': '-csearch_path=%s' % schema})
        yield url.render_as_string(hide_password=False)
    finally:
        with admin.begin() as conn:
            conn.execute(sa.text('DROP SCHEMA %s CASCADE' % schema))
        admin.dispose()


@contextlib.contextmanager
def db_api_on(url):
    """Point the DB api at ``url``; yield the engine it uses."""
    manager = db_api.main_context_manager.make_new_manager()
    manager.configure(connection=url)
    restore = db_api.main_context_manager.patch_factory(manager)
    try:
        yield manager.writer.get_engine()
    finally:
        restore()
        manager.dispose_pool()


def make_site(db, name='SiteA', **values):
    """Create a site with plausible defaults."""
    values = dict({'name': name, 'region': 'Region' + name,
                   'latitude': 50.85, 'longitude': 4.35}, **values)
    return db.create_site(values)
