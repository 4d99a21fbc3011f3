"""What one compute host can still take, as Nova would schedule it.

A host's capacity of a resource class is ``(total - reserved) *
allocation_ratio`` (Placement's arithmetic) and its free part is that
minus ``used``, both from the site's latest monitoring report. Central's
in-flight claims on the host come off the free part. A lender keeps
``reserve_ratio`` of each host's capacity for its own users: only what is
above it can be lent. A desktop must fit on one host that is up, for
VCPU, MEMORY_MB and DISK_GB at once; a sum over hosts is not enough.
"""

import collections

RESOURCES = ('VCPU', 'MEMORY_MB', 'DISK_GB')
NOTHING = (0, 0, 0)


class Flavor(collections.namedtuple('Flavor',
                                    ['name', 'id', 'vcpus', 'ram', 'disk'])):
    """A flavor's size: VCPUs, RAM in MB and root disk in GB."""

    __slots__ = ()

    @property
    def need(self):
        """What one desktop of this flavor takes: (VCPU, MB, GB)."""
        return (self.vcpus, self.ram, self.disk)

    def describe(self):
        return '%s (%s)' % (self.name, describe(self.need))


def describe(amounts):
    """``(VCPU, MB, GB)`` in words."""
    return '%d VCPU, %d MB RAM, %d GB disk' % tuple(
        int(value) for value in amounts)


def _count(value):
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ValueError('not a number: %r' % (value,))
    return max(int(value), 0)


def flavors_of(body):
    """``{name: Flavor}`` from a report's ``flavors`` section.

    None when the report has no such section (an agent older than RPC
    API 1.3): the site's flavors are then unknown, not absent.
    """
    section = body.get('flavors') if isinstance(body, dict) else None
    if not isinstance(section, list):
        return None
    found = {}
    for entry in section:
        try:
            flavor = Flavor(str(entry['name']), str(entry.get('id') or ''),
                            _count(entry['vcpus']), _count(entry['ram']),
                            _count(entry['disk']))
        except (KeyError, TypeError, ValueError, AttributeError):
            continue
        found.setdefault(flavor.name, flavor)
    return found


def find_flavor(flavors, name_or_id):
    """The flavor named (or with the id) ``name_or_id``, or None."""
    if not flavors:
        return None
    if name_or_id in flavors:
        return flavors[name_or_id]
    for flavor in flavors.values():
        if flavor.id and flavor.id == name_or_id:
            return flavor
    return None


class Host(object):
    """One compute host of a report: is it up, its capacity, its free."""

    __slots__ = ('name', 'up', 'capacity', 'free')

    def __init__(self, name, up, capacity, free):
        self.name = name
        self.up = up
        self.capacity = capacity
        self.free = free

    def __repr__(self):
        return 'Host(%r, up=%r, capacity=%r, free=%r)' % (
            self.name, self.up, self.capacity, self.free)


def _inventory(resources, resource_class):
    inventory = resources.get(resource_class) if isinstance(
        resources, dict) else None
    if not isinstance(inventory, dict):
        return 0.0, 0.0
    try:
        capacity = (max(inventory['total'] - inventory['reserved'], 0)
                    * inventory['allocation_ratio'])
        return capacity, capacity - inventory['used']
    except (KeyError, TypeError):
        return 0.0, 0.0


def hosts_of(body):
    """The hosts of a report body, as ``Host`` objects."""
    hosts = []
    for entry in (body or {}).get('hosts') or ():
        if not isinstance(entry, dict) or 'name' not in entry:
            continue
        amounts = [_inventory(entry.get('resources'), rc)
                   for rc in RESOURCES]
        hosts.append(Host(str(entry['name']), entry.get('state') == 'up',
                          tuple(a[0] for a in amounts),
                          tuple(a[1] for a in amounts)))
    return hosts


def room(host, claimed, reserve_ratio):
    """What ``host`` can still give: free - claims - reserve, per class."""
    claimed = claimed or NOTHING
    capacity, free = host.capacity, host.free
    return (free[0] - claimed[0] - reserve_ratio * capacity[0],
            free[1] - claimed[1] - reserve_ratio * capacity[1],
            free[2] - claimed[2] - reserve_ratio * capacity[2])


def fits(amounts, need):
    return (amounts[0] >= need[0] and amounts[1] >= need[1]
            and amounts[2] >= need[2])


def choose_host(hosts, claimed, need, reserve_ratio=0.0):
    """The host to count a desktop of size ``need`` on, or None.

    ``claimed`` maps host names to the (VCPU, MB, GB) claimed there.
    Among the up hosts where it fits, the one with the most RAM left
    wins, as Nova's default weighers spread desktops (then by name).
    """
    best, best_key = None, None
    for host in hosts:
        if not host.up:
            continue
        left = room(host, claimed.get(host.name), reserve_ratio)
        if not fits(left, need):
            continue
        key = (-(left[1] - need[1]), -(left[0] - need[0]), host.name)
        if best_key is None or key < best_key:
            best, best_key = host.name, key
    return best


def best_room(hosts, claimed, reserve_ratio=0.0):
    """The most any single up host can give, per class; None if none."""
    best = None
    for host in hosts:
        if not host.up:
            continue
        left = room(host, claimed.get(host.name), reserve_ratio)
        best = left if best is None else (
            max(best[0], left[0]), max(best[1], left[1]),
            max(best[2], left[2]))
    return best


def free_totals(hosts, claimed, reserve_ratio=0.0):
    """What the up hosts can give altogether, per class (never < 0)."""
    totals = [0.0, 0.0, 0.0]
    for host in hosts:
        if not host.up:
            continue
        left = room(host, claimed.get(host.name), reserve_ratio)
        for index in range(3):
            totals[index] += max(left[index], 0.0)
    return tuple(totals)


def usage(hosts, claimed):
    """The highest share of capacity in use (with claims) over classes.

    ``(ratio, resource class)`` over the up hosts; None if they have no
    capacity at all.
    """
    worst = None
    for index, resource_class in enumerate(RESOURCES):
        capacity = used = 0.0
        for host in hosts:
            if not host.up:
                continue
            capacity += host.capacity[index]
            used += (host.capacity[index] - host.free[index]
                     + (claimed.get(host.name) or NOTHING)[index])
        if capacity <= 0:
            continue
        ratio = used / capacity
        if worst is None or ratio > worst[0]:
            worst = (ratio, resource_class)
    return worst
