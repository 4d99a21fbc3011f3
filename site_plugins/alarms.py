"""The site's alarms: raised and cleared on change, each sent to central.

An alarm is one per ``(site, key)``: raising it again with the same
severity changes nothing, so a condition seen at every report does not
flood central. Raised alarms are kept in the outbox database, so a restart
neither forgets to clear them nor raises them twice. Events (a command
failed, the outbox was corrupted) are raised once and never kept.
"""

import collections
import re

from central_cloud.protocol import fields

Condition = collections.namedtuple(
    'Condition', ['key', 'kind', 'severity', 'message', 'entity'])

_BAD_KEY_CHARS = re.compile(r'[^A-Za-z0-9._:-]')


def make_key(*parts):
    """An alarm key from ``parts``, e.g. ``host-down:compute-1``."""
    key = ':'.join(_BAD_KEY_CHARS.sub('_', str(part)) for part in parts)
    return key[:255]


class AlarmBook(object):
    """Raises, clears and counts the alarms of ``site``."""

    def __init__(self, site, outbox, records):
        self.site = site
        self.outbox = outbox
        self.records = records

    def _record(self, key, kind, severity, state, message, entity):
        record = {'site': self.site, 'key': key, 'kind': kind,
                  'severity': severity, 'state': state,
                  'message': message[:fields.MAX_TEXT],
                  'at': fields.timestamp()}
        if entity:
            record['entity'] = str(entity)[:fields.MAX_NAME]
        return record

    def raise_alarm(self, key, kind, severity, message, entity=None):
        """Raise (or re-raise with another severity); True if sent."""
        def work(conn):
            current = self.records.alarms().get(key)
            if current and current['severity'] == severity:
                return False
            record = self._record(key, kind, severity, 'raised', message,
                                  entity)
            self.records.keep_alarm(record)
            self.outbox.put('alarm', {'alarm': record})
            return True
        return self.records.db.run(work)

    def clear(self, key, message=None):
        """Clear a raised alarm; True if it was raised."""
        def work(conn):
            current = self.records.alarms().get(key)
            if not current:
                return False
            record = self._record(
                key, current['kind'], current['severity'], 'cleared',
                message or 'Cleared: ' + current['message'],
                current.get('entity'))
            self.records.drop_alarm(key)
            self.outbox.put('alarm', {'alarm': record})
            return True
        return self.records.db.run(work)

    def event(self, key, kind, severity, message, entity=None):
        """Raise a one-off alarm; central clears it when handled."""
        self.outbox.put('alarm', {'alarm': self._record(
            key, kind, severity, 'raised', message, entity)})

    def reconcile(self, kinds, conditions):
        """Make the raised alarms of ``kinds`` match ``conditions``."""
        wanted = {c.key: c for c in conditions}
        for condition in conditions:
            self.raise_alarm(*condition)
        for key, record in self.records.alarms().items():
            if record['kind'] in kinds and key not in wanted:
                self.clear(key)

    def summary(self):
        """``{severity: count}`` of the raised alarms."""
        counts = dict.fromkeys(fields.ALARM_SEVERITIES, 0)
        for record in self.records.alarms().values():
            counts[record['severity']] += 1
        return counts
