"""An in-memory site cloud: hosts, flavors, template images and servers.

``VirtualCompute`` is a ``CloudBackend``, so the site agent's own
executor (``site_plugins.executor``) runs commands against it unchanged:
creates are found again by their command tag, a server already in the
asked-for state counts as done, a delete of a server that is gone
succeeds. Servers go through Nova's states with a ``latency``: an
operation sets a task and reaches its status ``latency`` seconds later,
or ERROR (with a fault) for a ``failure_rate`` share of operations. Time
is read when a server is looked at, so a virtual site costs nothing
between two looks. A server holds its flavor's resources on one host
from its create until it is deleted; a create with no host that fits
goes to ERROR as in Nova ("No valid host was found").

``VirtualTemplates`` stands in for the template manager: a create or
``build_template`` of a type the site lacks makes its image at once.
"""

import hashlib
import threading
import time
import uuid

from site_plugins.backends import base
from site_plugins.executor import create as create_mod

# The status each action ends in, the state it needs first and its task.
ACTIONS = {
    'stop': ('SHUTOFF', ('ACTIVE', 'ERROR'), 'powering-off'),
    'start': ('ACTIVE', ('SHUTOFF',), 'powering-on'),
    'suspend': ('SUSPENDED', ('ACTIVE',), 'suspending'),
    'resume': ('ACTIVE', ('SUSPENDED',), 'resuming'),
    'delete': (None, None, 'deleting'),
}
RESOURCES = ('VCPU', 'MEMORY_MB', 'DISK_GB')
# Background disk use of a changed host moves within this share of it.
NOISE_SHARE = 0.05
FAULT_CODE = 500
NAMESPACE = uuid.UUID('5b3f8f52-6a55-4d0e-9c2f-2f7a3c1d9e41')


def stable_id(*parts):
    """A UUID that the same parts always give (hosts, images)."""
    return str(uuid.uuid5(NAMESPACE, '/'.join(str(p) for p in parts)))


class Host(object):
    __slots__ = ('name', 'uuid', 'capacity', 'used', 'noise', 'state',
                 'servers')

    def __init__(self, site, name, vcpus, ram_mb, disk_gb):
        self.name = name
        self.uuid = stable_id(site, name)
        self.capacity = (vcpus, ram_mb, disk_gb)
        self.used = [0, 0, 0]
        self.noise = 0  # background disk use, in GB
        self.state = 'up'
        self.servers = 0

    def fits(self, need):
        free = (self.capacity[0] - self.used[0],
                self.capacity[1] - self.used[1],
                self.capacity[2] - self.used[2] - self.noise)
        return all(n <= f for n, f in zip(need, free))

    def take(self, need, sign=1):
        for i, amount in enumerate(need):
            self.used[i] += sign * amount
        self.servers += sign


