"""Reports, progress updates and alarms, in order, until acknowledged."""

import json

from oslo_log import log as logging

from central_cloud.protocol import fields
from central_cloud.protocol import validation

LOG = logging.getLogger(__name__)


class Outbox(object):
    """The items of ``database``, numbered without gaps from 1.

    Each item is ``{'seq', 'kind', 'created_at', 'payload'}``: ``kind``
    names the central API cast and ``payload`` holds its arguments, so an
    item is both a ``deliver`` entry and a ready-made cast. ``on_put()``
    is called after each new item (the courier wakes up).
    """

    def __init__(self, database, on_put=None):
        self.db = database
        self.on_put = on_put or (lambda: None)

    def put(self, kind, payload):
        """Keep one item durably; returns its ``seq``.

        Raises ``InvalidMessage`` (nothing is kept) if the payload breaks
        its schema: central would refuse it anyway.
        """
        created_at = fields.timestamp()

        def work(conn):
            seq = self.db.next_value(conn, 'item')
            item = {'seq': seq, 'kind': kind, 'created_at': created_at,
                    'payload': payload}
            validation.validate('outbox_item', item)
            conn.execute('INSERT INTO items (seq, kind, created_at, payload) '
                         'VALUES (?, ?, ?, ?)',
                         (seq, kind, created_at, json.dumps(payload)))
            return seq
        seq = self.db.run(work)
        LOG.debug('Outbox item %d: %s', seq, kind)
        self.on_put()
        return seq

    def put_report(self, report):
        """Number a monitoring report and keep it; returns the report.

        ``report`` lacks ``seq``; reports have their own numbers, without
        gaps, which go on across restarts.
        """
        def work(conn):
            numbered = dict(report, seq=self.db.next_value(conn, 'report'))
            self.put('report', {'report': numbered})
            return numbered
        return self.db.run(work)

    def last_seq(self):
        """The seq of the newest item ever put (0 before the first)."""
        return self.db.run(lambda conn: conn.execute(
            "SELECT value FROM counters WHERE name = 'item'").fetchone()[0])

    def pending(self, limit):
        """The oldest ``limit`` items, in ``seq`` order."""
        def work(conn):
            return conn.execute(
                'SELECT seq, kind, created_at, payload FROM items '
                'ORDER BY seq LIMIT ?', (limit,)).fetchall()
        return [{'seq': seq, 'kind': kind, 'created_at': created_at,
                 'payload': json.loads(payload)}
                for seq, kind, created_at, payload in self.db.run(work)]

    def ack(self, seqs):
        """Forget the items central acknowledged."""
        seqs = list(seqs)

        def work(conn):
            conn.executemany('DELETE FROM items WHERE seq = ?',
                             [(seq,) for seq in seqs])
        if seqs:
            self.db.run(work)

    def attempted(self, seqs):
        def work(conn):
            conn.executemany(
                'UPDATE items SET attempts = attempts + 1 WHERE seq = ?',
                [(seq,) for seq in seqs])
        self.db.run(work)

    def bury(self, item, reason):
        """Move an item central can never take to ``dead_items``."""
        def work(conn):
            conn.execute(
                'INSERT OR REPLACE INTO dead_items (seq, kind, created_at, '
                'payload, reason, dropped_at) VALUES (?, ?, ?, ?, ?, ?)',
                (item['seq'], item['kind'], item['created_at'],
                 json.dumps(item['payload']), reason, fields.timestamp()))
            conn.execute('DELETE FROM items WHERE seq = ?', (item['seq'],))
        self.db.run(work)

    def __len__(self):
        return self.db.run(lambda conn: conn.execute(
            'SELECT COUNT(*) FROM items').fetchone()[0])

    def dead(self):
        """``[(seq, kind, reason)]`` of the items central refused."""
        return self.db.run(lambda conn: conn.execute(
            'SELECT seq, kind, reason FROM dead_items ORDER BY seq'
        ).fetchall())
