"""Pre-cache templates on the site's desktop hosts (M11 step 3).

Through Nova's aggregate image cache API (microversion 2.81): Nova asks
every compute host of the desktop aggregate to download the image. The
aggregate's metadata ``desktop_cached_templates`` then lists the
template types cached there (comma-separated), which the scheduler's
template weigher reads.
"""

import threading

from oslo_log import log as logging

from site_plugins.backends import base
from site_plugins.templates import errors

LOG = logging.getLogger(__name__)

CACHED_TEMPLATES = 'desktop_cached_templates'
# Nova's limit on an aggregate metadata value.
MAX_VALUE = 255


def cached_types(aggregate):
    value = aggregate['metadata'].get(CACHED_TEMPLATES) or ''
    return {name.strip() for name in value.split(',') if name.strip()}


class Precacher(object):

    def __init__(self, conf, cloud):
        self.conf = conf
        self.cloud = cloud
        self._lock = threading.Lock()

    def aggregate(self):
        """The desktop aggregate, created with every host if allowed."""
        name = self.conf.templates.desktop_aggregate
        aggregate = self.cloud.find_aggregate(name)
        if aggregate is None and self.conf.templates.create_aggregate:
            hosts = self.cloud.compute_hosts()
            try:
                aggregate = self.cloud.create_aggregate(name, hosts)
            except base.Conflict:
                aggregate = self.cloud.find_aggregate(name)  # a race
            else:
                LOG.info('Created the desktop aggregate %s with host(s) %s',
                         name, ', '.join(hosts) or '-')
        return aggregate

    def precache(self, template_type, image_id):
        """Cache ``image_id`` on the desktop hosts; the aggregate.

        Raises ``BuildFailed`` (reason ``precache``) if Nova refuses.
        """
        with self._lock:
            try:
                aggregate = self.aggregate()
                if aggregate is None:
                    raise errors.BuildFailed(
                        'precache', 'The desktop aggregate %s does not '
                        'exist (and [templates] create_aggregate is off)'
                        % self.conf.templates.desktop_aggregate)
                if not aggregate['hosts']:
                    raise errors.BuildFailed(
                        'precache', 'The desktop aggregate %s has no host'
                        % aggregate['name'])
                self.cloud.precache(aggregate['id'], [image_id])
                types = cached_types(aggregate) | {template_type}
                value = ','.join(sorted(types))
                if len(value) > MAX_VALUE:
                    raise errors.BuildFailed(
                        'precache', 'Too many template types to list in '
                        'the metadata %s of aggregate %s (at most %d '
                        'characters)' % (CACHED_TEMPLATES, aggregate['name'],
                                         MAX_VALUE))
                if types != cached_types(aggregate):
                    aggregate = self.cloud.set_aggregate_metadata(
                        aggregate['id'], {CACHED_TEMPLATES: value})
            except base.CloudError as exc:
                raise errors.BuildFailed(
                    'precache', 'Nova could not pre-cache image %s on the '
                    'desktop hosts: %s' % (image_id, exc), exc.fault)
        LOG.info('Template %s (image %s) pre-cached on aggregate %s (%s)',
                 template_type, image_id, aggregate['name'],
                 ', '.join(aggregate['hosts']))
        return aggregate
