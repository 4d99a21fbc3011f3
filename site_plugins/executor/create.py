"""create: boot a command's desktops, exactly once per command id.

Every server is tagged twice with its command: the metadata
``desktop_command_id`` (and ``desktop_command_index``, 1..count), which is
the contract with central, and the server tag ``desktop-cmd-<id>``, which
lets Nova find them without listing every server. Running the same
command again finds the servers it already made and only waits for them.
"""

import time

from oslo_log import log as logging

from site_plugins.backends import base
from site_plugins.executor import results
from site_plugins.executor import waiter

LOG = logging.getLogger(__name__)

COMMAND_ID = 'desktop_command_id'
COMMAND_INDEX = 'desktop_command_index'
TEMPLATE_TYPE = 'desktop_template_type'
TEMPLATE_VERSION = 'desktop_template_version'
TAG_PREFIX = 'desktop-cmd-'


def command_tag(command_id):
    return TAG_PREFIX + command_id


def template_version(image):
    try:
        return int(image['properties'].get(TEMPLATE_VERSION, 1))
    except (TypeError, ValueError):
        return 1


def find_template(images, template_type):
    """The newest active image of ``template_type``, or ``None``."""
    matching = [image for image in images
                if image['status'] == 'active' and
                image['properties'].get(TEMPLATE_TYPE) == template_type]
    if not matching:
        return None
    return max(matching, key=lambda image: (template_version(image),
                                            image['name'] or ''))


class Create(object):
    """Runs one create command; see the module docstring."""

    def __init__(self, backend, conf, site, stopping=None, templates=None):
        self.backend = backend
        self.conf = conf
        self.site = site
        self.stopping = stopping
        self.templates = templates

    def __call__(self, command):
        params = command['params']
        count = params.get('count', 1)
        flavor = self._flavor(params['flavor'])
        image = self._image(params, command['id'])
        network = self._network(params)
        servers = self._existing(command['id'])
        for index in range(1, count + 1):
            if index not in servers:
                servers[index] = self._boot(command, index, count, flavor,
                                            image, network, servers)
        ids = [servers[index]['id'] for index in sorted(servers)]
        self._wait_all(ids)
        return results.succeeded(
            '%d server(s) ACTIVE at site %s' % (len(ids), self.site), ids)

    def _flavor(self, name_or_id):
        flavor = self.backend.find_flavor(name_or_id)
        if flavor is None:
            raise results.CommandFailed('Flavor %r does not exist at site %s'
                                        % (name_or_id, self.site))
        return flavor

    def _image(self, params, command_id=None):
        if params.get('image'):
            image = self.backend.get_image(params['image'])
            if image is None:
                raise results.CommandFailed(
                    'Image %s does not exist at site %s'
                    % (params['image'], self.site))
            if image['status'] != 'active':
                raise results.CommandFailed('Image %s is %s, not active'
                                            % (image['id'], image['status']))
            return image
        image = find_template(self.backend.images(), params['template_type'])
        if image is None and self.templates is not None:
            # M11: a missing template is built first (and pre-cached).
            image = self.templates.for_create(params['template_type'],
                                              command_id)
        if image is None:
            raise results.CommandFailed(
                'No template of type %r at site %s (no active image with '
                '%s=%s)' % (params['template_type'], self.site,
                            TEMPLATE_TYPE, params['template_type']))
        return image

    def _network(self, params):
        if params.get('network'):
            return params['network']
        name = self.conf.executor.desktop_network
        if not name:
            return None
        network = self.backend.find_network(name)
        if network is None:
            raise results.CommandFailed(
                'Network %r ([executor] desktop_network) does not exist at '
                'site %s' % (name, self.site))
        return network

    def _existing(self, command_id):
        """The servers an earlier run of this command made, by index."""
        found = {}
        for server in self.backend.servers_by_tag(command_tag(command_id)):
            if server['metadata'].get(COMMAND_ID) != command_id:
                continue
            try:
                index = int(server['metadata'].get(COMMAND_INDEX, 1))
            except ValueError:
                index = 1
            found.setdefault(index, server)
        if found:
            LOG.info('Command %s already made %d server(s): %s', command_id,
                     len(found), ', '.join(s['id'] for s in found.values()))
        return found

    def _boot(self, command, index, count, flavor, image, network, made):
        params = command['params']
        name = params['name']
        if count > 1:
            name = '%s-%d' % (name, index)
        metadata = dict(params.get('metadata') or {})
        metadata.update({COMMAND_ID: command['id'],
                         COMMAND_INDEX: str(index),
                         TEMPLATE_TYPE: params['template_type']})
        # Nova drops unknown image properties from the request, so the
        # template type reaches the scheduler's weigher as a hint.
        hints = dict(params.get('scheduler_hints') or {})
        hints[TEMPLATE_TYPE] = params['template_type']
        try:
            server = self.backend.create_server(
                name, flavor['id'], image['id'], network, hints, metadata,
                [command_tag(command['id'])])
        except base.CloudError as exc:
            raise results.CommandFailed(
                'Nova refused server %s: %s' % (name, exc), exc.fault,
                [s['id'] for s in made.values()]) from exc
        LOG.info('Command %s: server %s (%s) requested', command['id'],
                 name, server['id'])
        return server

    def _wait_all(self, ids):
        """Wait for every server, all within one command timeout."""
        failures = []
        deadline = time.monotonic() + self.conf.executor.command_timeout
        for server_id in ids:
            try:
                waiter.wait_for(self.backend, server_id, 'ACTIVE',
                                max(deadline - time.monotonic(), 0),
                                self.conf.executor.poll_interval,
                                self.stopping)
            except results.CommandFailed as exc:
                failures.append(exc)
        if failures:
            first = failures[0]
            message = str(first)
            if len(ids) > 1:
                message = '%d of %d servers failed; first: %s' % (
                    len(failures), len(ids), message)
            raise results.CommandFailed(message, first.fault, ids)
