"""The hot queries use indexes, never a full scan of a big table.

SQLite's EXPLAIN QUERY PLAN is checked for every statement the functions
run; the same indexes serve PostgreSQL and MySQL.
"""

import contextlib
import datetime
import re

import pytest
import sqlalchemy as sa

from central_cloud.db import models
from tests.unit.db import fixtures

NOW = fixtures.NOW
BIG_TABLES = ('site', 'command', 'desktop', 'alarm', 'report_history',
              'report_latest')
SCAN = re.compile(r'^SCAN (TABLE )?(\w+)')


@pytest.fixture
def sqlite_db(db, engine):
    if engine.dialect.name != 'sqlite':
        pytest.skip('query plans are checked on SQLite')
    for index in range(20):
        fixtures.make_site(db, name='site%02d' % index)
    return db


@contextlib.contextmanager
def _recorded(engine):
    statements = []

    def record(conn, cursor, statement, params, context, many):
        if statement.lstrip().split(' ', 1)[0] in ('SELECT', 'UPDATE',
                                                   'DELETE'):
            statements.append((statement, params[0] if many else params))

    sa.event.listen(engine, 'before_cursor_execute', record)
    try:
        yield statements
    finally:
        sa.event.remove(engine, 'before_cursor_execute', record)


def _full_scans(engine, statements):
    scans = []
    with engine.connect() as conn:
        for statement, params in statements:
            plan = conn.exec_driver_sql('EXPLAIN QUERY PLAN ' + statement,
                                        params).all()
            for row in plan:
                match = SCAN.match(row[-1])
                if match and match.group(2) in BIG_TABLES:
                    scans.append((row[-1], statement))
    return scans


def _check(engine, call):
    with _recorded(engine) as statements:
        call()
    assert statements
    assert _full_scans(engine, statements) == []


def test_ingest_reports(sqlite_db, engine):
    reports = [{'site': 'site%02d' % i, 'seq': 1, 'body': {}}
               for i in range(10)]
    _check(engine, lambda: sqlite_db.ingest_reports(reports, now=NOW))
    reports = [dict(r, seq=2) for r in reports]
    _check(engine, lambda: sqlite_db.ingest_reports(reports, now=NOW))


def test_mark_offline_sites(sqlite_db, engine):
    sqlite_db.ingest_reports([{'site': 'site01', 'seq': 1, 'body': {}}],
                             now=NOW - datetime.timedelta(hours=1))
    _check(engine, lambda: sqlite_db.mark_offline_sites(NOW, 60, 2))


def test_commands_to_redrive(sqlite_db, engine):
    for index in range(5):
        command = sqlite_db.create_command('site%02d' % index, 'ping')
        with engine.begin() as conn:
            conn.execute(sa.update(models.Command.__table__).where(
                models.Command.id == command.id).values(
                    state='sent', last_sent_at=NOW, updated_at=NOW))
    later = NOW + datetime.timedelta(hours=1)
    _check(engine, lambda: sqlite_db.commands_to_redrive(later, 60, 5, 3))


def test_command_transition(sqlite_db, engine):
    command = sqlite_db.create_command('site01', 'ping')
    _check(engine, lambda: sqlite_db.command_transition(
        command.id, ['pending'], 'sent'))


def test_site_scoped_lists(sqlite_db, engine):
    _check(engine, lambda: sqlite_db.list_desktops({'site': 'site01'}))
    _check(engine, lambda: sqlite_db.list_desktops({'project_id': 'p'}))
    _check(engine, lambda: sqlite_db.list_alarms({'site': 'site01',
                                                  'state': 'raised'}))
    _check(engine, lambda: sqlite_db.list_report_history('site01'))
    _check(engine, lambda: sqlite_db.get_site('site01'))


def _sorts(engine, statements):
    """Statements whose plan sorts rows instead of reading an index."""
    sorts = []
    with engine.connect() as conn:
        for statement, params in statements:
            for row in conn.exec_driver_sql('EXPLAIN QUERY PLAN ' +
                                            statement, params).all():
                if 'TEMP B-TREE FOR ORDER BY' in row[-1]:
                    sorts.append((row[-1], statement))
    return sorts


@pytest.mark.parametrize('call', [
    # The dispatcher's page of pending commands.
    lambda db: db.list_commands({'state': 'pending'}, limit=500),
    # A project's desktops, one group's sites, by page.
    lambda db: db.list_desktops({'project_id': 'p'}, limit=100),
    lambda db: db.list_sites({'group': 'g1'}, limit=100),
])
def test_fleet_pages_read_an_index_in_order(sqlite_db, engine, call):
    with _recorded(engine) as statements:
        call(sqlite_db)
    assert statements
    assert _full_scans(engine, statements) == []
    assert _sorts(engine, statements) == []


@pytest.mark.parametrize('call', [
    lambda db: db.list_desktops(limit=100),
    lambda db: db.list_commands(limit=100),
])
def test_whole_lists_read_their_index_in_page_order(
        sqlite_db, engine, call):
    # A page of the whole list walks an index in order (SQLite calls
    # that a scan using the index) and stops at the limit: no sort.
    with _recorded(engine) as statements:
        call(sqlite_db)
    assert statements
    assert _sorts(engine, statements) == []
