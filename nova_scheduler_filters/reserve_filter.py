"""DesktopReserveFilter: keep borrowed desktops off a lender's reserve.

A desktop that central places away from its home site (it is *borrowed*)
carries the scheduler hint ``desktop_origin_site``. For such a request the
filter passes a host only if, once the desktop is placed there, the host
still has ``ratio x capacity`` free for each of VCPU, RAM and disk.
Capacity is what HostState exposes, with nova's allocation ratios applied;
use is what nova has allocated on the host, as Placement counts it (for
disk that is the flavors' disks, not the hypervisor's physical free space,
``disk_available_least``, which some drivers report as 0).

The ratio comes from the host aggregate metadata ``desktop_reserve_ratio``
(the largest value if the host is in several aggregates that set it), or
else from ``[desktop_scheduler] reserve_ratio``. An invalid ratio refuses
the host for borrowed desktops and is logged as an error. Requests without
the hint pass untouched.
"""

from oslo_log import log as logging

from nova.scheduler import filters
from nova.scheduler.filters import utils
from nova.scheduler import utils as scheduler_utils

from nova_scheduler_filters import conf

LOG = logging.getLogger(__name__)
CONF = conf.CONF

ORIGIN_HINT = 'desktop_origin_site'
RATIO_KEY = 'desktop_reserve_ratio'
ALLOWED = 'a number from 0 to 1'


class InvalidRatio(ValueError):
    """A reserve ratio that is not a number in [0, 1]."""


def parse_ratio(value):
    """``value`` as a float in [0, 1]; InvalidRatio otherwise."""
    try:
        ratio = float(value)
    except (TypeError, ValueError):
        raise InvalidRatio('not a number')
    if not 0.0 <= ratio <= 1.0:  # also refuses nan
        raise InvalidRatio('outside [0, 1]')
    return ratio


def _allocation_ratio(value):
    # A host whose compute node has not reported its ratios yet has None.
    return 1.0 if value is None else value


def requested_disk_mb(spec_obj):
    """Local disk the request takes, as nova asks Placement for it."""
    disk_mb = spec_obj.ephemeral_gb * 1024 + spec_obj.swap
    if not ('is_bfv' in spec_obj and spec_obj.is_bfv):
        disk_mb += spec_obj.root_gb * 1024
    return disk_mb


def requested(spec_obj):
    """(VCPU, RAM MB, disk MB) that the request takes."""
    return spec_obj.vcpus, spec_obj.memory_mb, requested_disk_mb(spec_obj)


def capacities(host_state):
    """(resource, capacity, free) for VCPU, RAM and disk.

    Capacity is the physical total times the allocation ratio; free is
    capacity minus what nova has allocated on the host.
    """
    vcpus = host_state.vcpus_total * _allocation_ratio(
        host_state.cpu_allocation_ratio)
    ram_mb = host_state.total_usable_ram_mb * _allocation_ratio(
        host_state.ram_allocation_ratio)
    ram_used_mb = host_state.total_usable_ram_mb - host_state.free_ram_mb
    disk_mb = host_state.total_usable_disk_gb * 1024 * _allocation_ratio(
        host_state.disk_allocation_ratio)
    return (('VCPU', vcpus, vcpus - host_state.vcpus_used),
            ('RAM MB', ram_mb, ram_mb - ram_used_mb),
            ('disk MB', disk_mb, disk_mb - host_state.disk_mb_used))


class DesktopReserveFilter(filters.BaseHostFilter):
    """Pass a host for a borrowed desktop only if it keeps its reserve."""

    # A rebuild stays on its host and takes no new room.
    RUN_ON_REBUILD = False

    def __init__(self):
        super().__init__()
        LOG.info('desktop-federation: nova_scheduler_filters.%s loaded',
                 type(self).__name__)
        self._reported = (None, set())
        try:
            self._config_ratio()
        except ValueError as exc:
            LOG.error('[desktop_scheduler] reserve_ratio is invalid (%s); '
                      'it must be %s. Borrowed desktops are refused on '
                      'every host without %s aggregate metadata until it '
                      'is fixed.', exc, ALLOWED, RATIO_KEY)

    @staticmethod
    def _config_ratio():
        # oslo.config checks the range; a bad value raises ValueError.
        return CONF.desktop_scheduler.reserve_ratio

    def filter_all(self, filter_obj_list, spec_obj):
        # Read the hint and the request's size once per request, not once
        # per host: nova's objects make every read cost.
        origin = spec_obj.get_scheduler_hint(ORIGIN_HINT)
        if origin is None or (not self.RUN_ON_REBUILD and
                              scheduler_utils.request_is_rebuild(spec_obj)):
            return filter_obj_list
        sizes = requested(spec_obj)
        return [host_state for host_state in filter_obj_list
                if self._keeps_reserve(host_state, spec_obj, origin, sizes)]

    def host_passes(self, host_state, spec_obj):
        origin = spec_obj.get_scheduler_hint(ORIGIN_HINT)
        if origin is None:
            return True
        return self._keeps_reserve(host_state, spec_obj, origin,
                                   requested(spec_obj))

    def _keeps_reserve(self, host_state, spec_obj, origin, sizes):
        ratio = self._ratio(host_state, spec_obj)
        if ratio is None:
            LOG.debug('%(host)s refused for a desktop borrowed from '
                      '%(origin)s: its reserve ratio is invalid',
                      {'host': host_state.host, 'origin': origin})
            return False
        for (resource, capacity, free), size in zip(capacities(host_state),
                                                    sizes):
            reserve = ratio * capacity
            left = free - size
            if left < reserve:
                LOG.debug('%(host)s refused for a desktop borrowed from '
                          '%(origin)s: %(resource)s free after placing '
                          'would be %(left)g (free %(free)g - requested '
                          '%(size)g), below the reserve %(reserve)g '
                          '(ratio %(ratio)g x capacity %(capacity)g)',
                          {'host': host_state.host, 'origin': origin,
                           'resource': resource, 'left': left, 'free': free,
                           'size': size, 'reserve': reserve,
                           'ratio': ratio, 'capacity': capacity})
                return False
        return True

    def _ratio(self, host_state, spec_obj):
        """The host's reserve ratio, or None if it is invalid."""
        values = utils.aggregate_values_from_key(host_state, RATIO_KEY)
        if not values:
            try:
                return self._config_ratio()
            except ValueError:
                return None
        ratios = []
        for value in values:
            try:
                ratios.append(parse_ratio(value))
            except InvalidRatio as exc:
                self._report(host_state, spec_obj, value, exc)
                return None
        return max(ratios)

    def _report(self, host_state, spec_obj, value, exc):
        """Log a bad aggregate value, naming it, once per request."""
        names = sorted(aggr.name for aggr in host_state.aggregates
                       if aggr.metadata.get(RATIO_KEY) == value)
        request = (spec_obj.instance_uuid
                   if 'instance_uuid' in spec_obj else None)
        last_request, seen = self._reported
        if request is None or request != last_request:
            seen = set()
            self._reported = (request, seen)
        key = (tuple(names), value)
        if key in seen:
            return
        seen.add(key)
        LOG.error('Host aggregate %(names)s has invalid metadata '
                  '%(key)s=%(value)r (%(reason)s); it must be %(allowed)s. '
                  'Its hosts are refused for borrowed desktops until it is '
                  'fixed.',
                  {'names': ', '.join(names), 'key': RATIO_KEY,
                   'value': value, 'reason': exc, 'allowed': ALLOWED})
