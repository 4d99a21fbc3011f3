"""The Glance, Nova and central API calls of template builds.

``SiteCloud`` works in the site's region; ``CentralCloud`` reads
central's Glance and REST API with the same credentials, counting every
byte it receives in the WAN counter. Images and servers travel as plain
dicts (``id``, ``name``, ``status``, ``properties``...); errors are the
back end's ``CloudError`` kinds.
"""

import base64
import threading

from keystoneauth1 import adapter
import openstack
from openstack import exceptions as sdk_exceptions
from oslo_log import log as logging

from site_plugins.backends import base
from site_plugins.backends import sdk

LOG = logging.getLogger(__name__)

# Nova's aggregate image pre-caching.
PRECACHE_MICROVERSION = '2.81'
# Image fields that are not properties.
_IMAGE_FIELDS = frozenset((
    'id', 'name', 'status', 'visibility', 'protected', 'checksum',
    'os_hash_algo', 'os_hash_value', 'size', 'virtual_size', 'disk_format',
    'container_format', 'min_disk', 'min_ram', 'owner', 'created_at',
    'updated_at', 'tags', 'file', 'schema', 'self', 'direct_url',
    'locations', 'os_hidden', 'stores'))
PAGE = 200


def image_dict(raw):
    """A Glance v2 image document as the dict the builds use."""
    return {'id': raw['id'], 'name': raw.get('name'),
            'status': raw.get('status'),
            'checksum': raw.get('os_hash_value') or raw.get('checksum'),
            'md5': raw.get('checksum'), 'size': raw.get('size'),
            'disk_format': raw.get('disk_format'),
            'container_format': raw.get('container_format'),
            'min_disk': raw.get('min_disk') or 0,
            'min_ram': raw.get('min_ram') or 0,
            'properties': {k: v for k, v in raw.items()
                           if k not in _IMAGE_FIELDS}}


def checksum_filter(checksum):
    """The Glance list filter that finds images with ``checksum``."""
    if len(checksum) == 32:
        return {'checksum': checksum}
    return {'os_hash_value': checksum}


def _server(server):
    fault = server.fault or None
    return {'id': server.id, 'name': server.name, 'status': server.status,
            'task_state': server.task_state,
            'metadata': dict(server.metadata or {}),
            'fault': fault and {'code': fault.get('code') or 0,
                                'message': fault.get('message') or
                                'unknown fault'}}


def _json(response):
    sdk_exceptions.raise_from_response(response)
    return response.json() if response.content else {}


class SizedStream(object):
    """A file-like view of an iterator of chunks with a known size."""

    def __init__(self, chunks, size, on_chunk=None):
        self._chunks = iter(chunks)
        self._size = size
        self._buffer = b''
        self._on_chunk = on_chunk or (lambda count: None)

    def __len__(self):
        return self._size

    def read(self, count=-1):
        while count < 0 or len(self._buffer) < count:
            try:
                chunk = next(self._chunks)
            except StopIteration:
                break
            self._on_chunk(len(chunk))
            self._buffer += chunk
        if count < 0:
            data, self._buffer = self._buffer, b''
        else:
            data, self._buffer = self._buffer[:count], self._buffer[count:]
        return data


class Lazy(object):
    """A value made on first use (connections: no network at start)."""

    def __init__(self, make):
        self._make = make
        self._value = None
        self._lock = threading.Lock()

    def get(self):
        with self._lock:
            if self._value is None:
                self._value = self._make()
            return self._value


