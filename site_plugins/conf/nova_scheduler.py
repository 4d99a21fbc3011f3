"""The nova-scheduler settings that load our filter and weigher.

A site region's nova-scheduler loads ``nova_scheduler_filters`` by class
path. ``FILTER_CLASSES`` and ``WEIGHER_CLASSES`` are the one list of those
class paths; ``filter_scheduler()`` merges them into a region's current
``[filter_scheduler]`` values. ``desktop-site-config nova-scheduler``
prints the result, for the lab and the devstack plugin alike.

This module imports nothing from nova (nor from ``nova_scheduler_filters``,
which does): it only names the classes.
"""

GROUP = 'filter_scheduler'
FILTER_CLASSES = ('nova_scheduler_filters.DesktopReserveFilter',)
WEIGHER_CLASSES = ('nova_scheduler_filters.DesktopTemplateWeigher',)

NOVA_ALL_FILTERS = 'nova.scheduler.filters.all_filters'
NOVA_ALL_WEIGHERS = 'nova.scheduler.weights.all_weighers'
# nova's own default [filter_scheduler] enabled_filters.
NOVA_DEFAULT_FILTERS = ('ComputeFilter', 'ComputeCapabilitiesFilter',
                        'ImagePropertiesFilter',
                        'ServerGroupAntiAffinityFilter',
                        'ServerGroupAffinityFilter')
OPTIONS = ('available_filters', 'enabled_filters', 'weight_classes')


def filter_names():
    """Our filters as enabled_filters names them (the class name)."""
    return [path.rsplit('.', 1)[1] for path in FILTER_CLASSES]


def _merge(current, ours):
    merged = [item for item in current if item]
    merged.extend(item for item in ours if item not in merged)
    return merged


def split(value):
    """A comma-separated option value (or a list) as a list of names."""
    if value is None:
        return []
    if isinstance(value, str):
        value = value.split(',')
    return [item.strip() for item in value if item.strip()]


def filter_scheduler(enabled_filters=None, available_filters=None,
                     weight_classes=None):
    """``{option: value}`` of ``[filter_scheduler]`` with ours added.

    Each argument is the region's current value (None or empty: nova's
    default).
    ``available_filters`` is a multi-valued option, so it comes back as a
    list; the other two are comma-separated strings. Our classes go last,
    and are not added twice.
    """
    enabled = split(enabled_filters) or list(NOVA_DEFAULT_FILTERS)
    available = split(available_filters) or [NOVA_ALL_FILTERS]
    weighers = split(weight_classes) or [NOVA_ALL_WEIGHERS]
    return {
        'available_filters': _merge(available, FILTER_CLASSES),
        'enabled_filters': ','.join(_merge(enabled, filter_names())),
        'weight_classes': ','.join(_merge(weighers, WEIGHER_CLASSES)),
    }
