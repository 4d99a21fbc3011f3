"""DesktopReserveFilter: keep borrowed desktops off a lender's reserve.

This release wires the filter into nova-scheduler and logs that it was
loaded; it passes every host. The reserve check lands with the placer.
"""

from oslo_log import log as logging

from nova.scheduler import filters

LOG = logging.getLogger(__name__)


class DesktopReserveFilter(filters.BaseHostFilter):
    """Pass hosts that keep their local reserve free (placeholder)."""

    RUN_ON_REBUILD = False

    def __init__(self):
        super().__init__()
        LOG.info('desktop-federation: nova_scheduler_filters.%s loaded',
                 type(self).__name__)

    def host_passes(self, host_state, spec_obj):
        return True
