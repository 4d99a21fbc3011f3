"""The snapshot builder: a template is a snapshot of a builder server.

The builder boots from the base image with the install script as its
user data: the bundles' install commands in order, run with ``set -e``
in the bundle directory, after the (small) bundle files were written
there. Once the builder is done (``[templates] builder_done_state``) it
is snapshotted into an image with the template's properties, and it is
deleted whatever happened. A builder that goes to ERROR fails the build
with Nova's fault; a snapshot that does not become active is deleted.
"""

import base64
import re
import shlex

from oslo_log import log as logging

from central_cloud.protocol.schemas import common

from site_plugins.backends import base
from site_plugins.executor import results
from site_plugins.executor import waiter
from site_plugins.templates import errors
from site_plugins.templates import waits

LOG = logging.getLogger(__name__)

BUILDER_TAG = 'desktop-builder'
# Nova takes at most this much user data, base64-encoded.
MAX_USER_DATA = 65535


def builder_tag(template_type, version):
    return ('desktop-build-%s-v%d' % (template_type, version))[:60]


_FILE_NAME = re.compile(common.FILE_NAME['pattern'])


def check_file_names(spec):
    """BuildFailed unless every bundle file has a safe file name.

    Central refuses such names already; a site checks again, since the
    name lands in a shell script that runs as root on the builder.
    """
    for bundle in spec.get('bundles') or []:
        for item in bundle.get('files', []):
            name = item['name']
            if (len(name) > common.FILE_NAME['maxLength'] or
                    not _FILE_NAME.match(name)):
                raise errors.BuildFailed(
                    'spec', 'Bundle %s %s has a file named %r: a file name '
                    'must be %s' % (bundle['name'], bundle['version'],
                                    name[:80],
                                    common.FILE_NAME['description']))


def install_script(spec, done_state):
    """The builder's user data (bytes) for ``spec``.

    Files that carry their bytes (``data``, see ``embed_files``) are
    written into the bundle directory before the install commands run.
    A file name that is not safe fails the build (``check_file_names``).
    """
    check_file_names(spec)
    lines = ['#!/bin/sh',
             '# desktop-federation: build of template %s version %d'
             % (spec['template_type'], spec['version']),
             '# base image checksum %s' % spec['base_image']['checksum'],
             'set -e',
             'BUNDLE_DIR="${BUNDLE_DIR:-/var/lib/desktop-bundles}"',
             'mkdir -p "$BUNDLE_DIR"',
             'cd "$BUNDLE_DIR"']
    for bundle in spec.get('bundles') or []:
        lines.append('# bundle %s %s' % (bundle['name'], bundle['version']))
        for item in bundle.get('files', []):
            lines.append('# file %s sha256 %s, %d bytes, verified at the '
                         'site' % (item['name'], item['sha256'],
                                   item['size']))
            if item.get('data') is not None:
                marker = 'DESKTOP_FILE_%s' % item['sha256'][:16]
                lines.append('base64 -d > %s <<\'%s\''
                             % (shlex.quote(item['name']), marker))
                encoded = base64.b64encode(item['data']).decode('ascii')
                lines.extend(encoded[i:i + 76]
                             for i in range(0, len(encoded), 76))
                lines.append(marker)
        lines.extend(bundle.get('install_commands') or [])
    if done_state == 'SHUTOFF':
        lines.append('poweroff')
    return ('\n'.join(lines) + '\n').encode('utf-8')


def embed_files(spec, paths, embed_limit):
    """``spec`` with each file's bytes as ``data`` if all fit the limit."""
    items = [item for bundle in spec.get('bundles') or []
             for item in bundle.get('files', [])]
    if sum(item['size'] for item in items) > embed_limit:
        return spec
    bundles = []
    for bundle in spec.get('bundles') or []:
        files = []
        for item in bundle.get('files', []):
            with open(paths[item['sha256']], 'rb') as f:
                files.append(dict(item, data=f.read()))
        bundles.append(dict(bundle, files=files))
    return dict(spec, bundles=bundles)


