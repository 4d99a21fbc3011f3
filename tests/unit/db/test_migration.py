"""The alembic migrations: they run, and they match the models."""

import pprint

from alembic import autogenerate
from alembic import migration as alembic_migration
import sqlalchemy as sa

from central_cloud.db import migration
from central_cloud.db import models


def _diff(engine, metadata):
    with engine.connect() as conn:
        context = alembic_migration.MigrationContext.configure(
            conn, opts={'compare_type': True,
                        'compare_server_default': True})
        return autogenerate.compare_metadata(context, metadata)


def test_empty_database_has_no_version(engine):
    assert migration.db_version(engine) is None


def test_db_sync_reaches_head_and_is_repeatable(engine):
    migration.db_sync(engine)
    assert migration.db_version(engine) == migration.head_revision()
    migration.db_sync(engine)
    assert migration.db_version(engine) == migration.head_revision()


def test_db_sync_takes_a_url(db_url):
    migration.db_sync(db_url)
    assert migration.db_version(db_url) == migration.head_revision()


def test_db_sync_defaults_to_the_db_api_engine(engine):
    migration.db_sync()
    assert migration.db_version() == migration.head_revision()
    assert 'site' in sa.inspect(engine).get_table_names()


def test_models_and_migrations_agree(engine):
    migration.db_sync(engine)
    diff = _diff(engine, models.Base.metadata)
    assert diff == [], ('models and migrations differ:\n%s'
                        % pprint.pformat(diff))


def test_comparison_sees_a_difference(engine):
    # Guard against a comparison that can never fail.
    migration.db_sync(engine)
    metadata = sa.MetaData()
    for table in models.Base.metadata.tables.values():
        table.to_metadata(metadata)
    metadata.tables['site'].append_column(sa.Column('extra', sa.Integer))
    sa.Index('ix_extra', metadata.tables['alarm'].c.kind)
    kinds = {entry[0] for entry in _diff(engine, metadata)}
    assert kinds == {'add_column', 'add_index'}


def test_every_required_index_exists(engine):
    migration.db_sync(engine)
    inspector = sa.inspect(engine)
    wanted = {
        'site': [['availability', 'last_report_at'], ['name']],
        'command': [['state', 'last_sent_at']],
        'alarm': [['site_id', 'state']],
        'desktop': [['project_id'], ['site_id']],
        'report_history': [['site_id', 'seq']],
    }
    for table, column_lists in wanted.items():
        indexed = [i['column_names'] for i in inspector.get_indexes(table)]
        indexed += [u['column_names']
                    for u in inspector.get_unique_constraints(table)]
        indexed.append(inspector.get_pk_constraint(table)[
            'constrained_columns'])
        for columns in column_lists:
            assert columns in indexed, (table, columns)
