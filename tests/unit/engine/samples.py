"""Payloads the sites send, and rows the REST API writes."""

import uuid

from central_cloud.engine import times

AT = '2026-05-20T12:00:00Z'


def host(name, used=8):
    inventory = {'total': 64, 'used': used, 'reserved': 0,
                 'allocation_ratio': 4.0}
    return {'name': name, 'state': 'up', 'instances': 3,
            'resources': {'VCPU': inventory,
                          'MEMORY_MB': dict(inventory, total=262144),
                          'DISK_GB': dict(inventory, total=2000)}}


def report(site='SiteA', seq=1, hosts=2, at=AT):
    return {'site': site, 'seq': seq, 'sent_at': at, 'interval': 60,
            'hosts': [host('compute-%d' % n) for n in range(hosts)],
            'alarms': {'critical': 0, 'major': 1}}


def alarm(site='SiteA', state='raised', at=AT, key='host-down:compute-1'):
    return {'site': site, 'key': key, 'severity': 'major',
            'kind': 'host_down', 'state': state,
            'message': 'compute-1 stopped reporting', 'at': at,
            'entity': 'compute-1'}


def item(seq, kind, payload, at=AT):
    return {'seq': seq, 'kind': kind, 'created_at': at, 'payload': payload}


def create_desktop(db, site='SiteA', name='desk-1'):
    """A desktop and its pending create command, as the REST API writes."""
    desktop_id = str(uuid.uuid4())
    db.create_desktop({'id': desktop_id, 'site': site, 'project_id': 'p1',
                       'owner': 'alice', 'name': name,
                       'template_type': 'office', 'flavor': 'm1.desktop',
                       'state': 'building'})
    command = db.create_command(
        site, 'create', desktop_id=desktop_id,
        payload={'name': name, 'flavor': 'm1.desktop',
                 'template_type': 'office',
                 'metadata': {'desktop_id': desktop_id}})
    return db.get_desktop(desktop_id), command


def server_command(db, desktop, action):
    return db.queue_server_command(desktop.id, action)


def wire(when):
    return times.wire(when)
