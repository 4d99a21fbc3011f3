"""Scheduler plugins that a region's own nova-scheduler loads by class path.

``DesktopReserveFilter`` keeps borrowed desktops off a lender's local
reserve, and ``DesktopTemplateWeigher`` prefers hosts that have the desktop's
template pre-cached. Enable them in nova.conf::

    [filter_scheduler]
    available_filters = nova.scheduler.filters.all_filters
    available_filters = nova_scheduler_filters.DesktopReserveFilter
    enabled_filters = ...,DesktopReserveFilter
    weight_classes = nova.scheduler.weights.all_weighers
    weight_classes = nova_scheduler_filters.DesktopTemplateWeigher
"""

from nova_scheduler_filters.reserve_filter import DesktopReserveFilter
from nova_scheduler_filters.template_weigher import DesktopTemplateWeigher

__all__ = ['DesktopReserveFilter', 'DesktopTemplateWeigher']
