"""The demo: desktops created from central at two sites, then monitoring.

It also boots one server straight into a site's Nova, so the time from
"create" at central to ACTIVE can be read against a direct boot.
"""

import time

from keystoneauth1 import adapter

from desktop_lab import catalog
from desktop_lab.errors import LabError
from desktop_lab import federation
from desktop_lab import images
from desktop_lab import lifecycle

WAIT = 300


def _central(lay):
    conn = catalog.admin_connection(lay)
    return adapter.Adapter(session=conn.session,
                           service_type='desktop-federation',
                           interface='public',
                           region_name=lay.regions[0]['name'])


def _direct_boot(lay, region):
    conn = catalog.admin_connection(lay, region)
    image = images.ensure_tiny_image(conn)
    flavor = conn.compute.find_flavor('desktop.small', ignore_missing=False)
    t = time.monotonic()
    server = conn.compute.create_server(
        name='lab-direct-boot', image_id=image.id, flavor_id=flavor.id,
        networks='none')
    server = conn.compute.wait_for_server(server, wait=WAIT)
    took = time.monotonic() - t
    conn.compute.delete_server(server)
    conn.compute.wait_for_delete(server, wait=WAIT)
    return took


def _create(api, site, count):
    resp = api.post('/v1/desktops', raise_exc=False, json={
        'home_site': site, 'template_type': lifecycle.DEMO_TEMPLATE,
        'flavor': 'desktop.small', 'count': count,
        'name': 'demo-%s' % site.lower(), 'owner': 'demo'})
    if resp.status_code != 202:
        raise LabError('central refused the desktops for %s: %s %s'
                       % (site, resp.status_code, resp.text[:300]))
    return [d['id'] for d in resp.json()['desktops']]


def _wait_active(api, ids):
    deadline = time.monotonic() + WAIT
    pending = set(ids)
    while pending and time.monotonic() < deadline:
        for desktop_id in sorted(pending):
            body = api.get('/v1/desktops/%s' % desktop_id).json()['desktop']
            if body['state'] == 'active':
                pending.discard(desktop_id)
            elif body['state'] == 'error':
                raise LabError('desktop %s failed; see "GET /v1/commands'
                               '?desktop=%s"' % (desktop_id, desktop_id))
        time.sleep(0.5)
    if pending:
        raise LabError('desktops %s did not become active within %d s'
                       % (', '.join(sorted(pending)), WAIT))


def _print_monitoring(api):
    sites = api.get('/v1/monitoring').json()['sites']
    print('\n%-8s %-8s %-5s %-6s %-10s %-13s %s'
          % ('SITE', 'STATE', 'SEQ', 'HOSTS', 'VCPU used', 'RAM used MiB',
             'TEMPLATES'))
    for site in sites:
        report = site.get('report') or {}
        res = report.get('resources') or {}
        vcpu, ram = res.get('VCPU') or {}, res.get('MEMORY_MB') or {}
        print('%-8s %-8s %-5s %-6s %-10s %-13s %s' % (
            site['name'], site.get('availability'), report.get('seq', '-'),
            '%s/%s' % ((report.get('hosts') or {}).get('up', '-'),
                       (report.get('hosts') or {}).get('total', '-')),
            '%s/%s' % (vcpu.get('used', '-'), vcpu.get('total', '-')),
            '%s/%s' % (ram.get('used', '-'), ram.get('total', '-')),
            ', '.join(report.get('templates') or []) or '-'))


def _delete(api, ids):
    for desktop_id in ids:
        api.delete('/v1/desktops/%s' % desktop_id, raise_exc=False)
    deadline = time.monotonic() + WAIT
    while ids and time.monotonic() < deadline:
        ids = [i for i in ids if api.get('/v1/desktops/%s' % i,
                                         raise_exc=False).status_code != 404]
        time.sleep(0.5)
    if ids:
        raise LabError('desktops %s were not deleted within %d s'
                       % (', '.join(ids), WAIT))


def run(lay):
    sites = [r['name'] for r in lay.regions if not r['shared_pool']][:2]
    api = _central(lay)
    resp = api.post('/v1/templates', raise_exc=False,
                    json={'type_name': lifecycle.DEMO_TEMPLATE,
                          'os': 'lab'})
    if resp.status_code not in (201, 409):
        raise LabError('central refused the template: %s %s'
                       % (resp.status_code, resp.text[:300]))
    direct = _direct_boot(lay, sites[0])
    print('[demo] direct openstacksdk boot in %s: ACTIVE in %.1f s'
          % (sites[0], direct))
    created = []
    for site in sites:
        t = time.monotonic()
        ids = _create(api, site, 2)
        created += ids
        _wait_active(api, ids)
        print('[demo] 2 desktops created from central at %s: ACTIVE in '
              '%.1f s (%s)' % (site, time.monotonic() - t, ', '.join(ids)))
    # Let every site send a report that shows the new desktops.
    time.sleep(federation.REPORT_INTERVAL + 2)
    _print_monitoring(api)
    _delete(api, created)
    print('\n[demo] the demo desktops are deleted again')
    return 0
