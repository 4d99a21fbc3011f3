"""The site's template manager (M9-M11).

``ensure(spec)`` makes sure the site holds the template of a spec:

1. look it up in the site's Glance by ``desktop_template_type``,
   ``desktop_template_version`` and ``desktop_base_checksum``;
2. if it is missing: find the base image by checksum or bring it from
   central (``base_images``), fetch and verify the bundle files
   (``files``), and build the template (the builder plugin);
3. pre-cache it on the desktop hosts (``precache``) when asked;
4. tell the agent, which reports it to central (the ``templates``
   section of the next report).

A failure (a file whose sha256 does not match, a builder or install
command that fails, a base image central no longer has...) raises
``BuildFailed`` with the reason and a ``template_build_failed`` alarm
for the template type, cleared by its next successful build. Existing
templates are never changed: a new version is a new image.
"""

import collections
import threading

from oslo_log import log as logging

from central_cloud.protocol import fields
from site_plugins import alarms as alarms_mod
from site_plugins.templates import builder as builder_mod
from site_plugins.templates import errors
from site_plugins.templates import spec as spec_mod

LOG = logging.getLogger(__name__)

BUILD_FAILED = 'template_build_failed'
PRECACHE_FAILED = 'template_precache_failed'

Outcome = collections.namedtuple('Outcome', ['image', 'built', 'copied',
                                             'aggregate'])


def alarm_key(kind, template_type):
    return alarms_mod.make_key(kind, template_type)


def template_info(image, spec):
    """The ``template`` of a command result (protocol 1.4)."""
    info = {'type': spec['template_type'], 'version': spec['version'],
            'image_id': image['id'],
            'base_checksum': spec['base_image']['checksum']}
    if image.get('checksum'):
        info['checksum'] = image['checksum']
    return info


