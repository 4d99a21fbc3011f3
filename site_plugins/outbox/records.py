"""The agent's state kept next to its outbox, in the same file.

Writing it in the outbox's transactions keeps both in step: a command is
recorded as finished together with its final progress item, and an alarm
as raised together with the alarm item.
"""

import json
import time


class Records(object):
    """Finished commands, raised alarms, business data and settings."""

    def __init__(self, database, clock=time.time):
        self.db = database
        self._clock = clock

    # Finished commands: central may send a command again.

    def finished(self, command_id):
        """``(action, state, result)`` of a finished command, or None."""
        row = self.db.run(lambda conn: conn.execute(
            'SELECT action, state, result FROM commands WHERE id = ?',
            (command_id,)).fetchone())
        if row is None:
            return None
        return row[0], row[1], json.loads(row[2])

    def finish(self, command_id, action, state, result):
        self.db.run(lambda conn: conn.execute(
            'INSERT OR REPLACE INTO commands (id, action, state, result, '
            'finished_at) VALUES (?, ?, ?, ?, ?)',
            (command_id, action, state, json.dumps(result), self._clock())))

    def prune_finished(self, older_than):
        """Forget commands finished more than ``older_than`` s ago."""
        cut = self._clock() - older_than
        return self.db.run(lambda conn: conn.execute(
            'DELETE FROM commands WHERE finished_at < ?', (cut,)).rowcount)

    # Raised alarms, by key.

    def alarms(self):
        rows = self.db.run(lambda conn: conn.execute(
            'SELECT key, record FROM alarms').fetchall())
        return {key: json.loads(record) for key, record in rows}

    def keep_alarm(self, record):
        self.db.run(lambda conn: conn.execute(
            'INSERT OR REPLACE INTO alarms (key, record) VALUES (?, ?)',
            (record['key'], json.dumps(record))))

    def drop_alarm(self, key):
        self.db.run(lambda conn: conn.execute(
            'DELETE FROM alarms WHERE key = ?', (key,)))

    # Business data pushed by central (M4), latest version per id.

    def keep_business_data(self, data):
        """Keep ``data`` unless a newer version is kept; True if kept."""
        def work(conn):
            row = conn.execute(
                'SELECT version FROM business_data WHERE kind = ? AND '
                'id = ?', (data['kind'], data['id'])).fetchone()
            if row is not None and row[0] > data['version']:
                return False
            if data.get('deleted'):
                conn.execute('DELETE FROM business_data WHERE kind = ? AND '
                             'id = ?', (data['kind'], data['id']))
            else:
                conn.execute(
                    'INSERT OR REPLACE INTO business_data (kind, id, '
                    'version, body) VALUES (?, ?, ?, ?)',
                    (data['kind'], data['id'], data['version'],
                     json.dumps(data['body'])))
            return True
        return self.db.run(work)

    def business_data(self, kind):
        rows = self.db.run(lambda conn: conn.execute(
            'SELECT id, version, body FROM business_data WHERE kind = ? '
            'ORDER BY id', (kind,)).fetchall())
        return [{'kind': kind, 'id': id_, 'version': version,
                 'body': json.loads(body)} for id_, version, body in rows]

    # Settings: small JSON values (resync marks, configure overrides).

    def setting(self, key, default=None):
        row = self.db.run(lambda conn: conn.execute(
            'SELECT value FROM settings WHERE key = ?', (key,)).fetchone())
        return default if row is None else json.loads(row[0])

    def set_setting(self, key, value):
        self.db.run(lambda conn: conn.execute(
            'INSERT OR REPLACE INTO settings (key, value) VALUES (?, ?)',
            (key, json.dumps(value))))