class SiteCloud(object):
    """Glance and Nova of the site's region.

    ``conn``: an openstacksdk connection, or a ``Lazy`` one.
    """

    def __init__(self, conn):
        self._conn = conn if isinstance(conn, Lazy) else Lazy(lambda: conn)

    @property
    def conn(self):
        return self._conn.get()

    # Glance.

    def images(self, filters):
        """Images matching Glance list ``filters`` (properties too)."""
        found, params = [], dict(filters, limit=PAGE)
        path = '/images'
        with sdk.translated():
            while path:
                body = _json(self.conn.image.get(path, params=params))
                found.extend(image_dict(raw) for raw in body['images'])
                path = body.get('next')
                if path and path.startswith('/v2'):
                    path = path[len('/v2'):]
                params = None
        return found

    def get_image(self, image_id):
        with sdk.translated():
            response = self.conn.image.get('/images/%s' % image_id)
            if response.status_code == 404:
                return None
            return image_dict(_json(response))

    def create_image(self, values):
        with sdk.translated():
            return image_dict(_json(self.conn.image.post('/images',
                                                         json=values)))

    def upload(self, image_id, stream):
        with sdk.translated():
            _json(self.conn.image.put(
                '/images/%s/file' % image_id, data=stream,
                headers={'Content-Type': 'application/octet-stream'}))

    def import_methods(self):
        with sdk.translated():
            body = _json(self.conn.image.get('/info/import'))
        return list(body.get('import-methods', {}).get('value', []))

    def glance_download(self, image_id, source_id, source_region,
                        interface):
        with sdk.translated():
            _json(self.conn.image.post(
                '/images/%s/import' % image_id, json={'method': {
                    'name': 'glance-download',
                    'glance_image_id': source_id,
                    'glance_region': source_region,
                    'glance_service_interface': interface}}))

    def delete_image(self, image_id):
        with sdk.translated():
            response = self.conn.image.delete('/images/%s' % image_id)
            if response.status_code != 404:
                _json(response)

    # Nova.

    def flavors(self):
        with sdk.translated():
            return [{'id': f.id, 'name': f.name, 'vcpus': f.vcpus,
                     'ram': f.ram, 'disk': f.disk}
                    for f in self.conn.compute.flavors(details=True)]

    def find_network(self, name_or_id):
        with sdk.translated():
            network = self.conn.network.find_network(name_or_id,
                                                     ignore_missing=True)
        return network and network.id

    def create_server(self, name, flavor_id, image_id, network_id,
                      user_data, metadata, tags):
        attrs = {'name': name, 'flavor_id': flavor_id, 'image_id': image_id,
                 'networks': ([{'uuid': network_id}] if network_id
                              else 'none'),
                 'metadata': metadata, 'tags': list(tags),
                 'user_data': base64.b64encode(user_data).decode('ascii')}
        with sdk.translated():
            return _server(self.conn.compute.create_server(**attrs))

    def get_server(self, server_id):
        with sdk.translated():
            try:
                return _server(self.conn.compute.get_server(server_id))
            except sdk_exceptions.NotFoundException:
                return None

    def servers_by_tag(self, tag):
        with sdk.translated():
            return [_server(s) for s in
                    self.conn.compute.servers(details=True, tags=tag)]

    def delete_server(self, server_id):
        with sdk.translated():
            self.conn.compute.delete_server(server_id, ignore_missing=True)

    def snapshot(self, server_id, name, properties):
        """Ask Nova for a snapshot image of the server; its id."""
        with sdk.translated():
            server = self.conn.compute.get_server(server_id)
            return server.create_image(self.conn.compute, name, properties)

    def compute_hosts(self):
        with sdk.translated():
            return sorted(s.host for s in self.conn.compute.services()
                          if s.binary == 'nova-compute')

    def find_aggregate(self, name):
        with sdk.translated():
            for aggregate in self.conn.compute.aggregates():
                if aggregate.name == name:
                    return _aggregate(aggregate)
        return None

    def create_aggregate(self, name, hosts):
        with sdk.translated():
            aggregate = self.conn.compute.create_aggregate(name=name)
            for host in hosts:
                aggregate = self.conn.compute.add_host_to_aggregate(
                    aggregate, host)
            return _aggregate(aggregate)

    def set_aggregate_metadata(self, aggregate_id, metadata):
        with sdk.translated():
            return _aggregate(self.conn.compute.set_aggregate_metadata(
                aggregate_id, metadata))

    def precache(self, aggregate_id, image_ids):
        """Nova caches the images on the aggregate's hosts (2.81)."""
        with sdk.translated():
            _json(self.conn.compute.post(
                '/os-aggregates/%s/images' % aggregate_id,
                json={'cache': [{'id': i} for i in image_ids]},
                microversion=PRECACHE_MICROVERSION))


def _aggregate(aggregate):
    return {'id': aggregate.id, 'name': aggregate.name,
            'hosts': list(aggregate.hosts or []),
            'metadata': dict(aggregate.metadata or {})}


class CentralCloud(object):
    """Central's Glance and REST API; what they send is counted."""

    API_SERVICE_TYPE = 'desktop-federation'
    CHUNK = 1024 * 1024

    def __init__(self, session, region, interface, counter):
        """``session``: a keystoneauth session, or a ``Lazy`` one."""
        self.region = region
        self.interface = interface
        self.counter = counter
        lazy = session if isinstance(session, Lazy) else Lazy(
            lambda: session)
        self._conn = Lazy(lambda: openstack.connection.Connection(
            session=lazy.get(), region_name=region, interface=interface))
        self._api = Lazy(lambda: adapter.Adapter(
            session=lazy.get(), service_type=self.API_SERVICE_TYPE,
            interface=interface, region_name=region))

    @property
    def conn(self):
        return self._conn.get()

    @property
    def api(self):
        return self._api.get()

    def _counted(self, response, kind):
        self.counter.add(kind, len(response.content or b''))
        return response

    def get_image(self, image_id):
        with sdk.translated():
            response = self._counted(
                self.conn.image.get('/images/%s' % image_id), 'image_data')
            if response.status_code == 404:
                return None
            return image_dict(_json(response))

    def images_by_checksum(self, checksum):
        with sdk.translated():
            body = _json(self._counted(self.conn.image.get(
                '/images', params=dict(checksum_filter(checksum),
                                       status='active')), 'image_data'))
        return [image_dict(raw) for raw in body['images']]

    def image_chunks(self, image_id):
        """The image's bytes, a chunk at a time (not counted here)."""
        with sdk.translated():
            response = self.conn.image.get('/images/%s/file' % image_id,
                                           stream=True)
            sdk_exceptions.raise_from_response(response)
        return response.iter_content(self.CHUNK)

    def api_get(self, path, params=None):
        """A JSON document of central's REST API; None on 404."""
        with sdk.translated():
            response = self.api.get(path, params=params, raise_exc=False)
            self.counter.add('rpc', len(response.content or b''))
            if response.status_code == 404:
                return None
            if response.status_code >= 400:
                raise base.CloudError(
                    "central's API answered %d to GET %s: %s"
                    % (response.status_code, path, _api_error(response)),
                    {'code': response.status_code,
                     'message': _api_error(response)})
            return response.json()

    def blob_chunks(self, sha256):
        """The bytes of a bundle file by its digest (None: not stored)."""
        with sdk.translated():
            response = self.api.get('/v1/blobs/%s' % sha256, stream=True,
                                    raise_exc=False)
        if response.status_code == 404:
            return None
        if response.status_code >= 400:
            raise base.CloudError(
                "central's API answered %d to GET /v1/blobs/%s: %s"
                % (response.status_code, sha256, _api_error(response)))
        return response.iter_content(self.CHUNK)


def _api_error(response):
    try:
        return response.json()['error']['message']
    except Exception:
        return (response.text or '')[:200]
