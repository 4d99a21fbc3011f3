"""Summarise a stored monitoring report for the monitoring page.

The report is what a site agent sent (schema ``monitoring_report``);
this adds up its hosts. ``free`` is what placement could still give:
``(total - reserved) * allocation_ratio - used`` per host, never below
zero; ``largest_free`` is the most one host has, which is what decides
whether a flavor fits. Odd values are skipped, never raised on.
"""

import collections

from central_cloud.protocol import fields

INVENTORY_FIELDS = ('total', 'used', 'reserved')


def _number(value):
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return 0
    return value


def _host_free(inventory):
    total, used, reserved = (_number(inventory.get(f))
                             for f in INVENTORY_FIELDS)
    ratio = _number(inventory.get('allocation_ratio')) or 1
    try:
        return max(0, int((total - reserved) * ratio) - used)
    except (OverflowError, ValueError):
        return 0


def _resources(hosts):
    summed = {}
    for host in hosts:
        resources = host.get('resources')
        if host.get('state') != 'up' or not isinstance(resources, dict):
            continue
        for name, inventory in resources.items():
            if not isinstance(inventory, dict):
                continue
            entry = summed.setdefault(name, dict.fromkeys(
                INVENTORY_FIELDS + ('free', 'largest_free'), 0))
            for field in INVENTORY_FIELDS:
                entry[field] += _number(inventory.get(field))
            free = _host_free(inventory)
            entry['free'] += free
            entry['largest_free'] = max(entry['largest_free'], free)
    return summed


def summarise(body):
    """Host counts, resources, instances, templates and alarm counts."""
    body = body if isinstance(body, dict) else {}
    hosts = [h for h in body.get('hosts') or [] if isinstance(h, dict)]
    states = collections.Counter(h.get('state') for h in hosts)
    templates = sorted({t.get('type') for t in body.get('templates') or []
                        if isinstance(t, dict)
                        and isinstance(t.get('type'), str)})
    alarms = body.get('alarms') if isinstance(body.get('alarms'),
                                              dict) else {}
    return {
        'sent_at': body.get('sent_at'),
        'interval': body.get('interval'),
        'hosts': dict({'total': len(hosts)},
                      **{state: states.get(state, 0)
                         for state in fields.HOST_STATES}),
        # Capacity counts only hosts that are up.
        'resources': _resources(hosts),
        'instances': sum(_number(h.get('instances')) for h in hosts),
        'templates': templates,
        'alarms': {severity: _number(alarms.get(severity))
                   for severity in fields.ALARM_SEVERITIES},
    }
