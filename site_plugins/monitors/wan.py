"""wan: the bytes received from central, as the report's ``wan_bytes``.

Not a configurable monitor: the agent adds it to every report itself,
since it reads the agent's own counter (``site_plugins.wan``). Each
report also keeps the counts in the outbox database, so they go on
across restarts.
"""

from site_plugins.monitors import base


class WanMonitor(base.Monitor):
    """Fills ``wan_bytes`` (protocol 1.4)."""

    name = 'wan'

    def __init__(self, counter, records):
        super().__init__(None, None, None)
        self.counter = counter
        self.records = records

    def collect(self):
        return base.Observation(
            {'wan_bytes': self.counter.save(self.records)}, [])
