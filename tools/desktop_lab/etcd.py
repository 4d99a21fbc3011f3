"""etcd on loopback: the coordination backend of central's engines.

One etcd member (Debian's ``etcd-server``) with its data in the lab's
data directory, client port ``base+9`` and peer port ``base+10``, both on
127.0.0.1. Central's engines join their hash ring through tooz's
``etcd3+http://`` driver (``backend_url``), so the lab tests the backend
that engines on several machines use.
"""

import os
import shutil

from desktop_lab.errors import LabError
from desktop_lab import layout as layout_mod
from desktop_lab import procs

SERVICE = 'etcd'
# Seconds an engine that stopped heartbeating stays on the ring: a killed
# engine's share moves to the others within this (plus a heartbeat).
MEMBERSHIP_TIMEOUT = 3


def binary():
    path = shutil.which('etcd') or '/usr/bin/etcd'
    if not os.access(path, os.X_OK):
        raise LabError('etcd is missing; run "tools/lab up" as root so it '
                       'can install the etcd-server package')
    return path


def client_url(lay):
    return 'http://%s:%d' % (layout_mod.HOST, lay.etcd_port)


def backend_url(lay):
    """The tooz URL of the lab's etcd for ``[coordination] backend_url``."""
    return 'etcd3+http://%s:%d?membership_timeout=%d' % (
        layout_mod.HOST, lay.etcd_port, MEMBERSHIP_TIMEOUT)


def start(lab):
    lay = lab.layout
    data = lay.data_dir('etcd')
    os.makedirs(data, mode=0o700, exist_ok=True)
    peer = 'http://%s:%d' % (layout_mod.HOST, lay.etcd_peer_port)
    client = client_url(lay)
    argv = [binary(), '--name', 'lab', '--data-dir', data,
            '--listen-client-urls', client,
            '--advertise-client-urls', client,
            '--listen-peer-urls', peer,
            '--initial-advertise-peer-urls', peer,
            '--initial-cluster', 'lab=' + peer,
            '--initial-cluster-state', 'new',
            '--enable-v2=false', '--log-level', 'warn']
    pid, _ = lab.start(SERVICE, argv, port=lay.etcd_port)
    procs.wait_http(client + '/health', pid, lay.log(SERVICE), SERVICE,
                    timeout=60)
