"""Delta reports (RPC API 1.5): what changed since the report central has.

A site's *state* is its full monitoring report without the fields that
describe one message (``STAMP_FIELDS``: site, seq, sent_at, digest,
base_seq, reflects). Its ``digest`` is the sha256 of the state's
canonical JSON (``canonical``): keys sorted, no spaces, hosts sorted by
name, whole numbers written as integers, so the site and central compute
the same digest whatever JSON library carried the numbers.

A *delta* names the report it builds on (``base_seq``) and carries:

* ``hosts_changed``: the hosts that are new or differ, whole;
* ``hosts_removed``: the names of the hosts that are gone;
* every other section (``interval``, ``alarms``, ``templates``,
  ``flavors``, ``wan_bytes``) only when it changed, whole;
  ``sections_removed`` names the sections that are gone;
* ``digest``: the digest of the whole new state.

A delta without changes is a *heartbeat*. ``apply`` rebuilds the full
report from the base and a delta; the result's digest must equal the
delta's, or the delta is not applied and central asks for the full
report.

``ReportDeltas`` is the sending side: give it the full reports in seq
order, send what it returns, and tell it central's answer. It builds the
first report against the last one central acknowledged and each next
one against the report before it (central takes them in order); after a
refusal, a lost base or a restart it sends a full report.
"""

import hashlib
import json

from central_cloud.protocol import fields

# Fields of one message, not of the site's state.
STAMP_FIELDS = ('site', 'seq', 'sent_at', 'digest', 'base_seq', 'reflects')
# Delta-only fields.
DELTA_FIELDS = ('base_seq', 'hosts_changed', 'hosts_removed',
                'sections_removed')
# State sections other than hosts, replaced whole when they change.
SECTIONS = fields.REPORT_SECTIONS


def _normal(value):
    """``value`` with whole floats as ints and hosts sorted by name."""
    if isinstance(value, dict):
        return {key: _normal(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_normal(item) for item in value]
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def state_of(report):
    """The site's state in ``report`` (a full report), normalised."""
    state = {key: value for key, value in report.items()
             if key not in STAMP_FIELDS and key not in DELTA_FIELDS}
    state = _normal(state)
    if isinstance(state.get('hosts'), list):
        state['hosts'] = sorted(state['hosts'],
                                key=lambda host: str(host.get('name')))
    return state


def canonical(report):
    """The canonical JSON bytes of a full report's state."""
    return json.dumps(state_of(report), sort_keys=True,
                      separators=(',', ':'), ensure_ascii=False,
                      allow_nan=False).encode('utf-8')


def digest(report):
    """The sha256 hex digest of a full report's state."""
    return hashlib.sha256(canonical(report)).hexdigest()


def is_delta(report):
    return 'base_seq' in report


def is_heartbeat(report):
    """A delta that changes nothing."""
    return is_delta(report) and not any(
        key in report for key in
        ('hosts_changed', 'hosts_removed', 'sections_removed') + SECTIONS)


def _stamp(report, full_digest):
    stamp = {key: report[key] for key in STAMP_FIELDS
             if key in report and key not in ('digest', 'base_seq')}
    stamp['digest'] = full_digest
    return stamp


def make(base, report):
    """The delta that turns the full report ``base`` into ``report``."""
    old, new = state_of(base), state_of(report)
    delta = _stamp(report, digest(report))
    delta['base_seq'] = base['seq']
    old_hosts = {h['name']: h for h in old.get('hosts') or ()}
    new_hosts = {h['name']: h for h in new.get('hosts') or ()}
    changed = [host for name, host in sorted(new_hosts.items())
               if old_hosts.get(name) != host]
    removed = sorted(set(old_hosts) - set(new_hosts))
    if changed:
        delta['hosts_changed'] = changed
    if removed:
        delta['hosts_removed'] = removed
    gone = []
    for section in SECTIONS:
        if section in new:
            if old.get(section) != new[section]:
                delta[section] = new[section]
        elif section in old:
            gone.append(section)
    if gone:
        delta['sections_removed'] = gone
    return delta


def full(report):
    """``report`` sent whole, with its digest."""
    return dict(report, digest=digest(report))


def apply(base, delta):
    """The full report that ``delta`` makes of the full report ``base``.

    The caller checks ``delta['base_seq']`` against ``base`` and the
    result's ``digest`` against ``delta['digest']``.
    """
    report = {key: value for key, value in base.items()
              if key not in STAMP_FIELDS and key not in DELTA_FIELDS}
    hosts = {h['name']: h for h in report.get('hosts') or ()}
    for name in delta.get('hosts_removed') or ():
        hosts.pop(name, None)
    for host in delta.get('hosts_changed') or ():
        hosts[host['name']] = host
    report['hosts'] = [hosts[name] for name in sorted(hosts)]
    for section in delta.get('sections_removed') or ():
        report.pop(section, None)
    for section in SECTIONS:
        if section in delta:
            report[section] = delta[section]
    report.update({key: delta[key] for key in STAMP_FIELDS
                   if key in delta and key not in ('digest', 'base_seq')})
    return report


class ReportDeltas(object):
    """What a site sends of its full reports; see the module docstring.

    ``outgoing(reports)`` takes full reports in seq order and returns what
    to send in their place; ``settle(acked, resend_full)`` takes central's
    answer to them. ``reset()`` forgets the base (central is older, or a
    report went another way): the next report goes whole.
    """

    def __init__(self):
        self._base = None      # the full report central acknowledged last
        self._sent = {}        # seq -> full report, of the last outgoing()

    def reset(self):
        self._base = None
        self._sent = {}

    def outgoing(self, reports):
        messages, previous = [], self._base
        self._sent = {}
        for report in reports:
            if previous is None or previous['seq'] >= report['seq']:
                messages.append(full(report))
            else:
                messages.append(make(previous, report))
            self._sent[report['seq']] = report
            previous = report
        return messages

    def settle(self, acked, resend_full=()):
        """Central acked ``acked`` and wants ``resend_full`` sent whole."""
        if resend_full:
            self.reset()
            return
        mine = [seq for seq in acked if seq in self._sent]
        if mine:
            self._base = self._sent[max(mine)]