class SnapshotBuilder(object):
    """Builds a template image; ``build()`` returns it (a dict)."""

    def __init__(self, conf, cloud, stopping=None, poll=waits.POLL):
        self.conf = conf
        self.cloud = cloud
        self.stopping = stopping
        self.poll = poll

    def build(self, spec, base_image, user_data, properties, name,
              on_step=None):
        on_step = on_step or (lambda what: None)
        if len(base64.b64encode(user_data)) > MAX_USER_DATA:
            raise errors.BuildFailed(
                'spec', 'The install script of template %s is %d bytes, '
                'more than Nova takes as user data (%d base64): shorten the '
                'install commands' % (spec['template_type'], len(user_data),
                                      MAX_USER_DATA))
        tag = builder_tag(spec['template_type'], spec['version'])
        self._delete_stale(tag)
        flavor = self._flavor(base_image)
        network = self._network()
        server = self._boot(spec, base_image, flavor, network, user_data,
                            tag)
        try:
            on_step('builder %s booting' % server['id'])
            self._wait_done(server)
            on_step('builder %s done; snapshotting' % server['id'])
            return self._snapshot(server, name, properties)
        finally:
            self._delete_builder(server['id'])

    def _flavor(self, base_image):
        wanted = self.conf.templates.builder_flavor
        flavors = self.cloud.flavors()
        if wanted:
            for flavor in flavors:
                if wanted in (flavor['id'], flavor['name']):
                    return flavor
            raise errors.BuildFailed(
                'builder', 'Flavor %r ([templates] builder_flavor) does not '
                'exist at the site' % wanted)
        fitting = [f for f in flavors
                   if f['disk'] >= (base_image.get('min_disk') or 0)
                   and f['ram'] >= (base_image.get('min_ram') or 0)]
        if not fitting:
            raise errors.BuildFailed(
                'builder', 'No flavor of the site fits base image %s (min '
                'disk %s GiB, min RAM %s MiB)' % (
                    base_image['id'], base_image.get('min_disk'),
                    base_image.get('min_ram')))
        return min(fitting, key=lambda f: (f['vcpus'], f['ram'], f['disk'],
                                           f['name']))

    def _network(self):
        name = self.conf.templates.builder_network
        if not name:
            return None
        network = self.cloud.find_network(name)
        if network is None:
            raise errors.BuildFailed(
                'builder', 'Network %r ([templates] builder_network) does '
                'not exist at the site' % name)
        return network

    def _boot(self, spec, base_image, flavor, network, user_data, tag):
        name = 'desktop-builder-%s-v%d' % (spec['template_type'],
                                           spec['version'])
        try:
            server = self.cloud.create_server(
                name, flavor['id'], base_image['id'], network, user_data,
                {'desktop_builder': spec['template_type'],
                 'desktop_template_version': str(spec['version'])},
                [BUILDER_TAG, tag])
        except base.CloudError as exc:
            raise errors.BuildFailed(
                'builder', 'Nova refused the builder server: %s' % exc,
                exc.fault) from exc
        LOG.info('Builder %s (%s) boots from base image %s with flavor %s',
                 name, server['id'], base_image['id'], flavor['name'])
        return server

    def _wait_done(self, server):
        try:
            waiter.wait_for(self.cloud, server['id'],
                            self.conf.templates.builder_done_state,
                            self.conf.templates.build_timeout, self.poll,
                            self.stopping)
        except results.Interrupted:
            raise
        except results.CommandFailed as exc:
            raise errors.BuildFailed(
                'builder', 'The builder failed, so an install command '
                'failed or the server could not boot: %s' % exc,
                exc.fault) from exc

    def _snapshot(self, server, name, properties):
        try:
            image_id = self.cloud.snapshot(server['id'], name, properties)
        except base.CloudError as exc:
            raise errors.BuildFailed(
                'snapshot', 'Nova could not snapshot builder %s: %s'
                % (server['id'], exc), exc.fault) from exc
        try:
            image = self._wait_image(image_id)
        except BaseException:
            self._delete_image(image_id)
            raise
        LOG.info('Builder %s snapshotted into template image %s (%s '
                 'bytes)', server['id'], image['id'], image['size'])
        return image

    def _wait_image(self, image_id):
        waited = 0.0
        while True:
            image = self.cloud.get_image(image_id)
            status = image and image['status']
            if status == 'active':
                return image
            if status in (None, 'killed', 'deleted', 'deactivated'):
                raise errors.BuildFailed(
                    'snapshot', 'The snapshot image %s ended %s'
                    % (image_id, status or 'deleted'))
            if waited >= self.conf.templates.build_timeout:
                raise errors.BuildFailed(
                    'snapshot', 'The snapshot image %s is still %s after '
                    '%d s' % (image_id, status,
                              self.conf.templates.build_timeout))
            waits.pause(self.stopping, self.poll)
            waited += self.poll

    def _delete_stale(self, tag):
        for server in self.cloud.servers_by_tag(tag):
            if server['task_state'] == 'deleting':
                continue
            LOG.info('Deleting builder %s left by an earlier build',
                     server['id'])
            self._delete_builder(server['id'])

    def _delete_builder(self, server_id):
        try:
            self.cloud.delete_server(server_id)
        except base.CloudError as exc:
            LOG.warning('Could not delete builder %s: %s', server_id, exc)

    def _delete_image(self, image_id):
        try:
            self.cloud.delete_image(image_id)
        except base.CloudError as exc:
            LOG.warning('Could not delete snapshot image %s: %s', image_id,
                        exc)
