"""Fakes of the site's and central's clouds for the template tests."""

import hashlib
import itertools
import uuid

from site_plugins.backends import base

_ids = itertools.count(1)


def new_id():
    return str(uuid.UUID(int=next(_ids)))


def sha512(data):
    return hashlib.sha512(data).hexdigest()


def image(name, data=b'', status='active', **properties):
    return {'id': new_id(), 'name': name, 'status': status,
            'checksum': sha512(data) if status == 'active' else None,
            'md5': hashlib.md5(data).hexdigest(), 'size': len(data),
            'disk_format': 'raw', 'container_format': 'bare',
            'min_disk': 0, 'min_ram': 0, 'properties': dict(properties),
            'data': data}


class FakeSiteCloud(object):
    """The ``cloud.SiteCloud`` calls, in memory.

    ``builder_status`` is the status a builder server reaches (ERROR
    with ``builder_fault``); ``snapshot_status`` the status a snapshot
    ends in.
    """

    def __init__(self):
        self.images_by_id = {}
        self.servers = {}
        self.aggregates = {}
        self.hosts = ['cmp1', 'cmp2']
        self.methods = ['glance-direct', 'web-download', 'copy-image']
        self.flavor_list = [
            {'id': 'f2', 'name': 'medium', 'vcpus': 2, 'ram': 2048,
             'disk': 20},
            {'id': 'f1', 'name': 'small', 'vcpus': 1, 'ram': 1024,
             'disk': 10}]
        self.builder_status = 'ACTIVE'
        self.builder_fault = None
        self.snapshot_status = 'active'
        self.calls = []
        self.fail = {}

    def _maybe_fail(self, name):
        if name in self.fail:
            raise self.fail[name]

    def add(self, img):
        self.images_by_id[img['id']] = img
        return img

    # Glance.

    def images(self, filters):
        self.calls.append(('images', dict(filters)))
        self._maybe_fail('images')
        found = []
        for img in self.images_by_id.values():
            ok = True
            for key, value in filters.items():
                if key == 'status':
                    ok = ok and img['status'] == value
                elif key == 'os_hash_value':
                    ok = ok and img['checksum'] == value
                elif key == 'checksum':
                    ok = ok and img['md5'] == value
                else:
                    ok = ok and img['properties'].get(key) == value
            if ok:
                found.append(dict(img))
        return found

    def get_image(self, image_id):
        img = self.images_by_id.get(image_id)
        return dict(img) if img else None

    def create_image(self, values):
        self._maybe_fail('create_image')
        props = {k: v for k, v in values.items()
                 if k not in ('name', 'disk_format', 'container_format',
                              'min_disk', 'min_ram')}
        img = image(values['name'], status='queued', **props)
        return dict(self.add(img))

    def upload(self, image_id, stream):
        self.calls.append(('upload', image_id))
        self._maybe_fail('upload')
        data = stream.read()
        img = self.images_by_id[image_id]
        img.update(data=data, size=len(data), checksum=sha512(data),
                   md5=hashlib.md5(data).hexdigest(), status='active')

    def import_methods(self):
        return list(self.methods)

    def glance_download(self, image_id, source_id, region, interface):
        self.calls.append(('glance_download', image_id, source_id, region))
        self.on_glance_download(image_id, source_id)

    def on_glance_download(self, image_id, source_id):
        pass

    def delete_image(self, image_id):
        self.calls.append(('delete_image', image_id))
        self.images_by_id.pop(image_id, None)

    # Nova.

    def flavors(self):
        return list(self.flavor_list)

    def find_network(self, name_or_id):
        return 'net-1' if name_or_id == 'build-net' else None

    def create_server(self, name, flavor_id, image_id, network_id,
                      user_data, metadata, tags):
        self._maybe_fail('create_server')
        server = {'id': new_id(), 'name': name, 'status': 'BUILD',
                  'task_state': None, 'metadata': dict(metadata),
                  'fault': None, 'flavor_id': flavor_id,
                  'image_id': image_id, 'network_id': network_id,
                  'user_data': user_data, 'tags': list(tags)}
        self.servers[server['id']] = server
        self.calls.append(('create_server', server['id']))
        return dict(server)

    def get_server(self, server_id):
        server = self.servers.get(server_id)
        if server is None:
            return None
        if server['status'] == 'BUILD':
            server['status'] = self.builder_status
            if self.builder_status == 'ERROR':
                server['fault'] = self.builder_fault
        return dict(server)

    def servers_by_tag(self, tag):
        return [dict(s) for s in self.servers.values() if tag in s['tags']]

    def delete_server(self, server_id):
        self.calls.append(('delete_server', server_id))
        self.servers.pop(server_id, None)

    def snapshot(self, server_id, name, properties):
        self._maybe_fail('snapshot')
        server = self.servers[server_id]
        base_image = self.images_by_id[server['image_id']]
        data = base_image['data'] + server['user_data']
        img = image(name, data, status=self.snapshot_status, **properties)
        self.add(img)
        self.calls.append(('snapshot', server_id, img['id']))
        return img['id']

    def compute_hosts(self):
        return list(self.hosts)

    def find_aggregate(self, name):
        found = self.aggregates.get(name)
        return dict(found, metadata=dict(found['metadata'])) if found \
            else None

    def create_aggregate(self, name, hosts):
        self._maybe_fail('create_aggregate')
        self.aggregates[name] = {'id': len(self.aggregates) + 1,
                                 'name': name, 'hosts': list(hosts),
                                 'metadata': {}}
        return self.find_aggregate(name)

    def set_aggregate_metadata(self, aggregate_id, metadata):
        for aggregate in self.aggregates.values():
            if aggregate['id'] == aggregate_id:
                aggregate['metadata'].update(metadata)
                return dict(aggregate, metadata=dict(aggregate['metadata']))
        raise base.NotFound('aggregate %s' % aggregate_id)

    def precache(self, aggregate_id, image_ids):
        self._maybe_fail('precache')
        self.calls.append(('precache', aggregate_id, list(image_ids)))


class FakeCentral(object):
    """The ``cloud.CentralCloud`` calls; counts like the real one."""

    region = 'Central'
    interface = 'public'

    def __init__(self, counter):
        self.counter = counter
        self.images_by_id = {}
        self.blobs = {}
        self.documents = {}
        self.chunk = 1000
        self.calls = []

    def add(self, img):
        self.images_by_id[img['id']] = img
        return img

    def get_image(self, image_id):
        self.calls.append(('get_image', image_id))
        img = self.images_by_id.get(image_id)
        return dict(img) if img else None

    def images_by_checksum(self, checksum):
        return [dict(i) for i in self.images_by_id.values()
                if checksum in (i['checksum'], i['md5'])]

    def image_chunks(self, image_id):
        data = self.images_by_id[image_id]['data']
        return (data[i:i + self.chunk]
                for i in range(0, len(data), self.chunk))

    def api_get(self, path, params=None):
        self.calls.append(('api_get', path, params))
        key = path if not params else (path, tuple(sorted(params.items())))
        return self.documents.get(key)

    def blob_chunks(self, sha256):
        self.calls.append(('blob', sha256))
        if sha256 not in self.blobs:
            return None
        data = self.blobs[sha256]
        return iter([data[:5], data[5:]])
