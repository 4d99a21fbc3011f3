"""Bytes the agent receives from central over the WAN, by kind (M10).

Kinds (``fields.WAN_KINDS``):

* ``rpc``: the payloads of central's messages (commands, business data,
  call replies) and the metadata the agent reads from central's API;
* ``bundle_files``: bundle files fetched from central;
* ``image_data``: base image bytes copied from central's Glance.

RPC payloads are counted as the JSON text of each message's arguments
and context, which is what oslo.messaging puts on the wire apart from
its small envelope. The counts go on across restarts: the agent keeps
them in its outbox database with every report.
"""

import json
import threading

from central_cloud.protocol import fields
from central_cloud.protocol import rpc

SETTING = 'wan.bytes'


def json_size(value):
    """Bytes of ``value`` as JSON text."""
    try:
        return len(json.dumps(value, default=str).encode('utf-8'))
    except (TypeError, ValueError):
        return 0


class WanCounter(object):
    """Thread-safe byte counts by kind."""

    def __init__(self, initial=None):
        self._lock = threading.Lock()
        self._counts = dict.fromkeys(fields.WAN_KINDS, 0)
        for kind, value in (initial or {}).items():
            if kind in self._counts and isinstance(value, int) \
                    and not isinstance(value, bool) and value >= 0:
                self._counts[kind] = value

    def add(self, kind, count):
        if kind not in self._counts:
            raise ValueError('unknown WAN byte kind %r (known: %s)'
                             % (kind, ', '.join(fields.WAN_KINDS)))
        if count > 0:
            with self._lock:
                self._counts[kind] += int(count)

    def snapshot(self):
        with self._lock:
            return dict(self._counts)

    @classmethod
    def restore(cls, records):
        """The counts kept in the outbox database (zero if none)."""
        return cls(records.setting(SETTING, {}))

    def save(self, records):
        counts = self.snapshot()
        records.set_setting(SETTING, counts)
        return counts


class CountingSerializer(rpc.ContextSerializer):
    """Counts what arrives from central as ``rpc`` bytes.

    That is every message's arguments and context, and call replies.
    """

    def __init__(self, counter):
        super().__init__()
        self.counter = counter

    def deserialize_entity(self, ctxt, entity):
        self.counter.add('rpc', json_size(entity))
        return super().deserialize_entity(ctxt, entity)

    def deserialize_context(self, ctxt):
        self.counter.add('rpc', json_size(ctxt))
        return super().deserialize_context(ctxt)
