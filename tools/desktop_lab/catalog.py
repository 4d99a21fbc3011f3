"""The Keystone catalog, users and projects of the lab, via openstacksdk.

One script instead of the CLI: a few seconds instead of minutes.
"""

import openstack

from desktop_lab import clouds
from desktop_lab import layout as layout_mod

SERVICES = [
    # (name, type, service key in Layout.port, path)
    ('glance', 'image', 'glance', ''),
    ('placement', 'placement', 'placement', ''),
    ('neutron', 'network', 'neutron', ''),
    ('nova', 'compute', 'nova-api', '/v2.1'),
]
# Bump when ensure() learns something new, so running labs re-run it.
VERSION = 2
SERVICE_USERS = ('glance', 'placement', 'neutron', 'nova', 'desktop')
# The central service lives in the first region (the shared pool's).
CENTRAL_SERVICE = ('desktop-federation', 'desktop-federation')


def admin_connection(lay, region=None):
    return openstack.connect(
        **clouds.admin_auth(lay), region_name=region or lay.regions[0]['name'])


def _region(conn, reg):
    body = {'description': 'desktop lab region %s' % reg['name'],
            'latitude': reg['latitude'], 'longitude': reg['longitude'],
            'shared_pool': reg['shared_pool']}
    resp = conn.identity.get('/regions/%s' % reg['name'])
    if resp.status_code == 404:
        body['id'] = reg['name']
        resp = conn.identity.post('/regions', json={'region': body})
        resp.raise_for_status()
    else:
        conn.identity.patch('/regions/%s' % reg['name'],
                            json={'region': body}).raise_for_status()


def _service(conn, name, stype):
    for svc in conn.identity.services():
        if svc.name == name and svc.type == stype:
            return svc
    return conn.identity.create_service(name=name, type=stype, enabled=True)


def _endpoints(conn, svc, region, url):
    have = {(ep.interface, ep.region_id): ep
            for ep in conn.identity.endpoints(service_id=svc.id)}
    for interface in ('public', 'internal'):
        ep = have.get((interface, region))
        if ep is None:
            conn.identity.create_endpoint(service_id=svc.id,
                                          interface=interface,
                                          region_id=region, url=url)
        elif ep.url != url:
            conn.identity.update_endpoint(ep, url=url)


def _project(conn, name):
    proj = conn.identity.find_project(name, domain_id='default')
    return proj or conn.identity.create_project(
        name=name, domain_id='default', description='desktop lab')


def _role(conn, name):
    return (conn.identity.find_role(name) or
            conn.identity.create_role(name=name))


def _user(conn, name, project, roles):
    user = conn.identity.find_user(name, domain_id='default')
    if user is None:
        user = conn.identity.create_user(
            name=name, password=layout_mod.PASSWORD, domain_id='default',
            default_project_id=project.id)
    for role in roles:
        conn.identity.assign_project_role_to_user(project, user, role)
    return user


def ensure(lay):
    conn = admin_connection(lay)
    for reg in lay.regions:
        _region(conn, reg)
    keystone = _service(conn, 'keystone', 'identity')
    for reg in lay.regions:
        _endpoints(conn, keystone, reg['name'], lay.keystone_url)
        for name, stype, key, path in SERVICES:
            url = 'http://%s:%d%s' % (layout_mod.HOST,
                                      lay.port(reg['name'], key), path)
            _endpoints(conn, _service(conn, name, stype), reg['name'], url)
    central = _service(conn, *CENTRAL_SERVICE)
    _endpoints(conn, central, lay.regions[0]['name'],
               'http://%s:%d' % (layout_mod.HOST, lay.central_api_port))
    admin, member, reader = (_role(conn, n)
                             for n in ('admin', 'member', 'reader'))
    service_role = _role(conn, 'service')
    service = _project(conn, 'service')
    for name in SERVICE_USERS:
        _user(conn, name, service, [admin, service_role])
    demo = _project(conn, 'demo')
    _user(conn, 'demo', demo, [member])
    _user(conn, 'reader', demo, [reader])