class TemplateManager(object):
    """Looks up, builds and pre-caches the site's templates.

    ``central``: ``cloud.CentralCloud`` (None when [templates]
    central_region is not set: only templates the site holds work);
    ``on_ready()`` is called after a template was built; ``heartbeat(
    command_id, what)`` is told each step of a long build.
    """

    def __init__(self, conf, site, cloud, central, files, base_images,
                 builder, precacher, alarm_book, on_ready=None,
                 heartbeat=None):
        self.conf = conf
        self.site = site
        self.cloud = cloud
        self.central = central
        self.files = files
        self.base_images = base_images
        self.builder = builder
        self.precacher = precacher
        self.alarms = alarm_book
        self.on_ready = on_ready or (lambda: None)
        self.heartbeat = heartbeat or (lambda command_id, what: None)
        self._locks = collections.defaultdict(threading.Lock)
        self._locks_lock = threading.Lock()

    def _lock(self, key):
        with self._locks_lock:
            return self._locks[key]

    def find(self, template_type, version=None, base_checksum=None):
        """The site's active template image, newest version first."""
        filters = {spec_mod.TEMPLATE_TYPE: template_type,
                   'status': 'active'}
        if version is not None:
            filters[spec_mod.TEMPLATE_VERSION] = str(version)
        if base_checksum is not None:
            filters[spec_mod.BASE_CHECKSUM] = base_checksum
        images = self.cloud.images(filters)
        if not images:
            return None

        def rank(image):
            try:
                number = int(image['properties'].get(
                    spec_mod.TEMPLATE_VERSION, 1))
            except (TypeError, ValueError):
                number = 1
            return (number, image['id'])
        return max(images, key=rank)

    def ensure(self, spec, command_id=None):
        """An ``Outcome``: the site's template of ``spec``."""
        template_type = spec['template_type']
        try:
            with self._lock(('template', template_type)):
                outcome = self._ensure(spec, command_id)
        except errors.BuildFailed as exc:
            self.alarms.raise_alarm(
                alarm_key('template-build', template_type), BUILD_FAILED,
                'major', 'Template %s version %d cannot be built at site '
                '%s: %s' % (template_type, spec['version'], self.site, exc),
                template_type)
            raise
        self.alarms.clear(alarm_key('template-build', template_type),
                          'Template %s version %d is ready at site %s'
                          % (template_type, spec['version'], self.site))
        return outcome

    def _ensure(self, spec, command_id):
        checksum = spec['base_image']['checksum']
        image = self.find(spec['template_type'], spec['version'], checksum)
        built, copied = False, False
        if image is None:
            image, copied = self._build(spec, command_id)
            built = True
        aggregate = None
        if spec.get('precache', True):
            aggregate = self._precache(spec, image)
        if built:
            self.on_ready()
        return Outcome(image, built, copied, aggregate)

    def _build(self, spec, command_id):
        template_type = spec['template_type']
        if self.central is None:
            raise errors.BuildFailed(
                'spec', 'Template %s is missing and cannot be built: '
                '[templates] central_region is not set' % template_type)
        LOG.info('Building template %s version %d at site %s',
                 template_type, spec['version'], self.site)
        with self._lock(('base', spec['base_image']['checksum'])):
            base_image, copied = self.base_images.ensure(
                spec, on_step=lambda what: self.heartbeat(command_id, what))
        self.heartbeat(command_id, 'base image %s ready' % base_image['id'])
        paths = self.files.ensure_all(spec.get('bundles') or [])
        self.heartbeat(command_id, '%d bundle file(s) verified'
                       % len(paths))
        limit = self.conf.templates.max_embedded_files_kb * 1024
        script = builder_mod.install_script(
            builder_mod.embed_files(spec, paths, limit),
            self.conf.templates.builder_done_state)
        name = 'template-%s-v%d' % (template_type, spec['version'])
        image = self.builder.build(
            spec, base_image, script, spec_mod.image_properties(spec), name,
            on_step=lambda what: self.heartbeat(command_id, what))
        LOG.info('Template %s version %d built at site %s: image %s',
                 template_type, spec['version'], self.site, image['id'])
        return image, copied

    def _precache(self, spec, image):
        key = alarm_key('template-precache', spec['template_type'])
        try:
            aggregate = self.precacher.precache(spec['template_type'],
                                                image['id'])
        except errors.BuildFailed as exc:
            # The template works without it: desktops just boot slower.
            LOG.warning('%s', exc)
            self.alarms.raise_alarm(key, PRECACHE_FAILED, 'warning',
                                    str(exc), spec['template_type'])
            return None
        self.alarms.clear(key)
        return aggregate

    # What the executor calls.

    def build_command(self, command):
        """Run a ``build_template`` command; its result."""
        spec = command['params']
        outcome = self.ensure(spec, command['id'])
        return self.result(spec, outcome)

    def for_create(self, template_type, command_id=None):
        """The template image for a create; built first if missing."""
        image = self.find(template_type)
        if image is not None:
            return image
        spec = spec_mod.from_central(self.central, template_type)
        LOG.info('Command %s needs template %s, which the site lacks: '
                 'building version %d first', command_id, template_type,
                 spec['version'])
        return self.ensure(spec, command_id).image

    def result(self, spec, outcome):
        what = 'built as' if outcome.built else 'already at the site as'
        message = 'Template %s version %d %s image %s' % (
            spec['template_type'], spec['version'], what,
            outcome.image['id'])
        if outcome.built:
            message += ('; its base image came from central'
                        if outcome.copied else
                        '; its base image was already at the site')
        if outcome.aggregate is not None:
            message += '; pre-cached on aggregate %s (%d host(s))' % (
                outcome.aggregate['name'], len(outcome.aggregate['hosts']))
        elif spec.get('precache', True):
            message += '; not pre-cached (see the site\'s alarms)'
        return {'message': message[:fields.MAX_TEXT],
                'template': template_info(outcome.image, spec)}
