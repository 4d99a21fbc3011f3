"""DesktopTemplateWeigher: prefer hosts with the template pre-cached.

This release wires the weigher into nova-scheduler and logs that it was
loaded; it weighs every host the same.
"""

from oslo_log import log as logging

from nova.scheduler import weights

LOG = logging.getLogger(__name__)


class DesktopTemplateWeigher(weights.BaseHostWeigher):
    """Weigh hosts by template cache (placeholder: all equal)."""

    def __init__(self):
        super().__init__()
        LOG.info('desktop-federation: nova_scheduler_filters.%s loaded',
                 type(self).__name__)

    def _weigh_object(self, host_state, weight_properties):
        return 0.0
