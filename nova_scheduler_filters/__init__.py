"""Scheduler plugins that a region's own nova-scheduler loads by class path.

``DesktopReserveFilter`` keeps borrowed desktops off a lender's local
reserve, and ``DesktopTemplateWeigher`` prefers hosts that have the desktop's
template pre-cached. ``conf`` holds their ``[desktop_scheduler]`` options.
Enable them in nova.conf::

    [filter_scheduler]
    available_filters = nova.scheduler.filters.all_filters
    available_filters = nova_scheduler_filters.DesktopReserveFilter
    enabled_filters = ...,DesktopReserveFilter
    weight_classes = nova.scheduler.weights.all_weighers,
        nova_scheduler_filters.DesktopTemplateWeigher

    [desktop_scheduler]
    reserve_ratio = 0.2
    template_weight_multiplier = 1.0
"""

from nova_scheduler_filters.reserve_filter import DesktopReserveFilter
from nova_scheduler_filters.template_weigher import DesktopTemplateWeigher

__all__ = ['DesktopReserveFilter', 'DesktopTemplateWeigher']
