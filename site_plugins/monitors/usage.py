"""Capacity arithmetic on Placement inventories, as Nova schedules it.

A host can take ``(total - reserved) * allocation_ratio`` of a resource
class; ``used`` counts what allocations hold.
"""

from central_cloud.protocol import fields

_EMPTY = {'total': 0, 'used': 0, 'reserved': 0, 'allocation_ratio': 1.0}


def capacity(inventory):
    return max(inventory['total'] - inventory['reserved'], 0) * \
        inventory['allocation_ratio']


def free(inventory):
    return capacity(inventory) - inventory['used']


def host_resources(providers):
    """The report's ``resources`` of a host made of ``providers``.

    VCPU, MEMORY_MB and DISK_GB are always present (zero if the host has
    no inventory yet). Several providers (rare) are added up.
    """
    resources = {rc: dict(_EMPTY) for rc in fields.STANDARD_RESOURCES}
    seen = set()
    for provider in providers:
        for rc, inventory in sorted(provider['inventories'].items()):
            if rc not in resources:
                if len(resources) >= fields.MAX_RESOURCE_CLASSES:
                    continue
                resources[rc] = dict(_EMPTY)
            entry = resources[rc]
            entry['total'] += int(inventory.get('total', 0))
            entry['reserved'] += int(inventory.get('reserved', 0))
            entry['used'] += int(provider['usages'].get(rc, 0))
            if rc not in seen:
                entry['allocation_ratio'] = float(
                    inventory.get('allocation_ratio') or 1.0)
                seen.add(rc)
    return resources


def site_usage(hosts, resource_class):
    """Used / capacity of ``resource_class`` over the hosts that are up.

    ``None`` when those hosts have no capacity of that class.
    """
    up = [h['resources'][resource_class] for h in hosts
          if h['state'] == 'up' and resource_class in h['resources']]
    total = sum(capacity(inventory) for inventory in up)
    if total <= 0:
        return None
    return sum(inventory['used'] for inventory in up) / total
