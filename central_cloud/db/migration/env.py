"""Alembic environment: run the migrations on the caller's connection."""

from alembic import context
import sqlalchemy as sa

from central_cloud.db import models

config = context.config


def run_migrations_online():
    connection = config.attributes.get('connection')
    if connection is None:
        # Plain alembic use: the URL comes from sqlalchemy.url.
        engine = sa.create_engine(config.get_main_option('sqlalchemy.url'))
        with engine.begin() as connection:
            _run(connection)
        engine.dispose()
    else:
        _run(connection)


def _run(connection):
    context.configure(connection=connection,
                      target_metadata=models.Base.metadata,
                      # SQLite needs table copies to alter columns.
                      render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    raise SystemExit('Offline (SQL script) migrations are not supported.')
run_migrations_online()
