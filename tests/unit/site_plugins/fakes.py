"""A fake openstacksdk connection: Nova, Glance, Placement in memory.

Servers move one step per look (``get_server``), as a fast real Nova
would: BUILD -> ACTIVE (or ERROR with a fault), and each action passes
through its task state first. Errors are openstacksdk's own exceptions.
"""

import types
import uuid

from keystoneauth1 import exceptions as ks_exceptions
from openstack import exceptions as sdk_exceptions

NO_VALID_HOST = ('No valid host was found. There are not enough hosts '
                 'available.')


def http_error(cls, code, details):
    response = types.SimpleNamespace(status_code=code, headers={})
    return cls(message='%s: %d' % (cls.__name__, code), response=response,
               details=details)


def not_found(what):
    return http_error(sdk_exceptions.NotFoundException, 404,
                      '%s could not be found.' % what)


class FakeResponse(object):
    def __init__(self, body):
        self.status_code = 200
        self.headers = {}
        self._body = body

    def json(self):
        return self._body


class Proxy(object):
    def __init__(self, cloud, service):
        self.cloud = cloud
        self.service = service

    def get_endpoint(self):
        if self.service in self.cloud.missing_endpoints:
            raise sdk_exceptions.EndpointNotFound(
                'No %s endpoint in region' % self.service)
        return 'http://127.0.0.1:9/%s' % self.service


class Compute(Proxy):
    _targets = {'stop': ('powering-off', 'SHUTOFF'),
                'start': ('powering-on', 'ACTIVE'),
                'suspend': ('suspending', 'SUSPENDED'),
                'resume': ('resuming', 'ACTIVE')}
    _allowed = {'stop': ('ACTIVE', 'SUSPENDED', 'ERROR'),
                'start': ('SHUTOFF',), 'suspend': ('ACTIVE',),
                'resume': ('SUSPENDED',)}

    def flavors(self):
        return iter(self.cloud.flavors)

    def find_flavor(self, name_or_id, ignore_missing=True):
        for flavor in self.cloud.flavors:
            if name_or_id in (flavor.id, flavor.name):
                return flavor
        return None

    def create_server(self, **attrs):
        cloud = self.cloud
        cloud.calls.append(('create_server', attrs))
        if len(cloud.servers) >= cloud.quota_instances:
            raise http_error(
                sdk_exceptions.ForbiddenException, 403,
                'Quota exceeded for instances: Requested 1, but already '
                'used %d of %d instances' % (len(cloud.servers),
                                             cloud.quota_instances))
        server = types.SimpleNamespace(
            id=str(uuid.uuid4()), name=attrs['name'], status='BUILD',
            task_state='scheduling', metadata=dict(attrs['metadata']),
            tags=list(attrs.get('tags', [])), fault=None, attrs=attrs,
            pending=None)
        server.pending = 'error' if cloud.no_valid_host else 'boot'
        cloud.servers[server.id] = server
        return server

    def get_server(self, server_id):
        self.cloud.looks += 1
        if self.cloud.unreachable:
            self.cloud.unreachable -= 1
            raise ks_exceptions.ConnectFailure('Unable to establish '
                                               'connection')
        server = self.cloud.servers.get(server_id)
        if server is None:
            raise not_found('Instance %s' % server_id)
        self.cloud.advance(server)
        if server.id not in self.cloud.servers:
            raise not_found('Instance %s' % server_id)
        return server

    def servers(self, details=True, tags=None):
        return [s for s in self.cloud.servers.values()
                if tags is None or tags in s.tags]

    def _action(self, action, server_id):
        self.cloud.calls.append((action, server_id))
        server = self.cloud.servers.get(server_id)
        if server is None:
            raise not_found('Instance %s' % server_id)
        if server.task_state or server.status not in self._allowed[action]:
            raise http_error(
                sdk_exceptions.ConflictException, 409,
                "Cannot '%s' instance %s while it is in vm_state %s"
                % (action, server_id, server.status.lower()))
        server.task_state, server.pending = self._targets[action][0], \
            self._targets[action][1]

    def stop_server(self, server_id):
        self._action('stop', server_id)

    def start_server(self, server_id):
        self._action('start', server_id)

    def suspend_server(self, server_id):
        self._action('suspend', server_id)

    def resume_server(self, server_id):
        self._action('resume', server_id)

    def delete_server(self, server_id, ignore_missing=True):
        self.cloud.calls.append(('delete', server_id))
        server = self.cloud.servers.get(server_id)
        if server is None:
            if ignore_missing:
                return
            raise not_found('Instance %s' % server_id)
        server.task_state, server.pending = 'deleting', 'gone'

    def services(self):
        return iter(self.cloud.services)

    def hypervisors(self, details=True):
        return iter(self.cloud.hypervisors)


