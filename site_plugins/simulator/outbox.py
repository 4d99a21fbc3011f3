"""A virtual site's outbox and records, kept in memory.

They behave as the agent's SQLite ones (``site_plugins.outbox.queue`` and
``records``) and offer the same methods, so the agent's ``Courier``,
``CommandRunner`` and ``AlarmBook`` work on them unchanged: items are
numbered from 1 without gaps (reports have numbers of their own), each is
validated as it enters, and it stays until central acknowledges it (or
refuses it for good, when it moves to the dead items). What a SQLite file
gives the agent across a crash, memory gives a virtual site across a
simulated kill: the outbox and the finished commands outlive it, and
only the simulator process's own end loses them.
"""

import itertools
import threading
import time

from central_cloud.protocol import fields
from central_cloud.protocol import validation

# Dead items kept for inspection; older ones are dropped.
MAX_DEAD = 100


class MemoryDatabase(object):
    """What ``records.db.run(work)`` callers need: one lock, no SQL."""

    def __init__(self, site):
        self.site = site
        self.lock = threading.RLock()

    def run(self, work):
        with self.lock:
            return work(None)


class MemoryOutbox(object):
    """``queue.Outbox`` in memory; ``on_put()`` is called per new item."""

    def __init__(self, database, on_put=None):
        self.db = database
        self.on_put = on_put or (lambda: None)
        self._items = {}
        self._dead = []
        self._item_seq = 0
        self._report_seq = 0
        self.attempts = 0

    def put(self, kind, payload):
        """Keep one item; returns its ``seq``. Raises ``InvalidMessage``."""
        with self.db.lock:
            item = {'seq': self._item_seq + 1, 'kind': kind,
                    'created_at': fields.timestamp(), 'payload': payload}
            validation.validate('outbox_item', item)
            self._item_seq += 1
            self._items[item['seq']] = item
        self.on_put()
        return item['seq']

    def put_report(self, report):
        """Number a report (its own gapless numbers) and keep it."""
        with self.db.lock:
            numbered = dict(report, seq=self._report_seq + 1)
            self.put('report', {'report': numbered})
            self._report_seq += 1
            return numbered

    def pending(self, limit):
        with self.db.lock:
            return list(itertools.islice(self._items.values(), limit))

    def ack(self, seqs):
        with self.db.lock:
            for seq in seqs:
                self._items.pop(seq, None)

    def attempted(self, seqs):
        with self.db.lock:
            self.attempts += len(seqs)

    def bury(self, item, reason):
        with self.db.lock:
            self._items.pop(item['seq'], None)
            self._dead.append((item['seq'], item['kind'], reason))
            del self._dead[:-MAX_DEAD]

    def __len__(self):
        return len(self._items)

    def dead(self):
        with self.db.lock:
            return list(self._dead)

    @property
    def last_seq(self):
        return self._item_seq

    @property
    def last_report_seq(self):
        return self._report_seq


class MemoryRecords(object):
    """``records.Records`` in memory: finished commands, alarms, data."""

    def __init__(self, database, clock=time.time):
        self.db = database
        self._clock = clock
        self._finished = {}
        self._alarms = {}
        self._business = {}
        self._settings = {}

    def finished(self, command_id):
        with self.db.lock:
            done = self._finished.get(command_id)
        return None if done is None else done[:3]

    def finish(self, command_id, action, state, result):
        with self.db.lock:
            self._finished[command_id] = (action, state, result,
                                          self._clock())

    def prune_finished(self, older_than):
        cut = self._clock() - older_than
        with self.db.lock:
            old = [k for k, v in self._finished.items() if v[3] < cut]
            for key in old:
                del self._finished[key]
        return len(old)

    def alarms(self):
        with self.db.lock:
            return dict(self._alarms)

    def keep_alarm(self, record):
        with self.db.lock:
            self._alarms[record['key']] = record

    def drop_alarm(self, key):
        with self.db.lock:
            self._alarms.pop(key, None)

    def keep_business_data(self, data):
        key = (data['kind'], data['id'])
        with self.db.lock:
            kept = self._business.get(key)
            if kept is not None and kept['version'] > data['version']:
                return False
            if data.get('deleted'):
                self._business.pop(key, None)
            else:
                self._business[key] = {'kind': data['kind'],
                                       'id': data['id'],
                                       'version': data['version'],
                                       'body': data['body']}
            return True

    def business_data(self, kind):
        with self.db.lock:
            return [dict(v) for k, v in sorted(self._business.items())
                    if k[0] == kind]

    def setting(self, key, default=None):
        with self.db.lock:
            return self._settings.get(key, default)

    def set_setting(self, key, value):
        with self.db.lock:
            self._settings[key] = value
