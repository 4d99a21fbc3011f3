"""DesktopTemplateWeigher: prefer hosts with the template pre-cached.

The site agent sends the desktop's template type as the scheduler hint
``desktop_template_type`` (nova keeps no unknown image properties in the
request, so the image cannot carry it). A host in an aggregate whose
metadata ``desktop_cached_templates`` (comma-separated template types)
lists that type weighs 1.0, every other host 0.0. The weight is scaled by
``[desktop_scheduler] template_weight_multiplier``, which the aggregate
metadata ``desktop_template_weight_multiplier`` overrides, as nova's own
weighers do with theirs.
"""

from oslo_log import log as logging

from nova.scheduler.filters import utils as filter_utils
from nova.scheduler import utils
from nova.scheduler import weights

from nova_scheduler_filters import conf

LOG = logging.getLogger(__name__)
CONF = conf.CONF

TEMPLATE_HINT = 'desktop_template_type'
CACHED_KEY = 'desktop_cached_templates'
MULTIPLIER_KEY = 'desktop_template_weight_multiplier'
DEFAULT_MULTIPLIER = 1.0


def cached_templates(host_state):
    """The template types pre-cached on the host, by its aggregates."""
    names = set()
    for value in filter_utils.aggregate_values_from_key(host_state,
                                                        CACHED_KEY):
        names.update(name.strip() for name in value.split(','))
    names.discard('')
    return names


class DesktopTemplateWeigher(weights.BaseHostWeigher):
    """Weigh 1.0 the hosts that hold the requested template, else 0.0."""

    # Raw weights are already 0 or 1: keep them, do not rescale.
    minval = 0.0
    maxval = 1.0

    def __init__(self):
        super().__init__()
        LOG.info('desktop-federation: nova_scheduler_filters.%s loaded',
                 type(self).__name__)
        try:
            CONF.desktop_scheduler.template_weight_multiplier
        except ValueError as exc:
            LOG.error('[desktop_scheduler] template_weight_multiplier is '
                      'invalid (%s); it must be a number. Using %s until '
                      'it is fixed.', exc, DEFAULT_MULTIPLIER)

    def weight_multiplier(self, host_state):
        try:
            configured = CONF.desktop_scheduler.template_weight_multiplier
        except ValueError:
            configured = DEFAULT_MULTIPLIER
        return utils.get_weight_multiplier(host_state, MULTIPLIER_KEY,
                                           configured)

    def weigh_objects(self, weighed_obj_list, weight_properties):
        # Read the hint once per request, not once per host.
        template = weight_properties.get_scheduler_hint(TEMPLATE_HINT)
        if not template or not isinstance(template, str):
            return [0.0] * len(weighed_obj_list)
        return [self._weigh_template(obj.obj, template)
                for obj in weighed_obj_list]

    def _weigh_object(self, host_state, weight_properties):
        template = weight_properties.get_scheduler_hint(TEMPLATE_HINT)
        if not template or not isinstance(template, str):
            return 0.0
        return self._weigh_template(host_state, template)

    @staticmethod
    def _weigh_template(host_state, template):
        return 1.0 if template in cached_templates(host_state) else 0.0