class Image(Proxy):
    def images(self):
        return iter(self.cloud.images)

    def get_image(self, image_id):
        for image in self.cloud.images:
            if image.id == image_id:
                return image
        raise not_found('Image %s' % image_id)


class Network(Proxy):
    def find_network(self, name_or_id, ignore_missing=True):
        for network in self.cloud.networks:
            if name_or_id in (network.id, network.name):
                return network
        return None


class Placement(Proxy):
    def get(self, path, microversion=None):
        parts = path.strip('/').split('/')
        if parts == ['resource_providers']:
            return FakeResponse({'resource_providers': [
                {'uuid': rp['uuid'], 'name': rp['name'],
                 'parent_provider_uuid': rp.get('parent')}
                for rp in self.cloud.providers]})
        rp = [p for p in self.cloud.providers if p['uuid'] == parts[1]][0]
        if parts[2] == 'inventories':
            return FakeResponse({'inventories': rp['inventories']})
        if parts[2] == 'usages':
            return FakeResponse({'usages': rp['usages']})
        return FakeResponse({'allocations': {
            str(i): {} for i in range(rp.get('consumers', 0))}})


def flavor(name, vcpus=1, ram=1024, disk=10):
    return types.SimpleNamespace(id=str(uuid.uuid4()), name=name,
                                 vcpus=vcpus, ram=ram, disk=disk)


def image(name, template_type=None, version=None, status='active'):
    properties = {}
    if template_type:
        properties['desktop_template_type'] = template_type
    if version is not None:
        properties['desktop_template_version'] = str(version)
    return types.SimpleNamespace(
        id=str(uuid.uuid4()), name=name, status=status,
        properties=properties, checksum='c' * 32, hash_value='d' * 128)


def inventory(total, reserved=0, ratio=1.0):
    return {'total': total, 'reserved': reserved, 'min_unit': 1,
            'max_unit': total, 'step_size': 1, 'allocation_ratio': ratio}


class FakeCloud(object):
    """What an openstacksdk ``Connection`` offers, for one region."""

    def __init__(self, hosts=('cmp1', 'cmp2')):
        self.compute = Compute(self, 'compute')
        self.image = Image(self, 'image')
        self.network = Network(self, 'network')
        self.placement = Placement(self, 'placement')
        self.flavors = [flavor('desktop.small'), flavor('desktop.large', 4)]
        self.images = [image('tiny'),
                       image('office-1', 'office', 1),
                       image('office-2', 'office', 2),
                       image('office-3', 'office', 3, status='queued')]
        self.networks = [types.SimpleNamespace(id=str(uuid.uuid4()),
                                               name='desktops')]
        self.servers = {}
        self.calls = []
        self.looks = 0
        self.unreachable = 0
        self.no_valid_host = False
        self.quota_instances = 1000
        self.missing_endpoints = set()
        self.services = []
        self.hypervisors = []
        self.providers = []
        for host in hosts:
            self.add_host(host)

    def add_host(self, host, state='up', status='enabled', vcpus=4,
                 memory_mb=8192, disk_gb=80, used=(0, 0, 0), consumers=0):
        node = str(uuid.uuid4())
        self.services.append(types.SimpleNamespace(
            host=host, state=state, status=status, binary='nova-compute'))
        self.hypervisors.append(types.SimpleNamespace(
            id=node, name=host, service_details={'host': host}))
        self.providers.append({
            'uuid': node, 'name': host,
            'inventories': {'VCPU': inventory(vcpus),
                            'MEMORY_MB': inventory(memory_mb),
                            'DISK_GB': inventory(disk_gb)},
            'usages': dict(zip(('VCPU', 'MEMORY_MB', 'DISK_GB'), used)),
            'consumers': consumers})
        return node

    def advance(self, server):
        """One step of Nova's work on ``server``."""
        pending, server.pending = server.pending, None
        if pending == 'boot':
            server.status, server.task_state = 'ACTIVE', None
        elif pending == 'error':
            server.status, server.task_state = 'ERROR', None
            server.fault = {'code': 500, 'message': NO_VALID_HOST,
                            'details': 'Traceback: NoValidHost'}
        elif pending == 'gone':
            del self.servers[server.id]
        elif pending is not None:
            server.status, server.task_state = pending, None

    def action_calls(self):
        return [call[0] for call in self.calls]
