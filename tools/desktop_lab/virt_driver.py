"""The lab's virt driver: nova's fake driver with small, real-ish hosts.

Loaded by nova-compute as ``compute_driver = desktop_lab.LabDriver`` (the lab
links this module into ``nova.virt``). On top of nova's
``FakeDriverWithoutFakeNodes`` (stable node identity across restarts) it:

* takes its capacity from ``[desktop_lab]`` options, so hosts can be small;
* implements ``cache_image`` by really downloading the image into the
  host's cache directory (nova aggregate image pre-caching, API 2.81);
* uploads real bytes on ``snapshot``: the base image's bytes followed by the
  server's user data, so a template built by snapshot is a real image.
"""

import hashlib
import io
import json
import os

from oslo_config import cfg
from oslo_log import log as logging

from nova import exception
from nova.image import glance
from nova.virt import fake

LOG = logging.getLogger(__name__)
CONF = cfg.CONF

opts = [
    cfg.IntOpt('vcpus', default=4, min=1, help='vCPUs of this fake host.'),
    cfg.IntOpt('memory_mb', default=8192, min=1,
               help='Memory of this fake host, in MiB.'),
    cfg.IntOpt('disk_gb', default=80, min=1,
               help='Local disk of this fake host, in GiB.'),
    cfg.IntOpt('max_snapshot_base_mb', default=256, min=0,
               help='Largest base image copied into a snapshot, in MiB.'),
]
CONF.register_opts(opts, group='desktop_lab')

MAGIC = b'DESKTOP-LAB-DISK\n'


class LabDriver(fake.FakeDriverWithoutFakeNodes):
    """Fake hypervisor with configurable capacity, caching and snapshots."""

    def __init__(self, virtapi, read_only=False):
        self.vcpus = CONF.desktop_lab.vcpus
        self.memory_mb = CONF.desktop_lab.memory_mb
        self.local_gb = CONF.desktop_lab.disk_gb
        super().__init__(virtapi, read_only)
        self._image_api = glance.API()
        LOG.info('desktop lab driver: %d vCPU, %d MiB, %d GiB',
                 self.vcpus, self.memory_mb, self.local_gb)

    @property
    def _cache_dir(self):
        path = os.path.join(CONF.state_path, 'desktop_lab_cache')
        os.makedirs(path, exist_ok=True)
        return path

    def cache_image(self, context, image_id):
        path = os.path.join(self._cache_dir, image_id)
        if os.path.exists(path):
            return False
        tmp = path + '.part'
        self._image_api.download(context, image_id, dest_path=tmp)
        os.replace(tmp, path)
        LOG.info('cached image %s (%d bytes)', image_id,
                 os.path.getsize(path))
        return True

    def _base_bytes(self, context, instance):
        limit = CONF.desktop_lab.max_snapshot_base_mb * 1024 * 1024
        cached = os.path.join(self._cache_dir, instance.image_ref or '-')
        if os.path.exists(cached) and os.path.getsize(cached) <= limit:
            with open(cached, 'rb') as f:
                return f.read()
        if not instance.image_ref:
            return b''
        buf = io.BytesIO()
        for chunk in self._image_api.download(context, instance.image_ref):
            buf.write(chunk)
            if buf.tell() > limit:
                return b''
        return buf.getvalue()

    def snapshot(self, context, instance, image_id, update_task_state):
        if instance.uuid not in self.instances:
            raise exception.InstanceNotRunning(instance_id=instance.uuid)
        super().snapshot(context, instance, image_id, update_task_state)
        base = self._base_bytes(context, instance)
        user_data = (instance.user_data or '').encode()
        header = json.dumps({
            'server': instance.uuid, 'base_image': instance.image_ref,
            'base_sha256': hashlib.sha256(base).hexdigest(),
            'user_data_sha256': hashlib.sha256(user_data).hexdigest(),
        }, sort_keys=True).encode()
        data = MAGIC + header + b'\n' + base + user_data
        meta = self._image_api.get(context, image_id)
        meta.setdefault('disk_format', 'raw')
        meta.setdefault('container_format', 'bare')
        if not meta.get('disk_format'):
            meta['disk_format'] = 'raw'
        if not meta.get('container_format'):
            meta['container_format'] = 'bare'
        self._image_api.update(context, image_id, meta, io.BytesIO(data),
                               purge_props=False)
        LOG.info('snapshot of %s uploaded to image %s (%d bytes)',
                 instance.uuid, image_id, len(data))
