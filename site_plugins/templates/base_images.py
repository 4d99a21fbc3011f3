"""Base images: found at the site by checksum, or brought from central.

A base image crosses the WAN only when the site's Glance holds no active
image with its checksum (M10). It then comes from central's Glance, by
Glance's own ``glance-download`` import when the site's Glance offers it
(the bytes go Glance to Glance), or streamed through the agent. Either
way the copy is checked against the checksum before it is used, and a
copy that fails is deleted.
"""

import time

from oslo_log import log as logging

from site_plugins.backends import base
from site_plugins.templates import cloud as cloud_mod
from site_plugins.templates import errors
from site_plugins.templates import waits

LOG = logging.getLogger(__name__)

# Properties of a base image the agent copied.
BASE_IMAGE = 'desktop_base_image'
BASE_SOURCE = 'desktop_base_source'
GLANCE_DOWNLOAD = 'glance-download'
_COPIED_FIELDS = ('disk_format', 'container_format', 'min_disk', 'min_ram')
# Seconds between two words on a long copy (central re-sends a command
# that says nothing for long).
STEP_EVERY = 30


def _matches(image, checksum):
    return checksum in (image.get('checksum'), image.get('md5'))


class BaseImages(object):
    """Finds or copies base images; ``ensure()`` returns one."""

    def __init__(self, conf, site_cloud, central, counter, stopping=None,
                 clock=time.monotonic, poll=waits.POLL):
        self.conf = conf
        self.poll = poll
        self._on_step = lambda what: None
        self.site = site_cloud
        self.central = central
        self.counter = counter
        self.stopping = stopping
        self._clock = clock

    def find(self, checksum):
        """An active image of the site with ``checksum``, or None."""
        found = self.site.images(dict(cloud_mod.checksum_filter(checksum),
                                      status='active'))
        found = [image for image in found if _matches(image, checksum)]
        return min(found, key=lambda i: i['id']) if found else None

    def ensure(self, spec, on_step=None):
        """``(image, copied)``: the site's base image for ``spec``.

        ``on_step(what)`` hears how a long copy goes, now and then.
        """
        self._on_step = on_step or (lambda what: None)
        checksum = spec['base_image']['checksum']
        image = self.find(checksum)
        if image is not None:
            LOG.info('Base image %s (checksum %s...) is already at the '
                     'site: nothing crosses the WAN', image['id'],
                     checksum[:16])
            return image, False
        return self._copy(spec, self._central_image(spec)), True

    def _central_image(self, spec):
        wanted = spec['base_image']
        checksum = wanted['checksum']
        image = None
        if wanted.get('id'):
            image = self.central.get_image(wanted['id'])
            if image is not None and not _matches(image, checksum):
                raise errors.BuildFailed(
                    'base_image_gone',
                    "Base image %s in central's Glance now has checksum "
                    "%s, not the template's %s" % (
                        image['id'], image['checksum'], checksum))
        if image is None:
            found = self.central.images_by_checksum(checksum)
            image = found[0] if found else None
        if image is None or image['status'] != 'active':
            raise errors.BuildFailed(
                'base_image_gone',
                "Base image %s (checksum %s) is no longer in central's "
                'Glance: the template cannot be built until it is '
                'restored' % (wanted.get('id') or '-', checksum))
        return image

    def _method(self):
        method = self.conf.templates.image_copy
        if method != 'auto':
            return method
        offered = self.site.import_methods()
        return GLANCE_DOWNLOAD if GLANCE_DOWNLOAD in offered else 'stream'

    def _copy(self, spec, source):
        self._drop_partial_copies(source['id'])
        method = self._method()
        values = {k: source[k] for k in _COPIED_FIELDS if source.get(k)}
        values.update(name=source['name'] or 'base-%s' % source['id'],
                      **{BASE_IMAGE: 'true', BASE_SOURCE: source['id']})
        target = self.site.create_image(values)
        LOG.info('Copying base image %s (%s bytes) from central to image '
                 '%s by %s', source['id'], source['size'], target['id'],
                 method)
        try:
            if method == GLANCE_DOWNLOAD:
                self.site.glance_download(
                    target['id'], source['id'], self.central.region,
                    self.central.interface)
                image = self._wait_active(target['id'])
                self.counter.add('image_data', image['size'] or 0)
            else:
                self._stream(source, target)
                image = self._wait_active(target['id'])
            if not _matches(image, spec['base_image']['checksum']):
                raise errors.BuildFailed(
                    'base_image_copy',
                    'The copy of base image %s has checksum %s, not %s'
                    % (source['id'], image['checksum'],
                       spec['base_image']['checksum']))
        except BaseException:
            self._delete_quietly(target['id'])
            raise
        LOG.info('Base image %s copied to the site as %s', source['id'],
                 image['id'])
        return image

    def _stream(self, source, target):
        chunks = self.central.image_chunks(source['id'])
        copied = [0, self._clock()]

        def on_chunk(count):
            self.counter.add('image_data', count)
            copied[0] += count
            if self._clock() - copied[1] >= STEP_EVERY:
                copied[1] = self._clock()
                self._on_step('base image %s: %d of %s bytes copied' % (
                    source['id'], copied[0], source['size']))
        stream = cloud_mod.SizedStream(chunks, source['size'] or 0,
                                       on_chunk=on_chunk)
        try:
            self.site.upload(target['id'], stream)
        except base.CloudError as exc:
            raise errors.BuildFailed(
                'base_image_copy', 'Copying base image %s from central '
                'failed: %s' % (source['id'], exc), exc.fault) from exc

    def _wait_active(self, image_id):
        deadline = self._clock() + self.conf.templates.build_timeout
        next_step = self._clock() + STEP_EVERY
        while True:
            image = self.site.get_image(image_id)
            status = image and image['status']
            if status == 'active':
                return image
            if status in (None, 'killed', 'deleted', 'deactivated'):
                raise errors.BuildFailed(
                    'base_image_copy', 'The copy of the base image (image '
                    '%s) ended %s' % (image_id, status or 'deleted'))
            if self._clock() >= next_step:
                next_step = self._clock() + STEP_EVERY
                self._on_step('base image copy %s is %s' % (image_id,
                                                            status))
            if self._clock() >= deadline:
                raise errors.BuildFailed(
                    'base_image_copy', 'The copy of the base image (image '
                    '%s) is still %s after %d s' % (
                        image_id, status, self.conf.templates.build_timeout))
            waits.pause(self.stopping, self.poll)

    def _drop_partial_copies(self, source_id):
        """Unfinished copies an earlier, interrupted build left."""
        # A template snapshot inherits BASE_SOURCE, not BASE_IMAGE=true.
        for image in self.site.images({BASE_SOURCE: source_id,
                                       BASE_IMAGE: 'true'}):
            if image['status'] != 'active':
                LOG.info('Deleting unfinished copy %s of base image %s',
                         image['id'], source_id)
                self._delete_quietly(image['id'])

    def _delete_quietly(self, image_id):
        try:
            self.site.delete_image(image_id)
        except base.CloudError as exc:
            LOG.warning('Could not delete image %s: %s', image_id, exc)
