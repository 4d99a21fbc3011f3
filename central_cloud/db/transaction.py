"""Transactions of the DB api, through oslo.db's enginefacade.

``reader()`` and ``writer()`` open a transaction for the current thread (the
DB api takes no request context), built from the ``[database]`` options on
first use. The retry decorators re-run a whole function on a deadlock.
"""

import threading

from oslo_db import api as oslo_db_api
from oslo_db import exception as db_exc
from oslo_db.sqlalchemy import enginefacade
import sqlalchemy as sa

main_context_manager = enginefacade.transaction_context()
# SQLite enforces foreign keys (and their ON DELETE) only when asked to.
main_context_manager.configure(sqlite_fk=True)


def _sqlite_begin_immediate(engine):
    """On SQLite, take the write lock when a transaction begins.

    oslo.db starts SQLite transactions with a plain BEGIN: two processes
    that both read and then write would deadlock, and SQLite fails one at
    once with "database is locked". BEGIN IMMEDIATE makes it wait instead.
    """
    if engine.dialect.name != 'sqlite':
        return

    @sa.event.listens_for(engine, 'before_cursor_execute', retval=True)
    def _begin_immediate(conn, cursor, statement, params, context, many):
        if statement == 'BEGIN':
            statement = 'BEGIN IMMEDIATE'
        return statement, params


main_context_manager.append_on_engine_create(_sqlite_begin_immediate)


def _psycopg2_batched_executemany(engine):
    """On psycopg2, send an executemany UPDATE or DELETE in pages.

    psycopg2's own executemany makes one round trip per row; a batch of
    monitoring reports updates hundreds of rows at once.
    """
    if engine.dialect.driver != 'psycopg2':
        return
    from sqlalchemy.dialects.postgresql import psycopg2
    engine.dialect.executemany_mode = psycopg2.EXECUTEMANY_VALUES_PLUS_BATCH
    engine.dialect.executemany_batch_page_size = 500
    # A paged executemany reports the rowcount of its last page only.
    engine.dialect.supports_sane_multi_rowcount = False


main_context_manager.append_on_engine_create(_psycopg2_batched_executemany)

# The DB api takes no request context: each thread gets its own.
_CONTEXT = threading.local()

retry_on_deadlock = oslo_db_api.wrap_db_retry(max_retries=5,
                                              retry_on_deadlock=True)
# Two engines may insert the same new row at once; the loser retries and
# then finds the row.
retry_on_duplicate = oslo_db_api.wrap_db_retry(
    max_retries=3, retry_on_deadlock=True,
    exception_checker=lambda exc: isinstance(exc, db_exc.DBDuplicateEntry))


def get_engine():
    """The writer engine, built from ``[database]`` on first use."""
    return main_context_manager.writer.get_engine()


def reader():
    """A read transaction; yields a Session. Joins an enclosing one."""
    return main_context_manager.reader.using(_CONTEXT)


def writer():
    """A write transaction; yields a Session, commits on success."""
    return main_context_manager.writer.using(_CONTEXT)