class VirtualCompute(base.CloudBackend):
    """One virtual site's cloud; thread-safe.

    ``hosts``: ``[(name, vcpus, ram_mb, disk_gb)]``; ``flavors``: flavor
    dicts (``id``, ``name``, ``vcpus``, ``ram``, ``disk``); ``rng``: a
    ``random.Random`` (failures, churn); ``clock``: monotonic seconds.
    """

    def __init__(self, site, hosts, flavors, template_types, latency=0.0,
                 failure_rate=0.0, rng=None, clock=time.monotonic):
        super().__init__(None)
        self.site = site
        self.hosts = [Host(site, *spec) for spec in hosts]
        self._flavors = list(flavors)
        self.latency = latency
        self.failure_rate = failure_rate
        self._rng = rng
        self._clock = clock
        self._lock = threading.Lock()
        self._servers = {}
        self._images = {}
        for template_type in template_types:
            self.ensure_template(template_type)

    # Images and templates.

    def ensure_template(self, template_type, version=1):
        """The active image of ``template_type``, made if missing."""
        with self._lock:
            image = self._images.get(template_type)
            if image is None or \
                    create_mod.template_version(image) < version:
                name = 'template-%s-v%d' % (template_type, version)
                image = {
                    'id': stable_id(self.site, name), 'name': name,
                    'status': 'active', 'checksum': hashlib.md5(
                        name.encode(), usedforsecurity=False).hexdigest(),
                    'properties': {
                        create_mod.TEMPLATE_TYPE: template_type,
                        create_mod.TEMPLATE_VERSION: str(version)}}
                self._images[template_type] = image
            return dict(image)

    def templates(self):
        """The report's ``templates`` section."""
        with self._lock:
            images = list(self._images.values())
        return [{'type': image['properties'][create_mod.TEMPLATE_TYPE],
                 'version': create_mod.template_version(image),
                 'image_id': image['id'], 'checksum': image['checksum']}
                for image in sorted(images, key=lambda i: i['name'])]

    # CloudBackend: lookups.

    def check(self):
        return None

    def find_flavor(self, name_or_id):
        for flavor in self._flavors:
            if name_or_id in (flavor['id'], flavor['name']):
                return dict(flavor)
        return None

    def flavors(self):
        return [dict(flavor) for flavor in self._flavors]

    def get_image(self, image_id):
        for image in self.images():
            if image['id'] == image_id:
                return image
        return None

    def images(self):
        with self._lock:
            return [dict(image) for image in self._images.values()]

    def find_network(self, name_or_id):
        return name_or_id

    # CloudBackend: servers.

    def _decide_failure(self):
        if not self.failure_rate or self._rng is None:
            return False
        return self._rng.random() < self.failure_rate

    def create_server(self, name, flavor_id, image_id, network_id,
                      scheduler_hints, metadata, tags):
        flavor = self.find_flavor(flavor_id)
        if flavor is None:
            raise base.NotFound('Flavor %s could not be found.' % flavor_id)
        if self.get_image(image_id) is None:
            raise base.NotFound('Image %s could not be found.' % image_id)
        need = (flavor['vcpus'], flavor['ram'], flavor['disk'])
        server = {'id': str(uuid.uuid4()), 'name': name, 'status': 'BUILD',
                  'task_state': 'spawning', 'metadata': dict(metadata),
                  'tags': list(tags), 'fault': None, 'host': None,
                  'need': need, 'pending': None, 'spawned': False}
        with self._lock:
            host = next((h for h in self.hosts
                         if h.state == 'up' and h.fits(need)), None)
            if host is None:
                server.update(status='ERROR', task_state=None, fault={
                    'code': FAULT_CODE, 'message': 'No valid host was '
                    'found. There are not enough hosts available.'})
            else:
                host.take(need)
                server['host'] = host
                server['pending'] = ('ACTIVE', self._clock() + self.latency,
                                     self._decide_failure())
            self._servers[server['id']] = server
            return self._view(server)

    def get_server(self, server_id):
        with self._lock:
            server = self._servers.get(server_id)
            if server is not None:
                server = self._settle(server)
            return None if server is None else self._view(server)

    def servers_by_tag(self, tag):
        with self._lock:
            found = [self._settle(s) for s in list(self._servers.values())
                     if tag in s['tags']]
            return [self._view(s) for s in found if s is not None]

    def server_action(self, server_id, action):
        target, allowed, task = ACTIONS[action]
        with self._lock:
            server = self._servers.get(server_id)
            if server is not None:
                server = self._settle(server)
            if server is None:
                raise base.NotFound('Instance %s could not be found.'
                                    % server_id)
            if server['task_state'] and action != 'delete':
                raise base.Conflict(
                    "Cannot '%s' instance %s while it is in task_state %s"
                    % (action, server_id, server['task_state']))
            if allowed is not None and server['status'] not in allowed:
                raise base.Conflict(
                    "Cannot '%s' instance %s while it is in vm_state %s"
                    % (action, server_id, server['status'].lower()))
            server['task_state'] = task
            server['pending'] = (target, self._clock() + self.latency,
                                 self._decide_failure())

    def _settle(self, server):
        """Apply a finished operation; None once the server is gone."""
        pending = server['pending']
        if pending is None or self._clock() < pending[1]:
            return server
        target, _ready_at, failed = pending
        server['pending'] = None
        server['task_state'] = None
        if failed:
            server['status'] = 'ERROR'
            server['fault'] = {'code': FAULT_CODE,
                               'message': 'Simulated failure'}
            if not server['spawned']:
                self._release(server)  # a failed build holds nothing
            return server
        server['spawned'] = True
        if target is None:
            self._release(server)
            del self._servers[server['id']]
            return None
        server['status'] = target
        return server

    def _release(self, server):
        if server['host'] is not None:
            server['host'].take(server['need'], -1)
            server['host'] = None

    @staticmethod
    def _view(server):
        host = server['host']
        return {'id': server['id'], 'name': server['name'],
                'status': server['status'],
                'task_state': server['task_state'],
                'metadata': dict(server['metadata']),
                'fault': dict(server['fault']) if server['fault'] else None,
                'host': host.name if host is not None else None}

    # Counting (the control interface, tests).

    def server_counts(self):
        """``{'servers': n, 'by_status': {...}, 'by_command': {id: n}}``."""
        by_status, by_command = {}, {}
        with self._lock:
            servers = [s for s in (self._settle(s) for s in
                                   list(self._servers.values()))
                       if s is not None]
        for server in servers:
            by_status[server['status']] = by_status.get(
                server['status'], 0) + 1
            command_id = server['metadata'].get(create_mod.COMMAND_ID)
            if command_id:
                by_command[command_id] = by_command.get(command_id, 0) + 1
        return {'servers': len(servers), 'by_status': by_status,
                'by_command': by_command}

    # What the site's monitors read.

    def churn(self, share):
        """Change the background disk use of ``share`` of the hosts."""
        if not share or self._rng is None:
            return 0
        count = min(len(self.hosts), max(1, round(share * len(self.hosts))))
        with self._lock:
            for host in self._rng.sample(self.hosts, count):
                ceiling = max(int(host.capacity[2] * NOISE_SHARE), 1)
                old = host.noise
                while host.noise == old:
                    host.noise = self._rng.randint(0, ceiling)
        return count

    def compute_services(self):
        return [{'host': h.name, 'state': h.state, 'status': 'enabled'}
                for h in self.hosts]

    def compute_nodes(self):
        return [{'id': h.uuid, 'name': h.name, 'host': h.name}
                for h in self.hosts]

    def resource_providers(self):
        with self._lock:
            return [{
                'uuid': h.uuid, 'name': h.name,
                'inventories': {
                    rc: {'total': total, 'reserved': 0,
                         'allocation_ratio': 1.0}
                    for rc, total in zip(RESOURCES, h.capacity)},
                'usages': {'VCPU': h.used[0], 'MEMORY_MB': h.used[1],
                           'DISK_GB': h.used[2] + h.noise},
                'consumers': h.servers} for h in self.hosts]


class VirtualTemplates(object):
    """What the executor asks of a template manager, made up at once."""

    def __init__(self, compute):
        self.compute = compute

    def for_create(self, template_type, command_id=None):
        return self.compute.ensure_template(template_type)

    def build_command(self, command):
        spec = command['params']
        image = self.compute.ensure_template(spec['template_type'],
                                             spec['version'])
        info = {'type': spec['template_type'],
                'version': create_mod.template_version(image),
                'image_id': image['id'], 'checksum': image['checksum']}
        base_checksum = (spec.get('base_image') or {}).get('checksum')
        if base_checksum:
            info['base_checksum'] = base_checksum
        return {'message': 'Template %s version %d at the site as image %s'
                % (info['type'], info['version'], image['id']),
                'template': info}
