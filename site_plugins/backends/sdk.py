"""The default back end: the site's Nova, Glance, Placement by openstacksdk.

Hypervisor usage fields left Nova's API in microversion 2.88, so capacity
and usage are read from Placement: inventories, usages and allocations per
resource provider.
"""

import contextlib

from keystoneauth1 import exceptions as ks_exceptions
from keystoneauth1 import loading
import openstack
from openstack import config as sdk_config
from openstack import exceptions as sdk_exceptions
from oslo_log import log as logging

from site_plugins.backends import base
from site_plugins.conf import site
from site_plugins.conf import site_cloud

LOG = logging.getLogger(__name__)

# Placement 1.14 reports parent providers, so only roots (compute nodes)
# are read.
PLACEMENT_VERSION = '1.14'
_UNREACHABLE = (ks_exceptions.ConnectFailure, ks_exceptions.ConnectTimeout,
                ks_exceptions.RetriableConnectionFailure)


def connect(conf):
    """An openstacksdk connection to the site's region."""
    group = conf.site_cloud
    options = {'region_name': site.region(conf),
               'interface': group.interface,
               'connect_retries': group.connect_retries}
    if group.cloud:
        files = [group.clouds_file] if group.clouds_file else None
        cloud = sdk_config.OpenStackConfig(config_files=files).get_one(
            cloud=group.cloud, **options)
        return openstack.connection.Connection(config=cloud)
    auth = loading.load_auth_from_conf_options(conf, site_cloud.GROUP)
    session = loading.load_session_from_conf_options(
        conf, site_cloud.GROUP, auth=auth)
    return openstack.connection.Connection(session=session, **options)


def describe(exc):
    """One line saying what went wrong, in the service's own words."""
    if isinstance(exc, sdk_exceptions.HttpException):
        return exc.details or exc.message or str(exc)
    text = str(exc).strip() or type(exc).__name__
    return text.splitlines()[0]


@contextlib.contextmanager
def translated():
    """Turn client errors into ``base.CloudError`` and its kinds."""
    try:
        yield
    except base.CloudError:
        raise
    except sdk_exceptions.NotFoundException as exc:
        raise base.NotFound(describe(exc)) from exc
    except sdk_exceptions.ConflictException as exc:
        raise base.Conflict(describe(exc), _http_fault(exc)) from exc
    except sdk_exceptions.HttpException as exc:
        raise base.CloudError(describe(exc), _http_fault(exc)) from exc
    except _UNREACHABLE as exc:
        raise base.Unavailable(describe(exc)) from exc
    except (sdk_exceptions.SDKException, ks_exceptions.ClientException) as exc:
        raise base.CloudError(describe(exc)) from exc


def _http_fault(exc):
    return {'code': exc.status_code or 0, 'message': describe(exc)}


def _fault(fault):
    if not fault:
        return None
    result = {'code': fault.get('code') or 0,
              'message': fault.get('message') or 'unknown fault'}
    if fault.get('details'):
        result['details'] = fault['details']
    return result


def _server(server):
    return {'id': server.id, 'name': server.name, 'status': server.status,
            'task_state': server.task_state,
            'metadata': dict(server.metadata or {}),
            'fault': _fault(server.fault)}


def _image(image):
    return {'id': image.id, 'name': image.name, 'status': image.status,
            'properties': dict(image.properties or {}),
            'checksum': image.hash_value or image.checksum}


class OpenStackSDKBackend(base.CloudBackend):
    """The site cloud through one openstacksdk connection."""

    _actions = {'stop': 'stop_server', 'start': 'start_server',
                'suspend': 'suspend_server', 'resume': 'resume_server'}

    def __init__(self, conf, connection=None):
        super().__init__(conf)
        if connection is None:
            with translated():
                connection = connect(conf)
        self.conn = connection

    def check(self):
        region = site.region(self.conf)
        for service in ('compute', 'image', 'placement'):
            try:
                with translated():
                    endpoint = getattr(self.conn, service).get_endpoint()
            except base.CloudError as exc:
                raise base.CloudError('cannot use the %s service of region '
                                      '%s: %s' % (service, region, exc))
            if not endpoint:
                raise base.CloudError('region %s has no %s endpoint'
                                      % (region, service))
        try:
            with translated():
                next(iter(self.conn.compute.flavors()), None)
        except base.CloudError as exc:
            raise base.CloudError('cannot reach the compute service of '
                                  'region %s: %s' % (region, exc))

    def find_flavor(self, name_or_id):
        with translated():
            flavor = self.conn.compute.find_flavor(name_or_id,
                                                   ignore_missing=True)
        return flavor and {'id': flavor.id, 'name': flavor.name}

    def flavors(self):
        with translated():
            return [{'id': f.id, 'name': f.name, 'vcpus': f.vcpus,
                     'ram': f.ram, 'disk': f.disk}
                    for f in self.conn.compute.flavors()]

    def get_image(self, image_id):
        with translated():
            try:
                return _image(self.conn.image.get_image(image_id))
            except sdk_exceptions.NotFoundException:
                return None

    def images(self):
        with translated():
            return [_image(image) for image in self.conn.image.images()]

    def find_network(self, name_or_id):
        with translated():
            network = self.conn.network.find_network(name_or_id,
                                                     ignore_missing=True)
        return network and network.id

    def servers_by_tag(self, tag):
        with translated():
            return [_server(s) for s in
                    self.conn.compute.servers(details=True, tags=tag)]

    def create_server(self, name, flavor_id, image_id, network_id,
                      scheduler_hints, metadata, tags):
        attrs = {'name': name, 'flavor_id': flavor_id, 'image_id': image_id,
                 'networks': ([{'uuid': network_id}] if network_id
                              else 'none'),
                 'metadata': metadata, 'tags': list(tags)}
        if scheduler_hints:
            attrs['scheduler_hints'] = scheduler_hints
        with translated():
            return _server(self.conn.compute.create_server(**attrs))

    def get_server(self, server_id):
        with translated():
            try:
                return _server(self.conn.compute.get_server(server_id))
            except sdk_exceptions.NotFoundException:
                return None

    def server_action(self, server_id, action):
        with translated():
            if action == 'delete':
                self.conn.compute.delete_server(server_id,
                                                ignore_missing=False)
            else:
                getattr(self.conn.compute, self._actions[action])(server_id)

    def compute_services(self):
        with translated():
            return [{'host': s.host, 'state': s.state, 'status': s.status}
                    for s in self.conn.compute.services()
                    if s.binary == 'nova-compute']

    def compute_nodes(self):
        with translated():
            return [{'id': h.id, 'name': h.name,
                     'host': (h.service_details or {}).get('host')}
                    for h in self.conn.compute.hypervisors(details=True)]

    def _placement(self, path):
        with translated():
            response = self.conn.placement.get(
                path, microversion=PLACEMENT_VERSION)
            sdk_exceptions.raise_from_response(response)
            return response.json()

    def resource_providers(self):
        providers = []
        for rp in self._placement('/resource_providers')[
                'resource_providers']:
            if rp.get('parent_provider_uuid') not in (None, rp['uuid']):
                continue
            path = '/resource_providers/%s' % rp['uuid']
            providers.append({
                'uuid': rp['uuid'], 'name': rp['name'],
                'inventories': self._placement(
                    path + '/inventories')['inventories'],
                'usages': self._placement(path + '/usages')['usages'],
                'consumers': len(self._placement(
                    path + '/allocations')['allocations']),
            })
        return providers
