"""The agent's local SQLite file: the outbox and the state kept with it.

Every write is a transaction on one connection, made durable before it
returns (WAL, ``synchronous=FULL``): what the outbox holds survives a
crash or ``kill -9``. A file that turns out to be corrupted is renamed
with a timestamp (never deleted), a fresh one takes its place, and the
``on_corruption`` callback hears of it.
"""

import contextlib
import datetime
import os
import sqlite3
import threading
import time

from oslo_log import log as logging

LOG = logging.getLogger(__name__)

SCHEMA_VERSION = 1

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (
    key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS counters (
    name TEXT PRIMARY KEY, value INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS items (
    seq INTEGER PRIMARY KEY, kind TEXT NOT NULL, created_at TEXT NOT NULL,
    payload TEXT NOT NULL, attempts INTEGER NOT NULL DEFAULT 0);
CREATE TABLE IF NOT EXISTS dead_items (
    seq INTEGER PRIMARY KEY, kind TEXT NOT NULL, created_at TEXT NOT NULL,
    payload TEXT NOT NULL, reason TEXT NOT NULL, dropped_at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS alarms (
    key TEXT PRIMARY KEY, record TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS commands (
    id TEXT PRIMARY KEY, action TEXT NOT NULL, state TEXT NOT NULL,
    result TEXT NOT NULL, finished_at REAL NOT NULL);
CREATE TABLE IF NOT EXISTS business_data (
    kind TEXT NOT NULL, id TEXT NOT NULL, version INTEGER NOT NULL,
    body TEXT NOT NULL, PRIMARY KEY (kind, id));
CREATE TABLE IF NOT EXISTS settings (
    key TEXT PRIMARY KEY, value TEXT NOT NULL);
"""
TABLES = ('meta', 'counters', 'items', 'dead_items', 'alarms', 'commands',
          'business_data', 'settings')
COUNTERS = ('item', 'report')

_CORRUPT_CODES = ('SQLITE_CORRUPT', 'SQLITE_NOTADB')
_CORRUPT_WORDS = ('malformed', 'not a database', 'file is encrypted')


class Corrupted(Exception):
    """The file is not a sound outbox; ``str()`` says why."""


class WrongSite(Exception):
    """The file belongs to another site: refusing to mix their numbers."""


def is_corruption(exc):
    if not isinstance(exc, sqlite3.DatabaseError):
        return False
    name = getattr(exc, 'sqlite_errorname', '') or ''
    text = str(exc).lower()
    return name in _CORRUPT_CODES or any(w in text for w in _CORRUPT_WORDS)


def _stamp(now):
    return datetime.datetime.fromtimestamp(
        now, datetime.timezone.utc).strftime('%Y%m%dT%H%M%S.%fZ')


class LocalDatabase(object):
    """The SQLite file at ``path``, owned by ``site``.

    ``on_corruption(moved_to, reason)`` is called (outside any
    transaction) after a corrupted file was moved aside and replaced.
    """

    def __init__(self, path, site, on_corruption=None, clock=time.time):
        self.path = path
        self.site = site
        self.on_corruption = on_corruption or (lambda moved, reason: None)
        self._clock = clock
        self._conn = None
        self._lock = threading.RLock()
        self._depth = 0

    # Opening and recovery.

    def open(self):
        """Open the file, or move it aside and start afresh if corrupted.

        Raises ``WrongSite``, or ``OSError`` if the directory is unusable.
        """
        directory = os.path.dirname(os.path.abspath(self.path))
        os.makedirs(directory, exist_ok=True)
        with self._lock:
            try:
                self._open()
                return
            except Corrupted as exc:
                reason = str(exc)
                moved = self._replace(reason)
        self.on_corruption(moved, reason)

    def _open(self):
        fresh = not os.path.exists(self.path) or \
            os.path.getsize(self.path) == 0
        try:
            self._conn = sqlite3.connect(self.path, isolation_level=None,
                                         check_same_thread=False,
                                         timeout=30)
            self._conn.execute('PRAGMA journal_mode=WAL')
            self._conn.execute('PRAGMA synchronous=FULL')
            if fresh:
                self._create(floor=0)
            else:
                self._verify()
        except sqlite3.DatabaseError as exc:
            self.close()
            if is_corruption(exc):
                raise Corrupted(str(exc)) from exc
            raise
        except Corrupted:
            self.close()
            raise

    def _create(self, floor):
        """A new schema; sequence numbers continue above ``floor``."""
        self._conn.executescript(SCHEMA)
        with self._transaction() as conn:
            conn.executemany(
                'INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)',
                [('site', self.site), ('schema', str(SCHEMA_VERSION)),
                 ('created_at', _stamp(self._clock()))])
            conn.executemany(
                'INSERT OR REPLACE INTO counters (name, value) VALUES (?, ?)',
                [(name, floor) for name in COUNTERS])

    def _verify(self):
        check = self._conn.execute('PRAGMA quick_check').fetchone()[0]
        if check != 'ok':
            raise Corrupted('integrity check failed: %s' % check)
        tables = {row[0] for row in self._conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table'")}
        missing = sorted(set(TABLES) - tables)
        if missing:
            raise Corrupted('not an outbox (no table %s)' % missing[0])
        meta = dict(self._conn.execute('SELECT key, value FROM meta'))
        if meta.get('site') != self.site:
            raise WrongSite('%s belongs to site %r, not %r'
                            % (self.path, meta.get('site'), self.site))
        counters = dict(self._conn.execute(
            'SELECT name, value FROM counters'))
        if set(COUNTERS) - set(counters):
            raise Corrupted('its sequence counters are missing')

    def _replace(self, reason):
        """Move the bad file (and its WAL) aside; open a fresh one."""
        self.close()
        moved = '%s.corrupt-%s' % (self.path, _stamp(self._clock()))
        for suffix in ('', '-wal', '-shm'):
            if os.path.exists(self.path + suffix):
                os.rename(self.path + suffix, moved + suffix)
        LOG.error('The outbox %s is corrupted (%s); it was moved to %s and '
                  'a new one started', self.path, reason, moved)
        self._conn = sqlite3.connect(self.path, isolation_level=None,
                                     check_same_thread=False, timeout=30)
        self._conn.execute('PRAGMA journal_mode=WAL')
        self._conn.execute('PRAGMA synchronous=FULL')
        # Numbers go on above anything the lost file can have sent, so
        # central never takes a new item for a duplicate of an old one.
        self._create(floor=int(self._clock() * 1000))
        return moved

    def close(self):
        with self._lock:
            if self._conn is not None:
                try:
                    self._conn.close()
                except sqlite3.Error:
                    pass
                self._conn = None

    # Transactions.

    @contextlib.contextmanager
    def _transaction(self):
        with self._lock:
            if self._depth:
                # Nested: part of the caller's transaction.
                self._depth += 1
                try:
                    yield self._conn
                finally:
                    self._depth -= 1
                return
            self._conn.execute('BEGIN IMMEDIATE')
            self._depth = 1
            try:
                yield self._conn
            except BaseException:
                try:
                    self._conn.execute('ROLLBACK')
                except sqlite3.Error:
                    pass  # the original error says more
                raise
            else:
                self._conn.execute('COMMIT')
            finally:
                self._depth = 0

    def run(self, work):
        """``work(conn)`` in one transaction; returns what it returns.

        Joins the caller's transaction when nested. If the file turns out
        to be corrupted, it is replaced and ``work`` runs once more on the
        fresh file, so what was being written is not lost.
        """
        moved = None
        with self._lock:
            try:
                with self._transaction() as conn:
                    return work(conn)
            except sqlite3.DatabaseError as exc:
                if not is_corruption(exc) or self._depth:
                    raise
                reason = str(exc)
                moved = self._replace(reason)
                with self._transaction() as conn:
                    result = work(conn)
        self.on_corruption(moved, reason)
        return result

    def next_value(self, conn, counter):
        conn.execute('UPDATE counters SET value = value + 1 WHERE name = ?',
                     (counter,))
        return conn.execute('SELECT value FROM counters WHERE name = ?',
                            (counter,)).fetchone()[0]
